/**
 * JSON batching (`POST /$batch`): up to 20 requests, each run through the same routing,
 * authentication (the batch's token), permissions and fault injection as a request of its own,
 * so one can come back 429 while the others succeed. `dependsOn` runs a request only after its
 * dependencies, and answers 424 when one of them failed.
 */
import { z } from 'zod';
import {
  badRequest,
  GraphError,
  jsonResponse,
  type JsonValue,
  type ResponseMeta,
} from './graph-response.ts';
import { readBody } from './request-body.ts';

export const MAX_BATCH_REQUESTS = 20;

const batchSchema = z.strictObject({
  requests: z.array(
    z.strictObject({
      id: z.string().min(1),
      method: z
        .string()
        .transform((value) => value.toUpperCase())
        .pipe(z.enum(['GET', 'POST', 'PATCH', 'PUT', 'DELETE'])),
      url: z.string().min(1),
      headers: z.record(z.string(), z.string()).optional(),
      body: z.unknown().optional(),
      dependsOn: z.array(z.string()).optional(),
    }),
  ),
});

type BatchRequest = z.infer<typeof batchSchema>['requests'][number];

/** How a sub-request went: a response, or a connection the fault injector dropped. */
export type SubResult =
  { readonly kind: 'response'; readonly response: Response } | { readonly kind: 'dropped' };

export interface BatchOutcome {
  readonly response: Response;
  /** A sub-request was performed and then dropped: the whole batch response is lost. */
  readonly dropped: boolean;
}

// Graph spells these headers this way in a batch response; clients look them up by name.
const keptHeaders: Readonly<Record<string, string>> = {
  'content-type': 'Content-Type',
  'cache-control': 'Cache-Control',
  'odata-version': 'OData-Version',
  'retry-after': 'Retry-After',
  location: 'Location',
  etag: 'ETag',
  'preference-applied': 'Preference-Applied',
};

function validate(requests: readonly BatchRequest[]): void {
  if (requests.length === 0) throw badRequest('Invalid batch payload format: no requests.');
  if (requests.length > MAX_BATCH_REQUESTS) {
    throw badRequest(
      `Too many requests in the batch: ${requests.length}. The limit is ${MAX_BATCH_REQUESTS}.`,
    );
  }
  const seen: string[] = [];
  for (const request of requests) {
    const id = request.id.toLowerCase();
    if (seen.includes(id)) throw badRequest(`Duplicate request id '${request.id}' in the batch.`);
    for (const dependency of request.dependsOn ?? []) {
      if (!seen.includes(dependency.toLowerCase())) {
        throw badRequest(
          `Request '${request.id}' depends on '${dependency}', which is not an earlier request of the batch.`,
        );
      }
    }
    seen.push(id);
    if (/^[a-z][a-z0-9+.-]*:/i.test(request.url)) {
      throw badRequest(`Request '${request.id}': the url must be relative, e.g. '/me'.`);
    }
    const hasContentType = Object.keys(request.headers ?? {}).some(
      (name) => name.toLowerCase() === 'content-type',
    );
    if (request.body !== undefined && !hasContentType) {
      throw badRequest(
        `Request '${request.id}': a Content-Type header is required when a body is specified.`,
      );
    }
  }
}

async function toBatchResponse(id: string, response: Response): Promise<JsonValue> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    const kept = keptHeaders[name.toLowerCase()];
    if (kept !== undefined) headers[kept] = value;
  });
  const text = await response.text();
  const entry: Record<string, JsonValue> = { id, status: response.status, headers };
  if (text !== '') {
    const isJson = (response.headers.get('content-type') ?? '').includes('json');
    if (isJson) {
      const body: unknown = JSON.parse(text);
      entry['body'] = toJsonValue(body);
    } else {
      entry['body'] = text;
    }
  }
  return entry;
}

function toJsonValue(value: unknown): JsonValue {
  if (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean'
  ) {
    return value;
  }
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, toJsonValue(inner)]),
    );
  }
  return null;
}

export async function runBatch(options: {
  readonly request: Request;
  readonly meta: ResponseMeta;
  /** Graph's root as the client addressed it, e.g. `https://host/graph/v1.0`. */
  readonly graphRoot: string;
  readonly run: (request: Request) => Promise<SubResult>;
}): Promise<BatchOutcome> {
  const { request, meta, graphRoot } = options;
  const input = await readBody(request, batchSchema, (message) =>
    badRequest(`Invalid batch payload format: ${message}`),
  );
  validate(input.requests);

  const authorization = request.headers.get('authorization');
  const failed = new Set<string>();
  const responses: JsonValue[] = [];
  let dropped = false;
  for (const entry of input.requests) {
    const dependency = (entry.dependsOn ?? []).find((id) => failed.has(id.toLowerCase()));
    if (dependency !== undefined) {
      failed.add(entry.id.toLowerCase());
      responses.push({
        id: entry.id,
        status: 424,
        headers: { 'Content-Type': 'application/json' },
        body: {
          error: {
            code: 'FailedDependency',
            message: `The request depends on request '${dependency}', which failed.`,
          },
        },
      });
      continue;
    }
    if (/^\/?\$batch(\?|$)/i.test(entry.url)) {
      throw new GraphError(400, 'BadRequest', 'A batch cannot contain another $batch request.');
    }
    const headers = new Headers(entry.headers ?? {});
    // The batch's own token authenticates every request in it.
    headers.delete('authorization');
    if (authorization !== null) headers.set('authorization', authorization);
    const body =
      entry.body === undefined
        ? null
        : typeof entry.body === 'string' && !(headers.get('content-type') ?? '').includes('json')
          ? entry.body
          : JSON.stringify(entry.body);
    const path = entry.url.startsWith('/') ? entry.url : `/${entry.url}`;
    const result = await options.run(
      new Request(`${graphRoot}${path}`, { method: entry.method, headers, body }),
    );
    if (result.kind === 'dropped') {
      dropped = true;
      failed.add(entry.id.toLowerCase());
      continue;
    }
    if (result.response.status >= 400) failed.add(entry.id.toLowerCase());
    responses.push(await toBatchResponse(entry.id, result.response));
  }
  return { response: jsonResponse(meta, 200, { responses }), dropped };
}
