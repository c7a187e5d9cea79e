/**
 * A small SharePoint REST (`/_api`) client for what Graph cannot do:
 * permission levels, breaking inheritance, role assignments and list
 * ReadSecurity/WriteSecurity. Same pipeline as the Graph client (token only
 * to the site, retries for idempotent calls), JSON light (`odata=nometadata`).
 */
import type { z } from 'zod';
import {
  fetchMiddleware,
  isIdempotent,
  isUnder,
  retryMiddleware,
  runPipeline,
  tokenMiddleware,
  type FetchLike,
  type HttpMethod,
} from '../../src/m365/http-pipeline.ts';
import { graphErrorFor, parseBody, readJsonBody } from '../../src/m365/http-response.ts';
import type { RetryPolicy } from '../../src/m365/retry-policy.ts';
import type { TokenSource } from '../../src/m365/token-source.ts';

const JSON_LIGHT = 'application/json;odata=nometadata';

export interface SharePointCallOptions {
  readonly body?: unknown;
  /** `MERGE` updates an entity (sent as POST with `X-HTTP-Method: MERGE` and `IF-MATCH: *`). */
  readonly merge?: boolean;
  /** The caller made this POST safe to repeat (e.g. `ensureuser`). */
  readonly idempotent?: boolean;
}

export interface SharePointRest {
  readonly siteUrl: string;
  /** `path` starts with `/_api/`, relative to the site. */
  request<T>(
    method: HttpMethod,
    path: string,
    schema: z.ZodType<T>,
    options?: SharePointCallOptions,
  ): Promise<T>;
}

/** An OData string literal in a SharePoint REST path: `getbytitle('It''s')`. */
export function spString(value: string): string {
  return `'${encodeURIComponent(value.replace(/'/g, "''")).replace(/%20/g, ' ')}'`;
}

export function createSharePointRest(
  siteUrl: string,
  tokenSource: TokenSource,
  fetchFn: FetchLike,
  policy: RetryPolicy,
): SharePointRest {
  const root = siteUrl.replace(/\/+$/, '');
  const middlewares = [
    tokenMiddleware(tokenSource, root),
    retryMiddleware(policy),
    fetchMiddleware(fetchFn, 60_000),
  ];
  return {
    siteUrl: root,
    async request(method, path, schema, options = {}) {
      const url = `${root}${path.replace(/ /g, '%20')}`;
      if (!isUnder(url, root)) throw new Error(`${path} is not under the site.`);
      const headers = new Headers({ Accept: JSON_LIGHT });
      let body: string | undefined;
      if (options.body !== undefined) {
        headers.set('Content-Type', JSON_LIGHT);
        body = JSON.stringify(options.body);
      }
      if (options.merge === true) {
        headers.set('X-HTTP-Method', 'MERGE');
        headers.set('IF-MATCH', '*');
      }
      const response = await runPipeline(middlewares, {
        method,
        url,
        headers,
        body,
        // SharePoint's own resource and permission; the CLI's static token carries it.
        scopes: [`${new URL(root).origin}/AllSites.FullControl`],
        // A MERGE of fixed values and `IF-MATCH: *` can be repeated safely.
        idempotent: options.merge === true || isIdempotent(method, headers, options.idempotent),
      });
      const what = `SharePoint ${method}${options.merge === true ? ' (MERGE)' : ''} ${path.split('?')[0] ?? path}`;
      const parsed = await readJsonBody(response);
      if (!response.ok)
        throw graphErrorFor(response.status, response.headers, parsed, policy, what);
      return parseBody(schema, parsed, what);
    },
  };
}
