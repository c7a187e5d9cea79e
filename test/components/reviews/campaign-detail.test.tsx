/**
 * One campaign as Sigrid (systemansvarlig) runs it: sending, reading plain
 * replies, confirming removals and closing, through the real review desk
 * against the in-process emulator. Sending paces itself on the world's
 * manual clock, so Exchange's 30 a minute costs no real time.
 */
import { screen, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CampaignDetailView } from '../../../src/features/reviews/components/campaign-detail.tsx';
import type { ReviewDesk } from '../../../src/features/reviews/review-desk.ts';
import type { FetchLike } from '../../../src/m365/http-pipeline.ts';
import { createGraphMailbox } from '../../../src/m365/mailbox.ts';
import { createReviewWorld, upn, type ReviewWorld, type Who } from '../../features/review-kit.ts';
import { graphAs } from '../../m365/emulator-kit.ts';
import { renderAs } from './render-reviews.tsx';

let world: ReviewWorld;
let campaignId: string;

beforeEach(async () => {
  world = await createReviewWorld();
  campaignId = await world.startCampaign();
});

async function openCampaign(desk: ReviewDesk = world.deskAs('sigrid')): Promise<UserEvent> {
  const user = userEvent.setup();
  renderAs(world, 'sigrid', <CampaignDetailView campaignId={campaignId} onBack={vi.fn()} />, {
    desk,
  });
  await screen.findByRole('heading', { name: 'Kvartalsvis gjennomgang: SvarUt' });
  return user;
}

/** A section of the campaign, by its heading. */
function section(name: string): HTMLElement {
  const found = screen.getByRole('heading', { level: 3, name }).closest('section');
  if (found === null) throw new Error(`no section headed ${name}`);
  return found;
}

/** A number in the campaign's summary ("Oversikt"). */
function summaryCount(label: string): string {
  const summary = screen.getByLabelText('Oversikt');
  const term = within(summary).getByText(label).closest('div');
  return term?.querySelector('dd')?.textContent ?? '';
}

async function mailsPerPerson(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const who of ['ola', 'lise', 'ingrid'] as const) {
    counts[who] = (await world.reviewMailsOf(who)).length;
  }
  return counts;
}

async function replyAs(who: Who, text: string): Promise<void> {
  const [mail] = await world.reviewMailsOf(who);
  if (mail === undefined) throw new Error(`${who} got no review mail`);
  await createGraphMailbox(graphAs(world.emulator, upn[who])).reply(mail.id, text);
  // The reply reaches the campaign mailbox seconds later, as from Exchange.
  await world.waitForDelivery();
}

/** Sigrid's network, where requests to `/sendMail` can be held or refused. */
function mailNetwork() {
  let sends = 0;
  let holdAt: number | null = null;
  let release: () => void = () => undefined;
  let refuseFrom: number | null = null;
  const fetch: FetchLike = async (request) => {
    if (request.method === 'POST' && new URL(request.url).pathname.endsWith('/sendMail')) {
      sends += 1;
      if (sends === holdAt) await new Promise<void>((resolve) => (release = resolve));
      // Exchange is down: the mail is refused, nothing is sent.
      if (refuseFrom !== null && sends >= refuseFrom) return new Response(null, { status: 503 });
    }
    return world.emulator.handle(request);
  };
  return {
    fetch,
    /** Holds the `nth` send until `release()`. */
    hold(nth: number) {
      holdAt = nth;
    },
    release: () => release(),
    /** Refuses every send from the `nth` on, until `heal()`. */
    refuseFrom(nth: number) {
      refuseFrom = nth;
    },
    heal() {
      refuseFrom = null;
    },
  };
}

describe('CampaignDetailView: sending', () => {
  it('sends one e-mail per person with progress, then offers reminders instead', async () => {
    const network = mailNetwork();
    network.hold(2);
    const user = await openCampaign(world.deskAs('sigrid', { fetch: network.fetch }));
    const send = section('Send e-poster');
    expect(send).toHaveTextContent(
      '3 personer får én e-post hver (3 e-poster). Sending tar omtrent 1 minutter med 30 i minuttet.',
    );
    expect(within(send).queryByRole('button', { name: /Send påminnelse/ })).toBeNull();
    const started = world.clock.now().getTime();

    await user.click(within(send).getByRole('button', { name: 'Send til 3 personer' }));
    // The second mail is held: one is out, and the screen says so while it works.
    expect(await within(send).findByText('Sendt 1 av 3')).toBeInTheDocument();
    expect(within(send).getByRole('progressbar')).toBeInTheDocument();
    expect(within(send).getByRole('button', { name: 'Send til 3 personer' })).toBeDisabled();
    expect(within(send).getByRole('button', { name: 'Stopp' })).toBeEnabled();

    network.release();
    expect(await within(send).findByText('Ferdig: 3 av 3 har fått e-posten.')).toBeInTheDocument();
    expect(await within(send).findByText('Alle 3 har fått e-posten.')).toBeInTheDocument();
    expect(within(send).queryByRole('button', { name: /Send til|Fortsett/ })).toBeNull();
    expect(
      within(send).getByRole('button', { name: 'Send påminnelse til 3 som ikke har svart' }),
    ).toBeEnabled();
    expect(within(section('Alle linjer')).getAllByText('Sendt (0 påminnelser)')).toHaveLength(4);

    expect(await mailsPerPerson()).toEqual({ ola: 1, lise: 1, ingrid: 1 });
    // Two waits of 2 s between three sends at 30 a minute, on the world's clock, not the real one.
    expect(world.clock.now().getTime() - started).toBeGreaterThanOrEqual(4_000);
  });

  it('stops with a Norwegian message when Exchange refuses, and resumes without a second copy', async () => {
    const network = mailNetwork();
    network.refuseFrom(2);
    const user = await openCampaign(world.deskAs('sigrid', { fetch: network.fetch }));
    const send = section('Send e-poster');
    await user.click(within(send).getByRole('button', { name: 'Send til 3 personer' }));

    const alert = await within(send).findByRole('alert');
    expect(alert).toHaveTextContent('Sendingen stoppet');
    expect(alert).toHaveTextContent('Microsoft 365 svarer ikke akkurat nå. Prøv igjen om litt.');
    expect(alert).toHaveTextContent('Trykk «Fortsett sendingen» for å sende resten');
    expect(await mailsPerPerson()).toEqual({ ola: 1, lise: 0, ingrid: 0 });

    network.heal();
    await user.click(await within(send).findByRole('button', { name: 'Fortsett sendingen' }));
    expect(await within(send).findByText('Ferdig: 3 av 3 har fått e-posten.')).toBeInTheDocument();
    expect(within(send).queryByRole('alert')).toBeNull();
    expect(await mailsPerPerson()).toEqual({ ola: 1, lise: 1, ingrid: 1 });
  });

  it('offers to go on after Sigrid stops half-way, and sends only the rest', async () => {
    const network = mailNetwork();
    network.hold(2);
    const user = await openCampaign(world.deskAs('sigrid', { fetch: network.fetch }));
    const send = section('Send e-poster');
    await user.click(within(send).getByRole('button', { name: 'Send til 3 personer' }));
    await within(send).findByText('Sendt 1 av 3');
    await user.click(within(send).getByRole('button', { name: 'Stopp' }));
    // The mail already on its way goes out; the run stops before the next.
    network.release();
    const resume = await within(send).findByRole('button', { name: 'Fortsett sendingen' });
    expect(within(send).queryByRole('alert')).toBeNull();
    expect(within(send).queryByText(/^Alle 3 har fått e-posten/)).toBeNull();
    expect(await mailsPerPerson()).toEqual({ ola: 1, lise: 1, ingrid: 0 });

    await user.click(resume);
    expect(await within(send).findByText('Ferdig: 3 av 3 har fått e-posten.')).toBeInTheDocument();
    expect(within(send).queryByRole('button', { name: 'Fortsett sendingen' })).toBeNull();
    expect(await mailsPerPerson()).toEqual({ ola: 1, lise: 1, ingrid: 1 });
  });
});

describe('CampaignDetailView: replies, removals, closing', () => {
  beforeEach(async () => {
    await world.deskAs('sigrid').send(campaignId, 'review');
  });

  it('records Lise’s plain "NEI" from the Inbox once and lists her line for removal', async () => {
    await replyAs('lise', 'NEI\n\nTrenger det ikke lenger.');
    const user = await openCampaign();
    const removals = section('Tilgang som skal fjernes');
    expect(removals).toHaveTextContent('Ingen tilgang skal fjernes ennå.');

    const replies = section('Svar på e-post');
    await user.click(within(replies).getByRole('button', { name: 'Les svar fra innboksen' }));
    expect(await within(replies).findByRole('status')).toHaveTextContent(
      '1 nye svar registrert, 0 var registrert fra før, 0 må leses.',
    );
    const table = await within(removals).findByRole('table', { name: 'Tilgang som skal fjernes' });
    const [, lise, ...others] = within(table).getAllByRole('row');
    expect(others).toEqual([]);
    expect(lise).toHaveTextContent('Lise Olsen');
    expect(lise).toHaveTextContent('Bodø kommune - Skolekontoret');
    expect(summaryCount('Skal fjernes')).toBe('1');
    expect(summaryCount('Ikke svart')).toBe('3');

    // Reading again records nothing new.
    await user.click(within(replies).getByRole('button', { name: 'Les svar fra innboksen' }));
    expect(
      await within(replies).findByText(
        '0 nye svar registrert, 1 var registrert fra før, 0 må leses.',
      ),
    ).toBeInTheDocument();
    const detail = await world.deskAs('sigrid').getCampaign(campaignId);
    expect(
      detail.view.timeline.filter((entry) => entry.type === 'campaign.reply-recorded'),
    ).toHaveLength(1);
  });

  it('confirms Lise’s removal and closes with the archive reference', async () => {
    await replyAs('lise', 'FJERN');
    await world.deskAs('sigrid').readReplies(campaignId);
    const user = await openCampaign();

    const removals = section('Tilgang som skal fjernes');
    await user.type(
      within(removals).getByRole('textbox', { name: 'Referanse for fjerningen for Lise Olsen' }),
      'Fjernet 28.11',
    );
    await user.click(
      within(removals).getByRole('button', {
        name: 'Bekreft at tilgangen til Lise Olsen i Bodø kommune - Skolekontoret er fjernet',
      }),
    );
    expect(
      await within(removals).findByText('Fjernet i KS Fiks Fjernet 28.11 (Sigrid Lund)'),
    ).toBeInTheDocument();
    expect(within(removals).queryByRole('button', { name: /Bekreft/ })).toBeNull();

    const close = section('Avslutt gjennomgangen');
    await user.type(
      within(close).getByRole('textbox', { name: /Arkivreferanse i Elements/ }),
      '2026/900-4',
    );
    await user.click(within(close).getByRole('button', { name: 'Avslutt gjennomgangen' }));
    expect(
      await screen.findByText(
        'Avsluttet av Sigrid Lund. Rapporten er arkivert i Elements: 2026/900-4.',
      ),
    ).toBeInTheDocument();
    // Closed: nothing more to send or read.
    expect(screen.queryByRole('heading', { name: 'Send e-poster' })).not.toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Svar på e-post' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Avslutt gjennomgangen' })).not.toBeInTheDocument();

    const detail = await world.deskAs('sigrid').getCampaign(campaignId);
    expect(detail.view.status).toBe('closed');
    expect(detail.view.outcome).toMatchObject({ reportReference: '2026/900-4' });
    expect(detail.view.confirmedRemovals.map((line) => line.removal)).toEqual([
      expect.objectContaining({ where: 'ks-fiks', reference: 'Fjernet 28.11' }),
    ]);
  });

  it('says in Norwegian when the Inbox cannot be read, and reading again loses nothing', async () => {
    await replyAs('lise', 'NEI');
    const user = await openCampaign();
    world.emulator.faults.configure({
      rate: 1,
      kinds: ['503'],
      methods: ['GET'],
      pathPattern: 'mailFolders/inbox/messages',
    });
    const replies = section('Svar på e-post');
    await user.click(within(replies).getByRole('button', { name: 'Les svar fra innboksen' }));
    expect(await within(replies).findByRole('alert')).toHaveTextContent(
      'Microsoft 365 svarer ikke akkurat nå. Prøv igjen om litt.',
    );
    expect(world.emulator.faults.counters().injected['503']).toBeGreaterThan(0);
    expect((await world.deskAs('sigrid').getCampaign(campaignId)).view.summary.toRemove).toBe(0);

    world.emulator.faults.clear();
    await user.click(within(replies).getByRole('button', { name: 'Les svar fra innboksen' }));
    expect(await within(replies).findByRole('status')).toHaveTextContent('1 nye svar registrert');
    expect(within(replies).queryByRole('alert')).toBeNull();
    expect(
      await within(section('Tilgang som skal fjernes')).findByText('Lise Olsen'),
    ).toBeInTheDocument();
  });

  it('says in Norwegian when the campaign cannot be loaded, and shows it on “Prøv igjen”', async () => {
    world.emulator.faults.configure({
      rate: 1,
      kinds: ['503'],
      methods: ['GET'],
      pathPattern: '/lists/.*/items',
    });
    const user = userEvent.setup();
    renderAs(world, 'sigrid', <CampaignDetailView campaignId={campaignId} onBack={vi.fn()} />);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Kunne ikke hente gjennomgangene.');
    expect(alert).toHaveTextContent('Microsoft 365 svarer ikke akkurat nå. Prøv igjen om litt.');

    world.emulator.faults.clear();
    await user.click(within(alert).getByRole('button', { name: 'Prøv igjen' }));
    expect(
      await screen.findByRole('heading', { name: 'Kvartalsvis gjennomgang: SvarUt' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Alle 3 har fått e-posten.')).toBeInTheDocument();
  });
});
