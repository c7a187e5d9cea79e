/**
 * Exchange Online's sending limit and delivery timing, as the emulator applies them to `sendMail`
 * and `reply`.
 *
 * - **Rate.** At most N messages a minute per sending mailbox: Exchange Online's "message rate
 *   limit" is 30 messages per minute ("Exchange Online limits", Sending limits,
 *   https://learn.microsoft.com/en-us/office365/servicedescriptions/exchange-online-service-description/exchange-online-limits#sending-limits-1;
 *   `/work/shared/ARCHITECTURE.md` §5). Modelled as a sliding 60-second window on the emulator's
 *   clock (`now` of `createGraphEmulator`) over the times sends were handed to transport.
 * - **Over the rate** Exchange does not refuse the message: it holds it and sends it later
 *   (Outlook keeps such mail in the Outbox longer, "MessageRateLimit ... the messages will stay
 *   in the Outbox longer when the user submits messages at a rate greater than" it, Exchange
 *   throttling policies, https://learn.microsoft.com/en-us/exchange/mail-flow/message-rate-limits;
 *   Graph: "Delivery of the message is subject to Exchange Online limitations and throttling",
 *   https://learn.microsoft.com/en-us/graph/api/user-sendmail). `overLimit: 'queue'` (default)
 *   answers 202 and releases the message at the first free slot; `'throttle'` refuses it with
 *   429 and `Retry-After` as before (and fault injection can still give any sendMail a 429).
 * - **Delay.** sendMail answers 202 once the message is saved in the sender's Drafts; transport
 *   then copies it out, moves the original to Sent Items and delivers it, all after the answer
 *   ("Most of the steps (steps 2 to 7) take place after the method response is returned",
 *   https://learn.microsoft.com/en-us/graph/outlook-things-to-know-about-send-mail). The
 *   emulator puts the Sent Items copy `sentItemsDelayMs` and the recipients' copies
 *   `inboxDelayMs` after release, each plus up to `jitterMs` (seeded, so a test can repeat it).
 *
 * Run-time settings, like faults: `emulator.mailLimits`, `GET/PUT/DELETE /_emulator/mail-limits`.
 */
import { z } from 'zod';

/** Exchange Online: 30 messages per minute per mailbox. */
export const EXCHANGE_MESSAGES_PER_MINUTE = 30;
export const SUBMISSION_WINDOW_MS = 60_000;
/**
 * "A few seconds": the time Exchange usually takes to file the Sent Items copy and deliver inside
 * the tenant. Not a documented figure (Microsoft documents the steps, not their duration).
 */
export const DEFAULT_SENT_ITEMS_DELAY_MS = 3_000;
export const DEFAULT_INBOX_DELAY_MS = 5_000;
/**
 * No delay: for tests about what a message looks like rather than when it arrives (shapes,
 * headers, attachments), so they read a mailbox right after sending. Tests about sending and its
 * timing keep the defaults.
 */
export const INSTANT_DELIVERY = { sentItemsDelayMs: 0, inboxDelayMs: 0 } as const;
/** Tests may ask for delays of hours; more is refused as a typo. */
const MAX_DELAY_MS = 24 * 60 * 60_000;

const delay = z.number().int().min(0).max(MAX_DELAY_MS);

export const mailLimitsSchema = z.strictObject({
  /** Messages one mailbox may submit in any 60 seconds; `null`: no limit. */
  messagesPerMinute: z.number().int().min(1).max(100_000).nullable(),
  /** Over the rate: hold the message and send it later (Exchange), or refuse it with 429. */
  overLimit: z.enum(['queue', 'throttle']),
  /** From release to the sender's copy leaving Drafts for Sent Items. */
  sentItemsDelayMs: delay,
  /** From release to the copies in the recipients' Inboxes. */
  inboxDelayMs: delay,
  /** Each copy's delay gets a further 0 … jitterMs, drawn from `seed`. */
  jitterMs: delay,
  seed: z.number().int(),
});

/** What `configure` and `PUT /_emulator/mail-limits` take: any of the settings. */
export const mailLimitsInputSchema = mailLimitsSchema
  .partial()
  .refine((input) => Object.keys(input).length > 0, 'Give at least one setting.');

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
  /** The next extra delay, 0 … jitterMs (a seeded sequence; restarts on configure). */
  jitter(): number;
}

/** mulberry32: small, seeded, good enough to spread delays. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function createMailLimits(initial: MailLimitsInput = {}): MailLimitsController {
  const defaults = mailLimitsSchema.parse({
    messagesPerMinute: EXCHANGE_MESSAGES_PER_MINUTE,
    overLimit: 'queue',
    sentItemsDelayMs: DEFAULT_SENT_ITEMS_DELAY_MS,
    inboxDelayMs: DEFAULT_INBOX_DELAY_MS,
    jitterMs: 0,
    seed: 1,
    ...initial,
  });
  let current = defaults;
  let random = seededRandom(current.seed);
  const set = (next: MailLimits) => {
    current = next;
    random = seededRandom(current.seed);
    return current;
  };
  return {
    settings: () => current,
    defaults: () => defaults,
    configure: (input) => set(mailLimitsSchema.parse({ ...current, ...input })),
    restoreDefaults: () => set(defaults),
    jitter: () => (current.jitterMs === 0 ? 0 : Math.floor(random() * (current.jitterMs + 1))),
  };
}

/** What the window needs of an accepted send. */
export interface Submission {
  readonly senderId: string;
  /** ISO date-time with milliseconds. */
  readonly submittedAt: string;
  /** When it was handed to transport (after any queueing); default `submittedAt`. */
  readonly releasedAt?: string | undefined;
}

function releasedAt(submission: Submission): number {
  return Date.parse(submission.releasedAt ?? submission.submittedAt);
}

/** The releases of `senderId` after `fromMs` - 60 s (queued ones may be later), oldest first. */
function recentReleases(
  submissions: readonly Submission[],
  senderId: string,
  fromMs: number,
): number[] {
  const times: number[] = [];
  // Newest first. The log is in acceptance order and one sender's releases only grow along it,
  // so stop at the first of theirs released before the window (a clock set back by a test may
  // leave later ones "in the future": they count).
  for (let index = submissions.length - 1; index >= 0; index -= 1) {
    const submission = submissions[index];
    if (submission === undefined || submission.senderId !== senderId) continue;
    const at = releasedAt(submission);
    if (at <= fromMs - SUBMISSION_WINDOW_MS) break;
    times.push(at);
  }
  return times.sort((left, right) => left - right);
}

/**
 * When a send by `senderId` accepted at `nowMs` is handed to transport: `nowMs` when the mailbox
 * is within `limit`, else the first instant at which it has fewer than `limit` releases in the
 * 60 seconds before (mail waits its turn behind the mailbox's queued mail).
 */
export function submissionReleaseAt(
  submissions: readonly Submission[],
  senderId: string,
  nowMs: number,
  limit: number | null,
): number {
  if (limit === null) return nowMs;
  const times = recentReleases(submissions, senderId, nowMs);
  const last = times.at(-1) ?? nowMs;
  // With the releases r1 ≤ … ≤ rn, a new one at t needs r(n-limit+1) ≤ t - 60 s.
  const blocking = times[times.length - limit];
  const earliest = blocking === undefined ? nowMs : blocking + SUBMISSION_WINDOW_MS;
  return Math.max(nowMs, last, earliest);
}

/**
 * Whole seconds until `senderId` may submit again (at least 1), or null when a submission at
 * `nowMs` is within `limit` (the `overLimit: 'throttle'` answer).
 */
export function submissionRetryAfter(
  submissions: readonly Submission[],
  senderId: string,
  nowMs: number,
  limit: number | null,
): number | null {
  const release = submissionReleaseAt(submissions, senderId, nowMs, limit);
  if (release <= nowMs) return null;
  return Math.max(1, Math.ceil((release - nowMs) / 1000));
}
