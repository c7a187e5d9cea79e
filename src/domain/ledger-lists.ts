import type { LedgerEvent, StreamKind } from './events.ts';
import type { ApprovalStage, RequestKind } from './requests.ts';
import { isR8Kind } from './requests.ts';

/**
 * The ledger's lists, named by what they are for (decision 014). Which list
 * an item is in is the one fact about it nobody can forge: SharePoint checks
 * the writer's permission on that list when the item is added. So every event
 * type has one home list, chosen by who may write it and who may read it, and
 * the folds honour an event only in its home list.
 *
 * - `requests`: staff events of orders and folder requests, and review answers.
 *   Anyone adds; the author and Systemansvarlig read.
 * - `r8`: staff events of R8 requests. Anyone adds; the author, Systemansvarlig
 *   and Arkivleder read.
 * - `systemansvarlig`: systemansvarlig's steps on requests, a campaign's creation
 *   and close. Only Systemansvarlig adds; everyone reads (no personal data).
 * - `arkivleder`: the arkivleder's steps. Only Arkivleder adds; everyone reads.
 * - `reviews`: a campaign's lines, claims, reminders, replies and removals.
 *   Only Systemansvarlig adds and reads.
 * - `shared`: delegations, and a leader's steps on an R8 request (the requester
 *   must see them; they name only the stream, the leader and text ids). Anyone
 *   adds and reads.
 */
export const eventListKeys = [
  'requests',
  'r8',
  'systemansvarlig',
  'arkivleder',
  'reviews',
  'shared',
] as const;
export type EventListKey = (typeof eventListKeys)[number];

/** Sensitive texts: `r8-texts` for R8 requests (the arkivleder reads them), `texts` for the rest. */
export const textListKeys = ['texts', 'r8-texts'] as const;
export type TextListKey = (typeof textListKeys)[number];

export function isEventListKey(value: unknown): value is EventListKey {
  return eventListKeys.some((key) => key === value);
}

/** The role a list proves its writer held when the item was added; null for staff lists. */
export function roleOfList(list: EventListKey): 'systemansvarlig' | 'arkivleder' | null {
  switch (list) {
    case 'systemansvarlig':
    case 'reviews':
      return 'systemansvarlig';
    case 'arkivleder':
      return 'arkivleder';
    case 'requests':
    case 'r8':
    case 'shared':
      return null;
  }
}

/** What the home of a step depends on besides its type. */
export interface HomeContext {
  /** The request is an R8 one (extended access, case owner). */
  readonly r8: boolean;
  /** For `request.information-requested`: the stage that asks. */
  readonly stage?: ApprovalStage;
}

/** The staff list of a request of this kind. */
export function staffListOf(kind: RequestKind): 'requests' | 'r8' {
  return isR8Kind(kind) ? 'r8' : 'requests';
}

/** The texts list of a request of this kind. */
export function textListOf(kind: RequestKind): TextListKey {
  return isR8Kind(kind) ? 'r8-texts' : 'texts';
}

const stageList: Record<ApprovalStage, EventListKey> = {
  leader: 'shared',
  arkivleder: 'arkivleder',
  systemansvarlig: 'systemansvarlig',
};

/** Where an event belongs; the folds ignore it anywhere else (`anomaly.wrongList`). */
export function homeListOf(event: LedgerEvent, context: HomeContext): EventListKey {
  const staff = context.r8 ? 'r8' : 'requests';
  switch (event.type) {
    case 'request.submitted':
      return staffListOf(event.payload.request.kind);
    case 'request.leader-confirmed':
    case 'request.leader-declined':
      return 'shared';
    case 'request.information-provided':
    case 'request.withdrawn':
      return staff;
    case 'request.information-requested':
      return stageList[context.stage ?? 'systemansvarlig'];
    case 'request.arkivleder-approved':
    case 'request.arkivleder-rejected':
      return 'arkivleder';
    case 'request.approved':
    case 'request.rejected':
    case 'request.sent-to-atea':
    case 'request.carried-out':
      return 'systemansvarlig';
    case 'delegation.granted':
    case 'delegation.revoked':
      return 'shared';
    case 'campaign.created':
    case 'campaign.closed':
      return 'systemansvarlig';
    case 'campaign.answered':
      return 'requests';
    case 'campaign.line-added':
    case 'campaign.mail-sent':
    case 'campaign.reminded':
    case 'campaign.reply-recorded':
    case 'campaign.removal-confirmed':
      return 'reviews';
  }
}

/** The lists a stream of this kind is read from. */
export function streamListsOf(kind: StreamKind): readonly EventListKey[] {
  switch (kind) {
    case 'request':
      return ['requests', 'r8', 'shared', 'systemansvarlig', 'arkivleder'];
    case 'campaign':
      return ['systemansvarlig', 'reviews', 'requests'];
    case 'delegation':
      return ['shared'];
  }
}
