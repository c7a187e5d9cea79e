import {
  anomalyOf,
  orderEntries,
  sortAnomalies,
  type Anomaly,
  type AnomalyReason,
} from './anomalies.ts';
import type {
  AnswerChannel,
  CampaignDefinition,
  CampaignLine,
  CampaignOutcome,
  LinePresence,
  RemovalPlace,
  ReviewDecision,
} from './campaigns.ts';
import { addDays, compareIsoDates, osloDate, type IsoDate } from './dates.ts';
import type { CampaignEvent, LedgerEntry, RecordedEvent } from './events.ts';
import { homeListOf } from './ledger-lists.ts';
import type { PersonRef } from './person.ts';
import { causalOrder, integrityAnomalies, withoutMigrated } from './ledger-order.ts';

/**
 * A review campaign's state (R11, R12), derived from its events alone
 * (decision 014). Every step but an answer is systemansvarlig's, proven by the
 * list it is in (the campaign's creation and close in the Systemansvarlig
 * list, the rest in the reviews list, which only that group can add to); an
 * answer counts only from the person the line is about (their own authored
 * event), or as a plain e-mail reply that a systemansvarlig recorded from the
 * campaign mailbox with what the mailbox showed. The latest answer per line
 * counts until the campaign is closed; an answer the close did not see comes
 * after it. Lines of people who have left or moved go straight to removal.
 */

export type CampaignStatus = 'draft' | 'open' | 'closed';

export interface LineAnswer {
  readonly decision: ReviewDecision;
  readonly comment: string | null;
  readonly at: string;
  readonly channel: AnswerChannel;
  /** Recorded after the deadline (Oslo calendar day). */
  readonly late: boolean;
  /** Who wrote the event: the person, or the systemansvarlig who recorded their reply. */
  readonly recordedBy: PersonRef;
}

export interface LineRemoval {
  readonly where: RemovalPlace;
  readonly reference: string | null;
  readonly by: PersonRef;
  readonly at: string;
}

export interface CampaignLineView {
  readonly line: CampaignLine;
  /** `left` / `moved` since the last review: on the removal list without asking anyone. */
  readonly presence: LinePresence;
  readonly answer: LineAnswer | null;
  readonly removal: LineRemoval | null;
}

export interface CampaignPersonView {
  readonly person: PersonRef;
  /** Everyone who is still here is asked; leavers and movers are not mailed. */
  readonly presence: LinePresence;
  readonly lineIds: readonly string[];
  /** Each review e-mail sent to them (more than one is a duplicate to look into). */
  readonly mailedAt: readonly string[];
  readonly remindedAt: readonly string[];
  readonly answeredAll: boolean;
}

export interface CampaignTimelineEntry {
  readonly eventId: string;
  readonly type: CampaignEvent['type'];
  readonly author: PersonRef;
  readonly recordedAt: string;
  readonly occurredAt: string;
}

export interface CampaignSummary {
  readonly lines: number;
  readonly kept: number;
  readonly toRemove: number;
  readonly unanswered: number;
  readonly removalsConfirmed: number;
  readonly removalsPending: number;
  /** Lines of people no longer in the directory. */
  readonly leavers: number;
  /** Lines of people whose unit or leader changed since the last review. */
  readonly movers: number;
}

export interface CampaignView {
  /** The stream id of the accepted creation; null when there is none. */
  readonly campaignId: string | null;
  /** null: no accepted creation. */
  readonly status: CampaignStatus | null;
  readonly definition: CampaignDefinition | null;
  readonly createdBy: PersonRef | null;
  readonly createdAt: string | null;
  /** Past the deadline and not closed. */
  readonly overdue: boolean;
  readonly lines: readonly CampaignLineView[];
  readonly people: readonly CampaignPersonView[];
  /** People asked (still here) with at least one unanswered line. */
  readonly notAnswered: readonly PersonRef[];
  /** Not answered, mailed, and last contacted at least `reminderEveryDays` ago: the next reminders. */
  readonly dueForReminder: readonly PersonRef[];
  /** Lines answered "remove", and lines of leavers and movers, whose removal is not confirmed yet. */
  readonly removalList: readonly CampaignLineView[];
  readonly confirmedRemovals: readonly CampaignLineView[];
  /** After the deadline: unanswered lines, listed for action. */
  readonly unansweredAfterDeadline: readonly CampaignLineView[];
  readonly summary: CampaignSummary;
  readonly outcome: {
    readonly result: CampaignOutcome;
    readonly closedBy: PersonRef;
    readonly closedAt: string;
    readonly reportReference: string | null;
  } | null;
  readonly timeline: readonly CampaignTimelineEntry[];
  readonly anomalies: readonly Anomaly[];
  /** The ids of the campaign's answer events the fold read, and the highest item id among them. */
  readonly answersSeen: { readonly upTo: number; readonly count: number };
}

interface LineDraft {
  line: CampaignLine;
  answer: LineAnswer | null;
  removal: LineRemoval | null;
}

interface PersonDraft {
  person: PersonRef;
  presence: LinePresence;
  lineIds: string[];
  mailedAt: string[];
  remindedAt: string[];
}

function asCampaignEvent(event: RecordedEvent): (RecordedEvent & CampaignEvent) | null {
  switch (event.type) {
    case 'campaign.created':
    case 'campaign.line-added':
    case 'campaign.mail-sent':
    case 'campaign.answered':
    case 'campaign.reply-recorded':
    case 'campaign.reminded':
    case 'campaign.removal-confirmed':
    case 'campaign.closed':
      return event;
    default:
      return null;
  }
}

/** Folds one campaign's events; any listing order gives the same result. */
export function foldCampaign(entries: readonly LedgerEntry[], now: Date): CampaignView {
  const ordered = orderEntries(entries);
  const anomalies: Anomaly[] = [...ordered.anomalies];
  const timeline: CampaignTimelineEntry[] = [];
  const current = withoutMigrated(ordered.events, anomalies);
  const streamId =
    current.find((event) => event.type === 'campaign.created' && event.list === 'systemansvarlig')
      ?.streamId ??
    current[0]?.streamId ??
    null;
  const inStream: (RecordedEvent & CampaignEvent)[] = [];
  for (const recorded of current) {
    const event = asCampaignEvent(recorded);
    if (event === null || recorded.streamId !== streamId) {
      anomalies.push(anomalyOf(recorded, 'anomaly.wrongStream'));
    } else if (event.list !== homeListOf(event, { r8: false })) {
      anomalies.push(anomalyOf(recorded, 'anomaly.wrongList'));
    } else {
      inStream.push(event);
    }
  }
  integrityAnomalies(inStream, anomalies, current);
  const answers = inStream.filter((event) => event.type === 'campaign.answered');
  const answersSeen = {
    upTo: Math.max(0, ...answers.map((event) => event.sequence ?? 0)),
    count: answers.length,
  };

  let definition: CampaignDefinition | null = null;
  let createdBy: PersonRef | null = null;
  let createdAt: string | null = null;
  let outcome: CampaignView['outcome'] = null;
  const lines = new Map<string, LineDraft>();
  const people = new Map<string, PersonDraft>();

  for (const recorded of causalOrder(inStream, anomalies)) {
    const event = asCampaignEvent(recorded);
    if (event === null) continue;
    const refuse = (reason: AnomalyReason): void => {
      anomalies.push(anomalyOf(recorded, reason));
    };
    const author = event.author.id;

    if (definition === null) {
      if (event.type !== 'campaign.created') refuse('anomaly.outOfOrder');
      else {
        definition = event.payload.campaign;
        createdBy = event.author;
        createdAt = event.recordedAt;
        timeline.push(entryOf(event));
      }
      continue;
    }

    const refusal = judge(event, { author, lines, people });
    if (refusal !== null) {
      refuse(refusal);
      continue;
    }
    if (outcome !== null) {
      refuse('anomaly.afterFinal');
      continue;
    }

    const late = compareIsoDates(osloDate(new Date(event.recordedAt)), definition.deadline) > 0;
    switch (event.type) {
      case 'campaign.created':
        break;
      case 'campaign.line-added': {
        const { line } = event.payload;
        lines.set(line.lineId, { line, answer: null, removal: null });
        const person = people.get(line.person.id) ?? {
          person: line.person,
          presence: line.presence ?? 'present',
          lineIds: [],
          mailedAt: [],
          remindedAt: [],
        };
        person.lineIds.push(line.lineId);
        people.set(line.person.id, person);
        break;
      }
      case 'campaign.mail-sent':
        people.get(event.payload.personId)?.mailedAt.push(event.recordedAt);
        break;
      case 'campaign.reminded':
        people.get(event.payload.personId)?.remindedAt.push(event.recordedAt);
        break;
      case 'campaign.answered':
        for (const answer of event.payload.answers) {
          const line = lines.get(answer.lineId);
          if (line) {
            line.answer = {
              decision: answer.decision,
              comment: answer.comment ?? null,
              at: event.recordedAt,
              channel: event.payload.channel,
              late,
              recordedBy: event.author,
            };
          }
        }
        break;
      case 'campaign.reply-recorded':
        for (const lineId of people.get(event.payload.personId)?.lineIds ?? []) {
          const line = lines.get(lineId);
          if (line) {
            line.answer = {
              decision: event.payload.decision,
              comment: null,
              at: event.recordedAt,
              channel: 'reply',
              late,
              recordedBy: event.author,
            };
          }
        }
        break;
      case 'campaign.removal-confirmed': {
        const line = lines.get(event.payload.lineId);
        if (line) {
          line.removal = {
            where: event.payload.where,
            reference: event.payload.reference ?? null,
            by: event.author,
            at: event.recordedAt,
          };
        }
        break;
      }
      case 'campaign.closed': {
        const seen = event.context?.answersSeen;
        if (seen !== undefined) {
          const before = answers.filter((answer) => (answer.sequence ?? 0) <= seen.upTo).length;
          if (before < seen.count) {
            anomalies.push(
              anomalyOf(event, 'anomaly.missingEvent', { count: seen.count - before }),
            );
          }
        }
        outcome = {
          result: event.payload.outcome,
          closedBy: event.author,
          closedAt: event.recordedAt,
          reportReference: event.payload.reportReference ?? null,
        };
        break;
      }
    }
    timeline.push(entryOf(event));
  }

  const today = osloDate(now);
  const lineViews: CampaignLineView[] = [...lines.values()].map((line) => ({
    ...line,
    presence: line.line.presence ?? 'present',
  }));
  const personViews: CampaignPersonView[] = [...people.values()].map((person) => ({
    person: person.person,
    presence: person.presence,
    lineIds: [...person.lineIds],
    mailedAt: [...person.mailedAt],
    remindedAt: [...person.remindedAt],
    answeredAll: person.lineIds.every((lineId) => lines.get(lineId)?.answer != null),
  }));
  const notAnswered = personViews.filter(
    (person) => person.presence === 'present' && !person.answeredAll,
  );
  const overdue =
    definition !== null && outcome === null && compareIsoDates(today, definition.deadline) > 0;
  const reminderEveryDays = definition?.reminderEveryDays ?? 0;
  const dueForReminder =
    definition === null || outcome !== null
      ? []
      : notAnswered.filter((person) => {
          const contacts = [...person.mailedAt, ...person.remindedAt].map((at) =>
            osloDate(new Date(at)),
          );
          if (person.mailedAt.length === 0) return false;
          const last = contacts.sort().at(-1) ?? today;
          return compareIsoDates(addDays(last, reminderEveryDays), today) <= 0;
        });
  const removalList = lineViews.filter(
    (line) =>
      line.removal === null && (line.presence !== 'present' || line.answer?.decision === 'remove'),
  );
  const confirmedRemovals = lineViews.filter((line) => line.removal !== null);
  const unanswered = lineViews.filter(
    (line) => line.presence === 'present' && line.answer === null,
  );

  let status: CampaignStatus | null = null;
  if (definition !== null) {
    status =
      outcome !== null
        ? 'closed'
        : personViews.some((person) => person.mailedAt.length > 0)
          ? 'open'
          : 'draft';
  }

  return {
    campaignId: definition === null ? null : streamId,
    status,
    definition,
    createdBy,
    createdAt,
    overdue,
    lines: lineViews,
    people: personViews,
    notAnswered: notAnswered.map((person) => person.person),
    dueForReminder: dueForReminder.map((person) => person.person),
    removalList,
    confirmedRemovals,
    unansweredAfterDeadline:
      definition !== null && compareIsoDates(today, definition.deadline) > 0 ? unanswered : [],
    summary: {
      lines: lineViews.length,
      kept: lineViews.filter((line) => line.answer?.decision === 'keep').length,
      toRemove: lineViews.filter((line) => line.answer?.decision === 'remove').length,
      unanswered: unanswered.length,
      removalsConfirmed: confirmedRemovals.length,
      removalsPending: removalList.length,
      leavers: lineViews.filter((line) => line.presence === 'left').length,
      movers: lineViews.filter((line) => line.presence === 'moved').length,
    },
    outcome,
    timeline,
    anomalies: sortAnomalies(anomalies),
    answersSeen,
  };
}

function entryOf(event: RecordedEvent & CampaignEvent): CampaignTimelineEntry {
  return {
    eventId: event.eventId,
    type: event.type,
    author: event.author,
    recordedAt: event.recordedAt,
    occurredAt: event.occurredAt,
  };
}

interface JudgeContext {
  readonly author: string;
  readonly lines: ReadonlyMap<string, LineDraft>;
  readonly people: ReadonlyMap<string, PersonDraft>;
}

/**
 * Null when the author may take the step on what the campaign holds; otherwise
 * why not. Systemansvarlig's steps are in their home lists already (checked
 * before), which is what proves the role.
 */
function judge(event: RecordedEvent & CampaignEvent, context: JudgeContext): AnomalyReason | null {
  const { author, lines, people } = context;
  switch (event.type) {
    case 'campaign.created':
      return 'anomaly.duplicateSubmission';
    case 'campaign.line-added':
      return lines.has(event.payload.line.lineId) ? 'anomaly.duplicateLine' : null;
    case 'campaign.mail-sent': {
      const person = people.get(event.payload.personId);
      return person && event.payload.lineIds.every((lineId) => person.lineIds.includes(lineId))
        ? null
        : 'anomaly.unknownLine';
    }
    case 'campaign.reminded':
      return people.has(event.payload.personId) ? null : 'anomaly.unknownLine';
    case 'campaign.answered': {
      if (event.payload.personId !== undefined && event.payload.personId !== author) {
        return 'anomaly.notEntitled';
      }
      const answered = event.payload.answers.map((answer) => lines.get(answer.lineId));
      if (answered.some((line) => line === undefined)) return 'anomaly.unknownLine';
      return answered.every((line) => line?.line.person.id === author)
        ? null
        : 'anomaly.notEntitled';
    }
    case 'campaign.reply-recorded':
      // Someone under review answers for themselves directly; recording one's own reply is not that.
      if (event.payload.personId === author) return 'anomaly.ownRequest';
      // A copy the migration made of a version 1 reply (decision 014) has none to give: version 1
      // recorded no evidence, and its original counted without.
      if (
        event.schemaVersion >= 2 &&
        event.payload.evidence === undefined &&
        event.context?.migratedFrom === undefined
      ) {
        return 'anomaly.noEvidence';
      }
      return people.has(event.payload.personId) ? null : 'anomaly.unknownLine';
    case 'campaign.removal-confirmed': {
      const line = lines.get(event.payload.lineId);
      if (!line) return 'anomaly.unknownLine';
      return line.removal === null ? null : 'anomaly.alreadyDecided';
    }
    case 'campaign.closed':
      return null;
  }
}

/** The latest date the campaign was started, for the R11/R12 due-date checks. */
export function campaignStartedOn(view: CampaignView): IsoDate | null {
  return view.createdAt === null ? null : osloDate(new Date(view.createdAt));
}
