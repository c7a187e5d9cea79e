import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { TriageWorkspace } from '../../../src/features/triage/components/triage-workspace.tsx';
import { FakeTriageDesk, queueRow } from './fake-triage-desk.ts';
import { rowPx, scrollTo, viewportPx } from './jsdom-table-layout.ts';
import { expectNoAxeViolations, renderWithTriageDesk } from './render-triage.tsx';

function deskWith(count: number): FakeTriageDesk {
  const desk = new FakeTriageDesk();
  desk.rows = Array.from({ length: count }, (_, index) => queueRow(index + 1));
  return desk;
}

const open = (index: number) => ({ name: `Åpne Tilgang til mappe R-${index}` });

/** Renders the queue and asks for 500 rows at a time, as a user would. */
async function renderLongPage(count = 500) {
  const user = userEvent.setup();
  const desk = deskWith(count);
  const view = renderWithTriageDesk(<TriageWorkspace />, desk);
  await screen.findByRole('table', { name: 'Behandling' });
  await user.selectOptions(screen.getByRole('combobox', { name: 'Rader om gangen' }), '500');
  await screen.findByText(`Viser ${Math.min(count, 500)} av ${count}`);
  const table = screen.getByRole('table', { name: 'Behandling' });
  const scroller = table.parentElement;
  if (scroller === null) throw new Error('the table has no scroller');
  return { user, desk, table, scroller, ...view };
}

const dataRows = (table: HTMLElement) => within(table).getAllByRole('row').slice(1);

describe('QueueTable (virtualised)', () => {
  it('asks for 500 rows at a time and renders only the rows in view', async () => {
    const { desk, table } = await renderLongPage();
    const calls = desk.callsOf('queue');
    expect(calls[calls.length - 1]?.args[0]).toMatchObject({ pageSize: 500 });
    expect(table).toHaveAttribute('aria-rowcount', '501');
    const rows = dataRows(table);
    // The view holds 600 / 45 rows; the overscan adds a few below it.
    expect(rows.length).toBeGreaterThan(viewportPx / rowPx);
    expect(rows.length).toBeLessThan(40);
    expect(rows.map((row) => row.getAttribute('aria-rowindex'))).toEqual(
      rows.map((_, index) => String(index + 2)),
    );
    expect(within(table).getByRole('columnheader', { name: 'Type' }).closest('tr')).toHaveAttribute(
      'aria-rowindex',
      '1',
    );
  });

  it('renders the rows scrolled to, with their place among all rows', async () => {
    const { table, scroller } = await renderLongPage();
    act(() => scrollTo(scroller, 250 * rowPx));
    const row = (await within(table).findByRole('button', open(251))).closest('tr');
    expect(row).toHaveAttribute('aria-rowindex', '252');
    expect(within(table).queryByRole('button', open(1))).not.toBeInTheDocument();
    expect(dataRows(table).length).toBeLessThan(40);
  });

  it('keeps the focused row, and focus, when the list scrolls away from it', async () => {
    const { table, scroller } = await renderLongPage();
    const button = within(table).getByRole('button', open(2));
    act(() => button.focus());
    act(() => scrollTo(scroller, 300 * rowPx));
    await within(table).findByRole('button', open(301));
    expect(button).toBeInTheDocument();
    expect(button).toHaveFocus();
    // Only the rows in view and the focused one: no run of rows in between.
    expect(dataRows(table).length).toBeLessThan(40);
  });

  it('moves between rows with the arrow keys, Page Up/Down, Home and End', async () => {
    const { user, table } = await renderLongPage();
    act(() => within(table).getByRole('button', open(1)).focus());
    await user.keyboard('{End}');
    await waitFor(() => expect(screen.getByRole('button', open(500))).toHaveFocus());
    expect(screen.getByRole('button', open(500)).closest('tr')).toHaveAttribute(
      'aria-rowindex',
      '501',
    );
    await user.keyboard('{ArrowUp}');
    await waitFor(() => expect(screen.getByRole('button', open(499))).toHaveFocus());
    await user.keyboard('{Home}');
    await waitFor(() => expect(screen.getByRole('button', open(1))).toHaveFocus());
    await user.keyboard('{ArrowDown}');
    await waitFor(() => expect(screen.getByRole('button', open(2))).toHaveFocus());
    // A page is the rows the view holds, less one that stays in sight.
    await user.keyboard('{PageDown}');
    const page = Math.floor(viewportPx / rowPx) - 1;
    await waitFor(() => expect(screen.getByRole('button', open(2 + page))).toHaveFocus());
    await user.keyboard('{PageUp}');
    await waitFor(() => expect(screen.getByRole('button', open(2))).toHaveFocus());
  });

  it('reaches the next rows with Tab', async () => {
    const { user, table } = await renderLongPage();
    act(() => within(table).getByRole('button', open(1)).focus());
    for (let index = 2; index <= 6; index += 1) {
      await user.tab();
      expect(within(table).getByRole('button', open(index))).toHaveFocus();
    }
  });

  it('"Vis flere" appends the next page to the same table', async () => {
    const user = userEvent.setup();
    renderWithTriageDesk(<TriageWorkspace />, deskWith(120));
    await screen.findByText('Viser 50 av 120');
    const table = screen.getByRole('table', { name: 'Behandling' });
    expect(table).toHaveAttribute('aria-rowcount', '51');
    await user.click(screen.getByRole('button', { name: 'Vis flere' }));
    await screen.findByText('Viser 100 av 120');
    expect(screen.getByRole('table', { name: 'Behandling' })).toHaveAttribute(
      'aria-rowcount',
      '101',
    );
  });

  it('has no axe violations with a long page', async () => {
    const { container } = await renderLongPage();
    await expectNoAxeViolations(container);
  });
});
