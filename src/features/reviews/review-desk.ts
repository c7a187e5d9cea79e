/**
 * The review desk: access reviews by e-mail (SPEC journeys 4 and 5, R11,
 * R12), in the journey's words. Systemansvarlig starts a campaign from an
 * imported file or lines entered by hand, sends one e-mail per person through
 * a durable, paced queue, reads plain replies, reminds the silent, confirms
 * removals and closes with a report. The person under review answers in the
 * Outlook task pane (`myReview`, `answer`). The screens use only this; the
 * implementation (`create-review-desk.ts`) composes the Graph ports with the
 * domain's campaign fold.
 *
 * Idempotency: every write takes ids the caller made before the first try.
 */
import type { CampaignLineView, CampaignView } from '../../domain/campaign-fold.ts';
import type {
  AnswerChannel,
  CampaignAnswer,
  CampaignDefinition,
  CampaignLine,
  RemovalPlace,
  ReviewDecision,
} from '../../domain/campaigns.ts';
import type { PersonRef } from '../../domain/person.ts';
import type { ReviewMailReference } from '../../domain/review-rounds.ts';
import type { ReviewMail } from './review-snapshot.ts';
import type { SendProgress } from './send-queue.ts';

export { RequestRefused } from '../requests/request-desk.ts';
export type { SendProgress } from './send-queue.ts';

/** One line to add, as imported from a file or entered by hand. */
export interface LineInput {
  /** Client-made before the first try. */
  readonly lineId: string;
  readonly name: string;
  readonly email: string;
  readonly subUnit: string;
  readonly right: string;
  /** Where it came from: the file's line number, for messages. */
  readonly sourceLine?: number;
}

/**
 * A line to record: of a person found in the directory (`resolved`), or of one who has left
 * (`leavers`).
 */
export interface ResolvedLine extends LineInput {
  /** The directory's person; for a leaver, the reference of an earlier campaign, or `mail:<address>`. */
  readonly person: PersonRef;
  /**
   * R11, "leavers and movers lose access": `left`, no longer in the directory; `moved`, their
   * unit or leader is not what the previous campaign of the same module (role) and base
   * recorded. Either goes straight to the removal list, and nobody is mailed about it.
   */
  readonly presence?: CampaignLine['presence'];
  /** Their unit and leader as the directory showed them at import (not for leavers). */
  readonly directory?: CampaignLine['directory'];
}

/**
 * Why a line cannot be taken in: `malformed`, not an e-mail address; `ambiguous`, more than one
 * person in the directory holds it; `outside`, nobody holds it, it is not in the organisation's
 * domains and no earlier campaign had it, so nothing says its owner has left; `elsewhere`, an
 * earlier campaign had it for a person who is in the directory now under another address.
 */
export type UnknownReason = 'malformed' | 'ambiguous' | 'outside' | 'elsewhere';

export interface UnknownLine extends LineInput {
  readonly reason: UnknownReason;
}

export interface LineResolution {
  /** Lines of people in the directory, movers (`presence: 'moved'`) among them. */
  readonly resolved: readonly ResolvedLine[];
  /** Lines of people no longer in the directory (`presence: 'left'`): reviewed, not dropped. */
  readonly leavers: readonly ResolvedLine[];
  /** Lines that are not taken in, each with why. */
  readonly unknown: readonly UnknownLine[];
}

export interface CampaignListRow {
  readonly campaignId: string;
  readonly definition: CampaignDefinition;
  readonly createdAt: string | null;
  readonly createdBy: PersonRef | null;
  readonly status: CampaignView['status'];
  readonly overdue: boolean;
  readonly people: number;
  readonly summary: CampaignView['summary'];
}

export interface SendPreview {
  readonly people: number;
  readonly emails: number;
  /** Sends per minute the queue keeps to (Exchange's limit). */
  readonly perMinute: number;
  /** Whole minutes sending takes at that pace. */
  readonly minutes: number;
}

export interface SendState {
  /** People mailed (claimed) in the review round. */
  readonly mailed: number;
  readonly people: number;
  /** Not answered, mailed, and not reminded today. */
  readonly remindable: readonly PersonRef[];
  /** Due by the campaign's cadence. */
  readonly dueByCadence: readonly PersonRef[];
  /**
   * Claimed in the review round by a run whose mailbox this person reads, but not in its Sent
   * Items: a run stopped between claiming and sending. Running the round again sends them.
   */
  readonly unsent: number;
  /** The same for today's reminders. */
  readonly unsentReminders: number;
}

export interface CampaignDetail {
  readonly view: CampaignView;
  readonly campaignId: string;
  /** Display names by person id. */
  readonly names: Readonly<Record<string, string>>;
  /** E-mail per line id. */
  readonly emails: Readonly<Record<string, string>>;
  readonly preview: SendPreview;
  readonly sending: SendState;
  /** Whether the signed-in person may run it (systemansvarlig). */
  readonly canManage: boolean;
}

export type FlaggedReason = 'unreadable' | 'not-from-recipient' | 'unknown-person';

/** A reply systemansvarlig must read: its first line is not JA/BEHOLD/NEI/FJERN, or it is not from the person. */
export interface FlaggedReply {
  readonly messageId: string;
  readonly personId: string | null;
  readonly personName: string | null;
  readonly fromAddress: string | null;
  readonly receivedDateTime: string | null;
  readonly subject: string;
  /** The first lines of the reply, as plain text. */
  readonly excerpt: string;
  readonly reason: FlaggedReason;
}

export interface ReplyReading {
  /** Replies recorded now as answers. */
  readonly recorded: number;
  /** Replies already recorded earlier, or superseded by a later answer in the task pane. */
  readonly alreadyCounted: number;
  readonly flagged: readonly FlaggedReply[];
}

export type RoundKind = 'review' | 'reminders';

export interface MyReviewLine {
  readonly line: CampaignLineView['line'];
  readonly answer: { readonly decision: ReviewDecision; readonly comment: string | null } | null;
}

/** What the task pane shows for an open review e-mail. */
export type MyReview =
  | {
      readonly kind: 'mine';
      readonly campaignId: string;
      readonly definition: CampaignDefinition;
      readonly lines: readonly MyReviewLine[];
      readonly closed: boolean;
      readonly overdue: boolean;
    }
  /** A forwarded copy: the mail is someone else's review. */
  | { readonly kind: 'not-yours'; readonly recipientName: string | null }
  /** No campaign with that id (deleted, or not readable). */
  | { readonly kind: 'unknown' };

export interface ReviewDesk {
  /** Whether the signed-in person is systemansvarlig (may run campaigns). */
  canManage(): Promise<boolean>;
  listCampaigns(): Promise<CampaignListRow[]>;
  /**
   * Finds each line's person in the directory by e-mail, with their unit and leader, and tells
   * leavers and movers against the earlier campaigns of the same target and base. A directory
   * that cannot be read is an error, never a leaver.
   */
  resolveLines(
    lines: readonly LineInput[],
    scope: Pick<CampaignDefinition, 'target' | 'base'>,
  ): Promise<LineResolution>;
  /** Records the campaign and its lines; safe to call again with the same ids. */
  createCampaign(
    input: { definition: CampaignDefinition; lines: readonly ResolvedLine[] },
    ids: { campaignId: string },
  ): Promise<void>;
  getCampaign(campaignId: string): Promise<CampaignDetail>;
  previewSend(people: number): SendPreview;
  /** Runs the review round or today's reminders through the durable queue. */
  send(
    campaignId: string,
    kind: RoundKind,
    options?: { onProgress?: (progress: SendProgress) => void; signal?: AbortSignal },
  ): Promise<SendProgress>;
  /** Reads plain replies from the campaign mailbox and records the clear ones. */
  readReplies(campaignId: string): Promise<ReplyReading>;
  /** Records a reply systemansvarlig has read, for all the person's lines. */
  recordReply(
    campaignId: string,
    input: { personId: string; decision: ReviewDecision; messageId: string },
    ids: { eventId: string },
  ): Promise<void>;
  confirmRemoval(
    campaignId: string,
    input: { lineId: string; where: RemovalPlace; reference?: string },
    ids: { eventId: string },
  ): Promise<void>;
  closeCampaign(
    campaignId: string,
    input: { reportReference?: string },
    ids: { eventId: string },
  ): Promise<void>;
  /** The archive report as a self-contained HTML page, and the lines as CSV. */
  report(campaignId: string): Promise<{ html: string; csv: string; fileName: string }>;
  /**
   * The task pane: the signed-in person's lines in the campaign the mail is
   * about, as the mail (from systemansvarlig or the campaign mailbox) carried
   * them (review-snapshot.ts).
   */
  myReview(reference: ReviewMailReference, mail: ReviewMail): Promise<MyReview>;
  /** The person's own answer (authored by them), to lines the mail carried. */
  answer(
    campaignId: string,
    answers: readonly CampaignAnswer[],
    channel: AnswerChannel,
    ids: { eventId: string },
    mail: ReviewMail,
  ): Promise<void>;
}
