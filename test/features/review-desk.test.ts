// @vitest-environment node
/**
 * The review desk end to end, in-process: our Graph adapters against a
 * provisioned emulator that enforces the site's permissions, stamps authors
 * from the token, delivers mail and keeps Exchange's sending limit on a clock
 * the test moves. Nothing of ours is mocked.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { demoPersonIds } from '../../emulator/directory-data.ts';
import { DOKUMENTSENTERET_MAILBOX } from '../../emulator/emulator-config.ts';
import { reviewMailReferenceSchema } from '../../src/domain/review-rounds.ts';
import type { RunIdStore } from '../../src/features/reviews/create-review-desk.ts';
import { RequestRefused } from '../../src/features/reviews/review-desk.ts';
import type { FetchLike } from '../../src/m365/http-pipeline.ts';
import type { SendProgress } from '../../src/features/reviews/send-queue.ts';
import { createGraphMailbox } from '../../src/m365/mailbox.ts';
import { createGraphMailer } from '../../src/m365/mailer.ts';
import { html } from '../../src/m365/safe-html.ts';
import { graphAs } from '../m365/emulator-kit.ts';
import { createReviewWorld, definition, line, lines, upn, type ReviewWorld } from './review-kit.ts';

let world: ReviewWorld;

beforeEach(async () => {
  world = await createReviewWorld();
});

const deskAs: ReviewWorld['deskAs'] = (who, options) => world.deskAs(who, options);
const startCampaign: ReviewWorld['startCampaign'] = (input) => world.startCampaign(input);
const reviewMailsOf: ReviewWorld['reviewMailsOf'] = (who) => world.reviewMailsOf(who);

describe('review desk: campaigns', () => {
  it('resolves lines by e-mail, keeps leavers, says why a line is left out, and refuses staff', async () => {
    const desk = deskAs('sigrid');
    const leaver = { ...line('ola', 'X', 'Nobody'), email: 'nobody@bodo.example' };
    const outside = { ...line('ola', 'X', 'Ekstern'), email: 'someone@elsewhere.example' };
    const malformed = { ...line('ola', 'X', 'Feil'), email: 'not-an-address' };
    const { resolved, leavers, unknown } = await desk.resolveLines(
      [...lines(), leaver, outside, malformed],
      definition,
    );
    expect(resolved.map((entry) => entry.person.id)).toEqual([
      demoPersonIds.olaHansen,
      demoPersonIds.olaHansen,
      demoPersonIds.liseOlsen,
      expect.any(String),
    ]);
    // Nobody in the directory holds an address in the municipality's domain: they have left.
    expect(leavers).toEqual([
      expect.objectContaining({
        email: 'nobody@bodo.example',
        presence: 'left',
        person: { id: 'mail:nobody@bodo.example', displayName: 'Nobody' },
      }),
    ]);
    expect(unknown.map((entry) => [entry.email, entry.reason])).toEqual([
      ['someone@elsewhere.example', 'outside'],
      ['not-an-address', 'malformed'],
    ]);

    await expect(
      deskAs('ola').createCampaign(
        { definition, lines: resolved },
        { campaignId: crypto.randomUUID() },
      ),
    ).rejects.toBeInstanceOf(RequestRefused);
    expect(await deskAs('ola').canManage()).toBe(false);
    expect(await desk.canManage()).toBe(true);
  });

  it('creates a campaign once even when called twice with the same ids, and previews sending', async () => {
    const desk = deskAs('sigrid');
    const { resolved } = await desk.resolveLines(lines(), definition);
    const campaignId = crypto.randomUUID();
    await desk.createCampaign({ definition, lines: resolved }, { campaignId });
    await desk.createCampaign({ definition, lines: resolved }, { campaignId });
    const detail = await desk.getCampaign(campaignId);
    expect(detail.view.status).toBe('draft');
    expect(detail.view.lines).toHaveLength(4);
    expect(detail.preview).toEqual({ people: 3, emails: 3, perMinute: 30, minutes: 1 });
    expect(detail.view.anomalies).toEqual([]);
    expect((await desk.listCampaigns()).map((row) => row.campaignId)).toEqual([campaignId]);
    expect(desk.previewSend(1000)).toMatchObject({ emails: 1000, minutes: 34 });
  });
});

describe('review desk: leavers and movers are reviewed, not dropped (R11)', () => {
  it('marks who moved unit or leader and who left since the last campaign, and mails neither', async () => {
    const desk = deskAs('sigrid');
    const first = crypto.randomUUID();
    const input = [
      line('ola', 'Skolekontoret', 'Ola Hansen'),
      line('lise', 'Byggesak', 'Lise Olsen'),
    ];
    const { resolved } = await desk.resolveLines(input, definition);
    expect(resolved.every((entry) => entry.presence === undefined)).toBe(true);
    await desk.createCampaign({ definition, lines: resolved }, { campaignId: first });

    // Since then Ola has moved to another unit, and Lise has left the municipality.
    await world.emulator.directory.setDepartment(demoPersonIds.olaHansen, 'Plan og miljø');
    await world.emulator.directory.deletePerson(demoPersonIds.liseOlsen);

    const again = await desk.resolveLines(
      [line('ola', 'Skolekontoret', 'Ola Hansen'), line('lise', 'Byggesak', 'Lise Olsen')],
      definition,
    );
    expect(again.resolved.map((entry) => [entry.person.id, entry.presence])).toEqual([
      [demoPersonIds.olaHansen, 'moved'],
    ]);
    // The leaver keeps the id the earlier campaign had for her: the record joins up.
    expect(again.leavers.map((entry) => [entry.person.id, entry.presence])).toEqual([
      [demoPersonIds.liseOlsen, 'left'],
    ]);
    expect(again.unknown).toEqual([]);
    // Another module's campaigns say nothing about this one's movers.
    const other = await desk.resolveLines([line('ola', 'Skolekontoret', 'Ola Hansen')], {
      ...definition,
      target: 'ar1',
    });
    expect(other.resolved[0]?.presence).toBeUndefined();

    const second = crypto.randomUUID();
    await desk.createCampaign(
      { definition, lines: [...again.resolved, ...again.leavers] },
      { campaignId: second },
    );
    const detail = await desk.getCampaign(second);
    expect(detail.view.summary).toMatchObject({ leavers: 1, movers: 1 });
    expect(detail.view.removalList.map((entry) => entry.presence).sort()).toEqual([
      'left',
      'moved',
    ]);
    expect(detail.preview.people).toBe(0);
  });
});

describe('review desk: the annual role review (R12)', () => {
  it('runs the same engine for AR1 holders: one mail naming the role and the base', async () => {
    const desk = deskAs('sigrid');
    const { resolved } = await desk.resolveLines([line('ola', 'Bodø', 'Ola Hansen')], {
      ...definition,
      target: 'ar1',
    });
    const campaignId = crypto.randomUUID();
    await desk.createCampaign(
      { definition: { ...definition, kind: 'annual-role', target: 'ar1' }, lines: resolved },
      { campaignId },
    );
    await desk.send(campaignId, 'review');
    const [mail] = await reviewMailsOf('ola');
    expect(mail?.subject).toBe('Bekreft tilgangen din til AR1 innen 15.12.2026');
    const detail = await desk.getCampaign(campaignId);
    expect(detail.view.definition).toMatchObject({ kind: 'annual-role', target: 'ar1' });
    expect(detail.view.lines.map((entry) => entry.line.module)).toEqual(['ar1']);
  });
});

describe('review desk: sending', () => {
  it('mails each person once with all their lines and a review reference, at the pace asked', async () => {
    const campaignId = await startCampaign();
    const started = world.clock.now().getTime();
    const progress: SendProgress[] = [];
    const result = await deskAs('sigrid').send(campaignId, 'review', {
      onProgress: (update) => progress.push(update),
    });
    expect(result).toMatchObject({ total: 3, sent: 3, elsewhere: 0, done: true });
    expect(progress.at(-1)?.sent).toBe(3);

    const olaMails = await reviewMailsOf('ola');
    expect(olaMails).toHaveLength(1);
    expect(olaMails[0]?.reference).toEqual({
      kind: 'review',
      campaignId,
      personId: demoPersonIds.olaHansen,
      round: 'review',
    });
    expect(olaMails[0]?.subject).toContain('SvarUt');
    expect(await reviewMailsOf('lise')).toHaveLength(1);
    // Three sends at 30 a minute: two waits of 2 s between them.
    expect(world.clock.now().getTime() - started).toBeGreaterThanOrEqual(4_000);

    const detail = await deskAs('sigrid').getCampaign(campaignId);
    expect(detail.view.status).toBe('open');
    expect(detail.sending.mailed).toBe(3);
  });

  it('sends nothing more when the round is run again', async () => {
    const campaignId = await startCampaign();
    await deskAs('sigrid').send(campaignId, 'review');
    const again = await deskAs('sigrid').send(campaignId, 'review');
    expect(again).toMatchObject({ total: 3, sent: 3 });
    expect(await reviewMailsOf('ola')).toHaveLength(1);
    expect(await reviewMailsOf('ingrid')).toHaveLength(1);
  });

  it('resumes a round stopped half-way without sending anyone a second copy', async () => {
    const campaignId = await startCampaign();
    const runIds = new Map<string, string>();
    const store: RunIdStore = {
      get: (key) => runIds.get(key) ?? null,
      set: (key, value) => void runIds.set(key, value),
    };
    const controller = new AbortController();
    await expect(
      deskAs('sigrid', { runIds: store }).send(campaignId, 'review', {
        signal: controller.signal,
        onProgress: (update) => {
          if (update.sent === 1) controller.abort(new Error('tab closed'));
        },
      }),
    ).rejects.toThrow('tab closed');
    const mailedBefore = (
      await Promise.all((['ola', 'lise', 'ingrid'] as const).map(reviewMailsOf))
    ).flat();
    expect(mailedBefore).toHaveLength(1);

    // The three are claimed (one batch) but two are not sent: the campaign says so after a reload.
    const paused = await deskAs('sigrid', { runIds: store }).getCampaign(campaignId);
    expect(paused.sending).toMatchObject({ mailed: 3, people: 3, unsent: 2 });

    // The same browser opens the campaign again: its claims are its own and are finished.
    const result = await deskAs('sigrid', { runIds: store }).send(campaignId, 'review');
    expect(result).toMatchObject({ total: 3, sent: 3 });
    for (const who of ['ola', 'lise', 'ingrid'] as const) {
      expect(await reviewMailsOf(who)).toHaveLength(1);
    }
    expect((await deskAs('sigrid').getCampaign(campaignId)).sending.unsent).toBe(0);
  });

  it('does not send again a mail whose answer was lost after Exchange accepted it', async () => {
    const campaignId = await startCampaign();
    world.emulator.faults.configure({
      rate: 1,
      kinds: ['drop-after-write'],
      methods: ['POST'],
      pathPattern: 'sendMail$',
      maxFaults: 2,
    });
    const result = await deskAs('sigrid').send(campaignId, 'review');
    world.emulator.faults.clear();
    expect(result.sent).toBe(3);
    for (const who of ['ola', 'lise', 'ingrid'] as const) {
      expect(await reviewMailsOf(who)).toHaveLength(1);
    }
  });

  it('names a recipient Exchange refuses, sends the others, and tries them again next run', async () => {
    const campaignId = await startCampaign();
    let refuseLise = true;
    const fetch: FetchLike = async (request) => {
      if (refuseLise && request.url.endsWith('/sendMail')) {
        const body = await request.clone().text();
        if (body.includes(upn.lise)) {
          return Response.json(
            { error: { code: 'ErrorInvalidRecipients', message: 'Recipient not resolved.' } },
            { status: 400 },
          );
        }
      }
      return world.emulator.handle(request);
    };
    const runIds = new Map<string, string>();
    const store: RunIdStore = {
      get: (key) => runIds.get(key) ?? null,
      set: (key, value) => void runIds.set(key, value),
    };
    const first = await deskAs('sigrid', { fetch, runIds: store }).send(campaignId, 'review');
    expect(first).toMatchObject({ total: 3, sent: 2, done: true });
    expect(first.failed).toEqual([
      expect.objectContaining({ address: upn.lise, code: 'ErrorInvalidRecipients' }),
    ]);
    expect(await reviewMailsOf('lise')).toHaveLength(0);
    expect(await reviewMailsOf('ola')).toHaveLength(1);

    refuseLise = false;
    const second = await deskAs('sigrid', { fetch, runIds: store }).send(campaignId, 'review');
    expect(second).toMatchObject({ sent: 3, failed: [] });
    for (const who of ['ola', 'lise', 'ingrid'] as const) {
      expect(await reviewMailsOf(who)).toHaveLength(1);
    }
  });

  it('waits when Exchange throttles and still sends each mail once', async () => {
    const campaignId = await startCampaign();
    // A desk that tries 120 a minute meets Exchange's 30: 429 with Retry-After, then goes on.
    const eager = deskAs('sigrid', { perMinute: 120 });
    // Refused with 429 (a setting; Exchange's own answer is to queue, see review-send-timing).
    world.emulator.mailLimits.configure({ messagesPerMinute: 2, overLimit: 'throttle' });
    const result = await eager.send(campaignId, 'review');
    expect(result.sent).toBe(3);
    for (const who of ['ola', 'lise', 'ingrid'] as const) {
      expect(await reviewMailsOf(who)).toHaveLength(1);
    }
  });

  it('never takes over a colleague’s round sent from their own mailbox, however old', async () => {
    const campaignId = await startCampaign();
    await deskAs('sigrid').send(campaignId, 'review');
    world.clock.advance(60 * 60_000);
    // Anders cannot see Sigrid's Sent Items: her claims are hers, not his to send again.
    const anders = await deskAs('anders').send(campaignId, 'review');
    expect(anders).toMatchObject({ total: 3, sent: 0, elsewhere: 3 });
    for (const who of ['ola', 'lise', 'ingrid'] as const) {
      expect(await reviewMailsOf(who)).toHaveLength(1);
    }
  });

  it('from the shared mailbox, a colleague finishes a cut-off round and reads the replies', async () => {
    const shared = DOKUMENTSENTERET_MAILBOX.mail;
    const campaignId = await startCampaign();
    const controller = new AbortController();
    await expect(
      deskAs('sigrid', { fromMailbox: shared }).send(campaignId, 'review', {
        signal: controller.signal,
        onProgress: (update) => {
          if (update.sent === 1) controller.abort(new Error('tab closed'));
        },
      }),
    ).rejects.toThrow('tab closed');
    // Sigrid's claims are in the one Sent Items everybody reads: Anders may finish them.
    world.clock.advance(11 * 60_000);
    const anders = await deskAs('anders', { fromMailbox: shared }).send(campaignId, 'review');
    expect(anders).toMatchObject({ total: 3, sent: 3, elsewhere: 0 });
    const [olaMail] = await reviewMailsOf('ola');
    expect(olaMail).toBeDefined();
    for (const who of ['ola', 'lise', 'ingrid'] as const) {
      expect(await reviewMailsOf(who)).toHaveLength(1);
    }

    // Lise's reply goes to the shared mailbox, where Anders reads it.
    const [liseMail] = await reviewMailsOf('lise');
    await createGraphMailbox(graphAs(world.emulator, upn.lise)).reply(liseMail!.id, 'NEI');
    // The replies reach the campaign mailbox seconds later.
    await world.waitForDelivery();
    expect((await deskAs('anders', { fromMailbox: shared }).readReplies(campaignId)).recorded).toBe(
      1,
    );
    // Nobody outside the mailbox's access group may send as it.
    await expect(
      createGraphMailer(graphAs(world.emulator, upn.ola)).sendMail({
        to: [upn.lise],
        subject: 'Falsk påminnelse',
        html: html`<p>Svar JA</p>`,
        reference: { kind: 'review' },
        fromMailbox: shared,
      }),
    ).rejects.toMatchObject({ kind: 'forbidden' });
    expect(await reviewMailsOf('lise')).toHaveLength(1);
  });

  it('lets exactly one of two systemansvarlige mail each person when both send at once', async () => {
    const campaignId = await startCampaign();
    const [sigrid, anders] = await Promise.all([
      deskAs('sigrid').send(campaignId, 'review'),
      deskAs('anders').send(campaignId, 'review'),
    ]);
    expect(sigrid.sent + anders.sent).toBeGreaterThanOrEqual(3);
    for (const who of ['ola', 'lise', 'ingrid'] as const) {
      expect(await reviewMailsOf(who)).toHaveLength(1);
    }
  });
});

describe('review desk: answers, replies, reminders, removals', () => {
  async function sentCampaign(): Promise<string> {
    const campaignId = await startCampaign();
    await deskAs('sigrid').send(campaignId, 'review');
    return campaignId;
  }

  it('takes Ola’s own answer per line and refuses answers for someone else', async () => {
    const campaignId = await sentCampaign();
    const [mail] = await reviewMailsOf('ola');
    const reference = reviewMailReferenceSchema.parse(mail?.reference);
    const pane = await world.paneMail('ola', mail?.id ?? '');
    const mine = await deskAs('ola').myReview(reference, pane);
    if (mine.kind !== 'mine') throw new Error(`expected Ola's own review, got ${mine.kind}`);
    expect(mine.lines.map((entry) => entry.line.subUnit)).toEqual([
      'Bodø kommune - Skolekontoret',
      'Bodø kommune - Oppvekst',
    ]);
    const [keep, remove] = mine.lines;
    await deskAs('ola').answer(
      campaignId,
      [
        { lineId: keep!.line.lineId, decision: 'keep' },
        { lineId: remove!.line.lineId, decision: 'remove', comment: 'Byttet jobb i oktober' },
      ],
      'task-pane',
      { eventId: crypto.randomUUID() },
      pane,
    );

    // A forwarded copy opened by Per: not his to answer.
    expect(await deskAs('per').myReview(reference, pane)).toEqual({
      kind: 'not-yours',
      recipientName: 'Ola Hansen',
    });
    await expect(
      deskAs('per').answer(
        campaignId,
        [{ lineId: keep!.line.lineId, decision: 'remove' }],
        'task-pane',
        {
          eventId: crypto.randomUUID(),
        },
        pane,
      ),
    ).rejects.toBeInstanceOf(RequestRefused);

    const detail = await deskAs('sigrid').getCampaign(campaignId);
    expect(detail.view.summary).toMatchObject({ kept: 1, toRemove: 1, unanswered: 2 });
    expect(detail.view.removalList.map((entry) => entry.answer?.comment)).toEqual([
      'Byttet jobb i oktober',
    ]);
  });

  it('records a plain "NEI" reply once, and flags one it cannot read', async () => {
    const campaignId = await sentCampaign();
    const [liseMail] = await reviewMailsOf('lise');
    await createGraphMailbox(graphAs(world.emulator, upn.lise)).reply(
      liseMail!.id,
      'NEI\n\nTrenger det ikke lenger.',
    );
    const [ingridMail] = await reviewMailsOf('ingrid');
    await createGraphMailbox(graphAs(world.emulator, upn.ingrid)).reply(
      ingridMail!.id,
      'Hva betyr dette?',
    );

    // The replies reach the campaign mailbox seconds later.
    await world.waitForDelivery();
    const reading = await deskAs('sigrid').readReplies(campaignId);
    expect(reading.recorded).toBe(1);
    expect(reading.flagged).toEqual([
      expect.objectContaining({ personId: demoPersonIds.ingridBerg, reason: 'unreadable' }),
    ]);
    expect(reading.flagged[0]?.excerpt).toContain('Hva betyr dette?');

    const again = await deskAs('sigrid').readReplies(campaignId);
    expect(again.recorded).toBe(0);
    expect(again.alreadyCounted).toBe(1);

    const detail = await deskAs('sigrid').getCampaign(campaignId);
    const lise = detail.view.lines.find(
      (entry) => entry.line.person.id === demoPersonIds.liseOlsen,
    );
    expect(lise?.answer).toMatchObject({ decision: 'remove', channel: 'reply' });
  });

  it('reminds only those who have not answered, once a day', async () => {
    const campaignId = await sentCampaign();
    const [olaMail] = await reviewMailsOf('ola');
    const pane = await world.paneMail('ola', olaMail?.id ?? '');
    const mine = await deskAs('ola').myReview(
      reviewMailReferenceSchema.parse(olaMail?.reference),
      pane,
    );
    if (mine.kind !== 'mine') throw new Error('expected mine');
    await deskAs('ola').answer(
      campaignId,
      mine.lines.map((entry) => ({ lineId: entry.line.lineId, decision: 'keep' as const })),
      'task-pane',
      { eventId: crypto.randomUUID() },
      pane,
    );
    const [liseMail] = await reviewMailsOf('lise');
    await createGraphMailbox(graphAs(world.emulator, upn.lise)).reply(liseMail!.id, 'JA');
    // The replies reach the campaign mailbox seconds later.
    await world.waitForDelivery();
    await deskAs('sigrid').readReplies(campaignId);

    const before = await deskAs('sigrid').getCampaign(campaignId);
    expect(before.sending.remindable.map((person) => person.id)).toEqual([
      demoPersonIds.ingridBerg,
    ]);
    const first = await deskAs('sigrid').send(campaignId, 'reminders');
    expect(first).toMatchObject({ total: 1, sent: 1 });
    await deskAs('sigrid').send(campaignId, 'reminders');

    expect(await reviewMailsOf('ingrid')).toHaveLength(2);
    expect(
      (await reviewMailsOf('ingrid')).filter((mail) => mail.subject.startsWith('Påminnelse')),
    ).toHaveLength(1);
    expect(await reviewMailsOf('ola')).toHaveLength(1);
    expect(await reviewMailsOf('lise')).toHaveLength(1);
  });

  it('confirms removals, closes with the archive reference, and reports them', async () => {
    const campaignId = await sentCampaign();
    const [liseMail] = await reviewMailsOf('lise');
    await createGraphMailbox(graphAs(world.emulator, upn.lise)).reply(liseMail!.id, 'FJERN');
    const sigrid = deskAs('sigrid');
    // The replies reach the campaign mailbox seconds later.
    await world.waitForDelivery();
    await sigrid.readReplies(campaignId);
    const detail = await sigrid.getCampaign(campaignId);
    const [toRemove] = detail.view.removalList;
    await sigrid.confirmRemoval(
      campaignId,
      { lineId: toRemove!.line.lineId, where: 'ks-fiks', reference: 'Fjernet i KS Fiks 28.11' },
      { eventId: crypto.randomUUID() },
    );
    await expect(
      sigrid.confirmRemoval(
        campaignId,
        { lineId: toRemove!.line.lineId, where: 'ks-fiks' },
        { eventId: crypto.randomUUID() },
      ),
    ).rejects.toBeInstanceOf(RequestRefused);
    await sigrid.closeCampaign(
      campaignId,
      { reportReference: '2026/900-4' },
      { eventId: crypto.randomUUID() },
    );

    const closed = await sigrid.getCampaign(campaignId);
    expect(closed.view.status).toBe('closed');
    expect(closed.view.outcome?.reportReference).toBe('2026/900-4');
    const report = await sigrid.report(campaignId);
    expect(report.html).toContain('Lise Olsen');
    expect(report.html).toContain('2026/900-4');
    expect(report.csv).toContain('Fjernet i KS Fiks 28.11');
    await expect(sigrid.send(campaignId, 'reminders')).rejects.toBeInstanceOf(RequestRefused);
  });
});
