import { z } from 'zod';
import { isoDateSchema, isoDateTimeSchema } from './dates.ts';
import { personRefSchema } from './person.ts';
import { catalogueRefSchema, ledgerIdSchema } from './requests.ts';

/**
 * Access reviews: the quarterly review of each KS Fiks module's sub-units
 * (R11) and the annual review of the systemansvar, AR1 and AR2 roles (R12).
 * One engine serves both: a campaign has lines (person + module + sub-unit +
 * right); each person is mailed once, answers keep or remove per line, is
 * reminded if silent, and removals are confirmed one by one.
 */

export const campaignKindSchema = z.enum(['quarterly-module', 'annual-role'], {
  error: 'campaign.kindRequired',
});
export type CampaignKind = z.infer<typeof campaignKindSchema>;

export const campaignDefinitionSchema = z.object({
  kind: campaignKindSchema,
  /** A review module id (quarterly) or a reviewed role id (annual), from the catalogue. */
  target: catalogueRefSchema,
  base: catalogueRefSchema,
  deadline: isoDateSchema,
  /** Days between reminders to those who have not answered. */
  reminderEveryDays: z.number().int().min(1).max(60),
});
export type CampaignDefinition = z.infer<typeof campaignDefinitionSchema>;

/** One access under review, as exported from KS Fiks or Elements (or entered by hand). */
export const campaignLineSchema = z.object({
  lineId: ledgerIdSchema,
  person: personRefSchema,
  email: z.email({ error: 'validation.email' }).optional(),
  /** The module (quarterly) or role (annual) the access is to. */
  module: catalogueRefSchema,
  /** KS Fiks organisation / sub-unit, or the Elements base or unit the role is held in. */
  subUnit: z.string().trim().min(1, { error: 'validation.required' }).max(200),
  /** As the source system names it, e.g. "send". */
  right: z.string().trim().min(1, { error: 'validation.required' }).max(100),
  /**
   * R11, "leavers and movers lose access": the person is no longer in the
   * directory (`left`), or their unit or leader changed since the last review of
   * this module (`moved`). Such a line goes straight to the removal list and
   * nobody is mailed about it.
   */
  presence: z.enum(['left', 'moved']).optional(),
  /** The person's unit and leader in the directory at import, to tell a mover next time. */
  directory: z
    .object({
      department: z.string().trim().max(200).nullable(),
      managerId: z.string().trim().min(1).max(128).nullable(),
    })
    .optional(),
});
export type CampaignLine = z.infer<typeof campaignLineSchema>;
export type LinePresence = NonNullable<CampaignLine['presence']> | 'present';

/**
 * What the desk that recorded a plain reply read in the campaign mailbox:
 * Exchange's sender, the message and when it arrived. A recorded reply
 * without it does not count (decision 014).
 */
export const replyEvidenceSchema = z.object({
  from: z.email(),
  internetMessageId: z.string().trim().min(1).max(998),
  receivedAt: isoDateTimeSchema,
});
export type ReplyEvidence = z.infer<typeof replyEvidenceSchema>;

export const reviewDecisionSchema = z.enum(['keep', 'remove'], {
  error: 'campaign.decisionRequired',
});
export type ReviewDecision = z.infer<typeof reviewDecisionSchema>;

/** A comment on one's own access: not about a personnel, pupil or child case, so kept inline. */
export const reviewCommentSchema = z.string().trim().max(1000, { error: 'validation.tooLong' });

export const campaignAnswerSchema = z.object({
  lineId: ledgerIdSchema,
  decision: reviewDecisionSchema,
  comment: reviewCommentSchema.optional(),
});
export type CampaignAnswer = z.infer<typeof campaignAnswerSchema>;

/** How the answer reached the ledger: the Outlook task pane, the Teams tab, or a plain e-mail reply. */
export const answerChannelSchema = z.enum(['task-pane', 'tab', 'reply']);
export type AnswerChannel = z.infer<typeof answerChannelSchema>;

/** Where a removal was carried out. */
export const removalPlaceSchema = z.enum(['ks-fiks', 'elements', 'other']);
export type RemovalPlace = z.infer<typeof removalPlaceSchema>;

export const campaignOutcomeSchema = z.enum(['completed', 'cancelled']);
export type CampaignOutcome = z.infer<typeof campaignOutcomeSchema>;

const replyWords: Readonly<Record<string, ReviewDecision>> = {
  ja: 'keep',
  behold: 'keep',
  nei: 'remove',
  fjern: 'remove',
};

/**
 * Reads a plain e-mail reply to a review (issue 6): the first non-empty line
 * must be "JA"/"BEHOLD" (keep) or "NEI"/"FJERN" (remove), in any case, with
 * trailing punctuation forgiven. Anything else is null: systemansvarlig reads
 * it. Quoted text below the first line is ignored.
 */
export function parseReviewReply(body: string): ReviewDecision | null {
  const firstLine = body
    .split(/\r?\n/)
    .map((line) => line.trim())
    .find((line) => line !== '');
  if (firstLine === undefined) return null;
  const word = firstLine.toLowerCase().replace(/[.!,;:\s]+$/u, '');
  return replyWords[word] ?? null;
}
