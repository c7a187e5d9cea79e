/**
 * Starting a review campaign as Sigrid (systemansvarlig): the KS Fiks export
 * from the end-to-end fixtures, lines typed by hand, the check against the
 * directory and the creation, all through the real review desk against the
 * in-process emulator.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { screen, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { ReviewsWorkspace } from '../../../src/features/reviews/components/reviews-workspace.tsx';
import { createReviewWorld, type ReviewWorld } from '../../features/review-kit.ts';
import { expectNoAxeViolations } from '../requests/render-requests.tsx';
import { renderAs } from './render-reviews.tsx';

// Vitest runs from the repository root; under jsdom `import.meta.url` is no file URL.
const fixture = resolve('test/e2e/fixtures/svarut-25.csv');

let world: ReviewWorld;

beforeEach(async () => {
  world = await createReviewWorld();
});

async function openNewCampaign(): Promise<UserEvent> {
  const user = userEvent.setup();
  renderAs(world, 'sigrid', <ReviewsWorkspace />);
  expect(await screen.findByText('Ingen gjennomganger ennå.')).toBeInTheDocument();
  await user.click(screen.getByRole('button', { name: 'Ny gjennomgang' }));
  await screen.findByRole('heading', { name: 'Ny tilgangsgjennomgang' });
  return user;
}

function svarUtExport(): File {
  // As Excel on a Norwegian Windows saves it: Windows-1252, so "ø" is one byte.
  return new File([readFileSync(fixture)], 'svarut-25.csv', { type: 'text/csv' });
}

function checkButton(): HTMLElement {
  return screen.getByRole('button', { name: 'Kontroller og forhåndsvis' });
}

async function addManualLine(
  user: UserEvent,
  line: { name: string; email: string; subUnit: string; right: string },
): Promise<void> {
  await user.type(screen.getByRole('textbox', { name: 'Navn' }), line.name);
  await user.type(screen.getByRole('textbox', { name: 'E-post' }), line.email);
  await user.type(screen.getByRole('textbox', { name: 'Organisasjon / underenhet' }), line.subUnit);
  await user.type(screen.getByRole('textbox', { name: 'Rettighet' }), line.right);
  await user.click(screen.getByRole('button', { name: 'Legg til linje' }));
}

describe('NewCampaign: from a KS Fiks export', () => {
  it('lists the bad row, imports nothing until it is skipped, previews and creates the campaign once', async () => {
    const user = await openNewCampaign();
    await user.upload(
      screen.getByLabelText('Fil eksportert fra KS Fiks eller Elements (CSV)'),
      svarUtExport(),
    );

    const problems = await screen.findByRole('table', { name: 'Feil i filen' });
    const rows = within(problems).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveTextContent(/^15/);
    expect(rows[0]).toHaveTextContent('kjetil.saetherbodo.example');
    expect(screen.getByText('Filen har 1 feil. 26 linjer er i orden.')).toBeInTheDocument();
    expect(screen.getByText(/Tegnsett windows-1252/i)).toBeInTheDocument();
    expect(checkButton()).toBeDisabled();
    expect(
      screen.getByText(
        'Ingenting importeres før filen er uten feil, eller du har valgt å hoppe over radene med feil.',
      ),
    ).toBeInTheDocument();

    await user.click(
      screen.getByRole('checkbox', { name: 'Hopp over 1 rad(er) med feil og importer resten' }),
    );
    expect(checkButton()).toBeEnabled();
    const lines = screen.getByRole('table', { name: 'Linjer i gjennomgangen' });
    expect(within(lines).getAllByRole('row')).toHaveLength(27);
    // Read as Windows-1252: the sub-units keep their Norwegian letters.
    expect(within(lines).getAllByText('Bodø kommune - Kommunedirektørens stab')).toHaveLength(3);

    await user.click(checkButton());
    // The check reads the directory and the earlier campaigns: give it time on a slow machine.
    const preview = await screen.findByText(/^26 linjer for 25 personer/, {}, { timeout: 5000 });
    expect(preview.closest('[role="status"]')).toHaveTextContent(
      '26 linjer for 25 personer: 25 e-poster. Sending tar omtrent 1 minutter (30 e-poster i minuttet, grensen i Exchange).',
    );
    expect(screen.queryByText(/finnes i katalogen/)).not.toBeInTheDocument();
    expect(await world.deskAs('sigrid').listCampaigns()).toEqual([]);
    await expectNoAxeViolations(document.body);

    await user.dblClick(screen.getByRole('button', { name: 'Opprett gjennomgangen' }));
    // Created: the workspace opens the campaign.
    expect(
      await screen.findByRole('heading', { name: 'Kvartalsvis gjennomgang: SvarUt' }),
    ).toBeInTheDocument();

    const campaigns = await world.deskAs('sigrid').listCampaigns();
    expect(campaigns).toHaveLength(1);
    expect(campaigns[0]).toMatchObject({
      status: 'draft',
      people: 25,
      summary: { lines: 26, unanswered: 26 },
    });
    const detail = await world.deskAs('sigrid').getCampaign(campaigns[0]?.campaignId ?? '');
    expect(detail.view.lines.map((line) => line.line.email)).not.toContain(
      'kjetil.saetherbodo.example',
    );
    expect(detail.view.anomalies).toEqual([]);
  });
});

describe('NewCampaign: lines typed by hand', () => {
  it('refuses a line with a bad e-mail address, in Norwegian, and adds nothing', async () => {
    const user = await openNewCampaign();
    await addManualLine(user, {
      name: 'Lise Olsen',
      email: 'lise.olsen@bodo',
      subUnit: 'Bodø kommune - Byggesak',
      right: 'send',
    });
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Fyll ut navn, en gyldig e-postadresse, underenhet og rettighet.',
    );
    expect(screen.queryByRole('table', { name: 'Linjer i gjennomgangen' })).not.toBeInTheDocument();
    expect(checkButton()).toBeDisabled();
    // What was typed stays, to be corrected.
    expect(screen.getByRole('textbox', { name: 'E-post' })).toHaveValue('lise.olsen@bodo');
  });

  it('keeps a leaver on the removal list without mailing them, and says so before creating', async () => {
    const user = await openNewCampaign();
    await addManualLine(user, {
      name: 'Lise Olsen',
      email: 'lise.olsen@bodo.example',
      subUnit: 'Bodø kommune - Byggesak',
      right: 'send',
    });
    await addManualLine(user, {
      name: 'Nils Nilsen',
      email: 'nils.nilsen@bodo.example',
      subUnit: 'Bodø kommune - Byggesak',
      right: 'send',
    });
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    const lines = screen.getByRole('table', { name: 'Linjer i gjennomgangen' });
    expect(within(lines).getAllByRole('row')).toHaveLength(3);

    await user.click(checkButton());
    const preview = await screen.findByText(/^2 linjer for 1 personer/);
    const status = preview.closest('[role="status"]');
    // Nils is not in the directory, and his address is the municipality's: he has left (R11).
    expect(status).toHaveTextContent('2 linjer for 1 personer: 1 e-poster.');
    expect(status).toHaveTextContent(
      '1 linjer gjelder personer som har sluttet (finnes ikke lenger i katalogen): nils.nilsen@bodo.example. De settes rett på fjerningslisten, og ingen får e-post om dem.',
    );

    await user.click(screen.getByRole('button', { name: 'Opprett gjennomgangen' }));
    await screen.findByRole('heading', { name: 'Kvartalsvis gjennomgang: SvarUt' });
    const [campaign] = await world.deskAs('sigrid').listCampaigns();
    const detail = await world.deskAs('sigrid').getCampaign(campaign?.campaignId ?? '');
    expect(
      detail.view.lines.map((line) => [
        line.line.person.displayName,
        line.line.email,
        line.presence,
      ]),
    ).toEqual([
      ['Lise Olsen', 'lise.olsen@bodo.example', 'present'],
      ['Nils Nilsen', 'nils.nilsen@bodo.example', 'left'],
    ]);
    expect(detail.view.removalList.map((line) => line.line.lineId)).toEqual([
      detail.view.lines[1]?.line.lineId,
    ]);
    expect(detail.preview.people).toBe(1);
  });

  it('leaves out an address outside the municipality, says why, and creates nothing when no line is left', async () => {
    const user = await openNewCampaign();
    await addManualLine(user, {
      name: 'Nils Nilsen',
      email: 'nils@elsewhere.example',
      subUnit: 'Bodø kommune - Byggesak',
      right: 'send',
    });
    await user.click(checkButton());
    await screen.findByText(
      'nils@elsewhere.example: finnes ikke i katalogen, hører ikke til kommunens domener og var ikke med i en tidligere gjennomgang',
    );
    expect(screen.getByRole('button', { name: 'Opprett gjennomgangen' })).toBeDisabled();
    expect(await world.deskAs('sigrid').listCampaigns()).toEqual([]);
  });
});

describe('ReviewsWorkspace: who may run reviews', () => {
  it('tells Ola, who is not systemansvarlig, that reviews are for systemansvarlig only', async () => {
    renderAs(world, 'ola', <ReviewsWorkspace />);
    const notice = await screen.findByRole('status');
    expect(notice).toHaveTextContent('Bare for systemansvarlig');
    expect(notice).toHaveTextContent('Har du fått en e-post om gjennomgang, svarer du i Outlook.');
    expect(screen.queryByRole('button', { name: 'Ny gjennomgang' })).not.toBeInTheDocument();
  });
});
