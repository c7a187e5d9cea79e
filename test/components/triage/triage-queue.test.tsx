import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { TriageWorkspace } from '../../../src/features/triage/components/triage-workspace.tsx';
import type { QueueQuery } from '../../../src/features/triage/triage-desk.ts';
import { FakeTriageDesk, queueRow, triageDetail } from './fake-triage-desk.ts';
import {
  blobBytes,
  expectNoAxeViolations,
  renderWithTriageDesk,
  stubObjectUrls,
} from './render-triage.tsx';

function deskWith(count: number): FakeTriageDesk {
  const desk = new FakeTriageDesk();
  desk.rows = Array.from({ length: count }, (_, index) =>
    queueRow(index + 1, {
      status: index % 3 === 0 ? 'needs-information' : 'awaiting-systemansvarlig',
      subjectName: index === 0 ? 'Lise Olsen' : 'Ola Hansen',
    }),
  );
  return desk;
}

const lastQuery = (desk: FakeTriageDesk): QueueQuery => {
  const calls = desk.callsOf('queue');
  const query = calls[calls.length - 1]?.args[0];
  if (query === undefined || query === null || typeof query !== 'object')
    throw new Error('no query');
  return query;
};

describe('TriageWorkspace queue', () => {
  it('says clearly when the page has no triage desk', () => {
    renderWithTriageDesk(<TriageWorkspace />, undefined);
    expect(screen.getByRole('alert')).toHaveTextContent('Behandling er ikke tilgjengelig her');
  });

  it('shows the rows and the counts per status', async () => {
    renderWithTriageDesk(<TriageWorkspace />, deskWith(4));
    const table = await screen.findByRole('table', { name: 'Behandling' });
    expect(within(table).getAllByRole('row')).toHaveLength(5);
    expect(within(table).getByRole('cell', { name: 'Lise Olsen' })).toBeInTheDocument();
    expect(within(table).getByRole('cell', { name: '2026/1001' })).toBeInTheDocument();
    const statuses = screen.getByRole('group', { name: 'Status' });
    expect(within(statuses).getByRole('button', { name: 'Alle åpne (4)' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(
      within(statuses).getByRole('button', { name: 'Trenger mer informasjon (2)' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Viser 4 av 4')).toBeInTheDocument();
  });

  it('asks the desk with the filter chosen', async () => {
    const user = userEvent.setup();
    const desk = deskWith(4);
    renderWithTriageDesk(<TriageWorkspace />, desk);
    await screen.findByRole('table');
    await user.click(screen.getByRole('button', { name: 'Trenger mer informasjon (2)' }));
    await waitFor(() => expect(lastQuery(desk).status).toBe('needs-information'));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Type' }), 'folder-access');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Gradering' }), 'elevsak');
    await user.type(screen.getByRole('textbox', { name: 'Eldre enn' }), '7');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Sorter' }), 'newest');
    await waitFor(() =>
      expect(lastQuery(desk)).toMatchObject({
        status: 'needs-information',
        kind: 'folder-access',
        grading: 'elevsak',
        olderThanDays: 7,
        sort: 'newest',
      }),
    );
    expect(await screen.findByText('Viser 2 av 2')).toBeInTheDocument();
  });

  it('searches by name once typing pauses', async () => {
    const user = userEvent.setup();
    const desk = deskWith(4);
    renderWithTriageDesk(<TriageWorkspace />, desk);
    await screen.findByRole('table');
    const before = desk.callsOf('queue').length;
    await user.type(screen.getByRole('searchbox', { name: 'Søk' }), 'Lise');
    await waitFor(() => expect(lastQuery(desk).search).toBe('Lise'));
    // One call for the settled text, not one per key.
    expect(desk.callsOf('queue').length).toBe(before + 1);
    await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(2));
  });

  it('loads the next page with "Vis flere" by cursor', async () => {
    const user = userEvent.setup();
    const desk = deskWith(120);
    renderWithTriageDesk(<TriageWorkspace />, desk);
    await screen.findByText('Viser 50 av 120');
    await user.click(screen.getByRole('button', { name: 'Vis flere' }));
    await screen.findByText('Viser 100 av 120');
    expect(lastQuery(desk).cursor).toBe('50');
    await user.click(screen.getByRole('button', { name: 'Vis flere' }));
    await screen.findByText('Viser 120 av 120');
    expect(screen.queryByRole('button', { name: 'Vis flere' })).not.toBeInTheDocument();
  });

  it('downloads the current filter as CSV with a BOM and escaped cells', async () => {
    const user = userEvent.setup();
    const desk = deskWith(2);
    desk.rows.push(queueRow(3, { subjectName: '=HYPERLINK("x")', caseNumber: '2026/9' }));
    const { blobs, clicked } = stubObjectUrls();
    renderWithTriageDesk(<TriageWorkspace />, desk);
    await screen.findByRole('table');
    await user.click(screen.getByRole('button', { name: 'Last ned CSV' }));
    await waitFor(() => expect(clicked).toHaveBeenCalledTimes(1));
    expect(desk.callsOf('queueRows')[0]?.args[0]).toMatchObject({ sort: 'oldest' });
    const blob = blobs[0];
    if (blob === undefined) throw new Error('no blob');
    expect(blob.type).toBe('text/csv;charset=utf-8');
    const bytes = await blobBytes(blob);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    expect(text).toContain('"\'=HYPERLINK(""x"")"');
    expect(text).toContain('"2026/1001"');
    expect(text.split('\r\n')).toHaveLength(5);
  });

  it('opens a request from the queue and goes back to the same filter', async () => {
    const user = userEvent.setup();
    const desk = deskWith(4);
    desk.details.set('request-1', triageDetail());
    renderWithTriageDesk(<TriageWorkspace />, desk);
    await screen.findByRole('table');
    await user.click(screen.getByRole('button', { name: 'Trenger mer informasjon (2)' }));
    await user.click(await screen.findByRole('button', { name: 'Åpne Tilgang til mappe R-1' }));
    expect(await screen.findByRole('heading', { name: 'Tilgang til mappe' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Tilbake til køen' }));
    expect(
      await screen.findByRole('button', { name: 'Trenger mer informasjon (2)' }),
    ).toHaveAttribute('aria-pressed', 'true');
  });

  it('has no axe violations with rows shown', async () => {
    const { container } = renderWithTriageDesk(<TriageWorkspace />, deskWith(3));
    await screen.findByRole('table');
    await expectNoAxeViolations(container);
  });
});
