import { useQuery } from '@tanstack/react-query';
import type { MailboxMessage } from '../../../m365/mailbox.ts';
import { mailboxKeys } from './mailbox-keys.ts';
import { useRequiredMailbox } from './use-mailbox.ts';

/** How many of the newest messages the Inbox shows. */
export const inboxSize = 50;

/** The newest messages of the Inbox, newest first. */
export function useInbox() {
  const { mailbox, principal } = useRequiredMailbox();
  return useQuery<MailboxMessage[]>({
    queryKey: mailboxKeys.inbox(principal),
    queryFn: () => mailbox.listInbox({ top: inboxSize }),
  });
}
