/**
 * The durable send queue of a review round (issues 6 and 13): one e-mail per
 * person, paced under Exchange's limit, resumable, and never two copies of one
 * round, however late Exchange files its copies (decision 012).
 *
 * The queue is the ledger itself. For each person and round:
 *
 * 1. Claim (the idempotency record, written before sending): append the
 *    round's event (`campaign.mail-sent` or `campaign.reminded`) with an event
 *    id made from campaign, person and round, and this run's `dispatchId`. The
 *    events list's unique EventId column admits one claim per person and
 *    round: a second sender's claim is refused as a conflict, and that sender
 *    leaves the person alone. Claims go 10 to a `$batch`.
 * 2. Send with a `Message-ID` made from the same three ids.
 * 3. Proof: Exchange saves the message in the sender's Drafts before it
 *    answers 202, and moves it to Sent Items later (seconds, or minutes when
 *    it is busy). So a mail Exchange accepted is in Drafts or Sent Items from
 *    the first moment on; one in neither was never accepted: that absence is
 *    the only proof of loss the queue acts on. It trusts it only once the
 *    lookup is proven in this tenant: right after a 202 the Message-ID must be
 *    found (`lookupProof`; remembered per browser). Unproven, or proven
 *    wrong, nothing is ever sent twice on absence: such mail stays
 *    "sent, awaiting confirmation" (`unconfirmed`).
 * 4. In flight: a request the browser gave up on (timeout, lost answer, a
 *    closed tab) may still be worked on. Its absence counts only
 *    `inFlightMs` after the attempt; meanwhile the round goes on with the
 *    others (the mail is parked, not waited for).
 * 5. Window: a run sends a claim only within `sendWindowMs` of the claim;
 *    another run takes a claim over only when it is `staleClaimMs` old (and,
 *    as before, only from a mailbox it can read: a shared one, or its own).
 *    So no two runs ever send one claim in overlapping times.
 *
 * Pacing: one send every 60 s / `perMinute` (Exchange Online allows 30 a
 * minute per mailbox and queues the rest late). A 429 waits its
 * `Retry-After` and tries the same person again (the mail was refused).
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
  /** Where accepted mail shows: Drafts (in transit) and Sent Items. */
  readonly mailbox: Pick<CampaignMailbox, 'acceptedMessageIds' | 'isAccepted'>;
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
  /**
   * How long a request the browser gave up on may still be worked on by Graph; its mail counts
   * as lost only after this. Default 2 minutes (four times the client's 30-second timeout).
   */
  readonly inFlightMs?: number;
  /** A run sends a claim only this long after it was made; default half of `staleClaimMs`. */
  readonly sendWindowMs?: number;
  /**
   * Whether this mailbox was seen to show an accepted mail by its Message-ID at once (the
   * lookup the proof of loss rests on); remembered across runs. Default: this run only.
   */
  readonly lookupProof?: { get(): boolean; set(): void };
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
   * Sent, or perhaps sent, but not yet confirmed: the answer was lost and Exchange's copy has not
   * been found, or it cannot be proven lost. Never sent again until proven lost; running the
   * round later confirms them (or sends those proven lost).
   */
  readonly unconfirmed: number;
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
const DEFAULT_IN_FLIGHT_MS = 2 * 60_000;

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

/** A mail whose answer was lost: looked for again at `dueAt`. */
interface Parked {
  readonly recipient: RoundRecipient;
  readonly dueAt: number;
  readonly attempts: number;
}

type Outcome = 'accepted' | 'refused' | 'ambiguous' | 'out-of-window';

/** Runs one round to the end (or until aborted or paused). */
export async function sendRound(
  deps: SendQueueDeps,
  plan: RoundPlan,
  options: { onProgress?: (progress: SendProgress) => void; signal?: AbortSignal } = {},
): Promise<SendProgress> {
  const { ledger, mailer, mailbox, now, sleep } = deps;
  const { signal } = options;
  const intervalMs = 60_000 / (deps.perMinute ?? 30);
  const claimBatch = deps.claimBatch ?? 10;
  const staleClaimMs = deps.staleClaimMs ?? 10 * 60_000;
  const sendWindowMs = deps.sendWindowMs ?? staleClaimMs / 2;
  const inFlightMs = deps.inFlightMs ?? DEFAULT_IN_FLIGHT_MS;
  let sent = 0;
  let elsewhere = 0;
  let dropped = 0;
  const failed: RoundFailure[] = [];
  const unconfirmed = new Set<string>();
  let waitingUntil: string | null = null;
  let nextSendAt = 0;
  const total = plan.recipients.length;
  const startedAt = now().getTime();
  /** 'proven': an accepted mail was found by its Message-ID at once; 'failed': it was not. */
  let lookup: 'unknown' | 'proven' | 'failed' = deps.lookupProof?.get() ? 'proven' : 'unknown';
  /** When each claim was made (ms): it is sent only within its window, or once stale. */
  const claimedAt = new Map<string, number>();
  const sendable = (recipient: RoundRecipient): boolean => {
    const age = now().getTime() - (claimedAt.get(recipient.person.id) ?? Number.NaN);
    return age <= sendWindowMs || age >= staleClaimMs;
  };
  const parked: Parked[] = [];
  /** The last ambiguous failure: what a pause reports. */
  let lastFailure: unknown = null;

  const report = (done = false): SendProgress => {
    const progress = {
      total,
      sent,
      elsewhere,
      dropped,
      unconfirmed: unconfirmed.size,
      failed: [...failed],
      waitingUntil,
      done,
    };
    options.onProgress?.(progress);
    return progress;
  };
  const messageIdOf = (recipient: RoundRecipient) =>
    roundMessageId(plan.campaignId, recipient.person.id, plan.round, plan.domain);

  const accepted = await mailbox.acceptedMessageIds(plan.sentSince);

  // Who needs what: a claim and a send, a look and maybe a send (a claim made before), or nothing.
  const toClaim: RoundRecipient[] = [];
  const resumed: RoundRecipient[] = [];
  for (const recipient of plan.recipients) {
    const claim = plan.claims.get(recipient.person.id);
    if (claim === undefined) {
      toClaim.push(recipient);
      continue;
    }
    if (accepted.has(messageIdOf(recipient))) {
      sent += 1;
      // Our Message-IDs survive in this mailbox: the lookup works (Drafts holds mail in transit,
      // as Graph documents, so absence is loss).
      if (lookup === 'unknown') lookup = 'proven';
      continue;
    }
    // Only a claim sent from the mailbox this run reads can be checked there.
    const verifiable = plan.sharedMailbox || claim.authorId === plan.senderId;
    const recordedAt = Date.parse(claim.recordedAt);
    // Stale (past every run's window: nobody else may still send it), or this run's own claim
    // (a reloaded tab), sent within its window or once stale.
    if (
      verifiable &&
      (startedAt - recordedAt >= staleClaimMs || claim.dispatchId === plan.dispatchId)
    ) {
      claimedAt.set(recipient.person.id, recordedAt);
      resumed.push(recipient);
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
    const madeAt = now().getTime();
    const ours: RoundRecipient[] = [];
    try {
      await ledger.appendMany([...envelopes.values()]);
      ours.push(...batch);
    } catch (error) {
      if (!(error instanceof GraphError) || error.kind !== 'conflict') throw error;
      // One of them is someone else's: claim one by one to learn which.
      for (const [recipient, envelope] of envelopes) {
        try {
          await ledger.append(envelope);
          ours.push(recipient);
        } catch (single) {
          if (single instanceof GraphError && single.kind === 'conflict') elsewhere += 1;
          else throw single;
        }
      }
    }
    for (const recipient of ours) claimedAt.set(recipient.person.id, madeAt);
    return ours;
  }

  /** One send, waiting out the pace and any 429; never after the claim's window. */
  async function attempt(recipient: RoundRecipient): Promise<Outcome> {
    const internetMessageId = messageIdOf(recipient);
    const { subject, html, attachments } = plan.compose(recipient);
    for (let throttled = 0; ; throttled += 1) {
      signal?.throwIfAborted();
      await wait(nextSendAt - now().getTime());
      if (!sendable(recipient)) return 'out-of-window';
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
        return 'accepted';
      } catch (error) {
        if (!(error instanceof GraphError)) throw error;
        if (isRecipientFailure(error)) {
          failed.push({
            person: recipient.person,
            address: recipient.address,
            code: error.code ?? null,
          });
          return 'refused';
        }
        if (error.kind === 'throttled') {
          // Refused, not sent: wait as Exchange asks and send the same mail again.
          if (throttled + 1 >= MAX_ATTEMPTS) throw new SendPaused(report(), error);
          await wait(error.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS);
          continue;
        }
        if (!isAmbiguousFailure(error)) throw new SendPaused(report(), error);
        lastFailure = error;
        return 'ambiguous';
      }
    }
  }

  /** Right after a 202 the mail must be found by its Message-ID: else absence proves nothing. */
  async function checkLookup(recipient: RoundRecipient): Promise<void> {
    if (lookup !== 'unknown') return;
    try {
      lookup = (await mailbox.isAccepted(messageIdOf(recipient))) ? 'proven' : 'failed';
      if (lookup === 'proven') deps.lookupProof?.set();
    } catch (error) {
      if (!isAmbiguousFailure(error)) throw error;
      // Asked again after the next 202.
    }
  }

  async function deliver(recipient: RoundRecipient, attempts: number): Promise<void> {
    const outcome = await attempt(recipient);
    switch (outcome) {
      case 'accepted':
        sent += 1;
        await checkLookup(recipient);
        return;
      case 'refused':
        return;
      case 'out-of-window':
        // Past its window: looked for again, and sent if lost, once the claim is stale.
        unconfirmed.add(recipient.person.id);
        parked.push({
          recipient,
          dueAt: (claimedAt.get(recipient.person.id) ?? now().getTime()) + staleClaimMs,
          attempts,
        });
        return;
      case 'ambiguous':
        if (attempts + 1 >= MAX_ATTEMPTS) {
          unconfirmed.add(recipient.person.id);
          throw new SendPaused(report(), lastFailure);
        }
        unconfirmed.add(recipient.person.id);
        parked.push({ recipient, dueAt: now().getTime() + inFlightMs, attempts: attempts + 1 });
    }
  }

  /** Looks again for parked mail that is due; with `drain`, waits for all of it. */
  async function settle(drain: boolean): Promise<void> {
    for (;;) {
      parked.sort((left, right) => left.dueAt - right.dueAt);
      const next = parked[0];
      if (next === undefined) return;
      if (next.dueAt > now().getTime()) {
        if (!drain) return;
        await wait(next.dueAt - now().getTime());
      }
      parked.shift();
      const { recipient } = next;
      let found: boolean;
      try {
        found = await mailbox.isAccepted(messageIdOf(recipient));
      } catch (error) {
        if (!isAmbiguousFailure(error) || next.attempts + 1 >= MAX_ATTEMPTS) throw error;
        parked.push({ ...next, dueAt: now().getTime() + inFlightMs, attempts: next.attempts + 1 });
        continue;
      }
      if (found) {
        unconfirmed.delete(recipient.person.id);
        sent += 1;
        report();
        continue;
      }
      // Absent from Drafts and Sent Items: lost, if the lookup is proven; else it stays unconfirmed.
      if (lookup !== 'proven') continue;
      if (!sendable(recipient)) {
        parked.push({
          ...next,
          dueAt: (claimedAt.get(recipient.person.id) ?? now().getTime()) + staleClaimMs,
        });
        continue;
      }
      unconfirmed.delete(recipient.person.id);
      await deliver(recipient, next.attempts);
      report();
    }
  }

  async function sendAll(recipients: readonly RoundRecipient[]): Promise<void> {
    for (const recipient of recipients) {
      await settle(false);
      await deliver(recipient, 0);
      report();
    }
  }

  // New claims in batches; then the claims made before (a resumed or taken-over round), looked
  // for again once no request of theirs can be in flight; then the parked ones.
  for (let start = 0; start < toClaim.length; start += claimBatch) {
    signal?.throwIfAborted();
    const due = await filterDue(toClaim.slice(start, start + claimBatch));
    if (due.length === 0) continue;
    await sendAll(await claim(due));
  }
  const stillResumed = await filterDue(resumed);
  if (stillResumed.length > 0) {
    await wait(startedAt + inFlightMs - now().getTime());
    const acceptedNow = await mailbox.acceptedMessageIds(plan.sentSince);
    const missing: RoundRecipient[] = [];
    for (const recipient of stillResumed) {
      if (acceptedNow.has(messageIdOf(recipient))) sent += 1;
      else if (lookup === 'proven') missing.push(recipient);
      else unconfirmed.add(recipient.person.id);
    }
    report();
    await sendAll(missing);
  }
  await settle(true);
  return report(true);

  async function filterDue(batch: readonly RoundRecipient[]): Promise<RoundRecipient[]> {
    if (plan.stillDue === undefined || batch.length === 0) return [...batch];
    const due = await plan.stillDue();
    const kept = batch.filter((recipient) => due.has(recipient.person.id));
    dropped += batch.length - kept.length;
    return kept;
  }
}
