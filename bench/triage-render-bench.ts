/**
 * tsx bench/triage-render-bench.ts: systemansvarlig's queue in a real browser.
 *
 * Builds the e2e bundle when it is missing or older than the sources
 * (`npm run build:e2e` → dist-e2e; BENCH_REBUILD=1 forces it), starts `vite
 * preview --mode e2e` on a free port (the emulator mounted, as for the e2e
 * tests), seeds 5,000 folder requests into the preview server's emulator over
 * HTTP through the app's own ledger adapter ($batch, 20 appends a request),
 * then opens the workbench as Sigrid Lund on the Dokumentsenteret channel in
 * Chromium (Debian's, through playwright-core, with the e2e tests' flags) and
 * measures in the page:
 *
 * - navigation start → the first queue row painted, and the Graph requests
 *   the page made until then (and until the queue had settled);
 * - a grading filter and a search, from the control's event until the table
 *   shows only matching rows (the search includes its 300 ms debounce);
 * - 500 rows at a time, and End from the first row to the last loaded row,
 *   with the rows the virtualised table keeps in the DOM.
 *
 * BENCH_REQUESTS=<n> changes the count. Figures depend on the machine. The
 * browser and the server are stopped however the run ends. Not part of `npm
 * test` (too slow): `npm run bench` runs it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { z } from 'zod';
import { demoPersonIds } from '../emulator/directory-data.ts';
import playwrightConfig from '../playwright.config.ts';
import { toEnvelope } from '../src/domain/events.ts';
import { createGraphClient } from '../src/m365/graph-client.ts';
import { createGraphLedger } from '../src/m365/ledger.ts';

const REQUESTS = Number(process.env['BENCH_REQUESTS'] ?? 5_000);
const SITE_URL = 'https://bodokommune.sharepoint.example/sites/dokumentsenteret';
const root = path.resolve(import.meta.dirname, '..');
const distDir = path.join(root, 'dist-e2e');
const gradings = ['elevsak', 'barnesak', 'personalsak'] as const;
/** appendMany calls in flight at once while seeding (each is 5 `$batch` requests of 20). */
const SEED_CONCURRENCY = 4;

if (!Number.isInteger(REQUESTS) || REQUESTS < 2) {
  throw new Error(`BENCH_REQUESTS must be a whole number of at least 2, not "${REQUESTS}"`);
}

let server: ChildProcess | null = null;
let browser: Browser | null = null;

/** Stops the browser and the server: on success, failure and Ctrl+C alike. */
async function cleanUp(): Promise<void> {
  const open = browser;
  browser = null;
  if (open !== null) await open.close().catch(() => undefined);
  const running = server;
  server = null;
  if (running?.pid !== undefined && running.exitCode === null) {
    // The server was started in a process group of its own: end it and its children.
    try {
      process.kill(-running.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void cleanUp().finally(() => process.exit(130));
  });
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** The newest modification time of a file or of anything under a folder. */
function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) {
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

/** Runs a command quietly; its output is shown only when it fails. */
function run(command: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      output += chunk.toString();
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(
            new Error(`${command} ${args.join(' ')} exited ${code}:\n${output.slice(-4_000)}`),
          ),
    );
  });
}

/** Reuses dist-e2e unless a source it is built from is newer. */
async function ensureBuild(): Promise<'reused' | 'built'> {
  const built = newestMtime(path.join(distDir, 'index.html'));
  const sources = Math.max(
    ...['src', 'index.html', 'tab.html', 'vite.config.ts', '.env', '.env.e2e', 'package.json'].map(
      (entry) => newestMtime(path.join(root, entry)),
    ),
  );
  if (process.env['BENCH_REBUILD'] !== '1' && built > 0 && built >= sources) return 'reused';
  log('Building the e2e bundle (npm run build:e2e) …');
  await run('npm', ['run', 'build:e2e']);
  return 'built';
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error('No free port'))));
    });
  });
}

async function startPreview(port: number): Promise<string> {
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [
      path.join(root, 'node_modules/vite/bin/vite.js'),
      'preview',
      '--mode',
      'e2e',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--strictPort',
    ],
    { cwd: root, detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  server = child;
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`vite preview exited ${child.exitCode}: ${stderr.trim()}`);
    }
    try {
      // The emulator holds requests until the site is provisioned: ask it, not just the page.
      const response = await fetch(`${base}/_emulator/identities`);
      if (response.ok) return base;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`vite preview did not answer on ${base} within 60 s: ${stderr.trim()}`);
}

const tokenSchema = z.object({ access_token: z.string().min(1) });

/** A token source for `userId` from the emulator's token endpoint, as the workbench gets one. */
function emulatorTokens(base: string, userId: string) {
  let token: Promise<string> | null = null;
  return {
    getAccessToken: () => {
      token ??= fetch(`${base}/_emulator/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId }),
      })
        .then((response) => response.json())
        .then((body) => tokenSchema.parse(body).access_token);
      return token;
    },
  };
}

/** `count` folder requests by Ola Hansen, through the app's ledger adapter over HTTP. */
async function seed(base: string, count: number): Promise<number> {
  let graphCalls = 0;
  const graph = createGraphClient(emulatorTokens(base, demoPersonIds.olaHansen), `${base}/graph`, {
    fetch: (request) => {
      graphCalls += 1;
      return fetch(request);
    },
  });
  const ledger = createGraphLedger(graph, { site: SITE_URL });
  const chunks: number[] = [];
  for (let start = 0; start < count; start += 100) chunks.push(start);
  const worker = async () => {
    for (let start = chunks.shift(); start !== undefined; start = chunks.shift()) {
      const size = Math.min(100, count - start);
      await ledger.appendMany(
        Array.from({ length: size }, (_, offset) => {
          const index = start + offset;
          return toEnvelope(
            {
              type: 'request.submitted',
              payload: {
                request: {
                  kind: 'folder-access',
                  subject: { id: demoPersonIds.olaHansen, displayName: 'Ola Hansen' },
                  base: 'bodo',
                  caseNumber: `2026/${index + 1}`,
                  grading: gradings[index % gradings.length] ?? 'elevsak',
                  right: index % 2 === 0 ? 'read' : 'write',
                  justificationTextId: crypto.randomUUID(),
                  scope: 'folder',
                },
              },
            },
            {
              eventId: crypto.randomUUID(),
              streamId: crypto.randomUUID(),
              occurredAt: new Date(),
            },
          );
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, worker));
  return graphCalls;
}

/**
 * Runs in the page before its own scripts: signs the workbench in as Sigrid
 * Lund (its identity is kept per browser tab), notes when the first queue row
 * is painted, and arms one measurement at a time: from a DOM event (the
 * control's change, the search's input, a key) until a condition holds and the
 * next frame is painted. Plain JavaScript: it is sent to the page as text.
 */
const pageScript = (identity: string) => `(() => {
  if (window.top !== window) return;
  try { sessionStorage.setItem('elements-tilgang.workbench.identity', ${JSON.stringify(identity)}); } catch {}
  const rowsOf = () => [...document.querySelectorAll('table[aria-rowcount] tbody tr[aria-rowindex]')];
  const statusText = () =>
    [...document.querySelectorAll('[role="status"]')]
      .map((element) => element.textContent || '')
      .find((text) => text.startsWith('Viser ')) || '';
  const bench = { firstRowAt: null, pending: null };
  window.__bench = bench;
  const firstRow = new MutationObserver(() => {
    const row = rowsOf().find((candidate) => candidate.querySelector('button') !== null);
    if (row === undefined || row.getBoundingClientRect().height === 0) return;
    firstRow.disconnect();
    requestAnimationFrame(() => { bench.firstRowAt = performance.now(); });
  });
  firstRow.observe(document, { childList: true, subtree: true });
  const conditions = {
    // The status line changed from what it said before, and every row shows the expected cell.
    rows: (expected) => {
      const rows = rowsOf();
      const text = statusText();
      return /^Viser \\d+ av \\d+$/.test(text) && text !== expected.before &&
        (expected.status === undefined || text === expected.status) && rows.length > 0 &&
        (expected.column === undefined ||
          rows.every((row) => (row.cells[expected.column]?.textContent || '') === expected.text));
    },
    // Focus is on the last loaded row.
    lastRow: () => {
      const table = document.querySelector('table[aria-rowcount]');
      const row = document.activeElement?.closest('tr[aria-rowindex]');
      return table !== null && row != null &&
        row.getAttribute('aria-rowindex') === table.getAttribute('aria-rowcount');
    },
  };
  bench.arm = (eventType, name, expected) => {
    bench.pending = new Promise((resolve) => {
      document.addEventListener(eventType, () => {
        const start = performance.now();
        const check = () => {
          if (!conditions[name](expected)) return false;
          observer.disconnect();
          requestAnimationFrame(() => resolve({ ms: performance.now() - start, rows: rowsOf().length }));
          return true;
        };
        const observer = new MutationObserver(check);
        observer.observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
        queueMicrotask(check);
      }, { capture: true, once: true });
    });
  };
})();`;

const measuredSchema = z.object({ ms: z.number(), rows: z.number() });

async function measure(
  page: Page,
  event: string,
  condition: 'rows' | 'lastRow',
  expected: Record<string, unknown>,
  act: () => Promise<unknown>,
) {
  await page.evaluate(
    `window.__bench.arm(${JSON.stringify(event)}, ${JSON.stringify(condition)}, ${JSON.stringify(expected)})`,
  );
  await act();
  return measuredSchema.parse(await page.evaluate('window.__bench.pending'));
}

interface Row {
  readonly measure: string;
  readonly ms: number;
  readonly calls: number;
  readonly domRows: number | null;
}

function printTable(rows: readonly Row[]): void {
  const header = ['measure', 'ms', 'Graph calls', 'rows in DOM'];
  const cells = rows.map((row) => [
    row.measure,
    String(Math.round(row.ms)),
    String(row.calls),
    row.domRows === null ? '' : String(row.domRows),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((line) => line[column]?.length ?? 0)),
  );
  const format = (line: readonly string[]) =>
    line
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ');
  log(format(header));
  log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const line of cells) log(format(line));
}

const view = (total: number, pageSize: number) => `Viser ${Math.min(total, pageSize)} av ${total}`;
const viewSchema = z.string().regex(/^Viser \d+ av \d+$/);

try {
  const buildState = await ensureBuild();
  const base = await startPreview(await freePort());
  log(`vite preview --mode e2e on ${base} (dist-e2e ${buildState}).`);

  const seeding = Date.now();
  const seedCalls = await seed(base, REQUESTS);
  log(
    `Seeded ${REQUESTS} requests over HTTP in ${Date.now() - seeding} ms (${seedCalls} Graph requests).`,
  );

  const launch = playwrightConfig.use?.launchOptions ?? {};
  browser = await chromium.launch({
    headless: true,
    executablePath: launch.executablePath ?? '/usr/bin/chromium',
    args: [...(launch.args ?? [])],
  });
  const context = await browser.newContext({
    locale: 'nb-NO',
    viewport: { width: 1366, height: 900 },
  });
  await context.addInitScript({ content: pageScript(demoPersonIds.sigridLund) });
  const page = await context.newPage();
  let graphCalls = 0;
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/graph/')) graphCalls += 1;
  });
  const domRows = page.locator('table[aria-rowcount] tbody tr[aria-rowindex]');
  const status = page.getByRole('status').filter({ hasText: /^Viser \d+ av \d+$/ });
  const statusNow = async () => viewSchema.parse((await status.textContent())?.trim());

  await page.goto(`${base}/index.html?surface=channel`);
  await page.waitForFunction('window.__bench.firstRowAt !== null', undefined, {
    timeout: 120_000,
  });
  const firstRowMs = z.number().parse(await page.evaluate('window.__bench.firstRowAt'));
  const toFirstRow = graphCalls;
  const signedIn = await page.getByTestId('signed-in-user').textContent();
  if (!signedIn?.includes('Sigrid Lund')) {
    throw new Error(`The workbench is signed in as "${signedIn ?? ''}", not Sigrid Lund`);
  }
  // Whatever else the page asks for once the queue is shown.
  await page.waitForLoadState('networkidle');
  const settledMs = z.number().parse(await page.evaluate('performance.now()'));
  const settledCalls = graphCalls;
  const initial = await statusNow();
  const total = Number(/av (\d+)$/.exec(initial)?.[1]);
  if (total < REQUESTS) throw new Error(`The queue shows ${initial}, fewer than were seeded`);
  const firstDomRows = await domRows.count();

  let before = graphCalls;
  const grading = await measure(
    page,
    'change',
    'rows',
    { before: initial, column: 5, text: 'Barnesak' },
    () => page.getByRole('combobox', { name: 'Gradering' }).selectOption('barnesak'),
  );
  const gradingCalls = graphCalls - before;
  await page.getByRole('combobox', { name: 'Gradering' }).selectOption('');
  await status.filter({ hasText: initial }).waitFor();

  // A case number matches exactly: one row.
  const wanted = `2026/${REQUESTS - 1}`;
  before = graphCalls;
  const search = await measure(
    page,
    'input',
    'rows',
    { before: initial, status: view(1, 50), column: 4, text: wanted },
    () => page.getByRole('searchbox', { name: 'Søk' }).fill(wanted),
  );
  const searchCalls = graphCalls - before;
  await page.getByRole('searchbox', { name: 'Søk' }).fill('');
  await status.filter({ hasText: initial }).waitFor();

  before = graphCalls;
  const longPage = await measure(
    page,
    'change',
    'rows',
    { before: initial, status: view(total, 500) },
    () => page.getByRole('combobox', { name: 'Rader om gangen' }).selectOption('500'),
  );
  const longPageCalls = graphCalls - before;

  await domRows.first().getByRole('button').focus();
  before = graphCalls;
  const end = await measure(page, 'keydown', 'lastRow', {}, () => page.keyboard.press('End'));
  const endCalls = graphCalls - before;

  log('');
  log(`Sigrid Lund's queue in Chromium, ${total} requests in the ledger:`);
  printTable([
    {
      measure: 'navigation start → first queue row painted',
      ms: firstRowMs,
      calls: toFirstRow,
      domRows: null,
    },
    {
      measure: 'navigation start → network idle (all Graph calls)',
      ms: settledMs,
      calls: settledCalls,
      domRows: firstDomRows,
    },
    {
      measure: 'filter: grading Barnesak',
      ms: grading.ms,
      calls: gradingCalls,
      domRows: grading.rows,
    },
    {
      measure: 'filter: search a case number (incl. 300 ms debounce)',
      ms: search.ms,
      calls: searchCalls,
      domRows: search.rows,
    },
    {
      measure: '500 rows at a time',
      ms: longPage.ms,
      calls: longPageCalls,
      domRows: longPage.rows,
    },
    { measure: 'End: focus the last loaded row', ms: end.ms, calls: endCalls, domRows: end.rows },
  ]);
} finally {
  await cleanUp();
}
