import { useQuery } from '@tanstack/react-query';
import type { MailboxMessageContent } from '../../../m365/mailbox.ts';
import { mailboxKeys } from './mailbox-keys.ts';
import { useRequiredMailbox } from './use-mailbox.ts';

/** One message as the reading pane shows it: body, recipients and internet headers. */
export function useMessageContent(messageId: string) {
  const { mailbox, principal } = useRequiredMailbox();
  return useQuery<MailboxMessageContent>({
    queryKey: mailboxKeys.message(principal, messageId),
    queryFn: () => mailbox.getMessageContent(messageId),
    // A received message does not change; only the list does.
    staleTime: Infinity,
  });
}
