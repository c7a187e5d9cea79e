import { expect, test } from './fixtures.ts';

const officeJs = (url: string) => /\/office(\.debug)?\.js(\?|$)/.test(new URL(url).pathname);

test('tab.html outside Teams says where to open it within 5 seconds, and never loads office.js', async ({
  page,
}) => {
  const officeRequests: string[] = [];
  page.on('request', (request) => {
    if (officeJs(request.url())) officeRequests.push(request.url());
  });
  await page.goto('/tab.html');
  await expect(
    page.getByRole('heading', { name: 'Åpne Elements tilgang i Microsoft Teams' }),
  ).toBeVisible({
    timeout: 5_000,
  });
  expect(officeRequests).toEqual([]);
});

test('config.html outside Teams shows the same message and never loads office.js', async ({
  page,
}) => {
  const officeRequests: string[] = [];
  page.on('request', (request) => {
    if (officeJs(request.url())) officeRequests.push(request.url());
  });
  await page.goto('/config.html');
  await expect(
    page.getByRole('heading', { name: 'Åpne Elements tilgang i Microsoft Teams' }),
  ).toBeVisible({
    timeout: 5_000,
  });
  expect(officeRequests).toEqual([]);
});

test('taskpane.html outside Outlook loads the local office.js and says where to open it within 5 seconds', async ({
  page,
}) => {
  const officeResponses: number[] = [];
  page.on('response', (response) => {
    if (officeJs(response.url())) officeResponses.push(response.status());
  });
  await page.goto('/taskpane.html');
  await expect(page.getByRole('heading', { name: 'Åpne Elements tilgang i Outlook' })).toBeVisible({
    timeout: 5_000,
  });
  expect(officeResponses).toEqual([200]);
});

test('taskpane.html says office.js is missing when it cannot be loaded', async ({ page }) => {
  await page.route(/office\.js/, (route) => route.abort());
  await page.goto('/taskpane.html');
  await expect(page.getByText('Outlook-biblioteket (office.js) ble ikke lastet.')).toBeVisible({
    timeout: 5_000,
  });
});

test('an English browser gets the English message', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto('/tab.html');
  await expect(
    page.getByRole('heading', { name: 'Open Elements tilgang in Microsoft Teams' }),
  ).toBeVisible({
    timeout: 5_000,
  });
  await context.close();
});
