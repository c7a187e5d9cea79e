import { anomalyOf, type Anomaly } from './anomalies.ts';
import type { RecordedEvent } from './events.ts';
import { roleOfList, type EventListKey } from './ledger-lists.ts';

/**
 * What every fold does before it judges anything (decision 014): leave out
 * version 1 originals that have migrated copies, put the events in an order no
 * writer's clock decides, and flag what an owner changed or removed.
 */

/** A list's own order: SharePoint's item ids (then Created, then the id, for items without one). */
export const bySequence = (a: RecordedEvent, b: RecordedEvent): number =>
  (a.sequence ?? Number.MAX_SAFE_INTEGER) - (b.sequence ?? Number.MAX_SAFE_INTEGER) ||
  Date.parse(a.recordedAt) - Date.parse(b.recordedAt) ||
  (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);

/** Created may lag the item id by SharePoint front ends' clock skew; more than this is a rewrite. */
const BACKDATE_TOLERANCE_MS = 60_000;

/**
 * Version 1 events (written before decision 014) count only through their
 * migrated copies; an original whose copy is here is left out silently.
 */
export function withoutMigrated(
  events: readonly RecordedEvent[],
  anomalies: Anomaly[],
): RecordedEvent[] {
  const originals = new Set(
    events.filter((event) => event.schemaVersion < 2).map((event) => event.eventId),
  );
  const migrated = new Set<string>();
  const current: RecordedEvent[] = [];
  for (const event of events) {
    if (event.schemaVersion < 2) continue;
    const from = event.context?.migratedFrom;
    if (from === undefined) {
      current.push(event);
    } else if (originals.has(from.eventId)) {
      migrated.add(from.eventId);
      current.push(event);
    } else {
      // A copy of nothing: the claim earns nothing (a migrated copy is excused from evidence
      // version 1 never kept), and the event is read as any other version 2 event.
      const { migratedFrom: _unproven, ...context } = event.context ?? {};
      current.push({ ...event, context });
    }
  }
  for (const event of events) {
    if (event.schemaVersion < 2 && !migrated.has(event.eventId)) {
      anomalies.push(anomalyOf(event, 'anomaly.notMigrated'));
    }
  }
  // Keep the caller's order.
  return current;
}

/**
 * The fold's order (decision 014). Within a list, SharePoint's item ids;
 * staff lists are merged by Created; a protected step (a role's list) comes
 * after every staff event it was based on (`basedOn`, or for a campaign's
 * close the answers up to `answersSeen.upTo`) and before every one it did not
 * see; one that records neither is placed by Created. Reports items whose
 * Created goes back against their list's item ids.
 */
export function causalOrder(
  events: readonly RecordedEvent[],
  anomalies: Anomaly[],
): RecordedEvent[] {
  const byList = new Map<EventListKey, RecordedEvent[]>();
  for (const event of events) {
    const list = byList.get(event.list);
    if (list === undefined) byList.set(event.list, [event]);
    else list.push(event);
  }
  for (const items of byList.values()) {
    items.sort(bySequence);
    let latest = Number.NEGATIVE_INFINITY;
    for (const item of items) {
      const time = Date.parse(item.recordedAt);
      if (time + BACKDATE_TOLERANCE_MS < latest)
        anomalies.push(anomalyOf(item, 'anomaly.backdated'));
      latest = Math.max(latest, time);
    }
  }
  const staffLists = [...byList.entries()].filter(([list]) => roleOfList(list) === null);
  const protectedEvents = protectedOrder(
    [...byList.entries()]
      .filter(([list]) => roleOfList(list) !== null)
      .flatMap(([, items]) => items),
  );
  // Staff events of several lists, each list in its own order, interleaved by Created.
  const staff: RecordedEvent[] = [];
  const heads = staffLists.map(([, items]) => ({ items, next: 0 }));
  for (;;) {
    let best: { items: RecordedEvent[]; next: number } | null = null;
    for (const head of heads) {
      const candidate = head.items[head.next];
      if (candidate === undefined) continue;
      const current = best?.items[best.next];
      if (
        current === undefined ||
        Date.parse(candidate.recordedAt) < Date.parse(current.recordedAt) ||
        (candidate.recordedAt === current.recordedAt && candidate.list < current.list)
      ) {
        best = head;
      }
    }
    if (best === null) break;
    const taken = best.items[best.next];
    best.next += 1;
    if (taken !== undefined) staff.push(taken);
  }
  const ordered: RecordedEvent[] = [];
  const emitted = new Set<RecordedEvent>();
  for (const step of protectedEvents) {
    const basedOn = step.context?.basedOn;
    const answersSeen = step.context?.answersSeen;
    for (const event of staff) {
      if (emitted.has(event)) continue;
      const before =
        basedOn !== undefined
          ? basedOn.includes(event.eventId)
          : answersSeen !== undefined
            ? (event.sequence ?? Number.MAX_SAFE_INTEGER) <= answersSeen.upTo
            : Date.parse(event.recordedAt) <= Date.parse(step.recordedAt);
      if (before) {
        ordered.push(event);
        emitted.add(event);
      }
    }
    ordered.push(step);
  }
  for (const event of staff) if (!emitted.has(event)) ordered.push(event);
  return ordered;
}

/** Within one Created second: a stream's creation first, its close last. */
function typeRank(event: RecordedEvent): number {
  if (event.type === 'request.submitted' || event.type === 'campaign.created') return 0;
  return event.type === 'campaign.closed' ? 2 : 1;
}

/**
 * Protected steps of different lists by Created (their writers are the role's
 * members, trusted not to set it back), each list in its own item order, and
 * never before a protected step it names in its `basedOn`.
 */
function protectedOrder(events: readonly RecordedEvent[]): RecordedEvent[] {
  const sorted = [...events].sort(
    (a, b) =>
      Date.parse(a.recordedAt) - Date.parse(b.recordedAt) ||
      typeRank(a) - typeRank(b) ||
      (a.list === b.list ? bySequence(a, b) : a.list < b.list ? -1 : 1),
  );
  const byId = new Map(sorted.map((event) => [event.eventId, event]));
  const ordered: RecordedEvent[] = [];
  const placed = new Set<RecordedEvent>();
  const visiting = new Set<RecordedEvent>();
  const place = (event: RecordedEvent): void => {
    if (placed.has(event) || visiting.has(event)) return;
    visiting.add(event);
    for (const id of event.context?.basedOn ?? []) {
      const earlier = byId.get(id);
      // Ids are unique per list only: a staff item may carry the id of a later protected step
      // (`{request}.sent-to-atea`, written first by anyone). A step never read what came after it.
      if (earlier !== undefined && couldHaveRead(event, earlier)) place(earlier);
    }
    visiting.delete(event);
    placed.add(event);
    ordered.push(event);
  };
  for (const event of sorted) place(event);
  return ordered;
}

/** Whether `earlier` existed when `step` was written: before it in its list, or by Created. */
function couldHaveRead(step: RecordedEvent, earlier: RecordedEvent): boolean {
  if (earlier === step) return false;
  if (earlier.list === step.list) {
    return (
      (earlier.sequence ?? Number.MAX_SAFE_INTEGER) < (step.sequence ?? Number.MAX_SAFE_INTEGER)
    );
  }
  return Date.parse(earlier.recordedAt) <= Date.parse(step.recordedAt);
}

/**
 * Flags what a fold still counts but systemansvarlig must know: owners' edits, lost events.
 * `present` is every event still in the ledger (default `events`): one the fold ignores, e.g.
 * in the wrong list, is not missing.
 */
export function integrityAnomalies(
  events: readonly RecordedEvent[],
  anomalies: Anomaly[],
  present: readonly RecordedEvent[] = events,
): void {
  const ids = new Set(present.map((event) => event.eventId));
  for (const event of events) {
    if (event.revision !== undefined) {
      anomalies.push(anomalyOf(event, 'anomaly.edited', { version: event.revision.version }));
    }
    const missing = (event.context?.basedOn ?? []).filter((id) => !ids.has(id));
    if (missing.length > 0) {
      anomalies.push(anomalyOf(event, 'anomaly.missingEvent', { count: missing.length }));
    }
  }
}
