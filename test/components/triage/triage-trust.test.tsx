import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { RequestDecision, TimelineEntry } from '../../../src/domain/request-fold.ts';
import type {
  ChangeOrder,
  ExtendedAccessRequest,
  RequestKind,
} from '../../../src/domain/requests.ts';
import { TriageWorkspace } from '../../../src/features/triage/components/triage-workspace.tsx';
import type { TriageDetail } from '../../../src/features/triage/triage-desk.ts';
import { FakeTriageDesk, sigrid, triageDetail } from './fake-triage-desk.ts';
import {
  blobBytes,
  expectNoAxeViolations,
  renderWithTriageDesk,
  stubObjectUrls,
} from './render-triage.tsx';

/**
 * Decision 014 in the triage detail: a leader relation recorded when the
 * order (or the R8 confirmation) was written, which the directory no longer
 * shows, must be checked by hand before approving; R8's confirmed
 * justification is compared; the printed record says what was checked.
 */

const ola = { id: 'ola-hansen', displayName: 'Ola Hansen' };
const anders = { id: 'anders-moe', displayName: 'Anders Moe' };

const andersOrdersForOla: ChangeOrder = {
  kind: 'order.change',
  subject: ola,
  base: 'bodo',
  administrativeUnit: 'Oppvekst og kultur',
  roles: ['saksbehandler'],
  accessCodes: [],
  startDate: '2026-03-01',
  serviceNeed: 'Ola overtar saksbehandlingen for skolene i sentrum.',
};

const olasExtendedAccess: ExtendedAccessRequest = {
  kind: 'extended-access',
  subject: ola,
  base: 'bodo',
  administrativeUnit: 'Oppvekst og kultur',
  right: 'read',
  startDate: '2026-03-01',
  justificationTextId: 'text-justification',
};

function step(
  overrides: Partial<TimelineEntry> & Pick<TimelineEntry, 'eventId' | 'type'>,
): TimelineEntry {
  return {
    author: ola,
    capacity: 'requester',
    onBehalfOf: null,
    recordedAt: '2026-03-01T09:00:00Z',
    occurredAt: '2026-03-01T09:00:00Z',
    textId: null,
    list: 'requests',
    justificationMac: null,
    ...overrides,
  };
}

/** Anders Moe's order for Ola; the directory shows Kari Nordmann as Ola's leader today. */
function orderDetail(checks: Partial<TriageDetail['checks']> = {}): TriageDetail {
  return triageDetail({
    requester: anders,
    view: {
      request: andersOrdersForOla,
      kind: 'order.change',
      timeline: [
        step({
          eventId: 'event-ordered',
          type: 'request.submitted',
          author: anders,
          capacity: 'leader',
        }),
      ],
    },
    checks: { ordererStanding: 'none', standingNeedsCheck: true, ...checks },
  });
}

/** Ola's own R8 request, confirmed in writing by Anders Moe. */
function r8Detail(checks: Partial<TriageDetail['checks']> = {}): TriageDetail {
  return triageDetail({
    view: {
      request: olasExtendedAccess,
      kind: 'extended-access',
      requiredStages: ['leader', 'arkivleder', 'systemansvarlig'],
      stagesPassed: ['leader', 'arkivleder'],
      timeline: [
        step({
          eventId: 'event-submitted',
          type: 'request.submitted',
          textId: 'text-justification',
        }),
        step({
          eventId: 'event-confirmed',
          type: 'request.leader-confirmed',
          author: anders,
          capacity: 'leader',
          list: 'shared',
          recordedAt: '2026-03-02T08:00:00Z',
          occurredAt: '2026-03-02T08:00:00Z',
          justificationMac: 'mac-of-the-confirmed-text',
        }),
      ],
    },
    checks: {
      ordererStanding: 'not-applicable',
      r8: {
        leaderConfirmation: { by: anders, at: '2026-03-02T08:00:00Z' },
        arkivlederApproval: {
          by: { id: 'kari-nordmann', displayName: 'Kari Nordmann' },
          at: '2026-03-03T08:00:00Z',
        },
      },
      ...checks,
    },
  });
}

const headings: Partial<Record<RequestKind, string>> = {
  'order.change': 'Endret tilgang',
  'extended-access': 'Utvidet tilgang',
  'folder-access': 'Tilgang til mappe',
};

function deskWith(detail: TriageDetail): FakeTriageDesk {
  const desk = new FakeTriageDesk();
  desk.details.set(detail.requestId, detail);
  return desk;
}

async function openRequest(desk: FakeTriageDesk) {
  const kind = desk.details.get('request-1')?.view.kind ?? 'folder-access';
  const user = userEvent.setup();
  const view = renderWithTriageDesk(<TriageWorkspace initialRequestId="request-1" />, desk, sigrid);
  await screen.findByRole('heading', { name: headings[kind] ?? '' });
  return { user, ...view };
}

const standingTick = 'Jeg har kontrollert at bestilleren var leder da bestillingen ble sendt';

describe('Triage detail: a leader relation recorded at write time', () => {
  it('says that the directory no longer shows the orderer as leader, and when the order was recorded', async () => {
    await openRequest(deskWith(orderDetail()));
    const checks = screen.getByRole('region', { name: 'Sjekket i katalogen nå' });
    expect(within(checks).getByText('Lederforholdet må kontrolleres')).toBeInTheDocument();
    expect(
      within(checks).getByText(
        /Katalogen viser ikke lenger Anders Moe som leder for den ansatte\. Bestillingen ble registrert da den ble sendt, med lederforholdet katalogen viste da\. Kontroller at det stemte da, før du godkjenner\./,
      ),
    ).toBeInTheDocument();
    // Said once: the plain "is no leader now" sentence would only repeat it.
    expect(
      screen.queryByText(/er verken leder for den ansatte eller har delegert ansvar nå/),
    ).not.toBeInTheDocument();
    expect(within(checks).getByText('Kari Nordmann')).toBeInTheDocument();
    expect(await screen.findByRole('checkbox', { name: standingTick })).not.toBeChecked();
  });

  it('names the leader who confirmed an R8 request when it is their relation that is gone', async () => {
    await openRequest(deskWith(r8Detail({ standingNeedsCheck: true })));
    expect(
      screen.getByText(
        /Katalogen viser ikke lenger Anders Moe, som bekreftet forespørselen, som leder for den ansatte\. Bekreftelsen ble registrert da den ble gitt/,
      ),
    ).toBeInTheDocument();
    expect(await screen.findByRole('checkbox', { name: standingTick })).toBeInTheDocument();
  });

  it('shows no warning and no tick while the directory still supports the relation', async () => {
    await openRequest(
      deskWith(orderDetail({ ordererStanding: 'manager', standingNeedsCheck: false })),
    );
    await screen.findByRole('button', { name: 'Godkjenn' });
    expect(screen.queryByText('Lederforholdet må kontrolleres')).not.toBeInTheDocument();
    expect(screen.queryByRole('checkbox', { name: standingTick })).not.toBeInTheDocument();
  });

  it('approves only with the tick, said next to the box, and tells the desk it was checked', async () => {
    const desk = deskWith(orderDetail());
    const { user } = await openRequest(desk);
    await user.click(await screen.findByRole('button', { name: 'Godkjenn' }));
    const tick = screen.getByRole('checkbox', { name: standingTick });
    expect(tick).toHaveAccessibleDescription(
      'Kryss av for at du har kontrollert lederforholdet før du godkjenner.',
    );
    expect(tick).toHaveFocus();
    expect(desk.callsOf('approve')).toHaveLength(0);

    await user.keyboard(' ');
    expect(tick).toBeChecked();
    expect(tick).not.toHaveAccessibleDescription(/Kryss av/);
    await user.type(
      screen.getByRole('textbox', { name: 'Merknad, begrunnelse eller spørsmål' }),
      'Sjekket med HR: Anders var leder til 1. mars.',
    );
    await user.click(await screen.findByRole('button', { name: 'Godkjenn' }));
    expect(await screen.findByText('Forespørselen er godkjent.')).toBeInTheDocument();
    const calls = desk.callsOf('approve');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0]).toBe('request-1');
    expect(calls[0]?.args[1]).toBe('Sjekket med HR: Anders var leder til 1. mars.');
    expect(calls[0]?.args[3]).toEqual({ checkedStanding: true });
  });

  it.each([
    ['Avslå', 'reject'],
    ['Be om mer informasjon', 'askForInformation'],
  ] as const)('%s needs no tick', async (button, method) => {
    const desk = deskWith(orderDetail());
    const { user } = await openRequest(desk);
    await user.type(
      await screen.findByRole('textbox', { name: 'Merknad, begrunnelse eller spørsmål' }),
      'Hvem er Olas leder nå?',
    );
    await user.click(screen.getByRole('button', { name: button }));
    await waitFor(() => expect(desk.callsOf(method)).toHaveLength(1));
    expect(desk.callsOf(method)[0]?.args).toHaveLength(3);
    expect(screen.getByRole('checkbox', { name: standingTick })).not.toHaveAccessibleDescription(
      /Kryss av/,
    );
    expect(desk.callsOf('approve')).toHaveLength(0);
  });

  it("shows the desk's refusal when the directory changed after the detail was read, then asks for the tick", async () => {
    const desk = deskWith(orderDetail({ ordererStanding: 'manager', standingNeedsCheck: false }));
    const { user } = await openRequest(desk);
    const approve = await screen.findByRole('button', { name: 'Godkjenn' });
    expect(screen.queryByRole('checkbox', { name: standingTick })).not.toBeInTheDocument();
    // Anders moved while the detail was open: the desk now sees what the screen did not.
    desk.details.set('request-1', orderDetail());
    await user.click(approve);
    const field = screen.getByRole('textbox', { name: 'Merknad, begrunnelse eller spørsmål' });
    await waitFor(() =>
      expect(field).toHaveAccessibleDescription(
        /Katalogen viser ikke lenger at den som bestilte, er leder for den ansatte\./,
      ),
    );
    expect(desk.callsOf('approve')[0]?.args).toHaveLength(3);
    expect(screen.queryByText('Forespørselen er godkjent.')).not.toBeInTheDocument();
    // The detail is read again after the step: the warning and the tick appear.
    expect(await screen.findByRole('checkbox', { name: standingTick })).toBeInTheDocument();
    expect(screen.getByText('Lederforholdet må kontrolleres')).toBeInTheDocument();
  });

  it('has no axe violations with the warning and the unticked box in error', async () => {
    const { user, container } = await openRequest(deskWith(orderDetail()));
    await user.click(await screen.findByRole('button', { name: 'Godkjenn' }));
    await screen.findByText('Kryss av for at du har kontrollert lederforholdet før du godkjenner.');
    await expectNoAxeViolations(container);
  });
});

describe('Triage detail: the justification the leader confirmed (R8)', () => {
  const confirmed = 'Lederen bekreftet denne begrunnelsen';
  const changed = 'Begrunnelsen er ikke den lederen bekreftet';

  it('says quietly that the leader confirmed this justification', async () => {
    await openRequest(deskWith(r8Detail({ justificationConfirmed: true })));
    const checks = screen.getByRole('region', { name: 'Sjekket i katalogen nå' });
    expect(within(checks).getByText(confirmed)).toBeInTheDocument();
    expect(screen.queryByText(changed)).not.toBeInTheDocument();
  });

  it('warns when the justification is not the one the leader confirmed', async () => {
    const { container } = await openRequest(deskWith(r8Detail({ justificationConfirmed: false })));
    const checks = screen.getByRole('region', { name: 'Sjekket i katalogen nå' });
    expect(within(checks).getByText(changed)).toBeInTheDocument();
    expect(screen.queryByText(confirmed)).not.toBeInTheDocument();
    await expectNoAxeViolations(container);
  });

  it('says nothing when there is nothing to compare', async () => {
    await openRequest(deskWith(r8Detail({ justificationConfirmed: null })));
    expect(screen.getByText('Lederens skriftlige bekreftelse')).toBeInTheDocument();
    expect(screen.queryByText(confirmed)).not.toBeInTheDocument();
    expect(screen.queryByText(changed)).not.toBeInTheDocument();
  });
});

describe('Triage detail: the printable record', () => {
  const decided = (checkedStanding: boolean): RequestDecision => ({
    outcome: 'approved',
    stage: 'systemansvarlig',
    by: { id: 'sigrid-lund', displayName: 'Sigrid <b>Lund</b>' },
    at: '2026-03-04T10:00:00Z',
    textId: null,
    checkedStanding,
  });

  async function printedRecord(checkedStanding: boolean): Promise<string> {
    const { blobs, clicked } = stubObjectUrls();
    const detail = orderDetail({ standingNeedsCheck: false });
    const desk = deskWith({
      ...detail,
      names: { ...detail.names, 'sigrid-lund': 'Sigrid <b>Lund</b>' },
      view: { ...detail.view, status: 'approved', decision: decided(checkedStanding) },
      actions: { ...detail.actions, approve: false, reject: false, askForInformation: false },
    });
    const { user } = await openRequest(desk);
    await user.click(screen.getByRole('button', { name: 'Last ned utskriftssiden' }));
    await waitFor(() => expect(clicked).toHaveBeenCalledTimes(1));
    const blob = blobs[0];
    if (blob === undefined) throw new Error('no blob');
    return new TextDecoder().decode(await blobBytes(blob));
  }

  it('says the orderer’s leader role was checked by hand when the decision says so', async () => {
    const page = await printedRecord(true);
    expect(page).toMatch(
      /<th>Lederrolle<\/th>\s*<td>Bestillerens lederrolle ble kontrollert manuelt av systemansvarlig<\/td>/,
    );
    expect(page).toContain('Godkjent av Sigrid &lt;b&gt;Lund&lt;/b&gt;');
    expect(page).not.toContain('<b>Lund</b>');
  });

  it('says nothing of a manual check when none was made', async () => {
    const page = await printedRecord(false);
    expect(page).toContain('Godkjent av Sigrid &lt;b&gt;Lund&lt;/b&gt;');
    expect(page).not.toContain('kontrollert manuelt');
  });
});
