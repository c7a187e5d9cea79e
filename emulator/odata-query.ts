/**
 * OData query handling shared by directory responses: which `$` options a route accepts,
 * single-entity responses with `$select`, and collections with `$filter`, `$search`,
 * `$orderby`, `$count`, `$top` and server-driven paging (`@odata.nextLink` + `$skiptoken`).
 */
import { base64UrlToText, textToBase64Url } from './base64url.ts';
import type { GraphContext } from './emulator-context.ts';
import {
  type EntityType,
  parseSelect,
  readProperty,
  resolveProperty,
  selectSuffix,
  serializeEntity,
} from './graph-entities.ts';
import {
  badRequest,
  GraphError,
  jsonResponse,
  type JsonObject,
  type JsonValue,
  unsupportedQuery,
} from './graph-response.ts';
import { matchesFilter, parseFilter } from './odata-filter.ts';
import { matchesSearch, parseSearch } from './odata-search.ts';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 999;

export const entityQueryOptions = ['$select'] as const;
export const collectionQueryOptions = [
  '$select',
  '$filter',
  '$search',
  '$orderby',
  '$count',
  '$top',
  '$skiptoken',
] as const;

/** Refuses `$` options the route does not implement, rather than silently ignoring them. */
export function assertQueryOptions(url: URL, allowed: readonly string[]): void {
  for (const name of new Set(url.searchParams.keys())) {
    if (!name.startsWith('$')) continue;
    if (!allowed.includes(name.toLowerCase())) {
      throw badRequest(`Query option '${name}' is not supported by this resource.`);
    }
  }
}

/** Query options by their lower-case name: Graph reads `$SELECT` like `$select`. */
function queryOption(url: URL, name: string): string | null {
  for (const [key, value] of url.searchParams) {
    if (key.toLowerCase() === name) return value;
  }
  return null;
}

/** Directory "advanced queries" need `ConsistencyLevel: eventual`. */
export function isAdvancedQuery(request: Request): boolean {
  return request.headers.get('consistencylevel')?.trim().toLowerCase() === 'eventual';
}

export function entityResponse<T>(
  context: GraphContext,
  type: EntityType<T>,
  item: T,
  options: { readonly contextPath: string; readonly includeODataType: boolean },
): Response {
  assertQueryOptions(context.url, entityQueryOptions);
  const select = parseSelect(type, queryOption(context.url, '$select'));
  return jsonResponse(context.meta, 200, {
    '@odata.context': `${context.graphBase}/$metadata#${options.contextPath}${selectSuffix(select)}/$entity`,
    ...serializeEntity(type, item, select, options),
  });
}

function parseTop(raw: string | null): number {
  if (raw === null) return DEFAULT_PAGE_SIZE;
  const top = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!Number.isInteger(top) || top < 1 || top > MAX_PAGE_SIZE) {
    throw new GraphError(
      400,
      'Request_BadRequest',
      `Invalid page size specified: '${raw}'. Must be between 1 and ${MAX_PAGE_SIZE} inclusive.`,
    );
  }
  return top;
}

const skipTokenPrefix = 'emu-page:';

function encodeSkipToken(offset: number): string {
  return textToBase64Url(`${skipTokenPrefix}${offset}`);
}

function parseSkipToken(raw: string | null): number {
  if (raw === null) return 0;
  const match = /^emu-page:(\d+)$/.exec(base64UrlToText(raw) ?? '');
  if (match?.[1] === undefined) {
    throw new GraphError(
      400,
      'Directory_ExpiredPageToken',
      'The specified page token value has expired or is invalid.',
    );
  }
  return Number(match[1]);
}

function parseCount(raw: string | null): boolean {
  if (raw === null) return false;
  const value = raw.trim().toLowerCase();
  if (value !== 'true' && value !== 'false') {
    throw badRequest(`Invalid value '${raw}' for $count: expected true or false.`);
  }
  return value === 'true';
}

type Comparator<T> = (left: T, right: T) => number;

function parseOrderBy<T>(type: EntityType<T>, raw: string | null): Comparator<T> | null {
  if (raw === null || raw.trim() === '') return null;
  const keys = raw.split(',').map((part) => {
    const [name = '', direction = 'asc', ...rest] = part.trim().split(/\s+/u);
    const property = resolveProperty(type, name);
    const order = direction.toLowerCase();
    if (property === undefined || rest.length > 0 || (order !== 'asc' && order !== 'desc')) {
      throw unsupportedQuery(`Sorting not supported for '${part.trim()}'.`);
    }
    return { property, descending: order === 'desc' };
  });
  const text = (value: JsonValue): string | null => (typeof value === 'string' ? value : null);
  return (left, right) => {
    for (const key of keys) {
      const a = text(readProperty(type, left, key.property));
      const b = text(readProperty(type, right, key.property));
      // Nulls sort last, as in Entra ID.
      const result =
        a === b
          ? 0
          : a === null
            ? 1
            : b === null
              ? -1
              : a.localeCompare(b, 'nb', { sensitivity: 'base' });
      if (result !== 0) return key.descending ? -result : result;
    }
    return 0;
  };
}

/** The request's own URL with `$skiptoken` replaced, keeping the client's encoding. */
function nextLink(url: URL, offset: number): string {
  const kept = url.search
    .slice(1)
    .split('&')
    .filter((part) => {
      if (part === '') return false;
      const rawName = part.split('=')[0] ?? '';
      try {
        return decodeURIComponent(rawName.replace(/\+/g, ' ')).toLowerCase() !== '$skiptoken';
      } catch {
        return true;
      }
    });
  kept.push(`$skiptoken=${encodeSkipToken(offset)}`);
  return `${url.origin}${url.pathname}?${kept.join('&')}`;
}

/** Another type's object under `$select`: its type and id, and the selected properties it has. */
function selectOther(other: JsonObject, select: readonly string[] | null): JsonObject {
  if (select === null) return other;
  return Object.fromEntries(
    Object.entries(other).filter(
      ([name]) => name === '@odata.type' || name === 'id' || select.includes(name),
    ),
  );
}

export function collectionResponse<T>(
  context: GraphContext,
  type: EntityType<T>,
  items: readonly T[],
  options: {
    readonly contextPath: string;
    readonly includeODataType: boolean;
    /**
     * Directory objects of other types (an org contact among direct reports, a device among a
     * group's members), already serialised with their `@odata.type`. Listed on the first page
     * and only when no `$filter`/`$search` narrows the collection.
     */
    readonly others?: readonly JsonObject[];
  },
): Response {
  const { url } = context;
  assertQueryOptions(url, collectionQueryOptions);
  const advanced = isAdvancedQuery(context.request);

  const select = parseSelect(type, queryOption(url, '$select'));
  const rawFilter = queryOption(url, '$filter');
  const filter = rawFilter === null ? null : parseFilter(rawFilter, type);
  const rawSearch = queryOption(url, '$search');
  if (rawSearch !== null && !advanced) {
    throw unsupportedQuery(
      "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
    );
  }
  const search = rawSearch === null ? null : parseSearch(rawSearch, type);
  const order = parseOrderBy(type, queryOption(url, '$orderby'));
  // Without ConsistencyLevel, Graph ignores $count=true on directory objects.
  const count = parseCount(queryOption(url, '$count')) && advanced;
  const pageSize = parseTop(queryOption(url, '$top'));
  const offset = parseSkipToken(queryOption(url, '$skiptoken'));

  let matching = items.filter(
    (item) =>
      (filter === null || matchesFilter(type, item, filter)) &&
      (search === null || matchesSearch(type, item, search)),
  );
  if (order !== null) matching = [...matching].sort(order);

  // Graph may answer a short or an empty page that still has a next link (fault variance).
  const window = context.state.faults.pageWindow(matching.length - offset, pageSize, true);
  const page = matching.slice(offset, offset + window.take);
  const body: Record<string, JsonValue> = {
    '@odata.context': `${context.graphBase}/$metadata#${options.contextPath}${selectSuffix(select)}`,
  };
  if (count) body['@odata.count'] = matching.length;
  if (window.nextLink) body['@odata.nextLink'] = nextLink(url, offset + window.take);
  const others =
    offset === 0 && filter === null && search === null
      ? (options.others ?? []).map((other) => selectOther(other, select))
      : [];
  body['value'] = [...page.map((item) => serializeEntity(type, item, select, options)), ...others];
  return jsonResponse(context.meta, 200, body);
}
