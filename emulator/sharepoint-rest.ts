/**
 * The part of SharePoint's REST API (`<site>/_api/...`) that provisioning needs because Graph
 * cannot set list permissions: role definitions, ensureuser, site users, breaking a list's
 * inheritance, role assignments, list settings (ReadSecurity / WriteSecurity, NoCrawl,
 * EnableVersioning); list items (sharepoint-rest-items.ts) and retention labels
 * (sharepoint-compliance.ts). JSON light (`odata=nometadata`) shapes, and errors as
 * `{ "odata.error": { code, message: { lang, value } } }` (sharepoint-rest-common.ts).
 */
import { z } from 'zod';
import type { GraphContext } from './emulator-context.ts';
import {
  FULL_CONTROL_ID,
  type ListData,
  type PrincipalData,
  type RoleAssignmentData,
  type RoleDefinitionData,
} from './emulator-data.ts';
import { type GraphError, type JsonObject, type JsonValue } from './graph-response.ts';
import { readBody } from './request-body.ts';
import { complianceRoute, isComplianceSegment } from './sharepoint-compliance.ts';
import { spTimestamp } from './sharepoint-graph.ts';
import {
  can,
  ensureUserPrincipal,
  findPrincipal,
  isSiteOwner,
  maskHalves,
  maskOf,
} from './sharepoint-permissions.ts';
import {
  argument,
  badRequest,
  type Call,
  codes,
  effectiveMethod,
  metadataField,
  methodNotAllowed,
  noContent,
  notFound,
  odataNull,
  parseLiteral,
  listServerRelativeUrl,
  personForLogonName,
  requireCall,
  requirePermission,
  SITE_LOCALE_ID,
  siteUserView,
  spError,
  spJson,
} from './sharepoint-rest-common.ts';
import { listItemsRoute } from './sharepoint-rest-items.ts';

export {
  effectiveMethod,
  SP_JSON_CONTENT_TYPE,
  sharePointErrorResponse,
} from './sharepoint-rest-common.ts';

// --- serialisation --------------------------------------------------------------------------

/** SP.PrincipalType: 1 user, 4 security group (Entra groups and "everyone"), 8 SharePoint group. */
const SECURITY_GROUP = 4;

export function memberJson(context: GraphContext, principal: PrincipalData): JsonObject {
  const { state } = context;
  switch (principal.kind) {
    case 'user': {
      // A person who left the directory is shown as the site's user list remembers them.
      const view = siteUserView(state, principal);
      const person = view.person;
      return {
        Id: principal.id,
        IsHiddenInUI: false,
        LoginName: view.loginName,
        Title: view.title,
        PrincipalType: 1,
        Email: view.email,
        Expiration: '',
        IsEmailAuthenticationGuestUser: false,
        IsShareByEmailGuestUser: false,
        IsSiteAdmin: person !== undefined && isSiteOwner(state, person),
        UserId: {
          NameId: principal.personId.replace(/-/g, '').slice(0, 16),
          NameIdIssuer: 'urn:federation:microsoftonline',
        },
        UserPrincipalName: view.userPrincipalName,
      };
    }
    case 'all-staff':
      return {
        Id: principal.id,
        IsHiddenInUI: false,
        LoginName: `c:0-.f|rolemanager|spo-grid-all-users/${principal.tenantId}`,
        Title: 'Everyone except external users',
        PrincipalType: SECURITY_GROUP,
        Email: '',
        Expiration: '',
        IsEmailAuthenticationGuestUser: false,
        IsShareByEmailGuestUser: false,
        IsSiteAdmin: false,
        UserId: null,
        UserPrincipalName: null,
      };
    case 'entra-group': {
      const group = state.directory.groups.find((candidate) => candidate.id === principal.groupId);
      return {
        Id: principal.id,
        IsHiddenInUI: false,
        LoginName:
          group?.kind === 'microsoft365'
            ? `c:0o.c|federateddirectoryclaimprovider|${principal.groupId}`
            : `c:0t.c|tenant|${principal.groupId}`,
        Title: group?.displayName ?? principal.groupId,
        PrincipalType: SECURITY_GROUP,
        Email: '',
        Expiration: '',
        IsEmailAuthenticationGuestUser: false,
        IsShareByEmailGuestUser: false,
        IsSiteAdmin: false,
        UserId: null,
        UserPrincipalName: null,
      };
    }
    case 'site-group':
      return {
        Id: principal.id,
        IsHiddenInUI: false,
        LoginName: principal.title,
        Title: principal.title,
        PrincipalType: 8,
        AllowMembersEditMembership: false,
        AllowRequestToJoinLeave: false,
        AutoAcceptRequestToJoinLeave: false,
        Description: null,
        OnlyAllowMembersViewMembership: false,
        OwnerTitle: `${context.state.config.site.displayName} Owners`,
        RequestToJoinLeaveEmailSetting: null,
      };
  }
}

function roleDefinitionJson(definition: RoleDefinitionData): JsonObject {
  return {
    BasePermissions: maskHalves(maskOf(definition)),
    Description: definition.description,
    Hidden: definition.hidden,
    Id: definition.id,
    Name: definition.name,
    Order: definition.order,
    RoleTypeKind: definition.roleTypeKind,
  };
}

function entityTypeName(list: ListData): string {
  const base = list.name.replace(/[^A-Za-z0-9]/g, '');
  return `${base === '' ? 'List' : base}List`;
}

function listJson(context: GraphContext, list: ListData): JsonObject {
  const lastItem = list.items.reduce(
    (latest, item) => (item.lastModifiedDateTime > latest ? item.lastModifiedDateTime : latest),
    list.lastModifiedDateTime,
  );
  return {
    AllowContentTypes: true,
    BaseTemplate: 100,
    BaseType: 0,
    ContentTypesEnabled: false,
    Created: list.createdDateTime,
    Description: list.description,
    EnableAttachments: true,
    EnableVersioning: list.enableVersioning,
    EntityTypeName: entityTypeName(list),
    HasUniqueRoleAssignments: list.hasUniqueRoleAssignments,
    Hidden: false,
    Id: list.id,
    ItemCount: list.items.length,
    LastItemModifiedDate: lastItem,
    ListItemEntityTypeFullName: `SP.Data.${entityTypeName(list)}Item`,
    NoCrawl: list.noCrawl,
    ParentWebUrl: context.state.config.site.path,
    ReadSecurity: list.readSecurity,
    Title: list.displayName,
    WriteSecurity: list.writeSecurity,
  };
}

/** SP.Folder of the list's root folder: where `Lists/<name>` lives on the site. */
function rootFolderJson(context: GraphContext, list: ListData): JsonObject {
  return {
    Exists: true,
    IsWOPIEnabled: false,
    ItemCount: list.items.length,
    Name: list.name,
    ProgID: null,
    ServerRelativeUrl: listServerRelativeUrl(context, list),
    TimeCreated: list.createdDateTime,
    TimeLastModified: list.lastModifiedDateTime,
    UniqueId: list.id,
    WelcomePage: '',
  };
}

function parseExpand(url: URL): ReadonlySet<string> {
  const raw = url.searchParams.get('$expand') ?? url.searchParams.get('expand') ?? '';
  return new Set(
    raw
      .split(',')
      .map((part) => part.trim().toLowerCase())
      .filter((part) => part !== ''),
  );
}

function roleAssignmentJson(
  context: GraphContext,
  assignment: RoleAssignmentData,
  expand: ReadonlySet<string>,
): JsonObject {
  const body: Record<string, JsonValue> = { PrincipalId: assignment.principalId };
  if (expand.has('member')) {
    const principal = findPrincipal(context.state, assignment.principalId);
    body['Member'] = principal === undefined ? null : memberJson(context, principal);
  }
  if (expand.has('roledefinitionbindings')) {
    body['RoleDefinitionBindings'] = assignment.roleDefinitionIds.flatMap((id) => {
      const definition = context.state.data.site.roleDefinitions.find(
        (candidate) => candidate.id === id,
      );
      return definition === undefined ? [] : [roleDefinitionJson(definition)];
    });
  }
  return body;
}

// --- principals -----------------------------------------------------------------------------

function resolveLogonName(context: GraphContext, logonName: string): PrincipalData {
  const { state } = context;
  const site = state.data.site;
  const notFoundUser = (): never => {
    throw spError(404, codes.spException, `The specified user ${logonName} could not be found.`);
  };
  const add = (principal: PrincipalData): PrincipalData => {
    site.principals.push(principal);
    site.nextPrincipalId += 1;
    return principal;
  };
  const lower = logonName.trim().toLowerCase();

  const allStaff = /^c:0-\.f\|rolemanager\|spo-grid-all-users\/([0-9a-f-]+)$/.exec(lower);
  if (allStaff?.[1] !== undefined) {
    if (allStaff[1] !== state.config.tenantId) return notFoundUser();
    const tenantId = allStaff[1];
    return (
      site.principals.find(
        (principal) => principal.kind === 'all-staff' && principal.tenantId === tenantId,
      ) ?? add({ kind: 'all-staff', id: site.nextPrincipalId, tenantId })
    );
  }

  const group = /^c:0(?:t\.c\|tenant|o\.c\|federateddirectoryclaimprovider)\|([0-9a-f-]+)$/.exec(
    lower,
  );
  if (group?.[1] !== undefined) {
    const groupId = group[1];
    if (!state.directory.groups.some((candidate) => candidate.id === groupId))
      return notFoundUser();
    return (
      site.principals.find(
        (principal) => principal.kind === 'entra-group' && principal.groupId === groupId,
      ) ?? add({ kind: 'entra-group', id: site.nextPrincipalId, groupId })
    );
  }

  const person = personForLogonName(state, logonName);
  if (person === undefined) return notFoundUser();
  return ensureUserPrincipal(state, person);
}

// --- lists ----------------------------------------------------------------------------------

function findListByTitle(context: GraphContext, title: string): ListData {
  const list = context.state.data.site.lists.find(
    (candidate) => candidate.displayName.toLowerCase() === title.toLowerCase(),
  );
  // A list the caller cannot see "does not exist", as SharePoint answers.
  if (list === undefined || !can(context.state, context.caller, list, 'viewListItems')) {
    throw notFound(
      `List '${title}' does not exist at site with URL '${context.state.config.site.webUrl}'.`,
    );
  }
  return list;
}

function findListById(context: GraphContext, id: string): ListData {
  const list = context.state.data.site.lists.find((candidate) => candidate.id === id.toLowerCase());
  if (list === undefined || !can(context.state, context.caller, list, 'viewListItems')) {
    throw notFound(
      'List does not exist.\n\nThe page you selected contains a list that does not exist.  It may have been deleted by another user.',
    );
  }
  return list;
}

/** `lists/getbytitle('T')`, `lists/getbyid('guid')` or `lists(guid'...')`: the list and the rest. */
function resolveListPath(
  context: GraphContext,
  segments: readonly string[],
): { readonly list: ListData; readonly rest: readonly string[] } | null {
  const [first, second, ...tail] = segments;
  if (first === undefined) return null;
  const direct = /^lists\((.*)\)$/i.exec(first);
  if (direct?.[1] !== undefined) {
    const id = parseLiteral(direct[1], context.url);
    if (typeof id !== 'string') throw badRequest(`The expression "${first}" is not valid.`);
    return { list: findListById(context, id), rest: second === undefined ? [] : [second, ...tail] };
  }
  if (first.toLowerCase() !== 'lists' || second === undefined) return null;
  const call = requireCall(second, context.url);
  const key = call.positional[0];
  if (call.name === 'getbytitle' && typeof key === 'string') {
    return { list: findListByTitle(context, key), rest: tail };
  }
  if (call.name === 'getbyid' && typeof key === 'string') {
    return { list: findListById(context, key), rest: tail };
  }
  throw badRequest(`The expression "${second}" is not supported by the emulator.`);
}

const listMergeSchema = z.strictObject({
  __metadata: metadataField,
  Title: z.string().trim().min(1).max(255).optional(),
  Description: z.string().max(4000).optional(),
  ReadSecurity: z.union([z.literal(1), z.literal(2)]).optional(),
  WriteSecurity: z.union([z.literal(1), z.literal(2), z.literal(4)]).optional(),
  // SP.List.NoCrawl: "Gets or sets a value that specifies that the crawler must not crawl the
  // list" (https://learn.microsoft.com/en-us/previous-versions/office/developer/sharepoint-2010/ee539587(v=office.14)).
  NoCrawl: z.boolean().optional(),
  // SP.List.EnableVersioning: "whether historical versions of list items and documents can be
  // created in the list" (https://learn.microsoft.com/en-us/previous-versions/office/sharepoint-server/ee539882(v=office.15)).
  EnableVersioning: z.boolean().optional(),
});

function invalidListProperty(message: string): GraphError {
  const property = /Property '([^']+)'/.exec(message)?.[1];
  return badRequest(
    property === undefined
      ? message
      : `The property '${property}' does not exist on type 'SP.List'. Make sure to only use property names that are defined by the type.`,
  );
}

async function mergeList(context: GraphContext, list: ListData): Promise<Response> {
  requirePermission(context, list, 'manageLists');
  const ifMatch = context.request.headers.get('if-match');
  const current = `"${list.version}"`;
  if (ifMatch !== null && ifMatch.trim() !== '*' && ifMatch.trim() !== current) {
    throw spError(
      412,
      '-1, Microsoft.SharePoint.Client.ClientServiceException',
      "The request ETag value does not match the object's ETag value.",
    );
  }
  const patch = await readBody(context.request, listMergeSchema, invalidListProperty);
  if (patch.Title !== undefined) {
    const title = patch.Title;
    const clash = context.state.data.site.lists.some(
      (other) => other !== list && other.displayName.toLowerCase() === title.toLowerCase(),
    );
    if (clash) {
      throw spError(
        400,
        codes.spException,
        'A list, survey, discussion board, or document library with the specified title already exists in this Web site.  Please choose another title.',
      );
    }
    list.displayName = title;
  }
  if (patch.Description !== undefined) list.description = patch.Description;
  if (patch.ReadSecurity !== undefined) list.readSecurity = patch.ReadSecurity;
  if (patch.WriteSecurity !== undefined) list.writeSecurity = patch.WriteSecurity;
  if (patch.NoCrawl !== undefined) list.noCrawl = patch.NoCrawl;
  if (patch.EnableVersioning !== undefined) list.enableVersioning = patch.EnableVersioning;
  list.version += 1;
  list.lastModifiedDateTime = spTimestamp(context.now());
  return noContent(context.meta);
}

function breakRoleInheritance(context: GraphContext, list: ListData, call: Call): Response {
  requirePermission(context, list, 'managePermissions');
  if (list.hasUniqueRoleAssignments) return odataNull(context.meta);
  const copy = argument(call, 'copyroleassignments', 0);
  if (typeof copy !== 'boolean') {
    throw badRequest("The parameter 'copyRoleAssignments' is required and must be true or false.");
  }
  list.hasUniqueRoleAssignments = true;
  list.roleAssignments = copy
    ? context.state.data.site.webRoleAssignments.map((assignment) => ({
        principalId: assignment.principalId,
        roleDefinitionIds: [...assignment.roleDefinitionIds],
      }))
    : [];
  if (!copy) {
    // SharePoint gives whoever breaks inheritance without copying Full Control, so that they
    // keep access; a provisioner removes it if it wants exactly its own assignments.
    const self = ensureUserPrincipal(context.state, context.caller);
    list.roleAssignments.push({ principalId: self.id, roleDefinitionIds: [FULL_CONTROL_ID] });
  }
  list.version += 1;
  return odataNull(context.meta);
}

function resetRoleInheritance(context: GraphContext, list: ListData): Response {
  requirePermission(context, list, 'managePermissions');
  list.hasUniqueRoleAssignments = false;
  list.roleAssignments = [];
  list.version += 1;
  return odataNull(context.meta);
}

function principalAndDefinition(
  context: GraphContext,
  call: Call,
): { readonly principal: PrincipalData; readonly definition: RoleDefinitionData } {
  const principalId = argument(call, 'principalid', 0);
  const definitionId = argument(call, 'roledefid', 1);
  if (typeof principalId !== 'number' || typeof definitionId !== 'number') {
    throw badRequest("The parameters 'principalid' and 'roledefid' are required numbers.");
  }
  const principal = findPrincipal(context.state, principalId);
  if (principal === undefined) {
    throw spError(400, codes.spException, `Can not find the principal with id: ${principalId}.`);
  }
  const definition = context.state.data.site.roleDefinitions.find(
    (candidate) => candidate.id === definitionId,
  );
  if (definition === undefined) {
    throw spError(
      400,
      codes.spException,
      `Cannot find the role definition with id: ${definitionId}.`,
    );
  }
  return { principal, definition };
}

function requireUnique(list: ListData): void {
  if (!list.hasUniqueRoleAssignments) {
    throw spError(
      400,
      codes.spException,
      'This operation is not allowed on an object that inherits permissions.',
    );
  }
}

function addRoleAssignment(context: GraphContext, list: ListData, call: Call): Response {
  requirePermission(context, list, 'managePermissions');
  requireUnique(list);
  const { principal, definition } = principalAndDefinition(context, call);
  const existing = list.roleAssignments.find(
    (assignment) => assignment.principalId === principal.id,
  );
  if (existing === undefined) {
    list.roleAssignments.push({ principalId: principal.id, roleDefinitionIds: [definition.id] });
  } else if (!existing.roleDefinitionIds.includes(definition.id)) {
    existing.roleDefinitionIds.push(definition.id);
  }
  list.version += 1;
  return odataNull(context.meta);
}

function removeRoleAssignment(context: GraphContext, list: ListData, call: Call): Response {
  requirePermission(context, list, 'managePermissions');
  requireUnique(list);
  const { principal, definition } = principalAndDefinition(context, call);
  list.roleAssignments = list.roleAssignments
    .map((assignment) =>
      assignment.principalId === principal.id
        ? {
            principalId: assignment.principalId,
            roleDefinitionIds: assignment.roleDefinitionIds.filter((id) => id !== definition.id),
          }
        : assignment,
    )
    .filter((assignment) => assignment.roleDefinitionIds.length > 0);
  list.version += 1;
  return odataNull(context.meta);
}

function listRoleAssignments(
  context: GraphContext,
  list: ListData | null,
  rest: readonly string[],
): Response {
  requirePermission(context, list, 'enumeratePermissions');
  const assignments =
    list !== null && list.hasUniqueRoleAssignments
      ? list.roleAssignments
      : context.state.data.site.webRoleAssignments;
  const expand = parseExpand(context.url);
  const [selector] = rest;
  if (selector === undefined) {
    return spJson(context.meta, 200, {
      value: assignments.map((assignment) => roleAssignmentJson(context, assignment, expand)),
    });
  }
  const call = requireCall(selector, context.url);
  const principalId = call.positional[0];
  const assignment =
    call.name === 'getbyprincipalid' && typeof principalId === 'number'
      ? assignments.find((candidate) => candidate.principalId === principalId)
      : undefined;
  if (assignment === undefined) {
    throw spError(
      404,
      codes.argument,
      `Can not find the principal with id: ${String(principalId)}.`,
    );
  }
  return spJson(context.meta, 200, roleAssignmentJson(context, assignment, expand));
}

async function listRoute(
  context: GraphContext,
  method: string,
  list: ListData,
  rest: readonly string[],
): Promise<Response> {
  const [first, second, ...more] = rest;
  if (first === undefined) {
    if (method === 'GET') return spJson(context.meta, 200, listJson(context, list));
    if (method === 'MERGE' || method === 'PATCH') return mergeList(context, list);
    throw methodNotAllowed();
  }
  const items = await listItemsRoute(context, method, list, rest);
  if (items !== null) return items;
  const name = first.toLowerCase();
  if (name === 'rootfolder' && second === undefined) {
    if (method !== 'GET') throw methodNotAllowed();
    return spJson(context.meta, 200, rootFolderJson(context, list));
  }
  if (name === 'roleassignments' && second === undefined && method === 'GET') {
    return listRoleAssignments(context, list, []);
  }
  if (name === 'roleassignments' && second !== undefined && more.length === 0) {
    const call = requireCall(second, context.url);
    if (method === 'POST' && call.name === 'addroleassignment') {
      return addRoleAssignment(context, list, call);
    }
    if (method === 'POST' && call.name === 'removeroleassignment') {
      return removeRoleAssignment(context, list, call);
    }
    if (method === 'GET') return listRoleAssignments(context, list, [second]);
  }
  if (second === undefined && method === 'POST') {
    const call = requireCall(first, context.url);
    if (call.name === 'breakroleinheritance') return breakRoleInheritance(context, list, call);
    if (call.name === 'resetroleinheritance') return resetRoleInheritance(context, list);
  }
  throw notSupported(rest.join('/'));
}

// --- web ------------------------------------------------------------------------------------

function maskHalf(): z.ZodType<string> {
  return z
    .union([z.string().regex(/^\d+$/), z.number().int().nonnegative()])
    .transform((value) => String(value))
    .refine((value) => BigInt(value) <= 0xffffffffn, 'must fit in 32 bits');
}

const roleDefinitionInputSchema = z.strictObject({
  __metadata: metadataField,
  Name: z.string().trim().min(1).max(255),
  Description: z.string().max(512).optional(),
  Order: z.number().int().min(0).optional(),
  BasePermissions: z.strictObject({
    __metadata: metadataField,
    High: maskHalf(),
    Low: maskHalf(),
  }),
});

async function createRoleDefinition(context: GraphContext): Promise<Response> {
  requirePermission(context, null, 'managePermissions');
  const input = await readBody(context.request, roleDefinitionInputSchema, badRequest);
  const site = context.state.data.site;
  if (
    site.roleDefinitions.some(
      (definition) => definition.name.toLowerCase() === input.Name.toLowerCase(),
    )
  ) {
    throw spError(
      400,
      codes.spException,
      `A permission level with the name "${input.Name}" already exists. Choose a different name.`,
    );
  }
  const definition: RoleDefinitionData = {
    id: site.nextRoleDefinitionId,
    name: input.Name,
    description: input.Description ?? '',
    high: input.BasePermissions.High,
    low: input.BasePermissions.Low,
    roleTypeKind: 0,
    order: input.Order ?? 1000,
    hidden: false,
  };
  site.nextRoleDefinitionId += 1;
  site.roleDefinitions.push(definition);
  return spJson(context.meta, 201, roleDefinitionJson(definition));
}

function findRoleDefinition(context: GraphContext, segment: string): RoleDefinitionData {
  const call = requireCall(segment, context.url);
  const key = call.positional[0];
  const definitions = context.state.data.site.roleDefinitions;
  const definition =
    call.name === 'getbyname' && typeof key === 'string'
      ? definitions.find((candidate) => candidate.name.toLowerCase() === key.toLowerCase())
      : (call.name === 'getbyid' || call.name === 'roledefinitions') && typeof key === 'number'
        ? definitions.find((candidate) => candidate.id === key)
        : undefined;
  if (definition === undefined) {
    throw spError(404, codes.spException, 'The role definition could not be found.');
  }
  return definition;
}

const roleDefinitionMergeSchema = z.strictObject({
  __metadata: metadataField,
  Name: z.string().trim().min(1).max(255).optional(),
  Description: z.string().max(512).optional(),
  Order: z.number().int().min(0).optional(),
  BasePermissions: z
    .strictObject({ __metadata: metadataField, High: maskHalf(), Low: maskHalf() })
    .optional(),
});

async function roleDefinitionRoute(
  context: GraphContext,
  method: string,
  segment: string,
): Promise<Response> {
  const definition = findRoleDefinition(context, segment);
  if (method === 'GET') return spJson(context.meta, 200, roleDefinitionJson(definition));
  if (method !== 'MERGE' && method !== 'PATCH') throw methodNotAllowed();
  requirePermission(context, null, 'managePermissions');
  // Full Control and Limited Access cannot be changed in SharePoint.
  if (definition.roleTypeKind === 5 || definition.roleTypeKind === 1) {
    throw spError(
      400,
      codes.spException,
      `The permission level "${definition.name}" cannot be changed.`,
    );
  }
  const patch = await readBody(context.request, roleDefinitionMergeSchema, badRequest);
  const name = patch.Name;
  if (
    name !== undefined &&
    context.state.data.site.roleDefinitions.some(
      (other) => other !== definition && other.name.toLowerCase() === name.toLowerCase(),
    )
  ) {
    throw spError(
      400,
      codes.spException,
      `A permission level with the name "${name}" already exists. Choose a different name.`,
    );
  }
  if (name !== undefined) definition.name = name;
  if (patch.Description !== undefined) definition.description = patch.Description;
  if (patch.Order !== undefined) definition.order = patch.Order;
  if (patch.BasePermissions !== undefined) {
    definition.high = patch.BasePermissions.High;
    definition.low = patch.BasePermissions.Low;
  }
  return noContent(context.meta);
}

const ensureUserSchema = z.looseObject({ logonName: z.string().trim().min(1) });

async function ensureUser(context: GraphContext, call: Call | null): Promise<Response> {
  requirePermission(context, null, 'managePermissions');
  const fromCall = call?.positional[0];
  const logonName =
    typeof fromCall === 'string'
      ? fromCall
      : (await readBody(context.request, ensureUserSchema, badRequest)).logonName;
  return spJson(context.meta, 200, memberJson(context, resolveLogonName(context, logonName)));
}

function webJson(context: GraphContext): JsonObject {
  const site = context.state.config.site;
  return {
    Created: context.state.data.site.createdDateTime,
    Description: '',
    Id: site.webId,
    Language: 1044,
    ServerRelativeUrl: site.path,
    Title: site.displayName,
    Url: site.webUrl,
    WebTemplate: 'GROUP',
  };
}

function siteGroup(context: GraphContext, role: 'owners' | 'members' | 'visitors'): Response {
  const group = context.state.data.site.principals.find(
    (principal) => principal.kind === 'site-group' && principal.role === role,
  );
  if (group === undefined) throw notFound('Group cannot be found.');
  return spJson(context.meta, 200, memberJson(context, group));
}

/**
 * A site user by its id (the AuthorId/EditorId of items). Reading user information needs
 * BrowseUserInfo, which Read, Contribute and Limited Access include (SP.PermissionKind,
 * https://learn.microsoft.com/previous-versions/office/sharepoint-server/ee536458(v=office.15)).
 */
function siteUserById(context: GraphContext, call: Call): Response {
  requirePermission(context, null, 'browseUserInfo');
  const id = call.positional[0];
  const principal = typeof id === 'number' ? findPrincipal(context.state, id) : undefined;
  if (principal === undefined || principal.kind === 'site-group') {
    throw notFound('User cannot be found.');
  }
  return spJson(context.meta, 200, memberJson(context, principal));
}

/**
 * The site's regional settings: en-US (LCID 1033) and UTC. What the emulator reads the dates of
 * validate-method form values in (SP.RegionalSettings,
 * https://learn.microsoft.com/en-us/previous-versions/office/sharepoint-server/jj167664(v=office.15)).
 * A real Bodø site would likely have nb-NO and W. Europe time: not modelled.
 */
function regionalSettings(context: GraphContext, part: string | undefined): Response {
  const timeZone = {
    Description: '(UTC) Coordinated Universal Time',
    Id: 39,
    Information: { Bias: 0, DaylightBias: 0, StandardBias: 0 },
  };
  if (part?.toLowerCase() === 'timezone') return spJson(context.meta, 200, timeZone);
  if (part !== undefined) throw notSupported(`regionalsettings/${part}`);
  return spJson(context.meta, 200, {
    AdjustHijriDays: 0,
    AlternateCalendarType: 0,
    AM: 'AM',
    CalendarType: 1,
    Collation: 25,
    DateFormat: 0,
    DateSeparator: '/',
    DecimalSeparator: '.',
    DigitGrouping: '3;0',
    FirstDayOfWeek: 0,
    IsEastAsia: false,
    IsRightToLeft: false,
    IsUIRightToLeft: false,
    ListSeparator: ',',
    LocaleId: SITE_LOCALE_ID,
    NegativeSign: '-',
    PM: 'PM',
    PositiveSign: '',
    ShowWeeks: false,
    ThousandSeparator: ',',
    Time24: false,
    TimeSeparator: ':',
  });
}

function notSupported(path: string): GraphError {
  return notFound(`The emulator does not implement '_api/web/${path}'.`);
}

/** Dispatches `_api/...` (the segments after `_api`). */
export async function handleSharePointRest(
  context: GraphContext,
  segments: readonly string[],
): Promise<Response> {
  const accept = context.request.headers.get('accept') ?? '';
  if (/odata\s*=\s*verbose/i.test(accept)) {
    throw spError(
      406,
      codes.invalidOperation,
      'The emulator answers JSON light only: send Accept: application/json;odata=nometadata.',
    );
  }
  const method = effectiveMethod(context.request);
  const [root, ...rest] = segments;
  if (root !== undefined && isComplianceSegment(root)) {
    return complianceRoute(context, method, segments);
  }
  if (root?.toLowerCase() !== 'web') throw notSupported(segments.join('/'));
  const [first, second, ...more] = rest;

  if (first === undefined) {
    if (method !== 'GET') throw methodNotAllowed();
    return spJson(context.meta, 200, webJson(context));
  }
  const name = first.toLowerCase();
  const listPath = resolveListPath(context, rest);
  if (listPath !== null) return listRoute(context, method, listPath.list, listPath.rest);

  if (name === 'lists' && second === undefined && method === 'GET') {
    return spJson(context.meta, 200, {
      value: context.state.data.site.lists
        .filter((list) => can(context.state, context.caller, list, 'viewListItems'))
        .map((list) => listJson(context, list)),
    });
  }
  if (name === 'currentuser' && second === undefined && method === 'GET') {
    return spJson(
      context.meta,
      200,
      memberJson(context, ensureUserPrincipal(context.state, context.caller)),
    );
  }
  if (name === 'roledefinitions' && second === undefined) {
    if (method === 'GET') {
      return spJson(context.meta, 200, {
        value: context.state.data.site.roleDefinitions.map(roleDefinitionJson),
      });
    }
    if (method === 'POST') return createRoleDefinition(context);
    throw methodNotAllowed();
  }
  if (name === 'roledefinitions' && second !== undefined && more.length === 0) {
    return roleDefinitionRoute(context, method, second);
  }
  if (/^roledefinitions\(/i.test(first) && second === undefined) {
    return roleDefinitionRoute(context, method, first);
  }
  if (name.startsWith('ensureuser') && second === undefined && method === 'POST') {
    return ensureUser(context, name === 'ensureuser' ? null : requireCall(first, context.url));
  }
  if (name === 'roleassignments' && method === 'GET') {
    return listRoleAssignments(context, null, second === undefined ? [] : [second]);
  }
  if (method === 'GET' && more.length === 0) {
    // getuserbyid(7), siteusers(7), siteusers/getbyid(7): one entry of the site's user list.
    const byId =
      second === undefined && /^(getuserbyid|siteusers)\(/i.test(first)
        ? requireCall(first, context.url)
        : name === 'siteusers' && second !== undefined && /^getbyid\(/i.test(second)
          ? requireCall(second, context.url)
          : null;
    if (byId !== null) return siteUserById(context, byId);
  }
  if (name === 'regionalsettings' && method === 'GET' && more.length === 0) {
    return regionalSettings(context, second);
  }
  if (name === 'siteusers' && second === undefined && method === 'GET') {
    return spJson(context.meta, 200, {
      value: context.state.data.site.principals
        .filter((principal) => principal.kind !== 'site-group')
        .map((principal) => memberJson(context, principal)),
    });
  }
  if (name === 'sitegroups' && second === undefined && method === 'GET') {
    return spJson(context.meta, 200, {
      value: context.state.data.site.principals
        .filter((principal) => principal.kind === 'site-group')
        .map((principal) => memberJson(context, principal)),
    });
  }
  if (second === undefined && method === 'GET') {
    if (name === 'associatedownergroup') return siteGroup(context, 'owners');
    if (name === 'associatedmembergroup') return siteGroup(context, 'members');
    if (name === 'associatedvisitorgroup') return siteGroup(context, 'visitors');
  }
  throw notSupported(rest.join('/'));
}
