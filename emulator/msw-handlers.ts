/** The emulator as msw request handlers, for Vitest (`setupServer` from `msw/node`). */
import { http, type HttpHandler } from 'msw';
import type { GraphEmulator } from './graph-emulator.ts';

export const DEFAULT_EMULATOR_ORIGIN = 'https://graph.emulator.test';

/**
 * Graph and the control routes at `origin`, and SharePoint REST both at the site's own URL
 * (`https://bodokommune.sharepoint.example/sites/dokumentsenteret/_api/...`, what a provisioner
 * calls) and under `origin`. A dropped connection is `Response.error()`, which msw turns into a
 * network error in `fetch`.
 */
export function createEmulatorHandlers(
  emulator: GraphEmulator,
  origin: string = DEFAULT_EMULATOR_ORIGIN,
): HttpHandler[] {
  const base = origin.replace(/\/+$/, '');
  const respond = ({ request }: { request: Request }): Promise<Response> =>
    emulator.handle(request);
  const siteOrigin = new URL(emulator.site.url).origin;
  const apiPaths = new Set([
    `${base}${emulator.site.path}/_api/*`,
    `${siteOrigin}${emulator.site.path}/_api/*`,
  ]);
  return [
    http.all(`${base}/graph/*`, respond),
    http.all(`${base}/_emulator/*`, respond),
    ...[...apiPaths].map((path) => http.all(path, respond)),
  ];
}
