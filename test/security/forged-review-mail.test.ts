// @vitest-environment node
/**
 * A review mail carries its person's lines as a JSON attachment, because the
 * reviews list is systemansvarlig's alone (decision 014, §5). The task pane
 * takes the attachment in only when Exchange's sender is a member of
 * Systemansvarlig or the campaign mailbox. Per Johansen, who can read the
 * campaign's id in the public list, mails Ola Hansen a look-alike review with a
 * crafted attachment: the pane shows no review, and an answer through it is
 * refused and writes nothing.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { DOKUMENTSENTERET_MAILBOX } from '../../emulator/emulator-config.ts';
import type { CampaignLine } from '../../src/domain/campaigns.ts';
import {
  reviewMailReferenceSchema,
  roundMessageId,
  type ReviewMailReference,
} from '../../src/domain/review-rounds.ts';
import { RequestRefused } from '../../src/features/requests/request-desk.ts';
import { reviewAttachment } from '../../src/features/reviews/review-snapshot.ts';
import { createGraphMailer } from '../../src/m365/mailer.ts';
import { html } from '../../src/m365/safe-html.ts';
import {
  campaignDefinition,
  createSecurityWorld,
  secrets,
  sentCampaign,
  upn,
  type InboxMail,
  type SecurityWorld,
  type Who,
} from './security-world.ts';

let world: SecurityWorld;
let campaignId: string;

beforeEach(async () => {
  world = await createSecurityWorld();
  campaignId = await sentCampaign(world);
});

/** Per mails Ola a review look-alike: our header, a Message-ID like the round's, a crafted snapshot. */
async function perSendsLookAlike(
  lines: readonly CampaignLine[],
  options: { fromMailbox?: string } = {},
): Promise<InboxMail> {
  const olaId = world.idOf('ola');
  const earlier = new Set((await world.reviewMailsOf('ola')).map((mail) => mail.id));
  await createGraphMailer(world.graphOf('per')).sendMail({
    to: [upn.ola],
    subject: 'Bekreft tilgangen din til SvarUt innen 15.12.2026',
    html: html`<p>Svar i oppgaveruten: trykk «Fjern» på alle linjene.</p>`,
    reference: { kind: 'review', campaignId, personId: olaId, round: 'review' },
    internetMessageId: roundMessageId(campaignId, olaId, 'review', 'bodo.example').replace(
      '@',
      '.x@',
    ),
    attachments: [
      reviewAttachment({
        kind: 'elements-tilgang.review',
        version: 1,
        campaignId,
        personId: olaId,
        definition: campaignDefinition,
        lines: [...lines],
      }),
    ],
    ...(options.fromMailbox === undefined ? {} : { fromMailbox: options.fromMailbox }),
  });
  const arrived = (await world.reviewMailsOf('ola')).filter((mail) => !earlier.has(mail.id));
  expect(arrived).toHaveLength(1);
  const [forged] = arrived;
  if (forged === undefined) throw new Error('the look-alike did not arrive');
  return forged;
}

function craftedLine(who: Who, subUnit: string): CampaignLine {
  return {
    lineId: crypto.randomUUID(),
    person: { id: world.idOf(who), displayName: 'Ola Hansen' },
    email: upn[who],
    module: 'svarut',
    subUnit,
    right: 'send',
  };
}

describe('a review mail from Per, not from systemansvarlig or the campaign mailbox', () => {
  it('shows no review in the task pane, and an answer through it is refused and writes nothing', async () => {
    const before = await world.reviewDesk('sigrid').getCampaign(campaignId);
    const forged = await perSendsLookAlike([
      craftedLine('ola', 'Bodø kommune - Skolekontoret'),
      craftedLine('ola', 'Bodø kommune - Alt'),
    ]);
    const pane = await world.paneMail('ola', forged.id);
    // Exchange says who sent it: Per, whatever the mail claims.
    expect(pane.from).toBe(upn.per);
    expect(pane.attachments).toHaveLength(1);
    const reference: ReviewMailReference = reviewMailReferenceSchema.parse(forged.reference);
    expect(reference).toMatchObject({ campaignId, personId: world.idOf('ola') });

    const ola = world.reviewDesk('ola');
    expect(await ola.myReview(reference, pane)).toEqual({ kind: 'unknown' });
    const refused = await ola
      .answer(
        campaignId,
        [{ lineId: crypto.randomUUID(), decision: 'remove' }],
        'task-pane',
        { eventId: crypto.randomUUID() },
        pane,
      )
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RequestRefused);
    expect(refused).toMatchObject({ reasons: [{ key: 'campaign.notFound' }] });

    const after = await world.reviewDesk('sigrid').getCampaign(campaignId);
    expect(after.view).toEqual(before.view);
    expect(after.view.summary).toMatchObject({ kept: 0, toRemove: 0, unanswered: 4 });
  });

  it('Ola still answers his genuine mail, and only his real lines count', async () => {
    const forged = await perSendsLookAlike([craftedLine('ola', 'Bodø kommune - Alt')]);
    const [genuine] = (await world.reviewMailsOf('ola')).filter((mail) => mail.id !== forged.id);
    if (genuine === undefined) throw new Error('no genuine review mail');
    const pane = await world.paneMail('ola', genuine.id);
    expect(pane.from).toBe(upn.sigrid);
    const ola = world.reviewDesk('ola');
    const mine = await ola.myReview(reviewMailReferenceSchema.parse(genuine.reference), pane);
    if (mine.kind !== 'mine') throw new Error(`expected Ola's review, got ${mine.kind}`);
    expect(mine.lines.map((entry) => entry.line.subUnit).sort()).toEqual(
      [secrets.reviewSubUnitA, secrets.reviewSubUnitB].sort(),
    );
    await ola.answer(
      campaignId,
      mine.lines.map((entry) => ({ lineId: entry.line.lineId, decision: 'keep' as const })),
      'task-pane',
      { eventId: crypto.randomUUID() },
      pane,
    );
    const { view } = await world.reviewDesk('sigrid').getCampaign(campaignId);
    expect(view.summary).toMatchObject({ kept: 2, toRemove: 0, unanswered: 2 });
    expect(view.anomalies).toEqual([]);
  });

  it('cannot come from the campaign mailbox: Exchange refuses Per sending as it', async () => {
    const shared = DOKUMENTSENTERET_MAILBOX.mail;
    const before = (await world.reviewMailsOf('ola')).length;
    await expect(
      perSendsLookAlike([craftedLine('ola', 'Bodø kommune - Alt')], { fromMailbox: shared }),
    ).rejects.toMatchObject({ kind: 'forbidden' });
    expect(await world.reviewMailsOf('ola')).toHaveLength(before);
  });
});
