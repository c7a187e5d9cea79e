/**
 * SharePoint REST list items, which any user can call from a browser on the site with their own
 * session, so the emulator makes every check SharePoint makes there:
 *
 * - `GET <list>/items` (`$select`, `$expand=Author,Editor`, `$filter`, `$orderby`, `$top`,
 *   `$skiptoken` paging with `odata.nextLink`), `GET <list>/items(N)`, `GET <list>/getitembyid(N)`;
 * - `POST <list>/AddValidateUpdateItemUsingPath` and `POST <list>/items(N)/ValidateUpdateListItem`,
 *   which take field values as the list's forms do (strings in the site's locale), including the
 *   server fields Author, Editor, Created and Modified;
 * - `DELETE <list>/items(N)` and `POST <list>/items(N)/recycle()`.
 *
 * Lists are addressed as in sharepoint-rest.ts (`getbytitle('…')`, `getbyid('…')`,
 * `lists(guid'…')`); a list the caller cannot read is "does not exist" there already. Reading
 * needs ViewListItems, adding AddListItems, validating an update EditListItems, deleting
 * DeleteListItems (SP.PermissionKind,
 * https://learn.microsoft.com/previous-versions/office/sharepoint-server/ee536458(v=office.15)),
 * and ReadSecurity / WriteSecurity apply as through Graph (sharepoint-items.ts).
 *
 * **Pessimistic by design**: Author, Editor, Created and Modified given as form values are
 * honoured for anyone who may add (or edit) the item. SharePoint documents no rule that limits
 * them to privileged callers, so the emulator assumes the worst: a writer without any role can
 * stamp an item with someone else's name and any time. Only the item id is never settable.
 */
import { z } from 'zod';
import type { DirectoryPerson } from './directory-data.ts';
import type { GraphContext } from './emulator-context.ts';
import type { ColumnData, FieldValue, ListData, ListItemData } from './emulator-data.ts';
import { GraphError, type JsonObject, type JsonValue } from './graph-response.ts';
import { parseODataFilterOr } from './odata-expression.ts';
import { withQueryOption } from './odata-links.ts';
import { readBody } from './request-body.ts';
import { NOTE_MAX_LENGTH, readOnlyFieldNames, spTimestamp } from './sharepoint-graph.ts';
import {
  bumpVersion,
  canSeeItem,
  compareTuples,
  compileFilter,
  duplicateColumns,
  duplicateValuesMessage,
  itemETag,
  mayWriteItem,
  type QueryTarget,
  type SortKey,
  type SortTuple,
  sortTuple,
  targetType,
  uiVersionOf,
} from './sharepoint-items.ts';
import { ensureUserPrincipal, findPrincipal, userPrincipalId } from './sharepoint-permissions.ts';
import {
  isRecord,
  labelForNewItem,
  type RecordAction,
  recordBlockedMessage,
  recordBlocking,
} from './sharepoint-records.ts';
import {
  accessDenied,
  badRequest,
  codes,
  itemDoesNotExist,
  listServerRelativeUrl,
  metadataField,
  parseCall,
  personForLogonName,
  requirePermission,
  siteUserView,
  spError,
  spJson,
} from './sharepoint-rest-common.ts';

/**
 * SharePoint REST returns 100 items when `$top` is not given (observed by every client library,
 * e.g. gd-sprest: "If you do not specify TOP 5000 results, the default number of items returned
 * will be 100"; not in Microsoft's reference).
 */
export const DEFAULT_REST_TOP = 100;
/** The list view threshold: a page of more is refused. Not documented for `$top`; assumed. */
export const MAX_REST_TOP = 5000;

// --- errors ---------------------------------------------------------------------------------

/**
 * A query SharePoint refuses because it would scan the list: 500 with
 * SPQueryThrottledException (as reported in pnp/pnpjs#3149 and SharePoint/sp-dev-docs#6826).
 * SharePoint refuses a filter or sort on a column without an index only once the list is over
 * its 5,000-item view threshold; the emulator refuses it on every list, as its Graph route does,
 * so code that works here keeps working when the list grows.
 */
function throttled(path: string): GraphError {
  return spError(
    500,
    '-2147024860, Microsoft.SharePoint.SPQueryThrottledException',
    `The attempted operation is prohibited because it exceeds the list view threshold. (The emulator refuses '${path}' in $filter or $orderby on every list because the column is not indexed.)`,
  );
}

function columnDoesNotExist(name: string): GraphError {
  return spError(
    400,
    '-2147024809, System.ArgumentException',
    `Column '${name}' does not exist. It may have been deleted by another user.`,
  );
}

function fieldDoesNotExist(name: string): GraphError {
  return badRequest(`The field or property '${name}' does not exist.`);
}

/** The record rules in sharepoint-records.ts, in SharePoint REST's error shape. */
function refuseRecord(item: ListItemData, action: RecordAction): void {
  const tag = recordBlocking(item, action);
  if (tag !== null) throw spError(403, codes.spException, recordBlockedMessage(tag, action));
}

/** Errors the shared Graph query code raises (Graph's `invalidRequest`), as REST 400s. */
function asRest<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof GraphError && error.code === 'invalidRequest') {
      throw badRequest(error.message);
    }
    throw error;
  }
}

// --- routing ------------------------------------------------------------------------------

function callName(segment: string, context: GraphContext): string | null {
  const call = parseCall(segment, context.url);
  return call !== null && call.positional.length === 0 && call.named.size === 0 ? call.name : null;
}

/** `items(5)` or `getitembyid(5)`: the item id; null when the segment is neither. */
function itemKey(segment: string, context: GraphContext): number | null {
  if (!/^(items|getitembyid)\(/i.test(segment)) return null;
  const call = parseCall(segment, context.url);
  const id = call?.positional[0];
  if (typeof id !== 'number' || !Number.isInteger(id) || call?.positional.length !== 1) {
    throw badRequest(`The expression "${segment}" is not valid: an item id is a whole number.`);
  }
  return id;
}

/**
 * The list item routes; null when `rest` is none of them (the caller answers "not
 * implemented").
 */
export async function listItemsRoute(
  context: GraphContext,
  method: string,
  list: ListData,
  rest: readonly string[],
): Promise<Response | null> {
  const [first, second, ...more] = rest;
  if (first === undefined || more.length > 0) return null;
  if (first.toLowerCase() === 'items' && second === undefined) {
    return method === 'GET' ? listItems(context, list) : null;
  }
  if (second === undefined && callName(first, context) === 'addvalidateupdateitemusingpath') {
    return method === 'POST' ? addValidateUpdateItem(context, list) : null;
  }
  const id = itemKey(first, context);
  if (id === null) return null;
  if (second === undefined) {
    if (method === 'GET') return getItem(context, list, id);
    if (method === 'DELETE') return deleteItem(context, list, id, false);
    return null;
  }
  const action = callName(second, context);
  if (action === 'validateupdatelistitem' && method === 'POST') {
    return validateUpdateListItem(context, list, id);
  }
  if (action === 'recycle' && method === 'POST') return deleteItem(context, list, id, true);
  return null;
}

function findItem(context: GraphContext, list: ListData, id: number): ListItemData {
  const item = list.items.find((candidate) => candidate.id === id);
  // An item hidden by ReadSecurity does not exist for the caller, like one that does not.
  if (item === undefined || !canSeeItem(context, list, item)) throw itemDoesNotExist();
  return item;
}

// --- item JSON ------------------------------------------------------------------------------

/** JSON light prefixes property names that start with `_`: `_UIVersionString` → `OData__UIVersionString`. */
function restName(fieldName: string): string {
  return fieldName.startsWith('_') ? `OData_${fieldName}` : fieldName;
}

interface ItemProperty {
  /** The name in JSON. */
  readonly name: string;
  /** The field's internal name, as `$select` may also give it. */
  readonly field: string;
  /** Only with `$select` (not part of the default set). */
  readonly selectOnly: boolean;
  read(item: ListItemData): JsonValue;
}

function principalIdOf(context: GraphContext, personId: string): number | null {
  return userPrincipalId(context.state, personId);
}

function itemProperties(context: GraphContext, list: ListData): readonly ItemProperty[] {
  const property = (
    name: string,
    read: (item: ListItemData) => JsonValue,
    selectOnly = false,
    field = name,
  ): ItemProperty => ({ name, field, selectOnly, read });
  const column = (columnData: ColumnData): ItemProperty =>
    property(
      restName(columnData.name),
      (item) => item.fields[columnData.name] ?? null,
      false,
      columnData.name,
    );
  const title = list.columns.find((candidate) => candidate.name === 'Title');
  const contentTypeId = `0x0100${list.id.replace(/-/g, '').toUpperCase()}`;
  return [
    property('FileSystemObjectType', () => 0),
    property('Id', (item) => item.id),
    property('ServerRedirectedEmbedUri', () => null),
    property('ServerRedirectedEmbedUrl', () => ''),
    property('ContentTypeId', () => contentTypeId),
    ...(title === undefined ? [] : [column(title)]),
    property('ComplianceAssetId', () => null),
    ...list.columns.filter((candidate) => candidate.name !== 'Title').map(column),
    property('ID', (item) => item.id),
    property('Modified', (item) => item.lastModifiedDateTime),
    property('Created', (item) => item.createdDateTime),
    property('AuthorId', (item) => principalIdOf(context, item.authorId)),
    property('EditorId', (item) => principalIdOf(context, item.editorId)),
    property(
      'OData__UIVersionString',
      (item) => `${uiVersionOf(item)}.0`,
      false,
      '_UIVersionString',
    ),
    property('Attachments', () => false),
    property('GUID', (item) => item.uniqueId),
    // The retention label's fields, as SharePoint Online has them on every list item; like
    // there, only with $select.
    property(
      'OData__ComplianceTag',
      (item) => item.complianceTag?.name ?? null,
      true,
      '_ComplianceTag',
    ),
    property(
      'OData__ComplianceTagWrittenTime',
      (item) => item.complianceTag?.appliedDateTime ?? null,
      true,
      '_ComplianceTagWrittenTime',
    ),
    property('OData__IsRecord', (item) => isRecord(item), true, '_IsRecord'),
  ];
}

type UserField = 'Author' | 'Editor';
const userFields: readonly UserField[] = ['Author', 'Editor'];
/** What `$expand=Author` can `$select` of the user information list entry. */
const userSubfields = ['Id', 'Title', 'EMail', 'Name', 'UserName'] as const;

function userExpansion(
  context: GraphContext,
  personId: string,
  fields: readonly string[] | null,
): JsonValue {
  const principalId = userPrincipalId(context.state, personId);
  const principal = principalId === null ? undefined : findPrincipal(context.state, principalId);
  if (principal?.kind !== 'user') return null;
  const view = siteUserView(context.state, principal);
  const all: Record<(typeof userSubfields)[number], JsonValue> = {
    Id: view.id,
    Title: view.title,
    EMail: view.email,
    Name: view.loginName,
    UserName: view.userPrincipalName,
  };
  const body: Record<string, JsonValue> = {};
  for (const name of fields ?? userSubfields) {
    const key = userSubfields.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
    if (key !== undefined) body[key] = all[key];
  }
  return body;
}

interface Selection {
  /** null: the default set; otherwise the selected properties, in the default order. */
  readonly properties: readonly ItemProperty[];
  /** Expanded people fields and the sub-fields selected of them (null: all). */
  readonly expanded: ReadonlyMap<UserField, readonly string[] | null>;
}

function splitList(raw: string | undefined): readonly string[] {
  return (raw ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

function parseSelection(context: GraphContext, list: ListData, options: QueryOptions): Selection {
  const properties = itemProperties(context, list);
  const expandedNames = new Set<UserField>();
  for (const name of splitList(options.get('expand'))) {
    const field = userFields.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
    if (field === undefined) throw fieldDoesNotExist(name);
    expandedNames.add(field);
  }
  const selects = splitList(options.get('select'));
  const subfields = new Map<UserField, string[] | null>();
  const chosen = new Set<ItemProperty>();
  let all = selects.length === 0;
  for (const name of selects) {
    if (name === '*') {
      all = true;
      continue;
    }
    const [head = '', sub, ...deeper] = name.split('/');
    const userField = userFields.find(
      (candidate) => candidate.toLowerCase() === head.toLowerCase(),
    );
    if (userField !== undefined) {
      if (!expandedNames.has(userField)) {
        throw badRequest(
          `The query to field '${name}' is not valid. The $select query string must specify the target fields and the $expand query string must contains ${userField}.`,
        );
      }
      if (sub === undefined) {
        subfields.set(userField, null);
        continue;
      }
      if (
        deeper.length > 0 ||
        !userSubfields.some((candidate) => candidate.toLowerCase() === sub.toLowerCase())
      ) {
        throw fieldDoesNotExist(name);
      }
      const current = subfields.get(userField);
      if (current !== null) subfields.set(userField, [...(current ?? []), sub]);
      continue;
    }
    if (sub !== undefined) throw fieldDoesNotExist(name);
    const lower = name.toLowerCase();
    const property = properties.find(
      (candidate) =>
        candidate.name.toLowerCase() === lower || candidate.field.toLowerCase() === lower,
    );
    if (property === undefined) throw fieldDoesNotExist(name);
    chosen.add(property);
  }
  const expanded = new Map<UserField, readonly string[] | null>();
  for (const field of expandedNames) expanded.set(field, subfields.get(field) ?? null);
  return {
    properties: properties.filter(
      (property) => chosen.has(property) || (all && !property.selectOnly),
    ),
    expanded,
  };
}

function itemJson(context: GraphContext, item: ListItemData, selection: Selection): JsonObject {
  const body: Record<string, JsonValue> = {};
  for (const [field, fields] of selection.expanded) {
    body[field] = userExpansion(
      context,
      field === 'Author' ? item.authorId : item.editorId,
      fields,
    );
  }
  for (const property of selection.properties) body[property.name] = property.read(item);
  return body;
}

// --- query options --------------------------------------------------------------------------

type QueryOptions = ReadonlyMap<string, string>;

function queryOptions(url: URL): QueryOptions {
  const options = new Map<string, string>();
  for (const [rawName, value] of url.searchParams) {
    if (!rawName.startsWith('$')) continue;
    const name = rawName.slice(1).toLowerCase();
    if (['select', 'expand', 'filter', 'orderby', 'top', 'skiptoken'].includes(name)) {
      options.set(name, value);
    } else if (name !== 'skip') {
      // `$skip` is silently ignored on list items by SharePoint (users report it has no effect;
      // paging is `$skiptoken`), so it is ignored here too; anything else is refused.
      throw badRequest(`The query option '${rawName}' is not supported on list items.`);
    }
  }
  return options;
}

/** `datetime'2024-05-01T10:00:00Z'` (OData v3, what SharePoint REST takes) → the bare date. */
function bareDateTimeLiterals(raw: string): string {
  let result = '';
  let quoted = false;
  let index = 0;
  while (index < raw.length) {
    const character = raw.charAt(index);
    if (!quoted && /^datetime'/i.test(raw.slice(index, index + 9))) {
      const end = raw.indexOf("'", index + 9);
      if (end === -1) return raw;
      result += raw.slice(index + 9, end);
      index = end + 1;
      continue;
    }
    if (character === "'") quoted = !quoted;
    result += character;
    index += 1;
  }
  return result;
}

/**
 * What a `$filter` or `$orderby` path means on a list: `Id`/`ID`, a column by internal name,
 * `Created`/`Modified` (sort only, as through Graph). Columns must be indexed (ID always is).
 */
function restTarget(list: ListData, path: string, use: 'filter' | 'orderby'): QueryTarget {
  const lower = path.toLowerCase();
  if (lower === 'id') return { kind: 'id' };
  if (use === 'orderby' && lower === 'created') return { kind: 'created' };
  if (use === 'orderby' && lower === 'modified') return { kind: 'modified' };
  const column =
    list.columns.find((candidate) => candidate.name === path) ??
    list.columns.find((candidate) => candidate.name.toLowerCase() === lower);
  if (column === undefined) {
    // Server fields exist but are not indexed on a new list.
    if (/^(created|modified|authorid|editorid|author\/.+|editor\/.+)$/i.test(path)) {
      throw throttled(path);
    }
    throw columnDoesNotExist(path);
  }
  if (!column.indexed) throw throttled(path);
  return { kind: 'column', column };
}

function parseOrderBy(list: ListData, raw: string | undefined): readonly SortKey[] {
  return splitList(raw).map((part) => {
    const [path = '', direction = 'asc', ...extra] = part.split(/\s+/u);
    const order = direction.toLowerCase();
    if (path === '' || extra.length > 0 || (order !== 'asc' && order !== 'desc')) {
      throw badRequest(`The expression "${part}" in $orderby is not valid.`);
    }
    return { path, target: restTarget(list, path, 'orderby'), descending: order === 'desc' };
  });
}

/** SharePoint's own paging token: `Paged=TRUE&p_ID=<last id>`, plus `p_<field>=` sort values. */
function encodeSkipToken(tuple: SortTuple, keys: readonly SortKey[]): string {
  const params = new URLSearchParams({ Paged: 'TRUE' });
  keys.forEach((key, index) => {
    const value = tuple[index];
    if (value !== null && value !== undefined) params.set(`p_${key.path}`, String(value));
  });
  params.set('p_ID', String(tuple[keys.length]));
  return params.toString();
}

function decodeSkipToken(raw: string, keys: readonly SortKey[]): SortTuple {
  const params = new URLSearchParams(raw);
  const id = Number(params.get('p_ID'));
  if (params.get('Paged')?.toUpperCase() !== 'TRUE' || !Number.isInteger(id)) {
    throw badRequest(`The $skiptoken '${raw}' is not valid.`);
  }
  const values = keys.map((key) => {
    const value = params.get(`p_${key.path}`);
    if (value === null) return null;
    return targetType(key.target) === 'number' ? Number(value) : value;
  });
  return [...values, id];
}

function parseTop(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_REST_TOP;
  const top = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!Number.isInteger(top) || top < 1 || top > MAX_REST_TOP) {
    throw badRequest(`The $top value '${raw}' is not valid: give 1 to ${MAX_REST_TOP}.`);
  }
  return top;
}

// --- reads --------------------------------------------------------------------------------

function listItems(context: GraphContext, list: ListData): Response {
  requirePermission(context, list, 'viewListItems');
  const options = queryOptions(context.url);
  const selection = parseSelection(context, list, options);
  const rawFilter = options.get('filter');
  const predicate =
    rawFilter === undefined
      ? null
      : asRest(() =>
          compileFilter(
            parseODataFilterOr(bareDateTimeLiterals(rawFilter), (message) =>
              badRequest(`The expression "${rawFilter}" is not valid. ${message}`),
            ),
            (path) => restTarget(list, path, 'filter'),
          ),
        );
  const keys = parseOrderBy(list, options.get('orderby'));
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
  const body: Record<string, JsonValue> = {
    value: page.map((entry) => itemJson(context, entry.item, selection)),
  };
  const after = page[page.length - 1]?.tuple ?? anchor;
  const token = after === undefined ? rawToken : encodeSkipToken(after, keys);
  if (window.nextLink && token !== undefined) {
    body['odata.nextLink'] = withQueryOption(context.url, '$skiptoken', token);
  }
  return spJson(context.meta, 200, body);
}

function getItem(context: GraphContext, list: ListData, id: number): Response {
  requirePermission(context, list, 'viewListItems');
  const options = queryOptions(context.url);
  const item = findItem(context, list, id);
  return spJson(
    context.meta,
    200,
    itemJson(context, item, parseSelection(context, list, options)),
    {
      etag: itemETag(item),
    },
  );
}

// --- form values ----------------------------------------------------------------------------

/**
 * SP.ListItemFormUpdateValue
 * (https://learn.microsoft.com/en-us/dotnet/api/microsoft.sharepoint.client.listitemformupdatevalue):
 * FieldName, FieldValue (a string as the list form would send it), and on the way back
 * HasException, ErrorMessage, ErrorCode and ItemId.
 */
const formValueSchema = z.strictObject({
  __metadata: metadataField,
  FieldName: z.string().min(1),
  FieldValue: z.string().nullable(),
  HasException: z.boolean().optional(),
  ErrorMessage: z.string().nullable().optional(),
  ErrorCode: z.number().optional(),
  ItemId: z.number().optional(),
});
type FormValue = z.infer<typeof formValueSchema>;

/** MS-CSOMSPT 3.2.5.79.2.1.19 AddValidateUpdateItemUsingPath, as JSON. */
const addValidateSchema = z.strictObject({
  __metadata: metadataField,
  listItemCreateInfo: z
    .strictObject({
      __metadata: metadataField,
      FolderPath: z
        .strictObject({ __metadata: metadataField, DecodedUrl: z.string() })
        .nullable()
        .optional(),
      UnderlyingObjectType: z.number().int().min(0).max(1).optional(),
    })
    .nullable()
    .optional(),
  formValues: z.array(formValueSchema),
  bNewDocumentUpdate: z.boolean().optional(),
  checkInComment: z.string().nullable().optional(),
});

/** ListItem.ValidateUpdateListItem(formValues, bNewDocumentUpdate, checkInComment). */
const validateUpdateSchema = z.strictObject({
  __metadata: metadataField,
  formValues: z.array(formValueSchema),
  bNewDocumentUpdate: z.boolean().optional(),
  checkInComment: z.string().nullable().optional(),
});

/**
 * Error codes in the answer, from ListItem.Update's exceptions
 * (https://learn.microsoft.com/en-us/previous-versions/office/developer/sharepoint-2010/ee536748(v=office.14)):
 * SPDuplicateValuesFoundException -2130575169, read-only field -2147352571, field validation
 * -2130575163. Which code SharePoint gives each form-value failure is not documented; assumed.
 */
const errorCodes = { duplicate: -2130575169, readOnly: -2147352571, validation: -2130575163 };

/**
 * Messages: SharePoint's where known (duplicates: SPDuplicateValuesFoundException; people:
 * "The user does not exist or is not unique.", as in SharePoint/sp-dev-docs#10163; read-only:
 * SharePoint's "Invalid data has been used to update the list item..."). The others are not
 * documented; assumed in SharePoint's style.
 */
const messages = {
  required: 'You must specify a value for this required field.',
  date: 'Invalid date/time value. A date/time field contains invalid data. Please check the value and try again.',
  number:
    'Invalid number value. A number field contains invalid data. Please check the value and try again.',
  user: 'The user does not exist or is not unique.',
  readOnly:
    'Invalid data has been used to update the list item. The field you are trying to update may be read only.',
  tooLong: (limit: number) =>
    `The value of this field is too long: at most ${limit} characters are allowed.`,
} as const;

type Change =
  | { readonly kind: 'column'; readonly column: ColumnData; readonly value: FieldValue }
  | { readonly kind: 'author' | 'editor'; readonly person: DirectoryPerson }
  | { readonly kind: 'created' | 'modified'; readonly time: string };

interface FormError {
  readonly code: number;
  readonly message: string;
}

interface FormResult {
  readonly input: FormValue;
  readonly change: Change | null;
  error: FormError | null;
}

/** Field names the server sets; a value for one is an exception for that field. */
const restReadOnlyFields: readonly string[] = [
  ...readOnlyFieldNames.filter(
    (name) => !['Author', 'Editor', 'Created', 'Modified'].includes(name),
  ),
  'GUID',
  'ContentTypeId',
  'FileSystemObjectType',
  '_ComplianceTag',
  '_ComplianceTagWrittenTime',
  '_IsRecord',
];

const US_DATE =
  /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm]))?$/u;
const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/u;

/** Milliseconds for a calendar date and time in UTC, or null when there is no such time. */
function utcTime(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): number | null {
  const time = Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(time);
  const valid =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second;
  return valid ? time : null;
}

/**
 * A date as the site's forms take it: en-US `M/D/YYYY h:mm AM/PM` (seconds optional, or the date
 * alone), or ISO 8601. Times without an offset are in the site's time zone, UTC here (see
 * regionalsettings). The form values are "a string of specific format depending on field's data
 * type ... for different web locales is different" (gosip's guide to AddValidateUpdateItemUsingPath,
 * https://go.spflow.com/samples/advanced-add-update). Stored as SharePoint does: UTC, whole seconds.
 */
export function parseSiteDate(value: string, dateOnly: boolean): string | null {
  const text = value.trim();
  let time: number | null = null;
  const us = US_DATE.exec(text);
  if (us !== null) {
    const [, month, day, year, hour, minute, second, meridiem] = us;
    let hours = 0;
    if (hour !== undefined) {
      const twelve = Number(hour);
      if (twelve < 1 || twelve > 12) return null;
      hours = (twelve % 12) + (meridiem?.toUpperCase() === 'PM' ? 12 : 0);
    }
    time = utcTime(
      Number(year),
      Number(month),
      Number(day),
      hours,
      Number(minute ?? 0),
      Number(second ?? 0),
    );
  }
  const iso = us === null ? ISO_DATE.exec(text) : null;
  if (iso !== null) {
    const [, year, month, day, hour, minute, second, zone] = iso;
    const local = utcTime(
      Number(year),
      Number(month),
      Number(day),
      Number(hour ?? 0),
      Number(minute ?? 0),
      Number(second ?? 0),
    );
    const offset =
      zone === undefined || zone === 'Z'
        ? 0
        : (zone.startsWith('-') ? -1 : 1) *
          (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) *
          60_000;
    time = local === null ? null : local - offset;
  }
  if (time === null) return null;
  const stamp = spTimestamp(new Date(time));
  return dateOnly ? `${stamp.slice(0, 10)}T00:00:00Z` : stamp;
}

/** A number as the en-US site takes it: `1234.5`, `1,234.5`, `-3`. */
function parseSiteNumber(value: string): number | null {
  const text = value.trim();
  if (!/^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$/u.test(text) || !/\d/u.test(text)) {
    return null;
  }
  const number = Number(text.replace(/,/g, ''));
  return Number.isFinite(number) ? number : null;
}

/**
 * A person field's value: `[{"Key":"i:0#.f|membership|<upn>"}]` (the people picker's JSON), or
 * a bare login name or address. null: not one person in the directory.
 */
function parsePerson(context: GraphContext, value: string): DirectoryPerson | null {
  let key: string | null = value.trim();
  if (key.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(key);
    } catch {
      return null;
    }
    const entries = z.array(z.looseObject({ Key: z.string() })).safeParse(parsed);
    key = entries.success && entries.data.length === 1 ? (entries.data[0]?.Key ?? null) : null;
  }
  if (key === null || key === '') return null;
  return personForLogonName(context.state, key) ?? null;
}

function convertColumn(column: ColumnData, raw: string): Change | FormError {
  const change = (value: FieldValue): Change => ({ kind: 'column', column, value });
  if (raw === '') return change(null);
  switch (column.type) {
    case 'text':
    case 'note': {
      const limit = column.type === 'text' ? (column.maxLength ?? 255) : NOTE_MAX_LENGTH;
      return raw.length > limit
        ? { code: errorCodes.validation, message: messages.tooLong(limit) }
        : change(raw);
    }
    case 'number': {
      const number = parseSiteNumber(raw);
      return number === null
        ? { code: errorCodes.validation, message: messages.number }
        : change(number);
    }
    case 'dateTime': {
      const time = parseSiteDate(raw, column.dateOnly);
      return time === null ? { code: errorCodes.validation, message: messages.date } : change(time);
    }
  }
}

function convertFormValue(context: GraphContext, list: ListData, input: FormValue): FormResult {
  const raw = input.FieldValue ?? '';
  const name = input.FieldName;
  const result = (outcome: Change | FormError): FormResult =>
    'kind' in outcome
      ? { input, change: outcome, error: null }
      : { input, change: null, error: outcome };
  if (name === 'Author' || name === 'Editor') {
    if (raw.trim() === '' || raw.trim() === '[]') {
      return result({ code: errorCodes.validation, message: messages.required });
    }
    const person = parsePerson(context, raw);
    return result(
      person === null
        ? { code: errorCodes.validation, message: messages.user }
        : { kind: name === 'Author' ? 'author' : 'editor', person },
    );
  }
  if (name === 'Created' || name === 'Modified') {
    const time = parseSiteDate(raw, false);
    return result(
      time === null
        ? {
            code: errorCodes.validation,
            message: raw.trim() === '' ? messages.required : messages.date,
          }
        : { kind: name === 'Created' ? 'created' : 'modified', time },
    );
  }
  if (restReadOnlyFields.some((field) => field.toLowerCase() === name.toLowerCase())) {
    return result({ code: errorCodes.readOnly, message: messages.readOnly });
  }
  const column = list.columns.find((candidate) => candidate.name === name);
  // A value for a field the list does not have fails the whole call (not documented; assumed).
  if (column === undefined) throw columnDoesNotExist(name);
  return result(convertColumn(column, raw));
}

interface Validation {
  readonly results: FormResult[];
  readonly fields: Record<string, FieldValue>;
  author?: DirectoryPerson;
  editor?: DirectoryPerson;
  created?: string;
  modified?: string;
}

/**
 * Converts every value (later values for the same field win), then checks required and unique
 * columns against the item as it would be. Only `self`'s other items count as duplicates.
 */
function validate(
  context: GraphContext,
  list: ListData,
  formValues: readonly FormValue[],
  self: ListItemData | null,
): Validation {
  const results = formValues.map((input) => convertFormValue(context, list, input));
  const validation: Validation = { results, fields: {} };
  for (const { change } of results) {
    switch (change?.kind) {
      case 'column':
        validation.fields[change.column.name] = change.value;
        break;
      case 'author':
        validation.author = change.person;
        break;
      case 'editor':
        validation.editor = change.person;
        break;
      case 'created':
        validation.created = change.time;
        break;
      case 'modified':
        validation.modified = change.time;
        break;
      case undefined:
        break;
    }
  }
  const resultFor = (column: ColumnData): FormResult | undefined =>
    results.findLast((entry) => entry.input.FieldName === column.name);
  const merged = { ...(self?.fields ?? {}), ...validation.fields };
  for (const column of list.columns) {
    const value = merged[column.name];
    if (!column.required || (value !== undefined && value !== null && value !== '')) continue;
    const entry = resultFor(column);
    if (entry !== undefined) {
      entry.error ??= { code: errorCodes.validation, message: messages.required };
    } else if (self === null) {
      // A required column left out of a new item (the Graph route refuses it too): reported as
      // an entry of its own. Not documented; assumed.
      results.push({
        input: { FieldName: column.name, FieldValue: '' },
        change: null,
        error: { code: errorCodes.validation, message: messages.required },
      });
    }
  }
  const duplicates = duplicateColumns(list, validation.fields, self);
  for (const column of duplicates) {
    const entry = resultFor(column);
    if (entry !== undefined && entry.error === null) {
      entry.error = { code: errorCodes.duplicate, message: duplicateValuesMessage([column]) };
    }
  }
  return validation;
}

function formAnswer(results: readonly FormResult[], itemId: number): JsonObject[] {
  return results.map((entry) => ({
    ErrorCode: entry.error?.code ?? 0,
    ErrorMessage: entry.error?.message ?? null,
    FieldName: entry.input.FieldName,
    FieldValue: entry.input.FieldValue,
    HasException: entry.error !== null,
    ItemId: itemId,
  }));
}

function applyFields(item: ListItemData, fields: Readonly<Record<string, FieldValue>>): void {
  item.fields = Object.fromEntries(
    Object.entries({ ...item.fields, ...fields }).filter(([, value]) => value !== null),
  );
}

/** The emulator has no folders: the only folder an item can be added to is the list's root. */
function checkFolder(context: GraphContext, list: ListData, decodedUrl: string | undefined): void {
  if (decodedUrl === undefined) return;
  const wanted = decodedUrl.trim().replace(/\/+$/, '').toLowerCase();
  const root = listServerRelativeUrl(context, list).toLowerCase();
  const accepted = [
    '',
    root,
    `${context.state.config.site.webUrl.toLowerCase()}/lists/${list.name.toLowerCase()}`,
    `lists/${list.name.toLowerCase()}`,
  ];
  if (!accepted.includes(wanted)) {
    throw spError(
      404,
      '-2147024894, System.IO.FileNotFoundException',
      `File Not Found. (The emulator has no folders: FolderPath must be the list's root folder, ${listServerRelativeUrl(context, list)}.)`,
    );
  }
}

/**
 * MS-CSOMSPT 3.2.5.79.2.1.19 AddValidateUpdateItemUsingPath
 * (https://learn.microsoft.com/en-us/openspecs/sharepoint_protocols/ms-csomspt/dd461c25-595c-45ea-adbf-139145dfc2b0):
 * "If all fields validated successfully, commit all changes. If there's any exception in any of
 * the fields, the item will not be committed", and "If the collection is empty, no update will
 * take place". 200 with one entry per form value; on success each carries the new ItemId and
 * an entry `Id` follows (as SharePoint answers; the entry is not in the specification).
 */
async function addValidateUpdateItem(context: GraphContext, list: ListData): Promise<Response> {
  requirePermission(context, list, 'addListItems');
  if (!mayWriteItem(context, list, null)) throw accessDenied();
  const input = await readBody(context.request, addValidateSchema, badRequest);
  if (input.listItemCreateInfo?.UnderlyingObjectType === 1) {
    throw badRequest('The emulator has no folders: UnderlyingObjectType must be 0 (an item).');
  }
  checkFolder(context, list, input.listItemCreateInfo?.FolderPath?.DecodedUrl);
  if (input.formValues.length === 0) return spJson(context.meta, 200, { value: [] });
  const validation = validate(context, list, input.formValues, null);
  if (validation.results.some((entry) => entry.error !== null)) {
    return spJson(context.meta, 200, { value: formAnswer(validation.results, 0) });
  }
  const { state, caller } = context;
  const now = spTimestamp(context.now());
  ensureUserPrincipal(state, caller);
  const author = validation.author ?? caller;
  const editor = validation.editor ?? caller;
  ensureUserPrincipal(state, author);
  ensureUserPrincipal(state, editor);
  const item: ListItemData = {
    id: list.nextItemId,
    uniqueId: crypto.randomUUID(),
    version: 1,
    uiVersion: 1,
    createdDateTime: validation.created ?? now,
    lastModifiedDateTime: validation.modified ?? now,
    authorId: author.id,
    editorId: editor.id,
    fields: {},
    complianceTag: labelForNewItem(list, now),
  };
  applyFields(item, validation.fields);
  list.nextItemId += 1;
  list.items.push(item);
  return spJson(context.meta, 200, {
    value: [
      ...formAnswer(validation.results, item.id),
      {
        ErrorCode: 0,
        ErrorMessage: null,
        FieldName: 'Id',
        FieldValue: String(item.id),
        HasException: false,
        ItemId: item.id,
      },
    ],
  });
}

/**
 * ListItem.ValidateUpdateListItem
 * (https://learn.microsoft.com/en-us/dotnet/api/microsoft.sharepoint.client.listitem.validateupdatelistitem):
 * the same validation as adding. `bNewDocumentUpdate: true` updates "without incrementing the
 * version" (it runs UpdateOverwriteVersion: Robert Schouten, "Update file metadata with REST API
 * using ValidateUpdateListItem method", robertschouten.com, 2018). Whether it also leaves
 * Modified and Editor alone is not documented; assumed yes (a system update), the worst case.
 * Otherwise the item gets a new version, and Modified/Editor become now/the caller unless given.
 */
async function validateUpdateListItem(
  context: GraphContext,
  list: ListData,
  id: number,
): Promise<Response> {
  const item = findItem(context, list, id);
  requirePermission(context, list, 'editListItems');
  if (!mayWriteItem(context, list, item)) throw accessDenied();
  refuseRecord(item, 'edit');
  const input = await readBody(context.request, validateUpdateSchema, badRequest);
  if (input.formValues.length === 0) return spJson(context.meta, 200, { value: [] });
  const validation = validate(context, list, input.formValues, item);
  if (validation.results.some((entry) => entry.error !== null)) {
    return spJson(context.meta, 200, { value: formAnswer(validation.results, item.id) });
  }
  const { state, caller } = context;
  ensureUserPrincipal(state, caller);
  applyFields(item, validation.fields);
  if (validation.author !== undefined) {
    ensureUserPrincipal(state, validation.author);
    item.authorId = validation.author.id;
  }
  if (validation.created !== undefined) item.createdDateTime = validation.created;
  if (input.bNewDocumentUpdate === true) {
    // A new eTag (the item changed) but the same major version.
    item.version += 1;
    item.uiVersion = uiVersionOf(item);
    if (validation.modified !== undefined) item.lastModifiedDateTime = validation.modified;
    if (validation.editor !== undefined) {
      ensureUserPrincipal(state, validation.editor);
      item.editorId = validation.editor.id;
    }
  } else {
    bumpVersion(list, item);
    item.lastModifiedDateTime = validation.modified ?? spTimestamp(context.now());
    const editor = validation.editor ?? caller;
    ensureUserPrincipal(state, editor);
    item.editorId = editor.id;
  }
  return spJson(context.meta, 200, { value: formAnswer(validation.results, item.id) });
}

/**
 * DELETE `items(N)` (or `recycle()`, which answers the recycle bin item's id; the emulator has no
 * recycle bin, so both remove the item). `If-Match` as SharePoint: `*` or the item's eTag.
 */
function deleteItem(context: GraphContext, list: ListData, id: number, recycle: boolean): Response {
  const item = findItem(context, list, id);
  requirePermission(context, list, 'deleteListItems');
  if (!mayWriteItem(context, list, item)) throw accessDenied();
  refuseRecord(item, 'delete');
  const ifMatch = context.request.headers.get('if-match')?.trim();
  if (ifMatch !== undefined && ifMatch !== '*' && ifMatch !== itemETag(item)) {
    throw spError(
      412,
      '-1, Microsoft.SharePoint.Client.ClientServiceException',
      "The request ETag value does not match the object's ETag value.",
    );
  }
  list.items = list.items.filter((candidate) => candidate !== item);
  if (recycle) return spJson(context.meta, 200, { value: crypto.randomUUID() });
  // SharePoint answers a DELETE with 200 and an empty body (not documented; as observed).
  return new Response(null, {
    status: 200,
    headers: { sprequestguid: context.meta.requestId, 'request-id': context.meta.requestId },
  });
}
