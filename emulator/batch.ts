/**
 * JSON batching (`POST /$batch`): up to 20 requests, each run through the same routing,
 * authentication (the batch's token), permissions and fault injection as a request of its own,
 * so one can come back 429 while the others succeed. `dependsOn` runs a request only after its
 * dependencies, and answers 424 when one of them failed. A dependency may be any other request of
 * the batch, earlier or later in the array (Graph's JSON batching page: `dependsOn` "references
 * the id of a different individual request"); a cycle or an unknown id is refused. Responses may
 * come back in another order than the requests ("Responses to the batched requests might appear
 * in a different order"): the fault controller's `batchOrder` decides.
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
  const ids = new Set<string>();
  for (const request of requests) {
    const id = request.id.toLowerCase();
    if (ids.has(id)) throw badRequest(`Duplicate request id '${request.id}' in the batch.`);
    ids.add(id);
  }
  for (const request of requests) {
    for (const dependency of request.dependsOn ?? []) {
      const target = dependency.toLowerCase();
      if (target === request.id.toLowerCase() || !ids.has(target)) {
        throw badRequest(
          `Request '${request.id}' depends on '${dependency}', which is not another request of the batch.`,
        );
      }
    }
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

/**
 * The order to run the requests in: each after its dependencies, otherwise as listed.
 * A cycle is refused (400), as nothing in it could run first.
 */
function executionOrder(requests: readonly BatchRequest[]): BatchRequest[] {
  const done = new Set<string>();
  const order: BatchRequest[] = [];
  let left = [...requests];
  while (left.length > 0) {
    const ready = left.filter((request) =>
      (request.dependsOn ?? []).every((id) => done.has(id.toLowerCase())),
    );
    const next = ready[0];
    if (next === undefined) {
      throw badRequest(
        `The dependsOn of requests ${left.map((request) => `'${request.id}'`).join(', ')} form a cycle.`,
      );
    }
    order.push(next);
    done.add(next.id.toLowerCase());
    left = left.filter((request) => request !== next);
  }
  return order;
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
  /** The order the responses are listed in (default: as run). */
  readonly orderResponses?: (responses: readonly JsonValue[]) => JsonValue[];
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
  for (const entry of executionOrder(input.requests)) {
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
  const listed = options.orderResponses?.(responses) ?? responses;
  return { response: jsonResponse(meta, 200, { responses: listed }), dropped };
}
