import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RequestsWorkspace } from '../../../src/features/requests/components/requests-workspace.tsx';
import { GraphError } from '../../../src/m365/errors.ts';
import { FakeRequestDesk, people } from './fake-request-desk.ts';
import {
  descriptionOf,
  expectNoAxeViolations,
  forgetDrafts,
  renderWithDesk,
} from './render-requests.tsx';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const olasJustification = 'Skal følge opp personalsaker for avdelingen mens lederen er borte.';

beforeEach(() => window.localStorage.clear());
afterEach(forgetDrafts);

/** Ola Hansen's folder request, already sent. */
async function sentFolderRequest(desk: FakeRequestDesk): Promise<string> {
  const ids = { requestId: 'request-1', eventId: 'event-1', textId: 'text-1' };
  const request = {
    kind: 'folder-access',
    subject: { id: desk.me.id, displayName: desk.me.displayName },
    base: 'bodo',
    caseNumber: '2024/1537',
    grading: 'elevsak',
    right: 'read',
    scope: 'folder',
  } as const;
  await desk.submitWithJustification(
    request,
    'Jeg er kontaktlærer for eleven og følger opp saken.',
    ids,
  );
  return ids.requestId;
}

/** An R8 request from Ola Hansen waiting for his leader (or, past that, the arkivleder). */
function waitingR8(desk: FakeRequestDesk, stage: 'leader' | 'arkivleder'): string {
  return desk.seedWaiting(
    {
      kind: 'extended-access',
      subject: { id: people.ola.id, displayName: 'Ola Hansen' },
      base: 'bodo',
      administrativeUnit: 'Skolekontoret',
      right: 'read',
      startDate: '2025-03-10',
      justificationTextId: 'text-justification',
    },
    stage,
    people.ola,
    olasJustification,
  );
}

describe('RequestsWorkspace', () => {
  it('offers three tabs to a staff member, and explains R1 on "Bestill tilgang"', async () => {
    const user = userEvent.setup();
    const desk = new FakeRequestDesk(people.ola);
    renderWithDesk(<RequestsWorkspace />, desk);

    const tabs = await screen.findAllByRole('tab');
    expect(tabs).toHaveLength(3);
    expect(tabs[0]).toHaveAccessibleName('Bestill tilgang');
    expect(tabs[1]).toHaveAccessibleName('Be om mappetilgang');
    expect(tabs[2]).toHaveAccessibleName('Mine forespørsler');
    expect(screen.getByRole('tab', { name: 'Bestill tilgang' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    expect(
      await screen.findByText(
        'Bare ledere, eller den som har fått delegert ansvaret, kan bestille tilgang til Elements.',
      ),
    ).toBeVisible();
    expect(screen.getByRole('tabpanel', { name: 'Bestill tilgang' })).toBeVisible();

    await user.click(screen.getByRole('button', { name: 'Be om mappetilgang' }));
    expect(
      await screen.findByRole('heading', { name: 'Be om tilgang til en mappe' }),
    ).toBeVisible();
    expect(screen.getByRole('tab', { name: 'Be om mappetilgang' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
  });

  it('moves between tabs with the arrow keys', async () => {
    const user = userEvent.setup();
    renderWithDesk(<RequestsWorkspace />, new FakeRequestDesk(people.ola));
    const order = await screen.findByRole('tab', { name: 'Bestill tilgang' });
    await user.tab();
    expect(order).toHaveFocus();
    await user.keyboard('{ArrowRight}{ArrowRight}{Enter}');
    expect(screen.getByRole('tab', { name: 'Mine forespørsler' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    expect(await screen.findByText('Du har ingen forespørsler ennå.')).toBeVisible();
  });

  it('opens a request given by id, and withdraws it only after asking', async () => {
    const user = userEvent.setup();
    const desk = new FakeRequestDesk(people.ola);
    const requestId = await sentFolderRequest(desk);
    renderWithDesk(<RequestsWorkspace initialRequestId={requestId} />, desk);

    expect(await screen.findByRole('heading', { name: 'Tilgang til mappe' })).toBeVisible();
    expect(screen.getByRole('tab', { name: 'Mine forespørsler' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    expect(screen.getByText('Sendt', { selector: '.fui-Badge' })).toBeVisible();
    const history = screen.getByRole('region', { name: 'Historikk' });
    expect(within(history).getByText('Sendt inn')).toBeVisible();
    expect(within(history).getByText(/Ola Hansen \(innsender\)/)).toBeVisible();
    expect(
      within(history).getByText('Jeg er kontaktlærer for eleven og følger opp saken.'),
    ).toBeVisible();

    await user.click(screen.getByRole('button', { name: 'Trekk forespørselen' }));
    let dialog = await screen.findByRole('dialog', { name: 'Vil du trekke forespørselen?' });
    await user.click(within(dialog).getByRole('button', { name: 'Avbryt' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(desk.withdrawals).toHaveLength(0);

    // Fluent lifts aria-hidden from the page a moment after the dialog has left the DOM.
    await user.click(await screen.findByRole('button', { name: 'Trekk forespørselen' }));
    dialog = await screen.findByRole('dialog', { name: 'Vil du trekke forespørselen?' });
    await expectNoAxeViolations(document.body);
    await user.click(within(dialog).getByRole('button', { name: 'Ja, trekk forespørselen' }));

    expect(await screen.findByText('Forespørselen er trukket.')).toBeVisible();
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(desk.withdrawals).toHaveLength(1);
    expect(desk.withdrawals[0]?.requestId).toBe(requestId);
    expect(desk.withdrawals[0]?.eventId).toMatch(uuid);
    expect(await screen.findByText('Trukket', { selector: '.fui-Badge' })).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Trekk forespørselen' })).not.toBeInTheDocument();
  });

  it('keeps the withdraw dialog open after a failure and retries with the same event id', async () => {
    const user = userEvent.setup();
    const desk = new FakeRequestDesk(people.ola);
    const requestId = await sentFolderRequest(desk);
    renderWithDesk(<RequestsWorkspace initialRequestId={requestId} />, desk);
    await user.click(await screen.findByRole('button', { name: 'Trekk forespørselen' }));
    const dialog = await screen.findByRole('dialog');
    desk.failNext('withdraw', new GraphError('network', 'offline', 0));

    await user.click(within(dialog).getByRole('button', { name: 'Ja, trekk forespørselen' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Ingen forbindelse. Sjekk nettverket og prøv igjen.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Ja, trekk forespørselen' }));

    expect(await screen.findByText('Forespørselen er trukket.')).toBeVisible();
    expect(desk.withdrawals).toHaveLength(2);
    expect(desk.withdrawals[1]?.eventId).toBe(desk.withdrawals[0]?.eventId);
  });

  it('lists in "Mine forespørsler" what was sent, and opens it', async () => {
    const user = userEvent.setup();
    const desk = new FakeRequestDesk(people.ola);
    await sentFolderRequest(desk);
    renderWithDesk(<RequestsWorkspace initialTab="mine" />, desk);

    const list = await screen.findByRole('list', { name: 'Mine forespørsler' });
    const item = within(list).getByRole('listitem');
    expect(item).toHaveTextContent('Tilgang til mappe – Ola Hansen');
    expect(item).toHaveTextContent('Sendt');
    expect(item).toHaveTextContent('Base: Bodø');
    expect(item).toHaveTextContent('Venter på: Systemansvarlig skal behandle');

    await user.click(within(item).getByRole('button', { name: 'Tilgang til mappe – Ola Hansen' }));
    expect(await screen.findByRole('heading', { name: 'Tilgang til mappe' })).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Tilbake til listen' }));
    expect(await screen.findByRole('list', { name: 'Mine forespørsler' })).toBeVisible();
  });

  it('shows "Venter på meg" with a count, and a leader confirms the service need in writing (R8)', async () => {
    const user = userEvent.setup();
    const desk = new FakeRequestDesk(people.kari);
    const requestId = waitingR8(desk, 'leader');
    renderWithDesk(<RequestsWorkspace />, desk);

    const waiting = await screen.findByRole('tab', { name: /Venter på meg/ });
    expect(waiting).toHaveTextContent('1');
    await user.click(waiting);
    const list = await screen.findByRole('list', { name: 'Venter på meg' });
    expect(list).toHaveTextContent('Fra Ola Hansen');
    await user.click(within(list).getByRole('button', { name: 'Utvidet tilgang – Ola Hansen' }));

    expect(await screen.findByRole('heading', { name: 'Utvidet tilgang' })).toBeVisible();
    expect(screen.getByText(olasJustification)).toBeVisible();
    const confirmation = screen.getByRole('textbox', {
      name: /Skriftlig bekreftelse av tjenstlig behov/,
    });

    await user.click(screen.getByRole('button', { name: 'Bekreft behovet' }));
    expect(descriptionOf(confirmation)).toContain('Beskriv det tjenstlige behovet.');
    expect(confirmation).toHaveFocus();
    expect(desk.steps).toHaveLength(0);

    await user.type(confirmation, 'Ola skal dekke personalsaker i permisjonstiden.');
    await user.click(screen.getByRole('button', { name: 'Bekreft behovet' }));

    expect(
      await screen.findByText(
        'Du har bekreftet det tjenstlige behovet. Forespørselen går videre til arkivleder.',
      ),
    ).toBeVisible();
    expect(desk.steps).toHaveLength(1);
    const [step] = desk.steps;
    expect(step).toMatchObject({
      method: 'leaderStep',
      requestId,
      decision: 'confirm',
      text: 'Ola skal dekke personalsaker i permisjonstiden.',
    });
    expect(step?.ids.eventId).toMatch(uuid);
    expect(step?.ids.textId).toMatch(uuid);
    expect(await screen.findByText('Lederen bekreftet det tjenstlige behovet')).toBeVisible();
  });

  it('makes the arkivleder give a reason to reject', async () => {
    const user = userEvent.setup();
    const desk = new FakeRequestDesk(people.hilde);
    const requestId = waitingR8(desk, 'arkivleder');
    renderWithDesk(<RequestsWorkspace initialRequestId={requestId} />, desk);

    const assessment = await screen.findByRole('textbox', { name: /Vurdering/ });
    await user.click(screen.getByRole('button', { name: 'Avslå' }));
    expect(descriptionOf(assessment)).toContain('Skriv hvorfor forespørselen avslås.');
    expect(desk.steps).toHaveLength(0);

    await user.type(assessment, 'Behovet kan dekkes med vanlig mappetilgang.');
    await user.click(screen.getByRole('button', { name: 'Avslå' }));
    expect(await screen.findByText('Du har avslått forespørselen.')).toBeVisible();
    expect(desk.steps[0]).toMatchObject({
      method: 'arkivlederStep',
      decision: 'reject',
      text: 'Behovet kan dekkes med vanlig mappetilgang.',
    });
    expect(await screen.findByText('Avslått', { selector: '.fui-Badge' })).toBeVisible();
  });

  it('opens a sent order in "Mine forespørsler" from the confirmation', async () => {
    const user = userEvent.setup();
    const desk = new FakeRequestDesk(people.kari);
    renderWithDesk(<RequestsWorkspace />, desk);
    const employee = await screen.findByRole('combobox', { name: /Ansatt/ });
    await user.click(employee);
    await user.keyboard('Ola');
    await screen.findByRole('option', { name: /^Ola Hansen/ });
    await user.keyboard('{Enter}');
    await user.click(screen.getByRole('checkbox', { name: 'Saksbehandler' }));
    await user.type(
      screen.getByRole('textbox', { name: /Tjenstlig behov/ }),
      'Skal føre journal for skolekontoret.',
    );
    await user.click(screen.getByRole('button', { name: 'Send bestillingen' }));

    const open = await screen.findByRole('button', { name: 'Åpne i Mine forespørsler' });
    expect(screen.getByRole('heading', { name: 'Bestillingen er sendt' })).toHaveFocus();
    await expectNoAxeViolations(document.body);
    await user.click(open);
    expect(await screen.findByRole('heading', { name: 'Ny bruker' })).toBeVisible();
    expect(screen.getByRole('tab', { name: 'Mine forespørsler' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    expect(screen.getByText('Roller', { selector: 'dt' })).toBeVisible();
    expect(screen.getByText('Saksbehandler')).toBeVisible();
    expect(screen.getByText('Skolekontoret')).toBeVisible();
  });

  it('says so when a request cannot be found', async () => {
    renderWithDesk(<RequestsWorkspace initialRequestId="missing" />, new FakeRequestDesk());
    expect(await screen.findByRole('alert')).toHaveTextContent('Fant ikke det du ba om.');
  });

  it('has no axe violations on the tabs, a request and its steps', async () => {
    const desk = new FakeRequestDesk(people.kari);
    const requestId = waitingR8(desk, 'leader');
    const { container, unmount } = renderWithDesk(<RequestsWorkspace />, desk);
    await screen.findByRole('tab', { name: /Venter på meg/ });
    await screen.findByRole('heading', { name: 'Bestill tilgang til Elements' });
    await expectNoAxeViolations(container);
    unmount();

    const detail = renderWithDesk(<RequestsWorkspace initialRequestId={requestId} />, desk);
    await screen.findByRole('textbox', { name: /Skriftlig bekreftelse/ });
    await expectNoAxeViolations(detail.container);
  });
});
