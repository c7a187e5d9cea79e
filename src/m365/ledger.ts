/**
 * The access ledger: append-only events (and sensitive texts) in the SharePoint
 * lists of ledger-schema.ts, reached through Graph.
 *
 * The adapter is generic over event payloads: it checks the column types and
 * that `Payload` is a JSON object, never what a domain event means. What it
 * adds is what the store knows: **which list** the item is in (decision 014:
 * the one fact no writer can forge), `author` (SharePoint's `createdBy`),
 * `recordedAt` (`createdDateTime`), the item id that orders a list, and the
 * item's version and last change (an owner's edit shows). Writes never
 * duplicate; see list-items.ts.
 */
import { z } from 'zod';
import { textListKeys, type EventListKey, type TextListKey } from '../domain/ledger-lists.ts';
import { GraphError } from './errors.ts';
import type { GraphClient, GraphPage } from './graph-client.ts';
import { ledgerList } from './ledger-schema.ts';
import {
  createItemOnce,
  createItemsOnce,
  filterQuery,
  findRequest,
  itemAuthor,
  itemETag,
  itemsPath,
  listItemSchema,
  type CreateOnce,
  type ItemAuthor,
  type ListItem,
  type ListRef,
} from './list-items.ts';
import { graphScopes } from './token-source.ts';

const jsonObjectSchema = z.record(z.string(), z.json());

export type JsonObject = z.infer<typeof jsonObjectSchema>;

/** SharePoint's limit for a plain multi-line text column. */
const MAX_NOTE_LENGTH = 63_999;

const nonEmpty = z.string().trim().min(1).max(255);

/** An event as the ledger stores it and reads it back: its columns and a JSON object payload. */
export const eventEnvelopeSchema = z.object({
  eventId: nonEmpty,
  streamId: nonEmpty,
  /** request | campaign | delegation (the domain owns the list). */
  streamKind: nonEmpty,
  type: nonEmpty,
  subjectId: nonEmpty.optional(),
  /**
   * Who says they wrote the stream's first event: for listing "my requests"
   * only. Never trusted: the fold judges the item's SharePoint author.
   */
  requesterId: nonEmpty.optional(),
  base: nonEmpty.optional(),
  /** ISO 8601, the author's clock. SharePoint keeps it to the second. */
  occurredAt: z.iso.datetime({ offset: true }),
  payload: jsonObjectSchema,
  schemaVersion: z.number().int().nonnegative(),
  /** What the writer saw (the domain's `EventContext`), stored as JSON in `Context`. */
  context: jsonObjectSchema.optional(),
});

export type StoredEnvelope = z.infer<typeof eventEnvelopeSchema>;

/**
 * What the domain hands the ledger to append: one event, its id made before
 * the first write. The payload is any plain object; it is stored as JSON, so
 * properties that are `undefined` are left out, as `JSON.stringify` does.
 */
export interface EventEnvelope extends Omit<StoredEnvelope, 'payload' | 'context'> {
  readonly payload: Readonly<Record<string, unknown>>;
  readonly context?: Readonly<Record<string, unknown>>;
  /** The list it goes to: its home list (`homeListOf`). */
  readonly list: EventListKey;
}

/** Facts SharePoint adds to every item. */
export interface Recorded {
  /** The list item's id. */
  readonly itemId: string;
  readonly eTag: string;
  /** Who wrote it, from the item's `createdBy.user`. */
  readonly author: ItemAuthor;
  /** When SharePoint stored it (`createdDateTime`). */
  readonly recordedAt: string;
  /** The item's version (from its eTag `"guid,N"`); above 1 means someone edited it. */
  readonly version: number | null;
  /** `lastModifiedDateTime`; differs from `recordedAt` once someone edited it. */
  readonly modifiedAt: string | null;
}

export type StoredEvent = StoredEnvelope & Recorded & { readonly list: EventListKey };

export const textEnvelopeSchema = z.object({
  textId: nonEmpty,
  streamId: nonEmpty,
  /** justification | leader-confirmation | decision-reason | information */
  purpose: nonEmpty,
  body: z.string().min(1).max(MAX_NOTE_LENGTH),
});

export type TextEnvelope = z.infer<typeof textEnvelopeSchema>;

export type StoredText = TextEnvelope & Recorded & { readonly list: TextListKey };

/** An item in a ledger list that is not a well-formed event or text (e.g. typed in by a site owner). */
export interface MalformedItem {
  readonly list: EventListKey | TextListKey;
  readonly itemId: string;
  readonly author: ItemAuthor;
  readonly recordedAt: string;
  readonly reason: string;
}

export interface StreamEvents {
  readonly streamId: string;
  /** In the order SharePoint stored them (item id). */
  readonly events: StoredEvent[];
  /** Items of the stream the fold cannot read; show them to systemansvarlig as anomalies. */
  readonly malformed: MalformedItem[];
}

export type ListBy = 'subject' | 'requester' | 'base' | 'type' | 'streamKind';

export interface ListQuery {
  /** The list to page through. */
  readonly list: EventListKey;
  readonly by: ListBy;
  readonly value: string;
  /** Items per page, 1–500. Default 100. */
  readonly pageSize?: number;
  /** From an earlier page's `cursor`. */
  readonly cursor?: string;
}

export interface LedgerPage {
  readonly events: StoredEvent[];
  readonly malformed: MalformedItem[];
  /** Pass back as `cursor` for the next page; undefined on the last. */
  readonly cursor: string | undefined;
}

/** A text to store, in its stream's texts list (`textListOf`; default `texts`). */
export type TextToStore = TextEnvelope & { readonly list?: TextListKey };

/** The ledger port. */
export interface Ledger {
  /** Appends one event to its list; returns it as stored. Safe to call again with the same envelope. */
  append(envelope: EventEnvelope): Promise<StoredEvent>;
  /** Appends many events in `$batch`es; same guarantees per event. Results in input order. */
  appendMany(envelopes: readonly EventEnvelope[]): Promise<StoredEvent[]>;
  /** Appends one sensitive text. */
  appendText(text: TextToStore): Promise<StoredText>;
  /**
   * Every event of one stream the signed-in user may read, from `lists` (one
   * `$batch`). A list the user may not read at all fails the read (403).
   */
  readStream(streamId: string, lists: readonly EventListKey[]): Promise<StreamEvents>;
  /** Every event of many streams, read in `$batch`es; in the order of `streamIds`. */
  readStreams(
    streamIds: readonly string[],
    lists: readonly EventListKey[],
  ): Promise<StreamEvents[]>;
  /** The texts of one stream the signed-in user may read (their own, or all for deciders). */
  readTexts(streamId: string): Promise<StoredText[]>;
  /**
   * One page of one list's events by an indexed column. Status is not a column: fold streams for
   * that. SharePoint may answer short or empty pages that still have a next link; the page is
   * filled from the following ones until it holds `pageSize` items or the list ends, so it may
   * hold a few more than `pageSize`, never fewer unless it is the last.
   */
  list(query: ListQuery): Promise<LedgerPage>;
}

export interface LedgerLocation {
  /** The site's URL (VITE_SHAREPOINT_SITE) or its Graph id (`host,siteCollectionId,webId`). */
  readonly site: string;
  /** Id or title of each list. Default: its title in ledger-schema.ts. */
  readonly lists?: Partial<Record<EventListKey | TextListKey, string>>;
}

export interface GraphLedgerOptions {
  /** Use `$batch` for appendMany and readStreams (default true; the benchmark compares). */
  readonly batch?: boolean;
}

const columnFor: Record<ListBy, string> = {
  subject: 'SubjectId',
  requester: 'RequesterId',
  base: 'Base',
  type: 'EventType',
  streamKind: 'StreamKind',
};

const optionalText = z.string().nullish();

const eventFieldsSchema = z.object({
  Context: optionalText,
  EventId: z.string().min(1),
  StreamId: z.string().min(1),
  StreamKind: z.string().min(1),
  EventType: z.string().min(1),
  SubjectId: optionalText,
  RequesterId: optionalText,
  Base: optionalText,
  OccurredAt: z.string().min(1),
  Payload: z.string(),
  SchemaVersion: z.number(),
});

const textFieldsSchema = z.object({
  TextId: z.string().min(1),
  StreamId: z.string().min(1),
  Purpose: z.string().min(1),
  Body: z.string(),
});

/** The version in SharePoint's eTag (`"{guid},N"`), or null when it has none. */
function versionOf(eTag: string): number | null {
  const match = /,(\d+)"?$/.exec(eTag);
  return match?.[1] === undefined ? null : Number(match[1]);
}

function recorded(item: ListItem): Recorded {
  const eTag = itemETag(item);
  return {
    itemId: item.id,
    eTag,
    author: itemAuthor(item),
    recordedAt: item.createdDateTime,
    version: versionOf(eTag),
    modifiedAt: item.lastModifiedDateTime ?? null,
  };
}

function malformed(
  list: EventListKey | TextListKey,
  item: ListItem,
  reason: string,
): MalformedItem {
  const { itemId, author, recordedAt } = recorded(item);
  return { list, itemId, author, recordedAt, reason };
}

type Parsed<T> = { ok: true; value: T } | { ok: false; malformed: MalformedItem };
type Parse<T> = (item: ListItem) => Parsed<T>;

/** The payload as JSON would carry it (a Date becomes its ISO string, `undefined` goes). */
function asJson(payload: Readonly<Record<string, unknown>>): unknown {
  const parsed: unknown = JSON.parse(JSON.stringify(payload));
  return parsed;
}

function parseJsonObject(text: string): JsonObject | undefined {
  try {
    const parsed = jsonObjectSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function toStoredEvent(list: EventListKey): Parse<StoredEvent> {
  return (item) => parseEvent(list, item);
}

function parseEvent(list: EventListKey, item: ListItem): Parsed<StoredEvent> {
  const fields = eventFieldsSchema.safeParse(item.fields);
  if (!fields.success) return { ok: false, malformed: malformed(list, item, 'columns') };
  const payload = parseJsonObject(fields.data.Payload);
  if (payload === undefined) return { ok: false, malformed: malformed(list, item, 'payload') };
  const rawContext = fields.data.Context;
  const context =
    rawContext === undefined || rawContext === null || rawContext === ''
      ? undefined
      : parseJsonObject(rawContext);
  if (
    context === undefined &&
    rawContext !== undefined &&
    rawContext !== null &&
    rawContext !== ''
  ) {
    return { ok: false, malformed: malformed(list, item, 'context') };
  }
  const envelope = eventEnvelopeSchema.safeParse({
    eventId: fields.data.EventId,
    streamId: fields.data.StreamId,
    streamKind: fields.data.StreamKind,
    type: fields.data.EventType,
    subjectId: fields.data.SubjectId ?? undefined,
    requesterId: fields.data.RequesterId ?? undefined,
    base: fields.data.Base ?? undefined,
    occurredAt: fields.data.OccurredAt,
    payload,
    schemaVersion: fields.data.SchemaVersion,
    ...(context === undefined ? {} : { context }),
  });
  if (!envelope.success) return { ok: false, malformed: malformed(list, item, 'envelope') };
  return { ok: true, value: { ...envelope.data, ...recorded(item), list } };
}

function toStoredText(list: TextListKey): Parse<StoredText> {
  return (item) => parseText(list, item);
}

function parseText(list: TextListKey, item: ListItem): Parsed<StoredText> {
  const fields = textFieldsSchema.safeParse(item.fields);
  if (!fields.success) return { ok: false, malformed: malformed(list, item, 'columns') };
  return {
    ok: true,
    value: {
      list,
      textId: fields.data.TextId,
      streamId: fields.data.StreamId,
      purpose: fields.data.Purpose,
      body: fields.data.Body,
      ...recorded(item),
    },
  };
}

function eventFields(envelope: StoredEnvelope): Record<string, string | number> {
  const payload = JSON.stringify(envelope.payload);
  if (payload.length > MAX_NOTE_LENGTH) {
    throw new Error(
      `The payload of ${envelope.type} is ${payload.length} characters; free text belongs in the texts list.`,
    );
  }
  return {
    EventId: envelope.eventId,
    StreamId: envelope.streamId,
    StreamKind: envelope.streamKind,
    EventType: envelope.type,
    ...(envelope.subjectId === undefined ? {} : { SubjectId: envelope.subjectId }),
    ...(envelope.requesterId === undefined ? {} : { RequesterId: envelope.requesterId }),
    ...(envelope.base === undefined ? {} : { Base: envelope.base }),
    OccurredAt: envelope.occurredAt,
    Payload: payload,
    SchemaVersion: envelope.schemaVersion,
    ...(envelope.context === undefined ? {} : { Context: JSON.stringify(envelope.context) }),
  };
}

/** Same event: the columns that say what happened (OccurredAt comes back rounded). */
function sameEvent(envelope: StoredEnvelope) {
  const payload = JSON.stringify(envelope.payload);
  return (item: ListItem): boolean => {
    const fields = eventFieldsSchema.safeParse(item.fields);
    if (!fields.success) return false;
    const stored = parseJsonObject(fields.data.Payload);
    return (
      fields.data.EventId === envelope.eventId &&
      fields.data.StreamId === envelope.streamId &&
      fields.data.EventType === envelope.type &&
      stored !== undefined &&
      JSON.stringify(stored) === payload
    );
  };
}

function byItemId(left: Recorded, right: Recorded): number {
  const a = Number(left.itemId);
  const b = Number(right.itemId);
  if (Number.isFinite(a) && Number.isFinite(b)) return a - b;
  return left.itemId.localeCompare(right.itemId);
}

function splitParsed<T extends Recorded>(
  items: readonly ListItem[],
  parse: (item: ListItem) => Parsed<T>,
) {
  const values: T[] = [];
  const bad: MalformedItem[] = [];
  for (const item of items) {
    const parsed = parse(item);
    if (parsed.ok) values.push(parsed.value);
    else bad.push(parsed.malformed);
  }
  values.sort(byItemId);
  return { values, malformed: bad };
}

function stored<T>(parsed: Parsed<T>): T {
  if (parsed.ok) return parsed.value;
  throw new GraphError(
    'invalid-response',
    `The stored item ${parsed.malformed.itemId} is malformed.`,
  );
}

const pageSchema = z.object({
  value: z.array(listItemSchema),
  '@odata.nextLink': z.string().optional(),
});

/** Items per page when reading a whole stream (streams are short). */
const STREAM_PAGE_SIZE = 200;

export function createGraphLedger(
  graph: GraphClient,
  location: LedgerLocation,
  options: GraphLedgerOptions = {},
): Ledger {
  const useBatch = options.batch ?? true;
  // Graph addresses a list by id or by title (displayName), not by its URL name.
  const refOf = (key: EventListKey | TextListKey): ListRef => ({
    site: location.site,
    list: location.lists?.[key] ?? ledgerList(key).displayName,
  });

  function eventCreate(envelope: EventEnvelope): CreateOnce {
    const valid = eventEnvelopeSchema.parse({
      ...envelope,
      payload: asJson(envelope.payload),
      ...(envelope.context === undefined ? {} : { context: asJson(envelope.context) }),
    });
    return {
      ref: refOf(envelope.list),
      uniqueColumn: 'EventId',
      fields: eventFields(valid),
      scopes: graphScopes.writeLedger,
      matches: sameEvent(valid),
    };
  }

  /** Reads (stream, list) pairs 20 to a `$batch`; one with more pages continues in the next round. */
  async function readStreamsBatched(
    streamIds: readonly string[],
    lists: readonly EventListKey[],
  ): Promise<StreamEvents[]> {
    const unique = [...new Set(streamIds)];
    const collected = new Map<string, Map<EventListKey, ListItem[]>>(
      unique.map((id) => [id, new Map(lists.map((list) => [list, []]))]),
    );
    let pending = unique.flatMap((streamId) =>
      lists.map((list) => ({
        streamId,
        list,
        path: findRequest(refOf(list), 'StreamId', streamId, STREAM_PAGE_SIZE).path,
      })),
    );
    while (pending.length > 0) {
      const results = useBatch
        ? await graph.batch(
            pending.map(({ path }) => ({ method: 'GET', path })),
            pageSchema,
            { scopes: graphScopes.readLedger },
          )
        : await sequentially(pending, async ({ path }) => {
            try {
              const body = await graph.request('GET', path, pageSchema, {
                scopes: graphScopes.readLedger,
              });
              return { ok: true as const, body };
            } catch (error) {
              if (error instanceof GraphError) return { ok: false as const, error };
              throw error;
            }
          });
      const next: typeof pending = [];
      for (const [index, result] of results.entries()) {
        const entry = pending[index];
        if (entry === undefined) continue;
        if (!result.ok) throw result.error;
        collected
          .get(entry.streamId)
          ?.get(entry.list)
          ?.push(...result.body.value);
        const nextLink = result.body['@odata.nextLink'];
        if (nextLink !== undefined) next.push({ ...entry, path: nextLink });
      }
      pending = next;
    }
    const byStream = new Map(
      unique.map((streamId) => {
        const events: StoredEvent[] = [];
        const bad: MalformedItem[] = [];
        for (const [list, items] of collected.get(streamId) ?? []) {
          const parsed = splitParsed(items, toStoredEvent(list));
          events.push(...parsed.values);
          bad.push(...parsed.malformed);
        }
        return [streamId, { streamId, events, malformed: bad }];
      }),
    );
    return streamIds.map(
      (streamId) => byStream.get(streamId) ?? { streamId, events: [], malformed: [] },
    );
  }

  return {
    async append(envelope) {
      return stored(
        toStoredEvent(envelope.list)(await createItemOnce(graph, eventCreate(envelope))),
      );
    },

    async appendMany(envelopes) {
      const creates = envelopes.map(eventCreate);
      const items = useBatch
        ? await createItemsOnce(graph, creates, graphScopes.writeLedger)
        : await sequentially(creates, (create) => createItemOnce(graph, create));
      return items.map((item, index) =>
        stored(toStoredEvent(envelopes[index]?.list ?? 'requests')(item)),
      );
    },

    async appendText(text) {
      const { list = 'texts', ...rest } = text;
      const valid = textEnvelopeSchema.parse(rest);
      const item = await createItemOnce(graph, {
        ref: refOf(list),
        uniqueColumn: 'TextId',
        fields: {
          TextId: valid.textId,
          StreamId: valid.streamId,
          Purpose: valid.purpose,
          Body: valid.body,
        },
        scopes: graphScopes.writeLedger,
        matches: (candidate) => {
          const fields = textFieldsSchema.safeParse(candidate.fields);
          return (
            fields.success &&
            fields.data.StreamId === valid.streamId &&
            fields.data.Body === valid.body
          );
        },
      });
      return stored(toStoredText(list)(item));
    },

    async readStream(streamId, lists) {
      const [stream] = await readStreamsBatched([streamId], lists);
      return stream ?? { streamId, events: [], malformed: [] };
    },

    readStreams(streamIds, lists) {
      return readStreamsBatched(streamIds, lists);
    },

    async readTexts(streamId) {
      const results = await graph.batch(
        textListKeys.map((list) =>
          findRequest(refOf(list), 'StreamId', streamId, STREAM_PAGE_SIZE),
        ),
        pageSchema,
        { scopes: graphScopes.readLedger },
      );
      const texts: StoredText[] = [];
      for (const [index, result] of results.entries()) {
        const list = textListKeys[index];
        if (list === undefined) continue;
        if (!result.ok) throw result.error;
        let page = result.body;
        texts.push(...splitParsed(page.value, toStoredText(list)).values);
        while (page['@odata.nextLink'] !== undefined) {
          page = await graph.request('GET', page['@odata.nextLink'], pageSchema, {
            scopes: graphScopes.readLedger,
          });
          texts.push(...splitParsed(page.value, toStoredText(list)).values);
        }
      }
      // The version 1 migration copies an R8 text to the R8 list under the same id, author and
      // body, and keeps the original: whoever reads both gets it once. Any other text under a
      // taken id (anyone may add to the other list) stays, with its own author, to be seen.
      const key = (text: StoredText) => JSON.stringify([text.textId, text.author.id, text.body]);
      return [...new Map(texts.map((text) => [key(text), text])).values()];
    },

    async list({ list, by, value, pageSize = 100, cursor }) {
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500) {
        throw new RangeError('pageSize must be an integer from 1 to 500.');
      }
      // Graph may rewrite the list as its id in nextLinks, so check the shape, not the exact prefix.
      if (cursor !== undefined && !/\/lists\/[^/?]+\/items\?/.test(cursor)) {
        throw new GraphError('invalid-response', 'The cursor is not a page of a ledger list.');
      }
      const items: ListItem[] = [];
      let next: string | undefined = cursor ?? itemsPath(refOf(list));
      for (let pages = 0; next !== undefined && items.length < pageSize; pages += 1) {
        if (pages >= MAX_FILL_PAGES) break;
        const page: GraphPage<ListItem> = await graph.page(next, listItemSchema, {
          scopes: graphScopes.readLedger,
          query: filterQuery(columnFor[by], value, pageSize),
        });
        items.push(...page.items);
        next = page.nextLink;
      }
      const { values, malformed: bad } = splitParsed(items, toStoredEvent(list));
      return { events: values, malformed: bad, cursor: next };
    },
  };
}

/** `list` reads at most this many SharePoint pages to fill one of its own. */
const MAX_FILL_PAGES = 10;

async function sequentially<I, O>(items: readonly I[], run: (item: I) => Promise<O>): Promise<O[]> {
  const results: O[] = [];
  for (const item of items) results.push(await run(item));
  return results;
}
