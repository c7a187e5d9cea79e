import {
  anomalyOf,
  orderEntries,
  sortAnomalies,
  type Anomaly,
  type AnomalyReason,
} from './anomalies.ts';
import { compareIsoDates, daysBetween, osloDate, type IsoDate } from './dates.ts';
import {
  delegationsHeldBy,
  leaderBasis,
  type DirectoryFacts,
  type DomainGroup,
} from './directory-facts.ts';
import type { LedgerEntry, RecordedEvent, RequestEvent } from './events.ts';
import type { PersonRef } from './person.ts';
import {
  isR8Kind,
  requestEndDate,
  requestSubjectId,
  requiredStages,
  type AccessRequest,
  type ApprovalStage,
  type FolderRight,
  type RequestKind,
} from './requests.ts';

/**
 * A request's state, derived from its events and nothing else: the status is
 * never stored. Who may take each step is judged from the SharePoint author
 * and the directory facts; an event whose author is not entitled, or that
 * comes at the wrong moment, is ignored and reported as an anomaly.
 *
 * Entitlements (see also the report in docs):
 * - Orders (new user, change, removal) are submitted by a leader of the
 *   subject, the direct manager or anyone above in the manager chain, or by the
 *   delegate of such a leader; never by the subject (R1).
 * - An external consultant's order is submitted by someone with direct reports
 *   or holding a delegation in force: the consultant is not in the directory.
 * - A folder request is made by the requester for themselves (R4).
 * - An R8 request is made by the employee for themselves, or by their leader.
 *   The written confirmation comes from a leader of the employee who gets the
 *   access (for a request the employee makes, their own leader) or that
 *   leader's delegate; then a member of Arkivleder; then Systemansvarlig.
 * - Decisions, information requests, sending to Atea and carrying out are for
 *   the group of the stage, and never count from the requester or the subject.
 *   The one exception: a leader who submitted an R8 request for an employee
 *   also writes its confirmation; the routine asks exactly that of the leader.
 * - Only the requester provides information or withdraws, and only while the
 *   request is undecided.
 */

export type RequestStatus =
  | 'submitted'
  | 'awaiting-leader'
  | 'awaiting-arkivleder'
  | 'awaiting-systemansvarlig'
  | 'needs-information'
  | 'approved'
  | 'rejected'
  | 'carried-out'
  | 'expired'
  | 'withdrawn';

export const requestStatuses: readonly RequestStatus[] = [
  'submitted',
  'awaiting-leader',
  'awaiting-arkivleder',
  'awaiting-systemansvarlig',
  'needs-information',
  'approved',
  'rejected',
  'carried-out',
  'expired',
  'withdrawn',
];

/** In what capacity an author's accepted step counted. */
export type Capacity = 'requester' | 'leader' | 'delegate' | 'arkivleder' | 'systemansvarlig';

export type WaitingStep =
  | 'leader'
  | 'arkivleder'
  | 'systemansvarlig'
  | 'requester'
  | 'send-to-atea'
  | 'carry-out'
  | 'remove-expired';

/**
 * Whose move it is. For the leader step, `personId` is the subject's direct
 * manager (whom to notify); anyone up the chain or a delegate may also act.
 */
export interface WaitingFor {
  readonly step: WaitingStep;
  readonly personId: string | null;
  readonly group: DomainGroup | null;
}

export interface TimelineEntry {
  readonly eventId: string;
  readonly type: RequestEvent['type'];
  readonly author: PersonRef;
  readonly capacity: Capacity;
  /** For a delegate: the leader they acted for. */
  readonly onBehalfOf: string | null;
  /** SharePoint's Created: when it happened, as far as anyone can prove. */
  readonly recordedAt: string;
  /** The author's clock, for display only. */
  readonly occurredAt: string;
  /** The text (justification, confirmation, reason, question, answer) the step refers to. */
  readonly textId: string | null;
}

export interface RequestDecision {
  readonly outcome: 'approved' | 'rejected';
  readonly stage: ApprovalStage;
  readonly by: PersonRef;
  readonly at: string;
  readonly textId: string | null;
}

export interface PendingQuestion {
  readonly stage: ApprovalStage;
  readonly askedBy: PersonRef;
  readonly askedAt: string;
  readonly questionTextId: string;
}

export interface CarriedOut {
  readonly elementsReference: string;
  readonly by: PersonRef;
  readonly at: string;
  readonly carriedOutOn: IsoDate | null;
  readonly grantedRight: FolderRight | null;
}

export interface RequestView {
  /** The stream id of the accepted submission; null when there is none. */
  readonly requestId: string | null;
  /** null: no accepted submission (e.g. an order by someone not entitled). */
  readonly status: RequestStatus | null;
  readonly request: AccessRequest | null;
  readonly kind: RequestKind | null;
  readonly requester: PersonRef | null;
  readonly submittedAt: string | null;
  readonly requiredStages: readonly ApprovalStage[];
  /** Stages whose accepted decision is in the timeline, in order. */
  readonly stagesPassed: readonly ApprovalStage[];
  readonly waitingFor: WaitingFor | null;
  readonly pendingQuestion: PendingQuestion | null;
  /** The decision that settled the request (a leader's or arkivleder's refusal, or systemansvarlig's). */
  readonly decision: RequestDecision | null;
  readonly sentToAteaAt: string | null;
  readonly carriedOut: CarriedOut | null;
  readonly withdrawnAt: string | null;
  /** End of a time-limited grant. */
  readonly endDate: IsoDate | null;
  /** Days from today (Oslo) to the end date while the grant stands; negative once expired. */
  readonly daysUntilExpiry: number | null;
  readonly timeline: readonly TimelineEntry[];
  readonly anomalies: readonly Anomaly[];
}

type Phase =
  | { readonly tag: 'open'; readonly stage: ApprovalStage }
  | { readonly tag: 'needs-information'; readonly question: PendingQuestion }
  | { readonly tag: 'approved' }
  | { readonly tag: 'rejected' }
  | { readonly tag: 'withdrawn' }
  | { readonly tag: 'carried-out' };

const initialPhase: Phase = { tag: 'open', stage: 'systemansvarlig' };

type Entitled = { readonly capacity: Capacity; readonly onBehalfOf: string | null };
type Judgement = Entitled | AnomalyReason;

const stageOrder: readonly ApprovalStage[] = ['leader', 'arkivleder', 'systemansvarlig'];

function currentStage(phase: Phase): ApprovalStage | null {
  if (phase.tag === 'open') return phase.stage;
  if (phase.tag === 'needs-information') return phase.question.stage;
  return null;
}

/** Whether the request stands at `stage` (waiting for it, or for an answer to that stage's question). */
function atStage(phase: Phase, stage: ApprovalStage): boolean {
  return currentStage(phase) === stage;
}

/** Whether `stage` has been passed already. */
function pastStage(phase: Phase, stage: ApprovalStage): boolean {
  const current = currentStage(phase);
  if (current === null) return true;
  return stageOrder.indexOf(current) > stageOrder.indexOf(stage);
}

/** Null when the request stands at `stage`; otherwise why a step of that stage is refused. */
function stageRefusal(phase: Phase, stage: ApprovalStage): AnomalyReason | null {
  if (atStage(phase, stage)) return null;
  return pastStage(phase, stage) ? 'anomaly.alreadyDecided' : 'anomaly.outOfOrder';
}

const isFinal = (phase: Phase): boolean =>
  phase.tag === 'rejected' || phase.tag === 'withdrawn' || phase.tag === 'carried-out';

const decisionTypes: ReadonlySet<RequestEvent['type']> = new Set([
  'request.leader-confirmed',
  'request.leader-declined',
  'request.arkivleder-approved',
  'request.arkivleder-rejected',
  'request.approved',
  'request.rejected',
]);

function asLeader(
  author: string,
  subjectId: string | null,
  facts: DirectoryFacts,
  at: Date,
): Judgement {
  if (subjectId === null) return 'anomaly.notApplicable';
  if (author === subjectId) return 'anomaly.ownRequest';
  const basis = leaderBasis(author, subjectId, facts, at);
  if (basis === null) return 'anomaly.notEntitled';
  return basis.kind === 'manager'
    ? { capacity: 'leader', onBehalfOf: null }
    : { capacity: 'delegate', onBehalfOf: basis.onBehalfOf };
}

/** R1 and R4: who may submit a request of this kind. */
function judgeSubmission(
  request: AccessRequest,
  author: string,
  facts: DirectoryFacts,
  at: Date,
): Judgement {
  switch (request.kind) {
    case 'order.new-user':
    case 'order.change':
    case 'order.removal': {
      if (author === request.subject.id) return 'anomaly.selfOrder';
      const judged = asLeader(author, request.subject.id, facts, at);
      return judged === 'anomaly.ownRequest' ? 'anomaly.selfOrder' : judged;
    }
    case 'order.external-consultant': {
      if (facts.hasDirectReports(author)) return { capacity: 'leader', onBehalfOf: null };
      const held = [...delegationsHeldBy(author, facts, at)].sort((a, b) =>
        a.delegationId < b.delegationId ? -1 : 1,
      )[0];
      return held ? { capacity: 'delegate', onBehalfOf: held.leaderId } : 'anomaly.notEntitled';
    }
    case 'folder-access':
      return author === request.subject.id
        ? { capacity: 'requester', onBehalfOf: null }
        : 'anomaly.notEntitled';
    case 'extended-access':
    case 'case-owner':
      if (author === request.subject.id) return { capacity: 'requester', onBehalfOf: null };
      return asLeader(author, request.subject.id, facts, at);
  }
}

interface Context {
  readonly request: AccessRequest;
  readonly requesterId: string;
  readonly subjectId: string | null;
  readonly phase: Phase;
  readonly facts: DirectoryFacts;
}

/** Who may take a step after the submission; the stage it is taken at is checked afterwards. */
function judgeStep(event: RecordedEvent & RequestEvent, context: Context): Judgement {
  const { request, requesterId, subjectId, phase, facts } = context;
  const author = event.author.id;
  const at = new Date(event.recordedAt);
  const own = author === requesterId || author === subjectId;
  const asGroup = (group: DomainGroup): Judgement => {
    if (!facts.isMember(author, group)) return 'anomaly.notEntitled';
    if (own) return 'anomaly.ownRequest';
    return { capacity: group, onBehalfOf: null };
  };
  switch (event.type) {
    case 'request.submitted':
      return 'anomaly.duplicateSubmission';
    case 'request.leader-confirmed':
    case 'request.leader-declined':
      return isR8Kind(request.kind)
        ? asLeader(author, subjectId, facts, at)
        : 'anomaly.notApplicable';
    case 'request.arkivleder-approved':
    case 'request.arkivleder-rejected':
      return isR8Kind(request.kind) ? asGroup('arkivleder') : 'anomaly.notApplicable';
    case 'request.information-requested': {
      const stage = currentStage(phase) ?? 'systemansvarlig';
      return stage === 'leader' ? asLeader(author, subjectId, facts, at) : asGroup(stage);
    }
    case 'request.information-provided':
    case 'request.withdrawn':
      return author === requesterId
        ? { capacity: 'requester', onBehalfOf: null }
        : 'anomaly.notEntitled';
    case 'request.sent-to-atea':
      return request.kind === 'order.external-consultant'
        ? asGroup('systemansvarlig')
        : 'anomaly.notApplicable';
    case 'request.approved':
    case 'request.rejected':
    case 'request.carried-out':
      return asGroup('systemansvarlig');
  }
}

function textIdOf(event: RequestEvent): string | null {
  switch (event.type) {
    case 'request.submitted': {
      const { request } = event.payload;
      return 'justificationTextId' in request ? request.justificationTextId : null;
    }
    case 'request.leader-confirmed':
      return event.payload.confirmationTextId;
    case 'request.leader-declined':
    case 'request.arkivleder-rejected':
    case 'request.rejected':
      return event.payload.reasonTextId;
    case 'request.arkivleder-approved':
    case 'request.approved':
      return event.payload.noteTextId ?? null;
    case 'request.information-requested':
      return event.payload.questionTextId;
    case 'request.information-provided':
      return event.payload.answerTextId;
    case 'request.withdrawn':
      return event.payload.reasonTextId ?? null;
    case 'request.sent-to-atea':
    case 'request.carried-out':
      return null;
  }
}

const stageOfDecision: Partial<Record<RequestEvent['type'], ApprovalStage>> = {
  'request.leader-confirmed': 'leader',
  'request.arkivleder-approved': 'arkivleder',
  'request.approved': 'systemansvarlig',
};

function asRequestEvent(event: RecordedEvent): (RecordedEvent & RequestEvent) | null {
  switch (event.type) {
    case 'request.submitted':
    case 'request.leader-confirmed':
    case 'request.leader-declined':
    case 'request.arkivleder-approved':
    case 'request.arkivleder-rejected':
    case 'request.information-requested':
    case 'request.information-provided':
    case 'request.approved':
    case 'request.rejected':
    case 'request.sent-to-atea':
    case 'request.carried-out':
    case 'request.withdrawn':
      return event;
    default:
      return null;
  }
}

/**
 * Folds one request's events into its state. The input may be listed in any
 * order and contain duplicates: the result is the same for any permutation.
 * `now` decides only expiry.
 */
export function foldRequest(
  entries: readonly LedgerEntry[],
  facts: DirectoryFacts,
  now: Date,
): RequestView {
  const ordered = orderEntries(entries);
  const anomalies: Anomaly[] = [...ordered.anomalies];
  const timeline: TimelineEntry[] = [];
  const ignore = (event: RecordedEvent, reason: AnomalyReason): void => {
    anomalies.push(anomalyOf(event, reason));
  };

  // The stream is the earliest submission's; events of any other stream do not belong here.
  const streamId =
    ordered.events.find((event) => event.type === 'request.submitted')?.streamId ??
    ordered.events[0]?.streamId ??
    null;

  let request: AccessRequest | null = null;
  let requester: PersonRef | null = null;
  let submittedAt: string | null = null;
  let phase = initialPhase;
  let decision: RequestDecision | null = null;
  let sentToAteaAt: string | null = null;
  let carriedOut: CarriedOut | null = null;
  let withdrawnAt: string | null = null;

  const accept = (event: RecordedEvent & RequestEvent, judged: Entitled): void => {
    timeline.push({
      eventId: event.eventId,
      type: event.type,
      author: event.author,
      capacity: judged.capacity,
      onBehalfOf: judged.onBehalfOf,
      recordedAt: event.recordedAt,
      occurredAt: event.occurredAt,
      textId: textIdOf(event),
    });
  };
  for (const recorded of ordered.events) {
    const event = asRequestEvent(recorded);
    if (event === null || recorded.streamId !== streamId) {
      ignore(recorded, 'anomaly.wrongStream');
      continue;
    }
    if (request === null || requester === null) {
      if (event.type !== 'request.submitted') {
        ignore(event, 'anomaly.outOfOrder');
        continue;
      }
      const judged = judgeSubmission(
        event.payload.request,
        event.author.id,
        facts,
        new Date(event.recordedAt),
      );
      if (typeof judged === 'string') {
        ignore(event, judged);
        continue;
      }
      request = event.payload.request;
      requester = event.author;
      submittedAt = event.recordedAt;
      phase = { tag: 'open', stage: requiredStages(request.kind)[0] ?? 'systemansvarlig' };
      accept(event, judged);
      continue;
    }

    const judged = judgeStep(event, {
      request,
      requesterId: requester.id,
      subjectId: requestSubjectId(request),
      phase,
      facts,
    });
    if (typeof judged === 'string') {
      ignore(event, judged);
      continue;
    }
    if (isFinal(phase)) {
      ignore(
        event,
        phase.tag === 'rejected' && decisionTypes.has(event.type)
          ? 'anomaly.alreadyDecided'
          : 'anomaly.afterFinal',
      );
      continue;
    }

    const decided = (
      outcome: RequestDecision['outcome'],
      stage: ApprovalStage,
      textId: string | null,
    ): RequestDecision => ({ outcome, stage, by: event.author, at: event.recordedAt, textId });

    let refused: AnomalyReason | null = null;
    switch (event.type) {
      case 'request.submitted':
        refused = 'anomaly.duplicateSubmission';
        break;
      case 'request.leader-confirmed':
        refused = stageRefusal(phase, 'leader');
        if (refused === null) phase = { tag: 'open', stage: 'arkivleder' };
        break;
      case 'request.leader-declined':
        refused = stageRefusal(phase, 'leader');
        if (refused === null) {
          phase = { tag: 'rejected' };
          decision = decided('rejected', 'leader', event.payload.reasonTextId);
        }
        break;
      case 'request.arkivleder-approved':
        refused = stageRefusal(phase, 'arkivleder');
        if (refused === null) phase = { tag: 'open', stage: 'systemansvarlig' };
        break;
      case 'request.arkivleder-rejected':
        refused = stageRefusal(phase, 'arkivleder');
        if (refused === null) {
          phase = { tag: 'rejected' };
          decision = decided('rejected', 'arkivleder', event.payload.reasonTextId);
        }
        break;
      case 'request.approved':
        refused = stageRefusal(phase, 'systemansvarlig');
        if (refused === null) {
          phase = { tag: 'approved' };
          decision = decided('approved', 'systemansvarlig', event.payload.noteTextId ?? null);
        }
        break;
      case 'request.rejected':
        refused = stageRefusal(phase, 'systemansvarlig');
        if (refused === null) {
          phase = { tag: 'rejected' };
          decision = decided('rejected', 'systemansvarlig', event.payload.reasonTextId);
        }
        break;
      case 'request.information-requested':
        if (phase.tag === 'open') {
          phase = {
            tag: 'needs-information',
            question: {
              stage: phase.stage,
              askedBy: event.author,
              askedAt: event.recordedAt,
              questionTextId: event.payload.questionTextId,
            },
          };
        } else refused = 'anomaly.outOfOrder';
        break;
      case 'request.information-provided':
        if (phase.tag === 'needs-information') phase = { tag: 'open', stage: phase.question.stage };
        else refused = 'anomaly.outOfOrder';
        break;
      case 'request.sent-to-atea':
        if (phase.tag !== 'approved') refused = 'anomaly.outOfOrder';
        else if (sentToAteaAt !== null) refused = 'anomaly.alreadyDecided';
        else sentToAteaAt = event.recordedAt;
        break;
      case 'request.carried-out': {
        const { grantedRight, elementsReference, carriedOutOn } = event.payload;
        if (phase.tag !== 'approved') refused = 'anomaly.outOfOrder';
        else if (request.kind === 'order.external-consultant' && sentToAteaAt === null) {
          refused = 'anomaly.outOfOrder';
        } else if (
          (grantedRight === 'write' && 'right' in request && request.right === 'read') ||
          (grantedRight !== undefined && !('right' in request))
        ) {
          refused = 'anomaly.grantExceedsRequest';
        } else {
          phase = { tag: 'carried-out' };
          carriedOut = {
            elementsReference,
            by: event.author,
            at: event.recordedAt,
            carriedOutOn: carriedOutOn ?? null,
            grantedRight: grantedRight ?? null,
          };
        }
        break;
      }
      case 'request.withdrawn':
        if (phase.tag === 'open' || phase.tag === 'needs-information') {
          phase = { tag: 'withdrawn' };
          withdrawnAt = event.recordedAt;
        } else refused = 'anomaly.alreadyDecided';
        break;
    }
    if (refused === null) accept(event, judged);
    else ignore(event, refused);
  }

  return view({
    streamId,
    request,
    requester,
    submittedAt,
    phase,
    decision,
    sentToAteaAt,
    carriedOut,
    withdrawnAt,
    timeline,
    anomalies: sortAnomalies(anomalies),
    facts,
    today: osloDate(now),
  });
}

interface Folded {
  readonly streamId: string | null;
  readonly request: AccessRequest | null;
  readonly requester: PersonRef | null;
  readonly submittedAt: string | null;
  readonly phase: Phase;
  readonly decision: RequestDecision | null;
  readonly sentToAteaAt: string | null;
  readonly carriedOut: CarriedOut | null;
  readonly withdrawnAt: string | null;
  readonly timeline: readonly TimelineEntry[];
  readonly anomalies: readonly Anomaly[];
  readonly facts: DirectoryFacts;
  readonly today: IsoDate;
}

function view(folded: Folded): RequestView {
  const { request, requester, phase, timeline, today } = folded;
  const base = {
    requestId: request === null ? null : folded.streamId,
    submittedAt: folded.submittedAt,
    requester,
    decision: folded.decision,
    sentToAteaAt: folded.sentToAteaAt,
    carriedOut: folded.carriedOut,
    withdrawnAt: folded.withdrawnAt,
    timeline,
    anomalies: folded.anomalies,
  };
  if (request === null || requester === null) {
    return {
      ...base,
      status: null,
      request: null,
      kind: null,
      requiredStages: [],
      stagesPassed: [],
      waitingFor: null,
      pendingQuestion: null,
      endDate: null,
      daysUntilExpiry: null,
    };
  }
  const stagesPassed = timeline.flatMap((entry) => {
    const stage = stageOfDecision[entry.type];
    return stage ? [stage] : [];
  });
  const endDate = requestEndDate(request);
  const standing = phase.tag === 'approved' || phase.tag === 'carried-out';
  const daysUntilExpiry = standing && endDate !== null ? daysBetween(today, endDate) : null;
  const expired = standing && endDate !== null && compareIsoDates(today, endDate) > 0;
  const group = (step: WaitingStep, name: DomainGroup): WaitingFor => ({
    step,
    personId: null,
    group: name,
  });

  let status: RequestStatus;
  let waitingFor: WaitingFor | null = null;
  switch (phase.tag) {
    case 'open':
      if (phase.stage === 'leader') {
        status = 'awaiting-leader';
        const subjectId = requestSubjectId(request);
        waitingFor = {
          step: 'leader',
          personId: subjectId === null ? null : folded.facts.managerOf(subjectId),
          group: null,
        };
      } else if (phase.stage === 'arkivleder') {
        status = 'awaiting-arkivleder';
        waitingFor = group('arkivleder', 'arkivleder');
      } else {
        status = timeline.length > 1 ? 'awaiting-systemansvarlig' : 'submitted';
        waitingFor = group('systemansvarlig', 'systemansvarlig');
      }
      break;
    case 'needs-information':
      status = 'needs-information';
      waitingFor = { step: 'requester', personId: requester.id, group: null };
      break;
    case 'approved':
      status = 'approved';
      waitingFor =
        request.kind === 'order.external-consultant' && folded.sentToAteaAt === null
          ? group('send-to-atea', 'systemansvarlig')
          : group('carry-out', 'systemansvarlig');
      break;
    case 'carried-out':
      status = 'carried-out';
      break;
    case 'rejected':
      status = 'rejected';
      break;
    case 'withdrawn':
      status = 'withdrawn';
      break;
  }
  if (expired) {
    status = 'expired';
    // Only a grant that was carried out has anything to remove; an approval never acted on just lapses.
    waitingFor = phase.tag === 'carried-out' ? group('remove-expired', 'systemansvarlig') : null;
  }
  return {
    ...base,
    status,
    request,
    kind: request.kind,
    requiredStages: requiredStages(request.kind),
    stagesPassed,
    waitingFor,
    pendingQuestion: phase.tag === 'needs-information' ? phase.question : null,
    endDate,
    daysUntilExpiry,
  };
}
