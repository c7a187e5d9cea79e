import { z } from 'zod';
import type { GraphEmulator } from '../../emulator/graph-emulator.ts';
import { APP_REGISTRATION_SCOPES } from '../../emulator/oauth-scopes.ts';

export const ORIGIN = 'https://graph.emulator.test';
export const GRAPH = `${ORIGIN}/graph/v1.0`;

export const graphErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    innerError: z.object({
      date: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/),
      'request-id': z.string().min(1),
      'client-request-id': z.string().min(1),
    }),
  }),
});

export const tokenResponseSchema = z.object({
  token_type: z.literal('Bearer'),
  access_token: z.string().min(1),
  expires_in: z.number(),
});

export const userSchema = z.object({
  '@odata.context': z.string().optional(),
  '@odata.type': z.string().optional(),
  id: z.string(),
  displayName: z.string(),
  givenName: z.string(),
  surname: z.string(),
  jobTitle: z.string(),
  mail: z.string(),
  userPrincipalName: z.string(),
  officeLocation: z.string(),
  businessPhones: z.array(z.string()),
  mobilePhone: z.string().nullable(),
  preferredLanguage: z.string().nullable(),
});

export const looseObjectSchema = z.record(z.string(), z.unknown());

export function collectionSchema<T extends z.ZodType>(item: T) {
  return z.object({
    '@odata.context': z.string(),
    '@odata.count': z.number().optional(),
    '@odata.nextLink': z.string().optional(),
    value: z.array(item),
  });
}

export const groupSchema = z.object({
  '@odata.type': z.literal('#microsoft.graph.group'),
  id: z.string(),
  displayName: z.string(),
  description: z.string().nullable(),
  mailEnabled: z.boolean(),
  securityEnabled: z.boolean(),
});

export async function readJson<T extends z.ZodType>(
  response: Response,
  schema: T,
): Promise<z.infer<T>> {
  const body: unknown = await response.json();
  return schema.parse(body);
}

export async function requestToken(
  emulator: GraphEmulator,
  userId: string,
  origin = ORIGIN,
): Promise<string> {
  const response = await emulator.handle(
    new Request(`${origin}/_emulator/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId }),
    }),
  );
  if (response.status !== 200) throw new Error(`token request answered ${response.status}`);
  return (await readJson(response, tokenResponseSchema)).access_token;
}

/** GET a Graph path (relative to `/graph/v1.0`) or an absolute URL as `token`'s user. */
export function graphGet(
  emulator: GraphEmulator,
  token: string | null,
  pathOrUrl: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${GRAPH}${pathOrUrl}`;
  return emulator.handle(
    new Request(url, {
      headers: token === null ? headers : { authorization: `Bearer ${token}`, ...headers },
    }),
  );
}

/** A signed-in user's view of the emulator: Graph calls relative to `/graph/v1.0`, SharePoint REST relative to the site. */
export interface EmulatorClient {
  readonly token: string;
  readonly userId: string;
  /** Graph: `path` relative to `/graph/v1.0`, or an absolute URL (a nextLink). */
  call(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response>;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  /** SharePoint REST: `path` relative to the site URL, e.g. `/_api/web/roledefinitions`. */
  sp(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response>;
}

/**
 * The emulator's own tests act through a broad delegated token, as an administrator's tool
 * (Graph Explorer, PowerShell) has: the app's scopes plus managing lists, writing mail and
 * reading teams. What each route needs is tested on its own (scopes.test.ts).
 */
export const BROAD_SCOPES: readonly string[] = [
  ...APP_REGISTRATION_SCOPES,
  'Sites.Manage.All',
  'Mail.ReadWrite',
  'Mail.ReadWrite.Shared',
  'Team.ReadBasic.All',
  'Channel.ReadBasic.All',
];

export async function clientFor(
  emulator: GraphEmulator,
  user: string,
  scopes: readonly string[] = BROAD_SCOPES,
): Promise<EmulatorClient> {
  const token = await emulator.issueToken(user, { scopes });
  // SharePoint REST takes a token for SharePoint's own resource, not Graph's.
  const sharePointToken = await emulator.issueToken(user, {
    scopes: [`${new URL(emulator.site.url).origin}/AllSites.FullControl`],
  });
  const me = await readJson(await graphGet(emulator, token, '/me'), userSchema);
  const send = (url: string, method: string, body: unknown, headers: Record<string, string>) =>
    emulator.handle(
      new Request(url, {
        method,
        headers: {
          authorization: `Bearer ${url.startsWith(emulator.site.url) ? sharePointToken : token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? null : JSON.stringify(body),
      }),
    );
  return {
    token,
    userId: me.id,
    call: (method, path, body, headers = {}) =>
      send(path.startsWith('http') ? path : `${GRAPH}${path}`, method, body, headers),
    get: (path, headers = {}) =>
      send(path.startsWith('http') ? path : `${GRAPH}${path}`, 'GET', undefined, headers),
    sp: (method, path, body, headers = {}) =>
      send(`${emulator.site.url}${path}`, method, body, {
        accept: 'application/json;odata=nometadata',
        ...headers,
      }),
  };
}

/** Reads a JSON body after checking the status, with the body in the failure message. */
export async function expectJson<T extends z.ZodType>(
  response: Response,
  status: number,
  schema: T,
): Promise<z.infer<T>> {
  const text = await response.text();
  if (response.status !== status) {
    throw new Error(`expected ${status}, got ${response.status}: ${text}`);
  }
  return schema.parse(JSON.parse(text));
}

export async function expectStatus(response: Response, status: number): Promise<void> {
  const text = await response.text();
  if (response.status !== status) {
    throw new Error(`expected ${status}, got ${response.status}: ${text}`);
  }
}

export const graphErrorCodeSchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});

export const spErrorSchema = z.object({
  'odata.error': z.object({
    code: z.string(),
    message: z.object({ lang: z.string(), value: z.string() }),
  }),
});

export const listItemSchema = z.object({
  id: z.string(),
  eTag: z.string(),
  createdDateTime: z.string(),
  lastModifiedDateTime: z.string(),
  createdBy: z.object({
    user: z.object({ id: z.string(), displayName: z.string(), email: z.string().nullable() }),
  }),
  fields: z.record(z.string(), z.unknown()).optional(),
});
