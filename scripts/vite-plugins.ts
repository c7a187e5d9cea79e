import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Connect, Plugin } from 'vite';
import { createFileStorage } from '../emulator/file-storage.ts';
import { createGraphEmulator } from '../emulator/graph-emulator.ts';
import { demoGroupIds } from '../emulator/directory-data.ts';
import { DEMO_TENANT_ID } from '../emulator/emulator-config.ts';
import { createEmulatorMiddleware } from '../emulator/node-middleware.ts';
import { findSourceMaps, writeHostingConfig } from './lib/csp-build.ts';
import {
  COMMON_HEADERS,
  inlineHashes,
  pageHeaders,
  policyPageOf,
  type CspConfig,
} from './lib/csp.ts';
import { buildPlan } from './lib/provision-plan.ts';
import { provision } from './lib/provision-run.ts';

/**
 * Mounts the local Microsoft 365 emulator on the dev server and on `vite
 * preview` (used by the end-to-end tests), at `/graph/*`, `/_emulator/*` and
 * the SharePoint site's `/_api`. It is server-side only: no page bundle
 * contains it. The dev server keeps the emulator's data in `.data/` so a
 * restart loses nothing (`npm run emulator:reset` starts clean); `vite
 * preview` starts empty every time, so end-to-end runs do not depend on each
 * other's leftovers.
 */
export function m365Emulator(options: { persistTo?: string } = {}): Plugin {
  const mount = (server: { middlewares: Connect.Server }, persist: boolean) => {
    const emulator = createGraphEmulator(
      persist && options.persistTo ? { storage: createFileStorage(options.persistTo) } : {},
    );
    const ready = provisionWorkbenchSite(emulator);
    const middleware = createEmulatorMiddleware(emulator);
    server.middlewares.use((req, res, next) => {
      // Hold requests until the site's lists exist, so no page meets a half-made site.
      ready.then(
        () => middleware(req, res, next),
        (error: unknown) => {
          res.statusCode = 500;
          res.setHeader('content-type', 'application/json');
          res.end(
            JSON.stringify({ error: { code: 'provisioningFailed', message: String(error) } }),
          );
        },
      );
    });
  };
  return {
    name: 'elements-tilgang:m365-emulator',
    configureServer: (server) => mount(server, true),
    configurePreviewServer: (server) => mount(server, false),
  };
}

/**
 * Provisions the emulator's SharePoint site with the same provisioner and plan
 * an administrator runs against a real tenant, as the site's owner. It is safe
 * to run on every start: a provisioned site is left unchanged.
 */
async function provisionWorkbenchSite(emulator: ReturnType<typeof createGraphEmulator>) {
  await emulator.ready();
  const owner = emulator.site.ownerIds[0];
  if (!owner) throw new Error('The emulated site has no owner to provision it');
  const token = {
    getAccessToken: (scopes: readonly string[]) => emulator.issueToken(owner, { scopes }),
  };
  await provision(
    buildPlan({
      siteUrl: emulator.site.url,
      tenantId: DEMO_TENANT_ID,
      groups: {
        systemansvarlig: demoGroupIds.systemansvarlig,
        arkivleder: demoGroupIds.arkivleder,
      },
    }),
    {
      fetch: (request) => emulator.handle(request),
      graphRoot: 'http://emulator.local/graph',
      graphToken: token,
      sharePointToken: token,
    },
  );
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

/** The HTML file a request asks for (`/` is index.html), or undefined for anything else. */
function htmlFileOf(url: string | undefined): string | undefined {
  const pathname = decodeURIComponent((url ?? '/').split(/[?#]/)[0] ?? '/');
  if (pathname === '/') return 'index.html';
  if (pathname.endsWith('.html')) return pathname.slice(1);
  return undefined;
}

function setHeaders(res: ServerResponse, headers: Record<string, string>) {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
}

/**
 * Sends each page's security headers (scripts/lib/csp.ts, decision 015) from the dev
 * server and `vite preview`, and writes the same headers into the build's hosting
 * configuration (`staticwebapp.config.json`, `web.config`), so the end-to-end tests
 * run under the policy production sends. A build fails when it holds a source map.
 *
 * - preview and build: the policy of the built page, with the hashes of its inline
 *   `<style>`/`<script>` elements, exactly as the host will send it;
 * - dev: the same policy plus a per-start nonce, which Vite puts on every tag it
 *   injects (`html.cspNonce`: the React Refresh preamble, its client's styles).
 *
 * `config` is undefined when the configuration is invalid: the dev server then sends
 * no policy, and the page shows its own configuration error.
 */
export function securityHeaders(config: CspConfig | undefined): Plugin {
  const devNonce = randomBytes(16).toString('hex');
  let outDir = 'dist';
  return {
    name: 'elements-tilgang:security-headers',
    config: (_, env) =>
      env.command === 'serve' && !env.isPreview ? { html: { cspNonce: devNonce } } : undefined,
    configResolved: (resolved) => {
      outDir = path.resolve(resolved.root, resolved.build.outDir);
    },
    configureServer: (server) =>
      void server.middlewares.use((req, res, next) => {
        setHeaders(res, COMMON_HEADERS);
        const file = htmlFileOf(req.url);
        if (config && file) {
          setHeaders(res, pageHeaders(policyPageOf(file), config, undefined, { nonce: devNonce }));
        }
        next();
      }),
    configurePreviewServer: (server) =>
      void server.middlewares.use((req, res, next) => {
        setHeaders(res, COMMON_HEADERS);
        const file = htmlFileOf(req.url);
        const built = file && path.join(outDir, file);
        if (config && built && existsSync(built)) {
          const inline = inlineHashes(readFileSync(built, 'utf8'));
          setHeaders(res, pageHeaders(policyPageOf(file), config, inline));
        }
        next();
      }),
    writeBundle: {
      order: 'post',
      handler() {
        if (!config) throw new Error('No valid configuration to build the security headers from');
        const maps = findSourceMaps(outDir);
        if (maps.length > 0) {
          throw new Error(`The build holds source maps, which must not ship: ${maps.join(', ')}`);
        }
        writeHostingConfig(outDir, config);
      },
    },
  };
}
