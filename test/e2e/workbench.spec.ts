import { axeScan } from './axe.ts';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

async function signInAs(page: Page, name: string) {
  await page.getByRole('combobox', { name: 'Logg inn som' }).click();
  await page.getByRole('option', { name: new RegExp(`^${name}`) }).click();
}

test('the workbench shows who is signed in, read through Graph from the emulator', async ({
  page,
}) => {
  await page.goto('/');
  const user = page.getByTestId('signed-in-user');
  await expect(user).toContainText('Kari Nordmann');
  await expect(user).toContainText('Enhetsleder');
  await expect(page.getByTestId('host-kind')).toHaveText('Kjører i lokal arbeidsbenk');
  await expect(page.getByRole('heading', { name: 'Bestill tilgang til Elements' })).toBeVisible();
});

test('switching identity from Kari Nordmann to Sigrid Lund changes the name and job title', async ({
  page,
}) => {
  const meRequests: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/graph/v1.0/me') meRequests.push(request.url());
  });
  await page.goto('/');
  const user = page.getByTestId('signed-in-user');
  await expect(user).toContainText('Kari Nordmann');
  const beforeSwitch = meRequests.length;
  expect(beforeSwitch).toBeGreaterThan(0);

  await signInAs(page, 'Sigrid Lund');
  await expect(user).toContainText('Sigrid Lund');
  await expect(user).toContainText('Systemansvarlig');
  await expect(user).not.toContainText('Kari Nordmann');
  // Sigrid's name came from Graph /me, asked again after the switch.
  expect(meRequests.length).toBeGreaterThan(beforeSwitch);

  // The choice survives a reload of the tab.
  await page.reload();
  await expect(user).toContainText('Sigrid Lund');
});

test('language and theme follow the (workbench) host', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('signed-in-user')).toContainText('Kari Nordmann');
  const background = () =>
    page.locator('header').evaluate((element) => getComputedStyle(element).backgroundColor);
  const light = await background();
  expect(light).toBe('rgb(255, 255, 255)');

  await page.getByRole('combobox', { name: 'Tema' }).click();
  await page.getByRole('option', { name: 'Mørkt' }).click();
  await expect.poll(background).not.toBe(light);

  await page.getByRole('combobox', { name: 'Språk' }).click();
  await page.getByRole('option', { name: 'English' }).click();
  await expect(page.getByTestId('host-kind')).toHaveText('Running in the local workbench');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('combobox', { name: 'Sign in as' })).toBeVisible();
});

for (const theme of ['Lyst', 'Mørkt', 'Høy kontrast']) {
  test(`axe finds no violations in the workbench (${theme})`, async ({ page }) => {
    await page.goto('/');
    await expect(page.getByTestId('signed-in-user')).toContainText('Kari Nordmann');
    await page.getByRole('combobox', { name: 'Tema' }).click();
    await page.getByRole('option', { name: theme }).click();
    await page.keyboard.press('Escape');
    const results = await axeScan(page);
    expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });
}
