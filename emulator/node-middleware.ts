/**
 * Mounts the emulator in a Connect-style server (Vite's `server.middlewares` and
 * `preview.middlewares`, or a plain `http.createServer`). Only the emulator's paths are answered
 * (`/graph/`, `/_emulator/` and the site's `/_api/`); everything else goes to `next()`.
 * A fault that drops the connection destroys the socket, so the client sees a network error.
 *
 * Graph responses to a browser page lose the headers Graph's CORS does not expose (cors-exposure.ts),
 * as they would from graph.microsoft.com; a Node caller (a provisioning script) sees them all. A
 * page is told apart by `Sec-Fetch-Site`, which browsers send with every fetch and Node's fetch
 * does not; `headers` overrides the guess.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { asSeenByPage, type HeaderView, isGraphPath } from './cors-exposure.ts';
import type { GraphEmulator } from './graph-emulator.ts';

/** What the middleware needs of an emulator (tests pass a stand-in). */
export type EmulatorEndpoint = Pick<GraphEmulator, 'handle'> &
  Partial<Pick<GraphEmulator, 'servesPath'>>;

export type EmulatorMiddleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next: () => void,
) => void;

const handledPrefixes = ['/graph/', '/_emulator/'] as const;

// Hop-by-hop headers describe this one connection, not the request the emulator sees.
const hopByHopHeaders = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
]);

/** Connect keeps the unmounted path in `originalUrl`; plain Node servers only have `url`. */
function requestPath(req: IncomingMessage): string {
  if ('originalUrl' in req && typeof req.originalUrl === 'string') return req.originalUrl;
  return req.url ?? '/';
}

function readBody(req: IncomingMessage): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

async function toFetchRequest(req: IncomingMessage, path: string): Promise<Request> {
  const protocol = 'encrypted' in req.socket && req.socket.encrypted === true ? 'https' : 'http';
  const url = new URL(path, `${protocol}://${req.headers.host ?? 'localhost'}`);
  const headers = new Headers();
  for (let index = 0; index + 1 < req.rawHeaders.length; index += 2) {
    const name = req.rawHeaders[index];
    const value = req.rawHeaders[index + 1];
    if (name === undefined || value === undefined) continue;
    if (hopByHopHeaders.has(name.toLowerCase())) continue;
    headers.append(name, value);
  }
  const method = (req.method ?? 'GET').toUpperCase();
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(url, {
    method,
    headers,
    body: hasBody ? await readBody(req) : null,
  });
}

async function writeResponse(
  res: ServerResponse,
  response: Response,
  method: string | undefined,
): Promise<void> {
  if (response.type === 'error') {
    // `Response.error()`: the emulator did the work and "lost the connection".
    res.socket?.destroy();
    res.destroy();
    return;
  }
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    res.setHeader(name, value);
  });
  const body = method === 'HEAD' ? new Uint8Array() : new Uint8Array(await response.arrayBuffer());
  res.setHeader('content-length', body.byteLength);
  res.end(body);
}

function writeFailure(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  const body = JSON.stringify({
    error: { code: 'InternalServerError', message: `The emulator middleware failed: ${message}` },
  });
  res.statusCode = 500;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(body);
}

export interface EmulatorMiddlewareOptions {
  /** Whose view of response headers to give; default: `page` when `Sec-Fetch-Site` is sent. */
  readonly headers?: HeaderView;
}

function viewFor(req: IncomingMessage, options: EmulatorMiddlewareOptions): HeaderView {
  return options.headers ?? (req.headers['sec-fetch-site'] === undefined ? 'all' : 'page');
}

export function createEmulatorMiddleware(
  emulator: EmulatorEndpoint,
  options: EmulatorMiddlewareOptions = {},
): EmulatorMiddleware {
  const serves = (path: string): boolean => {
    const pathname = path.split('?')[0] ?? path;
    return emulator.servesPath === undefined
      ? handledPrefixes.some((prefix) => pathname.startsWith(prefix))
      : emulator.servesPath(pathname);
  };
  return (req, res, next) => {
    const path = requestPath(req);
    if (!serves(path)) {
      next();
      return;
    }
    toFetchRequest(req, path)
      .then((request) => emulator.handle(request))
      .then((response) =>
        viewFor(req, options) === 'page' && isGraphPath(path.split('?')[0] ?? path)
          ? asSeenByPage(response)
          : response,
      )
      .then((response) => writeResponse(res, response, req.method))
      .catch((error: unknown) => {
        try {
          writeFailure(res, error);
        } catch {
          res.destroy();
        }
      });
  };
}
