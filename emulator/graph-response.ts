/** Graph-shaped responses and errors shared by every emulator route. */

export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export type JsonObject = { readonly [key: string]: JsonValue };

export const GRAPH_JSON_CONTENT_TYPE =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/** Per-request values every response carries. */
export interface ResponseMeta {
  readonly requestId: string;
  readonly clientRequestId: string;
  readonly date: Date;
}

/** Thrown by handlers; rendered as `{ "error": { code, message, innerError } }` with `status`. */
export class GraphError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    code: string,
    message: string,
    headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'GraphError';
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

export function resourceNotFound(resource: string): GraphError {
  return new GraphError(
    404,
    'Request_ResourceNotFound',
    `Resource '${resource}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

export function badRequest(message: string, code = 'BadRequest'): GraphError {
  return new GraphError(400, code, message);
}

export function unsupportedQuery(message: string): GraphError {
  return new GraphError(400, 'Request_UnsupportedQuery', message);
}

/** Graph's innerError.date: UTC, seconds precision, no zone designator. */
function graphDate(date: Date): string {
  return date.toISOString().slice(0, 19);
}

export function jsonResponse(
  meta: ResponseMeta,
  status: number,
  body: JsonValue,
  headers: Readonly<Record<string, string>> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'content-type': GRAPH_JSON_CONTENT_TYPE,
      'cache-control': 'no-cache',
      'odata-version': '4.0',
      'request-id': meta.requestId,
      'client-request-id': meta.clientRequestId,
      ...headers,
    },
  });
}

export function errorResponse(meta: ResponseMeta, error: GraphError): Response {
  return jsonResponse(
    meta,
    error.status,
    {
      error: {
        code: error.code,
        message: error.message,
        innerError: {
          date: graphDate(meta.date),
          'request-id': meta.requestId,
          'client-request-id': meta.clientRequestId,
        },
      },
    },
    error.headers,
  );
}
