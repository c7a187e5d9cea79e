/**
 * The Outlook task pane beside a review e-mail, driving the real review desk
 * against the in-process emulator: the mail is the one Sigrid's send queue
 * delivered, its headers handed over as Outlook does (one raw CRLF block).
 */
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { demoPersonIds } from '../../../emulator/directory-data.ts';
import type { ReviewDecision } from '../../../src/domain/campaigns.ts';
import { reviewMailReferenceSchema } from '../../../src/domain/review-rounds.ts';
import type { CampaignDetail } from '../../../src/features/reviews/review-desk.ts';
import { ReviewTaskPane } from '../../../src/features/reviews/components/review-task-pane.tsx';
import type { FetchLike } from '../../../src/m365/http-pipeline.ts';
import { createGraphMailbox } from '../../../src/m365/mailbox.ts';
import {
  createReviewWorld,
  upn,
  type ReviewMail,
  type ReviewWorld,
  type Who,
} from '../../features/review-kit.ts';
import { graphAs } from '../../m365/emulator-kit.ts';
import { expectNoAxeViolations, tabTo } from '../requests/render-requests.tsx';
import { mailItemOf, renderAs, type RenderAsOptions } from './render-reviews.tsx';

let world: ReviewWorld;
let campaignId: string;

beforeEach(async () => {
  world = await createReviewWorld();
  campaignId = await world.startCampaign();
  await world.deskAs('sigrid').send(campaignId, 'review');
});

async function reviewMailOf(who: Who): Promise<ReviewMail> {
  const [mail] = await world.reviewMailsOf(who);
  if (mail === undefined) throw new Error(`${who} got no review mail`);
  return mail;
}

/**
 * The pane beside `mail` as `who` opens it. The mail is in `owner`'s mailbox (a forwarded
 * copy is the same mail to someone else); its sender and attachments are Exchange's, as the
 * host reads them.
 */
async function renderPane(
  who: Who,
  mail: ReviewMail,
  options: RenderAsOptions = {},
  owner: Who = who,
) {
  const pane = await world.paneMail(owner, mail.id);
  const item = {
    ...mailItemOf(
      mail,
      pane.attachments.map((attachment) => ({ ...attachment, contentType: 'application/json' })),
    ),
    from: pane.from,
  };
  return renderAs(world, who, <ReviewTaskPane item={item} />, {
    hostKind: 'outlook',
    ...options,
  });
}

/** The campaign as systemansvarlig sees it: what was actually recorded. */
function recorded(): Promise<CampaignDetail> {
  return world.deskAs('sigrid').getCampaign(campaignId);
}

function answeredEvents(detail: CampaignDetail) {
  return detail.view.timeline.filter((entry) => entry.type === 'campaign.answered');
}

const skolekontoret = '1. Bodø kommune - Skolekontoret: send';
const oppvekst = '2. Bodø kommune - Oppvekst: send';

async function openOlasPane(options: RenderAsOptions = {}) {
  const user = userEvent.setup();
  await renderPane('ola', await reviewMailOf('ola'), options);
  await screen.findByRole('heading', {
    name:
      options.locale === 'en'
        ? 'Confirm your access to SvarUt'
        : 'Bekreft tilgangen din til SvarUt',
  });
  return user;
}

/** Ola answers through the desk (as if in the pane earlier), for tests that start from an answer. */
async function answerAsOla(input: {
  first: ReviewDecision;
  second: ReviewDecision;
  comment: string;
}): Promise<void> {
  const mail = await reviewMailOf('ola');
  const pane = await world.paneMail('ola', mail.id);
  const mine = await world
    .deskAs('ola')
    .myReview(reviewMailReferenceSchema.parse(mail.reference), pane);
  if (mine.kind !== 'mine') throw new Error(`expected Ola's own review, got ${mine.kind}`);
  const [first, second] = mine.lines;
  if (first === undefined || second === undefined) throw new Error('expected two lines');
  await world.deskAs('ola').answer(
    campaignId,
    [
      { lineId: first.line.lineId, decision: input.first },
      { lineId: second.line.lineId, decision: input.second, comment: input.comment },
    ],
    'task-pane',
    { eventId: crypto.randomUUID() },
    pane,
  );
}

function line(name: string): HTMLElement {
  return screen.getByRole('group', { name });
}

describe('ReviewTaskPane: the person answers', () => {
  it('shows Ola his own two lines, each with keep/remove and a comment, and no one else’s', async () => {
    await openOlasPane();
    expect(screen.getByText(/Svar innen 15\.12\.2026\./)).toBeInTheDocument();
    const groups = screen.getAllByRole('group', { name: /^\d\. / });
    expect(groups.map((group) => group.querySelector('legend')?.textContent)).toEqual([
      skolekontoret,
      oppvekst,
    ]);
    for (const name of [skolekontoret, oppvekst]) {
      const group = line(name);
      expect(within(group).getByRole('radio', { name: 'Behold' })).not.toBeChecked();
      expect(within(group).getByRole('radio', { name: 'Fjern' })).not.toBeChecked();
      expect(within(group).getByRole('textbox', { name: /Kommentar/ })).toHaveValue('');
    }
    // Lise's and Ingrid's lines are in the campaign, not in Ola's pane.
    expect(screen.queryByText(/Barnevern/)).not.toBeInTheDocument();
    expect(screen.getAllByRole('radio')).toHaveLength(4);
    expect(screen.getByRole('button', { name: 'Send svar' })).toBeEnabled();
  });

  it('asks for a choice on every line before sending, and records nothing until then', async () => {
    const user = await openOlasPane();
    await user.click(screen.getByRole('button', { name: 'Send svar' }));
    expect(within(line(skolekontoret)).getByText('Velg «Behold» eller «Fjern».')).toBeVisible();
    expect(within(line(oppvekst)).getByText('Velg «Behold» eller «Fjern».')).toBeVisible();
    // Said next to each choice, where a screen reader reads it with the group.
    expect(
      within(line(oppvekst)).getByRole('radiogroup', { name: 'Trenger du denne tilgangen?' }),
    ).toHaveAccessibleDescription('Velg «Behold» eller «Fjern».');
    await expectNoAxeViolations(document.body);

    // One line chosen: the other still asks, and still nothing is sent.
    await user.click(within(line(skolekontoret)).getByRole('radio', { name: 'Behold' }));
    await user.click(screen.getByRole('button', { name: 'Send svar' }));
    expect(within(line(skolekontoret)).queryByText('Velg «Behold» eller «Fjern».')).toBeNull();
    expect(within(line(oppvekst)).getByText('Velg «Behold» eller «Fjern».')).toBeVisible();
    expect(screen.queryByText('Takk! Svaret ditt er registrert.')).not.toBeInTheDocument();

    const detail = await recorded();
    expect(answeredEvents(detail)).toEqual([]);
    expect(detail.view.summary).toMatchObject({ kept: 0, toRemove: 0, unanswered: 4 });
  });

  it('records one answer per line, with the comment, as Ola’s own from Outlook', async () => {
    const user = await openOlasPane();
    await user.click(within(line(skolekontoret)).getByRole('radio', { name: 'Behold' }));
    await user.click(within(line(oppvekst)).getByRole('radio', { name: 'Fjern' }));
    await user.type(
      within(line(oppvekst)).getByRole('textbox', { name: /Kommentar/ }),
      'Byttet jobb i oktober',
    );
    await user.click(screen.getByRole('button', { name: 'Send svar' }));
    expect(await screen.findByText('Takk! Svaret ditt er registrert.')).toBeInTheDocument();

    const detail = await recorded();
    const answered = answeredEvents(detail);
    expect(answered).toHaveLength(1);
    expect(answered[0]?.author.id).toBe(demoPersonIds.olaHansen);
    expect(
      detail.view.lines
        .filter((entry) => entry.line.person.id === demoPersonIds.olaHansen)
        .map((entry) => [entry.line.subUnit, entry.answer?.decision, entry.answer?.comment]),
    ).toEqual([
      ['Bodø kommune - Skolekontoret', 'keep', null],
      ['Bodø kommune - Oppvekst', 'remove', 'Byttet jobb i oktober'],
    ]);
    expect(
      detail.view.lines.every(
        (entry) => entry.answer === null || entry.answer.channel === 'task-pane',
      ),
    ).toBe(true);
    expect(detail.view.summary).toMatchObject({ kept: 1, toRemove: 1, unanswered: 2 });
  });

  it('records one answer when the first try was written but its answer lost, and Ola tries again', async () => {
    const network = dropAnswersAfterFirstWrite();
    const user = await openOlasPane({ desk: world.deskAs('ola', { fetch: network.fetch }) });
    await user.click(within(line(skolekontoret)).getByRole('radio', { name: 'Behold' }));
    await user.click(within(line(oppvekst)).getByRole('radio', { name: 'Behold' }));
    await user.click(screen.getByRole('button', { name: 'Send svar' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Svaret ble ikke registrert.');
    expect(alert).toHaveTextContent('Ingen forbindelse. Sjekk nettverket og prøv igjen.');
    // The write did reach the list: only its answer was lost.
    expect(answeredEvents(await recorded())).toHaveLength(1);

    network.heal();
    await user.click(screen.getByRole('button', { name: 'Send svar' }));
    expect(await screen.findByText('Takk! Svaret ditt er registrert.')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();

    const detail = await recorded();
    expect(answeredEvents(detail)).toHaveLength(1);
    expect(detail.view.summary).toMatchObject({ kept: 2, unanswered: 2 });
  });

  it('records a changed answer after a lost one: the new answer is not refused as a conflict', async () => {
    const network = dropAnswersAfterFirstWrite();
    const user = await openOlasPane({ desk: world.deskAs('ola', { fetch: network.fetch }) });
    await user.click(within(line(skolekontoret)).getByRole('radio', { name: 'Behold' }));
    await user.click(within(line(oppvekst)).getByRole('radio', { name: 'Behold' }));
    await user.click(screen.getByRole('button', { name: 'Send svar' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Svaret ble ikke registrert.');

    // Ola thinks again before retrying: Oppvekst is no longer needed.
    network.heal();
    await user.click(within(line(oppvekst)).getByRole('radio', { name: 'Fjern' }));
    await user.click(screen.getByRole('button', { name: 'Send svar' }));
    expect(await screen.findByText('Takk! Svaret ditt er registrert.')).toBeInTheDocument();

    const detail = await recorded();
    expect(
      detail.view.lines
        .filter((entry) => entry.line.person.id === demoPersonIds.olaHansen)
        .map((entry) => entry.answer?.decision),
    ).toEqual(['keep', 'remove']);
  });

  it('shows an earlier answer and says sending again replaces it; the newest answer counts', async () => {
    await answerAsOla({ first: 'keep', second: 'keep', comment: 'Trenger begge' });
    const user = await openOlasPane();
    expect(within(line(skolekontoret)).getByRole('radio', { name: 'Behold' })).toBeChecked();
    expect(within(line(oppvekst)).getByRole('radio', { name: 'Behold' })).toBeChecked();
    expect(within(line(oppvekst)).getByRole('textbox', { name: /Kommentar/ })).toHaveValue(
      'Trenger begge',
    );
    expect(
      screen.getByText('Du har svart før. Sender du på nytt, gjelder det nye svaret.'),
    ).toBeInTheDocument();

    await user.click(within(line(oppvekst)).getByRole('radio', { name: 'Fjern' }));
    await user.clear(within(line(oppvekst)).getByRole('textbox', { name: /Kommentar/ }));
    await user.click(screen.getByRole('button', { name: 'Send svar' }));
    expect(await screen.findByText('Takk! Svaret ditt er registrert.')).toBeInTheDocument();

    const detail = await recorded();
    expect(answeredEvents(detail)).toHaveLength(2);
    expect(detail.view.summary).toMatchObject({ kept: 1, toRemove: 1 });
    expect(detail.view.removalList.map((entry) => entry.answer?.comment)).toEqual([null]);
  });

  it('speaks English to an English Outlook', async () => {
    const user = await openOlasPane({ locale: 'en' });
    expect(screen.getByRole('group', { name: skolekontoret })).toBeInTheDocument();
    expect(within(line(skolekontoret)).getByRole('radio', { name: 'Keep' })).toBeInTheDocument();
    expect(within(line(skolekontoret)).getByRole('radio', { name: 'Remove' })).toBeInTheDocument();
    expect(
      within(line(skolekontoret)).getByRole('textbox', { name: 'Comment (optional)' }),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Send answer' }));
    expect(within(line(oppvekst)).getByText('Choose “Keep” or “Remove”.')).toBeVisible();
    expect(screen.queryByText(/Behold|Fjern|Send svar/)).not.toBeInTheDocument();
  });

  it('can be answered with the keyboard alone: each line’s choice and the send button by Tab', async () => {
    const user = await openOlasPane();
    const first = within(line(skolekontoret)).getByRole('radio', { name: 'Behold' });
    await tabTo(user, first);
    await user.keyboard(' ');
    expect(first).toBeChecked();
    const second = within(line(oppvekst)).getByRole('radio', { name: 'Behold' });
    await tabTo(user, second);
    // Arrow keys move within a radio group, as in any browser.
    await user.keyboard('{ArrowRight}');
    expect(within(line(oppvekst)).getByRole('radio', { name: 'Fjern' })).toBeChecked();
    await tabTo(user, screen.getByRole('button', { name: 'Send svar' }));
    await user.keyboard('{Enter}');
    expect(await screen.findByText('Takk! Svaret ditt er registrert.')).toBeInTheDocument();
    expect((await recorded()).view.summary).toMatchObject({ kept: 1, toRemove: 1 });
  });
});

describe('ReviewTaskPane: mails that are not the reader’s review', () => {
  it('tells Per that a forwarded copy of Ola’s review is not his, and offers no answer', async () => {
    await renderPane('per', await reviewMailOf('ola'), {}, 'ola');
    const notice = await screen.findByRole('status');
    expect(notice).toHaveTextContent('Denne gjennomgangen er ikke din');
    expect(notice).toHaveTextContent(
      'E-posten ble sendt til Ola Hansen. Bare Ola Hansen kan svare',
    );
    expect(screen.queryByRole('radio')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Send svar' })).not.toBeInTheDocument();
    expect(answeredEvents(await recorded())).toEqual([]);
  });

  it('says a mail without our header is not an access review: Lise’s plain reply in Sigrid’s Inbox', async () => {
    const liseMail = await reviewMailOf('lise');
    await createGraphMailbox(graphAs(world.emulator, upn.lise)).reply(liseMail.id, 'NEI');
    const [reply] = await world.inboxOf('sigrid');
    if (reply === undefined) throw new Error('Sigrid got no reply');
    expect(reply.reference).toBeNull();

    await renderPane('sigrid', reply);
    const notice = await screen.findByRole('status');
    expect(notice).toHaveTextContent('Dette er ikke en tilgangsgjennomgang');
    expect(screen.queryByRole('radio')).not.toBeInTheDocument();
  });
});

describe('ReviewTaskPane: a closed campaign', () => {
  it('shows Ola’s answer read-only once the campaign is closed', async () => {
    await answerAsOla({ first: 'keep', second: 'remove', comment: 'Sluttet i Oppvekst' });
    await world
      .deskAs('sigrid')
      .closeCampaign(
        campaignId,
        { reportReference: '2026/900-4' },
        { eventId: crypto.randomUUID() },
      );

    await openOlasPane();
    expect(
      screen.getByText('Gjennomgangen er avsluttet. Svaret kan ikke endres.'),
    ).toBeInTheDocument();
    const kept = within(line(skolekontoret)).getByRole('radio', { name: 'Behold' });
    const removed = within(line(oppvekst)).getByRole('radio', { name: 'Fjern' });
    expect(kept).toBeChecked();
    expect(removed).toBeChecked();
    for (const radio of screen.getAllByRole('radio')) expect(radio).toBeDisabled();
    const comment = within(line(oppvekst)).getByRole('textbox', { name: /Kommentar/ });
    expect(comment).toHaveValue('Sluttet i Oppvekst');
    expect(comment).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Send svar' })).not.toBeInTheDocument();
    expect(screen.queryByText(/Du har svart før/)).not.toBeInTheDocument();
  });
});

/**
 * A network that loses answers: from the first POST to a list's items on, every
 * request reaches the emulator (the write happens) but its answer is dropped,
 * until `heal()`.
 */
function dropAnswersAfterFirstWrite() {
  let state: 'armed' | 'dropping' | 'healthy' = 'armed';
  const fetch: FetchLike = async (request) => {
    const write = request.method === 'POST' && new URL(request.url).pathname.endsWith('/items');
    if (state === 'armed' && write) state = 'dropping';
    if (state !== 'dropping') return world.emulator.handle(request);
    await world.emulator.handle(request);
    throw new TypeError('Failed to fetch');
  };
  return {
    fetch,
    heal: () => {
      state = 'healthy';
    },
  };
}
