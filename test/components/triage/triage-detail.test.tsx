import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { TriageWorkspace } from '../../../src/features/triage/components/triage-workspace.tsx';
import { FakeTriageDesk, sigrid, triageDetail } from './fake-triage-desk.ts';
import { expectNoAxeViolations, renderWithTriageDesk, stubObjectUrls } from './render-triage.tsx';

function deskWith(detail = triageDetail()): FakeTriageDesk {
  const desk = new FakeTriageDesk();
  desk.details.set(detail.requestId, detail);
  return desk;
}

async function openRequest(desk: FakeTriageDesk, me = sigrid) {
  const user = userEvent.setup();
  const view = renderWithTriageDesk(<TriageWorkspace initialRequestId="request-1" />, desk, me);
  await screen.findByRole('heading', { name: 'Tilgang til mappe' });
  return { user, ...view };
}

describe('TriageWorkspace detail', () => {
  it('shows the facts, the timeline with names, the texts and the live checks', async () => {
    await openRequest(deskWith());
    expect(screen.getByText('Jeg er kontaktlærer for eleven.')).toBeInTheDocument();
    expect(screen.getByText(/Ola Hansen \(innsender\)/)).toBeInTheDocument();
    expect(screen.getByText('2026/1537')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Sjekket i katalogen nå' })).toBeInTheDocument();
    expect(screen.getByText('Kari Nordmann')).toBeInTheDocument();
  });

  it('warns of anomalies and of an orderer who is no leader, one sentence each', async () => {
    await openRequest(
      deskWith(
        triageDetail({
          anomalies: [
            {
              list: 'requests',
              eventId: 'event-x',
              type: 'request.approved',
              author: { id: 'kari-nordmann', displayName: 'Kari Nordmann' },
              recordedAt: '2026-03-02T09:31:00Z',
              reason: 'anomaly.notEntitled',
            },
          ],
          checks: { ordererStanding: 'none' },
        }),
      ),
    );
    expect(
      screen.getByText(
        /Den som registrerte hendelsen, har ikke rett til dette steget\. Registrert av Kari Nordmann/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Ola Hansen er verken leder for den ansatte eller har delegert ansvar nå.'),
    ).toBeInTheDocument();
  });

  it('approves once on a double click, with ids made once', async () => {
    const desk = deskWith();
    const release = desk.hold('approve');
    const { user } = await openRequest(desk);
    const approve = await screen.findByRole('button', { name: 'Godkjenn' });
    await user.dblClick(approve);
    await user.click(approve);
    expect(approve).toHaveAttribute('aria-disabled', 'true');
    release();
    expect(await screen.findByText('Forespørselen er godkjent.')).toBeInTheDocument();
    expect(desk.callsOf('approve')).toHaveLength(1);
    const ids = desk.callsOf('approve')[0]?.args[2];
    expect(JSON.stringify(ids)).toMatch(/^\{"eventId":"[0-9a-f-]{36}","textId":"[0-9a-f-]{36}"\}$/);
  });

  it('needs a reason to reject, said next to the field', async () => {
    const desk = deskWith();
    const { user } = await openRequest(desk);
    await user.click(await screen.findByRole('button', { name: 'Avslå' }));
    const field = screen.getByRole('textbox', { name: 'Merknad, begrunnelse eller spørsmål' });
    expect(field).toHaveAccessibleDescription(/Skriv hvorfor forespørselen avslås\./);
    expect(field).toHaveFocus();
    expect(desk.callsOf('reject')).toHaveLength(0);
    await user.type(field, 'Saken er avsluttet.');
    await user.click(screen.getByRole('button', { name: 'Avslå' }));
    expect(await screen.findByText('Forespørselen er avslått.')).toBeInTheDocument();
    expect(desk.callsOf('reject')[0]?.args[1]).toBe('Saken er avsluttet.');
  });

  it('says who decided first when the decision came too late', async () => {
    const desk = deskWith();
    desk.nextOutcome = {
      outcome: 'already-decided',
      requestId: 'request-1',
      status: 'approved',
      what: 'approved',
      by: { id: 'anders-moe', displayName: 'Anders Moe' },
      at: new Date().toISOString(),
    };
    const { user } = await openRequest(desk);
    await user.click(await screen.findByRole('button', { name: 'Avslå' }));
    await user.type(screen.getByRole('textbox'), 'Mangler tjenstlig behov.');
    await user.click(screen.getByRole('button', { name: 'Avslå' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      /Anders Moe godkjente forespørselen kl\. \d\d[:.]\d\d; din beslutning ble ikke registrert\./,
    );
  });

  it("offers no actions on one's own request, and says why", async () => {
    const desk = deskWith(
      triageDetail({
        requester: { id: sigrid.id, displayName: sigrid.displayName },
        actions: { approve: false, reject: false, askForInformation: false },
      }),
    );
    await openRequest(desk);
    expect(
      await screen.findByText(/Du sendte inn denne forespørselen eller den gjelder deg/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Godkjenn' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Avslå' })).not.toBeInTheDocument();
  });

  it('records "carried out" only with a valid Elements reference', async () => {
    const desk = deskWith(
      triageDetail({
        status: 'approved',
        actions: {
          approve: false,
          reject: false,
          askForInformation: false,
          recordCarriedOut: true,
        },
      }),
    );
    const { user } = await openRequest(desk);
    const reference = await screen.findByRole('textbox', { name: /Elements-referanse/ });
    await user.type(reference, '1537');
    await user.click(screen.getByRole('button', { name: 'Registrer utført' }));
    expect(reference).toHaveAccessibleDescription(/ÅÅÅÅ\/N eller ÅÅÅÅ\/N-M/);
    expect(desk.callsOf('recordCarriedOut')).toHaveLength(0);
    await user.clear(reference);
    await user.type(reference, '2026/1537-3');
    expect(screen.getByRole('radio', { name: 'Skrivetilgang' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Registrer utført' }));
    expect(await screen.findByText('Forespørselen er registrert som utført.')).toBeInTheDocument();
    expect(desk.callsOf('recordCarriedOut')[0]?.args[1]).toMatchObject({
      elementsReference: '2026/1537-3',
      grantedRight: 'read',
      scope: 'folder',
    });
    expect(JSON.stringify(desk.callsOf('recordCarriedOut')[0]?.args[1])).toMatch(
      /"carriedOutOn":"\d{4}-\d{2}-\d{2}"/,
    );
  });

  it('opens the printable record as an HTML Blob in a new tab', async () => {
    const { blobs, clicked } = stubObjectUrls();
    const { user } = await openRequest(deskWith());
    await user.click(screen.getByRole('button', { name: /Skriv ut \/ lagre som PDF/ }));
    await waitFor(() => expect(clicked).toHaveBeenCalledTimes(1));
    expect(blobs[0]?.type).toBe('text/html;charset=utf-8');
  });

  it('has no axe violations with the forms shown', async () => {
    const { container } = await openRequest(deskWith());
    await screen.findByRole('button', { name: 'Godkjenn' });
    await expectNoAxeViolations(container);
  });
});
