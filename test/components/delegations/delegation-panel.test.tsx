import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { PageProviders, createQueryClient } from '../../../src/app/providers.tsx';
import { DelegationPanel } from '../../../src/features/delegations/components/delegation-panel.tsx';
import type {
  DelegationDesk,
  DelegationIds,
  DelegationInput,
  DelegationSummary,
} from '../../../src/features/delegations/delegation-desk.ts';
import { RequestRefused } from '../../../src/features/requests/request-desk.ts';
import type { DirectoryPerson } from '../../../src/m365/directory.ts';
import { descriptionOf, expectNoAxeViolations, tabTo } from '../requests/render-requests.tsx';

const person = (id: string, displayName: string, jobTitle: string): DirectoryPerson => ({
  id,
  displayName,
  jobTitle,
  department: 'Oppvekst',
  mail: `${displayName.toLowerCase().replace(' ', '.')}@bodo.example`,
  userPrincipalName: null,
});

const marit = person('marit', 'Marit Solberg', 'Kommunalsjef');
const kari = person('kari', 'Kari Nordmann', 'Enhetsleder');
const line = person('line', 'Line Mikkelsen', 'Enhetsleder');
const per = person('per', 'Per Johansen', 'Enhetsleder');
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A delegation desk in memory: Marit, with Kari and Line below her. */
class FakeDelegationDesk implements DelegationDesk {
  readonly grants: { input: DelegationInput; ids: DelegationIds }[] = [];
  readonly revokes: { delegationId: string; eventId: string }[] = [];
  refuseNext: RequestRefused | null = null;
  list: DelegationSummary[] = [];

  leadersBelowMe() {
    return Promise.resolve([kari, line]);
  }

  delegations() {
    return Promise.resolve([...this.list]);
  }

  searchPeople(text: string) {
    const needle = text.toLowerCase();
    return Promise.resolve(
      [kari, line, per].filter((candidate) =>
        candidate.displayName
          .toLowerCase()
          .split(' ')
          .some((part) => part.startsWith(needle)),
      ),
    );
  }

  grant(input: DelegationInput, ids: DelegationIds) {
    if (this.refuseNext !== null) {
      const refusal = this.refuseNext;
      this.refuseNext = null;
      return Promise.reject(refusal);
    }
    this.grants.push({ input, ids });
    const byId = (id: string) => [kari, line, per].find((candidate) => candidate.id === id);
    this.list.push({
      delegationId: ids.streamId,
      leader: { id: input.leaderId, displayName: byId(input.leaderId)?.displayName ?? '' },
      delegate: { id: input.delegateId, displayName: byId(input.delegateId)?.displayName ?? '' },
      grantedBy: { id: marit.id, displayName: marit.displayName },
      revokedBy: null,
      validFrom: input.validFrom,
      validTo: input.validTo ?? null,
      grantedAt: '2026-03-02T09:00:00Z',
      revokedAt: null,
      status: 'active',
      mayRevoke: true,
    });
    return Promise.resolve({ delegationId: ids.streamId });
  }

  revoke(delegationId: string, eventId: string) {
    this.revokes.push({ delegationId, eventId });
    this.list = this.list.map((item) =>
      item.delegationId === delegationId
        ? {
            ...item,
            status: 'revoked',
            mayRevoke: false,
            revokedAt: '2026-03-03T09:00:00Z',
            revokedBy: { id: marit.id, displayName: marit.displayName },
          }
        : item,
    );
    return Promise.resolve();
  }
}

const now = () => new Date('2026-03-02T10:00:00Z');

async function renderPanel(desk = new FakeDelegationDesk()) {
  const user = userEvent.setup();
  const view = render(
    <PageProviders hostKind="teams" theme="light" locale="nb" queryClient={createQueryClient()}>
      <main>
        <DelegationPanel desk={desk} now={now} />
      </main>
    </PageProviders>,
  );
  await screen.findByRole('heading', { name: 'Deleger bestilling av tilgang' });
  await screen.findByRole('option', { name: 'Kari Nordmann' });
  return { user, desk, ...view };
}

describe('DelegationPanel', () => {
  it('explains itself in Norwegian and grants a delegation by keyboard, once', async () => {
    const { user, desk } = await renderPanel();
    expect(
      screen.getByText(
        'Den du delegerer til, kan bestille tilgang til Elements for de ansatte til lederen du velger, i perioden du velger.',
      ),
    ).toBeVisible();
    expect(await screen.findByText('Det er ingen delegeringer ennå.')).toBeVisible();

    const leader = screen.getByRole('combobox', { name: /Leder/ });
    await tabTo(user, leader);
    // A native <select>: browsers choose with the arrow keys; jsdom does not, so pick the option
    // while the select has the focus the keyboard gave it.
    await user.selectOptions(leader, 'Kari Nordmann');
    expect(leader).toHaveFocus();
    expect(leader).toHaveValue('kari');

    const delegate = screen.getByRole('combobox', { name: /Delegeres til/ });
    await tabTo(user, delegate);
    await user.keyboard('Per');
    await screen.findByRole('option', { name: /^Per Johansen/ });
    await user.keyboard('{Enter}');
    await waitFor(() => expect(delegate).toHaveValue('Per Johansen'));

    const from = screen.getByLabelText(/Fra og med/);
    expect(from).toHaveValue('2026-03-02');
    const to = screen.getByLabelText(/Til og med/);
    await tabTo(user, to);
    await user.type(to, '2026-06-30');
    expect(to).toHaveValue('2026-06-30');

    const submit = screen.getByRole('button', { name: 'Deleger' });
    await tabTo(user, submit);
    await user.keyboard('{Enter}');

    expect(
      await screen.findByText('Per Johansen kan nå bestille for de ansatte til Kari Nordmann.'),
    ).toBeVisible();
    expect(desk.grants).toHaveLength(1);
    expect(desk.grants[0]?.input).toEqual({
      leaderId: 'kari',
      delegateId: 'per',
      validFrom: '2026-03-02',
      validTo: '2026-06-30',
    });
    expect(desk.grants[0]?.ids.streamId).toMatch(uuid);
    expect(desk.grants[0]?.ids.eventId).toMatch(uuid);

    const item = (
      await screen.findByText('Per Johansen kan bestille for de ansatte til Kari Nordmann')
    ).closest('li');
    if (item === null) throw new Error('the delegation is not listed');
    expect(within(item).getByText('2. mars 2026 til 30. juni 2026')).toBeVisible();
    expect(within(item).getByText('Delegert av Marit Solberg')).toBeVisible();
    expect(within(item).getByText('Gjelder nå')).toBeVisible();
    // The form is empty again, ready for the next one.
    expect(leader).toHaveValue('');
    expect(delegate).toHaveValue('');
  });

  it('says what is missing as sentences next to the fields, and what the desk refused', async () => {
    const { user, desk } = await renderPanel();
    await user.click(screen.getByRole('button', { name: 'Deleger' }));
    const leader = screen.getByRole('combobox', { name: /Leder/ });
    const delegate = screen.getByRole('combobox', { name: /Delegeres til/ });
    expect(descriptionOf(leader)).toContain('Velg lederen det gjelder.');
    expect(descriptionOf(delegate)).toContain('Velg hvem du delegerer til.');
    expect(desk.grants).toHaveLength(0);

    await user.selectOptions(leader, 'Line Mikkelsen');
    expect(descriptionOf(leader)).not.toContain('Velg lederen det gjelder.');
    await user.click(delegate);
    await user.keyboard('Per');
    await screen.findByRole('option', { name: /^Per Johansen/ });
    await user.keyboard('{Enter}');
    desk.refuseNext = new RequestRefused([{ key: 'anomaly.notEntitled', field: 'leaderId' }]);
    await user.click(screen.getByRole('button', { name: 'Deleger' }));
    await waitFor(() =>
      expect(descriptionOf(leader)).toContain(
        'Du kan bare delegere for ledere under deg i linjen.',
      ),
    );
    await expectNoAxeViolations(document.body);
  });

  it('revokes after asking in a dialog, by keyboard', async () => {
    const desk = new FakeDelegationDesk();
    await desk.grant(
      { leaderId: 'kari', delegateId: 'per', validFrom: '2026-03-01' },
      { streamId: 'delegation-1', eventId: 'event-1' },
    );
    const { user } = await renderPanel(desk);
    expect(await screen.findByText('Fra 1. mars 2026, uten sluttdato')).toBeVisible();

    const revoke = screen.getByRole('button', {
      name: 'Trekk tilbake delegeringen til Per Johansen for Kari Nordmann',
    });
    await tabTo(user, revoke);
    await user.keyboard('{Enter}');
    const dialog = await screen.findByRole('dialog', {
      name: 'Vil du trekke tilbake delegeringen?',
    });
    expect(
      within(dialog).getByText(
        'Per Johansen kan ikke lenger bestille tilgang for de ansatte til Kari Nordmann.',
      ),
    ).toBeVisible();
    await expectNoAxeViolations(document.body);
    const confirm = within(dialog).getByRole('button', { name: 'Ja, trekk tilbake' });
    await tabTo(user, confirm);
    await user.keyboard('{Enter}');

    expect(await screen.findByText('Delegeringen er trukket tilbake.')).toBeVisible();
    expect(desk.revokes).toHaveLength(1);
    expect(desk.revokes[0]?.delegationId).toBe('delegation-1');
    expect(desk.revokes[0]?.eventId).toMatch(uuid);
    expect(await screen.findByText('Trukket tilbake')).toBeVisible();
    expect(screen.queryByRole('button', { name: /Trekk tilbake delegeringen/ })).toBeNull();
  });

  it('has no axe violations with a delegation listed', async () => {
    const desk = new FakeDelegationDesk();
    await desk.grant(
      { leaderId: 'kari', delegateId: 'per', validFrom: '2026-03-01', validTo: '2026-04-01' },
      { streamId: 'delegation-1', eventId: 'event-1' },
    );
    const { container } = await renderPanel(desk);
    await screen.findByText('Delegert av Marit Solberg');
    await expectNoAxeViolations(container);
  });
});
