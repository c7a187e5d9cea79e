/**
 * Exchange Online's sending limit, as the emulator applies it to `sendMail` and `reply`: at most
 * N messages a minute per sending mailbox. Exchange Online's "message rate limit" is 30 messages
 * per minute per mailbox ("Exchange Online limits", Sending limits, in the Exchange Online
 * service description; `/work/shared/ARCHITECTURE.md` §5), whatever client or API submits them.
 *
 * Modelled as a sliding 60-second window on the emulator's clock (`now` of `createGraphEmulator`),
 * counted over the sends the emulator accepted (the sent log, `EmulatorData.mail.sent`). A send
 * over the limit is refused with 429 and `Retry-After` and is not delivered. Exchange itself is
 * less crisp (Outlook keeps such mail in the Outbox; Graph answers 429 with Retry-After), but a
 * client written for the 429 copes with both. The limit is a run-time setting, like faults:
 * `emulator.mailLimits`, `GET/PUT/DELETE /_emulator/mail-limits`; `null` switches it off.
 */
import { z } from 'zod';

/** Exchange Online: 30 messages per minute per mailbox. */
export const EXCHANGE_MESSAGES_PER_MINUTE = 30;
export const SUBMISSION_WINDOW_MS = 60_000;

export const mailLimitsSchema = z.strictObject({
  /** Messages one mailbox may submit in any 60 seconds; `null`: no limit. */
  messagesPerMinute: z.number().int().min(1).max(100_000).nullable(),
});

export type MailLimits = z.output<typeof mailLimitsSchema>;
export type MailLimitsInput = Partial<MailLimits>;

export interface MailLimitsController {
  settings(): MailLimits;
  /** The settings the emulator was created with (`options.mailLimits`, else Exchange's). */
  defaults(): MailLimits;
  /** Changes the given settings (validated; throws a ZodError on bad input). */
  configure(input: MailLimitsInput): MailLimits;
  /** Back to `defaults()`. */
  restoreDefaults(): MailLimits;
}

export function createMailLimits(initial: MailLimitsInput = {}): MailLimitsController {
  const defaults = mailLimitsSchema.parse({
    messagesPerMinute: EXCHANGE_MESSAGES_PER_MINUTE,
    ...initial,
  });
  let current = defaults;
  return {
    settings: () => current,
    defaults: () => defaults,
    configure(input) {
      current = mailLimitsSchema.parse({ ...current, ...input });
      return current;
    },
    restoreDefaults() {
      current = defaults;
      return current;
    },
  };
}

/** What the window needs of an accepted send. */
export interface Submission {
  readonly senderId: string;
  /** ISO date-time with milliseconds. */
  readonly submittedAt: string;
}

/**
 * Whole seconds until `senderId` may submit again (at least 1), or null when a submission at
 * `nowMs` is within `limit`. `submissions` are in the order they were accepted.
 */
export function submissionRetryAfter(
  submissions: readonly Submission[],
  senderId: string,
  nowMs: number,
  limit: number | null,
): number | null {
  if (limit === null) return null;
  const windowStart = nowMs - SUBMISSION_WINDOW_MS;
  const inWindow: number[] = [];
  // Newest first; the log is in acceptance order, so stop at the first send older than the
  // window (a clock set back by a test may leave later ones "in the future": they count).
  for (let index = submissions.length - 1; index >= 0; index -= 1) {
    const submission = submissions[index];
    if (submission === undefined) continue;
    const at = Date.parse(submission.submittedAt);
    if (at <= windowStart) break;
    if (submission.senderId === senderId) inWindow.push(at);
  }
  if (inWindow.length < limit) return null;
  // Oldest first: the send whose expiry brings the count below the limit frees the slot.
  inWindow.sort((left, right) => left - right);
  const freeing = inWindow[inWindow.length - limit] ?? nowMs;
  return Math.max(1, Math.ceil((freeing + SUBMISSION_WINDOW_MS - nowMs) / 1000));
}
