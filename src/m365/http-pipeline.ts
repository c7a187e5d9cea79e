/**
 * The request pipeline under the Graph client (and the provisioning script's
 * SharePoint REST client): token → retry → fetch, each a small middleware that
 * sees one typed call. See docs/decisions/008-own-graph-pipeline.md.
 */
import { GraphError } from './errors.ts';
import { retryableStatuses, type RetryPolicy } from './retry-policy.ts';
import type { TokenSource } from './token-source.ts';

/** `fetch`, or anything with its request → response shape (the emulator's `handle`). */
export type FetchLike = (request: Request) => Promise<Response>;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One HTTP call as the middlewares see it. */
export interface HttpCall {
  readonly method: HttpMethod;
  readonly url: string;
  readonly headers: Headers;
  readonly body: string | undefined;
  /** Delegated scopes the token must carry. */
  readonly scopes: readonly string[];
  /** Safe to send again when the outcome is unknown (see {@link isIdempotent}). */
  readonly idempotent: boolean;
}

export type Next = (call: HttpCall) => Promise<Response>;

export interface Middleware {
  handle(call: HttpCall, next: Next): Promise<Response>;
}

/**
 * GET, PUT and DELETE are idempotent by HTTP's definition; a PATCH only with
 * `If-Match` (a second PATCH fails with 412 instead of applying twice). A POST
 * never is, unless its caller made it so (a unique id, or a read-only action).
 */
export function isIdempotent(method: HttpMethod, headers: Headers, callerSays = false): boolean {
  if (method === 'GET' || method === 'PUT' || method === 'DELETE') return true;
  if (method === 'PATCH') return headers.has('if-match');
  return callerSays;
}

/**
 * Adds `Authorization: Bearer …` from our {@link TokenSource} to calls under
 * `root` and to nothing else, so a token never leaves for another origin (a
 * foreign nextLink, a URL someone passed as a cursor).
 */
export function tokenMiddleware(tokenSource: TokenSource, root: string): Middleware {
  return {
    async handle(call, next) {
      if (!isUnder(call.url, root)) return next(call);
      const token = await tokenSource.getAccessToken(call.scopes);
      const headers = new Headers(call.headers);
      headers.set('Authorization', `Bearer ${token}`);
      return next({ ...call, headers });
    },
  };
}

/**
 * Retries idempotent calls answered 429/502/503/504, or not answered at all.
 * `Retry-After` is honoured when the service gives one and the page may read
 * it (Graph's CORS hides it from browsers), else full-jitter exponential
 * backoff, from a longer base for 429. A `Retry-After` beyond the policy's cap ends the
 * retries at once: the response goes back to the caller, who reports
 * `throttled` with `retryAfterMs`. Non-idempotent calls pass through untouched.
 */
export function retryMiddleware(policy: RetryPolicy): Middleware {
  return {
    async handle(call, next) {
      if (!call.idempotent) return next(call);
      for (let attempt = 1; ; attempt += 1) {
        const last = attempt >= policy.maxAttempts;
        let response: Response;
        try {
          response = await next(call);
        } catch (error) {
          if (last) throw error;
          await policy.sleep(policy.backoffMs(attempt));
          continue;
        }
        if (!retryableStatuses.has(response.status) || last) return response;
        const retryAfterMs = policy.retryAfterMs(response.headers.get('retry-after'));
        if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) return response;
        // Drain the body so the connection is released before we wait.
        await response.arrayBuffer().catch(() => undefined);
        await policy.sleep(policy.delayMs(attempt, retryAfterMs, response.status === 429));
      }
    },
  };
}

/** The end of the chain: sends the call with `fetchFn`, bounded by `timeoutMs`. */
export function fetchMiddleware(fetchFn: FetchLike, timeoutMs: number): Middleware {
  return {
    async handle(call) {
      const request = new Request(call.url, {
        method: call.method,
        headers: call.headers,
        body: call.body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      let response: Response;
      try {
        response = await fetchFn(request);
      } catch (error) {
        // fetch rejects only when no HTTP answer came: offline, reset, aborted, timed out.
        const reason = error instanceof Error ? error.message : String(error);
        throw new GraphError('network', `No response from ${new URL(call.url).host}: ${reason}`, 0);
      }
      // A fetch-like function (the emulator's `handle`) may return a network error instead.
      if (response.type === 'error') {
        throw new GraphError(
          'network',
          `The connection to ${new URL(call.url).host} was dropped.`,
          0,
        );
      }
      return response;
    },
  };
}

/** Runs `call` through `middlewares` in order; the last one must answer. */
export function runPipeline(middlewares: readonly Middleware[], call: HttpCall): Promise<Response> {
  const step = (index: number): Next => {
    const middleware = middlewares[index];
    if (middleware === undefined) {
      return () => Promise.reject(new Error('The pipeline has no middleware that sends.'));
    }
    return (current) => middleware.handle(current, step(index + 1));
  };
  return step(0)(call);
}

/** True for `root` itself and anything below it (`root/…`, `root?…`), never `rootx/…`. */
export function isUnder(url: string, root: string): boolean {
  return url === root || url.startsWith(`${root}/`) || url.startsWith(`${root}?`);
}
