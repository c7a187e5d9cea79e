// @vitest-environment node
/**
 * Separation of duties (decision 014, §4): one person never passes two stages
 * of the same request (leader, arkivleder, systemansvarlig), and no decision
 * counts from the requester, the person the access is for, or the leader a
 * delegate ordered for. The desks refuse such a step up front; written
 * straight to the role's list anyway (its writer may add there), the fold
 * ignores it and says why.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { toEnvelope, type LedgerEvent } from '../../src/domain/events.ts';
import type { EventListKey } from '../../src/domain/ledger-lists.ts';
import { basedOnOf, entriesOf, requestLists } from '../../src/features/requests/desk-context.ts';
import { RequestRefused } from '../../src/features/requests/request-desk.ts';
import {
  confirmedR8,
  createSecurityWorld,
  groups,
  ref,
  secrets,
  stepIds,
  writeIds,
  type SecurityWorld,
  type Who,
} from './security-world.ts';

let world: SecurityWorld;

beforeEach(async () => {
  world = await createSecurityWorld();
});

async function refusal(promise: Promise<unknown>): Promise<string[]> {
  const error: unknown = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof RequestRefused)) {
    throw new Error(`expected the desk to refuse, got ${String(error)}`);
  }
  return error.reasons.map((reason) => reason.key);
}

/** `who` writes `event` straight to a role's list, based on everything they can read. */
async function writeStraight(
  who: Who,
  requestId: string,
  list: EventListKey,
  event: LedgerEvent,
): Promise<string> {
  const ledger = world.ledgerOf(who);
  const entries = entriesOf(await ledger.readStream(requestId, requestLists));
  const eventId = crypto.randomUUID();
  await ledger.append(
    toEnvelope(event, {
      eventId,
      streamId: requestId,
      occurredAt: world.clock.now(),
      list,
      context: { basedOn: basedOnOf(entries) },
    }),
  );
  return eventId;
}

/** The request as systemansvarlig (Anders) sees it. */
const detail = (requestId: string) => world.triageDesk('anders').detail(requestId);

function newUserOrder(subject: Who, name: string) {
  return {
    kind: 'order.new-user' as const,
    subject: ref(world, subject, name),
    base: 'bodo',
    administrativeUnit: 'Dokumentsenteret',
    roles: ['saksbehandler'],
    accessCodes: ['uo'],
    startDate: '2026-12-01',
    serviceNeed: secrets.serviceNeed,
  };
}

describe('one person, one stage', () => {
  it('Hilde Arnesen confirms Tone Strand’s R8 request as her leader, and cannot then approve it as arkivleder', async () => {
    const requestId = await confirmedR8(world, 'tone', 'Tone Strand', 'hilde');
    const hilde = world.requestDesk('hilde');
    expect((await hilde.getRequest(requestId)).actions.decideAsArkivleder).toBe(false);
    // Nor is it "waiting for her": it waits for another arkivleder.
    expect((await hilde.waitingForMe()).map((item) => item.requestId)).not.toContain(requestId);
    expect(await refusal(hilde.arkivlederStep(requestId, 'approve', '', stepIds()))).toEqual([
      'anomaly.secondStage',
    ]);
    expect(
      await refusal(hilde.arkivlederStep(requestId, 'reject', 'Ikke behov.', stepIds())),
    ).toEqual(['anomaly.secondStage']);

    // Written straight to the Arkivleder list (she may add there): it counts for nothing.
    const straight = await writeStraight('hilde', requestId, 'arkivleder', {
      type: 'request.arkivleder-approved',
      payload: {},
    });
    const after = await detail(requestId);
    expect(after.view.status).toBe('awaiting-arkivleder');
    expect(after.view.stagesPassed).toEqual(['leader']);
    expect(after.anomalies).toEqual([
      expect.objectContaining({ eventId: straight, reason: 'anomaly.secondStage' }),
    ]);

    // Another arkivleder decides, and the request goes on.
    await world.emulator.directory.addToGroup(groups.arkivleder, world.idOf('marit'));
    await world.requestDesk('marit').arkivlederStep(requestId, 'approve', '', stepIds());
    const approved = await detail(requestId);
    expect(approved.view.status).toBe('awaiting-systemansvarlig');
    expect(approved.view.stagesPassed).toEqual(['leader', 'arkivleder']);
  });

  it('a leader who is also systemansvarlig confirms as leader, and cannot then approve', async () => {
    await world.emulator.directory.addToGroup(groups.systemansvarlig, world.idOf('kari'));
    const requestId = await confirmedR8(world, 'ola', 'Ola Hansen', 'kari');
    await world.requestDesk('hilde').arkivlederStep(requestId, 'approve', '', stepIds());

    const kari = world.triageDesk('kari');
    expect((await kari.detail(requestId)).actions.approve).toBe(false);
    expect(await refusal(kari.approve(requestId, '', stepIds()))).toEqual(['anomaly.secondStage']);
    const straight = await writeStraight('kari', requestId, 'systemansvarlig', {
      type: 'request.approved',
      payload: {},
    });
    const after = await detail(requestId);
    expect(after.view.status).toBe('awaiting-systemansvarlig');
    expect(after.view.decision).toBeNull();
    expect(after.anomalies).toEqual([
      expect.objectContaining({ eventId: straight, reason: 'anomaly.secondStage' }),
    ]);
    expect(await world.triageDesk('sigrid').approve(requestId, '', stepIds())).toMatchObject({
      outcome: 'recorded',
      status: 'approved',
    });
  });
});

describe('no decision from a party to the request', () => {
  it('the arkivleder cannot approve her own R8 request, confirmed by her leader', async () => {
    const requestId = await confirmedR8(world, 'hilde', 'Hilde Arnesen', 'jan');
    expect((await detail(requestId)).view.status).toBe('awaiting-arkivleder');
    const hilde = world.requestDesk('hilde');
    expect(await hilde.waitingForMe()).toEqual([]);
    expect(await refusal(hilde.arkivlederStep(requestId, 'approve', '', stepIds()))).toEqual([
      'anomaly.ownRequest',
    ]);
    const straight = await writeStraight('hilde', requestId, 'arkivleder', {
      type: 'request.arkivleder-approved',
      payload: {},
    });
    const after = await detail(requestId);
    expect(after.view.status).toBe('awaiting-arkivleder');
    expect(after.anomalies).toEqual([
      expect.objectContaining({ eventId: straight, reason: 'anomaly.ownRequest' }),
    ]);
  });

  it('systemansvarlig cannot approve an order for herself (the subject)', async () => {
    const order = writeIds();
    // Hilde leads Sigrid: she may order for her.
    await world.requestDesk('hilde').submitOrder(newUserOrder('sigrid', 'Sigrid Lund'), order);
    const sigrid = world.triageDesk('sigrid');
    expect((await sigrid.detail(order.requestId)).actions.approve).toBe(false);
    expect(await refusal(sigrid.approve(order.requestId, '', stepIds()))).toEqual([
      'rule.r3.ownRequest',
    ]);
    const straight = await writeStraight('sigrid', order.requestId, 'systemansvarlig', {
      type: 'request.approved',
      payload: {},
    });
    const after = await detail(order.requestId);
    expect(after.view.status).toBe('submitted');
    expect(after.anomalies).toEqual([
      expect.objectContaining({ eventId: straight, reason: 'anomaly.ownRequest' }),
    ]);
  });

  it('systemansvarlig cannot approve an order she made herself as leader (the orderer)', async () => {
    await world.emulator.directory.setManager(world.idOf('tone'), world.idOf('anders'));
    const order = writeIds();
    await world.requestDesk('anders').submitOrder(newUserOrder('tone', 'Tone Strand'), order);
    const anders = world.triageDesk('anders');
    expect(await refusal(anders.approve(order.requestId, '', stepIds()))).toEqual([
      'rule.r3.ownRequest',
    ]);
    expect(
      await refusal(anders.reject(order.requestId, 'Jeg avslår min egen.', stepIds())),
    ).toEqual(['rule.r3.ownRequest']);
    const straight = await writeStraight('anders', order.requestId, 'systemansvarlig', {
      type: 'request.approved',
      payload: {},
    });
    const after = await world.triageDesk('sigrid').detail(order.requestId);
    expect(after.view.status).toBe('submitted');
    expect(after.anomalies).toEqual([
      expect.objectContaining({ eventId: straight, reason: 'anomaly.ownRequest' }),
    ]);
  });

  it('systemansvarlig cannot approve what a delegate ordered on her behalf', async () => {
    await world.emulator.directory.addToGroup(groups.systemansvarlig, world.idOf('kari'));
    await world
      .delegationDesk('marit')
      .grant(
        { leaderId: world.idOf('kari'), delegateId: world.idOf('ingrid'), validFrom: '2026-11-01' },
        { streamId: crypto.randomUUID(), eventId: crypto.randomUUID() },
      );
    const order = writeIds();
    await world.requestDesk('ingrid').submitOrder(newUserOrder('ola', 'Ola Hansen'), order);
    expect((await detail(order.requestId)).view.timeline[0]).toMatchObject({
      capacity: 'delegate',
      onBehalfOf: world.idOf('kari'),
    });
    const kari = world.triageDesk('kari');
    expect((await kari.detail(order.requestId)).actions.approve).toBe(false);
    expect(await refusal(kari.approve(order.requestId, '', stepIds()))).toEqual([
      'anomaly.ownRequest',
    ]);
    const straight = await writeStraight('kari', order.requestId, 'systemansvarlig', {
      type: 'request.approved',
      payload: {},
    });
    const after = await detail(order.requestId);
    expect(after.view.status).toBe('submitted');
    expect(after.anomalies).toEqual([
      expect.objectContaining({ eventId: straight, reason: 'anomaly.ownRequest' }),
    ]);
  });
});
