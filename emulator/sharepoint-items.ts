/**
 * SharePoint list items through Graph: create, read, list (with `$expand=fields`, `$filter` on
 * indexed columns only, `$orderby`, `$top` and keyset paging through `$skiptoken`), update
 * fields with `If-Match`, delete. Every check SharePoint makes on the caller's token is made here:
 * the author is the caller, list permissions, ReadSecurity / WriteSecurity, unique columns.
 */
import { z } from 'zod';
import { base64UrlToText, textToBase64Url } from './base64url.ts';
import type { GraphContext, GraphRoute } from './emulator-context.ts';
import type { ColumnData, FieldValue, ListData, ListItemData } from './emulator-data.ts';
import { GraphError, jsonResponse, type JsonObject, type JsonValue } from './graph-response.ts';
import {
  evaluateExpression,
  type ODataExpression,
  type ODataLiteral,
  parseODataFilterOr,
} from './odata-expression.ts';
import { withQueryOption } from './odata-links.ts';
import { readBody } from './request-body.ts';
import { route } from './router.ts';
import {
  accessDenied,
  invalidRequest,
  itemNotFound,
  nameAlreadyExists,
  NOTE_MAX_LENGTH,
  parseSelectList,
  readOnlyFieldNames,
  requireCan,
  requireList,
  sameFieldValue,
  textCollator,
  spQueryOptions,
  spTimestamp,
  userIdentity,
} from './sharepoint-graph.ts';
import {
  bypassesItemSecurity,
  ensureUserPrincipal,
  userPrincipalId,
} from './sharepoint-permissions.ts';
import {
  labelForNewItem,
  type RecordAction,
  recordBlockedMessage,
  recordBlocking,
} from './sharepoint-records.ts';

export const DEFAULT_ITEMS_PAGE_SIZE = 200;
export const MAX_ITEMS_PAGE_SIZE = 999;
export const HONOR_NON_INDEXED_PREFERENCE = 'HonorNonIndexedQueriesWarningMayFailRandomly';

type Params = Readonly<Record<string, string>>;

function invalid(message: string): GraphError {
  return invalidRequest(message);
}

export function itemETag(item: ListItemData): string {
  return `"${item.uniqueId},${item.version}"`;
}

// --- visibility and write rules -----------------------------------------------------------

/**
 * ReadSecurity 2: only your own items, unless you may override list behaviours (SPList
 * ReadSecurity 2: "Users have Read access only to items that they create",
 * https://learn.microsoft.com/en-us/previous-versions/office/sharepoint-server/ms449811(v=office.15)).
 * "Your own" is the item's Author as stored, so an Author set through SharePoint REST's validate
 * methods decides who sees the item (that SharePoint decides by the Author field is not
 * documented; assumed).
 */
export function canSeeItem(context: GraphContext, list: ListData, item: ListItemData): boolean {
  if (list.readSecurity === 1 || item.authorId === context.caller.id) return true;
  return bypassesItemSecurity(context.state, context.caller, list);
}

/** WriteSecurity 2: only your own items; 4: none. Overriding list behaviours lifts both. */
export function mayWriteItem(
  context: GraphContext,
  list: ListData,
  item: ListItemData | null,
): boolean {
  if (list.writeSecurity === 1) return true;
  if (bypassesItemSecurity(context.state, context.caller, list)) return true;
  if (list.writeSecurity === 4) return false;
  return item === null || item.authorId === context.caller.id;
}

function findVisibleItem(
  context: GraphContext,
  list: ListData,
  key: string | undefined,
): ListItemData {
  const id = /^\d+$/.test(key ?? '') ? Number(key) : Number.NaN;
  const item = list.items.find((candidate) => candidate.id === id);
  // An item hidden by ReadSecurity is "not found", exactly like one that does not exist.
  if (item === undefined || !canSeeItem(context, list, item)) throw itemNotFound('Item not found');
  return item;
}

/** A record's label forbids this, whoever asks (site owners included): 403. */
function refuseRecord(item: ListItemData, action: RecordAction): void {
  const tag = recordBlocking(item, action);
  if (tag !== null) throw accessDenied(recordBlockedMessage(tag, action));
}

/** The major version users see (`_UIVersionString`). */
export function uiVersionOf(item: ListItemData): number {
  return item.uiVersion ?? item.version;
}

/** A change a user makes: a new eTag, and a new major version when the list keeps versions. */
export function bumpVersion(list: ListData, item: ListItemData): void {
  const ui = uiVersionOf(item);
  item.version += 1;
  item.uiVersion = list.enableVersioning ? ui + 1 : ui;
}

// --- serialisation --------------------------------------------------------------------------

function listPath(context: GraphContext, list: ListData): string {
  const site = context.state.config.site;
  return `${context.graphBase}/$metadata#sites('${encodeURIComponent(site.id)}')/lists('${list.id}')`;
}

function fieldsEntity(
  context: GraphContext,
  list: ListData,
  item: ListItemData,
  select: readonly string[] | null,
): JsonObject {
  const authorLookup = userPrincipalId(context.state, item.authorId);
  const editorLookup = userPrincipalId(context.state, item.editorId);
  const all: Record<string, JsonValue> = {};
  for (const column of list.columns) {
    const value = item.fields[column.name];
    // Graph leaves empty fields out.
    if (value !== undefined && value !== null) all[column.name] = value;
  }
  const title = item.fields['Title'];
  Object.assign(all, {
    id: String(item.id),
    ContentType: 'Item',
    Modified: item.lastModifiedDateTime,
    Created: item.createdDateTime,
    AuthorLookupId: authorLookup === null ? null : String(authorLookup),
    EditorLookupId: editorLookup === null ? null : String(editorLookup),
    _UIVersionString: `${uiVersionOf(item)}.0`,
    Attachments: false,
    Edit: '',
    LinkTitleNoMenu: typeof title === 'string' ? title : '',
    LinkTitle: typeof title === 'string' ? title : '',
    ItemChildCount: '0',
    FolderChildCount: '0',
  });
  const body: Record<string, JsonValue> = { '@odata.etag': itemETag(item) };
  if (select === null) return { ...body, ...all };
  for (const name of select) {
    if (name in all) {
      body[name] = all[name] ?? null;
    } else if (
      !list.columns.some((column) => column.name === name) &&
      !readOnlyFieldNames.includes(name)
    ) {
      throw invalidRequest(`Field '${name}' is not recognized`);
    }
  }
  return body;
}

const itemProperties = [
  'createdDateTime',
  'eTag',
  'id',
  'lastModifiedDateTime',
  'webUrl',
  'createdBy',
  'lastModifiedBy',
  'parentReference',
  'contentType',
] as const;

interface ItemShape {
  /** null: every property; otherwise the `$select`ed top-level properties. */
  readonly select: readonly string[] | null;
  /** undefined: no `fields`; null: all fields; otherwise `fields($select=...)`. */
  readonly fields: readonly string[] | null | undefined;
}

function itemEntity(
  context: GraphContext,
  list: ListData,
  item: ListItemData,
  shape: ItemShape,
): JsonObject {
  const site = context.state.config.site;
  const all: Record<string, JsonValue> = {
    createdDateTime: item.createdDateTime,
    eTag: itemETag(item),
    id: String(item.id),
    lastModifiedDateTime: item.lastModifiedDateTime,
    webUrl: `${site.webUrl}/Lists/${encodeURIComponent(list.name)}/${item.id}_.000`,
    createdBy: { user: userIdentity(context.state, item.authorId) },
    lastModifiedBy: { user: userIdentity(context.state, item.editorId) },
    parentReference: { id: list.id, siteId: site.id },
    contentType: { id: '0x0100', name: 'Item' },
  };
  const body: Record<string, JsonValue> = { '@odata.etag': itemETag(item) };
  for (const property of itemProperties) {
    if (shape.select === null || shape.select.includes(property))
      body[property] = all[property] ?? null;
  }
  if (shape.fields !== undefined) {
    body['fields@odata.context'] = `${listPath(context, list)}/items('${item.id}')/fields/$entity`;
    body['fields'] = fieldsEntity(context, list, item, shape.fields);
  }
  return body;
}

function parseItemSelect(raw: string | undefined): readonly string[] | null {
  const names = parseSelectList(raw);
  if (names === null) return null;
  return names.map((name) => {
    const property = itemProperties.find(
      (candidate) => candidate.toLowerCase() === name.toLowerCase(),
    );
    if (property === undefined) {
      throw invalidRequest(
        `Could not find a property named '${name}' on type 'microsoft.graph.listItem'.`,
      );
    }
    return property;
  });
}

/** `fields`, `fields($select=A,B)` or `fields(select=A,B)`; undefined when not expanded. */
function parseFieldsExpand(raw: string | undefined): readonly string[] | null | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const match = /^\s*fields\s*(?:\(\s*\$?select\s*=\s*([^)]*)\))?\s*$/i.exec(raw);
  if (match === null) {
    throw invalidRequest(
      `Expanding '${raw}' is not supported by the emulator on list items (only 'fields').`,
    );
  }
  return match[1] === undefined ? null : parseSelectList(match[1]);
}

// --- field values ---------------------------------------------------------------------------

function normaliseDateTime(column: ColumnData, value: string): string {
  const time = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) {
    throw invalidRequest(
      `Field '${column.name}': '${value}' is not a valid date and time (ISO 8601).`,
    );
  }
  // SharePoint keeps whole seconds in UTC.
  const iso = spTimestamp(new Date(time));
  return column.dateOnly ? `${iso.slice(0, 10)}T00:00:00Z` : iso;
}

function normaliseValue(column: ColumnData, value: unknown): FieldValue {
  if (value === null) return null;
  switch (column.type) {
    case 'text':
    case 'note': {
      if (typeof value !== 'string') {
        throw invalidRequest(`Field '${column.name}' expects a string value.`);
      }
      const limit = column.type === 'text' ? (column.maxLength ?? 255) : NOTE_MAX_LENGTH;
      if (value.length > limit) {
        throw invalidRequest(
          `The value of field '${column.name}' is ${value.length} characters long; at most ${limit} are allowed.`,
        );
      }
      return value;
    }
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw invalidRequest(`Field '${column.name}' expects a number.`);
      }
      return value;
    case 'dateTime':
      if (typeof value !== 'string') {
        throw invalidRequest(`Field '${column.name}' expects a date and time string (ISO 8601).`);
      }
      return normaliseDateTime(column, value);
  }
}

function validateFields(
  list: ListData,
  input: Readonly<Record<string, unknown>>,
): Record<string, FieldValue> {
  const fields: Record<string, FieldValue> = {};
  for (const [name, value] of Object.entries(input)) {
    if (name.startsWith('@')) continue;
    if (readOnlyFieldNames.some((field) => field.toLowerCase() === name.toLowerCase())) {
      throw invalidRequest(`Field '${name}' is read-only`);
    }
    const column = list.columns.find((candidate) => candidate.name === name);
    if (column === undefined) throw invalidRequest(`Field '${name}' is not recognized`);
    fields[name] = normaliseValue(column, value);
  }
  return fields;
}

function checkRequired(list: ListData, fields: Readonly<Record<string, FieldValue>>): void {
  for (const column of list.columns) {
    const value = fields[column.name];
    if (column.required && (value === undefined || value === null || value === '')) {
      throw invalidRequest(`Field '${column.name}' is required.`);
    }
  }
}

/** The unique columns whose value in `fields` another item of the list already has. */
export function duplicateColumns(
  list: ListData,
  fields: Readonly<Record<string, FieldValue>>,
  self: ListItemData | null,
): readonly ColumnData[] {
  return list.columns.filter((column) => {
    if (!column.enforceUniqueValues) return false;
    const value = fields[column.name];
    if (value === undefined || value === null) return false;
    return list.items.some((item) => {
      if (item === self) return false;
      const other = item.fields[column.name];
      return other !== undefined && other !== null && sameFieldValue(other, value);
    });
  });
}

/** SharePoint's message for SPDuplicateValuesFoundException. */
export function duplicateValuesMessage(columns: readonly ColumnData[]): string {
  return `The list item could not be added or updated because duplicate values were found in the following field(s) in the list: [${columns.map((column) => column.name).join(', ')}].`;
}

/**
 * A duplicate in a unique column through Graph: 409 `nameAlreadyExists` as a rule; SharePoint
 * has been seen answering 400 or 500 there too (the fault controller's `uniqueConflict`).
 */
function checkUnique(
  context: GraphContext,
  list: ListData,
  fields: Readonly<Record<string, FieldValue>>,
  self: ListItemData | null,
): void {
  const duplicates = duplicateColumns(list, fields, self);
  if (duplicates.length === 0) return;
  const message = duplicateValuesMessage(duplicates);
  switch (context.state.faults.uniqueConflictStatus()) {
    case 409:
      throw nameAlreadyExists(message);
    case 400:
      throw invalidRequest(message);
    case 500:
      throw new GraphError(500, 'generalException', 'General exception while processing');
  }
}

function checkIfMatch(request: Request, item: ListItemData): void {
  const header = request.headers.get('if-match');
  if (header === null) return;
  const current = itemETag(item);
  // SharePoint eTags contain a comma ("guid,version"), so split on quoted values, not commas.
  const quoted = [...header.matchAll(/(?:W\/)?("[^"]*")|\*/g)].map((match) => match[1] ?? '*');
  const accepted = quoted.length > 0 ? quoted : [header.trim()];
  const matches = accepted.some((tag) => tag === '*' || tag === current || `"${tag}"` === current);
  if (!matches) {
    throw new GraphError(
      412,
      'preconditionFailed',
      `The request ETag value '${header}' does not match the object's ETag value '${current}'.`,
    );
  }
}

// --- querying -----------------------------------------------------------------------------

export type QueryTarget =
  | { readonly kind: 'id' }
  | { readonly kind: 'created' }
  | { readonly kind: 'modified' }
  | { readonly kind: 'column'; readonly column: ColumnData };

function honoursNonIndexed(request: Request): boolean {
  const prefer = request.headers.get('prefer') ?? '';
  return prefer
    .split(',')
    .some((part) => part.trim().toLowerCase() === HONOR_NON_INDEXED_PREFERENCE.toLowerCase());
}

function resolveTarget(
  list: ListData,
  path: string,
  request: Request,
  use: 'filter' | 'orderby',
): QueryTarget {
  const lower = path.toLowerCase();
  if (use === 'orderby') {
    if (lower === 'createddatetime' || lower === 'fields/created') return { kind: 'created' };
    if (lower === 'lastmodifieddatetime' || lower === 'fields/modified')
      return { kind: 'modified' };
    if (lower === 'id') return { kind: 'id' };
  }
  if (!lower.startsWith('fields/')) {
    throw invalidRequest(
      `'${path}' cannot be used in ${use === 'filter' ? '$filter' : '$orderby'} here; use fields/<column name>.`,
    );
  }
  const name = path.slice('fields/'.length);
  if (name === 'ID' || name === 'id') return { kind: 'id' };
  const column = list.columns.find((candidate) => candidate.name === name);
  if (column === undefined) {
    throw invalidRequest(
      `Column '${name}' does not exist. It may have been deleted by another user.`,
    );
  }
  if (!column.indexed && !honoursNonIndexed(request)) {
    throw invalidRequest(
      `Field '${name}' cannot be referenced in filter or orderby as it is not indexed. Provide the 'Prefer: ${HONOR_NON_INDEXED_PREFERENCE}' header to allow this, but be warned that such queries may fail on large lists.`,
    );
  }
  return { kind: 'column', column };
}

export function targetValue(item: ListItemData, target: QueryTarget): string | number | null {
  switch (target.kind) {
    case 'id':
      return item.id;
    case 'created':
      return item.createdDateTime;
    case 'modified':
      return item.lastModifiedDateTime;
    case 'column':
      return item.fields[target.column.name] ?? null;
  }
}

export function targetType(target: QueryTarget): 'number' | 'dateTime' | 'text' {
  switch (target.kind) {
    case 'id':
      return 'number';
    case 'created':
    case 'modified':
      return 'dateTime';
    case 'column':
      return target.column.type === 'number'
        ? 'number'
        : target.column.type === 'dateTime'
          ? 'dateTime'
          : 'text';
  }
}

export function literalFor(
  target: QueryTarget,
  literal: ODataLiteral,
  path: string,
): string | number | null {
  const type = targetType(target);
  if (literal.kind === 'null') return null;
  if (type === 'number' && literal.kind === 'number') return literal.value;
  if (type === 'text' && literal.kind === 'string') return literal.value;
  if (type === 'dateTime' && (literal.kind === 'string' || literal.kind === 'datetime')) {
    const time = Date.parse(literal.value);
    if (!Number.isNaN(time)) return time;
  }
  throw invalidRequest(
    `Invalid filter clause: the value compared with '${path}' does not fit its type (${type}).`,
  );
}

const toTime = (value: string | number): number =>
  typeof value === 'number' ? value : Date.parse(value);

/** Compares a stored value with another stored value or a converted literal (dates as ms). */
function compareStored(
  type: 'number' | 'dateTime' | 'text',
  value: string | number,
  wanted: string | number,
): number {
  if (type === 'dateTime') return Math.sign(toTime(value) - toTime(wanted));
  if (typeof value === 'number' && typeof wanted === 'number') return Math.sign(value - wanted);
  return Math.sign(textCollator.compare(String(value), String(wanted)));
}

/**
 * Checks every referenced path first (`resolve` refuses unknown or non-indexed ones, literal
 * types are checked), then returns a predicate.
 */
export function compileFilter(
  expression: ODataExpression,
  resolve: (path: string) => QueryTarget,
): (item: ListItemData) => boolean {
  const targets = new Map<string, QueryTarget>();
  const literals = new Map<ODataLiteral, string | number | null>();
  const visit = (node: ODataExpression): void => {
    switch (node.kind) {
      case 'compare': {
        const target = resolve(node.path);
        targets.set(node.path, target);
        literals.set(node.literal, literalFor(target, node.literal, node.path));
        return;
      }
      case 'startswith': {
        const target = resolve(node.path);
        if (targetType(target) !== 'text') {
          throw invalidRequest(`startswith needs a text column; '${node.path}' is not one.`);
        }
        targets.set(node.path, target);
        return;
      }
      case 'not':
        visit(node.operand);
        return;
      case 'and':
      case 'or':
        visit(node.left);
        visit(node.right);
    }
  };
  visit(expression);
  return (item) =>
    evaluateExpression(expression, {
      compare(path, literal) {
        const target = targets.get(path);
        if (target === undefined) return null;
        const value = targetValue(item, target);
        const wanted = literals.get(literal) ?? null;
        if (value === null) return null;
        if (wanted === null) return 1;
        return compareStored(targetType(target), value, wanted);
      },
      startsWith(path, prefix) {
        const target = targets.get(path);
        const value = target === undefined ? null : targetValue(item, target);
        return typeof value === 'string' && value.toLowerCase().startsWith(prefix.toLowerCase());
      },
    });
}

export interface SortKey {
  readonly path: string;
  readonly target: QueryTarget;
  readonly descending: boolean;
}

function parseOrderBy(
  list: ListData,
  raw: string | undefined,
  request: Request,
): readonly SortKey[] {
  if (raw === undefined || raw.trim() === '') return [];
  return raw.split(',').map((part) => {
    const [path = '', direction = 'asc', ...rest] = part.trim().split(/\s+/u);
    const order = direction.toLowerCase();
    if (path === '' || rest.length > 0 || (order !== 'asc' && order !== 'desc')) {
      throw invalidRequest(`Invalid $orderby clause '${part.trim()}'.`);
    }
    return {
      path,
      target: resolveTarget(list, path, request, 'orderby'),
      descending: order === 'desc',
    };
  });
}

export type SortTuple = readonly (string | number | null)[];

export function sortTuple(item: ListItemData, keys: readonly SortKey[]): SortTuple {
  return [...keys.map((key) => targetValue(item, key.target)), item.id];
}

export function compareTuples(keys: readonly SortKey[], left: SortTuple, right: SortTuple): number {
  for (const [index, key] of keys.entries()) {
    const a = left[index] ?? null;
    const b = right[index] ?? null;
    // Empty values sort first, as in SharePoint.
    let result =
      a === b ? 0 : a === null ? -1 : b === null ? 1 : compareStored(targetType(key.target), a, b);
    if (key.descending) result = -result;
    if (result !== 0) return result;
  }
  return Math.sign(Number(left[keys.length]) - Number(right[keys.length]));
}

/** Like SharePoint's `Paged=TRUE&p_ID=n`, plus the last item's sort values, base64url. */
function encodeSkipToken(tuple: SortTuple, keys: readonly SortKey[]): string {
  const params = new URLSearchParams({ Paged: 'TRUE', p_ID: String(tuple[keys.length]) });
  keys.forEach((key, index) => params.set(`p_${key.path}`, JSON.stringify(tuple[index] ?? null)));
  return textToBase64Url(params.toString());
}

function decodeSkipToken(raw: string, keys: readonly SortKey[]): SortTuple {
  const invalidToken = (): never => {
    throw invalidRequest('The $skiptoken is invalid or does not belong to this query.');
  };
  const text = base64UrlToText(raw) ?? invalidToken();
  const params = new URLSearchParams(text);
  const id = Number(params.get('p_ID'));
  if (params.get('Paged') !== 'TRUE' || !Number.isInteger(id)) return invalidToken();
  const values = keys.map((key) => {
    const encoded = params.get(`p_${key.path}`) ?? invalidToken();
    let value: unknown;
    try {
      value = JSON.parse(encoded);
    } catch {
      return invalidToken();
    }
    const parsed = z.union([z.string(), z.number(), z.null()]).safeParse(value);
    return parsed.success ? parsed.data : invalidToken();
  });
  return [...values, id];
}

function parseTop(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_ITEMS_PAGE_SIZE;
  const top = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!Number.isInteger(top) || top < 1 || top > MAX_ITEMS_PAGE_SIZE) {
    throw invalidRequest(
      `Invalid $top value '${raw}': it must be between 1 and ${MAX_ITEMS_PAGE_SIZE}.`,
    );
  }
  return top;
}

// --- handlers -----------------------------------------------------------------------------

function listItems(context: GraphContext, params: Params): Response {
  const list = requireList(context, params);
  requireCan(context, list, 'viewListItems');
  const options = spQueryOptions(context.url, [
    'expand',
    'select',
    'filter',
    'orderby',
    'top',
    'skiptoken',
  ]);
  const shape: ItemShape = {
    select: parseItemSelect(options.get('select')),
    fields: parseFieldsExpand(options.get('expand')),
  };
  const rawFilter = options.get('filter');
  const predicate =
    rawFilter === undefined
      ? null
      : compileFilter(
          parseODataFilterOr(rawFilter, (message) =>
            invalidRequest(`Invalid filter clause: ${message}`),
          ),
          (path) => resolveTarget(list, path, context.request, 'filter'),
        );
  const keys = parseOrderBy(list, options.get('orderby'), context.request);
  const top = parseTop(options.get('top'));

  const visible = list.items
    .filter((item) => canSeeItem(context, list, item) && (predicate === null || predicate(item)))
    .map((item) => ({ item, tuple: sortTuple(item, keys) }))
    .sort((left, right) => compareTuples(keys, left.tuple, right.tuple));
  const rawToken = options.get('skiptoken');
  let start = 0;
  if (rawToken !== undefined) {
    const after = decodeSkipToken(rawToken, keys);
    start = visible.findIndex((entry) => compareTuples(keys, entry.tuple, after) > 0);
    if (start === -1) start = visible.length;
  }
  // SharePoint may answer a short or an empty page that still has a next link.
  const anchor = visible[start - 1]?.tuple;
  const window = context.state.faults.pageWindow(
    visible.length - start,
    top,
    anchor !== undefined || rawToken !== undefined,
  );
  const page = visible.slice(start, start + window.take);
  const body: Record<string, JsonValue> = { '@odata.context': `${listPath(context, list)}/items` };
  const after = page[page.length - 1]?.tuple ?? anchor;
  const token = after === undefined ? rawToken : encodeSkipToken(after, keys);
  if (window.nextLink && token !== undefined) {
    body['@odata.nextLink'] = withQueryOption(context.url, '$skiptoken', token);
  }
  body['value'] = page.map((entry) => itemEntity(context, list, entry.item, shape));
  return jsonResponse(context.meta, 200, body);
}

function getItem(context: GraphContext, params: Params): Response {
  const list = requireList(context, params);
  requireCan(context, list, 'viewListItems');
  const item = findVisibleItem(context, list, params['item']);
  const options = spQueryOptions(context.url, ['expand', 'select']);
  return jsonResponse(context.meta, 200, {
    '@odata.context': `${listPath(context, list)}/items/$entity`,
    ...itemEntity(context, list, item, {
      select: parseItemSelect(options.get('select')),
      fields: parseFieldsExpand(options.get('expand')),
    }),
  });
}

function getItemFields(context: GraphContext, params: Params): Response {
  const list = requireList(context, params);
  requireCan(context, list, 'viewListItems');
  const item = findVisibleItem(context, list, params['item']);
  const options = spQueryOptions(context.url, ['select']);
  return jsonResponse(context.meta, 200, {
    '@odata.context': `${listPath(context, list)}/items('${item.id}')/fields/$entity`,
    ...fieldsEntity(context, list, item, parseSelectList(options.get('select'))),
  });
}

// Top-level properties other than `fields` (createdBy, createdDateTime...) are read-only and
// ignored, so a body that claims another author changes nothing.
const itemInputSchema = z.looseObject({
  fields: z.record(z.string(), z.unknown()).optional(),
});

async function createItem(context: GraphContext, params: Params): Promise<Response> {
  const list = requireList(context, params);
  requireCan(context, list, 'addListItems');
  if (!mayWriteItem(context, list, null)) throw accessDenied();
  const input = await readBody(context.request, itemInputSchema, invalid);
  const fields = validateFields(list, input.fields ?? {});
  checkRequired(list, fields);
  checkUnique(context, list, fields, null);
  ensureUserPrincipal(context.state, context.caller);
  const now = spTimestamp(context.now());
  const item: ListItemData = {
    id: list.nextItemId,
    uniqueId: crypto.randomUUID(),
    version: 1,
    uiVersion: 1,
    createdDateTime: now,
    lastModifiedDateTime: now,
    authorId: context.caller.id,
    editorId: context.caller.id,
    fields: Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null)),
    complianceTag: labelForNewItem(list, now),
  };
  list.nextItemId += 1;
  list.items.push(item);
  return jsonResponse(
    context.meta,
    201,
    {
      '@odata.context': `${listPath(context, list)}/items/$entity`,
      ...itemEntity(context, list, item, { select: null, fields: null }),
    },
    {
      location: `${context.graphBase}/sites/${encodeURIComponent(context.state.config.site.id)}/lists/${list.id}/items/${item.id}`,
    },
  );
}

async function updateItemFields(context: GraphContext, params: Params): Promise<Response> {
  const list = requireList(context, params);
  const item = findVisibleItem(context, list, params['item']);
  requireCan(context, list, 'editListItems');
  if (!mayWriteItem(context, list, item)) throw accessDenied();
  refuseRecord(item, 'edit');
  checkIfMatch(context.request, item);
  const input = await readBody(context.request, z.record(z.string(), z.unknown()), invalid);
  const changes = validateFields(list, input);
  const next = { ...item.fields, ...changes };
  checkRequired(list, next);
  checkUnique(context, list, changes, item);
  // Re-check after the body was read: another request may have changed the item meanwhile.
  checkIfMatch(context.request, item);
  ensureUserPrincipal(context.state, context.caller);
  item.fields = Object.fromEntries(Object.entries(next).filter(([, value]) => value !== null));
  bumpVersion(list, item);
  item.lastModifiedDateTime = spTimestamp(context.now());
  item.editorId = context.caller.id;
  return jsonResponse(context.meta, 200, {
    '@odata.context': `${listPath(context, list)}/items('${item.id}')/fields/$entity`,
    ...fieldsEntity(context, list, item, null),
  });
}

function deleteItem(context: GraphContext, params: Params): Response {
  const list = requireList(context, params);
  const item = findVisibleItem(context, list, params['item']);
  requireCan(context, list, 'deleteListItems');
  if (!mayWriteItem(context, list, item)) throw accessDenied();
  refuseRecord(item, 'delete');
  checkIfMatch(context.request, item);
  list.items = list.items.filter((candidate) => candidate !== item);
  return new Response(null, {
    status: 204,
    headers: {
      'request-id': context.meta.requestId,
      'client-request-id': context.meta.clientRequestId,
    },
  });
}

export function createSharePointItemRoutes(): readonly GraphRoute[] {
  return [
    route('GET', '/sites/:site/lists/:list/items', listItems),
    route('POST', '/sites/:site/lists/:list/items', createItem),
    route('GET', '/sites/:site/lists/:list/items/:item', getItem),
    route('DELETE', '/sites/:site/lists/:list/items/:item', deleteItem),
    route('GET', '/sites/:site/lists/:list/items/:item/fields', getItemFields),
    route('PATCH', '/sites/:site/lists/:list/items/:item/fields', updateItemFields),
  ];
}
