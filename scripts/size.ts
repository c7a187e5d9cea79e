/**
 * `npm run size`: builds for production and prints, per page, the JavaScript a
 * first load fetches (the entry chunk and every chunk it imports statically,
 * i.e. what the browser loads before first paint; lazy chunks are listed
 * apart), in gzip bytes. Fails when a page is over its budget, when office.js
 * reaches a page other than taskpane.html, when emulator code reaches a
 * page that ships to users, or when the build holds a source map (decision 015).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { z } from 'zod';
import { findSourceMaps } from './lib/csp-build.ts';

const dist = path.resolve(process.argv[2] ?? 'dist');

const manifestSchema = z.record(
  z.string(),
  z.object({
    file: z.string(),
    isEntry: z.boolean().optional(),
    imports: z.array(z.string()).optional(),
    dynamicImports: z.array(z.string()).optional(),
  }),
);

/** Budgets in gzip bytes (KB = 1000 bytes), from issue #2. */
const budgets: Record<string, number> = {
  'taskpane.html': 200_000,
  'tab.html': 220_000,
};

/** Pages that ship to users: they must not contain the emulator. */
const shippedPages = ['tab.html', 'config.html', 'taskpane.html', 'auth-redirect.html'];

const manifest = manifestSchema.parse(
  JSON.parse(readFileSync(path.join(dist, '.vite/manifest.json'), 'utf8')),
);

function staticClosure(key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const imported of manifest[key]?.imports ?? []) staticClosure(imported, seen);
  return seen;
}

function lazyClosure(key: string, eager: Set<string>): Set<string> {
  const lazy = new Set<string>();
  const visit = (k: string) => {
    for (const dynamic of manifest[k]?.dynamicImports ?? []) {
      for (const chunk of staticClosure(dynamic)) {
        if (!eager.has(chunk) && !lazy.has(chunk)) {
          lazy.add(chunk);
          visit(chunk);
        }
      }
    }
  };
  for (const chunk of eager) visit(chunk);
  return lazy;
}

const read = (key: string) => readFileSync(path.join(dist, manifest[key]?.file ?? ''));
const gzip = (keys: Iterable<string>) =>
  [...keys].reduce((sum, key) => sum + gzipSync(read(key)).length, 0);
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

const failures: string[] = [];
const rows: string[][] = [];
const pages = Object.keys(manifest).filter(
  (key) => key.endsWith('.html') && manifest[key]?.isEntry,
);

for (const page of pages.sort()) {
  const eager = staticClosure(page);
  const lazy = lazyClosure(page, eager);
  const firstLoad = gzip(eager);
  const budget = budgets[page];
  rows.push([page, kb(firstLoad), String(eager.size), kb(gzip(lazy)), budget ? kb(budget) : '-']);
  if (budget && firstLoad > budget)
    failures.push(`${page}: ${kb(firstLoad)} is over its budget of ${kb(budget)}`);

  const html = readFileSync(path.join(dist, page), 'utf8');
  const loadsOffice = /<script[^>]+src="[^"]*office(\.debug)?\.js"/.test(html);
  if (page === 'taskpane.html' && !loadsOffice)
    failures.push('taskpane.html does not load office.js');
  if (page !== 'taskpane.html' && loadsOffice) failures.push(`${page} loads office.js`);

  if (shippedPages.includes(page)) {
    for (const chunk of [...eager, ...lazy]) {
      if (read(chunk).includes('/_emulator/'))
        failures.push(`${page} includes emulator code (${manifest[chunk]?.file})`);
    }
  }
}

for (const file of findSourceMaps(dist)) failures.push(`${file} is or points at a source map`);

const header = ['page', 'first load (gzip)', 'chunks', 'lazy (gzip)', 'budget'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)));
const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ');
console.log(`JavaScript per page in ${path.relative(process.cwd(), dist) || '.'}:`);
console.log(line(header));
for (const row of rows) console.log(line(row));
console.log(
  'office.js is loaded from its configured URL by taskpane.html only and is not counted above.',
);

if (failures.length > 0) {
  console.error(`\nSize check failed:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
  process.exit(1);
}
