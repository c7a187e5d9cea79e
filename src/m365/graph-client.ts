import {
  Client,
  ResponseType,
  type Context,
  type Middleware as SdkMiddleware,
  type MiddlewareOptions,
} from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import { GraphError } from './errors.ts';
import {
  sendBatch,
  type BatchOptions,
  type BatchRequest,
  type BatchResult,
} from './graph-batch.ts';
import {
  fetchMiddleware,
  isIdempotent,
  isUnder,
  retryMiddleware,
  runPipeline,
  tokenMiddleware,
  type FetchLike,
  type HttpMethod,
  type Middleware,
} from './http-pipeline.ts';
import { graphErrorFor, parseBody, readJsonBody } from './http-response.ts';
import { createRetryPolicy, type RetryOptions, type RetryPolicy } from './retry-policy.ts';
import type { TokenSource } from './token-source.ts';

export type { BatchOptions, BatchRequest, BatchResult } from './graph-batch.ts';
export type { FetchLike, HttpMethod } from './http-pipeline.ts';

export const GRAPH_VERSION = 'v1.0';

/** Options of one Graph call. */
export interface GraphCallOptions {
  /** Delegated scopes this call needs; the token source is asked for exactly these. */
  readonly scopes: readonly string[];
  /** Extra headers: `If-Match`, `Prefer`, `ConsistencyLevel`, ... */
  readonly headers?: Readonly<Record<string, string>>;
  /** Query options, e.g. `{ $filter: "fields/StreamId eq 'x'", $top: '50' }`; values are encoded here. */
  readonly query?: Readonly<Record<string, string>>;
  /** A JSON body. */
  readonly body?: unknown;
  /**
   * POST only: the caller made this POST safe to repeat (a read-only action
   * such as `checkMemberGroups`), so the retry middleware may re-send it.
   */
  readonly idempotent?: boolean;
}

export interface GraphResponse<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

/** One page of a collection and the link to the next, if any. */
export interface GraphPage<T> {
  readonly items: T[];
  /** Absolute URL under this client's Graph root; pass it back to {@link GraphClient.page}. */
  readonly nextLink: string | undefined;
}

/** A Graph client bound to one Graph root and one token source. */
export interface GraphClient {
  /** The versioned root, e.g. `https://graph.microsoft.com/v1.0`. */
  readonly baseUrl: string;
  /** The retry policy every call of this client uses (shared with callers that loop themselves). */
  readonly retryPolicy: RetryPolicy;
  /** GET a Graph path (e.g. `/me`) and parse the JSON body with `schema`. */
  get<T>(
    path: string,
    schema: z.ZodType<T>,
    options: { scopes: readonly string[]; select?: readonly string[] },
  ): Promise<T>;
  /** Any method; returns the parsed body (undefined for 202/204, so use a schema that accepts it). */
  request<T>(
    method: HttpMethod,
    path: string,
    schema: z.ZodType<T>,
    options: GraphCallOptions,
  ): Promise<T>;
  /** As {@link request}, with the status and headers. */
  send<T>(
    method: HttpMethod,
    path: string,
    schema: z.ZodType<T>,
    options: GraphCallOptions,
  ): Promise<GraphResponse<T>>;
  /** GET one page of a collection: a path with query options, or a nextLink from an earlier page. */
  page<T>(
    pathOrNextLink: string,
    itemSchema: z.ZodType<T>,
    options: GraphCallOptions,
  ): Promise<GraphPage<T>>;
  /** GET every page of a collection, following `@odata.nextLink` (at most `maxPages`, default 100). */
  getAll<T>(
    path: string,
    itemSchema: z.ZodType<T>,
    options: GraphCallOptions & { maxPages?: number },
  ): Promise<T[]>;
  /**
   * JSON `$batch`: chunks of at most 20, results in the order of `requests`;
   * idempotent sub-requests answered 429/503/504 are re-sent in a later batch.
   */
  batch<T>(
    requests: readonly BatchRequest[],
    schema: z.ZodType<T>,
    options: BatchOptions,
  ): Promise<BatchResult<T>[]>;
  /** A nextLink or path as a path relative to {@link baseUrl}, as `$batch` wants it. */
  relativePath(pathOrUrl: string): string;
}

export interface GraphClientOptions {
  /** Defaults to the global `fetch`. Tests and the benchmark pass the emulator's `handle`. */
  readonly fetch?: FetchLike;
  readonly retry?: RetryOptions | RetryPolicy;
  /** A call with no answer after this long fails as `network` (ambiguous for writes). Default 30 s. */
  readonly timeoutMs?: number;
  /** Runs before the token is added, e.g. to count round trips. */
  readonly observe?: (method: HttpMethod, url: string) => void;
}

/** What our pipeline needs to know of a call beyond the HTTP request graph-client built. */
class CallOptions implements MiddlewareOptions {
  /** What our pipeline threw, kept so graph-client's wrapping of errors cannot hide its kind. */
  failure: unknown = undefined;

  constructor(
    readonly scopes: readonly string[],
    readonly idempotent: boolean,
  ) {}
}

const httpMethods: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

function toHttpMethod(value: string | undefined): HttpMethod {
  const method = httpMethods.find((candidate) => candidate === (value ?? 'GET').toUpperCase());
  if (!method) throw new GraphError('unknown', `Unsupported HTTP method ${value ?? ''}`);
  return method;
}

/**
 * graph-client's only middleware: it hands the request graph-client built to
 * our pipeline (token → retry → fetch). graph-client's own handlers are not
 * used: its AuthenticationHandler signs only https Microsoft hosts (not the
 * workbench's emulator) and its RetryHandler re-sends POSTs (decision 008).
 */
class PipelineMiddleware implements SdkMiddleware {
  constructor(private readonly middlewares: readonly Middleware[]) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const options = context.middlewareControl?.getMiddlewareOptions(CallOptions);
    const method = toHttpMethod(context.options?.method);
    const headers = new Headers(context.options?.headers);
    const rawBody = context.options?.body;
    const body = typeof rawBody === 'string' ? rawBody : undefined;
    try {
      context.response = await runPipeline(this.middlewares, {
        method,
        url,
        headers,
        body,
        scopes: options instanceof CallOptions ? options.scopes : [],
        idempotent: options instanceof CallOptions ? options.idempotent : false,
      });
    } catch (error) {
      if (options instanceof CallOptions) options.failure = error;
      throw error;
    }
  }
}

function isRetryPolicy(value: RetryOptions | RetryPolicy): value is RetryPolicy {
  return 'backoffMs' in value;
}

export function collectionSchema<T>(itemSchema: z.ZodType<T>) {
  return z.object({
    value: z.array(itemSchema),
    '@odata.nextLink': z.string().optional(),
  });
}

/**
 * Creates the Graph client. `graphRoot` is the Graph origin and prefix without
 * version: `https://graph.microsoft.com`, or `http://localhost:5173/graph` for
 * the workbench's emulator.
 */
export function createGraphClient(
  tokenSource: TokenSource,
  graphRoot: string,
  options: GraphClientOptions = {},
): GraphClient {
  const root = graphRoot.replace(/\/+$/, '');
  const baseUrl = `${root}/${GRAPH_VERSION}`;
  const retryOption = options.retry ?? {};
  const retryPolicy = isRetryPolicy(retryOption) ? retryOption : createRetryPolicy(retryOption);
  const fetchFn: FetchLike = options.fetch ?? ((request) => fetch(request));
  const observe = options.observe;
  const observer: Middleware[] = observe
    ? [
        {
          handle(call, next) {
            observe(call.method, call.url);
            return next(call);
          },
        },
      ]
    : [];
  const middlewares: Middleware[] = [
    ...observer,
    tokenMiddleware(tokenSource, root),
    retryMiddleware(retryPolicy),
    fetchMiddleware(fetchFn, options.timeoutMs ?? 30_000),
  ];

  const sdk = Client.initWithMiddleware({
    baseUrl: `${root}/`,
    defaultVersion: GRAPH_VERSION,
    middleware: new PipelineMiddleware(middlewares),
  });

  /** Sends one call through graph-client, which builds the request, then our pipeline. */
  async function transmit(
    method: HttpMethod,
    url: string,
    headers: Headers,
    body: string | undefined,
    options: CallOptions,
  ): Promise<Response> {
    let request = sdk
      .api(client.relativePath(url))
      .responseType(ResponseType.RAW)
      .middlewareOptions([options]);
    headers.forEach((value, name) => {
      request = request.header(name, value);
    });
    let sent: unknown;
    try {
      sent =
        method === 'GET'
          ? await request.get()
          : method === 'DELETE'
            ? await request.delete()
            : method === 'POST'
              ? await request.post(body)
              : method === 'PUT'
                ? await request.put(body)
                : await request.patch(body);
    } catch (error) {
      throw options.failure ?? error;
    }
    if (!(sent instanceof Response)) {
      throw new GraphError('invalid-response', 'graph-client returned no raw response');
    }
    return sent;
  }

  const resolve = (pathOrUrl: string, query?: Readonly<Record<string, string>>): string => {
    const url = /^https?:\/\//i.test(pathOrUrl)
      ? pathOrUrl
      : `${baseUrl}${pathOrUrl.startsWith('/') ? '' : '/'}${pathOrUrl}`;
    const search = Object.entries(query ?? {})
      .map(([name, value]) => `${name}=${encodeQueryValue(value)}`)
      .join('&');
    if (search === '') return url;
    return `${url}${url.includes('?') ? '&' : '?'}${search}`;
  };

  async function send<T>(
    method: HttpMethod,
    path: string,
    schema: z.ZodType<T>,
    callOptions: GraphCallOptions,
  ): Promise<GraphResponse<T>> {
    const url = resolve(path, callOptions.query);
    const headers = new Headers(callOptions.headers);
    headers.set('Accept', 'application/json');
    let body: string | undefined;
    if (callOptions.body !== undefined) {
      headers.set('Content-Type', 'application/json');
      body = JSON.stringify(callOptions.body);
    }
    const response = await transmit(
      method,
      url,
      headers,
      body,
      new CallOptions(callOptions.scopes, isIdempotent(method, headers, callOptions.idempotent)),
    );
    const what = `Graph ${method} ${describePath(url, baseUrl)}`;
    const parsedBody = await readJsonBody(response);
    if (!response.ok) {
      throw graphErrorFor(response.status, response.headers, parsedBody, retryPolicy, what);
    }
    return {
      status: response.status,
      headers: response.headers,
      body: parseBody(schema, parsedBody, what),
    };
  }

  async function page<T>(
    pathOrNextLink: string,
    itemSchema: z.ZodType<T>,
    callOptions: GraphCallOptions,
  ): Promise<GraphPage<T>> {
    if (/^https?:\/\//i.test(pathOrNextLink) && !isUnder(pathOrNextLink, baseUrl)) {
      // A cursor is an absolute URL that came back through the UI: follow only our own.
      throw new GraphError('invalid-response', 'A nextLink outside the Graph root was refused.');
    }
    const { body } = await send(
      'GET',
      pathOrNextLink,
      collectionSchema(itemSchema),
      /^https?:\/\//i.test(pathOrNextLink) ? { ...callOptions, query: {} } : callOptions,
    );
    const nextLink = body['@odata.nextLink'];
    if (nextLink !== undefined && !isUnder(nextLink, baseUrl)) {
      throw new GraphError('invalid-response', 'Graph returned a nextLink outside its root.');
    }
    return { items: body.value, nextLink };
  }

  async function getAll<T>(
    path: string,
    itemSchema: z.ZodType<T>,
    callOptions: GraphCallOptions & { maxPages?: number },
  ): Promise<T[]> {
    const items: T[] = [];
    let next: string | undefined = path;
    for (let pages = 0; next !== undefined; pages += 1) {
      if (pages >= (callOptions.maxPages ?? 100)) {
        throw new GraphError('invalid-response', `More than ${pages} pages at ${path}.`);
      }
      const current: GraphPage<T> = await page(next, itemSchema, callOptions);
      items.push(...current.items);
      next = current.nextLink;
    }
    return items;
  }

  const client: GraphClient = {
    baseUrl,
    retryPolicy,
    async get(path, schema, { scopes, select }) {
      const query = select && select.length > 0 ? { $select: select.join(',') } : undefined;
      const { body } = await send('GET', path, schema, { scopes, ...(query ? { query } : {}) });
      return body;
    },
    async request(method, path, schema, callOptions) {
      return (await send(method, path, schema, callOptions)).body;
    },
    send,
    page,
    getAll,
    batch(requests, schema, batchOptions) {
      return sendBatch(client, requests, schema, batchOptions);
    },
    relativePath(pathOrUrl) {
      if (!/^https?:\/\//i.test(pathOrUrl))
        return pathOrUrl.startsWith('/') ? pathOrUrl : `/${pathOrUrl}`;
      if (!isUnder(pathOrUrl, baseUrl)) {
        throw new GraphError('invalid-response', 'A URL outside the Graph root cannot be batched.');
      }
      return pathOrUrl.slice(baseUrl.length) || '/';
    },
  };
  return client;
}

/**
 * Encodes a query value for Graph: everything but the characters OData
 * expressions use unencoded in Microsoft's own examples, so URLs stay
 * readable in logs and `$filter=fields/StreamId eq 'x'` arrives intact.
 */
function encodeQueryValue(value: string): string {
  return encodeURIComponent(value).replace(/%2C/g, ',').replace(/%2F/g, '/').replace(/%24/g, '$');
}

/** The path of a URL below the Graph root, without the query (which may hold personal data). */
function describePath(url: string, baseUrl: string): string {
  const path = isUnder(url, baseUrl) ? url.slice(baseUrl.length) : new URL(url).pathname;
  return path.split('?')[0] ?? path;
}
