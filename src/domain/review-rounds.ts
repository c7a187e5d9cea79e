/**
 * Review e-mail rounds and the ids that make sending them exactly-once (issue 6).
 *
 * A campaign mails each person once (`review`) and reminds the silent ones at
 * most once per Oslo calendar day (`reminder-YYYY-MM-DD`). For one person and
 * one round there is exactly one ledger event id and one internet Message-ID,
 * both derived from campaign, person and round. The event id makes a second
 * claim for the same round collide in the ledger's unique column; the
 * Message-ID lets a resumed run look in Sent Items for what was already sent.
 */
import { z } from 'zod';
import { isIsoDate, type IsoDate } from './dates.ts';

export type ReviewRound = 'review' | `reminder-${IsoDate}`;

export function reminderRound(day: IsoDate): ReviewRound {
  return `reminder-${day}`;
}

export function isReviewRound(value: string): value is ReviewRound {
  if (value === 'review') return true;
  return value.startsWith('reminder-') && isIsoDate(value.slice('reminder-'.length));
}

/** Compact round code for ids (`r`, or `p` + the day without dashes): keeps ids within 100 characters. */
function roundCode(round: ReviewRound): string {
  return round === 'review' ? 'r' : `p${round.slice('reminder-'.length).replace(/-/g, '')}`;
}

function roundFromCode(code: string): ReviewRound | null {
  if (code === 'r') return 'review';
  const match = /^p(\d{4})(\d{2})(\d{2})$/.exec(code);
  if (!match) return null;
  const round = `reminder-${match[1]}-${match[2]}-${match[3]}`;
  return isReviewRound(round) ? round : null;
}

/** The ledger event id of a person's mail in a round: the same for every sender, every retry. */
export function roundEventId(campaignId: string, personId: string, round: ReviewRound): string {
  return `m:${roundCode(round)}:${personId}:${campaignId}`;
}

/** Characters a Message-ID's local part (RFC 5322 dot-atom) may hold, of the ones ids use. */
const atomSafe = /^[A-Za-z0-9-]+$/;

/**
 * The internet Message-ID of a person's mail in a round, e.g.
 * `<et.r.{person}.{campaign}@bodo.kommune.no>`. Replies carry it in
 * `In-Reply-To`, which is how a plain reply finds its campaign and person.
 */
export function roundMessageId(
  campaignId: string,
  personId: string,
  round: ReviewRound,
  domain: string,
): string {
  if (!atomSafe.test(campaignId) || !atomSafe.test(personId)) {
    throw new RangeError('Campaign and person ids must be letters, digits and dashes.');
  }
  if (!/^[A-Za-z0-9.-]+$/.test(domain)) throw new RangeError('Not a mail domain.');
  return `<et.${roundCode(round)}.${personId}.${campaignId}@${domain.toLowerCase()}>`;
}

export interface RoundReference {
  readonly campaignId: string;
  readonly personId: string;
  readonly round: ReviewRound;
}

/** Reads a Message-ID made by {@link roundMessageId}; null for any other. */
export function parseRoundMessageId(messageId: string): RoundReference | null {
  const match = /^<?et\.([a-z0-9]+)\.([A-Za-z0-9-]+)\.([A-Za-z0-9-]+)@[A-Za-z0-9.-]+>?$/.exec(
    messageId.trim(),
  );
  if (!match) return null;
  const round = roundFromCode(match[1] ?? '');
  if (round === null) return null;
  return { round, personId: match[2] ?? '', campaignId: match[3] ?? '' };
}

/** What the one `x-elements-tilgang` header of a review mail says (kind `review`). */
export const reviewMailReferenceSchema = z.object({
  kind: z.literal('review'),
  campaignId: z.string().min(1).max(100),
  personId: z.string().min(1).max(100),
  round: z.string().refine(isReviewRound),
});
export type ReviewMailReference = z.infer<typeof reviewMailReferenceSchema>;
