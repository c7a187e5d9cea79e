/** Reading and validating JSON request bodies, with errors in the caller's surface's format. */
import type { z } from 'zod';

export type InvalidBody = (message: string) => Error;

export async function readJsonBody(request: Request, invalid: InvalidBody): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '') throw invalid('The request body is empty; a JSON object is expected.');
  try {
    const value: unknown = JSON.parse(text);
    return value;
  } catch {
    throw invalid('The request body is not valid JSON.');
  }
}

/** The first problem zod found, phrased like a service would: where, and what is wrong. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'The request body is invalid.';
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((key) => `'${key}'`).join(', ');
    return `Property ${keys} does not exist on ${path === '' ? 'the request body' : `'${path}'`}.`;
  }
  return path === '' ? issue.message : `Invalid value for '${path}': ${issue.message}`;
}

export function parseBody<S extends z.ZodType>(
  schema: S,
  value: unknown,
  invalid: InvalidBody,
): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalid(describeIssue(parsed.error));
  return parsed.data;
}

export async function readBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  invalid: InvalidBody,
): Promise<z.infer<S>> {
  return parseBody(schema, await readJsonBody(request, invalid), invalid);
}
