/**
 * The smoke run's own Graph calls: the same pipeline as the product (token → retry → fetch,
 * src/m365/http-pipeline.ts), but an answer is recorded, not thrown, because its status and
 * headers are what the run reports. Non-idempotent calls (sendMail, creating an item) are sent
 * once: a 429 is evidence, not something to wait out.
 */
import { GRAPH_VERSION } from '../../../src/m365/graph-client.ts';
import {
  fetchMiddleware,
  isIdempotent,
  retryMiddleware,
  runPipeline,
  tokenMiddleware,
  type FetchLike,
  type HttpMethod,
} from '../../../src/m365/http-pipeline.ts';
import { errorBodyFacts, readJsonBody } from '../../../src/m365/http-response.ts';
import { GraphError } from '../../../src/m365/errors.ts';
import type { RetryPolicy } from '../../../src/m365/retry-policy.ts';
import type { TokenSource } from '../../../src/m365/token-source.ts';

/** Time for the run: the real clock, or a manual one in tests (sleeping moves it). */
export interface SmokeClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: SmokeClock = {
  now: () => Date.now(),
  sleep: (ms) =>
    new Promise((resolve) => {
      setTimeout(resolve, ms);
    }),
};

/** One answered (or unanswered) call. */
export interface ProbeResult {
  readonly method: HttpMethod;
  /** Relative to the versioned root, without the query. */
  readonly path: string;
  /** 0 when no HTTP answer came. */
  readonly status: number;
  readonly ok: boolean;
  /** Graph's or SharePoint's error code, when the body has one. */
  readonly code: string | undefined;
  readonly message: string | undefined;
  /** The answer's `Retry-After`, as sent. */
  readonly retryAfter: string | null;
  readonly requestId: string | null;
  readonly body: unknown;
}

export interface ProbeOptions {
  readonly scopes: readonly string[];
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string>>;
}

export type Probe = (
  method: HttpMethod,
  path: string,
  options: ProbeOptions,
) => Promise<ProbeResult>;

/** Query values encoded as the product's Graph client does (OData stays readable). */
function encodeQueryValue(value: string): string {
  return encodeURIComponent(value).replace(/%2C/g, ',').replace(/%2F/g, '/').replace(/%24/g, '$');
}

export function createProbe(
  fetchFn: FetchLike,
  graphRoot: string,
  tokenSource: TokenSource,
  policy: RetryPolicy,
): Probe {
  const root = graphRoot.replace(/\/+$/, '');
  const middlewares = [
    tokenMiddleware(tokenSource, root),
    retryMiddleware(policy),
    fetchMiddleware(fetchFn, 60_000),
  ];
  return async (method, path, options) => {
    const search = Object.entries(options.query ?? {})
      .map(([name, value]) => `${name}=${encodeQueryValue(value)}`)
      .join('&');
    const url = `${root}/${GRAPH_VERSION}${path}${search === '' ? '' : `?${search}`}`;
    const headers = new Headers(options.headers);
    headers.set('Accept', 'application/json');
    let body: string | undefined;
    if (options.body !== undefined) {
      headers.set('Content-Type', 'application/json');
      body = JSON.stringify(options.body);
    }
    const bare = path.split('?')[0] ?? path;
    let response: Response;
    try {
      response = await runPipeline(middlewares, {
        method,
        url,
        headers,
        body,
        scopes: options.scopes,
        idempotent: isIdempotent(method, headers),
      });
    } catch (error) {
      if (!(error instanceof GraphError) || error.kind !== 'network') throw error;
      return {
        method,
        path: bare,
        status: 0,
        ok: false,
        code: 'network',
        message: error.message,
        retryAfter: null,
        requestId: null,
        body: undefined,
      };
    }
    const parsed = await readJsonBody(response);
    const facts = response.ok ? {} : errorBodyFacts(parsed);
    return {
      method,
      path: bare,
      status: response.status,
      ok: response.ok,
      code: facts.code,
      message: facts.message,
      retryAfter: response.headers.get('retry-after'),
      requestId: response.headers.get('request-id'),
      body: parsed,
    };
  };
}

/** `403 ErrorAccessDenied`, `200`, `no answer`: a status as the table shows it. */
export function statusText(result: Pick<ProbeResult, 'status' | 'code'>): string {
  if (result.status === 0) return 'no answer';
  return result.code === undefined ? String(result.status) : `${result.status} ${result.code}`;
}

/** The same for a thrown product error. */
export function errorText(error: unknown): string {
  if (error instanceof GraphError) {
    if (error.status === undefined || error.status === 0) return error.kind;
    return error.code === undefined ? String(error.status) : `${error.status} ${error.code}`;
  }
  if (error instanceof RangeError) return `refused before sending: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
