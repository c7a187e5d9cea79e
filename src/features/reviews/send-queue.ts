/**
 * The durable send queue of a review round (issue 6): one e-mail per person,
 * paced under Exchange's limit, resumable, never two copies of one round.
 *
 * The queue is the ledger itself. For each person and round:
 *
 * 1. Claim: append the round's event (`campaign.mail-sent` or
 *    `campaign.reminded`) with an event id made from campaign, person and
 *    round, and this run's `dispatchId`, before sending. The events list's
 *    unique EventId column admits one claim per person and round: a second
 *    sender's claim (another `dispatchId`) is refused as a conflict, and that
 *    sender leaves the person alone. Claims go 10 to a `$batch`.
 * 2. Send with a `Message-ID` made from the same three ids.
 * 3. Resume: a claim of this run (the run id survives a closed tab in the
 *    browser) without its Message-ID in Sent Items is sent again; one in Sent
 *    Items is done. A claim of another run is left to it until it is
 *    `staleClaimMs` old, then treated as this run's, but only when it was sent
 *    from the mailbox this run reads (a shared mailbox, or the same person's):
 *    another person's own Sent Items cannot be checked, so their claims stay
 *    theirs.
 *
 * Pacing: one send every 60 s / `perMinute` (Exchange Online allows 30 a
 * minute per mailbox). A 429 waits its `Retry-After` and tries the same person
 * again (the mail was refused, not sent). An ambiguous failure (no answer,
 * 5xx) looks in Sent Items before trying again, so a mail that did go out is
 * not sent twice.
 */
import type { PersonRef } from '../../domain/person.ts';
import {
  roundEventId,
  roundMessageId,
  type ReviewMailReference,
  type ReviewRound,
} from '../../domain/review-rounds.ts';
import { toEnvelope, type LedgerEvent } from '../../domain/events.ts';
import type { CampaignMailbox } from '../../m365/campaign-mailbox.ts';
import { GraphError, isAmbiguousFailure } from '../../m365/errors.ts';
import type { EventEnvelope, Ledger } from '../../m365/ledger.ts';
import type { Mailer, OutgoingMail } from '../../m365/mailer.ts';
import type { SafeHtml } from '../../m365/safe-html.ts';

export interface RoundRecipient {
  readonly person: PersonRef;
  readonly address: string;
  readonly lineIds: readonly string[];
}

/** A claim already in the ledger for this round. */
export interface ExistingClaim {
  readonly dispatchId: string | null;
  readonly recordedAt: string;
  /** Who wrote the claim (SharePoint's author): whose mailbox it was sent from, unless shared. */
  readonly authorId: string;
  /** The Message-ID the claimed mail is sent with. */
  readonly messageId: string | null;
}

export interface SendQueueDeps {
  readonly ledger: Ledger;
  readonly mailer: Mailer;
  readonly sentItems: Pick<CampaignMailbox, 'sentMessageIds' | 'isInSentItems'>;
  readonly now: () => Date;
  /** Resolves after `ms`, or rejects with the signal's reason when aborted. */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Sends per minute; default 30 (Exchange Online's limit per mailbox). */
  readonly perMinute?: number;
  /** Claims per `$batch`; default 10. */
  readonly claimBatch?: number;
  /** After how long another run's unsent claim is taken over; default 10 minutes. */
  readonly staleClaimMs?: number;
  /** Shared mailbox to send from; default the signed-in user's own. */
  readonly fromMailbox?: string;
}

export interface RoundPlan {
  readonly campaignId: string;
  readonly round: ReviewRound;
  /** The domain of the Message-IDs (the sending mailbox's). */
  readonly domain: string;
  readonly recipients: readonly RoundRecipient[];
  /** Claims already recorded for this round, by person id. */
  readonly claims: ReadonlyMap<string, ExistingClaim>;
  /** Sent Items is read from this instant (the campaign's creation). */
  readonly sentSince: Date;
  /** This run's id: the same across reloads of one browser, so its claims are recognised. */
  readonly dispatchId: string;
  /** The signed-in sender. */
  readonly senderId: string;
  /**
   * Whether every sender uses one shared mailbox. If not, another person's claim was sent from
   * their own mailbox, whose Sent Items this run cannot see: it is never taken over.
   */
  readonly sharedMailbox: boolean;
  readonly compose: (recipient: RoundRecipient) => {
    subject: string;
    html: SafeHtml;
    attachments?: OutgoingMail['attachments'];
  };
  /**
   * Reminders: who is still due, asked again before each batch, so someone who
   * answers while the round runs is not reminded. Default: everyone planned.
   */
  readonly stillDue?: () => Promise<ReadonlySet<string>>;
}

export interface SendProgress {
  readonly total: number;
  /** Sent by this run, or found sent (in Sent Items) by it. */
  readonly sent: number;
  /** Claimed by another run that is still within its time. */
  readonly elsewhere: number;
  /** Reminders no longer due (they answered meanwhile). */
  readonly dropped: number;
  /**
   * Refused by Exchange for this recipient alone (400 or 404, e.g. a mailbox that no longer
   * exists): left out so the others are not held up, and named here. Their claim stays, so
   * running the round again tries them again.
   */
  readonly failed: readonly RoundFailure[];
  /** When sending waits for Exchange (Retry-After) or the pace: the next send's time. */
  readonly waitingUntil: string | null;
  readonly done: boolean;
}

export interface RoundFailure {
  readonly person: PersonRef;
  readonly address: string;
  /** Graph's error code, for systemansvarlig's diagnosis; no message text. */
  readonly code: string | null;
}

/** Refused for one recipient only: the rest of the round goes on. */
function isRecipientFailure(error: GraphError): boolean {
  return error.status === 400 || error.status === 404;
}

/** The run stopped after repeated failures; what was sent stays sent, running again resumes. */
export class SendPaused extends Error {
  constructor(
    readonly progress: SendProgress,
    cause: unknown,
  ) {
    super('Sending paused after repeated failures.', { cause });
    this.name = 'SendPaused';
  }
}

const MAX_ATTEMPTS = 6;
const DEFAULT_RETRY_AFTER_MS = 60_000;

function roundEvent(
  round: ReviewRound,
  recipient: RoundRecipient,
  messageId: string,
  dispatchId: string,
): LedgerEvent {
  return round === 'review'
    ? {
        type: 'campaign.mail-sent',
        payload: {
          personId: recipient.person.id,
          lineIds: [...recipient.lineIds],
          messageId,
          dispatchId,
        },
      }
    : {
        type: 'campaign.reminded',
        payload: { personId: recipient.person.id, messageId, dispatchId },
      };
}

export function reviewReference(
  plan: Pick<RoundPlan, 'campaignId' | 'round'>,
  personId: string,
): ReviewMailReference {
  return { kind: 'review', campaignId: plan.campaignId, personId, round: plan.round };
}

/** Runs one round to the end (or until aborted or paused). */
export async function sendRound(
  deps: SendQueueDeps,
  plan: RoundPlan,
  options: { onProgress?: (progress: SendProgress) => void; signal?: AbortSignal } = {},
): Promise<SendProgress> {
  const { ledger, mailer, sentItems, now, sleep } = deps;
  const { signal } = options;
  const intervalMs = 60_000 / (deps.perMinute ?? 30);
  const claimBatch = deps.claimBatch ?? 10;
  const staleClaimMs = deps.staleClaimMs ?? 10 * 60_000;
  let sent = 0;
  let elsewhere = 0;
  let dropped = 0;
  const failed: RoundFailure[] = [];
  let waitingUntil: string | null = null;
  let nextSendAt = 0;
  const total = plan.recipients.length;

  const report = (done = false): SendProgress => {
    const progress = { total, sent, elsewhere, dropped, failed: [...failed], waitingUntil, done };
    options.onProgress?.(progress);
    return progress;
  };
  const messageIdOf = (recipient: RoundRecipient) =>
    roundMessageId(plan.campaignId, recipient.person.id, plan.round, plan.domain);

  const alreadySent = await sentItems.sentMessageIds(plan.sentSince);

  // Who needs what: a claim and a send, a send only, or nothing.
  const toClaim: RoundRecipient[] = [];
  const toSend: RoundRecipient[] = [];
  for (const recipient of plan.recipients) {
    const claim = plan.claims.get(recipient.person.id);
    if (claim === undefined) {
      toClaim.push(recipient);
      continue;
    }
    if (alreadySent.has(messageIdOf(recipient))) {
      sent += 1;
      continue;
    }
    // Only a claim sent from the mailbox this run reads can be checked against Sent Items.
    const verifiable = plan.sharedMailbox || claim.authorId === plan.senderId;
    const age = now().getTime() - Date.parse(claim.recordedAt);
    if (verifiable && (claim.dispatchId === plan.dispatchId || age >= staleClaimMs)) {
      toSend.push(recipient);
    } else {
      elsewhere += 1;
    }
  }
  report();

  async function wait(ms: number): Promise<void> {
    if (ms <= 0) return;
    waitingUntil = new Date(now().getTime() + ms).toISOString();
    report();
    await sleep(ms, signal);
    waitingUntil = null;
  }

  /** Appends the claims; returns those that are ours (another run's claim is a conflict). */
  async function claim(batch: readonly RoundRecipient[]): Promise<RoundRecipient[]> {
    const envelopes = new Map<RoundRecipient, EventEnvelope>();
    for (const recipient of batch) {
      envelopes.set(
        recipient,
        toEnvelope(roundEvent(plan.round, recipient, messageIdOf(recipient), plan.dispatchId), {
          eventId: roundEventId(plan.campaignId, recipient.person.id, plan.round),
          streamId: plan.campaignId,
          occurredAt: now(),
        }),
      );
    }
    try {
      await ledger.appendMany([...envelopes.values()]);
      return [...batch];
    } catch (error) {
      if (!(error instanceof GraphError) || error.kind !== 'conflict') throw error;
    }
    // One of them is someone else's: claim one by one to learn which.
    const ours: RoundRecipient[] = [];
    for (const [recipient, envelope] of envelopes) {
      try {
        await ledger.append(envelope);
        ours.push(recipient);
      } catch (error) {
        if (error instanceof GraphError && error.kind === 'conflict') elsewhere += 1;
        else throw error;
      }
    }
    return ours;
  }

  /** Sends one mail; false when Exchange refused it for this recipient alone. */
  async function send(recipient: RoundRecipient): Promise<boolean> {
    const internetMessageId = messageIdOf(recipient);
    const { subject, html, attachments } = plan.compose(recipient);
    for (let attempt = 1; ; attempt += 1) {
      signal?.throwIfAborted();
      await wait(nextSendAt - now().getTime());
      nextSendAt = now().getTime() + intervalMs;
      try {
        await mailer.sendMail({
          to: [recipient.address],
          subject,
          html,
          reference: reviewReference(plan, recipient.person.id),
          internetMessageId,
          ...(attachments === undefined ? {} : { attachments }),
          ...(deps.fromMailbox === undefined ? {} : { fromMailbox: deps.fromMailbox }),
        });
        return true;
      } catch (error) {
        if (!(error instanceof GraphError)) throw error;
        if (isRecipientFailure(error)) {
          failed.push({
            person: recipient.person,
            address: recipient.address,
            code: error.code ?? null,
          });
          return false;
        }
        if (attempt >= MAX_ATTEMPTS) throw new SendPaused(report(), error);
        if (error.kind === 'throttled') {
          // Refused, not sent: wait as Exchange asks and send the same mail again.
          await wait(error.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS);
          continue;
        }
        if (!isAmbiguousFailure(error)) throw new SendPaused(report(), error);
        await wait(Math.min(60_000, 2_000 * 2 ** (attempt - 1)));
        if (await sentItems.isInSentItems(internetMessageId)) return true;
      }
    }
  }

  async function sendAll(recipients: readonly RoundRecipient[]): Promise<void> {
    for (const recipient of recipients) {
      if (await send(recipient)) sent += 1;
      report();
    }
  }

  // Unfinished claims of this run first (a resumed run), then the rest in claimed batches.
  await sendAll(await filterDue(toSend));
  for (let start = 0; start < toClaim.length; start += claimBatch) {
    signal?.throwIfAborted();
    const due = await filterDue(toClaim.slice(start, start + claimBatch));
    if (due.length === 0) continue;
    await sendAll(await claim(due));
  }
  return report(true);

  async function filterDue(batch: readonly RoundRecipient[]): Promise<RoundRecipient[]> {
    if (plan.stillDue === undefined || batch.length === 0) return [...batch];
    const due = await plan.stillDue();
    const kept = batch.filter((recipient) => due.has(recipient.person.id));
    dropped += batch.length - kept.length;
    return kept;
  }
}
