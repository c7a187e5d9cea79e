/**
 * The access ledger: append-only events (and sensitive texts) in the SharePoint
 * lists of ledger-schema.ts, reached through Graph.
 *
 * The adapter is generic over event payloads: it checks the column types and
 * that `Payload` is a JSON object, never what a domain event means. What it
 * adds is what a client cannot forge: `author` (SharePoint's `createdBy`,
 * stamped from the writer's token) and `recordedAt` (the server's
 * `createdDateTime`). Writes never duplicate; see list-items.ts.
 */
import { z } from 'zod';
import { GraphError } from './errors.ts';
import type { GraphClient } from './graph-client.ts';
import { eventsList, textsList } from './ledger-schema.ts';
import {
  createItemOnce,
  createItemsOnce,
  filterQuery,
  findItems,
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
});

export type StoredEnvelope = z.infer<typeof eventEnvelopeSchema>;

/**
 * What the domain hands the ledger to append: one event, its id made before
 * the first write. The payload is any plain object; it is stored as JSON, so
 * properties that are `undefined` are left out, as `JSON.stringify` does.
 */
export interface EventEnvelope extends Omit<StoredEnvelope, 'payload'> {
  readonly payload: Readonly<Record<string, unknown>>;
}

/** Facts SharePoint adds to every item. */
export interface Recorded {
  /** The list item's id. */
  readonly itemId: string;
  readonly eTag: string;
  /** Who wrote it, from the item's `createdBy.user`: the only trusted author. */
  readonly author: ItemAuthor;
  /** When SharePoint stored it (`createdDateTime`): the only trusted time. */
  readonly recordedAt: string;
}

export type StoredEvent = StoredEnvelope & Recorded;

export const textEnvelopeSchema = z.object({
  textId: nonEmpty,
  streamId: nonEmpty,
  /** justification | leader-confirmation | decision-reason | information */
  purpose: nonEmpty,
  body: z.string().min(1).max(MAX_NOTE_LENGTH),
});

export type TextEnvelope = z.infer<typeof textEnvelopeSchema>;

export type StoredText = TextEnvelope & Recorded;

/** An item in a ledger list that is not a well-formed event or text (e.g. typed in by a site owner). */
export interface MalformedItem {
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

/** The ledger port. */
export interface Ledger {
  /** Appends one event; returns it as stored. Safe to call again with the same envelope. */
  append(envelope: EventEnvelope): Promise<StoredEvent>;
  /** Appends many events in `$batch`es; same guarantees per event. Results in input order. */
  appendMany(envelopes: readonly EventEnvelope[]): Promise<StoredEvent[]>;
  /** Appends one sensitive text to the texts list. */
  appendText(text: TextEnvelope): Promise<StoredText>;
  /** Every event of one stream. */
  readStream(streamId: string): Promise<StreamEvents>;
  /** Every event of many streams, read in `$batch`es; in the order of `streamIds`. */
  readStreams(streamIds: readonly string[]): Promise<StreamEvents[]>;
  /** The texts of one stream the signed-in user may read (their own, or all for deciders). */
  readTexts(streamId: string): Promise<StoredText[]>;
  /** One page of events by an indexed column. Status is not a column: fold streams for that. */
  list(query: ListQuery): Promise<LedgerPage>;
}

export interface LedgerLocation {
  /** The site's URL (VITE_SHAREPOINT_SITE) or its Graph id (`host,siteCollectionId,webId`). */
  readonly site: string;
  /** Id or title of the events list. Default: its title in ledger-schema.ts. */
  readonly eventsList?: string;
  /** Id or title of the texts list. Default: its title in ledger-schema.ts. */
  readonly textsList?: string;
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

function recorded(item: ListItem): Recorded {
  return {
    itemId: item.id,
    eTag: itemETag(item),
    author: itemAuthor(item),
    recordedAt: item.createdDateTime,
  };
}

function malformed(item: ListItem, reason: string): MalformedItem {
  const { itemId, author, recordedAt } = recorded(item);
  return { itemId, author, recordedAt, reason };
}

type Parsed<T> = { ok: true; value: T } | { ok: false; malformed: MalformedItem };

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

export function toStoredEvent(item: ListItem): Parsed<StoredEvent> {
  const fields = eventFieldsSchema.safeParse(item.fields);
  if (!fields.success) return { ok: false, malformed: malformed(item, 'columns') };
  const payload = parseJsonObject(fields.data.Payload);
  if (payload === undefined) return { ok: false, malformed: malformed(item, 'payload') };
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
  });
  if (!envelope.success) return { ok: false, malformed: malformed(item, 'envelope') };
  return { ok: true, value: { ...envelope.data, ...recorded(item) } };
}

function toStoredText(item: ListItem): Parsed<StoredText> {
  const fields = textFieldsSchema.safeParse(item.fields);
  if (!fields.success) return { ok: false, malformed: malformed(item, 'columns') };
  return {
    ok: true,
    value: {
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
  const events: ListRef = {
    site: location.site,
    list: location.eventsList ?? eventsList.displayName,
  };
  const texts: ListRef = { site: location.site, list: location.textsList ?? textsList.displayName };

  function eventCreate(envelope: EventEnvelope): CreateOnce {
    const valid = eventEnvelopeSchema.parse({ ...envelope, payload: asJson(envelope.payload) });
    return {
      ref: events,
      uniqueColumn: 'EventId',
      fields: eventFields(valid),
      scopes: graphScopes.writeLedger,
      matches: sameEvent(valid),
    };
  }

  async function readStream(streamId: string): Promise<StreamEvents> {
    const items = await findItems(
      graph,
      events,
      'StreamId',
      streamId,
      graphScopes.readLedger,
      STREAM_PAGE_SIZE,
    );
    const { values, malformed: bad } = splitParsed(items, toStoredEvent);
    return { streamId, events: values, malformed: bad };
  }

  /** Reads streams 20 to a `$batch`; a stream with more pages continues in the next round. */
  async function readStreamsBatched(streamIds: readonly string[]): Promise<StreamEvents[]> {
    const unique = [...new Set(streamIds)];
    const collected = new Map<string, ListItem[]>(unique.map((id) => [id, []]));
    let pending: { streamId: string; path: string }[] = unique.map((streamId) => ({
      streamId,
      path: findRequest(events, 'StreamId', streamId, STREAM_PAGE_SIZE).path,
    }));
    while (pending.length > 0) {
      const results = await graph.batch(
        pending.map(({ path }) => ({ method: 'GET', path })),
        pageSchema,
        { scopes: graphScopes.readLedger },
      );
      const next: typeof pending = [];
      for (const [index, result] of results.entries()) {
        const entry = pending[index];
        if (entry === undefined) continue;
        if (!result.ok) throw result.error;
        collected.get(entry.streamId)?.push(...result.body.value);
        const nextLink = result.body['@odata.nextLink'];
        if (nextLink !== undefined) next.push({ streamId: entry.streamId, path: nextLink });
      }
      pending = next;
    }
    const byStream = new Map(
      unique.map((streamId) => {
        const { values, malformed: bad } = splitParsed(
          collected.get(streamId) ?? [],
          toStoredEvent,
        );
        return [streamId, { streamId, events: values, malformed: bad }];
      }),
    );
    return streamIds.map(
      (streamId) => byStream.get(streamId) ?? { streamId, events: [], malformed: [] },
    );
  }

  return {
    async append(envelope) {
      return stored(toStoredEvent(await createItemOnce(graph, eventCreate(envelope))));
    },

    async appendMany(envelopes) {
      const creates = envelopes.map(eventCreate);
      const items = useBatch
        ? await createItemsOnce(graph, creates, graphScopes.writeLedger)
        : await sequentially(creates, (create) => createItemOnce(graph, create));
      return items.map((item) => stored(toStoredEvent(item)));
    },

    async appendText(text) {
      const valid = textEnvelopeSchema.parse(text);
      const item = await createItemOnce(graph, {
        ref: texts,
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
      return stored(toStoredText(item));
    },

    readStream,

    readStreams(streamIds) {
      if (useBatch) return readStreamsBatched(streamIds);
      return sequentially(streamIds, readStream);
    },

    async readTexts(streamId) {
      const items = await findItems(graph, texts, 'StreamId', streamId, graphScopes.readLedger);
      return splitParsed(items, toStoredText).values;
    },

    async list({ by, value, pageSize = 100, cursor }) {
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500) {
        throw new RangeError('pageSize must be an integer from 1 to 500.');
      }
      // Graph may rewrite the list as its id in nextLinks, so check the shape, not the exact prefix.
      if (cursor !== undefined && !/\/lists\/[^/?]+\/items\?/.test(cursor)) {
        throw new GraphError('invalid-response', 'The cursor is not a page of the events list.');
      }
      const page = await graph.page(cursor ?? itemsPath(events), listItemSchema, {
        scopes: graphScopes.readLedger,
        query: filterQuery(columnFor[by], value, pageSize),
      });
      const { values, malformed: bad } = splitParsed(page.items, toStoredEvent);
      return { events: values, malformed: bad, cursor: page.nextLink };
    },
  };
}

async function sequentially<I, O>(items: readonly I[], run: (item: I) => Promise<O>): Promise<O[]> {
  const results: O[] = [];
  for (const item of items) results.push(await run(item));
  return results;
}
