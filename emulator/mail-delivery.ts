/**
 * Exchange's timing for the copies of a sent message: nothing is instant.
 *
 * Graph's sendMail (and reply) answers 202 Accepted once the message is saved in the sender's
 * Drafts folder; "A 202 Accepted response code indicates that the request has been accepted;
 * however, it does not indicate that the request processing has completed. Delivery of the
 * message is subject to Exchange Online limitations and throttling"
 * (https://learn.microsoft.com/en-us/graph/api/user-sendmail). Transport then takes the message,
 * moves the original from Drafts to Sent Items and delivers it: "Most of the steps (steps 2 to 7)
 * take place after the method response is returned"
 * (https://learn.microsoft.com/en-us/graph/outlook-things-to-know-about-send-mail).
 *
 * So here: the sender's copy is in Drafts (`isDraft: true`) from the 202 on, and leaves it for
 * Sent Items (or is deleted, without `saveToSentItems`) at its `visibleAt`; each recipient's copy
 * appears in their Inbox at its own `visibleAt`. The times come from mail-limits.ts: release
 * (after any queueing over the per-minute rate) plus `sentItemsDelayMs` / `inboxDelayMs` plus
 * jitter. Due steps are carried out before every mail request (`releaseDueMail`), so a reader
 * sees exactly what the emulator's clock allows. The steps are part of the persisted state.
 *
 * Mail to channels, to other domains and to unknown addresses is recorded at acceptance, not
 * delayed (the emulator's own records, and Teams' timing is not modelled).
 */
import type { EmulatorState } from './emulator-context.ts';
import type { MessageData, PendingDeliveryData } from './emulator-data.ts';

export interface ScheduledDelivery {
  /** When transport takes the message (ms), after any queueing. */
  readonly releaseAtMs: number;
  /** The sender's copy, stored in Drafts now. */
  readonly senderCopy: MessageData;
  /** Whether it goes to Sent Items (else it is deleted once sent). */
  readonly saveToSentItems: boolean;
  /** The recipients' copies, for their Inboxes. */
  readonly inboxCopies: readonly MessageData[];
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function wholeSeconds(ms: number): string {
  return iso(ms).replace(/\.\d{3}Z$/, 'Z');
}

/** Stores the sender's copy in Drafts and schedules the rest. */
export function scheduleDelivery(state: EmulatorState, delivery: ScheduledDelivery): void {
  const limits = state.mailLimits;
  const { sentItemsDelayMs, inboxDelayMs } = limits.settings();
  state.data.mail.messages.push({ ...delivery.senderCopy, folder: 'drafts', isRead: true });
  const pending: PendingDeliveryData[] = [
    {
      kind: 'sent-items',
      visibleAt: iso(delivery.releaseAtMs + sentItemsDelayMs + limits.jitter()),
      messageId: delivery.senderCopy.id,
      keep: delivery.saveToSentItems,
    },
    ...delivery.inboxCopies.map((message): PendingDeliveryData => ({
      kind: 'inbox',
      visibleAt: iso(delivery.releaseAtMs + inboxDelayMs + limits.jitter()),
      message,
    })),
  ];
  state.data.mail.pending.push(...pending);
}

/** Carries out every step due at `now` (oldest first); the rest stay pending. */
export function releaseDueMail(state: EmulatorState, now: Date): void {
  const mail = state.data.mail;
  if (mail.pending.length === 0) return;
  const nowMs = now.getTime();
  const due = mail.pending
    .filter((step) => Date.parse(step.visibleAt) <= nowMs)
    .sort((left, right) => Date.parse(left.visibleAt) - Date.parse(right.visibleAt));
  if (due.length === 0) return;
  mail.pending = mail.pending.filter((step) => Date.parse(step.visibleAt) > nowMs);
  for (const step of due) {
    const at = wholeSeconds(Date.parse(step.visibleAt));
    if (step.kind === 'inbox') {
      mail.messages.push({ ...step.message, receivedDateTime: at });
      continue;
    }
    const draft = mail.messages.find((message) => message.id === step.messageId);
    if (draft === undefined) continue;
    if (!step.keep) {
      mail.messages = mail.messages.filter((message) => message !== draft);
      continue;
    }
    draft.folder = 'sentitems';
    draft.receivedDateTime = at;
    draft.lastModifiedDateTime = at;
  }
}

/** Whether every accepted copy is in its mailbox (nothing pending). */
export function allMailDelivered(state: EmulatorState): boolean {
  return state.data.mail.pending.length === 0;
}
