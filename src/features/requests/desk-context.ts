/**
 * What the request desk and the triage actions share: their dependencies,
 * reading and folding streams with directory facts, and asking the fold
 * whether a step by the signed-in person would count before it is written.
 */
import { z } from 'zod';
import { defaultCatalogue, type Catalogue } from '../../domain/catalogue.ts';
import { defaultDomainConfig, type DomainConfig } from '../../domain/config.ts';
import { foldDelegations } from '../../domain/delegation-fold.ts';
import {
  withDelegations,
  type Delegation,
  type DirectoryFacts,
} from '../../domain/directory-facts.ts';
import {
  isUnreadable,
  parseRecordedEvents,
  toEnvelope,
  type EventContext,
  type LedgerEntry,
  type LedgerEvent,
  type RecordedEvent,
} from '../../domain/events.ts';
import {
  roleOfList,
  streamListsOf,
  textListOf,
  type EventListKey,
  type TextListKey,
} from '../../domain/ledger-lists.ts';
import type { Reason } from '../../domain/messages.ts';
import type { PersonRef } from '../../domain/person.ts';
import { foldRequest, type RequestView } from '../../domain/request-fold.ts';
import type { ChannelNotifier } from '../../m365/channel-notifier.ts';
import type { DirectoryPerson, PeopleDirectory } from '../../m365/directory.ts';
import { GraphError } from '../../m365/errors.ts';
import type { Ledger, ListQuery, StoredEvent, StreamEvents } from '../../m365/ledger.ts';
import type { Mailer } from '../../m365/mailer.ts';
import type { LeaderMail } from './leader-mail.ts';
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
  /**
   * The signed-in leader's mailbox, where R8 requests they must confirm arrive
   * (leader-mail.ts). Without it a leader sees only requests they may read in
   * the lists (their own).
   */
  readonly leaderMail?: LeaderMail;
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
    const entries = listAll(ledger, {
      list: 'shared',
      by: 'streamKind',
      value: 'delegation',
    }).then((events) => parseRecordedEvents(events));
    const cached = { at, entries };
    delegationCache = cached;
    // A failed read must not be remembered.
    entries.catch(() => {
      if (delegationCache === cached) delegationCache = null;
    });
    return entries;
  }

  /** Every delegation the ledger holds: what a delegate's step is judged against (pure). */
  async function delegations(): Promise<readonly Delegation[]> {
    return foldDelegations(await delegationEntries(), now()).delegations;
  }

  /**
   * The directory as it is now, for the people a step is about: what a desk
   * checks before it writes and records with the step (`recordedFacts`), and
   * compares a recorded claim with. The delegations the people hold are the
   * ledger's.
   */
  async function factsFor(personIds: Iterable<string>): Promise<DirectoryFacts> {
    const people = new Set(personIds);
    const all = await delegations();
    const held = all.filter((item) => people.has(item.delegateId));
    const facts = await loadDirectoryFacts(directory, groups, [
      ...people,
      ...held.map((item) => item.leaderId),
    ]);
    return held.length === 0 ? facts : withDelegations(facts, held);
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

  /** Folds streams on what the ledger holds: no directory is read (decision 014). */
  async function foldStreams(
    streams: readonly StreamEvents[],
  ): Promise<{ streamId: string; entries: LedgerEntry[]; view: RequestView }[]> {
    const held = await delegations();
    const at = now();
    return streams.map((stream) => {
      const entries = entriesOf(stream);
      return {
        streamId: stream.streamId,
        entries,
        view: foldRequest(entries, { now: at, delegations: held }),
      };
    });
  }

  /**
   * The display names a protected step records (decision 014): of the people
   * the request concerns, as the directory has them now, so that a closed
   * record names them the same after they have left. The names a payload
   * carries are the client's copies and are never used. They are stored as a
   * text (`recordNames`): readable by the deciders only, never in a list
   * everyone may read.
   */
  async function recordedNames(view: RequestView): Promise<Record<string, string>> {
    const request = view.request;
    const ids = new Set<string>();
    if (view.requester !== null) ids.add(view.requester.id);
    if (request !== null) {
      if (request.kind === 'order.external-consultant') ids.add(request.agreedWith.id);
      else ids.add(request.subject.id);
    }
    for (const entry of view.timeline) {
      ids.add(entry.author.id);
      if (entry.onBehalfOf !== null) ids.add(entry.onBehalfOf);
    }
    const names: Record<string, string> = {};
    await Promise.all(
      [...ids].map(async (id) => {
        const person = await directory.getPerson(id).catch(() => null);
        if (person !== null) names[id] = person.displayName;
      }),
    );
    return names;
  }

  /** Stores the names a protected step saw, beside it, as a private text (decision 014). */
  async function recordNames(view: RequestView, eventId: string): Promise<void> {
    if (view.requestId === null || view.kind === null) return;
    await appendTextOnce(ledger, {
      textId: `names.${eventId}`,
      streamId: view.requestId,
      purpose: RECORDED_NAMES,
      body: JSON.stringify(await recordedNames(view)),
      list: textListOf(view.kind),
    });
  }

  return {
    deps,
    catalogue,
    config,
    now,
    factsFor,
    recordNames,
    delegations,
    recordedNames,
    isTeamMember,
    foldStreams,
  };
}

/** The purpose of the texts that hold the names a protected step saw. */
export const RECORDED_NAMES = 'recorded-names';

const recordedNamesSchema = z.record(z.string().min(1), z.string().min(1).max(256));

/** A names text's id: `names.{eventId}`, or with the suffix `appendTextOnce` adds on a clash. */
const namesTextId = /^names\.(.+?)(\.[0-9a-f]{8})?$/;

/**
 * The names the deciders recorded, the latest last: a closed request's record
 * names its people as they were when it was decided, after they have left.
 * The texts lists take anyone's items, so a names text counts only as what a
 * protected step of the request recorded (decision 014): its id names a step
 * the fold counted in a role's list, its author wrote that step, and it was
 * stored before the step (written after, it saw nothing the step saw). For a
 * step with a text under its own id, one with a suffix does not count.
 */
export function namesFromTexts(
  texts: readonly {
    readonly textId: string;
    readonly purpose: string;
    readonly body: string;
    readonly recordedAt: string;
    readonly author: { readonly id: string | null };
  }[],
  timeline: readonly {
    readonly eventId: string;
    readonly list: EventListKey;
    readonly author: { readonly id: string };
    readonly recordedAt: string;
  }[],
): Record<string, string> {
  const steps = new Map(
    timeline
      .filter((entry) => roleOfList(entry.list) !== null)
      .map((entry) => [entry.eventId, entry] as const),
  );
  const counted = texts.flatMap((text) => {
    if (text.purpose !== RECORDED_NAMES) return [];
    const match = namesTextId.exec(text.textId);
    const step = match?.[1] === undefined ? undefined : steps.get(match[1]);
    if (step === undefined || text.author.id !== step.author.id) return [];
    if (Date.parse(text.recordedAt) > Date.parse(step.recordedAt)) return [];
    return [{ text, step: step.eventId, exact: match?.[2] === undefined }];
  });
  const names: Record<string, string> = {};
  for (const { text } of counted
    .filter(
      (item) => item.exact || !counted.some((other) => other.exact && other.step === item.step),
    )
    .sort((a, b) => a.text.recordedAt.localeCompare(b.text.recordedAt))) {
    try {
      const parsed = recordedNamesSchema.safeParse(JSON.parse(text.body));
      if (parsed.success) Object.assign(names, parsed.data);
    } catch {
      // Not JSON: not a names text after all.
    }
  }
  return names;
}

/** The lists a request is read from. */
export const requestLists: readonly EventListKey[] = streamListsOf('request');

/**
 * What a protected step records it was based on: every event of the stream
 * its writer read (decision 014). The fold orders by it and reports an event
 * that later goes missing.
 */
export function basedOnOf(entries: readonly LedgerEntry[]): string[] {
  const ids: string[] = [];
  for (const entry of entries) {
    if (!isUnreadable(entry) && !ids.includes(entry.eventId)) ids.push(entry.eventId);
  }
  return ids;
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

/** Requests of many ids, read in `$batch`es (nothing to read, no round trip). */
export function readStreams(
  ledger: Ledger,
  streamIds: Iterable<string>,
  lists: readonly EventListKey[] = requestLists,
): Promise<StreamEvents[]> {
  const ids = [...new Set(streamIds)];
  return ids.length === 0 ? Promise.resolve([]) : ledger.readStreams(ids, lists);
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

/** Where and with what a step would be written: what the probe folds in. */
export interface ProbeTarget {
  readonly list: EventListKey;
  readonly context?: EventContext;
}

/**
 * Whether the fold would accept `event` from `me` if it were written now to
 * `target.list` with `target.context`: the desk refuses early what the fold
 * would ignore, with the fold's own reason, so the rules live in one place.
 * Empty when it would count.
 */
export function wouldRefuse(
  entries: readonly LedgerEntry[],
  streamId: string,
  event: LedgerEvent,
  me: PersonRef,
  target: ProbeTarget,
  now: Date,
  delegations: readonly Delegation[],
): Reason[] {
  let latest = now.getTime();
  for (const entry of entries) {
    const time = entry.recordedAt === null ? Number.NaN : Date.parse(entry.recordedAt);
    if (!Number.isNaN(time) && time >= latest) latest = time + 1000;
  }
  const at = new Date(latest);
  const probe: RecordedEvent = {
    ...toEnvelope(event, {
      eventId: PROBE_EVENT_ID,
      streamId,
      occurredAt: at,
      list: target.list,
      ...(target.context === undefined ? {} : { context: target.context }),
    }),
    author: me,
    recordedAt: at.toISOString(),
    sequence: Number.MAX_SAFE_INTEGER,
  };
  const view = foldRequest([...entries, probe], { now, delegations });
  if (view.timeline.some((entry) => entry.eventId === PROBE_EVENT_ID)) return [];
  const anomaly = view.anomalies.find(
    (entry) => entry.eventId === PROBE_EVENT_ID && entry.reason !== 'anomaly.backdated',
  );
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
  text: { textId: string; streamId: string; purpose: string; body: string; list: TextListKey },
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
