/**
 * SharePoint list items through Graph, written at most once.
 *
 * A write whose answer is lost (network error, timeout, 5xx, 429) may or may
 * not have been stored. Every item therefore carries an id made by the client
 * before the first attempt, in a column SharePoint enforces unique. The
 * algorithm ({@link createItemOnce}):
 *
 * 1. POST the item. Success: done. The POST is never re-sent by the retry
 *    middleware (a POST is not idempotent by itself).
 * 2. A unique-column conflict: an earlier attempt did arrive. SharePoint
 *    answers it 409 (`nameAlreadyExists`) as a rule, but has been seen
 *    answering 400 or 500 too. On 409, on a 400 or 500 whose body names a
 *    duplicate, and on any other 400, read the item by its id and return it
 *    (after checking it holds what we meant to write). Not found: the error
 *    stands (a 400 that was no conflict surfaces after the one read).
 * 3. Ambiguous failure (no answer, timeout, 429, any other 5xx, a generic 500
 *    included): wait (`Retry-After` when visible, else jittered backoff), read
 *    by id. Found: return it. Not found: go to 1, up to the policy's attempts.
 * 4. Any other failure is final.
 *
 * The unique column makes step 1 safe to repeat even when the read in step 3
 * comes too early (the lost write lands later): the re-send then gets 409.
 */
import { z } from 'zod';
import { GraphError, isAmbiguousFailure } from './errors.ts';
import type { BatchRequest, GraphClient } from './graph-client.ts';

/** A list on a site: `list` is the list's id or its title, as Graph accepts either. */
export interface ListRef {
  /** A Graph site id (`host,collectionId,webId`) or the site's URL. */
  readonly site: string;
  readonly list: string;
}

const identitySchema = z.object({
  id: z.string().nullish(),
  displayName: z.string().nullish(),
  email: z.string().nullish(),
});

/** A Graph listItem with `$expand=fields`; the columns are parsed by each list's adapter. */
export const listItemSchema = z.object({
  id: z.string().min(1),
  eTag: z.string().optional(),
  '@odata.etag': z.string().optional(),
  createdDateTime: z.string().min(1),
  lastModifiedDateTime: z.string().min(1).optional(),
  createdBy: z.object({ user: identitySchema.optional() }).optional(),
  fields: z.record(z.string(), z.unknown()),
});

export type ListItem = z.infer<typeof listItemSchema>;

/** Who created an item, as SharePoint stamped it from the writer's token. */
export interface ItemAuthor {
  /** Entra object id; null when SharePoint names no user (an app, a system account). */
  readonly id: string | null;
  readonly displayName: string | null;
  readonly email: string | null;
}

export function itemAuthor(item: ListItem): ItemAuthor {
  const user = item.createdBy?.user;
  return {
    id: user?.id ?? null,
    displayName: user?.displayName ?? null,
    email: user?.email ?? null,
  };
}

export function itemETag(item: ListItem): string {
  return item.eTag ?? item['@odata.etag'] ?? '';
}

/** Encodes one path segment; a site id's commas stay as Graph writes them. */
export function pathSegment(value: string): string {
  return encodeURIComponent(value).replace(/%2C/g, ',');
}

/**
 * The `{site}` segment of a Graph path: an id as it is, a URL in Graph's
 * path form `host:/sites/x:` (no round trip to look the id up first).
 */
export function siteSegment(site: string): string {
  if (!/^https:\/\//i.test(site)) return pathSegment(site);
  const url = new URL(site);
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.hostname}:${path.split('/').map(pathSegment).join('/')}:`;
}

export function itemsPath(ref: ListRef): string {
  return `/sites/${siteSegment(ref.site)}/lists/${pathSegment(ref.list)}/items`;
}

/** An OData string literal: single quotes doubled. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** `$filter` on one (indexed) column: SharePoint refuses filters on others in large lists. */
export function equalsFilter(column: string, value: string): string {
  return `fields/${column} eq ${odataString(value)}`;
}

export function filterQuery(column: string, value: string, top: number) {
  return { $expand: 'fields', $filter: equalsFilter(column, value), $top: String(top) };
}

/** The GET that reads items whose `column` equals `value`, as a `$batch` sub-request. */
export function findRequest(ref: ListRef, column: string, value: string, top: number) {
  const query = Object.entries(filterQuery(column, value, top))
    .map(([name, option]) => `${name}=${encodeURIComponent(option)}`)
    .join('&');
  return { method: 'GET', path: `${itemsPath(ref)}?${query}` } satisfies BatchRequest;
}

/** Every item whose `column` equals `value` (all pages). */
export function findItems(
  graph: GraphClient,
  ref: ListRef,
  column: string,
  value: string,
  scopes: readonly string[],
  top = 200,
): Promise<ListItem[]> {
  return graph.getAll(itemsPath(ref), listItemSchema, {
    scopes,
    query: filterQuery(column, value, top),
  });
}

export interface CreateOnce {
  readonly ref: ListRef;
  /** The unique column holding the client-made id. */
  readonly uniqueColumn: string;
  /** Column values; `fields[uniqueColumn]` must be the id. */
  readonly fields: Readonly<Record<string, string | number>>;
  readonly scopes: readonly string[];
  /** Whether a stored item is the one we meant to write; a stranger with our id is a conflict. */
  readonly matches: (item: ListItem) => boolean;
}

function uniqueValue(create: CreateOnce): string {
  const value = create.fields[create.uniqueColumn];
  if (typeof value !== 'string' || value === '') {
    throw new Error(`fields.${create.uniqueColumn} must hold the item's client-made id.`);
  }
  return value;
}

function accept(create: CreateOnce, item: ListItem): ListItem {
  if (!create.matches(item)) {
    throw new GraphError(
      'conflict',
      `Another item already holds ${create.uniqueColumn} ${uniqueValue(create)}.`,
      409,
    );
  }
  return item;
}

async function findOne(graph: GraphClient, create: CreateOnce): Promise<ListItem | undefined> {
  const [item] = await findItems(
    graph,
    create.ref,
    create.uniqueColumn,
    uniqueValue(create),
    create.scopes,
    2,
  );
  return item;
}

/** Waits before a re-check; a `Retry-After` beyond the cap ends the attempt with the error. */
async function waitAfter(graph: GraphClient, error: GraphError, attempt: number): Promise<void> {
  const policy = graph.retryPolicy;
  if (error.retryAfterMs !== undefined && error.retryAfterMs > policy.maxRetryAfterMs) throw error;
  await policy.sleep(policy.delayMs(attempt, error.retryAfterMs, error.status === 429));
}

/** How SharePoint words a duplicate in a unique column, through Graph and through REST. */
const duplicateWording =
  /nameAlreadyExists|SPDuplicateValuesFoundException|duplicate values were found/i;

/** A unique-column conflict for certain: 409, or a 400/500 whose code or message says so. */
function isDuplicate(error: unknown): boolean {
  if (!(error instanceof GraphError)) return false;
  if (error.status === 409) return true;
  if (error.status !== 400 && error.status !== 500) return false;
  return duplicateWording.test(`${error.code ?? ''} ${error.message}`);
}

/** Worth one read by id before giving up: a conflict, or a 400 that may be one in disguise. */
function mayBeDuplicate(error: unknown): boolean {
  return isDuplicate(error) || (error instanceof GraphError && error.status === 400);
}

/** Creates one item at most once; see the module comment for the algorithm. */
export async function createItemOnce(graph: GraphClient, create: CreateOnce): Promise<ListItem> {
  uniqueValue(create);
  const policy = graph.retryPolicy;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await graph.request('POST', itemsPath(create.ref), listItemSchema, {
        scopes: create.scopes,
        body: { fields: create.fields },
      });
    } catch (error) {
      if (mayBeDuplicate(error)) {
        const existing = await findOne(graph, create);
        if (existing === undefined) throw error;
        return accept(create, existing);
      }
      // A 2xx we could not read is a write that happened: find it like a lost one.
      const unreadable = error instanceof GraphError && error.kind === 'invalid-response';
      if (!(error instanceof GraphError) || !(isAmbiguousFailure(error) || unreadable)) {
        throw error;
      }
      if (attempt >= policy.maxAttempts) throw error;
      await waitAfter(graph, error, attempt);
      const existing = await findOne(graph, create);
      if (existing !== undefined) return accept(create, existing);
    }
  }
}

const foundPageSchema = z.object({
  value: z.array(listItemSchema),
  '@odata.nextLink': z.string().optional(),
});

/**
 * The first item of a look-up page, following next links past empty pages (SharePoint may
 * answer an empty page with a next link even when a later page holds the item).
 */
async function firstFound(
  graph: GraphClient,
  page: z.infer<typeof foundPageSchema>,
  scopes: readonly string[],
): Promise<ListItem | undefined> {
  const [first] = page.value;
  const next = page['@odata.nextLink'];
  if (first !== undefined || next === undefined) return first;
  const [later] = await graph.getAll(next, listItemSchema, { scopes });
  return later;
}

/**
 * Creates many items at most once each, 20 to a `$batch`, with the same
 * algorithm per item: sub-requests that fail ambiguously or with a (possible)
 * unique conflict are looked up by id (also batched) and only the missing ones are sent again.
 * All or an error: when it throws, every item it did write stays written,
 * and calling it again with the same items is safe.
 */
export async function createItemsOnce(
  graph: GraphClient,
  creates: readonly CreateOnce[],
  scopes: readonly string[],
): Promise<ListItem[]> {
  const policy = graph.retryPolicy;
  const stored: (ListItem | undefined)[] = creates.map(() => undefined);
  let pending = creates.map((create, index) => ({ create, index }));
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    const results = await graph.batch(
      pending.map(({ create }) => ({
        method: 'POST',
        path: itemsPath(create.ref),
        body: { fields: create.fields },
      })),
      listItemSchema,
      { scopes },
    );
    const toCheck: { create: CreateOnce; index: number; error: GraphError }[] = [];
    // The ambiguous failure with the longest Retry-After decides how long to wait.
    let wait: GraphError | undefined;
    for (const [position, result] of results.entries()) {
      const entry = pending[position];
      if (entry === undefined) continue;
      if (result.ok) {
        stored[entry.index] = result.body;
        continue;
      }
      const { error } = result;
      const unreadable = error.kind === 'invalid-response';
      const duplicate = mayBeDuplicate(error);
      if (!duplicate && !isAmbiguousFailure(error) && !unreadable) throw error;
      if (!duplicate && attempt >= policy.maxAttempts) throw error;
      if (!duplicate && (wait?.retryAfterMs ?? -1) < (error.retryAfterMs ?? 0)) wait = error;
      toCheck.push({ ...entry, error });
    }
    if (toCheck.length === 0) break;
    if (wait !== undefined) await waitAfter(graph, wait, attempt);

    const found = await graph.batch(
      toCheck.map(({ create }) =>
        findRequest(create.ref, create.uniqueColumn, uniqueValue(create), 2),
      ),
      foundPageSchema,
      { scopes },
    );
    pending = [];
    for (const [position, result] of found.entries()) {
      const entry = toCheck[position];
      if (entry === undefined) continue;
      if (!result.ok) throw result.error;
      const existing = await firstFound(graph, result.body, scopes);
      if (existing !== undefined) {
        stored[entry.index] = accept(entry.create, existing);
      } else if (mayBeDuplicate(entry.error)) {
        throw entry.error;
      } else {
        pending.push(entry);
      }
    }
  }
  return stored.map((item) => {
    if (item === undefined)
      throw new GraphError('unknown', 'An item was neither written nor found.');
    return item;
  });
}
