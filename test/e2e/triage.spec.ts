import { expect, test } from './fixtures.ts';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { axeScan } from './axe.ts';
import { demoPersonIds } from '../../emulator/directory-data.ts';
import { toEnvelope } from '../../src/domain/events.ts';
import { createGraphClient } from '../../src/m365/graph-client.ts';
import { createGraphLedger } from '../../src/m365/ledger.ts';
import {
  eventsOf,
  graphAs,
  openAs,
  openChannelTab,
  people,
  submitFolderRequest,
  valuesOf,
  type Who,
} from './support.ts';

// One emulator serves the run; these journeys decide shared requests in order.
test.describe.configure({ mode: 'serial' });

const justification =
  'Jeg følger opp elevens tilrettelegging og må skrive notater i elevmappen i saken.';

test("Ola Hansen's folder request is triaged by Sigrid Lund to Utført, and Ola is told", async ({
  page,
  request,
}) => {
  await openAs(page, 'ola');
  const requestId = await submitFolderRequest(page, '2026/501', justification);

  await openAs(page, 'sigrid');
  await openChannelTab(page);
  // Other journeys fill the same queue: find this one by its case number.
  await page.getByRole('searchbox', { name: 'Søk' }).fill('2026/501');
  const row = page.getByRole('row').filter({ hasText: '2026/501' });
  await expect(row).toHaveCount(1);
  await row.getByRole('button', { name: /^Åpne/ }).click();
  await page.getByRole('button', { name: 'Godkjenn' }).click();
  await expect(page.getByText('Forespørselen er godkjent.')).toBeVisible();

  await page.getByRole('textbox', { name: 'Elements-referanse' }).fill('2026/501-3');
  await page.getByRole('radio', { name: 'Skrivetilgang' }).check();
  await page.getByRole('button', { name: 'Registrer utført' }).click();
  await expect(page.getByText('Forespørselen er registrert som utført.')).toBeVisible();
  expect(await eventsOf(request, requestId)).toEqual([
    'request.submitted',
    'request.approved',
    'request.carried-out',
  ]);

  await openAs(page, 'ola', `/index.html?request=${requestId}`);
  await expect(page.getByText('Utført').first()).toBeVisible();
  // Exchange delivers seconds after the 202: look until it is there.
  await expect
    .poll(
      async () =>
        valuesOf(await graphAs(request, 'ola', '/me/messages?$top=50')).some((mail) =>
          JSON.stringify(mail).includes('2026/501-3'),
        ),
      { timeout: 20_000 },
    )
    .toBe(true);
});

test('a rejection needs a reason, and Lise Olsen gets it', async ({ page, request }) => {
  await openAs(page, 'lise');
  const requestId = await submitFolderRequest(page, '2026/502', justification);

  await openAs(page, 'sigrid', `/index.html?request=${requestId}`);
  await openChannelTab(page);
  await page.getByRole('button', { name: 'Avslå' }).click();
  await expect(page.getByText('Skriv hvorfor forespørselen avslås.')).toBeVisible();
  await page
    .getByRole('textbox', { name: 'Merknad, begrunnelse eller spørsmål' })
    .fill('Saken er avsluttet, og mappen er arkivert.');
  await page.getByRole('button', { name: 'Avslå' }).click();
  await expect(page.getByText('Forespørselen er avslått.')).toBeVisible();
  await expect
    .poll(
      async () =>
        valuesOf(await graphAs(request, 'lise', '/me/messages?$top=50')).some((mail) =>
          JSON.stringify(mail).includes('mappen er arkivert'),
        ),
      { timeout: 20_000 },
    )
    .toBe(true);
});

test('Sigrid Lund cannot decide a request she made herself', async ({ page }) => {
  await openAs(page, 'sigrid');
  const requestId = await submitFolderRequest(page, '2026/503', justification);
  await openChannelTab(page);
  await openAs(page, 'sigrid', `/index.html?request=${requestId}`);
  await expect(page.getByText(/en annen systemansvarlig må avgjøre den/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Godkjenn' })).toHaveCount(0);
});

test('when Sigrid and Anders decide at the same moment, exactly one decision counts', async ({
  browser,
  page,
  request,
}) => {
  await openAs(page, 'ola');
  const requestId = await submitFolderRequest(page, '2026/504', justification);

  test.setTimeout(60_000);
  const anders = await browser.newPage({ locale: 'nb-NO' });
  await openAs(page, 'sigrid', `/index.html?request=${requestId}`);
  await openChannelTab(page);
  await openAs(anders, 'anders', `/index.html?request=${requestId}`);
  await openChannelTab(anders);
  // Both must have the request open before either decides, or it is not "at the same moment".
  for (const p of [page, anders]) {
    await expect(p.getByRole('button', { name: 'Godkjenn' })).toBeVisible({ timeout: 20_000 });
  }
  await Promise.all([
    page.getByRole('button', { name: 'Godkjenn' }).click(),
    anders.getByRole('button', { name: 'Godkjenn' }).click(),
  ]);
  const outcomes = await Promise.all(
    [page, anders].map(async (p) => {
      const approved = p.getByText('Forespørselen er godkjent.');
      const lost = p.getByText(/Noen andre kom deg i forkjøpet|din beslutning ble ikke registrert/);
      await expect(approved.or(lost).first()).toBeVisible();
      return (await approved.count()) > 0 ? 'won' : 'lost';
    }),
  );
  expect(outcomes.sort()).toEqual(['lost', 'won']);
  await anders.close();
  const events = await eventsOf(request, requestId);
  expect(events[0]).toBe('request.submitted');
});

/**
 * Writes requests as `who` through the app's own ledger adapter, straight to
 * the server's Graph ($batch, 20 to a request): quicker than the form for many,
 * and what a tampered client could store, with a subject name the form would
 * never send.
 */
async function forgeFolderRequestsAs(
  baseURL: string,
  who: Who,
  requests: readonly { caseNumber: string; subjectName: string }[],
) {
  const tokenSource = {
    getAccessToken: async () => {
      const response = await fetch(`${baseURL}/_emulator/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId: people[who].upn }),
      });
      return z.object({ access_token: z.string() }).parse(await response.json()).access_token;
    },
  };
  const ledger = createGraphLedger(createGraphClient(tokenSource, `${baseURL}/graph`), {
    site: 'https://bodokommune.sharepoint.example/sites/dokumentsenteret',
  });
  const stored = await ledger.appendMany(
    requests.map((request) =>
      toEnvelope(
        {
          type: 'request.submitted',
          payload: {
            request: {
              kind: 'folder-access',
              subject: { id: demoPersonIds.olaHansen, displayName: request.subjectName },
              base: 'bodo',
              caseNumber: request.caseNumber,
              grading: 'barnesak',
              right: 'read',
              justificationTextId: crypto.randomUUID(),
              scope: 'folder',
            },
          },
        },
        { eventId: crypto.randomUUID(), streamId: crypto.randomUUID(), occurredAt: new Date() },
      ),
    ),
  );
  expect(stored).toHaveLength(requests.length);
}

test('the printable record shows markup in a justification as text, and the CSV of the filter defuses formulas', async ({
  page,
  context,
  request,
  baseURL,
}) => {
  test.setTimeout(60_000);
  if (baseURL === undefined) throw new Error('No baseURL in playwright.config.ts');
  const formula = '=HYPERLINK("https://evil.example","Ola Hansen")';
  await forgeFolderRequestsAs(baseURL, 'ola', [
    { caseNumber: '2026/506', subjectName: formula },
    { caseNumber: '2026/507', subjectName: 'Ola Hansen' },
  ]);
  const hostile =
    'Jeg følger opp eleven <script>window.__pwned = 1</script> og <img src="x" onerror="window.__pwned = 2"> i saken.';
  await openAs(page, 'ola');
  const requestId = await submitFolderRequest(page, '2026/505', hostile);

  await openAs(page, 'sigrid', `/index.html?request=${requestId}`);
  await openChannelTab(page);
  await page.getByRole('button', { name: 'Godkjenn' }).click();
  await expect(page.getByText('Forespørselen er godkjent.')).toBeVisible();
  await page.getByRole('textbox', { name: 'Elements-referanse' }).fill('2026/505-2');
  await page.getByRole('radio', { name: 'Skrivetilgang' }).check();
  await page.getByRole('button', { name: 'Registrer utført' }).click();
  await expect(page.getByText('Forespørselen er registrert som utført.')).toBeVisible();
  expect(await eventsOf(request, requestId)).toEqual([
    'request.submitted',
    'request.approved',
    'request.carried-out',
  ]);

  // A fresh reading of the request, with every event, is what gets printed.
  await openAs(page, 'sigrid', `/index.html?request=${requestId}`);
  await openChannelTab(page);
  await expect(page.getByText(hostile)).toBeVisible();
  const [record] = await Promise.all([
    context.waitForEvent('page'),
    page.getByRole('button', { name: /^Skriv ut \/ lagre som PDF/ }).click(),
  ]);
  await record.waitForLoadState();
  expect(record.url()).toMatch(/^blob:/);
  const body = record.locator('body');
  await expect(body).toContainText('2026/505');
  await expect(body).toContainText('2026/505-2');
  const events = record.getByRole('table').filter({
    has: record.getByRole('columnheader', { name: 'Hendelse' }),
  });
  for (const label of ['Sendt inn', 'Godkjent', 'Utført i Elements']) {
    await expect(events.getByRole('cell', { name: label, exact: true })).toHaveCount(1);
  }
  // The markup is text on the page: no element was made of it, and nothing ran.
  await expect(body).toContainText(hostile);
  await expect(record.locator('body script, body img')).toHaveCount(0);
  expect(await record.evaluate(() => '__pwned' in window)).toBe(false);
  expect(await page.evaluate(() => '__pwned' in window)).toBe(false);
  await record.close();

  // The queue filtered to Barnesak: the CSV holds exactly the filter's rows.
  await page.getByRole('button', { name: 'Tilbake til køen' }).click();
  await page.getByRole('combobox', { name: 'Gradering' }).selectOption('barnesak');
  const table = page.getByRole('table', { name: 'Behandling' });
  await expect(table.getByRole('row').filter({ hasText: /2026\/50[67]/ })).toHaveCount(2);
  const showing = page.getByRole('status').filter({ hasText: /^Viser \d+ av \d+$/ });
  await expect(showing).toHaveText(/^Viser (\d+) av \1$/);
  const total = Number(/av (\d+)$/.exec((await showing.textContent()) ?? '')?.[1]);
  const shownCaseNumbers = await table
    .getByRole('row')
    .filter({ has: page.getByRole('button', { name: /^Åpne/ }) })
    .evaluateAll((rows) => rows.map((row) => row.children[4]?.textContent ?? ''));
  expect(shownCaseNumbers).toHaveLength(total);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Last ned CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^behandling-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '');
  const [header, ...lines] = csv.split('\r\n').filter((line) => line !== '');
  expect(header).toContain('"Saksnummer"');
  expect(lines).toHaveLength(total);
  for (const caseNumber of shownCaseNumbers) {
    expect(lines.filter((line) => line.includes(`"${caseNumber}"`))).toHaveLength(1);
  }
  for (const line of lines) expect(line).toContain('"barnesak"');
  // An open Elevsak request of this file (Sigrid's own) is outside the filter.
  expect(csv).not.toContain('"2026/503"');
  const forged = lines.find((line) => line.includes('"2026/506"'));
  expect(forged).toContain(`"'${formula.replace(/"/g, '""')}"`);
  // No cell starts with a formula character.
  expect(csv).not.toMatch(/(^|,)"[=+\-@]/m);
});

test('a keyboard user reaches every row of a long queue, which renders only the rows in view', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(60_000);
  if (baseURL === undefined) throw new Error('No baseURL in playwright.config.ts');
  const count = 80;
  await forgeFolderRequestsAs(
    baseURL,
    'ola',
    Array.from({ length: count }, (_, index) => ({
      caseNumber: `2026/${600 + index}`,
      subjectName: `Køtest ${String(index + 1).padStart(2, '0')}`,
    })),
  );
  await openAs(page, 'sigrid');
  await openChannelTab(page);
  await page.getByRole('combobox', { name: 'Rader om gangen' }).selectOption('200');
  await page.getByRole('searchbox', { name: 'Søk' }).fill('Køtest');
  await expect(page.getByRole('status').filter({ hasText: /^Viser / })).toHaveText(
    `Viser ${count} av ${count}`,
  );
  const table = page.getByRole('table', { name: 'Behandling' });
  await expect(table).toHaveAttribute('aria-rowcount', String(count + 1));
  const rendered = table.getByRole('row');
  expect(await rendered.count()).toBeLessThan(count);

  // Where focus is: the row's place among all loaded rows, and that a button holds it.
  const focused = () =>
    page.evaluate(() => {
      const active = document.activeElement;
      return `${active?.tagName ?? ''} ${active?.closest('tr')?.getAttribute('aria-rowindex') ?? ''}`;
    });
  await table.getByRole('button', { name: /^Åpne/ }).first().focus();
  expect(await focused()).toBe('BUTTON 2');
  // Tab walks every row in order, past the ones first rendered.
  for (let row = 3; row <= count + 1; row += 1) {
    await page.keyboard.press('Tab');
    expect(await focused()).toBe(`BUTTON ${row}`);
  }
  expect(await rendered.count()).toBeLessThan(count);

  // Home and End jump; the row keeps focus when the list is scrolled away from it.
  await page.keyboard.press('Home');
  await expect.poll(focused).toBe('BUTTON 2');
  await table.hover();
  await page.mouse.wheel(0, 3_000);
  await expect(table.locator(`tr[aria-rowindex="${count + 1}"]`)).toHaveCount(1);
  expect(await focused()).toBe('BUTTON 2');
  await page.keyboard.press('End');
  await expect.poll(focused).toBe(`BUTTON ${count + 1}`);
  await page.keyboard.press('ArrowUp');
  await expect.poll(focused).toBe(`BUTTON ${count}`);
  expect(await rendered.count()).toBeLessThan(count);
  const scan = await axeScan(page);
  expect(scan.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});
