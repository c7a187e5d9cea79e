/**
 * SharePoint through Graph: the one site, its lists and their columns. Items are in
 * sharepoint-items.ts. Errors use the codes Graph gives for SharePoint resources
 * (`itemNotFound`, `accessDenied`, `invalidRequest`, `nameAlreadyExists`).
 */
import { z } from 'zod';
import type { EmulatorConfig } from './emulator-config.ts';
import type { EmulatorState, GraphContext, GraphRoute } from './emulator-context.ts';
import type { ColumnData, ListData } from './emulator-data.ts';
import { GraphError, jsonResponse, type JsonObject, type JsonValue } from './graph-response.ts';
import { evaluateExpression, expressionPaths, parseODataFilterOr } from './odata-expression.ts';
import { readBody } from './request-body.ts';
import { route } from './router.ts';
import { can, rememberedUser } from './sharepoint-permissions.ts';
import { isRecord } from './sharepoint-records.ts';

export function itemNotFound(message = 'Item not found'): GraphError {
  return new GraphError(404, 'itemNotFound', message);
}

export function accessDenied(message = 'Access denied'): GraphError {
  return new GraphError(403, 'accessDenied', message);
}

export function invalidRequest(message: string): GraphError {
  return new GraphError(400, 'invalidRequest', message);
}

export function nameAlreadyExists(message: string): GraphError {
  return new GraphError(409, 'nameAlreadyExists', message);
}

/** SharePoint's timestamps: UTC, whole seconds. */
export function spTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Rewrites Graph's path-based site addressing to the site id, so routes see one form:
 * `sites/{hostname}:/sites/x` and `sites/{hostname}:/sites/x:/lists/...` become
 * `sites/{site-id}` and `sites/{site-id}/lists/...`. A path that names no site is kept as
 * `hostname:/path`, which no site id matches (404 later).
 */
export function normaliseSiteSegments(
  segments: readonly string[],
  config: EmulatorConfig,
): readonly string[] {
  const [first, second, ...rest] = segments;
  if (first?.toLowerCase() !== 'sites' || second === undefined || !second.endsWith(':')) {
    return segments;
  }
  const hostname = second.slice(0, -1).toLowerCase();
  const pathParts: string[] = [];
  let index = 0;
  while (index < rest.length) {
    const part = rest[index] ?? '';
    index += 1;
    if (part.endsWith(':')) {
      pathParts.push(part.slice(0, -1));
      break;
    }
    pathParts.push(part);
  }
  const path = `/${pathParts.join('/')}`;
  const matches =
    hostname === config.site.hostname && path.toLowerCase() === config.site.path.toLowerCase();
  return [first, matches ? config.site.id : `${hostname}:${path}`, ...rest.slice(index)];
}

export function requireSite(context: GraphContext, key: string | undefined): void {
  if (key?.toLowerCase() !== context.state.config.site.id) {
    throw itemNotFound('Requested site could not be found');
  }
}

/** Lists are addressed by id or by title (displayName), as Graph documents. */
export function findList(state: EmulatorState, key: string): ListData | undefined {
  const wanted = key.toLowerCase();
  return state.data.site.lists.find(
    (list) => list.id === wanted || list.displayName.toLowerCase() === wanted,
  );
}

export function requireList(
  context: GraphContext,
  params: Readonly<Record<string, string>>,
): ListData {
  requireSite(context, params['site']);
  const list = findList(context.state, params['list'] ?? '');
  if (list === undefined) throw itemNotFound('The specified list was not found');
  return list;
}

/**
 * `{ email, id, displayName }` as Graph's identity of a user in createdBy / lastModifiedBy:
 * from the directory, or, once the person has left it, what the site's user information list
 * remembers of them (SharePoint keeps deleted users there; see ensureUserPrincipal).
 */
export function userIdentity(state: EmulatorState, personId: string): JsonObject {
  const person = state.directory.people.find((candidate) => candidate.id === personId);
  if (person !== undefined) {
    return { email: person.mail, id: personId, displayName: person.displayName };
  }
  const remembered = rememberedUser(state, personId);
  return {
    email: remembered?.email ?? null,
    id: personId,
    displayName: remembered?.title ?? 'Unknown user',
  };
}

/**
 * Query options of SharePoint resources by lower-case name without `$`: Graph accepts
 * `expand=fields` as well as `$expand=fields` there. Unknown `$` options are refused.
 */
export function spQueryOptions(url: URL, allowed: readonly string[]): ReadonlyMap<string, string> {
  const options = new Map<string, string>();
  for (const [rawName, value] of url.searchParams) {
    const name = rawName.replace(/^\$/, '').toLowerCase();
    if (allowed.includes(name)) {
      options.set(name, value);
    } else if (rawName.startsWith('$')) {
      throw invalidRequest(`The query option '${rawName}' is not supported on this resource.`);
    }
  }
  return options;
}

export function parseSelectList(raw: string | undefined): readonly string[] | null {
  if (raw === undefined) return null;
  const names = raw
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  return names.length === 0 ? null : names;
}

// Well-known field ids of SharePoint's built-in columns.
const TITLE_FIELD_ID = 'fa564e0f-0c70-4ab9-b863-0177e6ddd247';
export const readOnlyColumns: readonly {
  readonly id: string;
  readonly name: string;
  readonly facet: JsonObject;
  readonly facetName: string;
  readonly indexed: boolean;
}[] = [
  {
    id: '1d22ea11-1e32-424e-89ab-9fedbadb6ce1',
    name: 'ID',
    facetName: 'number',
    facet: {
      decimalPlaces: 'none',
      displayAs: 'number',
      maximum: 1.7976931348623157e308,
      minimum: -1.7976931348623157e308,
    },
    indexed: true,
  },
  {
    id: '8c06beca-0777-48f7-91c7-6da68bc07b69',
    name: 'Created',
    facetName: 'dateTime',
    facet: { displayAs: 'default', format: 'dateTime' },
    indexed: false,
  },
  {
    id: '28cf69c5-fa48-462a-b5cd-27b6f9d2bd5f',
    name: 'Modified',
    facetName: 'dateTime',
    facet: { displayAs: 'default', format: 'dateTime' },
    indexed: false,
  },
  {
    id: '1df5e554-ec7e-46a6-901d-d85a3881cb18',
    name: 'Author',
    facetName: 'personOrGroup',
    facet: {
      allowMultipleSelection: false,
      displayAs: 'nameWithPresence',
      chooseFromType: 'peopleAndGroups',
    },
    indexed: false,
  },
  {
    id: 'd31655d1-1d5b-4511-95a1-7a09e9b75bf2',
    name: 'Editor',
    facetName: 'personOrGroup',
    facet: {
      allowMultipleSelection: false,
      displayAs: 'nameWithPresence',
      chooseFromType: 'peopleAndGroups',
    },
    indexed: false,
  },
];

/** Field names a client may never write (the server sets them). */
export const readOnlyFieldNames: readonly string[] = [
  ...readOnlyColumns.map((column) => column.name),
  'id',
  'AuthorLookupId',
  'EditorLookupId',
  'ContentType',
  'Attachments',
  '_UIVersionString',
  'Edit',
  'LinkTitle',
  'LinkTitleNoMenu',
  'ItemChildCount',
  'FolderChildCount',
];

export const NOTE_MAX_LENGTH = 63_999;

function titleColumn(): ColumnData {
  return {
    id: TITLE_FIELD_ID,
    name: 'Title',
    displayName: 'Title',
    description: '',
    type: 'text',
    required: false,
    indexed: false,
    enforceUniqueValues: false,
    hidden: false,
    maxLength: 255,
    dateOnly: false,
    builtIn: true,
  };
}

export function columnEntity(column: ColumnData): JsonObject {
  const common: Record<string, JsonValue> = {
    columnGroup: 'Custom Columns',
    description: column.description,
    displayName: column.displayName,
    enforceUniqueValues: column.enforceUniqueValues,
    hidden: column.hidden,
    id: column.id,
    indexed: column.indexed,
    name: column.name,
    readOnly: false,
    required: column.required,
  };
  switch (column.type) {
    case 'text':
      common['text'] = {
        allowMultipleLines: false,
        appendChangesToExistingText: false,
        linesForEditing: 0,
        maxLength: column.maxLength ?? 255,
      };
      break;
    case 'note':
      common['text'] = {
        allowMultipleLines: true,
        appendChangesToExistingText: false,
        linesForEditing: 6,
        maxLength: NOTE_MAX_LENGTH,
        textType: 'plain',
      };
      break;
    case 'dateTime':
      common['dateTime'] = {
        displayAs: 'default',
        format: column.dateOnly ? 'dateOnly' : 'dateTime',
      };
      break;
    case 'number':
      common['number'] = {
        decimalPlaces: 'automatic',
        displayAs: 'number',
        maximum: 1.7976931348623157e308,
        minimum: -1.7976931348623157e308,
      };
      break;
  }
  return common;
}

function readOnlyColumnEntity(column: (typeof readOnlyColumns)[number]): JsonObject {
  return {
    columnGroup: '_Hidden',
    description: '',
    displayName: column.name,
    enforceUniqueValues: false,
    hidden: false,
    id: column.id,
    indexed: column.indexed,
    name: column.name,
    readOnly: true,
    required: false,
    [column.facetName]: column.facet,
  };
}

function allColumnEntities(list: ListData): JsonObject[] {
  return [...list.columns.map(columnEntity), ...readOnlyColumns.map(readOnlyColumnEntity)];
}

export function listETag(list: ListData): string {
  return `"${list.id},${list.version}"`;
}

function listEntity(
  context: GraphContext,
  list: ListData,
  options: { readonly select: readonly string[] | null; readonly expandColumns: boolean },
): JsonObject {
  const site = context.state.config.site;
  const full: Record<string, JsonValue> = {
    '@odata.etag': listETag(list),
    createdDateTime: list.createdDateTime,
    description: list.description,
    eTag: listETag(list),
    id: list.id,
    lastModifiedDateTime: list.lastModifiedDateTime,
    name: list.name,
    webUrl: `${site.webUrl}/Lists/${encodeURIComponent(list.name)}`,
    displayName: list.displayName,
    createdBy: { user: userIdentity(context.state, list.createdById) },
    parentReference: { siteId: site.id },
    list: { contentTypesEnabled: false, hidden: false, template: 'genericList' },
  };
  let body: Record<string, JsonValue> = full;
  if (options.select !== null) {
    body = { '@odata.etag': listETag(list) };
    for (const name of options.select) {
      const key = Object.keys(full).find(
        (property) => property.toLowerCase() === name.toLowerCase(),
      );
      if (key === undefined || key.startsWith('@')) {
        throw invalidRequest(
          `Could not find a property named '${name}' on type 'microsoft.graph.list'.`,
        );
      }
      body[key] = full[key] ?? null;
    }
  }
  if (options.expandColumns) {
    body['columns@odata.context'] =
      `${context.graphBase}/$metadata#sites('${encodeURIComponent(site.id)}')/lists('${list.id}')/columns`;
    body['columns'] = allColumnEntities(list);
  }
  return body;
}

function parseListExpand(raw: string | undefined): boolean {
  if (raw === undefined || raw.trim() === '') return false;
  if (raw.trim().toLowerCase() === 'columns') return true;
  throw invalidRequest(
    `Expanding '${raw}' is not supported by the emulator on lists (only 'columns').`,
  );
}

function siteEntity(context: GraphContext): JsonObject {
  const site = context.state.config.site;
  return {
    '@odata.context': `${context.graphBase}/$metadata#sites/$entity`,
    createdDateTime: context.state.data.site.createdDateTime,
    description: '',
    id: site.id,
    lastModifiedDateTime: context.state.data.site.createdDateTime,
    name: site.name,
    webUrl: site.webUrl,
    displayName: site.displayName,
    siteCollection: { hostname: site.hostname },
  };
}

// --- request bodies ----------------------------------------------------------------------

const columnInputSchema = z.strictObject({
  '@odata.type': z.string().optional(),
  name: z
    .string()
    .regex(
      /^[A-Za-z_][A-Za-z0-9_]{0,31}$/,
      'a column name is a letter or _ followed by letters, digits or _ (at most 32 characters)',
    ),
  displayName: z.string().min(1).max(255).optional(),
  description: z.string().max(255).optional(),
  required: z.boolean().optional(),
  indexed: z.boolean().optional(),
  enforceUniqueValues: z.boolean().optional(),
  hidden: z.boolean().optional(),
  columnGroup: z.string().optional(),
  text: z
    .strictObject({
      allowMultipleLines: z.boolean().optional(),
      appendChangesToExistingText: z.literal(false).optional(),
      linesForEditing: z.number().int().min(0).optional(),
      maxLength: z.number().int().min(1).max(255).optional(),
      textType: z.literal('plain').optional(),
    })
    .optional(),
  dateTime: z
    .strictObject({
      displayAs: z.enum(['default', 'friendly', 'standard']).optional(),
      format: z.enum(['dateOnly', 'dateTime']).optional(),
    })
    .optional(),
  number: z
    .strictObject({
      decimalPlaces: z.string().optional(),
      displayAs: z.string().optional(),
      maximum: z.number().optional(),
      minimum: z.number().optional(),
    })
    .optional(),
});
type ColumnInput = z.infer<typeof columnInputSchema>;

const listInputSchema = z.strictObject({
  '@odata.type': z.string().optional(),
  displayName: z.string().trim().min(1).max(255),
  name: z.string().optional(),
  description: z.string().max(4000).optional(),
  columns: z.array(columnInputSchema).optional(),
  list: z
    .strictObject({
      template: z.literal('genericList').optional(),
      contentTypesEnabled: z.literal(false).optional(),
      hidden: z.literal(false).optional(),
    })
    .optional(),
});

const columnPatchSchema = z.strictObject({
  displayName: z.string().min(1).max(255).optional(),
  description: z.string().max(255).optional(),
  required: z.boolean().optional(),
  indexed: z.boolean().optional(),
  enforceUniqueValues: z.boolean().optional(),
  hidden: z.boolean().optional(),
});

function reservedColumnName(list: ListData, name: string): boolean {
  const key = name.toLowerCase();
  return (
    list.columns.some((column) => column.name.toLowerCase() === key) ||
    readOnlyFieldNames.some((field) => field.toLowerCase() === key)
  );
}

function checkUniqueIndexed(
  column: Pick<ColumnData, 'name' | 'type' | 'indexed' | 'enforceUniqueValues'>,
): void {
  if (!column.enforceUniqueValues) return;
  if (column.type === 'note') {
    throw invalidRequest(
      `Field '${column.name}': unique values cannot be enforced on multiple lines of text.`,
    );
  }
  if (!column.indexed) {
    throw invalidRequest(
      `Field '${column.name}' must be indexed to enforce unique values. Set 'indexed': true as well.`,
    );
  }
}

function columnFromInput(input: ColumnInput, list: ListData): ColumnData {
  const facets = [input.text, input.dateTime, input.number].filter((facet) => facet !== undefined);
  if (facets.length !== 1) {
    throw invalidRequest(
      `Column '${input.name}': give exactly one of the facets text, dateTime or number (the emulator supports these).`,
    );
  }
  if (reservedColumnName(list, input.name)) {
    throw nameAlreadyExists(`A duplicate field name "${input.name}" was found.`);
  }
  const type =
    input.text !== undefined
      ? input.text.allowMultipleLines === true
        ? 'note'
        : 'text'
      : input.dateTime !== undefined
        ? 'dateTime'
        : 'number';
  const column: ColumnData = {
    id: crypto.randomUUID(),
    name: input.name,
    displayName: input.displayName ?? input.name,
    description: input.description ?? '',
    type,
    required: input.required ?? false,
    indexed: input.indexed ?? false,
    enforceUniqueValues: input.enforceUniqueValues ?? false,
    hidden: input.hidden ?? false,
    maxLength: type === 'text' ? (input.text?.maxLength ?? 255) : null,
    dateOnly: input.dateTime?.format === 'dateOnly',
    builtIn: false,
  };
  checkUniqueIndexed(column);
  return column;
}

/** Characters SharePoint does not allow in a list's URL. */
function listUrlName(displayName: string): string {
  const cleaned = displayName.replace(/["#%&*:<>?\\/{|}~]/g, '').replace(/^[\s.]+|[\s.]+$/g, '');
  return cleaned === '' ? 'List' : cleaned;
}

function invalid(message: string): GraphError {
  return invalidRequest(message);
}

export function requireCan(
  context: GraphContext,
  list: ListData | null,
  permission: Parameters<typeof can>[3],
): void {
  if (!can(context.state, context.caller, list, permission)) throw accessDenied();
}

export function touchList(list: ListData, now: Date): void {
  list.version += 1;
  list.lastModifiedDateTime = spTimestamp(now);
}

// --- handlers ----------------------------------------------------------------------------

function getSite(context: GraphContext, params: Readonly<Record<string, string>>): Response {
  requireSite(context, params['site']);
  spQueryOptions(context.url, []);
  return jsonResponse(context.meta, 200, siteEntity(context));
}

function visibleLists(context: GraphContext): readonly ListData[] {
  return context.state.data.site.lists.filter((list) =>
    can(context.state, context.caller, list, 'viewListItems'),
  );
}

function listLists(context: GraphContext, params: Readonly<Record<string, string>>): Response {
  requireSite(context, params['site']);
  const options = spQueryOptions(context.url, ['select', 'filter', 'expand', 'top']);
  const select = parseSelectList(options.get('select'));
  const expandColumns = parseListExpand(options.get('expand'));
  let lists = visibleLists(context);
  const rawFilter = options.get('filter');
  if (rawFilter !== undefined) {
    const expression = parseODataFilterOr(rawFilter, (message) =>
      invalidRequest(`Invalid filter clause: ${message}`),
    );
    const allowed: Readonly<Record<string, (list: ListData) => string>> = {
      displayname: (list) => list.displayName,
      name: (list) => list.name,
      id: (list) => list.id,
    };
    for (const path of expressionPaths(expression)) {
      if (allowed[path.toLowerCase()] === undefined) {
        throw invalidRequest(
          `Filtering lists on '${path}' is not supported (displayName, name, id).`,
        );
      }
    }
    lists = lists.filter((list) =>
      evaluateExpression(expression, {
        compare(path, literal) {
          const read = allowed[path.toLowerCase()];
          if (read === undefined || literal.kind !== 'string') return null;
          return Math.sign(
            read(list).localeCompare(literal.value, 'nb', { sensitivity: 'accent' }),
          );
        },
        startsWith(path, prefix) {
          const read = allowed[path.toLowerCase()];
          return read !== undefined && read(list).toLowerCase().startsWith(prefix.toLowerCase());
        },
      }),
    );
  }
  const rawTop = options.get('top');
  if (rawTop !== undefined) {
    const top = /^\d+$/.test(rawTop.trim()) ? Number(rawTop.trim()) : Number.NaN;
    if (!Number.isInteger(top) || top < 1) throw invalidRequest(`Invalid $top value '${rawTop}'.`);
    // There are never more lists than one page holds here, so $top only trims.
    lists = lists.slice(0, top);
  }
  const site = context.state.config.site;
  return jsonResponse(context.meta, 200, {
    '@odata.context': `${context.graphBase}/$metadata#sites('${encodeURIComponent(site.id)}')/lists${select === null ? '' : `(${select.join(',')})`}`,
    value: lists.map((list) => listEntity(context, list, { select, expandColumns })),
  });
}

function getList(context: GraphContext, params: Readonly<Record<string, string>>): Response {
  const list = requireList(context, params);
  requireCan(context, list, 'viewListItems');
  const options = spQueryOptions(context.url, ['select', 'expand']);
  const site = context.state.config.site;
  return jsonResponse(context.meta, 200, {
    '@odata.context': `${context.graphBase}/$metadata#sites('${encodeURIComponent(site.id)}')/lists/$entity`,
    ...listEntity(context, list, {
      select: parseSelectList(options.get('select')),
      expandColumns: parseListExpand(options.get('expand')),
    }),
  });
}

/**
 * `DELETE /sites/{site}/lists/{list}` ("Delete list",
 * https://learn.microsoft.com/en-us/graph/api/list-delete?view=graph-rest-1.0): 204, for those
 * who may manage the list's lists. A list holding records cannot go: Purview forbids deleting a
 * record by any route ("Learn about records management",
 * https://learn.microsoft.com/en-us/purview/records-management); the exact answer is not
 * documented, assumed 403 `accessDenied`.
 */
function deleteList(context: GraphContext, params: Readonly<Record<string, string>>): Response {
  const list = requireList(context, params);
  requireCan(context, list, 'manageLists');
  if (list.items.some(isRecord)) {
    throw accessDenied(
      `The list '${list.displayName}' holds items a retention label declares records; it cannot be deleted.`,
    );
  }
  context.state.data.site.lists = context.state.data.site.lists.filter(
    (candidate) => candidate !== list,
  );
  return new Response(null, { status: 204, headers: { 'request-id': context.meta.requestId } });
}

async function createList(
  context: GraphContext,
  params: Readonly<Record<string, string>>,
): Promise<Response> {
  requireSite(context, params['site']);
  requireCan(context, null, 'manageLists');
  const input = await readBody(context.request, listInputSchema, invalid);
  if (input.name !== undefined) {
    // What Graph answers: the URL name comes from the displayName at creation.
    throw invalidRequest(
      "Cannot define a 'name' for a list as it is assigned by the server. Instead, provide 'displayName'",
    );
  }
  const lists = context.state.data.site.lists;
  const name = listUrlName(input.displayName);
  if (
    lists.some(
      (list) =>
        list.displayName.toLowerCase() === input.displayName.toLowerCase() ||
        list.name.toLowerCase() === name.toLowerCase(),
    )
  ) {
    throw nameAlreadyExists(
      'A list, survey, discussion board, or document library with the specified title already exists in this Web site.  Please choose another title.',
    );
  }
  const now = spTimestamp(context.now());
  const list: ListData = {
    id: crypto.randomUUID(),
    name,
    displayName: input.displayName,
    description: input.description ?? '',
    createdDateTime: now,
    lastModifiedDateTime: now,
    createdById: context.caller.id,
    version: 1,
    columns: [titleColumn()],
    items: [],
    nextItemId: 1,
    hasUniqueRoleAssignments: false,
    roleAssignments: [],
    readSecurity: 1,
    writeSecurity: 1,
    noCrawl: false,
    enableVersioning: true,
    complianceTag: null,
  };
  for (const columnInput of input.columns ?? [])
    list.columns.push(columnFromInput(columnInput, list));
  lists.push(list);
  const site = context.state.config.site;
  return jsonResponse(context.meta, 201, {
    '@odata.context': `${context.graphBase}/$metadata#sites('${encodeURIComponent(site.id)}')/lists/$entity`,
    ...listEntity(context, list, { select: null, expandColumns: false }),
  });
}

function columnsContext(context: GraphContext, list: ListData): string {
  const site = context.state.config.site;
  return `${context.graphBase}/$metadata#sites('${encodeURIComponent(site.id)}')/lists('${list.id}')/columns`;
}

function listColumns(context: GraphContext, params: Readonly<Record<string, string>>): Response {
  const list = requireList(context, params);
  requireCan(context, list, 'viewListItems');
  spQueryOptions(context.url, []);
  return jsonResponse(context.meta, 200, {
    '@odata.context': columnsContext(context, list),
    value: allColumnEntities(list),
  });
}

function findColumn(list: ListData, key: string | undefined): ColumnData {
  const column = list.columns.find((candidate) => candidate.id === key?.toLowerCase());
  if (column === undefined) throw itemNotFound('The specified column was not found');
  return column;
}

function getColumn(context: GraphContext, params: Readonly<Record<string, string>>): Response {
  const list = requireList(context, params);
  requireCan(context, list, 'viewListItems');
  const column = findColumn(list, params['column']);
  return jsonResponse(context.meta, 200, {
    '@odata.context': `${columnsContext(context, list)}/$entity`,
    ...columnEntity(column),
  });
}

async function createColumn(
  context: GraphContext,
  params: Readonly<Record<string, string>>,
): Promise<Response> {
  const list = requireList(context, params);
  requireCan(context, list, 'manageLists');
  const input = await readBody(context.request, columnInputSchema, invalid);
  const column = columnFromInput(input, list);
  list.columns.push(column);
  touchList(list, context.now());
  return jsonResponse(context.meta, 201, {
    '@odata.context': `${columnsContext(context, list)}/$entity`,
    ...columnEntity(column),
  });
}

/** Whether two stored values count as the same for a unique column (text: case-insensitive). */
/**
 * SharePoint compares text case-insensitively. One collator for the process:
 * `localeCompare` with options builds a new one on every call, which made
 * unique checks and filters crawl on lists of thousands of items.
 */
export const textCollator = new Intl.Collator('nb', { sensitivity: 'accent' });

export function sameFieldValue(left: string | number, right: string | number): boolean {
  if (left === right) return true;
  if (typeof left === 'string' && typeof right === 'string') {
    return textCollator.compare(left, right) === 0;
  }
  return false;
}

function hasDuplicates(list: ListData, column: ColumnData): boolean {
  const seen: (string | number)[] = [];
  for (const item of list.items) {
    const value = item.fields[column.name];
    if (value === undefined || value === null) continue;
    if (seen.some((other) => sameFieldValue(other, value))) return true;
    seen.push(value);
  }
  return false;
}

async function updateColumn(
  context: GraphContext,
  params: Readonly<Record<string, string>>,
): Promise<Response> {
  const list = requireList(context, params);
  requireCan(context, list, 'manageLists');
  const column = findColumn(list, params['column']);
  const patch = await readBody(context.request, columnPatchSchema, invalid);
  const next: ColumnData = {
    ...column,
    displayName: patch.displayName ?? column.displayName,
    description: patch.description ?? column.description,
    required: patch.required ?? column.required,
    indexed: patch.indexed ?? column.indexed,
    enforceUniqueValues: patch.enforceUniqueValues ?? column.enforceUniqueValues,
    hidden: patch.hidden ?? column.hidden,
  };
  checkUniqueIndexed(next);
  if (next.enforceUniqueValues && !column.enforceUniqueValues && hasDuplicates(list, column)) {
    throw invalidRequest(
      `Field '${column.name}' cannot enforce unique values: the list already has duplicate values in it.`,
    );
  }
  Object.assign(column, next);
  touchList(list, context.now());
  return jsonResponse(context.meta, 200, {
    '@odata.context': `${columnsContext(context, list)}/$entity`,
    ...columnEntity(column),
  });
}

export function createSharePointGraphRoutes(): readonly GraphRoute[] {
  return [
    route('GET', '/sites/:site', getSite),
    route('GET', '/sites/:site/lists', listLists),
    route('POST', '/sites/:site/lists', createList),
    route('GET', '/sites/:site/lists/:list', getList),
    route('DELETE', '/sites/:site/lists/:list', deleteList),
    route('GET', '/sites/:site/lists/:list/columns', listColumns),
    route('POST', '/sites/:site/lists/:list/columns', createColumn),
    route('GET', '/sites/:site/lists/:list/columns/:column', getColumn),
    route('PATCH', '/sites/:site/lists/:list/columns/:column', updateColumn),
  ];
}
