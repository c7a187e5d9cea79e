import type { LedgerEntry, RecordedEvent, UnreadableEvent } from './events.ts';
import type { PersonRef } from './person.ts';

/**
 * Why a fold ignored an event. Every key is a message key (messages.ts) that
 * explains it to systemansvarlig in nb and en.
 */
export const anomalyReasons = [
  /** The list item could not be read as an event. */
  'anomaly.unparseable',
  /** The author may not take this step (not the leader, not in the group, not the requester...). */
  'anomaly.notEntitled',
  /** A decision on a request the author made, or is the subject of. */
  'anomaly.ownRequest',
  /** An order for the author's own access (R1). */
  'anomaly.selfOrder',
  /** Two events with the same id and different content. */
  'anomaly.duplicateConflict',
  /** A second submission, grant or campaign creation in the same stream. */
  'anomaly.duplicateSubmission',
  /** The stream already ended (rejected, withdrawn, carried out, revoked, closed). */
  'anomaly.afterFinal',
  /** The step was already decided by someone else (concurrent decisions: the first one counts). */
  'anomaly.alreadyDecided',
  /** The step is not the one the request waits for (a stage skipped, or before the submission). */
  'anomaly.outOfOrder',
  /** The step does not belong to this kind of request. */
  'anomaly.notApplicable',
  /** The event belongs to another stream than the one being folded. */
  'anomaly.wrongStream',
  /** The recorded grant is wider than what was requested (R6, R7). */
  'anomaly.grantExceedsRequest',
  /** A campaign event about a line the campaign does not have. */
  'anomaly.unknownLine',
  /** A line id the campaign already has. */
  'anomaly.duplicateLine',
  /**
   * The event is not in its home list (decision 014): the permission check that
   * would prove its writer's role never ran, so it counts for nothing.
   */
  'anomaly.wrongList',
  /** The author already took another stage of this request (one person, one stage). */
  'anomaly.secondStage',
  /** A version 1 event that has no migrated copy: run the provisioning again. */
  'anomaly.notMigrated',
  /** Still counted: an owner changed the item after it was written. */
  'anomaly.edited',
  /** Still counted: the step was based on an event that is no longer in the ledger. */
  'anomaly.missingEvent',
  /** Still counted, in the list's own order: its Created goes back in time against its item id. */
  'anomaly.backdated',
  /** A recorded reply without the evidence read from the mailbox. */
  'anomaly.noEvidence',
] as const;

export type AnomalyReason = (typeof anomalyReasons)[number];

/** An event a fold ignored, and why. */
export interface Anomaly {
  /** The list the item is in. */
  readonly list: string | null;
  readonly eventId: string | null;
  readonly type: string | null;
  readonly author: PersonRef | null;
  readonly recordedAt: string | null;
  readonly reason: AnomalyReason;
  readonly params?: Readonly<Record<string, string | number>>;
}

export function anomalyOf(
  entry: RecordedEvent | UnreadableEvent,
  reason: AnomalyReason,
  params?: Readonly<Record<string, string | number>>,
): Anomaly {
  return {
    list: entry.list,
    eventId: entry.eventId,
    type: entry.type,
    author: entry.author,
    recordedAt: entry.recordedAt,
    reason,
    ...(params ? { params } : {}),
  };
}

/** JSON with object keys sorted: equal content gives equal text whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const timeOf = (value: string | null): number => {
  const time = value === null ? Number.NaN : Date.parse(value);
  return Number.isNaN(time) ? Number.NEGATIVE_INFINITY : time;
};

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The fold's order: SharePoint's Created, then event id. Clients' clocks are never used. */
export function compareRecorded(
  a: {
    readonly recordedAt: string | null;
    readonly eventId: string | null;
    readonly sequence?: number;
  },
  b: {
    readonly recordedAt: string | null;
    readonly eventId: string | null;
    readonly sequence?: number;
  },
): number {
  const byTime = timeOf(a.recordedAt) - timeOf(b.recordedAt);
  if (byTime !== 0) return byTime;
  // Within one second the store's write order decides; the event id only breaks what is left.
  const bySequence =
    (a.sequence ?? Number.MAX_SAFE_INTEGER) - (b.sequence ?? Number.MAX_SAFE_INTEGER);
  if (bySequence !== 0) return bySequence;
  return compareText(a.eventId ?? '', b.eventId ?? '');
}

/** A total order on anomalies, so any listing of the input reports them the same way. */
export function sortAnomalies(anomalies: readonly Anomaly[]): Anomaly[] {
  return [...anomalies].sort(
    (a, b) =>
      compareRecorded(a, b) ||
      compareText(a.reason, b.reason) ||
      compareText(canonicalJson(a), canonicalJson(b)),
  );
}

/** What identifies an event's content; the display name is a convenience copy and may differ. */
function contentOf(event: RecordedEvent): string {
  // Where the store put it is not content: the same event read twice is the same event.
  const { sequence: _sequence, revision: _revision, ...content } = event;
  return canonicalJson({ ...content, author: { id: event.author.id } });
}

/** One item is one (list, event id): the same id in another list is another item. */
function itemKey(event: { readonly list: string | null; readonly eventId: string | null }): string {
  return `${event.list ?? ''}\u0000${event.eventId ?? ''}`;
}

export interface OrderedEntries {
  /** Readable events, one per id, sorted by (recordedAt, eventId). */
  readonly events: readonly RecordedEvent[];
  readonly anomalies: readonly Anomaly[];
}

/**
 * The first step of every fold. Events written concurrently can be listed in
 * any order and a page can be read twice: sort by SharePoint's Created and the
 * event id, keep one copy of identical duplicates, and for the same list and
 * id with different content (SharePoint's unique EventId should make it
 * impossible) keep the earliest recorded one and report the rest.
 */
export function orderEntries(entries: readonly LedgerEntry[]): OrderedEntries {
  const anomalies: Anomaly[] = [];
  const unreadableSeen = new Set<string>();
  const byId = new Map<string, RecordedEvent[]>();
  for (const entry of entries) {
    if ('unreadable' in entry) {
      const key = canonicalJson(entry);
      if (!unreadableSeen.has(key)) anomalies.push(anomalyOf(entry, 'anomaly.unparseable'));
      unreadableSeen.add(key);
      continue;
    }
    const key = itemKey(entry);
    const same = byId.get(key);
    if (same === undefined) byId.set(key, [entry]);
    else same.push(entry);
  }
  const events: RecordedEvent[] = [];
  for (const same of byId.values()) {
    // Content is compared only where an id comes more than once: the common case costs nothing.
    if (same.length === 1) {
      events.push(...same);
      continue;
    }
    const versions = new Map<string, RecordedEvent>();
    for (const entry of same) versions.set(contentOf(entry), entry);
    const [first, ...others] = [...versions.entries()]
      .sort(
        ([contentA, a], [contentB, b]) => compareRecorded(a, b) || compareText(contentA, contentB),
      )
      .map(([, event]) => event);
    if (first) events.push(first);
    for (const other of others) anomalies.push(anomalyOf(other, 'anomaly.duplicateConflict'));
  }
  events.sort(compareRecorded);
  return { events, anomalies };
}
