/**
 * The triage desk: what systemansvarlig's "Behandling" tab in the
 * Dokumentsenteret channel asks of the access ledger (SPEC journey 3, R3, R7,
 * R9), in the journey's words. The screens use only this; its implementation
 * (`create-triage-desk.ts`) composes the Graph ports with the domain's fold
 * and rules, as the request desk does.
 *
 * Idempotency: every write takes ids the caller made before the first try,
 * so a double click or a retry after a network failure records one step.
 * Concurrency: when two systemansvarlige decide the same request at the same
 * moment both writes land, the fold counts exactly one (the first recorded),
 * and the other caller gets `already-decided` naming who decided.
 */
import type { Grading } from '../../domain/catalogue.ts';
import type { IsoDate } from '../../domain/dates.ts';
import type { Anomaly } from '../../domain/anomalies.ts';
import type { PersonRef } from '../../domain/person.ts';
import type { RequestStatus, RequestView } from '../../domain/request-fold.ts';
import type { FolderRight, RequestKind } from '../../domain/requests.ts';
import type { SafeHtml } from '../../m365/safe-html.ts';
import type { SentToAtea } from '../requests/create-triage-actions.ts';
import type { ReadableText, RequestSummary } from '../requests/request-desk.ts';

export { RequestRefused } from '../requests/request-desk.ts';

/** Statuses the queue shows by default: everything not final (someone still has to act). */
export const openStatuses: readonly RequestStatus[] = [
  'submitted',
  'awaiting-leader',
  'awaiting-arkivleder',
  'awaiting-systemansvarlig',
  'needs-information',
  'approved',
];

export type QueueSort = 'oldest' | 'newest' | 'status' | 'kind' | 'base';

/** The queue's filter: every field narrows; none given means every open request. */
export interface QueueFilter {
  /** One or more statuses; default {@link openStatuses}. Final statuses may be asked for too. */
  readonly status?: RequestStatus | readonly RequestStatus[];
  /** A catalogue base id (`bodo`, ...). */
  readonly base?: string;
  readonly kind?: RequestKind;
  readonly grading?: Grading;
  /** Only requests submitted at least this many days ago (Oslo calendar days). */
  readonly olderThanDays?: number;
  /** Part of the subject's or requester's name, a case number (`2026/1234`, blanks allowed) or a reference. */
  readonly search?: string;
}

export interface QueueQuery extends QueueFilter {
  /** Default `oldest`: the request that has waited longest first. */
  readonly sort?: QueueSort;
  /** From the previous page's `cursor`. */
  readonly cursor?: string;
  /** Rows per page, 1-500; default 50. */
  readonly pageSize?: number;
  /** Read the ledger again instead of the desk's last reading. */
  readonly refresh?: boolean;
}

/** One row of the queue. */
export interface QueueRow extends RequestSummary {
  /** The requester's name as SharePoint stamped it (trusted). */
  readonly requesterName: string | null;
  /**
   * The subject's name as the request states it: for folder and R8 requests
   * made by the person themselves it is their own; for orders it is the
   * orderer's copy (the detail view reads it from the directory).
   */
  readonly subjectName: string | null;
  /** Whole days since submission (Oslo calendar). */
  readonly ageDays: number | null;
  /** Short reference people read out on the phone. */
  readonly reference: string;
}

export interface QueuePage {
  readonly rows: readonly QueueRow[];
  /** Rows matching the filter, over all pages. */
  readonly total: number;
  /**
   * Requests per status matching every part of the filter but the status,
   * so the screen's status chips show what choosing each would give.
   */
  readonly counts: Readonly<Record<RequestStatus, number>>;
  /** Pass back for the next page; undefined on the last. */
  readonly cursor: string | undefined;
  /** When the ledger was read (ISO). */
  readonly loadedAt: string;
}

/** Facts read live from the directory when the detail opens, never from the request. */
export interface LiveChecks {
  /**
   * For orders and R8 requests made by someone other than the subject: is the
   * orderer the subject's leader now (`manager`), a delegate of one
   * (`delegate`), or neither (`none`); `not-applicable` for folder requests
   * and external consultants (no subject in the directory).
   */
  readonly ordererStanding: 'manager' | 'delegate' | 'none' | 'not-applicable';
  /** For a delegate: the leader they act for. */
  readonly onBehalfOf: PersonRef | null;
  /** The subject's direct manager now. */
  readonly subjectManager: PersonRef | null;
  /**
   * R8: whether the leader's written confirmation and the arkivleder's
   * approval are in the timeline; null when R8 does not apply.
   */
  readonly r8: {
    readonly leaderConfirmation: { readonly by: PersonRef; readonly at: string } | null;
    readonly arkivlederApproval: { readonly by: PersonRef; readonly at: string } | null;
  } | null;
  /** Whether the signed-in person is in Systemansvarlig now. */
  readonly iAmSystemansvarlig: boolean;
  /**
   * The request counts on the leader relation its writer recorded (decision
   * 014), and the directory no longer shows it (the orderer moved, or the
   * record was wrong): a decision must say the standing was checked by hand.
   */
  readonly standingNeedsCheck: boolean;
  /**
   * R8: whether the leader confirmed the justification as it is stored (the
   * SHA-256 the confirmation recorded); null when there is nothing to compare.
   */
  readonly justificationConfirmed: boolean | null;
}

/** What the signed-in person may do on the request now (each as the fold would judge it). */
export interface TriageActionsAllowed {
  readonly approve: boolean;
  readonly reject: boolean;
  readonly askForInformation: boolean;
  readonly recordCarriedOut: boolean;
  readonly sendOrderToAtea: boolean;
}

export interface TriageDetail {
  readonly requestId: string;
  readonly view: RequestView;
  /** Every text of the request systemansvarlig may read (justification, confirmation, reasons, questions, answers). */
  readonly texts: readonly ReadableText[];
  /** Display names of everyone the timeline mentions (directory or SharePoint, never the payload). */
  readonly names: Readonly<Record<string, string>>;
  readonly checks: LiveChecks;
  /** Events the fold ignored (someone not entitled, a late second decision...): shown as warnings. */
  readonly anomalies: readonly Anomaly[];
  readonly actions: TriageActionsAllowed;
}

/** Ids made by the client before the first attempt of a step, reused on every retry. */
export interface StepIds {
  readonly eventId: string;
  /** For the step's text (reason, question, note). */
  readonly textId: string;
}

/** Whom a recorded step told, and whether it reached them. */
export interface Notified {
  /** The requester (and the ordering leader, where another) got the mail; null when nobody was to be told. */
  readonly mail: boolean | null;
  /**
   * A reply in the channel thread of the request's announcement; null when
   * the desk has no way to reply there (see `ChannelReplies`).
   */
  readonly channel: boolean | null;
  /** R10: for an approved external-consultant order, the order to Atea; null otherwise or on failure. */
  readonly atea: SentToAtea | null;
}

export type DecisionOutcome =
  | {
      readonly outcome: 'recorded';
      readonly requestId: string;
      readonly status: RequestStatus | null;
      readonly notified: Notified;
    }
  | {
      /** Someone else decided first: this step was not (or did not count as) recorded. */
      readonly outcome: 'already-decided';
      readonly requestId: string;
      readonly status: RequestStatus | null;
      /** What the other person did. */
      readonly what:
        'approved' | 'rejected' | 'carried-out' | 'withdrawn' | 'information-requested';
      readonly by: PersonRef | null;
      readonly at: string | null;
    };

/** R9 (and R6, R7): what was granted in Elements, and where it is archived. */
export interface CarriedOutInput {
  /** The Elements case or registry entry (`2026/1537` or `2026/1537-3`). */
  readonly elementsReference: string;
  /** Required for requests with a right (folder, extended access); never wider than requested. */
  readonly grantedRight?: FolderRight;
  readonly carriedOutOn: IsoDate;
  /** Folder requests: the folder only (R7). */
  readonly scope?: 'folder';
}

/**
 * Replies in the channel thread of a request's announcement
 * (`createChannelReplies` finds the announcement by the request id in its
 * body or card). Without it the desk skips the reply.
 */
export interface ChannelReplies {
  /** True when a reply was posted; false when there is no announcement to reply to. */
  replyToAnnouncement(requestId: string, summary: SafeHtml): Promise<boolean>;
}

export interface TriageDesk {
  /** The open requests (or those the filter asks for), a page at a time, with counts per status. */
  queue(query?: QueueQuery): Promise<QueuePage>;
  /** Every row matching the filter, sorted, for the CSV export of the queue's current filter. */
  queueRows(query?: QueueQuery): Promise<readonly QueueRow[]>;
  /** One request with its timeline, texts, live directory checks and anomalies. */
  detail(requestId: string): Promise<TriageDetail>;
  /**
   * R3: systemansvarlig approves; an optional note is stored as a text. When
   * `checks.standingNeedsCheck`, `checkedStanding` must say the orderer's
   * standing was checked by hand; it is recorded with the approval.
   */
  approve(
    requestId: string,
    note: string,
    ids: StepIds,
    options?: { readonly checkedStanding?: boolean },
  ): Promise<DecisionOutcome>;
  /** Rejects; the reason is required and goes to the requester. */
  reject(requestId: string, reason: string, ids: StepIds): Promise<DecisionOutcome>;
  /** Asks the requester for more; their answer returns the request to the queue. */
  askForInformation(requestId: string, question: string, ids: StepIds): Promise<DecisionOutcome>;
  /** R9: the access was granted in Elements by hand and archived there. */
  recordCarriedOut(
    requestId: string,
    input: CarriedOutInput,
    ids: Pick<StepIds, 'eventId'>,
  ): Promise<DecisionOutcome>;
  /** R10: (re)sends an approved external-consultant order to Atea; once per request. */
  sendOrderToAtea(requestId: string): Promise<SentToAtea>;
}
