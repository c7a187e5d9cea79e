import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { readFile } from 'node:fs/promises';
import { axeScan } from './axe.ts';
import { openAs, people, type Who } from './support.ts';

/**
 * A quarterly SvarUt review from import to archived report (issue 6): Sigrid
 * Lund imports 25 users from a KS Fiks export with one bad row and sends;
 * sending is cut off half-way (the tab is closed while Exchange throttles) and
 * resumed with no duplicates; Ola Hansen answers per line in the task pane
 * beside the e-mail in the workbench mailbox; Lise Olsen answers by plain
 * reply "NEI"; Ingrid Berg does not answer and is reminded exactly once; the
 * removals are confirmed and the report lists them.
 */
test.describe.configure({ mode: 'serial' });

const fixture = new URL('./fixtures/svarut-25.csv', import.meta.url);

/** A deadline of its own, so this run's mails are told apart from an earlier run's on a reused server. */
const deadlineDay = new Date(Date.UTC(2027, 0, 1 + Math.floor(Math.random() * 300)));
const deadline = deadlineDay.toISOString().slice(0, 10);
const deadlineText = `${deadline.slice(8, 10)}.${deadline.slice(5, 7)}.${deadline.slice(0, 4)}`;
const subject = `Bekreft tilgangen din til SvarUt innen ${deadlineText}`;

interface SentMail {
  readonly to: readonly string[];
  readonly subject: string;
  readonly internetMessageId: string;
}

/** Every review mail of this run the emulator accepted, in order (its log of sends). */
async function sentReviewMails(request: APIRequestContext): Promise<SentMail[]> {
  const response = await request.get('/_emulator/mail/sent?header=x-elements-tilgang');
  expect(response.ok()).toBe(true);
  const body: unknown = await response.json();
  const value =
    typeof body === 'object' && body !== null && 'value' in body && Array.isArray(body.value)
      ? body.value
      : [];
  return value
    .map((entry: unknown) => {
      const record = typeof entry === 'object' && entry !== null ? entry : {};
      const to = 'to' in record && Array.isArray(record.to) ? record.to.map(String) : [];
      return {
        to: to.map((address) => address.toLowerCase()),
        subject: 'subject' in record ? String(record.subject) : '',
        internetMessageId: 'internetMessageId' in record ? String(record.internetMessageId) : '',
      };
    })
    .filter((mail) => mail.subject.endsWith(subject));
}

async function setMailLimit(request: APIRequestContext, messagesPerMinute: number | null) {
  // Refused with 429 over the limit (the Retry-After path); Exchange's own default is to queue.
  const response = await request.put('/_emulator/mail-limits', {
    data: { messagesPerMinute, overLimit: 'throttle' },
  });
  expect(response.ok()).toBe(true);
}

async function openReviews(page: Page) {
  await page.getByRole('combobox', { name: 'Vis som' }).click();
  await page.getByRole('option', { name: 'Teams: kanalen Dokumentsenteret' }).click();
  await page.getByRole('tab', { name: 'Tilgangsgjennomganger' }).click();
}

async function openCampaign(page: Page) {
  await openAs(page, 'sigrid');
  await openReviews(page);
  await page
    .getByRole('row')
    .filter({ hasText: deadlineText })
    .getByRole('button', { name: /SvarUt/ })
    .click();
}

async function openMailbox(page: Page, who: Who) {
  await openAs(page, who);
  await page.getByRole('combobox', { name: 'Vis som' }).click();
  await page.getByRole('option', { name: 'Outlook (innboks)' }).click();
  await page
    .getByRole('option', { name: new RegExp(subject) })
    .first()
    .click();
}

// The campaign fills Sigrid's sending minute; the journeys after this file must not meet that
// window (in a tenant, review mail goes from a shared mailbox for the same reason).
test.afterAll(async ({ request }) => {
  await setMailLimit(request, null);
});

test('Sigrid Lund imports 25 SvarUt users with one bad row and sends; a cut-off sending resumes without duplicates', async ({
  page,
  context,
  request,
}) => {
  test.setTimeout(120_000);
  await openAs(page, 'sigrid');
  await openReviews(page);
  await page.getByRole('button', { name: 'Ny gjennomgang' }).click();
  await page.getByRole('textbox', { name: 'Svarfrist' }).fill(deadline);
  await page
    .getByLabel('Fil eksportert fra KS Fiks eller Elements (CSV)')
    .setInputFiles({ name: 'svarut.csv', mimeType: 'text/csv', buffer: await readFile(fixture) });
  await expect(page.getByText('Filen har 1 feil. 26 linjer er i orden.')).toBeVisible();
  const problems = page.getByRole('table', { name: 'Feil i filen' });
  await expect(problems.getByRole('row')).toHaveCount(2);
  await expect(problems.getByRole('row').nth(1)).toContainText('15');
  // Nothing is imported until the bad row is dropped on purpose.
  await expect(page.getByRole('button', { name: 'Kontroller og forhåndsvis' })).toBeDisabled();
  await page.getByRole('checkbox', { name: /Hopp over 1 rad/ }).check();
  await page.getByRole('button', { name: 'Kontroller og forhåndsvis' }).click();
  await expect(page.getByText(/26 linjer for 25 personer: 25 e-poster/)).toBeVisible();
  expect((await axeScan(page)).violations).toEqual([]);
  await page.getByRole('button', { name: 'Opprett gjennomgangen' }).click();

  // Exchange lets 12 through this minute; the rest wait for Retry-After, and the tab is closed then.
  await setMailLimit(request, 12);
  await page.getByRole('button', { name: 'Send til 25 personer' }).click();
  await expect(page.getByText(/Venter på Exchange/)).toBeVisible({ timeout: 30_000 });
  await expect.poll(async () => (await sentReviewMails(request)).length).toBe(12);
  await page.close();

  await setMailLimit(request, null);
  const again = await context.newPage();
  await openCampaign(again);
  await again.getByRole('button', { name: 'Fortsett sendingen' }).click();
  await expect(again.getByText('Ferdig: 25 av 25 har fått e-posten.')).toBeVisible({
    timeout: 30_000,
  });
  const sent = await sentReviewMails(request);
  expect(sent).toHaveLength(25);
  expect(new Set(sent.map((mail) => mail.to.join(','))).size).toBe(25);
  expect(new Set(sent.map((mail) => mail.internetMessageId)).size).toBe(25);
});

test('Ola Hansen keeps one line and removes the other in the task pane beside the e-mail', async ({
  page,
}) => {
  await openMailbox(page, 'ola');
  await page.getByRole('button', { name: 'Elements tilgang' }).click();
  const pane = page.getByRole('complementary', { name: 'Elements tilgang' });
  await expect(
    pane.getByRole('heading', { name: 'Bekreft tilgangen din til SvarUt' }),
  ).toBeVisible();
  const lines = pane.getByRole('group', { name: /^\d\. Bodø kommune/ });
  await expect(lines).toHaveCount(2);
  await pane.getByRole('button', { name: 'Send svar' }).click();
  await expect(pane.getByText('Velg «Behold» eller «Fjern».').first()).toBeVisible();
  await lines.nth(0).getByRole('radio', { name: 'Behold' }).check();
  await lines.nth(1).getByRole('radio', { name: 'Fjern' }).check();
  await lines
    .nth(1)
    .getByRole('textbox', { name: /Kommentar/ })
    .fill('Sluttet i voksenopplæringen');
  await pane.getByRole('button', { name: 'Send svar' }).click();
  await expect(pane.getByText('Takk! Svaret ditt er registrert.')).toBeVisible();
  const scan = await axeScan(page, { sandboxedFrames: ['[data-testid="mailbox-message-body"]'] });
  expect(scan.violations).toEqual([]);
});

test('Lise Olsen answers by plain reply "NEI" and it counts once Sigrid reads the replies', async ({
  page,
}) => {
  await openMailbox(page, 'lise');
  await page.getByRole('button', { name: 'Svar', exact: true }).click();
  await page.getByRole('textbox', { name: 'Svaret ditt' }).fill('NEI');
  await page.getByRole('button', { name: 'Send svar' }).click();
  await expect(page.getByText(/Svaret ditt er sendt/)).toBeVisible();

  await openCampaign(page);
  // The reply reaches the campaign mailbox seconds later (Exchange's delivery): read until it is there.
  await expect(async () => {
    await page.getByRole('button', { name: 'Les svar fra innboksen' }).click();
    await expect(page.getByText(/^1 nye svar registrert/)).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  const removals = page.getByRole('table', { name: 'Tilgang som skal fjernes' });
  await expect(removals.getByRole('row').filter({ hasText: 'Lise Olsen' })).toHaveCount(1);
  await expect(removals.getByRole('row').filter({ hasText: 'Ola Hansen' })).toHaveCount(1);
});

test('Ingrid Berg, who does not answer, gets exactly one reminder; those who answered get none', async ({
  page,
  request,
}) => {
  await openCampaign(page);
  await page.getByRole('button', { name: 'Send påminnelse til 23 som ikke har svart' }).click();
  await expect(page.getByText('Ferdig: 23 av 23 har fått e-posten.')).toBeVisible({
    timeout: 30_000,
  });
  // Once today's reminders are out, there is nobody left to remind today.
  await expect(
    page.getByRole('button', { name: 'Send påminnelse til 0 som ikke har svart' }),
  ).toBeDisabled();
  const sent = await sentReviewMails(request);
  const toIngrid = sent.filter((mail) => mail.to.includes('ingrid.berg@bodo.example'));
  expect(toIngrid.map((mail) => mail.subject.startsWith('Påminnelse: '))).toEqual([false, true]);
  for (const who of ['ola', 'lise'] as const) {
    expect(sent.filter((mail) => mail.to.includes(people[who].upn))).toHaveLength(1);
  }
});

test('the removals are confirmed, the review closes, and the report lists the removals', async ({
  page,
  context,
}) => {
  await openCampaign(page);
  await expect(page.getByRole('table', { name: 'Tilgang som skal fjernes' })).toBeVisible();
  expect((await axeScan(page)).violations).toEqual([]);
  for (const person of ['Ola Hansen', 'Lise Olsen']) {
    await page
      .getByRole('button', { name: new RegExp(`Bekreft at tilgangen til ${person}`) })
      .click();
    await expect(page.getByText(/Fjernet i KS Fiks/).first()).toBeVisible();
  }
  await page.getByRole('textbox', { name: 'Arkivreferanse i Elements' }).fill('2026/900-4');
  await page.getByRole('button', { name: 'Avslutt gjennomgangen' }).click();
  await expect(page.getByText(/Avsluttet av Sigrid Lund/)).toBeVisible();

  const [report] = await Promise.all([
    context.waitForEvent('page'),
    page.getByRole('button', { name: 'Skriv ut rapport / lagre som PDF' }).click(),
  ]);
  await report.waitForLoadState();
  await expect(report.locator('body')).toContainText('2026/900-4');
  await expect(report.locator('body')).toContainText('Lise Olsen');
  await expect(report.locator('body')).toContainText('Sluttet i voksenopplæringen');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Last ned linjer (CSV)' }).click(),
  ]);
  const csv = await readFile(await download.path(), 'utf8');
  expect(csv).toContain('Lise Olsen');
  expect(csv.split('\r\n').filter((row) => row.includes('Fjern')).length).toBeGreaterThanOrEqual(2);
});

test('a leaver in the next import is kept, goes to the removal list, and nobody is mailed about her', async ({
  page,
}) => {
  const nextDeadline = new Date(deadlineDay.getTime() + 7 * 86_400_000).toISOString().slice(0, 10);
  await openAs(page, 'sigrid');
  await openReviews(page);
  await page.getByRole('button', { name: 'Ny gjennomgang' }).click();
  await page.getByRole('textbox', { name: 'Svarfrist' }).fill(nextDeadline);
  for (const line of [
    { name: 'Lise Olsen', email: 'lise.olsen@bodo.example' },
    { name: 'Nina Nilsen', email: 'nina.nilsen@bodo.example' },
  ]) {
    await page.getByRole('textbox', { name: 'Navn' }).fill(line.name);
    await page.getByRole('textbox', { name: 'E-post' }).fill(line.email);
    await page
      .getByRole('textbox', { name: 'Organisasjon / underenhet' })
      .fill('Bodø kommune - Byggesak');
    await page.getByRole('textbox', { name: 'Rettighet' }).fill('send');
    await page.getByRole('button', { name: 'Legg til linje' }).click();
  }
  await page.getByRole('button', { name: 'Kontroller og forhåndsvis' }).click();
  // Nina is no longer in the directory, and her address is the municipality's: she has left.
  await expect(page.getByText(/2 linjer for 1 personer: 1 e-poster/)).toBeVisible();
  await expect(
    page.getByText(/1 linjer gjelder personer som har sluttet .*nina\.nilsen@bodo\.example/),
  ).toBeVisible();
  expect((await axeScan(page)).violations).toEqual([]);
  await page.getByRole('button', { name: 'Opprett gjennomgangen' }).click();

  await expect(page.getByRole('button', { name: 'Send til 1 personer' })).toBeVisible();
  const removals = page.getByRole('table', { name: 'Tilgang som skal fjernes' });
  await expect(removals.getByRole('row').filter({ hasText: 'Nina Nilsen' })).toContainText(
    'Sluttet i kommunen (ikke spurt)',
  );
});
