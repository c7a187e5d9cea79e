/** Reading Graph and SharePoint REST responses: bodies, and failures as {@link GraphError}. */
import { z } from 'zod';
import { GraphError, graphErrorKindForStatus } from './errors.ts';
import type { RetryPolicy } from './retry-policy.ts';

/** Graph: `{ error: { code, message } }`. */
const graphErrorBodySchema = z.object({
  error: z.object({ code: z.string().optional(), message: z.unknown().optional() }),
});

/** SharePoint REST (JSON light): `{ "odata.error": { code, message: { value } } }`. */
const sharePointErrorBodySchema = z.object({
  'odata.error': z.object({ code: z.string().optional(), message: z.unknown().optional() }),
});

/** SharePoint writes `message` as `{ lang, value }`, Graph as a string. */
const messageSchema = z.union([z.string(), z.object({ value: z.string() })]);

function messageText(message: unknown): string | undefined {
  const parsed = messageSchema.safeParse(message);
  if (!parsed.success) return undefined;
  return typeof parsed.data === 'string' ? parsed.data : parsed.data.value;
}

/** The `{ code, message }` of an error body, Graph's or SharePoint's shape; empty when neither. */
export function errorBodyFacts(body: unknown): { code?: string; message?: string } {
  const graph = graphErrorBodySchema.safeParse(body);
  const error = graph.success
    ? graph.data.error
    : sharePointErrorBodySchema.safeParse(body).data?.['odata.error'];
  if (error === undefined) return {};
  const message = messageText(error.message);
  return {
    ...(error.code === undefined ? {} : { code: error.code }),
    ...(message === undefined ? {} : { message }),
  };
}

/** Parses a body as JSON; undefined when there is none (204, 202) or it is not JSON. */
export async function readJsonBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text.trim() === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed;
  } catch {
    return undefined;
  }
}

/** Builds the typed error for a failed answer from its status, headers and (parsed) body. */
export function graphErrorFor(
  status: number,
  headers: { get(name: string): string | null },
  body: unknown,
  policy: RetryPolicy,
  what: string,
): GraphError {
  const facts = errorBodyFacts(body);
  const retryAfterMs = policy.retryAfterMs(headers.get('retry-after'));
  const requestId = headers.get('request-id') ?? undefined;
  return new GraphError(
    graphErrorKindForStatus(status),
    `${what} answered ${status}${facts.message === undefined ? '' : `: ${facts.message}`}`,
    status,
    facts.code,
    {
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      ...(requestId === undefined ? {} : { requestId }),
    },
  );
}

/** Parses `body` with `schema`, or fails as `invalid-response` naming what was asked. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new GraphError(
      'invalid-response',
      `Unexpected response from ${what}: ${z.prettifyError(parsed.error)}`,
    );
  }
  return parsed.data;
}
