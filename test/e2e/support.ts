import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { eventLists } from '../../src/m365/ledger-schema.ts';

/** Demo people the journeys use (emulator/directory-data.ts). */
export const people = {
  kari: { name: 'Kari Nordmann', upn: 'kari.nordmann@bodo.example' },
  ola: { name: 'Ola Hansen', upn: 'ola.hansen@bodo.example' },
  per: { name: 'Per Johansen', upn: 'per.johansen@bodo.example' },
  marit: { name: 'Marit Solberg', upn: 'marit.solberg@bodo.example' },
  lise: { name: 'Lise Olsen', upn: 'lise.olsen@bodo.example' },
  anders: { name: 'Anders Moe', upn: 'anders.moe@bodo.example' },
  hilde: { name: 'Hilde Arnesen', upn: 'hilde.arnesen@bodo.example' },
  sigrid: { name: 'Sigrid Lund', upn: 'sigrid.lund@bodo.example' },
} as const;
export type Who = keyof typeof people;

/** Opens the workbench (optionally at a request) as `who`, through "Logg inn som". */
export async function openAs(page: Page, who: Who, path = '/') {
  await page.goto(path);
  const user = page.getByTestId('signed-in-user');
  await expect(user).toContainText(/\S/);
  if (!(await user.textContent())?.includes(people[who].name)) {
    await page.getByRole('combobox', { name: 'Logg inn som' }).click();
    await page.getByRole('option', { name: new RegExp(`^${people[who].name}`) }).click();
  }
  await expect(user).toContainText(people[who].name);
}

/** Picks a person in a directory picker by typing part of the name. */
export async function pickPerson(page: Page, label: string, name: string) {
  const picker = page.getByRole('combobox', { name: label });
  await picker.click();
  await picker.fill(name.split(' ')[0] ?? name);
  await page
    .getByRole('option', { name: new RegExp(name) })
    .first()
    .click();
}

/** The request id shown in the confirmation after a submit. */
export async function submittedRequestId(page: Page): Promise<string> {
  const text = await page.getByText('Forespørselens id:').textContent();
  const id = /Forespørselens id:\s*([\w-]+)/.exec(text ?? '')?.[1];
  if (!id) throw new Error(`No request id in "${text ?? ''}"`);
  return id;
}

/** Calls the emulator's Graph as `who`, as the app would (for checks the UI does not show). */
export async function graphAs(
  request: APIRequestContext,
  who: Who,
  path: string,
  init: { method?: 'GET' | 'POST'; data?: unknown; headers?: Record<string, string> } = {},
): Promise<unknown> {
  const tokenResponse = await request.post('/_emulator/token', {
    data: { userId: people[who].upn },
  });
  const token: unknown = await tokenResponse.json();
  const accessToken =
    typeof token === 'object' && token !== null && 'access_token' in token
      ? String(token.access_token)
      : '';
  const response = await request.fetch(`/graph/v1.0${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${accessToken}`, ...init.headers },
    ...(init.data === undefined ? {} : { data: init.data }),
  });
  expect(response.ok(), `${path}: ${response.status()}`).toBe(true);
  return response.status() === 204 || response.status() === 202 ? null : response.json();
}

export function valuesOf(body: unknown): Record<string, unknown>[] {
  if (
    typeof body !== 'object' ||
    body === null ||
    !('value' in body) ||
    !Array.isArray(body.value)
  ) {
    return [];
  }
  return body.value.filter(
    (entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null,
  );
}

const site = '/sites/bodokommune.sharepoint.example:/sites/dokumentsenteret:';

/** Every event stored for a request, read through Graph as systemansvarlig. */
/**
 * The event types of a request in the order SharePoint stored them, from every list a request
 * has events in (decision 014), as systemansvarlig reads them.
 */
export async function eventsOf(request: APIRequestContext, requestId: string) {
  const items: { type: string; created: string; list: number; id: number }[] = [];
  for (const [index, list] of eventLists.entries()) {
    if (list.key === 'reviews') continue;
    const body = await graphAs(
      request,
      'sigrid',
      `${site}/lists/${encodeURIComponent(list.displayName)}/items?$expand=fields&$filter=${encodeURIComponent(`fields/StreamId eq '${requestId}'`)}`,
    );
    for (const item of valuesOf(body)) {
      const fields = item.fields;
      items.push({
        type:
          typeof fields === 'object' && fields !== null && 'EventType' in fields
            ? String(fields.EventType)
            : '',
        created: typeof item.createdDateTime === 'string' ? item.createdDateTime : '',
        list: index,
        id: Number(item.id),
      });
    }
  }
  return items
    .sort((a, b) => a.created.localeCompare(b.created) || a.list - b.list || a.id - b.id)
    .map((item) => item.type);
}

/** Switches the workbench to the Dokumentsenteret channel tab ("Behandling"). */
export async function openChannelTab(page: Page) {
  await page.getByRole('combobox', { name: 'Vis som' }).click();
  await page.getByRole('option', { name: 'Teams: kanalen Dokumentsenteret' }).click();
  await expect(page.getByRole('combobox', { name: 'Vis som' })).toHaveText(
    'Teams: kanalen Dokumentsenteret',
  );
}

/** Submits a folder request as the signed-in person and returns its id. */
export async function submitFolderRequest(page: Page, caseNumber: string, text: string) {
  await page.getByRole('tab', { name: 'Be om mappetilgang' }).click();
  await page.getByRole('textbox', { name: 'Saksnummer i Elements' }).fill(caseNumber);
  await page.getByRole('radio', { name: /Elevsak/ }).check();
  await page.getByRole('radio', { name: /Skrivetilgang/ }).check();
  await page.getByRole('textbox', { name: 'Begrunnelse' }).fill(text);
  await page.getByRole('button', { name: 'Send forespørselen' }).click();
  await expect(page.getByRole('heading', { name: 'Forespørselen er sendt' })).toBeVisible();
  return submittedRequestId(page);
}
