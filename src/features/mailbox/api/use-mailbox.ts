import type { Mailbox } from '../../../m365/mailbox.ts';
import { useServices } from '../../services/services.tsx';

/**
 * The signed-in user's mailbox and the principal its cached answers belong
 * to; `mailbox` is null when the page composed none (the view says so).
 */
export function useMailbox(): { mailbox: Mailbox | null; principal: string } {
  const { mailbox, principal } = useServices();
  return { mailbox: mailbox ?? null, principal };
}

/** The mailbox, for hooks used only below the view's "no mailbox" check. */
export function useRequiredMailbox(): { mailbox: Mailbox; principal: string } {
  const { mailbox, principal } = useMailbox();
  if (mailbox === null) throw new Error('The mailbox view needs a mailbox in <ServicesProvider>');
  return { mailbox, principal };
}
