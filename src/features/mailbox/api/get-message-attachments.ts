import { useQuery } from '@tanstack/react-query';
import type { MailAttachmentSummary } from '../../../m365/mailbox.ts';
import { mailboxKeys } from './mailbox-keys.ts';
import { useRequiredMailbox } from './use-mailbox.ts';

/**
 * The attachment list of an open message (names and sizes, no content). Asked for only when
 * Graph says the message has attachments (`hasAttachments`).
 */
export function useMessageAttachments(messageId: string, hasAttachments: boolean) {
  const { mailbox, principal } = useRequiredMailbox();
  return useQuery<MailAttachmentSummary[]>({
    queryKey: [...mailboxKeys.message(principal, messageId), 'attachments'],
    queryFn: () => mailbox.listAttachments(messageId),
    enabled: hasAttachments,
    // A received message's attachments do not change.
    staleTime: Infinity,
  });
}
