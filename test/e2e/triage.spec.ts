import { expect, test } from '@playwright/test';
import {
  eventsOf,
  graphAs,
  openAs,
  openChannelTab,
  submitFolderRequest,
  valuesOf,
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
  const inbox = valuesOf(await graphAs(request, 'ola', '/me/messages?$top=50'));
  expect(inbox.some((mail) => JSON.stringify(mail).includes('2026/501-3'))).toBe(true);
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
  const inbox = valuesOf(await graphAs(request, 'lise', '/me/messages?$top=50'));
  expect(inbox.some((mail) => JSON.stringify(mail).includes('mappen er arkivert'))).toBe(true);
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
