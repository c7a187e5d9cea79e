import { createReadStream, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Connect, Plugin } from 'vite';
import { createGraphEmulator } from '../emulator/graph-emulator.ts';
import { createEmulatorMiddleware } from '../emulator/node-middleware.ts';

/**
 * Mounts the local Microsoft 365 emulator on the dev server and on `vite
 * preview` (used by the end-to-end tests), at `/graph/*` and `/_emulator/*`.
 * It is server-side only: no page bundle contains it.
 */
export function m365Emulator(): Plugin {
  let middleware: Connect.NextHandleFunction | undefined;
  const mount = (server: { middlewares: Connect.Server }) => {
    middleware ??= createEmulatorMiddleware(createGraphEmulator());
    const handle = middleware;
    server.middlewares.use(handle);
  };
  return {
    name: 'elements-tilgang:m365-emulator',
    configureServer: mount,
    configurePreviewServer: mount,
  };
}

const officeJsPrefix = '/vendor/office-js/';

const contentTypes: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.png': 'image/png',
  '.gif': 'image/gif',
};

/**
 * Serves the @microsoft/office-js package's `dist/` at `/vendor/office-js/` in
 * development and tests. Published add-ins must load office.js from
 * Microsoft's CDN, so this copy is never copied into a build.
 */
export function localOfficeJs(): Plugin {
  const require = createRequire(import.meta.url);
  const dist = path.join(
    path.dirname(require.resolve('@microsoft/office-js/package.json')),
    'dist',
  );
  const handler: Connect.NextHandleFunction = (req, res, next) => {
    const url = req.url ?? '';
    if (!url.startsWith(officeJsPrefix)) return next();
    const relative = decodeURIComponent(url.slice(officeJsPrefix.length).split('?')[0] ?? '');
    const file = path.resolve(dist, relative);
    if (!file.startsWith(`${dist}${path.sep}`)) {
      res.statusCode = 403;
      res.end();
      return;
    }
    try {
      if (!statSync(file).isFile()) throw new Error('not a file');
    } catch {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('content-type', contentTypes[path.extname(file)] ?? 'application/octet-stream');
    res.setHeader('cache-control', 'no-cache');
    createReadStream(file).pipe(res);
  };
  return {
    name: 'elements-tilgang:local-office-js',
    configureServer: (server) => void server.middlewares.use(handler),
    configurePreviewServer: (server) => void server.middlewares.use(handler),
  };
}
