/**
 * Version 1's folds, frozen, for the migration only (migrate-ledger.ts, decision 014): which
 * events of a version 1 stream version 1 honoured, judged as version 1 judged them, against
 * the directory **as it is when the migration runs** (the only directory there is; version 1
 * read it the same way, every time it showed a stream).
 *
 * These are the rules of `src/domain/request-fold.ts`, `campaign-fold.ts` and
 * `delegation-fold.ts` as they were before decision 014, cut down to the one thing the
 * migration needs: the honoured events in the old fold's order (Created, then the event id),
 * and for a question the stage that asked. Nothing else may use them: version 2 trusts the
 * list an event is in and the facts it recorded, never today's directory.
 */
import { orderEntries, type AnomalyReason } from '../../src/domain/anomalies.ts';
import {
  delegationsHeldBy,
  leaderBasis,
  managerChain,
  type Delegation,
  type DirectoryFacts,
  type DirectoryLookup,
  type DomainGroup,
} from '../../src/domain/directory-facts.ts';
import type { CampaignEvent, RecordedEvent, RequestEvent } from '../../src/domain/events.ts';
import {
  isR8Kind,
  requestSubjectId,
  requiredStages,
  type AccessRequest,
  type ApprovalStage,
} from '../../src/domain/requests.ts';

/** An event version 1 honoured. */
export interface HonouredEvent {
  readonly event: RecordedEvent;
  /** For `request.information-requested`: the stage that asked (it decides the home list). */
  readonly stage?: ApprovalStage;
}

/** An event version 1 ignored, and its reason then. */
export interface RefusedEvent {
  readonly event: RecordedEvent;
  readonly reason: AnomalyReason;
}

export interface LegacyJudgement {
  /** In version 1's order. */
  readonly honoured: readonly HonouredEvent[];
  readonly refused: readonly RefusedEvent[];
}

// --- requests ------------------------------------------------------------------------------

type Phase =
  | { readonly tag: 'open' | 'needs-information'; readonly stage: ApprovalStage }
  | { readonly tag: 'approved' | 'rejected' | 'withdrawn' | 'carried-out' };

type Judgement = true | AnomalyReason;

const stageOrder: readonly ApprovalStage[] = ['leader', 'arkivleder', 'systemansvarlig'];

function currentStage(phase: Phase): ApprovalStage | null {
  return phase.tag === 'open' || phase.tag === 'needs-information' ? phase.stage : null;
}

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

const decisionTypes: ReadonlySet<string> = new Set([
  'request.leader-confirmed',
  'request.leader-declined',
  'request.arkivleder-approved',
  'request.arkivleder-rejected',
  'request.approved',
  'request.rejected',
]);

function asLeader(author: string, subjectId: string | null, facts: DirectoryFacts, at: Date) {
  if (subjectId === null) return 'anomaly.notApplicable' as const;
  if (author === subjectId) return 'anomaly.ownRequest' as const;
  return leaderBasis(author, subjectId, facts, at) === null ? 'anomaly.notEntitled' : true;
}

/** R1 and R4 as version 1 judged them: against the directory, at the event's Created. */
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
    case 'order.external-consultant':
      return facts.hasDirectReports(author) || delegationsHeldBy(author, facts, at).length > 0
        ? true
        : 'anomaly.notEntitled';
    case 'folder-access':
      return author === request.subject.id ? true : 'anomaly.notEntitled';
    case 'extended-access':
    case 'case-owner':
      return author === request.subject.id ? true : asLeader(author, request.subject.id, facts, at);
  }
}

function isRequestEvent(event: RecordedEvent): event is RecordedEvent & RequestEvent {
  return event.type.startsWith('request.');
}

/** Who may take a step after the submission, as version 1 judged it. */
function judgeStep(
  event: RecordedEvent & RequestEvent,
  request: AccessRequest,
  requesterId: string,
  phase: Phase,
  facts: DirectoryFacts,
): Judgement {
  const author = event.author.id;
  const subjectId = requestSubjectId(request);
  const at = new Date(event.recordedAt);
  const own = author === requesterId || author === subjectId;
  const asGroup = (group: DomainGroup): Judgement => {
    if (!facts.isMember(author, group)) return 'anomaly.notEntitled';
    return own ? 'anomaly.ownRequest' : true;
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
      return author === requesterId ? true : 'anomaly.notEntitled';
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

/**
 * One request stream as version 1's `foldRequest(entries, facts, now)` read it: the events it
 * put in the timeline. `facts.delegations` are version 1's (`legacyDelegations`).
 */
export function legacyRequest(
  events: readonly RecordedEvent[],
  facts: DirectoryFacts,
): LegacyJudgement {
  const ordered = orderEntries(events).events;
  const honoured: HonouredEvent[] = [];
  const refused: RefusedEvent[] = [];
  const refuse = (event: RecordedEvent, reason: AnomalyReason) => refused.push({ event, reason });
  const streamId =
    ordered.find((event) => event.type === 'request.submitted')?.streamId ??
    ordered[0]?.streamId ??
    null;
  let request: AccessRequest | null = null;
  let requesterId: string | null = null;
  let phase: Phase = { tag: 'open', stage: 'systemansvarlig' };
  let sentToAtea = false;

  for (const event of ordered) {
    if (!isRequestEvent(event) || event.streamId !== streamId) {
      refuse(event, 'anomaly.wrongStream');
      continue;
    }
    if (request === null || requesterId === null) {
      if (event.type !== 'request.submitted') {
        refuse(event, 'anomaly.outOfOrder');
        continue;
      }
      const judged = judgeSubmission(
        event.payload.request,
        event.author.id,
        facts,
        new Date(event.recordedAt),
      );
      if (judged !== true) {
        refuse(event, judged);
        continue;
      }
      request = event.payload.request;
      requesterId = event.author.id;
      phase = { tag: 'open', stage: requiredStages(request.kind)[0] ?? 'systemansvarlig' };
      honoured.push({ event });
      continue;
    }
    const asking = currentStage(phase) ?? 'systemansvarlig';
    const judged = judgeStep(event, request, requesterId, phase, facts);
    if (judged !== true) {
      refuse(event, judged);
      continue;
    }
    if (isFinal(phase)) {
      refuse(
        event,
        phase.tag === 'rejected' && decisionTypes.has(event.type)
          ? 'anomaly.alreadyDecided'
          : 'anomaly.afterFinal',
      );
      continue;
    }
    let refusal: AnomalyReason | null = null;
    switch (event.type) {
      case 'request.submitted':
        refusal = 'anomaly.duplicateSubmission';
        break;
      case 'request.leader-confirmed':
        refusal = stageRefusal(phase, 'leader');
        if (refusal === null) phase = { tag: 'open', stage: 'arkivleder' };
        break;
      case 'request.leader-declined':
      case 'request.arkivleder-rejected':
      case 'request.rejected': {
        const stage =
          event.type === 'request.leader-declined'
            ? 'leader'
            : event.type === 'request.arkivleder-rejected'
              ? 'arkivleder'
              : 'systemansvarlig';
        refusal = stageRefusal(phase, stage);
        if (refusal === null) phase = { tag: 'rejected' };
        break;
      }
      case 'request.arkivleder-approved':
        refusal = stageRefusal(phase, 'arkivleder');
        if (refusal === null) phase = { tag: 'open', stage: 'systemansvarlig' };
        break;
      case 'request.approved':
        refusal = stageRefusal(phase, 'systemansvarlig');
        if (refusal === null) phase = { tag: 'approved' };
        break;
      case 'request.information-requested':
        if (phase.tag === 'open') phase = { tag: 'needs-information', stage: phase.stage };
        else refusal = 'anomaly.outOfOrder';
        break;
      case 'request.information-provided':
        if (phase.tag === 'needs-information') phase = { tag: 'open', stage: phase.stage };
        else refusal = 'anomaly.outOfOrder';
        break;
      case 'request.sent-to-atea':
        if (phase.tag !== 'approved') refusal = 'anomaly.outOfOrder';
        else if (sentToAtea) refusal = 'anomaly.alreadyDecided';
        else sentToAtea = true;
        break;
      case 'request.carried-out': {
        // Version 1 wrote its facts plain; a sealed payload is no version 1 event.
        if ('sealed' in event.payload) {
          refusal = 'anomaly.unparseable';
          break;
        }
        const { grantedRight } = event.payload;
        if (phase.tag !== 'approved') refusal = 'anomaly.outOfOrder';
        else if (request.kind === 'order.external-consultant' && !sentToAtea) {
          refusal = 'anomaly.outOfOrder';
        } else if (
          (grantedRight === 'write' && 'right' in request && request.right === 'read') ||
          (grantedRight !== undefined && !('right' in request))
        ) {
          refusal = 'anomaly.grantExceedsRequest';
        } else phase = { tag: 'carried-out' };
        break;
      }
      case 'request.withdrawn':
        if (phase.tag === 'open' || phase.tag === 'needs-information') phase = { tag: 'withdrawn' };
        else refusal = 'anomaly.alreadyDecided';
        break;
    }
    if (refusal !== null) refuse(event, refusal);
    else {
      honoured.push(
        event.type === 'request.information-requested' ? { event, stage: asking } : { event },
      );
    }
  }
  return { honoured, refused };
}

// --- campaigns -----------------------------------------------------------------------------

function isCampaignEvent(event: RecordedEvent): event is RecordedEvent & CampaignEvent {
  return event.type.startsWith('campaign.');
}

/** One campaign as version 1's `foldCampaign(entries, facts, now)` read it. */
export function legacyCampaign(
  events: readonly RecordedEvent[],
  facts: DirectoryLookup,
): LegacyJudgement {
  const ordered = orderEntries(events).events;
  const honoured: HonouredEvent[] = [];
  const refused: RefusedEvent[] = [];
  const refuse = (event: RecordedEvent, reason: AnomalyReason) => refused.push({ event, reason });
  const streamId =
    ordered.find((event) => event.type === 'campaign.created')?.streamId ??
    ordered[0]?.streamId ??
    null;
  let created = false;
  let closed = false;
  /** Line id -> the person it is about, and whether its removal is confirmed. */
  const lines = new Map<string, { personId: string; removed: boolean }>();
  const people = new Map<string, string[]>();

  for (const event of ordered) {
    if (!isCampaignEvent(event) || event.streamId !== streamId) {
      refuse(event, 'anomaly.wrongStream');
      continue;
    }
    const author = event.author.id;
    const staff = facts.isMember(author, 'systemansvarlig') ? null : 'anomaly.notEntitled';
    if (!created) {
      if (event.type !== 'campaign.created') refuse(event, 'anomaly.outOfOrder');
      else if (staff !== null) refuse(event, staff);
      else {
        created = true;
        honoured.push({ event });
      }
      continue;
    }
    let refusal: AnomalyReason | null;
    switch (event.type) {
      case 'campaign.created':
        refusal = staff ?? 'anomaly.duplicateSubmission';
        break;
      case 'campaign.line-added':
        refusal = staff ?? (lines.has(event.payload.line.lineId) ? 'anomaly.duplicateLine' : null);
        break;
      case 'campaign.mail-sent': {
        const lineIds = people.get(event.payload.personId);
        refusal =
          staff ??
          (lineIds !== undefined && event.payload.lineIds.every((id) => lineIds.includes(id))
            ? null
            : 'anomaly.unknownLine');
        break;
      }
      case 'campaign.reminded':
        refusal = staff ?? (people.has(event.payload.personId) ? null : 'anomaly.unknownLine');
        break;
      case 'campaign.answered': {
        if (event.payload.personId !== undefined && event.payload.personId !== author) {
          refusal = 'anomaly.notEntitled';
          break;
        }
        const answered = event.payload.answers.map((answer) => lines.get(answer.lineId));
        refusal = answered.some((line) => line === undefined)
          ? 'anomaly.unknownLine'
          : answered.every((line) => line?.personId === author)
            ? null
            : 'anomaly.notEntitled';
        break;
      }
      case 'campaign.reply-recorded':
        refusal =
          staff ??
          (event.payload.personId === author
            ? 'anomaly.ownRequest'
            : people.has(event.payload.personId)
              ? null
              : 'anomaly.unknownLine');
        break;
      case 'campaign.removal-confirmed': {
        const line = lines.get(event.payload.lineId);
        refusal =
          staff ??
          (line === undefined
            ? 'anomaly.unknownLine'
            : line.removed
              ? 'anomaly.alreadyDecided'
              : null);
        break;
      }
      case 'campaign.closed':
        refusal = staff;
        break;
    }
    if (refusal === null && closed) refusal = 'anomaly.afterFinal';
    if (refusal !== null) {
      refuse(event, refusal);
      continue;
    }
    switch (event.type) {
      case 'campaign.line-added': {
        const { line } = event.payload;
        lines.set(line.lineId, { personId: line.person.id, removed: false });
        people.set(line.person.id, [...(people.get(line.person.id) ?? []), line.lineId]);
        break;
      }
      case 'campaign.removal-confirmed': {
        const line = lines.get(event.payload.lineId);
        if (line !== undefined) line.removed = true;
        break;
      }
      case 'campaign.closed':
        closed = true;
        break;
      default:
        break;
    }
    honoured.push({ event });
  }
  return { honoured, refused };
}

// --- delegations ---------------------------------------------------------------------------

export interface LegacyDelegations extends LegacyJudgement {
  /** Every delegation version 1 accepted: what its request folds judged delegates against. */
  readonly delegations: readonly Delegation[];
}

/** Every delegation stream as version 1's `foldDelegations(entries, facts, now)` read them. */
export function legacyDelegations(
  events: readonly RecordedEvent[],
  facts: DirectoryLookup,
): LegacyDelegations {
  const ordered = orderEntries(events).events;
  const honoured: HonouredEvent[] = [];
  const refused: RefusedEvent[] = [];
  const refuse = (event: RecordedEvent, reason: AnomalyReason) => refused.push({ event, reason });
  const drafts = new Map<string, { -readonly [K in keyof Delegation]: Delegation[K] }>();
  for (const event of ordered) {
    if (event.streamKind !== 'delegation') {
      refuse(event, 'anomaly.wrongStream');
      continue;
    }
    const existing = drafts.get(event.streamId);
    const author = event.author.id;
    if (event.type === 'delegation.granted') {
      const { leader, delegate, validFrom, validTo } = event.payload;
      if (!managerChain(leader.id, facts).includes(author)) refuse(event, 'anomaly.notEntitled');
      else if (author === delegate.id) refuse(event, 'anomaly.selfOrder');
      else if (existing !== undefined) refuse(event, 'anomaly.duplicateSubmission');
      else {
        drafts.set(event.streamId, {
          delegationId: event.streamId,
          leaderId: leader.id,
          delegateId: delegate.id,
          grantedById: author,
          validFrom,
          validTo: validTo ?? null,
          grantedAt: event.recordedAt,
          revokedAt: null,
        });
        honoured.push({ event });
      }
      continue;
    }
    if (event.type !== 'delegation.revoked') {
      refuse(event, 'anomaly.wrongStream');
      continue;
    }
    if (existing === undefined) {
      refuse(event, 'anomaly.outOfOrder');
      continue;
    }
    const entitled =
      author === existing.leaderId ||
      author === existing.delegateId ||
      managerChain(existing.leaderId, facts).includes(author);
    if (!entitled) refuse(event, 'anomaly.notEntitled');
    else if (existing.revokedAt !== null) refuse(event, 'anomaly.afterFinal');
    else {
      existing.revokedAt = event.recordedAt;
      honoured.push({ event });
    }
  }
  const delegations = [...drafts.values()].sort((a, b) =>
    a.delegationId < b.delegationId ? -1 : a.delegationId > b.delegationId ? 1 : 0,
  );
  return { honoured, refused, delegations };
}
