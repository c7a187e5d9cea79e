import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FolderAccessForm } from '../../../src/features/requests/components/folder-access-form.tsx';
import { GraphError } from '../../../src/m365/errors.ts';
import { FakeRequestDesk, people } from './fake-request-desk.ts';
import {
  descriptionOf,
  expectNoAxeViolations,
  forgetDrafts,
  renderWithDesk,
} from './render-requests.tsx';

const justification = 'Jeg er kontaktlærer for eleven og skal følge opp tilretteleggingen i saken.';
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

beforeEach(() => window.localStorage.clear());
afterEach(forgetDrafts);

async function renderForm(desk = new FakeRequestDesk(people.ola)) {
  const user = userEvent.setup();
  const view = renderWithDesk(<FolderAccessForm onOpenRequest={() => undefined} />, desk);
  await screen.findByRole('heading', { name: 'Be om tilgang til en mappe' });
  return { user, desk, ...view };
}

const caseNumber = () => screen.getByRole('textbox', { name: /Saksnummer i Elements/ });

describe('FolderAccessForm', () => {
  it('judges the case number as it is typed, in a plain Norwegian sentence', async () => {
    const { user } = await renderForm();

    await user.type(caseNumber(), '24/15');
    await waitFor(() =>
      expect(descriptionOf(caseNumber())).toContain(
        'Året i saksnummeret må være mellom 1990 og 2100.',
      ),
    );

    await user.clear(caseNumber());
    await user.type(caseNumber(), '2024/015');
    await waitFor(() =>
      expect(descriptionOf(caseNumber())).toContain('Løpenummeret skal skrives uten nuller foran.'),
    );

    await user.clear(caseNumber());
    await user.type(caseNumber(), '2024/1537');
    await waitFor(() => expect(caseNumber()).not.toHaveAttribute('aria-invalid'));
    expect(descriptionOf(caseNumber())).not.toContain('saksnummeret');
  });

  it('says what is wrong with a case number without a slash when the field is left', async () => {
    const { user } = await renderForm();
    await user.type(caseNumber(), '2024-1537');
    expect(descriptionOf(caseNumber())).not.toContain('Saksnummeret skrives');
    await user.tab();
    await waitFor(() =>
      expect(descriptionOf(caseNumber())).toContain(
        'Saksnummeret skrives år/løpenummer, for eksempel 2024/1537.',
      ),
    );
  });

  it('says plainly that access applies to this folder only (R7) and explains read and write (R6)', async () => {
    await renderForm();
    expect(
      screen.getByText(
        'Tilgangen gjelder denne mappen. Den gis ikke automatisk til alle journalpostene i mappen.',
      ),
    ).toBeVisible();
    expect(screen.getByRole('radio', { name: /Lesetilgang/ })).toHaveAccessibleName(
      /du kan åpne og lese dokumentene i mappen/,
    );
    expect(screen.getByRole('radio', { name: /Skrivetilgang/ })).toHaveAccessibleName(
      /registrere og endre dokumenter/,
    );
    expect(screen.getByRole('radio', { name: /Elevsak/ })).toHaveAccessibleName(
      /forklar hvilken rolle du har overfor eleven/,
    );
  });

  it('sends a folder request with its justification and the three ids, once', async () => {
    const { user, desk } = await renderForm();
    await user.type(caseNumber(), '2024 / 1537');
    await user.click(screen.getByRole('radio', { name: /Elevsak/ }));
    await user.click(screen.getByRole('radio', { name: /Skrivetilgang/ }));
    const text = screen.getByRole('textbox', { name: /Begrunnelse/ });
    await user.type(text, justification);
    await user.dblClick(screen.getByRole('button', { name: 'Send forespørselen' }));

    await screen.findByRole('heading', { name: 'Forespørselen er sendt' });
    expect(desk.textRequests).toHaveLength(1);
    const [call] = desk.textRequests;
    expect(call?.request).toEqual({
      kind: 'folder-access',
      subject: { id: people.ola.id, displayName: 'Ola Hansen' },
      base: 'bodo',
      caseNumber: '2024/1537',
      grading: 'elevsak',
      right: 'write',
      scope: 'folder',
    });
    expect(call?.justification).toBe(justification);
    expect(call?.ids.requestId).toMatch(uuid);
    expect(call?.ids.eventId).toMatch(uuid);
    expect(call?.ids.textId).toMatch(uuid);
  });

  it('asks for grading, read or write, and a justification long enough to be judged', async () => {
    const { user, desk } = await renderForm();
    await user.type(caseNumber(), '2024/1537');
    await user.type(screen.getByRole('textbox', { name: /Begrunnelse/ }), 'Trenger det.');
    await user.click(screen.getByRole('button', { name: 'Send forespørselen' }));

    expect(
      await screen.findByText('Velg gradering: personalsak, elevsak eller barnesak.'),
    ).toBeVisible();
    expect(screen.getByText('Velg lesetilgang eller skrivetilgang.')).toBeVisible();
    expect(descriptionOf(screen.getByRole('textbox', { name: /Begrunnelse/ }))).toContain(
      'Begrunnelsen må ha minst 30 tegn. Hver forespørsel vurderes for seg.',
    );
    expect(descriptionOf(screen.getByRole('textbox', { name: /Begrunnelse/ }))).toContain(
      '12 av minst 30 tegn.',
    );
    expect(desk.textRequests).toHaveLength(0);
  });

  it('explains the R8 route and sends extended access to the leader first', async () => {
    const { user, desk } = await renderForm();
    await user.click(screen.getByRole('radio', { name: /Utvidet tilgang/ }));
    expect(
      screen.getByText(
        'Utvidet tilgang og sakseierskap til personalmapper går først til lederen for skriftlig bekreftelse, så til arkivleder og til slutt til systemansvarlig.',
      ),
    ).toBeVisible();
    expect(screen.queryByRole('textbox', { name: /Saksnummer/ })).not.toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /Administrativ enhet/ })).toHaveValue(
      'Skolekontoret',
    );
    await user.click(screen.getByRole('radio', { name: /Lesetilgang/ }));
    await user.type(
      screen.getByRole('textbox', { name: /Begrunnelse \(tjenstlig behov\)/ }),
      justification,
    );
    await user.click(screen.getByRole('button', { name: 'Send forespørselen' }));

    await screen.findByRole('heading', {
      name: 'Forespørselen er sendt til lederen for bekreftelse',
    });
    expect(screen.getByText('Den som skal ta neste steg, har fått e-post om det.')).toBeVisible();
    expect(desk.textRequests[0]?.request).toMatchObject({
      kind: 'extended-access',
      subject: { id: people.ola.id },
      administrativeUnit: 'Skolekontoret',
      right: 'read',
    });
  });

  it('keeps what was typed after a failure and says the channel was not told after success', async () => {
    const desk = new FakeRequestDesk(people.ola);
    desk.channelNotified = false;
    const { user } = await renderForm(desk);
    await user.type(caseNumber(), '2024/1537');
    await user.click(screen.getByRole('radio', { name: /Personalsak/ }));
    await user.click(screen.getByRole('radio', { name: /Lesetilgang/ }));
    await user.type(screen.getByRole('textbox', { name: /Begrunnelse/ }), justification);
    desk.failNext('submitWithJustification', new GraphError('unavailable', 'Service down', 503));

    await user.click(screen.getByRole('button', { name: 'Send forespørselen' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Microsoft 365 svarer ikke akkurat nå. Prøv igjen om litt.',
    );
    expect(caseNumber()).toHaveValue('2024/1537');
    expect(screen.getByRole('textbox', { name: /Begrunnelse/ })).toHaveValue(justification);

    await user.click(screen.getByRole('button', { name: 'Send forespørselen' }));
    await screen.findByRole('heading', { name: 'Forespørselen er sendt' });
    expect(desk.textRequests[1]?.ids).toEqual(desk.textRequests[0]?.ids);
    expect(screen.getByText(/Dokumentsenteret fikk ikke varsel i Teams-kanalen sin/)).toBeVisible();
  });

  it('has no axe violations, empty, with errors, and for an R8 request', async () => {
    const { user, container } = await renderForm();
    await expectNoAxeViolations(container);
    await user.click(screen.getByRole('button', { name: 'Send forespørselen' }));
    await screen.findByText('Skriv saksnummeret.');
    await expectNoAxeViolations(container);
    await user.click(screen.getByRole('radio', { name: /Sakseier/ }));
    await expectNoAxeViolations(container);
  });
});
