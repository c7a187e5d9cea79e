/** The emulator as msw request handlers, for Vitest (`setupServer` from `msw/node`). */
import { http, type HttpHandler } from 'msw';
import type { GraphEmulator } from './graph-emulator.ts';

export const DEFAULT_EMULATOR_ORIGIN = 'https://graph.emulator.test';

export function createEmulatorHandlers(
  emulator: GraphEmulator,
  origin: string = DEFAULT_EMULATOR_ORIGIN,
): HttpHandler[] {
  const base = origin.replace(/\/+$/, '');
  const respond = ({ request }: { request: Request }): Promise<Response> =>
    emulator.handle(request);
  return [http.all(`${base}/graph/*`, respond), http.all(`${base}/_emulator/*`, respond)];
}
