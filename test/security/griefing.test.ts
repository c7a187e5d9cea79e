// @vitest-environment node
/**
 * Claims cannot be griefed (decision 014, §1). Per Johansen, who holds no
 * role, reads every id he could need from the lists everyone may read (the
 * campaign and request ids are there), derives every once-only id the app
 * would write later (review mail claims `m:r:{person}:{campaign}`, reminder
 * claims, `{request}.sent-to-atea`, a campaign's creation, the names a
 * decision records) and writes them first into every list he can. The role
 * lists refuse him; what lands in the staff lists blocks nothing, and is
 * listed as an anomaly.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { osloDate, addDays } from '../../src/domain/dates.ts';
import { toEnvelope, type LedgerEvent } from '../../src/domain/events.ts';
import type { EventListKey, TextListKey } from '../../src/domain/ledger-lists.ts';
import { reminderRound, roundEventId, roundMessageId } from '../../src/domain/review-rounds.ts';
import { sentToAteaEventId } from '../../src/features/requests/create-triage-actions.ts';
import { RECORDED_NAMES } from '../../src/features/requests/desk-context.ts';
import { recordHtml } from '../../src/features/triage/exports.ts';
import { GraphError } from '../../src/m365/errors.ts';
import { findMailReference } from '../../src/m365/mail-reference.ts';
import {
  ATEA_ADDRESS,
  campaignDefinition,
  createSecurityWorld,
  ref,
  secrets,
  sentCampaign,
  stepIds,
  upn,
  writeIds,
  type SecurityWorld,
  type Who,
} from './security-world.ts';

let world: SecurityWorld;

beforeEach(async () => {
  world = await createSecurityWorld();
});

const staffLists: readonly EventListKey[] = ['requests', 'r8', 'shared'];
const roleLists: readonly EventListKey[] = ['systemansvarlig', 'arkivleder', 'reviews'];
const textLists: readonly TextListKey[] = ['texts', 'r8-texts'];
const reviewed = ['ola', 'lise', 'ingrid'] as const satisfies Who[];

/** Per writes `event` under `eventId` into `list`; the status SharePoint answered. */
async function perWrites(
  list: EventListKey,
  streamId: string,
  eventId: string,
  event: LedgerEvent,
): Promise<number> {
  try {
    await world.ledgerOf('per').append(
      toEnvelope(event, {
        eventId,
        streamId,
        occurredAt: world.clock.now(),
        list,
      }),
    );
    return 201;
  } catch (error) {
    if (error instanceof GraphError) return error.status ?? 0;
    throw error;
  }
}

/** Writes the same event into every list, role lists first; the statuses by list. */
async function everywhere(streamId: string, eventId: string, event: LedgerEvent) {
  const statuses: Record<string, number> = {};
  for (const list of [...roleLists, ...staffLists]) {
    statuses[list] = await perWrites(list, streamId, eventId, event);
  }
  return statuses;
}

const refusedInRoleLists = {
  systemansvarlig: 403,
  arkivleder: 403,
  reviews: 403,
  requests: 201,
  r8: 201,
  shared: 201,
};

/** The review mails the emulator accepted for `who` in a round (`r` or a reminder), from anyone. */
function reviewMailsSentTo(who: Who, round: string): number {
  return world.emulator
    .sentMail()
    .filter((mail) => mail.recipients.includes(upn[who]))
    .filter((mail) => {
      const reference = findMailReference(mail.internetMessageHeaders);
      return reference?.['kind'] === 'review' && reference['round'] === round;
    }).length;
}

describe('Per pre-writes the claims of a review campaign', () => {
  async function grief(campaignId: string, days: readonly string[]) {
    const statuses: Record<string, number>[] = [];
    // The campaign's own creation id: a second creation in his name.
    statuses.push(
      await everywhere(campaignId, `c:${campaignId}`, {
        type: 'campaign.created',
        payload: {
          campaign: {
            kind: 'quarterly-module',
            target: 'svarut',
            base: 'bodo',
            deadline: '2026-12-01',
            reminderEveryDays: 1,
          },
        },
      }),
    );
    for (const who of reviewed) {
      const personId = world.idOf(who);
      // The review round's claim, with the very Message-ID Sigrid's mail will carry.
      statuses.push(
        await everywhere(campaignId, roundEventId(campaignId, personId, 'review'), {
          type: 'campaign.mail-sent',
          payload: {
            personId,
            lineIds: [crypto.randomUUID()],
            messageId: roundMessageId(campaignId, personId, 'review', 'bodo.example'),
            dispatchId: crypto.randomUUID(),
          },
        }),
      );
      for (const day of days) {
        const round = reminderRound(day);
        statuses.push(
          await everywhere(campaignId, roundEventId(campaignId, personId, round), {
            type: 'campaign.reminded',
            payload: {
              personId,
              messageId: roundMessageId(campaignId, personId, round, 'bodo.example'),
              dispatchId: crypto.randomUUID(),
            },
          }),
        );
      }
    }
    return statuses;
  }

  it('is refused in the role lists; Sigrid still mails everyone exactly once, and reminds once', async () => {
    const desk = world.reviewDesk('sigrid');
    const { resolved } = await desk.resolveLines(
      reviewed.map((who) => ({
        lineId: crypto.randomUUID(),
        name: who,
        email: upn[who],
        subUnit: secrets.reviewSubUnitA,
        right: 'send',
      })),
      campaignDefinition,
    );
    const campaignId = crypto.randomUUID();
    await desk.createCampaign({ definition: campaignDefinition, lines: resolved }, { campaignId });
    // The campaign's id is in the list everyone may read: that is where Per finds it.
    const created = await world.ledgerOf('per').list({
      list: 'systemansvarlig',
      by: 'type',
      value: 'campaign.created',
    });
    expect(created.events.map((event) => event.streamId)).toContain(campaignId);

    const today = osloDate(world.clock.now());
    const statuses = await grief(campaignId, [today, addDays(today, 1), addDays(today, 2)]);
    for (const status of statuses) expect(status).toEqual(refusedInRoleLists);

    const sent = await world.reviewDesk('sigrid').send(campaignId, 'review');
    expect(sent).toMatchObject({ total: 3, sent: 3, elsewhere: 0, failed: [], done: true });
    for (const who of reviewed)
      expect({ who, mails: reviewMailsSentTo(who, 'review') }).toEqual({
        who,
        mails: 1,
      });
    // Running the round again sends nothing more.
    await world.reviewDesk('sigrid').send(campaignId, 'review');
    for (const who of reviewed) expect(reviewMailsSentTo(who, 'review')).toBe(1);

    // Reminders, once per person and day, whatever Per claimed for today.
    const reminded = await world.reviewDesk('sigrid').send(campaignId, 'reminders');
    expect(reminded).toMatchObject({ total: 3, sent: 3, elsewhere: 0 });
    await world.reviewDesk('sigrid').send(campaignId, 'reminders');
    for (const who of reviewed) expect(reviewMailsSentTo(who, `reminder-${today}`)).toBe(1);

    // Every item Per managed to write is an anomaly and counts for nothing.
    const { view, sending } = await world.reviewDesk('sigrid').getCampaign(campaignId);
    expect(sending).toMatchObject({ mailed: 3, people: 3, unsent: 0, unsentReminders: 0 });
    const perId = world.idOf('per');
    const his = view.anomalies.filter((anomaly) => anomaly.author?.id === perId);
    // Only the items in the lists the campaign is read from (requests): shared and r8 are not.
    expect(his.length).toBe(1 + reviewed.length * 4);
    expect(new Set(his.map((anomaly) => anomaly.reason))).toEqual(new Set(['anomaly.wrongList']));
    expect(his.every((anomaly) => anomaly.list === 'requests')).toBe(true);
    expect(view.anomalies.filter((anomaly) => anomaly.author?.id !== perId)).toEqual([]);
    expect(view.definition).toMatchObject({ deadline: '2026-12-15', reminderEveryDays: 7 });
    expect(view.createdBy?.id).toBe(world.idOf('sigrid'));
    for (const person of view.people) {
      expect(person.mailedAt).toHaveLength(1);
      expect(person.remindedAt).toHaveLength(1);
    }
  });

  it('a claim Per wrote after the round started changes nothing either', async () => {
    const campaignId = await sentCampaign(world);
    const today = osloDate(world.clock.now());
    await grief(campaignId, [today]);
    const detail = await world.reviewDesk('sigrid').getCampaign(campaignId);
    expect(detail.sending).toMatchObject({ mailed: 3, unsent: 0 });
    expect(detail.sending.remindable.map((person) => person.id).sort()).toEqual(
      reviewed.map((who) => world.idOf(who)).sort(),
    );
    expect(await world.reviewDesk('sigrid').send(campaignId, 'reminders')).toMatchObject({
      total: 3,
      sent: 3,
      elsewhere: 0,
    });
  });
});

describe('Per pre-writes the once-only ids of requests', () => {
  it("sent-to-atea still works: Per's copies are anomalies and Atea gets the order once", async () => {
    // Per is a leader: he orders a consultant himself, so he knows the request id from the start.
    const order = writeIds();
    await world.requestDesk('per').submitOrder(
      {
        kind: 'order.external-consultant',
        consultant: {
          name: secrets.consultantName,
          company: secrets.consultantCompany,
          email: secrets.consultantEmail,
        },
        confidentialityDeclaration: { confirmed: true, storedAt: 'Elements 2026/88-2' },
        period: { start: '2026-12-01', end: '2027-05-31' },
        agreedWith: ref(world, 'anders', 'Anders Moe'),
        base: 'bodo',
        administrativeUnit: 'Byggesak',
        roles: ['saksbehandler'],
        accessCodes: ['e'],
        serviceNeed: secrets.serviceNeed,
      },
      order,
    );
    const requestId = order.requestId;
    const sentId = sentToAteaEventId(requestId);
    expect(
      await everywhere(requestId, sentId, { type: 'request.sent-to-atea', payload: {} }),
    ).toEqual(refusedInRoleLists);
    // ...and the approval and carrying out under ids of his choosing, in the staff lists.
    for (const list of staffLists) {
      await perWrites(list, requestId, `${requestId}.approved`, {
        type: 'request.approved',
        payload: {},
      });
    }
    // The names the sending will record, so the printed record would name people as he likes.
    for (const list of textLists) {
      await world.ledgerOf('per').appendText({
        textId: `names.${sentId}`,
        streamId: requestId,
        purpose: RECORDED_NAMES,
        body: JSON.stringify({
          [world.idOf('per')]: 'Rolf Kristiansen',
          [world.idOf('anders')]: 'Kari Nordmann',
        }),
        list,
      });
    }
    const before = await world.triageDesk('sigrid').detail(requestId);
    expect(before.view.status).toBe('submitted');
    expect(before.view.sentToAteaAt).toBeNull();

    const approved = await world.triageDesk('sigrid').approve(requestId, '', stepIds());
    expect(approved).toMatchObject({ outcome: 'recorded', status: 'approved' });
    if (approved.outcome !== 'recorded') throw new Error('not recorded');
    expect(approved.notified.atea).toEqual({ requestId, alreadySent: false });
    expect(
      world.emulator.externalMail().filter((mail) => mail.recipients.includes(ATEA_ADDRESS)),
    ).toHaveLength(1);

    const detail = await world.triageDesk('sigrid').detail(requestId);
    expect(detail.view.sentToAteaAt).not.toBeNull();
    expect(detail.view.waitingFor?.step).toBe('carry-out');
    const his = detail.anomalies
      .filter((anomaly) => anomaly.author?.id === world.idOf('per'))
      .map((anomaly) => [anomaly.list, anomaly.eventId, anomaly.reason]);
    expect(his).toEqual(
      expect.arrayContaining([
        ['requests', sentId, 'anomaly.wrongList'],
        ['r8', sentId, 'anomaly.wrongList'],
        ['shared', sentId, 'anomaly.wrongList'],
        ['requests', `${requestId}.approved`, 'anomaly.wrongList'],
      ]),
    );
    expect(his).toHaveLength(6);
    // Sigrid's own steps carry no warning: what Per wrote is there, not "missing".
    expect(detail.anomalies.filter((anomaly) => anomaly.author?.id !== world.idOf('per'))).toEqual(
      [],
    );
    // The record names the people as the directory did, not as Per's texts say.
    expect(detail.names[world.idOf('per')]).toBe('Per Johansen');
    expect(detail.names[world.idOf('anders')]).toBe('Anders Moe');
    const page = recordHtml(detail, { printedAt: world.clock.now() });
    expect(page).not.toContain('Rolf Kristiansen');
    expect(page).toMatch(/Innsendt av\s+Per Johansen/);
  });

  it("a names text Per adds to someone else's decided request does not rename anyone in its record", async () => {
    const folder = writeIds();
    await world.requestDesk('ola').submitWithJustification(
      {
        kind: 'folder-access',
        subject: ref(world, 'ola', 'Ola Hansen'),
        base: 'bodo',
        caseNumber: secrets.folderCase,
        grading: 'elevsak',
        right: 'read',
        scope: 'folder',
      },
      secrets.folderJustification,
      folder,
    );
    const decision = stepIds();
    await world.triageDesk('sigrid').approve(folder.requestId, '', decision);
    // The approval's id is public (the Systemansvarlig list): Per writes the names it "recorded".
    world.clock.advance(60_000);
    for (const textId of [`names.${decision.eventId}`, `names.${decision.eventId}.0badc0de`]) {
      await world
        .ledgerOf('per')
        .appendText({
          textId,
          streamId: folder.requestId,
          purpose: RECORDED_NAMES,
          body: JSON.stringify({
            [world.idOf('ola')]: 'Per Johansen',
            [world.idOf('sigrid')]: 'Per Johansen',
          }),
          list: 'texts',
        })
        .catch((error: unknown) => error);
    }
    const detail = await world.triageDesk('anders').detail(folder.requestId);
    expect(detail.names[world.idOf('ola')]).toBe('Ola Hansen');
    expect(detail.names[world.idOf('sigrid')]).toBe('Sigrid Lund');
    const page = recordHtml(detail, { printedAt: world.clock.now() });
    expect(page).not.toContain('Per Johansen');
  });
});
