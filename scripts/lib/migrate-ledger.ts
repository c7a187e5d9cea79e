/**
 * The migration of version 1's ledger (decision 014, "Migration from version 1"), run by
 * provisioning as the site owner once the lists exist.
 *
 * Version 1 wrote every event into the one events list (`requests`, schema version 1, no
 * context) and judged every rule against the directory of the moment it was read. Version 2
 * trusts an event because of the list it is in and the facts it recorded when written. So
 * the migration reads every version 1 event and text, folds each stream **once** with
 * version 1's rules (legacy-fold.ts) against the directory as it is now, the best evidence
 * left and what version 1 itself would show today, and copies each event version 1 honoured
 * to its home list as `{eventId}.v2`:
 *
 * - with its original author and time (SharePoint REST `AddValidateUpdateItemUsingPath`, whose
 *   `Author`, `Editor`, `Created` and `Modified` form values a site owner may set), so the
 *   copy reads as written by whoever wrote the original, when they did;
 * - with the facts version 2 would have recorded (`context`): where the original is
 *   (`migratedFrom`), the directory facts of a staff step (`seen`, blinded in the shared
 *   list), a submission's blinding key, a protected step's `basedOn` in version 1's order, a
 *   close's `answersSeen`, a leader's confirmation's MAC of the justification.
 *
 * Events version 1 did not honour (a forged approval, an order by someone who was not the
 * leader) are not copied: they stay as version 1 items and the folds keep ignoring them
 * (`anomaly.notMigrated`). The R8 requests' texts are copied to the R8 texts list under the
 * same text id. Nothing is deleted or changed; version 1 items stay where they are.
 *
 * Idempotent: an original whose copy exists (a version 2 item whose `context.migratedFrom`
 * names its item id) is not copied again, and a text already in the R8 texts list is left;
 * a second run copies nothing. A run that stopped half-way goes on where it stopped.
 */
import { seal } from '../../src/domain/sealing.ts';
import { z } from 'zod';
import { orderEntries } from '../../src/domain/anomalies.ts';
import { blind } from '../../src/domain/blinding.ts';
import {
  blindedFacts,
  recordedFacts,
  withDelegations,
  type DirectoryFacts,
} from '../../src/domain/directory-facts.ts';
import {
  parseRecordedEvent,
  toEnvelope,
  type EventContext,
  type RecordedEvent,
} from '../../src/domain/events.ts';
import {
  eventListKeys,
  homeListOf,
  type EventListKey,
  type TextListKey,
} from '../../src/domain/ledger-lists.ts';
import { isR8Kind, requestSubjectId } from '../../src/domain/requests.ts';
import { loadDirectoryFacts, type RoleGroups } from '../../src/features/requests/load-facts.ts';
import { createGraphDirectory, type PeopleDirectory } from '../../src/m365/directory.ts';
import { GraphError } from '../../src/m365/errors.ts';
import type { GraphClient } from '../../src/m365/graph-client.ts';
import { toStoredEvent, type StoredEvent } from '../../src/m365/ledger.ts';
import { ledgerList } from '../../src/m365/ledger-schema.ts';
import { itemsPath, listItemSchema, type ListItem } from '../../src/m365/list-items.ts';
import { graphScopes } from '../../src/m365/token-source.ts';
import {
  legacyCampaign,
  legacyDelegations,
  legacyRequest,
  type HonouredEvent,
  type RefusedEvent,
} from './legacy-fold.ts';
import { spString, type SharePointRest } from './sharepoint-rest.ts';

export interface MigrationTarget {
  readonly graph: GraphClient;
  /** SharePoint REST of the site, as a site owner (only an owner may set Author and Created). */
  readonly sp: SharePointRest;
  /** Graph's id of the site. */
  readonly siteId: string;
  /** The lists' ids (Graph's and SharePoint REST's are the same GUID). */
  readonly listIds: Readonly<Record<EventListKey | TextListKey, string>>;
  /** The Entra groups of the two roles: version 1's rules ask the directory about them. */
  readonly groups: RoleGroups;
  /** A request's blinding key (default: 128 random bits, hex, as the request desk makes them). */
  readonly newBlindKey?: () => string;
}

export interface MigrationReport {
  /** Copies written by this run. */
  readonly events: number;
  readonly texts: number;
  /** Version 1 events with a copy already (from an earlier run). */
  readonly alreadyMigrated: number;
  /** Version 1 events version 1's rules did not honour either: left as they are. */
  readonly notHonoured: readonly {
    readonly eventId: string;
    readonly type: string;
    readonly reason: string;
  }[];
  /** Version 1 items no fold could read (left as they are; the folds report them). */
  readonly unreadable: number;
}

/** What the migration refuses to do, with why (an unsupported locale, a stranger's copy id). */
export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

/** The suffix of a copy's event id. */
export const COPY_SUFFIX = '.v2';

/** Event ids are at most 100 characters (ledgerIdSchema). */
const MAX_EVENT_ID = 100;

/** The event id of the copy of version 1 event `eventId`. */
export function copyIdOf(eventId: string): string {
  const plain = `${eventId}${COPY_SUFFIX}`;
  if (plain.length <= MAX_EVENT_ID) return plain;
  // Too long with the suffix: a prefix and a fingerprint of the whole id keep it unique.
  return `${eventId.slice(0, MAX_EVENT_ID - 12)}~${fnv1a(eventId)}${COPY_SUFFIX}`;
}

function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** What a protected step may record it was based on (eventContextSchema). */
const MAX_BASED_ON = 500;

/** The one locale whose form values this migration writes: en-US, as the emulator's site. */
const SUPPORTED_LOCALE_ID = 1033;

/**
 * A time as an en-US site's forms take it, in UTC: `M/D/YYYY h:mm:ss AM/PM`. What
 * `AddValidateUpdateItemUsingPath` expects for a date field depends on the site's regional
 * settings; the migration checks them first (`checkRegionalSettings`).
 */
export function siteDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new MigrationError(`Not a time: '${iso}'.`);
  const hours = date.getUTCHours();
  const twelve = hours % 12 === 0 ? 12 : hours % 12;
  const two = (value: number) => String(value).padStart(2, '0');
  return `${date.getUTCMonth() + 1}/${date.getUTCDate()}/${date.getUTCFullYear()} ${twelve}:${two(
    date.getUTCMinutes(),
  )}:${two(date.getUTCSeconds())} ${hours < 12 ? 'AM' : 'PM'}`;
}

const regionalSettingsSchema = z.looseObject({ LocaleId: z.number().int() });
const timeZoneSchema = z.looseObject({
  Description: z.string().optional(),
  Information: z.looseObject({
    Bias: z.number(),
    DaylightBias: z.number(),
    StandardBias: z.number(),
  }),
});

/**
 * Refuses any site whose form values are not read as en-US in UTC: a date written in the
 * wrong format is refused at best and read as another day at worst (3/4 as 3 April), and the
 * copy's Created is what the folds order by. Rather than guess a locale's format, stop.
 */
async function checkRegionalSettings(sp: SharePointRest): Promise<void> {
  const settings = await sp.request('GET', '/_api/web/regionalsettings', regionalSettingsSchema);
  const zone = await sp.request('GET', '/_api/web/regionalsettings/timezone', timeZoneSchema);
  const { Bias, DaylightBias, StandardBias } = zone.Information;
  if (
    settings.LocaleId !== SUPPORTED_LOCALE_ID ||
    Bias !== 0 ||
    DaylightBias !== 0 ||
    StandardBias !== 0
  ) {
    throw new MigrationError(
      `The site's regional settings are locale ${settings.LocaleId}, time zone "${zone.Description ?? '?'}" ` +
        `(bias ${Bias}/${StandardBias}/${DaylightBias} min); the migration of version 1 events writes ` +
        `form values only for English (United States, 1033) in UTC and will not guess another format. ` +
        `Set the site's regional settings to English (United States) and (UTC) Coordinated Universal ` +
        `Time for the run, or run provisioning with --skip-migration (docs/provisioning.md).`,
    );
  }
}

// --- reading --------------------------------------------------------------------------------

/** Items per Graph page when reading whole lists. */
const READ_PAGE = 500;

function listRef(target: MigrationTarget, key: EventListKey | TextListKey) {
  return { site: target.siteId, list: target.listIds[key] };
}

async function readAll(
  target: MigrationTarget,
  key: EventListKey | TextListKey,
): Promise<ListItem[]> {
  return target.graph.getAll(itemsPath(listRef(target, key)), listItemSchema, {
    scopes: graphScopes.readLedger,
    query: { $expand: 'fields', $top: String(READ_PAGE) },
    maxPages: 100_000,
  });
}

const restAuthorsSchema = z.object({
  value: z.array(
    z.looseObject({ Id: z.number().int(), Author: z.looseObject({ Name: z.string() }).nullish() }),
  ),
  'odata.nextLink': z.string().optional(),
});

/**
 * Each item's author as SharePoint knows it (`i:0#.f|membership|<upn>`): what the `Author` form
 * value of its copy must say. From the site's user list, so it holds for people who have
 * left the directory since (SharePoint keeps them there).
 */
async function authorLogins(sp: SharePointRest, listId: string): Promise<Map<string, string>> {
  const logins = new Map<string, string>();
  let path: string | undefined =
    `/_api/web/lists(guid${spString(listId)})/items?$select=Id,Author/Name&$expand=Author&$top=5000`;
  while (path !== undefined) {
    const page: z.infer<typeof restAuthorsSchema> = await sp.request(
      'GET',
      path,
      restAuthorsSchema,
    );
    for (const item of page.value) {
      if (item.Author?.Name) logins.set(String(item.Id), item.Author.Name);
    }
    const next = page['odata.nextLink'];
    if (next === undefined) path = undefined;
    else if (next.toLowerCase().startsWith(sp.siteUrl.toLowerCase())) {
      path = next.slice(sp.siteUrl.length);
    } else throw new MigrationError(`SharePoint paged to '${next}', outside the site.`);
  }
  return logins;
}

const textFieldsSchema = z.object({
  TextId: z.string().min(1),
  StreamId: z.string().min(1),
  Purpose: z.string().min(1),
  Body: z.string(),
});

interface LegacyText {
  readonly itemId: string;
  readonly textId: string;
  readonly streamId: string;
  readonly purpose: string;
  readonly body: string;
  readonly recordedAt: string;
}

function textsOf(items: readonly ListItem[]): LegacyText[] {
  return items.flatMap((item) => {
    const fields = textFieldsSchema.safeParse(item.fields);
    if (!fields.success) return [];
    return [
      {
        itemId: item.id,
        textId: fields.data.TextId,
        streamId: fields.data.StreamId,
        purpose: fields.data.Purpose,
        body: fields.data.Body,
        recordedAt: item.createdDateTime,
      },
    ];
  });
}

interface ReadEvent {
  readonly stored: StoredEvent;
  readonly event: RecordedEvent;
}

function eventsOf(
  key: EventListKey,
  items: readonly ListItem[],
): { events: ReadEvent[]; unreadable: number } {
  const events: ReadEvent[] = [];
  let unreadable = 0;
  for (const item of items) {
    const stored = toStoredEvent(key)(item);
    if (!stored.ok) {
      unreadable += 1;
      continue;
    }
    const parsed = parseRecordedEvent(stored.value);
    if (!parsed.ok) {
      unreadable += 1;
      continue;
    }
    events.push({ stored: stored.value, event: parsed.event });
  }
  return { events, unreadable };
}

/** A copy already in the ledger: its item id, and what it recorded. */
interface ExistingCopy {
  readonly itemId: number;
  readonly eventId: string;
  readonly context: EventContext;
}

// --- planning -------------------------------------------------------------------------------

interface PlannedEvent {
  readonly legacy: ReadEvent;
  readonly copyId: string;
  readonly list: EventListKey;
  /** Without `basedOn` ids of copies that do not exist and without a close's `answersSeen`: filled in when written. */
  readonly context: EventContext;
  /** The copy ids of the stream's honoured events before it, in version 1's order. */
  readonly before: readonly string[];
  readonly protectedStep: boolean;
  /** The request's blinding key, for a step whose facts go sealed (`request.carried-out`). */
  readonly sealWith?: string;
  /** Streams one after another (by their first Created), each in version 1's order. */
  readonly rank: readonly [number, string, number];
}

const protectedRequestSteps: ReadonlySet<string> = new Set([
  'request.arkivleder-approved',
  'request.arkivleder-rejected',
  'request.approved',
  'request.rejected',
  'request.sent-to-atea',
  'request.carried-out',
]);

function newBlindKey(): string {
  return crypto.randomUUID().replace(/-/g, '');
}

function migratedFrom(legacy: ReadEvent): EventContext {
  return { migratedFrom: { itemId: Number(legacy.stored.itemId), eventId: legacy.event.eventId } };
}

interface Planner {
  readonly facts: DirectoryFacts;
  readonly copies: ReadonlyMap<string, ExistingCopy>;
  readonly byEventId: ReadonlyMap<string, ReadEvent>;
  readonly texts: readonly LegacyText[];
  readonly makeKey: () => string;
}

function legacyOf(planner: Planner, event: RecordedEvent): ReadEvent {
  const found = planner.byEventId.get(event.eventId);
  if (found === undefined) throw new Error(`No version 1 item for ${event.eventId}.`);
  return found;
}

/**
 * A stream in version 1's order, and where an earlier run stopped in it. Streams are copied
 * one after the other, each in its own order, so a run that stopped left at most the end of
 * one stream uncopied: a later run copies only what comes after the stream's last copy. What
 * version 1 refused before that was judged once, when the stream was migrated, and stays
 * refused whatever the directory says later.
 */
interface StreamOrder {
  readonly position: ReadonlyMap<string, number>;
  /** The position of the stream's last event that has a copy; -1 when none has. */
  readonly resumeAfter: number;
  /** The stream's first Created: streams are written in this order. */
  readonly start: number;
}

function streamOrder(planner: Planner, events: readonly RecordedEvent[]): StreamOrder {
  const ordered = orderEntries(events).events;
  let resumeAfter = -1;
  ordered.forEach((event, index) => {
    if (planner.copies.has(legacyOf(planner, event).stored.itemId)) resumeAfter = index;
  });
  return {
    position: new Map(ordered.map((event, index) => [event.eventId, index])),
    resumeAfter,
    start: ordered[0] === undefined ? 0 : Date.parse(ordered[0].recordedAt),
  };
}

/** Whether to copy an honoured event now: not copied yet, and after where an earlier run stopped. */
function toCopy(planner: Planner, order: StreamOrder, legacy: ReadEvent): boolean {
  const position = order.position.get(legacy.event.eventId) ?? -1;
  return !planner.copies.has(legacy.stored.itemId) && position > order.resumeAfter;
}

function rankOf(order: StreamOrder, event: RecordedEvent): readonly [number, string, number] {
  return [order.start, event.streamId, order.position.get(event.eventId) ?? 0];
}

/** The copies of one request stream's honoured events. */
function planRequest(
  planner: Planner,
  events: readonly RecordedEvent[],
  honoured: readonly HonouredEvent[],
): PlannedEvent[] {
  const first = honoured[0]?.event;
  if (first === undefined || first.type !== 'request.submitted') return [];
  const order = streamOrder(planner, events);
  const request = first.payload.request;
  const r8 = isR8Kind(request.kind);
  const subjectId = requestSubjectId(request);
  const submissionCopy = planner.copies.get(legacyOf(planner, first).stored.itemId);
  const blindKey = submissionCopy?.context.blindKey ?? planner.makeKey();
  const justification =
    'justificationTextId' in request
      ? planner.texts.find(
          (text) => text.streamId === first.streamId && text.textId === request.justificationTextId,
        )?.body
      : undefined;
  const planned: PlannedEvent[] = [];
  const before: string[] = [];
  for (const { event, stage } of honoured) {
    const legacy = legacyOf(planner, event);
    const copyId = copyIdOf(event.eventId);
    const list = homeListOf(event, { r8, ...(stage === undefined ? {} : { stage }) });
    const at = new Date(event.recordedAt);
    const seen = () => recordedFacts(event.author.id, subjectId, planner.facts, at);
    let context: EventContext = migratedFrom(legacy);
    let protectedStep = false;
    switch (event.type) {
      case 'request.submitted':
        context = { ...context, seen: seen(), blindKey };
        break;
      case 'request.leader-confirmed':
        context = {
          ...context,
          seen: blindedFacts(seen(), blindKey),
          ...(justification === undefined
            ? {}
            : { justificationMac: blind(blindKey, justification) }),
        };
        break;
      case 'request.leader-declined':
        context = { ...context, seen: blindedFacts(seen(), blindKey) };
        break;
      case 'request.information-requested':
        if (list === 'shared') context = { ...context, seen: blindedFacts(seen(), blindKey) };
        else protectedStep = true;
        break;
      default:
        protectedStep = protectedRequestSteps.has(event.type);
        break;
    }
    if (toCopy(planner, order, legacy)) {
      planned.push({
        legacy,
        copyId,
        list,
        context,
        before: [...before],
        protectedStep,
        ...(event.type === 'request.carried-out' ? { sealWith: blindKey } : {}),
        rank: rankOf(order, event),
      });
    }
    before.push(copyId);
  }
  return planned;
}

/**
 * The copies of a campaign's or a delegation's honoured events: no recorded facts but a
 * grant's (the leader's chain, as the delegation fold reads it) and a close's `answersSeen`
 * (filled in when written).
 */
function planOther(
  planner: Planner,
  events: readonly RecordedEvent[],
  honoured: readonly HonouredEvent[],
): PlannedEvent[] {
  const order = streamOrder(planner, events);
  return honoured.flatMap(({ event }) => {
    const legacy = legacyOf(planner, event);
    if (!toCopy(planner, order, legacy)) return [];
    let context = migratedFrom(legacy);
    if (event.type === 'delegation.granted') {
      const at = new Date(event.recordedAt);
      context = {
        ...context,
        seen: recordedFacts(event.author.id, event.payload.leader.id, planner.facts, at),
      };
    }
    return [
      {
        legacy,
        copyId: copyIdOf(event.eventId),
        list: homeListOf(event, { r8: false }),
        context,
        before: [],
        protectedStep: false,
        rank: rankOf(order, event),
      },
    ];
  });
}

function compareRank(a: PlannedEvent, b: PlannedEvent): number {
  return (
    a.rank[0] - b.rank[0] ||
    (a.rank[1] < b.rank[1] ? -1 : a.rank[1] > b.rank[1] ? 1 : 0) ||
    a.rank[2] - b.rank[2]
  );
}

// --- writing --------------------------------------------------------------------------------

const formAnswerSchema = z.object({
  value: z.array(
    z.looseObject({
      FieldName: z.string(),
      HasException: z.boolean(),
      ErrorMessage: z.string().nullish(),
      ItemId: z.number().int().optional(),
    }),
  ),
});

const rootFolderSchema = z.object({ ServerRelativeUrl: z.string().min(1) });

interface Writer {
  /** Adds one item with its author and time; returns its item id (the existing one's, for a retry). */
  add(
    key: EventListKey | TextListKey,
    values: Readonly<Record<string, string>>,
    unique: { readonly column: 'EventId' | 'TextId'; readonly isOurs: (item: ListItem) => boolean },
  ): Promise<number>;
}

function createWriter(target: MigrationTarget): Writer {
  const roots = new Map<string, string>();
  async function rootOf(listId: string): Promise<string> {
    const known = roots.get(listId);
    if (known !== undefined) return known;
    const root = await target.sp.request(
      'GET',
      `/_api/web/lists(guid${spString(listId)})/rootfolder?$select=ServerRelativeUrl`,
      rootFolderSchema,
    );
    roots.set(listId, root.ServerRelativeUrl);
    return root.ServerRelativeUrl;
  }
  return {
    async add(key, values, unique) {
      const listId = target.listIds[key];
      const answer = await target.sp.request(
        'POST',
        `/_api/web/lists(guid${spString(listId)})/AddValidateUpdateItemUsingPath`,
        formAnswerSchema,
        {
          body: {
            listItemCreateInfo: {
              FolderPath: { DecodedUrl: await rootOf(listId) },
              UnderlyingObjectType: 0,
            },
            formValues: Object.entries(values).map(([FieldName, FieldValue]) => ({
              FieldName,
              FieldValue,
            })),
            bNewDocumentUpdate: false,
          },
          // Safe to repeat: a second add of the same copy fails on its unique id (below).
          idempotent: true,
        },
      );
      const failed = answer.value.filter((entry) => entry.HasException);
      if (failed.length === 0) {
        const id =
          answer.value.find((entry) => entry.FieldName === 'Id')?.ItemId ??
          answer.value.find((entry) => (entry.ItemId ?? 0) > 0)?.ItemId;
        if (id === undefined)
          throw new MigrationError(`SharePoint added an item to ${key} but named no item id.`);
        return id;
      }
      const value = values[unique.column] ?? '';
      if (failed.every((entry) => entry.FieldName === unique.column)) {
        // The id is taken: an earlier attempt landed (its answer was lost), or a stranger has it.
        const found = await target.graph.getAll(itemsPath(listRef(target, key)), listItemSchema, {
          scopes: graphScopes.readLedger,
          query: {
            $expand: 'fields',
            $filter: `fields/${unique.column} eq '${value.replace(/'/g, "''")}'`,
          },
        });
        const ours = found.find(unique.isOurs);
        if (ours !== undefined) return Number(ours.id);
        throw new MigrationError(
          `${ledgerList(key).displayName} already holds another item with ${unique.column} '${value}'; the copy was not written. Look into it and run provisioning again.`,
        );
      }
      throw new MigrationError(
        `SharePoint refused the copy ${unique.column} '${value}' in ${ledgerList(key).displayName}: ${failed
          .map((entry) => `${entry.FieldName}: ${entry.ErrorMessage ?? 'refused'}`)
          .join('; ')}.`,
      );
    },
  };
}

/** Author, Editor, Created and Modified of a copy: the original's. */
function stamps(login: string, recordedAt: string): Record<string, string> {
  const person = JSON.stringify([{ Key: login }]);
  const time = siteDateTime(recordedAt);
  return { Author: person, Editor: person, Created: time, Modified: time };
}

/** The item id a stored copy says its original has (`context.migratedFrom.itemId`). */
function originalOfCopy(fields: unknown): number | null {
  const parsed = z.looseObject({ Context: z.string().nullish() }).safeParse(fields);
  if (!parsed.success || !parsed.data.Context) return null;
  try {
    const context: unknown = JSON.parse(parsed.data.Context);
    const valid = z
      .looseObject({ migratedFrom: z.looseObject({ itemId: z.number() }) })
      .safeParse(context);
    return valid.success ? valid.data.migratedFrom.itemId : null;
  } catch {
    return null;
  }
}

// --- the migration --------------------------------------------------------------------------

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The directory, where someone who has left it is nobody's leader, in no group and leads
 * nobody (what version 1 concluded of them too), instead of a failed read.
 */
function tolerant(directory: PeopleDirectory): PeopleDirectory {
  const orNone = async <T>(read: () => Promise<T[]>): Promise<T[]> => {
    try {
      return await read();
    } catch (error) {
      if (error instanceof GraphError && error.kind === 'not-found') return [];
      throw error;
    }
  };
  return {
    ...directory,
    memberOfGroups: (userId, groupIds) => orNone(() => directory.memberOfGroups(userId, groupIds)),
    getDirectReports: (userId) => orNone(() => directory.getDirectReports(userId)),
  };
}

/**
 * Migrates version 1's events and texts (see the top of this file). `record` is told what
 * happened in provisioning's terms.
 */
export async function migrateLedger(
  target: MigrationTarget,
  record: (outcome: 'created' | 'unchanged', what: string) => void = () => undefined,
): Promise<MigrationReport> {
  // Everything the lists hold: the originals, and the copies an earlier run made.
  const read = new Map<EventListKey, ReadEvent[]>();
  let unreadableLegacy = 0;
  for (const key of eventListKeys) {
    const { events, unreadable } = eventsOf(key, await readAll(target, key));
    read.set(key, events);
    if (key === 'requests') unreadableLegacy = unreadable;
  }
  const legacy = (read.get('requests') ?? []).filter((item) => item.event.schemaVersion < 2);
  const copies = new Map<string, ExistingCopy>();
  for (const items of read.values()) {
    for (const { event } of items) {
      const from = event.context?.migratedFrom;
      if (event.schemaVersion < 2 || from === undefined || event.sequence === undefined) continue;
      copies.set(String(from.itemId), {
        itemId: event.sequence,
        eventId: event.eventId,
        context: event.context ?? {},
      });
    }
  }
  const legacyTexts = textsOf(await readAll(target, 'texts'));
  const r8TextIds = new Set(textsOf(await readAll(target, 'r8-texts')).map((text) => text.textId));

  if (legacy.length === 0) {
    record('unchanged', 'Version 1 ledger: migrated 0 events, 0 texts (there are none).');
    return {
      events: 0,
      texts: 0,
      alreadyMigrated: 0,
      notHonoured: [],
      unreadable: unreadableLegacy,
    };
  }

  // Version 1's rules, against the directory as it is now.
  const people = new Set<string>();
  for (const { event } of legacy) {
    people.add(event.author.id);
    if (event.subjectId !== undefined) people.add(event.subjectId);
    if (event.type === 'request.submitted') {
      const subject = requestSubjectId(event.payload.request);
      if (subject !== null) people.add(subject);
    }
    if (event.type === 'delegation.granted') {
      people.add(event.payload.leader.id);
      people.add(event.payload.delegate.id);
    }
  }
  const directory = await loadDirectoryFacts(
    tolerant(createGraphDirectory(target.graph)),
    target.groups,
    [...people].filter((id) => guidPattern.test(id)),
  );
  const byKind = (kind: string) => legacy.filter((item) => item.event.streamKind === kind);
  const delegationJudgement = legacyDelegations(
    byKind('delegation').map((item) => item.event),
    directory,
  );
  const facts = withDelegations(directory, delegationJudgement.delegations);
  const streams = (kind: string) => {
    const grouped = new Map<string, RecordedEvent[]>();
    for (const { event } of byKind(kind)) {
      grouped.set(event.streamId, [...(grouped.get(event.streamId) ?? []), event]);
    }
    return [...grouped.values()];
  };
  const planner: Planner = {
    facts,
    copies,
    byEventId: new Map(legacy.map((item) => [item.event.eventId, item])),
    texts: legacyTexts,
    makeKey: target.newBlindKey ?? newBlindKey,
  };
  const refused: RefusedEvent[] = [...delegationJudgement.refused];
  const planned: PlannedEvent[] = [];
  for (const events of streams('delegation')) {
    const ids = new Set(events.map((event) => event.eventId));
    const honoured = delegationJudgement.honoured.filter(({ event }) => ids.has(event.eventId));
    planned.push(...planOther(planner, events, honoured));
  }
  const r8Streams = new Set<string>();
  for (const events of streams('request')) {
    const judged = legacyRequest(events, facts);
    refused.push(...judged.refused);
    planned.push(...planRequest(planner, events, judged.honoured));
    for (const event of events) {
      if (event.type === 'request.submitted' && isR8Kind(event.payload.request.kind)) {
        r8Streams.add(event.streamId);
      }
    }
  }
  for (const events of streams('campaign')) {
    const judged = legacyCampaign(events, directory);
    refused.push(...judged.refused);
    planned.push(...planOther(planner, events, judged.honoured));
  }
  planned.sort(compareRank);
  const textsToCopy = legacyTexts.filter(
    (text) => r8Streams.has(text.streamId) && !r8TextIds.has(text.textId),
  );
  // What stays a version 1 item only: refused by version 1's rules, now or when its stream was migrated.
  const reasons = new Map(refused.map(({ event, reason }) => [event.eventId, reason]));
  const plannedItems = new Set(planned.map((copy) => copy.legacy.stored.itemId));
  const notHonoured = legacy
    .filter((item) => !copies.has(item.stored.itemId) && !plannedItems.has(item.stored.itemId))
    .map(({ event }) => ({
      eventId: event.eventId,
      type: event.type,
      reason: reasons.get(event.eventId) ?? 'refused when its stream was migrated',
    }));
  const alreadyMigrated = legacy.filter((item) => copies.has(item.stored.itemId)).length;

  if (planned.length > 0 || textsToCopy.length > 0) {
    await checkRegionalSettings(target.sp);
    const logins = await authorLogins(target.sp, target.listIds.requests);
    const textLogins =
      textsToCopy.length > 0 ? await authorLogins(target.sp, target.listIds.texts) : new Map();
    const writer = createWriter(target);
    const loginOf = (map: ReadonlyMap<string, string>, itemId: string, what: string) => {
      const login = map.get(itemId);
      if (login === undefined) {
        throw new MigrationError(
          `SharePoint names no author of ${what} (item ${itemId}); it cannot be copied with its author.`,
        );
      }
      return login;
    };

    for (const text of textsToCopy) {
      await writer.add(
        'r8-texts',
        {
          TextId: text.textId,
          StreamId: text.streamId,
          Purpose: text.purpose,
          Body: text.body,
          ...stamps(loginOf(textLogins, text.itemId, `text ${text.textId}`), text.recordedAt),
        },
        {
          column: 'TextId',
          isOurs: (item) => {
            const fields = textFieldsSchema.safeParse(item.fields);
            return (
              fields.success &&
              fields.data.StreamId === text.streamId &&
              fields.data.Body === text.body
            );
          },
        },
      );
    }

    // Copies that exist (earlier runs) and are written now: what basedOn and answersSeen may name.
    const present = new Set([...copies.values()].map((copy) => copy.eventId));
    const answers = new Map<string, number[]>();
    for (const { stored, event } of legacy) {
      const copy = copies.get(stored.itemId);
      if (copy === undefined || event.type !== 'campaign.answered') continue;
      answers.set(event.streamId, [...(answers.get(event.streamId) ?? []), copy.itemId]);
    }
    for (const copy of planned) {
      const { stored, event } = copy.legacy;
      let context = copy.context;
      if (copy.protectedStep) {
        context = {
          ...context,
          basedOn: copy.before.filter((id) => present.has(id)).slice(-MAX_BASED_ON),
        };
      }
      if (event.type === 'campaign.closed') {
        const seen = answers.get(event.streamId) ?? [];
        context = { ...context, answersSeen: { upTo: Math.max(0, ...seen), count: seen.length } };
      }
      const envelope = toEnvelope(event, {
        eventId: copy.copyId,
        streamId: event.streamId,
        occurredAt: stored.occurredAt,
        list: copy.list,
        context,
      });
      const requesterId =
        event.type === 'request.submitted' ? (stored.requesterId ?? event.author.id) : undefined;
      const itemId = await writer.add(
        copy.list,
        {
          EventId: envelope.eventId,
          StreamId: envelope.streamId,
          StreamKind: envelope.streamKind,
          EventType: envelope.type,
          ...(envelope.subjectId === undefined ? {} : { SubjectId: envelope.subjectId }),
          ...(requesterId === undefined ? {} : { RequesterId: requesterId }),
          ...(envelope.base === undefined ? {} : { Base: envelope.base }),
          OccurredAt: siteDateTime(envelope.occurredAt),
          // The original payload as it was stored, not as today's schema would trim it; sealed
          // where the list it goes to is read by all staff (decision 014).
          Payload: JSON.stringify(
            copy.sealWith === undefined
              ? stored.payload
              : { sealed: seal(copy.sealWith, copy.copyId, stored.payload) },
          ),
          SchemaVersion: String(envelope.schemaVersion),
          Context: JSON.stringify(context),
          ...stamps(loginOf(logins, stored.itemId, `event ${event.eventId}`), stored.recordedAt),
        },
        {
          column: 'EventId',
          isOurs: (item) => originalOfCopy(item.fields) === Number(stored.itemId),
        },
      );
      present.add(copy.copyId);
      if (event.type === 'campaign.answered') {
        answers.set(event.streamId, [...(answers.get(event.streamId) ?? []), itemId]);
      }
    }
  }

  const what = `Version 1 ledger: migrated ${planned.length} events, ${textsToCopy.length} texts`;
  record(
    planned.length + textsToCopy.length > 0 ? 'created' : 'unchanged',
    `${what} (${alreadyMigrated} migrated before; originals kept).`,
  );
  if (notHonoured.length > 0) {
    const counts = new Map<string, number>();
    for (const item of notHonoured) counts.set(item.reason, (counts.get(item.reason) ?? 0) + 1);
    record(
      'unchanged',
      `Version 1 ledger: ${notHonoured.length} events version 1 did not honour either (${[...counts]
        .map(([reason, count]) => `${reason} ×${count}`)
        .join(', ')}) stay version 1 items only; the app shows them as anomalies.`,
    );
  }
  if (unreadableLegacy > 0) {
    record(
      'unchanged',
      `Version 1 ledger: ${unreadableLegacy} items of the events list are not readable events; left as they are (the app reports them).`,
    );
  }
  return {
    events: planned.length,
    texts: textsToCopy.length,
    alreadyMigrated,
    notHonoured,
    unreadable: unreadableLegacy,
  };
}
