/**
 * JSON `$batch` (https://learn.microsoft.com/graph/json-batching): up to 20
 * sub-requests per POST, each answered on its own, in any order.
 *
 * Algorithm: sub-requests are packed into chunks of at most 20, keeping each
 * `dependsOn` group in one chunk (Graph refuses references across batches).
 * Every sub-response is parsed on its own and matched to its request by `id`
 * (Graph may list them in any order). An idempotent sub-request answered
 * 429/502/503/504 is re-sent in a later round, after the longest `Retry-After` of
 * that round (or jittered backoff), together with the sub-requests that failed
 * 424 only because they depended on it; everything else is final. Rounds stop
 * after the retry policy's attempt count, or when a `Retry-After` exceeds its cap.
 */
import { z } from 'zod';
import { GraphError } from './errors.ts';
import type { GraphClient } from './graph-client.ts';
import { isIdempotent, type HttpMethod } from './http-pipeline.ts';
import { graphErrorFor, parseBody } from './http-response.ts';
import { retryableStatuses } from './retry-policy.ts';

/** Graph's limit of sub-requests in one `$batch`. */
export const MAX_BATCH_SIZE = 20;

export interface BatchRequest {
  /** Unique within one call; defaults to the request's position. Needed only for `dependsOn`. */
  readonly id?: string;
  readonly method: HttpMethod;
  /** Relative to the versioned root (`/users/x/manager`), or an absolute nextLink under it. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** A JSON body. */
  readonly body?: unknown;
  /** Ids of requests in the same call that must succeed first (sent in the same batch). */
  readonly dependsOn?: readonly string[];
  /** POST only: the caller made it safe to re-send (see `isIdempotent`). */
  readonly idempotent?: boolean;
}

export type BatchResult<T> =
  | {
      readonly ok: true;
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: T;
    }
  | { readonly ok: false; readonly error: GraphError };

export interface BatchOptions {
  readonly scopes: readonly string[];
  /** Sub-requests per `$batch`; at most (and by default) 20. */
  readonly maxPerBatch?: number;
  /** `$batch` POSTs in flight at once. Default 1: SharePoint throttles per user. */
  readonly concurrency?: number;
}

const subResponseSchema = z.object({
  id: z.string(),
  status: z.number().int(),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.unknown().optional(),
});

const batchResponseSchema = z.object({ responses: z.array(subResponseSchema) });

interface Pending {
  readonly index: number;
  readonly id: string;
  readonly request: BatchRequest;
  readonly idempotent: boolean;
}

function header(headers: Readonly<Record<string, string>> | undefined, name: string) {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() === wanted) return value;
  }
  return null;
}

/** Packs requests into chunks of at most `size`, keeping `dependsOn` groups together and in order. */
export function packChunks<
  P extends { readonly id: string; readonly dependsOn: readonly string[] },
>(pending: readonly P[], size: number): P[][] {
  const parent = new Map<string, string>(pending.map((item) => [item.id, item.id]));
  const find = (id: string): string => {
    let current = id;
    for (
      let up = parent.get(current);
      up !== undefined && up !== current;
      up = parent.get(current)
    ) {
      current = up;
    }
    return current;
  };
  for (const item of pending) {
    for (const dependency of item.dependsOn) {
      if (parent.has(dependency)) parent.set(find(item.id), find(dependency));
    }
  }
  const groups = new Map<string, P[]>();
  for (const item of pending) {
    const root = find(item.id);
    const group = groups.get(root) ?? [];
    group.push(item);
    groups.set(root, group);
  }
  const chunks: P[][] = [];
  let current: P[] = [];
  for (const group of groups.values()) {
    if (group.length > size) {
      throw new Error(`A dependsOn group of ${group.length} requests does not fit one $batch.`);
    }
    if (current.length + group.length > size) {
      chunks.push(current);
      current = [];
    }
    current.push(...group);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

async function inPool<I>(items: readonly I[], limit: number, run: (item: I) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) {
      const item = items[index];
      if (item !== undefined) await run(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

export async function sendBatch<T>(
  graph: GraphClient,
  requests: readonly BatchRequest[],
  schema: z.ZodType<T>,
  options: BatchOptions,
): Promise<BatchResult<T>[]> {
  const size = Math.min(MAX_BATCH_SIZE, Math.max(1, options.maxPerBatch ?? MAX_BATCH_SIZE));
  const policy = graph.retryPolicy;
  const results: (BatchResult<T> | undefined)[] = requests.map(() => undefined);
  const all: Pending[] = requests.map((request, index) => ({
    index,
    id: request.id ?? String(index + 1),
    request,
    idempotent: isIdempotent(
      request.method,
      new Headers(request.headers),
      request.idempotent ?? false,
    ),
  }));
  if (new Set(all.map((item) => item.id)).size !== all.length) {
    throw new Error('Batch request ids must be unique.');
  }

  let pending = all;
  for (let round = 1; pending.length > 0; round += 1) {
    const lastRound = round >= policy.maxAttempts;
    const retry = new Set<string>();
    const failedDependency: Pending[] = [];
    let waitMs = 0;
    const pendingIds = new Set(pending.map((item) => item.id));
    const chunks = packChunks(
      pending.map((item) => ({
        ...item,
        // A dependency that succeeded in an earlier round is no longer in this batch.
        dependsOn: (item.request.dependsOn ?? []).filter((id) => pendingIds.has(id)),
      })),
      size,
    );

    await inPool(chunks, options.concurrency ?? 1, async (chunk) => {
      let responses: z.infer<typeof subResponseSchema>[];
      try {
        const body = await graph.request('POST', '/$batch', batchResponseSchema, {
          scopes: options.scopes,
          idempotent: chunk.every((item) => item.idempotent),
          body: {
            requests: chunk.map((item) => ({
              id: item.id,
              method: item.request.method,
              url: graph.relativePath(item.request.path),
              ...(item.dependsOn.length > 0 ? { dependsOn: item.dependsOn } : {}),
              ...(item.request.body === undefined
                ? item.request.headers
                  ? { headers: item.request.headers }
                  : {}
                : {
                    headers: { 'Content-Type': 'application/json', ...item.request.headers },
                    body: item.request.body,
                  }),
            })),
          },
        });
        responses = body.responses;
      } catch (error) {
        const failure =
          error instanceof GraphError
            ? error
            : new GraphError('unknown', error instanceof Error ? error.message : String(error));
        for (const item of chunk) results[item.index] = { ok: false, error: failure };
        return;
      }

      const byId = new Map(responses.map((response) => [response.id, response]));
      for (const item of chunk) {
        const response = byId.get(item.id);
        const what = `Graph $batch ${item.request.method} (${item.id})`;
        if (response === undefined) {
          results[item.index] = {
            ok: false,
            error: new GraphError('invalid-response', `${what}: no sub-response.`),
          };
          continue;
        }
        const headers = response.headers ?? {};
        const headerReader = { get: (name: string) => header(headers, name) };
        if (response.status >= 200 && response.status < 300) {
          try {
            results[item.index] = {
              ok: true,
              status: response.status,
              headers,
              body: parseBody(schema, response.body, what),
            };
          } catch (error) {
            if (!(error instanceof GraphError)) throw error;
            results[item.index] = { ok: false, error };
          }
          continue;
        }
        const error = graphErrorFor(response.status, headerReader, response.body, policy, what);
        results[item.index] = { ok: false, error };
        if (response.status === 424) {
          failedDependency.push(item);
          continue;
        }
        if (!retryableStatuses.has(response.status) || !item.idempotent || lastRound) continue;
        if (error.retryAfterMs !== undefined && error.retryAfterMs > policy.maxRetryAfterMs)
          continue;
        retry.add(item.id);
        waitMs = Math.max(
          waitMs,
          policy.delayMs(round, error.retryAfterMs, response.status === 429),
        );
      }
    });

    // A request that failed only because its dependency was throttled goes again with it.
    for (let grew = true; grew;) {
      grew = false;
      for (const item of failedDependency) {
        if (retry.has(item.id)) continue;
        if ((item.request.dependsOn ?? []).some((id) => retry.has(id))) {
          retry.add(item.id);
          grew = true;
        }
      }
    }

    pending = all.filter((item) => retry.has(item.id));
    if (pending.length > 0) await policy.sleep(waitMs);
  }

  return results.map(
    (result) =>
      result ?? { ok: false, error: new GraphError('invalid-response', 'No $batch result.') },
  );
}
