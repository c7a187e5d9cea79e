import { z } from 'zod';
import type { GraphEmulator } from '../../emulator/graph-emulator.ts';

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
