/** The emulator as msw request handlers, for Vitest (`setupServer` from `msw/node`). */
import { http, type HttpHandler } from 'msw';
import { asSeenByPage, type HeaderView } from './cors-exposure.ts';
import type { GraphEmulator } from './graph-emulator.ts';

export const DEFAULT_EMULATOR_ORIGIN = 'https://graph.emulator.test';

/**
 * Graph and the control routes at `origin`, and SharePoint REST both at the site's own URL
 * (`https://bodokommune.sharepoint.example/sites/dokumentsenteret/_api/...`, what a provisioner
 * calls) and under `origin`. A dropped connection is `Response.error()`, which msw turns into a
 * network error in `fetch`.
 *
 * msw under Vitest stands for page code calling graph.microsoft.com across origins, so Graph
 * responses lose the headers Graph's CORS does not expose (`headers: 'page'`, the default; see
 * cors-exposure.ts). `headers: 'all'` gives a Node caller's view. SharePoint REST and the
 * control routes are never filtered.
 */
export function createEmulatorHandlers(
  emulator: GraphEmulator,
  origin: string = DEFAULT_EMULATOR_ORIGIN,
  options: { readonly headers?: HeaderView } = {},
): HttpHandler[] {
  const base = origin.replace(/\/+$/, '');
  const respond = ({ request }: { request: Request }): Promise<Response> =>
    emulator.handle(request);
  const respondToGraph = async ({ request }: { request: Request }): Promise<Response> => {
    const response = await emulator.handle(request);
    return (options.headers ?? 'page') === 'page' ? asSeenByPage(response) : response;
  };
  const siteOrigin = new URL(emulator.site.url).origin;
  const apiPaths = new Set([
    `${base}${emulator.site.path}/_api/*`,
    `${siteOrigin}${emulator.site.path}/_api/*`,
  ]);
  return [
    http.all(`${base}/graph/*`, respondToGraph),
    http.all(`${base}/_emulator/*`, respond),
    ...[...apiPaths].map((path) => http.all(path, respond)),
  ];
}
