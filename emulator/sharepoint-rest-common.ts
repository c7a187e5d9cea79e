/**
 * What every SharePoint REST (`<site>/_api/...`) route shares: JSON light (`odata=nometadata`)
 * responses, errors as `{ "odata.error": { code, message: { lang, value } } }` with SharePoint's
 * codes, function-call segments (`getbytitle('x')`, `items(5)`, `f(a=1)?@a=...`) and the
 * permission check.
 */
import { z } from 'zod';
import type { DirectoryPerson } from './directory-data.ts';
import type { EmulatorState, GraphContext } from './emulator-context.ts';
import type { ListData, PrincipalData } from './emulator-data.ts';
import { GraphError, type JsonValue, type ResponseMeta } from './graph-response.ts';
import { can, type SpPermissionName } from './sharepoint-permissions.ts';

export const SP_JSON_CONTENT_TYPE =
  'application/json;odata=nometadata;streaming=true;charset=utf-8';

export const codes = {
  accessDenied: '-2147024891, System.UnauthorizedAccessException',
  argument: '-1, System.ArgumentException',
  spException: '-2146232832, Microsoft.SharePoint.SPException',
  invalidOperation: '-1, Microsoft.SharePoint.Client.InvalidClientQueryException',
} as const;

export function spError(status: number, code: string, message: string): GraphError {
  return new GraphError(status, code, message);
}

export function accessDenied(): GraphError {
  return spError(
    403,
    codes.accessDenied,
    'Access denied. You do not have permission to perform this action or access this resource.',
  );
}

export function badRequest(message: string): GraphError {
  return spError(400, codes.invalidOperation, message);
}

export function notFound(message: string): GraphError {
  return spError(404, codes.argument, message);
}

export function sharePointErrorResponse(meta: ResponseMeta, error: GraphError): Response {
  return spJson(
    meta,
    error.status,
    { 'odata.error': { code: error.code, message: { lang: 'en-US', value: error.message } } },
    error.headers,
  );
}

export function spJson(
  meta: ResponseMeta,
  status: number,
  body: JsonValue,
  headers: Readonly<Record<string, string>> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'content-type': SP_JSON_CONTENT_TYPE,
      'cache-control': 'private, max-age=0',
      'x-content-type-options': 'nosniff',
      sprequestguid: meta.requestId,
      'request-id': meta.requestId,
      'client-request-id': meta.clientRequestId,
      ...headers,
    },
  });
}

export function noContent(meta: ResponseMeta): Response {
  return new Response(null, {
    status: 204,
    headers: { sprequestguid: meta.requestId, 'request-id': meta.requestId },
  });
}

/** What SharePoint answers for a method that returns nothing. */
export function odataNull(meta: ResponseMeta): Response {
  return spJson(meta, 200, { 'odata.null': true });
}

// --- function-call segments: getbytitle('x'), addroleassignment(principalid=1,roledefid=2) ----

export type CallValue = string | number | boolean;

export interface Call {
  readonly name: string;
  readonly positional: readonly CallValue[];
  readonly named: ReadonlyMap<string, CallValue>;
}

export function parseLiteral(text: string, url: URL): CallValue | undefined {
  const trimmed = text.trim();
  const quoted = /^(?:guid)?'((?:[^']|'')*)'$/i.exec(trimmed);
  if (quoted?.[1] !== undefined) return quoted[1].replace(/''/g, "'");
  if (/^-?\d+$/.test(trimmed)) return Number(trimmed);
  if (/^(true|false)$/i.test(trimmed)) return trimmed.toLowerCase() === 'true';
  if (trimmed.startsWith('@')) {
    // Parameter aliases: getbytitle(@t)?@t='Title'
    const aliased = url.searchParams.get(trimmed);
    return aliased === null ? undefined : parseLiteral(aliased, url);
  }
  return undefined;
}

export function splitArguments(text: string): readonly string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const character of text) {
    if (character === "'") quoted = !quoted;
    if (character === ',' && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += character;
    }
  }
  if (current.trim() !== '' || parts.length > 0) parts.push(current);
  return parts;
}

export function parseCall(segment: string, url: URL): Call | null {
  const match = /^([A-Za-z]+)(?:\((.*)\))?$/s.exec(segment);
  if (match?.[1] === undefined) return null;
  const positional: CallValue[] = [];
  const named = new Map<string, CallValue>();
  for (const part of splitArguments(match[2] ?? '')) {
    const assignment = /^\s*([A-Za-z]+)\s*=(.*)$/s.exec(part);
    const value = parseLiteral(assignment?.[2] ?? part, url);
    if (value === undefined) return null;
    if (assignment?.[1] === undefined) positional.push(value);
    else named.set(assignment[1].toLowerCase(), value);
  }
  return { name: match[1].toLowerCase(), positional, named };
}

export function requireCall(segment: string, url: URL): Call {
  const call = parseCall(segment, url);
  if (call === null) throw badRequest(`The expression "${segment}" is not valid.`);
  return call;
}

export function argument(call: Call, name: string, index: number): CallValue | undefined {
  return call.named.get(name) ?? call.positional[index];
}

export function requirePermission(
  context: GraphContext,
  list: ListData | null,
  permission: SpPermissionName,
): void {
  if (!can(context.state, context.caller, list, permission)) throw accessDenied();
}

export const metadataField = z.unknown().optional();

export function methodNotAllowed(): GraphError {
  return spError(405, codes.invalidOperation, 'The HTTP method is not allowed for this resource.');
}

/** POST with `X-HTTP-Method: MERGE` (or PATCH/DELETE/PUT) is that method, as in SharePoint. */
export function effectiveMethod(request: Request): string {
  const tunnelled = request.headers.get('x-http-method')?.trim().toUpperCase();
  return request.method.toUpperCase() === 'POST' && tunnelled !== undefined && tunnelled !== ''
    ? tunnelled
    : request.method.toUpperCase();
}

// --- people ---------------------------------------------------------------------------------

/**
 * The directory person a user logon name names: `i:0#.f|membership|<upn>`, or a bare UPN or
 * e-mail address (as ensureuser and people fields accept them). Groups are not people.
 */
export function personForLogonName(
  state: EmulatorState,
  logonName: string,
): DirectoryPerson | undefined {
  const lower = logonName.trim().toLowerCase();
  const upn =
    /^i:0#\.f\|membership\|(.+)$/.exec(lower)?.[1] ?? (lower.includes('|') ? null : lower);
  if (upn === null || upn === '') return undefined;
  return state.directory.people.find(
    (candidate) =>
      candidate.userPrincipalName.toLowerCase() === upn || candidate.mail.toLowerCase() === upn,
  );
}

/** A site user as SharePoint shows it: from the directory, or what the user list remembers. */
export interface SiteUserView {
  readonly id: number;
  readonly title: string;
  readonly email: string;
  readonly userPrincipalName: string;
  readonly loginName: string;
  /** The person, while they are still in the directory. */
  readonly person: DirectoryPerson | undefined;
}

export function siteUserView(
  state: EmulatorState,
  principal: Extract<PrincipalData, { kind: 'user' }>,
): SiteUserView {
  const person = state.directory.people.find((candidate) => candidate.id === principal.personId);
  const upn = person?.userPrincipalName ?? principal.userPrincipalName ?? principal.personId;
  return {
    id: principal.id,
    title: person?.displayName ?? principal.title ?? upn,
    email: person?.mail ?? principal.email ?? '',
    userPrincipalName: upn,
    loginName: `i:0#.f|membership|${upn}`,
    person,
  };
}

// --- lists and items ------------------------------------------------------------------------

/** The site's locale for parsing form values: en-US (see regionalsettings in sharepoint-rest.ts). */
export const SITE_LOCALE_ID = 1033;

/** The list's root folder, server-relative: `/sites/x/Lists/<URL name>`. */
export function listServerRelativeUrl(context: GraphContext, list: ListData): string {
  return `${context.state.config.site.path}/Lists/${list.name}`;
}

/** SharePoint's answer for an item that does not exist, or that the caller may not see. */
export function itemDoesNotExist(): GraphError {
  return spError(
    404,
    '-2147024809, System.ArgumentException',
    'Item does not exist. It may have been deleted by another user.',
  );
}
