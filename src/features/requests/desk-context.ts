/**
 * What the request desk and the triage actions share: their dependencies,
 * reading and folding streams with directory facts, and asking the fold
 * whether a step by the signed-in person would count before it is written.
 */
import { defaultCatalogue, type Catalogue } from '../../domain/catalogue.ts';
import { defaultDomainConfig, type DomainConfig } from '../../domain/config.ts';
import { foldDelegations } from '../../domain/delegation-fold.ts';
import { withDelegations, type DirectoryFacts } from '../../domain/directory-facts.ts';
import {
  isUnreadable,
  parseRecordedEvents,
  toEnvelope,
  type LedgerEntry,
  type LedgerEvent,
  type RecordedEvent,
} from '../../domain/events.ts';
import type { Reason } from '../../domain/messages.ts';
import type { PersonRef } from '../../domain/person.ts';
import { foldRequest, type RequestView } from '../../domain/request-fold.ts';
import type { ChannelNotifier } from '../../m365/channel-notifier.ts';
import type { DirectoryPerson, PeopleDirectory } from '../../m365/directory.ts';
import { GraphError } from '../../m365/errors.ts';
import type { Ledger, ListQuery, StoredEvent, StreamEvents } from '../../m365/ledger.ts';
import type { Mailer } from '../../m365/mailer.ts';
import { loadDirectoryFacts, type RoleGroups } from './load-facts.ts';
import type { TriageChannel } from './notifications.ts';
import type { RequestSummary } from './request-desk.ts';

/** What a page hands the request desk (and the triage actions). */
export interface RequestDeskDeps {
  readonly ledger: Ledger;
  readonly directory: PeopleDirectory;
  readonly mailer: Mailer;
  readonly channel: ChannelNotifier;
  /**
   * The signed-in person. Called once per desk call; the page passes a
   * memoised function (the identity does not change under a desk).
   */
  readonly me: () => Promise<DirectoryPerson>;
  /** Entra object ids of the Systemansvarlig and Arkivleder groups. */
  readonly groups: RoleGroups;
  /** The Dokumentsenteret team's triage channel; `teamId` also decides the notification route. */
  readonly triage: TriageChannel;
  /** Default: `defaultCatalogue`. */
  readonly catalogue?: Catalogue;
  /** Default: `defaultDomainConfig` (external consultants at most 12 months). */
  readonly domainConfig?: DomainConfig;
  /** R10: where approved external-consultant orders are mailed. */
  readonly ateaOrderAddress: string;
  readonly links: {
    /** An absolute URL that opens the request (a Teams deep link, or the workbench's `index.html?request=`). */
    request(requestId: string): string;
    /**
     * An absolute URL that opens the request where systemansvarlig triages it
     * (the channel tab), for the channel announcement and the information
     * answer. Default: {@link request}.
     */
    triage?(requestId: string): string;
  };
  /** Default: the system clock. Used for expiry, delegations in force and the events' `occurredAt`. */
  readonly now?: () => Date;
}

/** How long the list of delegation events is reused: they change a few times a year. */
const DELEGATIONS_CACHE_MS = 60_000;

/** The id of the hypothetical event a probe folds in; never written. */
const PROBE_EVENT_ID = 'probe.not-written';

export type DeskContext = ReturnType<typeof createDeskContext>;

export function createDeskContext(deps: RequestDeskDeps) {
  const { ledger, directory, groups } = deps;
  const catalogue = deps.catalogue ?? defaultCatalogue;
  const config = deps.domainConfig ?? defaultDomainConfig;
  const now = deps.now ?? (() => new Date());

  let delegationCache: { readonly at: number; readonly entries: Promise<LedgerEntry[]> } | null =
    null;

  /** Every delegation event (few: a leader's leader grants them now and then). */
  function delegationEntries(): Promise<LedgerEntry[]> {
    const at = now().getTime();
    if (delegationCache !== null && at - delegationCache.at < DELEGATIONS_CACHE_MS) {
      return delegationCache.entries;
    }
    const entries = listAll(ledger, { by: 'streamKind', value: 'delegation' }).then((events) =>
      parseRecordedEvents(events),
    );
    const cached = { at, entries };
    delegationCache = cached;
    // A failed read must not be remembered.
    entries.catch(() => {
      if (delegationCache === cached) delegationCache = null;
    });
    return entries;
  }

  /**
   * Directory facts for judging events by `personIds`, with the delegations
   * they hold. Only delegations whose delegate is one of them can make one of
   * their events count, so only those are folded, and only their leaders'
   * manager chains are read besides.
   */
  async function factsFor(personIds: Iterable<string>): Promise<DirectoryFacts> {
    const people = new Set(personIds);
    const all = await delegationEntries();
    const streams = new Set<string>();
    const leaders = new Set<string>();
    for (const entry of all) {
      if (isUnreadable(entry) || entry.type !== 'delegation.granted') continue;
      if (!people.has(entry.payload.delegate.id)) continue;
      streams.add(entry.streamId);
      leaders.add(entry.payload.leader.id);
    }
    const relevant = all.filter((entry) => !isUnreadable(entry) && streams.has(entry.streamId));
    const facts = await loadDirectoryFacts(directory, groups, [...people, ...leaders]);
    if (relevant.length === 0) return facts;
    return withDelegations(facts, foldDelegations(relevant, facts, now()).delegations);
  }

  const teamMembership = new Map<string, Promise<boolean>>();

  /** Whether the person is in the Dokumentsenteret team (its group id is the team id). */
  function isTeamMember(personId: string): Promise<boolean> {
    const known = teamMembership.get(personId);
    if (known !== undefined) return known;
    const asked = directory
      .memberOfGroups(personId, [deps.triage.teamId])
      .then((ids) => ids.length > 0);
    teamMembership.set(personId, asked);
    asked.catch(() => teamMembership.delete(personId));
    return asked;
  }

  /** Folds streams with one set of facts for everyone in them. */
  async function foldStreams(
    streams: readonly StreamEvents[],
    alsoJudge: readonly string[] = [],
  ): Promise<{ streamId: string; entries: LedgerEntry[]; view: RequestView }[]> {
    const parsed = streams.map((stream) => ({
      streamId: stream.streamId,
      entries: entriesOf(stream),
    }));
    const people = new Set(alsoJudge);
    for (const { entries } of parsed) for (const id of peopleIn(entries)) people.add(id);
    const facts = await factsFor(people);
    const at = now();
    return parsed.map(({ streamId, entries }) => ({
      streamId,
      entries,
      view: foldRequest(entries, facts, at),
    }));
  }

  return {
    deps,
    catalogue,
    config,
    now,
    factsFor,
    isTeamMember,
    foldStreams,
  };
}

/** Every page of a listing. */
export async function listAll(ledger: Ledger, query: ListQuery): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await ledger.list({ ...query, ...(cursor === undefined ? {} : { cursor }) });
    events.push(...page.events);
    cursor = page.cursor;
  } while (cursor !== undefined);
  return events;
}

/** A stream as the folds read it: malformed items become anomalies, not gaps. */
export function entriesOf(stream: StreamEvents): LedgerEntry[] {
  return parseRecordedEvents([...stream.events, ...stream.malformed]);
}

/** Streams of many ids, read in `$batch`es (nothing to read, no round trip). */
export function readStreams(ledger: Ledger, streamIds: Iterable<string>): Promise<StreamEvents[]> {
  const ids = [...new Set(streamIds)];
  return ids.length === 0 ? Promise.resolve([]) : ledger.readStreams(ids);
}

/** Everyone whose directory facts the fold of these events needs. */
export function peopleIn(entries: readonly LedgerEntry[]): Set<string> {
  const people = new Set<string>();
  for (const entry of entries) {
    if (entry.author !== null) people.add(entry.author.id);
    if (isUnreadable(entry)) continue;
    if (entry.subjectId !== undefined) people.add(entry.subjectId);
    if (entry.type === 'request.submitted') {
      const { request } = entry.payload;
      if (request.kind === 'order.external-consultant') people.add(request.agreedWith.id);
      else people.add(request.subject.id);
    }
  }
  return people;
}

export function personRef(person: DirectoryPerson): PersonRef {
  return { id: person.id, displayName: person.displayName };
}

/**
 * Whether the fold would accept `event` from `me` if it were written now: the
 * desk refuses early what the fold would ignore, with the fold's own reason,
 * so the rules live in one place. Empty when it would count.
 */
export function wouldRefuse(
  entries: readonly LedgerEntry[],
  streamId: string,
  event: LedgerEvent,
  me: PersonRef,
  facts: DirectoryFacts,
  now: Date,
): Reason[] {
  let latest = now.getTime();
  for (const entry of entries) {
    const time = entry.recordedAt === null ? Number.NaN : Date.parse(entry.recordedAt);
    if (!Number.isNaN(time) && time >= latest) latest = time + 1000;
  }
  const at = new Date(latest);
  const probe: RecordedEvent = {
    ...toEnvelope(event, { eventId: PROBE_EVENT_ID, streamId, occurredAt: at }),
    author: me,
    recordedAt: at.toISOString(),
    sequence: Number.MAX_SAFE_INTEGER,
  };
  const view = foldRequest([...entries, probe], facts, now);
  if (view.timeline.some((entry) => entry.eventId === PROBE_EVENT_ID)) return [];
  const anomaly = view.anomalies.find((entry) => entry.eventId === PROBE_EVENT_ID);
  return [{ key: anomaly?.reason ?? 'anomaly.notEntitled' }];
}

export function summarize(streamId: string, view: RequestView): RequestSummary {
  const request = view.request;
  return {
    requestId: streamId,
    kind: view.kind,
    status: view.status,
    base: request?.base ?? null,
    subject:
      request !== null && request.kind !== 'order.external-consultant' ? request.subject : null,
    requester: view.requester,
    submittedAt: view.submittedAt,
    waitingFor: view.waitingFor,
    caseNumber: request !== null && 'caseNumber' in request ? request.caseNumber : null,
    grading: request !== null && 'grading' in request ? (request.grading ?? null) : null,
  };
}

/** Newest first; requests never accepted (no submission time) last. */
export function newestFirst(a: RequestSummary, b: RequestSummary): number {
  const byTime = (b.submittedAt ?? '').localeCompare(a.submittedAt ?? '');
  return byTime !== 0 ? byTime : a.requestId.localeCompare(b.requestId);
}

/** FNV-1a, 32 bits, hex: a short, stable fingerprint of a text (not a secret). */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * Stores a sensitive text once and returns the id it is stored under. The
 * text id is the caller's; if an earlier attempt stored *another* text under
 * it (the write landed, the answer was lost, and the person then edited the
 * text before trying again), that orphan is left as it is and this text is
 * stored under an id derived from its content, so a retry of the same text
 * finds it again and the request never points at the old words.
 */
export async function appendTextOnce(
  ledger: Ledger,
  text: { textId: string; streamId: string; purpose: string; body: string },
): Promise<string> {
  try {
    await ledger.appendText(text);
    return text.textId;
  } catch (error) {
    if (!(error instanceof GraphError && error.kind === 'conflict')) throw error;
    const textId = `${text.textId}.${fingerprint(text.body)}`;
    await ledger.appendText({ ...text, textId });
    return textId;
  }
}

/** The request does not exist (or the person may not see any of it). */
export function requestNotFound(): GraphError {
  return new GraphError('not-found', 'There is no such request.', 404);
}

/** The person's mail address for notices; null when the directory has none. */
export function mailAddressOf(person: DirectoryPerson | null): string | null {
  if (person === null) return null;
  const address = person.mail ?? person.userPrincipalName;
  return address !== null && address.includes('@') ? address : null;
}
