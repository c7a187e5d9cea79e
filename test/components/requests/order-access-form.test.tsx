import { screen, waitFor, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { osloDate } from '../../../src/domain/dates.ts';
import { draftKey } from '../../../src/features/forms/use-draft.ts';
import { OrderAccessForm } from '../../../src/features/requests/components/order-access-form.tsx';
import { GraphError } from '../../../src/m365/errors.ts';
import { FakeRequestDesk, people } from './fake-request-desk.ts';
import {
  descriptionOf,
  expectNoAxeViolations,
  forgetDrafts,
  renderWithDesk,
  tabTo,
} from './render-requests.tsx';

const serviceNeed = 'Skal behandle elevsaker og føre journal for skolekontoret.';
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

beforeEach(() => window.localStorage.clear());
afterEach(forgetDrafts);

const orderCalls = (desk: FakeRequestDesk) => desk.orders;
const savedDraftSchema = z.object({ ids: z.object({ requestId: z.string() }) });

async function renderForm(desk = new FakeRequestDesk()) {
  const user = userEvent.setup();
  const view = renderWithDesk(<OrderAccessForm onOpenRequest={() => undefined} />, desk);
  await screen.findByRole('heading', { name: 'Bestill tilgang til Elements' });
  return { user, desk, ...view };
}

/** Picks Ola Hansen in the employee box by typing and the arrow keys. */
async function pickOla(user: UserEvent) {
  const employee = screen.getByRole('combobox', { name: /Ansatt/ });
  await user.click(employee);
  await user.keyboard('Ola');
  await screen.findByRole('option', { name: /^Ola Hansen/ });
  await user.keyboard('{Enter}');
  await waitFor(() => expect(employee).toHaveValue('Ola Hansen'));
}

/** Fills a valid new-user order for Ola Hansen. */
async function fillNewUserOrder(user: UserEvent) {
  await pickOla(user);
  await user.click(screen.getByRole('checkbox', { name: 'Saksbehandler' }));
  await user.type(screen.getByRole('textbox', { name: /Tjenstlig behov/ }), serviceNeed);
}

describe('OrderAccessForm', () => {
  it('lets a leader fill in an order by keyboard and sends it once, with the ids made for it', async () => {
    const { user, desk } = await renderForm();

    const newUser = screen.getByRole('radio', { name: /Ny bruker/ });
    await tabTo(user, newUser);
    expect(newUser).toBeChecked();

    const employee = screen.getByRole('combobox', { name: /Ansatt/ });
    await tabTo(user, employee);
    await user.keyboard('Ola');
    const option = await screen.findByRole('option', { name: /^Ola Hansen/ });
    expect(within(screen.getByRole('listbox')).getByText('Dine ansatte')).toBeVisible();
    expect(option).toHaveTextContent('Rådgiver, Skolekontoret');
    // Typing a name highlights the first match; Enter chooses it.
    await user.keyboard('{Enter}');
    await waitFor(() => expect(employee).toHaveValue('Ola Hansen'));

    // The administrative unit is filled from the employee's department.
    expect(screen.getByRole('textbox', { name: /Administrativ enhet/ })).toHaveValue(
      'Skolekontoret',
    );

    const role = screen.getByRole('checkbox', { name: 'Saksbehandler' });
    await tabTo(user, role);
    await user.keyboard(' ');
    expect(role).toBeChecked();

    const need = screen.getByRole('textbox', { name: /Tjenstlig behov/ });
    await tabTo(user, need);
    await user.keyboard(serviceNeed);

    await tabTo(user, screen.getByRole('button', { name: 'Send bestillingen' }));
    await user.keyboard('{Enter}');

    await screen.findByRole('heading', { name: 'Bestillingen er sendt' });
    const calls = orderCalls(desk);
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.order).toEqual({
      kind: 'order.new-user',
      subject: { id: people.ola.id, displayName: 'Ola Hansen' },
      base: 'bodo',
      administrativeUnit: 'Skolekontoret',
      roles: ['saksbehandler'],
      accessCodes: [],
      startDate: osloDate(new Date()),
      serviceNeed,
    });
    expect(call?.ids.requestId).toMatch(uuid);
    expect(call?.ids.eventId).toMatch(uuid);
    expect(call?.ids.eventId).not.toBe(call?.ids.requestId);
    expect(screen.getByText(call?.ids.requestId ?? '')).toBeVisible();
    expect(screen.getByRole('button', { name: 'Åpne i Mine forespørsler' })).toBeVisible();
  });

  it('sends one order when the button is clicked twice', async () => {
    const { user, desk } = await renderForm();
    await fillNewUserOrder(user);
    const release = desk.hold('submitOrder');

    const submit = screen.getByRole('button', { name: 'Send bestillingen' });
    await user.dblClick(submit);
    const sending = screen.getByRole('button', { name: /Sender/ });
    expect(sending).toHaveAttribute('aria-disabled', 'true');
    await user.click(sending);
    release();

    await screen.findByRole('heading', { name: 'Bestillingen er sendt' });
    expect(orderCalls(desk)).toHaveLength(1);
  });

  it('keeps everything after a network failure, and a retry reuses the same ids', async () => {
    const { user, desk } = await renderForm();
    await fillNewUserOrder(user);
    desk.failNext('submitOrder', new GraphError('network', 'Failed to fetch', 0));

    await user.click(screen.getByRole('button', { name: 'Send bestillingen' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Ingen forbindelse. Sjekk nettverket og prøv igjen.');
    expect(alert).toHaveTextContent('Det du har skrevet, er tatt vare på.');
    expect(alert).not.toHaveTextContent('Failed to fetch');
    expect(screen.getByRole('combobox', { name: /Ansatt/ })).toHaveValue('Ola Hansen');
    expect(screen.getByRole('checkbox', { name: 'Saksbehandler' })).toBeChecked();
    expect(screen.getByRole('textbox', { name: /Tjenstlig behov/ })).toHaveValue(serviceNeed);

    await user.click(screen.getByRole('button', { name: 'Send bestillingen' }));
    await screen.findByRole('heading', { name: 'Bestillingen er sendt' });
    const [first, second] = orderCalls(desk);
    expect(orderCalls(desk)).toHaveLength(2);
    expect(second?.ids).toEqual(first?.ids);
    expect(second?.order).toEqual(first?.order);
  });

  it('shows a refusal next to the field it concerns, and the rest at the top', async () => {
    const { user, desk } = await renderForm();
    await fillNewUserOrder(user);
    desk.refuseNext('submitOrder', [
      { key: 'rule.r1.notLeaderOf', params: { subject: 'Ola Hansen' }, field: 'subject' },
      { key: 'rule.r2.serviceNeedTooShort', params: { min: 20 }, field: 'serviceNeed' },
      { key: 'catalogue.unknownBase', params: { id: 'rost' } },
    ]);

    await user.click(screen.getByRole('button', { name: 'Send bestillingen' }));

    await waitFor(() =>
      expect(descriptionOf(screen.getByRole('combobox', { name: /Ansatt/ }))).toContain(
        'Du er ikke leder for Ola Hansen, og har ikke delegert ansvar fra lederen. Tilgang bestilles av lederen.',
      ),
    );
    expect(descriptionOf(screen.getByRole('textbox', { name: /Tjenstlig behov/ }))).toContain(
      'Beskriv det tjenstlige behovet med minst 20 tegn: hvilke oppgaver krever tilgangen?',
    );
    const top = screen
      .getAllByRole('alert')
      .find((alert) => alert.textContent?.includes('Ikke sendt'));
    expect(top).toHaveTextContent('Basen «rost» finnes ikke.');
    expect(top).not.toHaveTextContent('Du er ikke leder');
    expect(screen.getByRole('combobox', { name: /Ansatt/ })).toHaveFocus();
  });

  it('explains each missing field in a full sentence next to it, and moves focus to the first', async () => {
    const { user, desk } = await renderForm();

    await user.click(screen.getByRole('button', { name: 'Send bestillingen' }));

    await waitFor(() => expect(screen.getByRole('combobox', { name: /Ansatt/ })).toHaveFocus());
    expect(descriptionOf(screen.getByRole('combobox', { name: /Ansatt/ }))).toContain(
      'Velg den ansatte fra katalogen.',
    );
    expect(descriptionOf(screen.getByRole('textbox', { name: /Tjenstlig behov/ }))).toContain(
      'Beskriv det tjenstlige behovet.',
    );
    expect(screen.getByRole('group', { name: /Roller i Elements/ })).toHaveAccessibleDescription(
      /Velg minst én rolle\./,
    );
    expect(orderCalls(desk)).toHaveLength(0);
  });

  it('tells someone who may not order why, instead of showing the form (R1)', async () => {
    const desk = new FakeRequestDesk(people.ola);
    renderWithDesk(<OrderAccessForm onRequestFolderAccess={() => undefined} />, desk);

    expect(
      await screen.findByText(
        'Bare ledere, eller den som har fått delegert ansvaret, kan bestille tilgang til Elements.',
      ),
    ).toBeVisible();
    expect(screen.getByText('Du kan ikke bestille tilgang')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Send bestillingen' })).not.toBeInTheDocument();
    expect(screen.queryByRole('combobox', { name: /Ansatt/ })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Be om mappetilgang' })).toBeVisible();
  });

  it('requires a period of at most twelve months for an external consultant (R10)', async () => {
    const { user, desk } = await renderForm();
    await user.click(screen.getByRole('radio', { name: /Ekstern konsulent/ }));
    expect(screen.queryByRole('combobox', { name: /Ansatt/ })).not.toBeInTheDocument();
    expect(screen.getByText(/Perioden kan være høyst 12 måneder/)).toBeVisible();

    await user.type(screen.getByRole('textbox', { name: /^Navn/ }), 'Siri Konsulent');
    await user.type(screen.getByRole('textbox', { name: /^Firma/ }), 'Konsulenthuset AS');
    await user.type(screen.getByRole('textbox', { name: /^E-post/ }), 'siri@konsulent.example');
    await user.click(
      screen.getByRole('checkbox', { name: /Konsulenten har signert taushetserklæring/ }),
    );
    await user.type(
      screen.getByRole('textbox', { name: /Hvor er taushetserklæringen lagret/ }),
      '2025/311',
    );
    await user.click(screen.getByRole('combobox', { name: /Perioden er avtalt med/ }));
    await user.click(await screen.findByRole('option', { name: 'Sigrid Lund' }));
    await user.type(screen.getByRole('textbox', { name: /Administrativ enhet/ }), 'IKT-avdelingen');
    await user.click(screen.getByRole('checkbox', { name: 'Leser' }));
    await user.type(screen.getByRole('textbox', { name: /Tjenstlig behov/ }), serviceNeed);

    await user.click(screen.getByRole('button', { name: 'Send bestillingen' }));
    await waitFor(() =>
      expect(descriptionOf(screen.getByLabelText(/Tilgang fra/))).toContain(
        'Eksterne konsulenter må ha en tidsbegrenset periode med start- og sluttdato.',
      ),
    );

    await user.type(screen.getByLabelText(/Tilgang fra/), '2025-04-01');
    await user.type(screen.getByLabelText(/Tilgang til/), '2026-06-30');
    expect(descriptionOf(screen.getByLabelText(/Tilgang til/))).toContain(
      'Perioden kan være høyst 12 måneder.',
    );
    expect(orderCalls(desk)).toHaveLength(0);

    await user.clear(screen.getByLabelText(/Tilgang til/));
    await user.type(screen.getByLabelText(/Tilgang til/), '2026-03-31');
    await user.click(screen.getByRole('button', { name: 'Send bestillingen' }));

    await screen.findByRole('heading', { name: 'Bestillingen er sendt' });
    expect(orderCalls(desk)[0]?.order).toMatchObject({
      kind: 'order.external-consultant',
      consultant: { name: 'Siri Konsulent', company: 'Konsulenthuset AS' },
      confidentialityDeclaration: { confirmed: true, storedAt: '2025/311' },
      period: { start: '2025-04-01', end: '2026-03-31' },
      agreedWith: { id: people.sigrid.id },
      administrativeUnit: 'IKT-avdelingen',
      roles: ['leser'],
    });
  });

  it('offers the employee’s existing access when ending it (leaver or mover)', async () => {
    const { user, desk } = await renderForm();
    await user.click(screen.getByRole('radio', { name: /Fjerning/ }));
    await pickOla(user);
    await user.click(screen.getByRole('radio', { name: 'Slutter' }));
    const grant = await screen.findByRole('checkbox', { name: /Ny bruker · Bodø · Utført/ });
    await user.click(grant);
    await user.type(screen.getByRole('textbox', { name: /Tjenstlig behov/ }), serviceNeed);
    await user.click(screen.getByRole('button', { name: 'Send bestillingen' }));

    await screen.findByRole('heading', { name: 'Bestillingen er sendt' });
    expect(orderCalls(desk)[0]?.order).toMatchObject({
      kind: 'order.removal',
      reason: 'leaver',
      fromGrants: ['grant-ola-1'],
      roles: [],
      base: 'bodo',
    });
  });

  it('keeps a draft through an unmount, and sends it with the ids made before', async () => {
    const desk = new FakeRequestDesk();
    const user = userEvent.setup();
    const first = renderWithDesk(<OrderAccessForm />, desk);
    await screen.findByRole('heading', { name: 'Bestill tilgang til Elements' });
    await fillNewUserOrder(user);
    const key = draftKey(people.kari.id, 'order-access');
    await waitFor(() => expect(window.localStorage.getItem(key)).toContain(serviceNeed));
    const saved = savedDraftSchema.parse(JSON.parse(window.localStorage.getItem(key) ?? '{}'));
    first.unmount();

    renderWithDesk(<OrderAccessForm />, desk);
    await screen.findByText(/Vi fant et utkast du ikke hadde sendt/);
    expect(screen.getByRole('textbox', { name: /Tjenstlig behov/ })).toHaveValue(serviceNeed);
    expect(screen.getByRole('combobox', { name: /Ansatt/ })).toHaveValue('Ola Hansen');
    expect(screen.getByRole('checkbox', { name: 'Saksbehandler' })).toBeChecked();

    await user.click(screen.getByRole('button', { name: 'Send bestillingen' }));
    await screen.findByRole('heading', { name: 'Bestillingen er sendt' });
    expect(orderCalls(desk)[0]?.ids.requestId).toBe(saved.ids.requestId);
    // Sent: the draft is gone.
    await waitFor(() => expect(window.localStorage.getItem(key)).toBeNull());
  });

  it('has no axe violations, empty and with errors shown', async () => {
    const { user, container } = await renderForm();
    await expectNoAxeViolations(container);
    await user.click(screen.getByRole('button', { name: 'Send bestillingen' }));
    await screen.findByText('Velg den ansatte fra katalogen.');
    await expectNoAxeViolations(container);
  });

  it('speaks English when the host does', async () => {
    const desk = new FakeRequestDesk();
    renderWithDesk(<OrderAccessForm />, desk, { locale: 'en' });
    expect(await screen.findByRole('heading', { name: 'Order Elements access' })).toBeVisible();
    expect(screen.getByRole('button', { name: 'Send the order' })).toBeVisible();
  });
});
