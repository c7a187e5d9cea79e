import { axeScan } from './axe.ts';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { eventsOf, graphAs, openAs, pickPerson, submittedRequestId, valuesOf } from './support.ts';

// One emulator serves the run; the fault test must not hit another journey's writes.
test.describe.configure({ mode: 'serial' });

const justification =
  'Jeg følger opp elevens tilrettelegging og må skrive notater i elevmappen i saken.';
const serviceNeed = 'Ola skal saksbehandle elevsaker for Skolekontoret fra desember.';

async function fillOrderForOla(page: Page) {
  await pickPerson(page, 'Ansatt', 'Ola Hansen');
  const unit = page.getByRole('textbox', { name: 'Administrativ enhet' });
  if ((await unit.inputValue()) === '') await unit.fill('Skolekontoret');
  await page.getByRole('checkbox', { name: 'Saksbehandler' }).check();
  await page.getByRole('textbox', { name: 'Tjenstlig behov' }).fill(serviceNeed);
}

test('Kari Nordmann orders access to the Bodø base for Ola Hansen', async ({ page, request }) => {
  await openAs(page, 'kari');
  await page.getByRole('tab', { name: 'Bestill tilgang' }).click();
  await page.getByRole('radio', { name: /Ny bruker/ }).check();
  await fillOrderForOla(page);
  await expect(page.getByRole('combobox', { name: 'Base' })).toHaveText(/Bodø/);
  await page.getByRole('button', { name: 'Send bestillingen' }).click();
  await expect(page.getByRole('heading', { name: 'Bestillingen er sendt' })).toBeVisible();
  const requestId = await submittedRequestId(page);

  expect(await eventsOf(request, requestId)).toEqual(['request.submitted']);
  // The triage channel heard of it, with a link and without the service need.
  const channel = await graphAs(
    request,
    'sigrid',
    `/teams/fba81984-e276-42ba-bda1-562a1187b2f0/channels/${encodeURIComponent('19:demo-triage@thread.tacv2')}/messages`,
  );
  const bodies = valuesOf(channel).map((message) => JSON.stringify(message));
  const announcing = bodies.filter((body) => body.includes(requestId));
  expect(announcing).toHaveLength(1);
  expect(announcing[0]).not.toContain('saksbehandle elevsaker');

  await page.getByRole('tab', { name: 'Mine forespørsler' }).click();
  await expect(page.getByText(/Ola Hansen/).first()).toBeVisible();
});

test('Ola Hansen asks for write access to an elevsak folder with a justification', async ({
  page,
  request,
}) => {
  await openAs(page, 'ola');
  await page.getByRole('tab', { name: 'Be om mappetilgang' }).click();
  await expect(page.getByText(/gjelder denne mappen/)).toBeVisible();
  await page.getByRole('textbox', { name: 'Saksnummer i Elements' }).fill('2026/77x');
  await page.getByRole('textbox', { name: 'Begrunnelse' }).click();
  await expect(page.getByText(/år\/løpenummer|2024\/1537/).first()).toBeVisible();
  await page.getByRole('textbox', { name: 'Saksnummer i Elements' }).fill('2026/77');
  await page.getByRole('radio', { name: /Elevsak/ }).check();
  await page.getByRole('radio', { name: /Skrivetilgang/ }).check();
  await page.getByRole('textbox', { name: 'Begrunnelse' }).fill(justification);
  await page.getByRole('button', { name: 'Send forespørselen' }).click();
  await expect(page.getByRole('heading', { name: 'Forespørselen er sendt' })).toBeVisible();
  const requestId = await submittedRequestId(page);
  expect(await eventsOf(request, requestId)).toEqual(['request.submitted']);

  await page.getByRole('button', { name: 'Åpne i Mine forespørsler' }).click();
  await expect(page.getByText(justification)).toBeVisible();
  const results = await axeScan(page);
  expect(
    results.violations.map(
      (v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.html).join(' | ')}`,
    ),
  ).toEqual([]);
});

test('Ola Hansen cannot order access for anyone, and is told why', async ({ page }) => {
  await openAs(page, 'ola');
  await page.getByRole('tab', { name: 'Bestill tilgang' }).click();
  await expect(page.getByText('Du kan ikke bestille tilgang')).toBeVisible();
  await expect(page.getByText(/Bare ledere/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send bestillingen' })).toHaveCount(0);
});

test('an external-consultant order without a period is refused with a clear message', async ({
  page,
}) => {
  await openAs(page, 'kari');
  await page.getByRole('tab', { name: 'Bestill tilgang' }).click();
  await page.getByRole('radio', { name: /Ekstern konsulent/ }).check();
  await page.getByRole('textbox', { name: 'Navn' }).fill('Eva Konsulent');
  await page.getByRole('textbox', { name: 'Firma' }).fill('Konsulenthuset AS');
  await page.getByRole('textbox', { name: 'E-post' }).fill('eva@konsulenthuset.example');
  await page.getByRole('checkbox', { name: /taushetserklæring/ }).check();
  await page.getByRole('textbox', { name: /Hvor er taushetserklæringen lagret/ }).fill('2026/12');
  await page.getByRole('checkbox', { name: 'Saksbehandler' }).check();
  await page
    .getByRole('textbox', { name: 'Tjenstlig behov' })
    .fill('Konsulenten skal migrere arkivdata for Skolekontoret i en avgrenset periode.');
  await page.getByRole('button', { name: 'Send bestillingen' }).click();
  await expect(
    page
      .getByText(/periode/i)
      .filter({ hasText: /må|Oppgi|mangler|Velg/ })
      .first(),
  ).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Bestillingen er sendt' })).toHaveCount(0);
});

test('an R8 request travels Ola Hansen → Kari Nordmann → Hilde Arnesen → systemansvarlig', async ({
  page,
  request,
}) => {
  await openAs(page, 'ola');
  await page.getByRole('tab', { name: 'Be om mappetilgang' }).click();
  await page.getByRole('radio', { name: /Utvidet tilgang/ }).check();
  const unit = page.getByRole('textbox', { name: 'Administrativ enhet' });
  if ((await unit.inputValue()) === '') await unit.fill('Skolekontoret');
  await page.getByRole('radio', { name: /Lesetilgang/ }).check();
  await page
    .getByRole('textbox', { name: /Begrunnelse/ })
    .fill('Jeg skal følge opp personalsaker for enheten mens lederen er i permisjon.');
  await page.getByRole('button', { name: 'Send forespørselen' }).click();
  await expect(
    page.getByRole('heading', { name: 'Forespørselen er sendt til lederen for bekreftelse' }),
  ).toBeVisible();
  const requestId = await submittedRequestId(page);

  // Kari is mailed a link to the step.
  // Exchange delivers seconds after the 202: look until it is there.
  await expect
    .poll(
      async () =>
        valuesOf(await graphAs(request, 'kari', '/me/messages?$top=50')).some((mail) =>
          JSON.stringify(mail).includes(requestId),
        ),
      { timeout: 20_000 },
    )
    .toBe(true);

  // Per Johansen is not Ola's leader: the step is not his to take.
  await openAs(page, 'per', `/index.html?request=${requestId}`);
  await expect(page.getByRole('button', { name: 'Bekreft behovet' })).toHaveCount(0);

  await openAs(page, 'kari', `/index.html?request=${requestId}`);
  await page
    .getByRole('textbox', { name: 'Skriftlig bekreftelse av tjenstlig behov' })
    .fill('Ola trenger utvidet tilgang for å følge opp personalsaker i enheten.');
  await page.getByRole('button', { name: 'Bekreft behovet' }).click();
  await expect(page.getByText(/går videre til arkivleder/)).toBeVisible();

  await openAs(page, 'hilde', '/');
  await page.getByRole('tab', { name: /Venter på meg/ }).click();
  await page
    .getByText(/Ola Hansen/)
    .first()
    .click();
  await page.getByRole('button', { name: 'Godkjenn' }).click();
  await expect(page.getByText(/går videre til systemansvarlig/)).toBeVisible();

  await openAs(page, 'sigrid', `/index.html?request=${requestId}`);
  await expect(page.getByText('Venter på systemansvarlig').first()).toBeVisible();
  expect(await eventsOf(request, requestId)).toEqual([
    'request.submitted',
    'request.leader-confirmed',
    'request.arkivleder-approved',
  ]);
});

test('a network failure during submit loses nothing and makes no duplicate', async ({
  page,
  request,
}) => {
  await openAs(page, 'kari');
  await page.getByRole('tab', { name: 'Bestill tilgang' }).click();
  await page.getByRole('radio', { name: /Endring/ }).check();
  await fillOrderForOla(page);

  // The submission reaches the list, then the connection drops before the answer and the
  // network stays down, so the app cannot find out what happened.
  await request.post('/_emulator/faults', {
    data: {
      rate: 1,
      kinds: ['drop-after-write'],
      methods: ['POST'],
      pathPattern: 'items',
      maxFaults: 1,
    },
  });
  let offline = false;
  await page.route('**/graph/v1.0/**', async (route) => {
    if (offline) return route.abort('internetdisconnected');
    const write =
      route.request().method() === 'POST' &&
      /\/items$/.test(new URL(route.request().url()).pathname);
    if (write) offline = true;
    return route.continue();
  });
  await page.getByRole('button', { name: 'Send bestillingen' }).click();
  await expect(page.getByText(/Ikke sendt|tatt vare på/).first()).toBeVisible({ timeout: 20_000 });
  await request.delete('/_emulator/faults');
  offline = false;
  // Nothing typed was lost.
  await expect(page.getByRole('textbox', { name: 'Tjenstlig behov' })).toHaveValue(serviceNeed);

  await page.getByRole('button', { name: 'Send bestillingen' }).click();
  await expect(page.getByRole('heading', { name: 'Bestillingen er sendt' })).toBeVisible();
  const requestId = await submittedRequestId(page);
  expect(await eventsOf(request, requestId)).toEqual(['request.submitted']);
});

test("a delegate orders for another leader's staff once that leader's own leader allows it", async ({
  page,
  request,
}) => {
  // Per Johansen leads Byggesak; Ola Hansen is Kari Nordmann's. Without a delegation Per may not.
  await openAs(page, 'marit');
  await page.getByRole('tab', { name: 'Delegering' }).click();
  await page.getByRole('combobox', { name: 'Leder' }).selectOption({ label: 'Kari Nordmann' });
  await pickPerson(page, 'Delegeres til', 'Per Johansen');
  await page.getByRole('button', { name: 'Deleger', exact: true }).click();
  await expect(
    page.getByText('Per Johansen kan nå bestille for de ansatte til Kari Nordmann.'),
  ).toBeVisible();

  await openAs(page, 'per');
  await page.getByRole('tab', { name: 'Bestill tilgang' }).click();
  await page.getByRole('radio', { name: /Ny bruker/ }).check();
  await fillOrderForOla(page);
  await page.getByRole('button', { name: 'Send bestillingen' }).click();
  await expect(page.getByRole('heading', { name: 'Bestillingen er sendt' })).toBeVisible();
  const requestId = await submittedRequestId(page);
  expect(await eventsOf(request, requestId)).toEqual(['request.submitted']);

  // The fold accepted Per as Kari's delegate: the order is in systemansvarlig's hands.
  await openAs(page, 'sigrid', `/index.html?request=${requestId}`);
  await expect(page.getByText(/Systemansvarlig skal behandle/).first()).toBeVisible();
  await expect(page.getByText(/med delegert ansvar.*på vegne av Kari Nordmann/)).toBeVisible();
});
