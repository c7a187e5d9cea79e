import { useMutation, useQueryClient } from '@tanstack/react-query';
import { mailboxKeys } from './mailbox-keys.ts';
import { useRequiredMailbox } from './use-mailbox.ts';

export interface ReplyVariables {
  messageId: string;
  /** Plain text; Graph quotes the original below it. */
  comment: string;
}

/**
 * Replies to a message (people answer review e-mails by a plain "JA"/"NEI"
 * too). Never retried: a reply that may have gone must not go twice.
 */
export function useReplyToMessage() {
  const { mailbox, principal } = useRequiredMailbox();
  const queryClient = useQueryClient();
  return useMutation<void, Error, ReplyVariables>({
    mutationFn: ({ messageId, comment }) => mailbox.reply(messageId, comment),
    // A reply to oneself, or to a group one is in, lands in the Inbox too.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mailboxKeys.inbox(principal) }),
  });
}
