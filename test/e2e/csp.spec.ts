import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { z } from 'zod';
import { expect, test } from './fixtures.ts';

/**
 * The security headers of decision 015, as `vite preview` sends them for the build
 * under test, compared with the hosting configuration the same build wrote for
 * production, and the fixture that fails every journey on a violation.
 */

const outDir = process.env.E2E_OUT_DIR ?? 'dist-e2e';
const pages = [
  'tab.html',
  'config.html',
  'taskpane.html',
  'auth-redirect.html',
  'popup-relay.html',
  'index.html',
];

const hostingSchema = z.object({
  globalHeaders: z.record(z.string(), z.string()),
  routes: z.array(z.object({ route: z.string(), headers: z.record(z.string(), z.string()) })),
});

/** The headers `staticwebapp.config.json` gives a page, without the production-only ones. */
async function productionHeaders(page: string) {
  const text = await readFile(path.join(outDir, 'staticwebapp.config.json'), 'utf8');
  const config = hostingSchema.parse(JSON.parse(text));
  const route = config.routes.find((r) => r.route === `/${page}`);
  if (!route) throw new Error(`No route for /${page} in staticwebapp.config.json`);
  const headers = { ...config.globalHeaders, ...route.headers };
  delete headers['Strict-Transport-Security'];
  delete headers['Cache-Control'];
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name = '', ...values]) => [name, values]),
  );
}

for (const page of pages) {
  test(`${page} is sent with the headers the hosting configuration gives it`, async ({
    request,
  }) => {
    const response = await request.get(`/${page}`);
    expect(response.status()).toBe(200);
    const headers = response.headers();
    const expected = await productionHeaders(page);
    for (const [name, value] of Object.entries(expected)) expect(headers[name], name).toBe(value);
    expect(headers['x-frame-options']).toBeUndefined();
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');

    const policy = directives(headers['content-security-policy'] ?? '');
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('script-src')?.[0]).toBe("'self'");
    for (const [name, values] of policy) {
      expect(values, name).not.toContain("'unsafe-eval'");
      expect(values, name).not.toContain('*');
      if (name.startsWith('script-src')) expect(values, name).not.toContain("'unsafe-inline'");
    }
  });
}

test('each page may be framed by exactly its hosts', async ({ request }) => {
  const ancestors = async (page: string) =>
    directives((await request.get(`/${page}`)).headers()['content-security-policy'] ?? '').get(
      'frame-ancestors',
    );
  const tab = await ancestors('tab.html');
  expect(tab).toEqual(
    expect.arrayContaining([
      'https://teams.microsoft.com',
      'https://*.teams.microsoft.com',
      'https://*.cloud.microsoft',
    ]),
  );
  expect(tab).not.toContain("'self'");
  expect(await ancestors('config.html')).toEqual(
    expect.arrayContaining(['https://teams.microsoft.com', 'https://*.cloud.microsoft']),
  );
  const taskpane = await ancestors('taskpane.html');
  expect(taskpane).toEqual(
    expect.arrayContaining(['https://outlook.office.com', 'https://outlook.office365.com']),
  );
  expect(taskpane).not.toContain('https://teams.microsoft.com');
  expect(await ancestors('auth-redirect.html')).toContain("'self'");
  expect(await ancestors('index.html')).toEqual(["'none'"]);
  expect(await ancestors('popup-relay.html')).toEqual(["'none'"]);
});

test('the task pane may load office.js from its configured origin, the Teams pages may not', async ({
  request,
}) => {
  const scripts = async (page: string) =>
    directives((await request.get(`/${page}`)).headers()['content-security-policy'] ?? '').get(
      'script-src',
    ) ?? [];
  // The e2e build loads the local copy (/vendor/office-js/), so 'self' is all it needs.
  expect(await scripts('taskpane.html')).toEqual(["'self'"]);
  for (const page of ['tab.html', 'config.html']) {
    expect(await scripts(page)).not.toContain('https://appsforoffice.microsoft.com');
  }
});

/**
 * Opens `page` of the app inside a frame of a page at `hostOrigin`. Both are served
 * through `page.route` on public https origins: Chromium refuses to let a public
 * page frame `localhost` (Private Network Access) before any policy is read.
 */
async function framedBy(page: Page, hostOrigin: string, appPage: string, baseURL = '') {
  const appOrigin = 'https://elements-tilgang.bodo.example';
  await page.route('https://res.cdn.office.net/**', (route) => route.abort());
  await page.route(`${appOrigin}/**`, async (route) => {
    const url = new URL(route.request().url());
    await route.fulfill({ response: await route.fetch({ url: `${baseURL}${url.pathname}` }) });
  });
  await page.route(`${hostOrigin}/**`, (route) =>
    route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><title>host</title><iframe title="app" src="${appOrigin}/${appPage}"></iframe>`,
    }),
  );
  await page.goto(`${hostOrigin}/host`);
}

test('Teams may frame the tab, and the tab shows itself there', async ({ page, baseURL }) => {
  await framedBy(page, 'https://teams.microsoft.com', 'tab.html', baseURL);
  await expect(
    page
      .frameLocator('iframe')
      .getByRole('heading', { name: 'Åpne Elements tilgang i Microsoft Teams' }),
  ).toBeVisible({ timeout: 10_000 });
});

test('another site may not frame the tab, and the refusal is reported', async ({
  page,
  baseURL,
  cspViolations,
}) => {
  await framedBy(page, 'https://intranet.example', 'tab.html', baseURL);
  await expect.poll(() => cspViolations.map((v) => v.text).join('\n')).toMatch(/frame-ancestors/);
  await expect(page.frameLocator('iframe').getByRole('heading')).toHaveCount(0);
  cspViolations.splice(0);
});

test('the fixture records an injected inline script and an inline style with content', async ({
  page,
  cspViolations,
}) => {
  await page.goto('/tab.html');
  const ran = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.injected = true;';
    document.head.append(script);
    const style = document.createElement('style');
    style.textContent = 'body { outline: 3px solid red; }';
    document.head.append(style);
    return 'injected' in window;
  });
  expect(ran).toBe(false);
  await expect
    .poll(() => cspViolations.filter((v) => v.source === 'event').map((v) => v.text))
    .toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^script-src-elem inline/),
        expect.stringMatching(/^style-src-elem inline/),
      ]),
    );
  cspViolations.splice(0);
});

test('taskpane.html stays within its policy while office.js does its delayed work', async ({
  page,
}) => {
  await page.goto('/taskpane.html');
  await expect(page.getByRole('heading', { name: 'Åpne Elements tilgang i Outlook' })).toBeVisible({
    timeout: 5_000,
  });
  // office.js adds its logger's frame 3 s after load; the fixture checks what it did.
  await page.waitForTimeout(4_500);
});

test('Fluent UI styles still apply: empty style elements filled with insertRule are allowed', async ({
  page,
}) => {
  await page.goto('/tab.html');
  const heading = page.getByRole('heading', { name: 'Åpne Elements tilgang i Microsoft Teams' });
  await expect(heading).toBeVisible({ timeout: 5_000 });
  const rules = await page.evaluate(() =>
    Array.from(document.querySelectorAll('style'), (style) => style.sheet?.cssRules.length ?? 0),
  );
  expect(rules.reduce((sum, n) => sum + n, 0)).toBeGreaterThan(10);
});

test.describe('the fixture', () => {
  // This test must fail: it proves a violation no test clears fails the test.
  test.fail();
  test('fails a test in which a page reports a violation', async ({ page }) => {
    await page.goto('/tab.html');
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'void 0;';
      document.head.append(script);
    });
    await page.waitForTimeout(200);
  });
});
