import {
  anomalyOf,
  orderEntries,
  sortAnomalies,
  type Anomaly,
  type AnomalyReason,
} from './anomalies.ts';
import { blind } from './blinding.ts';
import { unseal } from './sealing.ts';
import { compareIsoDates, daysBetween, osloDate, type IsoDate } from './dates.ts';
import { delegationInForce, type Delegation, type DomainGroup } from './directory-facts.ts';
import {
  carriedOutFactsSchema,
  type CarriedOutFacts,
  type LedgerEntry,
  type RecordedEvent,
  type RequestEvent,
} from './events.ts';
import { staffListOf, type EventListKey } from './ledger-lists.ts';
import { bySequence, causalOrder, integrityAnomalies, withoutMigrated } from './ledger-order.ts';
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
 * never stored, and nothing is judged against today's directory (decision
 * 014), so a request reads the same after people leave, move or change leader.
 *
 * What counts, and why:
 * - **A role is proven by the list.** A step of systemansvarlig counts only in
 *   the Systemansvarlig list, the arkivleder's only in the Arkivleder list:
 *   SharePoint let its writer add there, so the writer held the role then. In
 *   any other list it is `anomaly.wrongList`.
 * - **The leader relation is what the writer recorded.** An order, an R8
 *   request by a leader and a leader's confirmation carry the subject's manager
 *   chain (and the delegation used) as the writer's client read it
 *   (`context.seen`); the step counts if that record makes the author a
 *   leader. It is a claim the next protected stage confirms by deciding.
 * - **Order without clocks.** A list's own item ids order its items; a
 *   protected step comes after every event it was based on
 *   (`context.basedOn`), and a staff event it did not see comes after it,
 *   whatever its Created says.
 * - **One person, one stage.** Nobody passes two of the leader, arkivleder and
 *   systemansvarlig stages, and no decision counts from the requester, the
 *   subject, or the leader a delegate acted for. A leader who submitted an R8
 *   request for an employee writes its confirmation too: the routine asks so.
 * - Only the requester provides information or withdraws, while undecided.
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
  /** The list the event is in: for a role's step, the proof of the role. */
  readonly list: EventListKey;
  /** A leader's confirmation: the MAC of the justification the leader confirmed (blinding.ts). */
  readonly justificationMac: string | null;
}

export interface RequestDecision {
  readonly outcome: 'approved' | 'rejected';
  readonly stage: ApprovalStage;
  readonly by: PersonRef;
  readonly at: string;
  readonly textId: string | null;
  /** The decider confirmed by hand an orderer's standing that the directory no longer showed. */
  readonly checkedStanding: boolean;
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
  /** The request's blinding key, when the reader could read the submission (blinding.ts). */
  readonly blindKey: string | null;
}

type Phase =
  | { readonly tag: 'open'; readonly stage: ApprovalStage }
  | { readonly tag: 'needs-information'; readonly question: PendingQuestion }
  | { readonly tag: 'approved' }
  | { readonly tag: 'rejected' }
  | { readonly tag: 'withdrawn' }
  | { readonly tag: 'carried-out' };

type Entitled = { readonly capacity: Capacity; readonly onBehalfOf: string | null };
type Judgement = Entitled | AnomalyReason;

const stageOrder: readonly ApprovalStage[] = ['leader', 'arkivleder', 'systemansvarlig'];

function currentStage(phase: Phase): ApprovalStage | null {
  if (phase.tag === 'open') return phase.stage;
  if (phase.tag === 'needs-information') return phase.question.stage;
  return null;
}

/** Null when the request stands at `stage`; otherwise why a step of that stage is refused. */
function stageRefusal(phase: Phase, stage: ApprovalStage): AnomalyReason | null {
  const current = currentStage(phase);
  if (current === stage) return null;
  if (current === null) return 'anomaly.alreadyDecided';
  return stageOrder.indexOf(current) > stageOrder.indexOf(stage)
    ? 'anomaly.alreadyDecided'
    : 'anomaly.outOfOrder';
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

/** The lists a step's type may be in; the step's list then says the stage that took it. */
function homesOf(type: RequestEvent['type'], r8: boolean | null): readonly EventListKey[] {
  // Without a request (r8 null) nothing after a submission counts anyway: any staff list will do.
  const staff: readonly EventListKey[] =
    r8 === null ? ['requests', 'r8'] : r8 ? ['r8'] : ['requests'];
  switch (type) {
    case 'request.submitted':
    case 'request.information-provided':
    case 'request.withdrawn':
      return staff;
    case 'request.leader-confirmed':
    case 'request.leader-declined':
      return ['shared'];
    case 'request.information-requested':
      return r8 === false ? ['systemansvarlig'] : ['shared', 'arkivleder', 'systemansvarlig'];
    case 'request.arkivleder-approved':
    case 'request.arkivleder-rejected':
      return ['arkivleder'];
    case 'request.approved':
    case 'request.rejected':
    case 'request.sent-to-atea':
    case 'request.carried-out':
      return ['systemansvarlig'];
  }
}

const listStage: Partial<Record<EventListKey, ApprovalStage>> = {
  shared: 'leader',
  arkivleder: 'arkivleder',
  systemansvarlig: 'systemansvarlig',
};

/**
 * Whether the author counts as a leader of the subject on the facts the event
 * recorded: in the recorded manager chain, or the delegate of someone in it
 * under a delegation the ledger holds and that was in force when recorded.
 */
function asRecordedLeader(
  event: RecordedEvent,
  subjectId: string,
  delegations: readonly Delegation[],
  blindKey: string | null,
): Judgement {
  const author = event.author.id;
  if (author === subjectId) return 'anomaly.ownRequest';
  const seen = event.context?.seen;
  if (seen === undefined) return 'anomaly.notEntitled';
  // A step in a public list records its facts blinded with the request's key (blinding.ts).
  const as = (id: string): string | null =>
    seen.blinded === true ? (blindKey === null ? null : blind(blindKey, id)) : id;
  // The facts must be about this request's subject: a chain recorded for someone else proves nothing.
  if (seen.about === null || seen.about !== as(subjectId)) return 'anomaly.notEntitled';
  const mine = as(author);
  if (mine !== null && seen.chain.includes(mine)) return { capacity: 'leader', onBehalfOf: null };
  const delegation = delegatedBy(event, delegations);
  const onBehalf = delegation === null ? null : as(delegation.leaderId);
  if (delegation !== null && onBehalf !== null && seen.chain.includes(onBehalf)) {
    return { capacity: 'delegate', onBehalfOf: delegation.leaderId };
  }
  return 'anomaly.notEntitled';
}

/** The delegation the event says it was written under, if the ledger holds it and it was in force. */
function delegatedBy(event: RecordedEvent, delegations: readonly Delegation[]): Delegation | null {
  const id = event.context?.seen?.delegationId;
  if (id === undefined) return null;
  const delegation = delegations.find((item) => item.delegationId === id);
  if (delegation === undefined || delegation.delegateId !== event.author.id) return null;
  return delegationInForce(delegation, new Date(event.recordedAt)) ? delegation : null;
}

/** R1 and R4: who may submit a request of this kind, on the facts the submission recorded. */
function judgeSubmission(
  request: AccessRequest,
  event: RecordedEvent,
  delegations: readonly Delegation[],
): Judgement {
  const key = event.context?.blindKey ?? null;
  const author = event.author.id;
  switch (request.kind) {
    case 'order.new-user':
    case 'order.change':
    case 'order.removal': {
      if (author === request.subject.id) return 'anomaly.selfOrder';
      return asRecordedLeader(event, request.subject.id, delegations, key);
    }
    case 'order.external-consultant': {
      if (event.context?.seen?.leads === true) return { capacity: 'leader', onBehalfOf: null };
      const delegation = delegatedBy(event, delegations);
      return delegation === null
        ? 'anomaly.notEntitled'
        : { capacity: 'delegate', onBehalfOf: delegation.leaderId };
    }
    case 'folder-access':
      return author === request.subject.id
        ? { capacity: 'requester', onBehalfOf: null }
        : 'anomaly.notEntitled';
    case 'extended-access':
    case 'case-owner':
      if (author === request.subject.id) return { capacity: 'requester', onBehalfOf: null };
      return asRecordedLeader(event, request.subject.id, delegations, key);
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

export interface RequestFoldOptions {
  /** Decides only expiry. */
  readonly now: Date;
  /**
   * Every accepted delegation (`foldDelegations(...).delegations`): a step
   * written as a delegate counts only under one the ledger holds.
   */
  readonly delegations?: readonly Delegation[];
}

/** A carried-out step's facts: plain (version 1, no key), or opened with the request's key. */
function carriedOutFactsOf(
  payload: { readonly sealed: string } | CarriedOutFacts,
  blindKey: string | null,
  eventId: string,
): CarriedOutFacts | null {
  if (!('sealed' in payload)) return payload;
  if (blindKey === null) return null;
  const opened = carriedOutFactsSchema.safeParse(unseal(blindKey, eventId, payload.sealed));
  return opened.success ? opened.data : null;
}

/**
 * Folds one request's events into its state. The input may be listed in any
 * order and contain duplicates: the result is the same for any permutation.
 */
export function foldRequest(
  entries: readonly LedgerEntry[],
  options: RequestFoldOptions,
): RequestView {
  const delegations = options.delegations ?? [];
  const ordered = orderEntries(entries);
  const anomalies: Anomaly[] = [...ordered.anomalies];
  const timeline: TimelineEntry[] = [];
  const ignore = (event: RecordedEvent, reason: AnomalyReason): void => {
    anomalies.push(anomalyOf(event, reason));
  };
  const current = withoutMigrated(ordered.events, anomalies);

  // The request is its first entitled submission (in its staff list's order); the stream is its.
  const submissions = current
    .filter(
      (event) =>
        event.type === 'request.submitted' &&
        event.list === staffListOf(event.payload.request.kind),
    )
    .sort(bySequence);
  const entitled = submissions.find(
    (event) =>
      event.type === 'request.submitted' &&
      typeof judgeSubmission(event.payload.request, event, delegations) !== 'string',
  );
  const submission = entitled ?? submissions[0] ?? null;
  const streamId = submission?.streamId ?? current[0]?.streamId ?? null;
  const r8 =
    entitled === undefined || entitled.type !== 'request.submitted'
      ? null
      : isR8Kind(entitled.payload.request.kind);

  const inStream: RecordedEvent[] = [];
  for (const event of current) {
    const step = asRequestEvent(event);
    if (step === null || event.streamId !== streamId) {
      ignore(event, 'anomaly.wrongStream');
      continue;
    }
    if (!homesOf(step.type, r8).includes(event.list)) {
      ignore(event, 'anomaly.wrongList');
      continue;
    }
    inStream.push(event);
  }
  integrityAnomalies(inStream, anomalies, current);

  let request: AccessRequest | null = null;
  let requester: PersonRef | null = null;
  let subjectId: string | null = null;
  let submittedAt: string | null = null;
  let onBehalfOf: string | null = null;
  let leaderChain: readonly string[] = [];
  let blindKey: string | null = null;
  let phase: Phase = { tag: 'open', stage: 'systemansvarlig' };
  let decision: RequestDecision | null = null;
  let sentToAteaAt: string | null = null;
  let carriedOut: CarriedOut | null = null;
  let withdrawnAt: string | null = null;
  const stageActors = new Map<ApprovalStage, Set<string>>();

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
      list: event.list,
      justificationMac: event.context?.justificationMac ?? null,
    });
  };

  /** A stage's step: not from the requester, the subject, the leader acted for, or another stage's actor. */
  const separation = (author: string, stage: ApprovalStage): AnomalyReason | null => {
    if (author === subjectId) return 'anomaly.ownRequest';
    if (author === requester?.id && !(stage === 'leader' && r8 === true)) {
      return 'anomaly.ownRequest';
    }
    if (author === onBehalfOf) return 'anomaly.ownRequest';
    for (const [other, actors] of stageActors) {
      if (other !== stage && actors.has(author)) return 'anomaly.secondStage';
    }
    return null;
  };

  for (const recorded of causalOrder(inStream, anomalies)) {
    const event = asRequestEvent(recorded);
    if (event === null) continue;
    if (request === null || requester === null) {
      if (event.type !== 'request.submitted') {
        ignore(event, 'anomaly.outOfOrder');
        continue;
      }
      const judged = judgeSubmission(event.payload.request, event, delegations);
      if (typeof judged === 'string') {
        ignore(event, judged);
        continue;
      }
      request = event.payload.request;
      requester = event.author;
      subjectId = requestSubjectId(request);
      submittedAt = event.recordedAt;
      onBehalfOf = judged.onBehalfOf;
      leaderChain = event.context?.seen?.chain ?? [];
      blindKey = event.context?.blindKey ?? null;
      phase = { tag: 'open', stage: requiredStages(request.kind)[0] ?? 'systemansvarlig' };
      accept(event, judged);
      continue;
    }
    const author = event.author.id;

    // Who may take the step, and in which stage it is taken.
    let judged: Judgement;
    let stage: ApprovalStage | null = null;
    switch (event.type) {
      case 'request.submitted':
        judged = 'anomaly.duplicateSubmission';
        break;
      case 'request.leader-confirmed':
      case 'request.leader-declined':
      case 'request.information-requested': {
        stage = listStage[event.list] ?? 'systemansvarlig';
        if (stage !== 'leader') {
          judged = { capacity: stage, onBehalfOf: null };
        } else if (r8 !== true || subjectId === null) {
          judged = 'anomaly.notApplicable';
        } else {
          // The leader who submitted the R8 request for the employee confirms it too.
          judged = asRecordedLeader(event, subjectId, delegations, blindKey);
        }
        break;
      }
      case 'request.arkivleder-approved':
      case 'request.arkivleder-rejected':
        stage = 'arkivleder';
        judged = { capacity: 'arkivleder', onBehalfOf: null };
        break;
      case 'request.approved':
      case 'request.rejected':
      case 'request.carried-out':
        stage = 'systemansvarlig';
        judged = { capacity: 'systemansvarlig', onBehalfOf: null };
        break;
      case 'request.sent-to-atea':
        stage = 'systemansvarlig';
        judged =
          request.kind === 'order.external-consultant'
            ? { capacity: 'systemansvarlig', onBehalfOf: null }
            : 'anomaly.notApplicable';
        break;
      case 'request.information-provided':
      case 'request.withdrawn':
        judged =
          author === requester.id
            ? { capacity: 'requester', onBehalfOf: null }
            : 'anomaly.notEntitled';
        break;
    }
    if (typeof judged !== 'string' && stage !== null) {
      judged = separation(author, stage) ?? judged;
    }
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
      at: ApprovalStage,
      textId: string | null,
    ): RequestDecision => ({
      outcome,
      stage: at,
      by: event.author,
      at: event.recordedAt,
      textId,
      checkedStanding: event.context?.checkedStanding === true,
    });

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
        if (phase.tag === 'open' && phase.stage === stage) {
          phase = {
            tag: 'needs-information',
            question: {
              stage: phase.stage,
              askedBy: event.author,
              askedAt: event.recordedAt,
              questionTextId: event.payload.questionTextId,
            },
          };
        } else if (stage !== null && phase.tag === 'open') {
          refused = stageRefusal(phase, stage);
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
        const facts = carriedOutFactsOf(event.payload, blindKey, event.eventId);
        if (facts === null) {
          // Sealed under another key, or changed since: nothing in it can be read or trusted.
          refused = 'anomaly.unparseable';
          break;
        }
        const { grantedRight, elementsReference, carriedOutOn } = facts;
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
    if (refused !== null) {
      ignore(event, refused);
      continue;
    }
    if (stage !== null)
      stageActors.set(stage, new Set([...(stageActors.get(stage) ?? []), author]));
    accept(event, judged);
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
    leaderChain,
    blindKey,
    today: osloDate(options.now),
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
  /** The subject's manager chain as the submission recorded it. */
  readonly leaderChain: readonly string[];
  readonly blindKey: string | null;
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
    blindKey: folded.blindKey,
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
        // Whom to tell: the subject's manager as the submission recorded it.
        waitingFor = { step: 'leader', personId: folded.leaderChain[0] ?? null, group: null };
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
