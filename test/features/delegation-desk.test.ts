// @vitest-environment node
/**
 * The delegation desk end to end, in-process: our Graph adapters against a
 * provisioned emulator that stamps authors from the token. The request desk
 * then judges orders by what was recorded here.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { demoGroupIds, demoPersonIds } from '../../emulator/directory-data.ts';
import {
  DOKUMENTSENTERET_TEAM_ID,
  TRIAGE_CHANNEL_EMAIL,
  TRIAGE_CHANNEL_ID,
} from '../../emulator/emulator-config.ts';
import { foldDelegations } from '../../src/domain/delegation-fold.ts';
import { parseRecordedEvents } from '../../src/domain/events.ts';
import type { NewUserOrder } from '../../src/domain/requests.ts';
import { createDelegationDesk } from '../../src/features/delegations/create-delegation-desk.ts';
import type { DelegationDesk } from '../../src/features/delegations/delegation-desk.ts';
import { createRequestDesk } from '../../src/features/requests/create-request-desk.ts';
import { RequestRefused, type RequestDesk } from '../../src/features/requests/request-desk.ts';
import { createGraphChannelNotifier } from '../../src/m365/channel-notifier.ts';
import { createGraphDirectory } from '../../src/m365/directory.ts';
import { createGraphLedger } from '../../src/m365/ledger.ts';
import { createGraphMailer } from '../../src/m365/mailer.ts';
import { graphAs, provisionedEmulator, SITE_URL, type Emulator } from '../m365/emulator-kit.ts';

const upn = {
  kari: 'kari.nordmann@bodo.example',
  ola: 'ola.hansen@bodo.example',
  per: 'per.johansen@bodo.example',
  sigrid: 'sigrid.lund@bodo.example',
  marit: 'marit.solberg@bodo.example',
  tor: 'tor.eriksen@bodo.example',
} as const;
type Who = keyof typeof upn;

let emulator: Emulator;

beforeEach(async () => {
  emulator = await provisionedEmulator();
});

function ports(who: Who) {
  const graph = graphAs(emulator, upn[who]);
  const directory = createGraphDirectory(graph);
  return {
    graph,
    directory,
    ledger: createGraphLedger(graph, { site: SITE_URL }),
    me: async () => {
      const person = await directory.getPerson(upn[who]);
      if (person === null) throw new Error(`${who} is not in the demo directory`);
      return person;
    },
  };
}

function delegationDeskAs(who: Who): DelegationDesk {
  const { ledger, directory, me } = ports(who);
  return createDelegationDesk({ ledger, directory, me });
}

function requestDeskAs(who: Who): RequestDesk {
  const { graph, ledger, directory, me } = ports(who);
  const mailer = createGraphMailer(graph);
  return createRequestDesk({
    ledger,
    directory,
    mailer,
    channel: createGraphChannelNotifier(graph, mailer),
    me,
    groups: { systemansvarlig: demoGroupIds.systemansvarlig, arkivleder: demoGroupIds.arkivleder },
    triage: {
      teamId: DOKUMENTSENTERET_TEAM_ID,
      channelId: TRIAGE_CHANNEL_ID,
      address: TRIAGE_CHANNEL_EMAIL,
    },
    ateaOrderAddress: 'bestilling@atea.example',
    links: { request: (requestId) => `https://tilgang.bodo.example/?request=${requestId}` },
  });
}

const newIds = () => ({ streamId: crypto.randomUUID(), eventId: crypto.randomUUID() });
const requestIds = () => ({
  requestId: crypto.randomUUID(),
  eventId: crypto.randomUUID(),
  textId: crypto.randomUUID(),
});

const orderForOla: NewUserOrder = {
  kind: 'order.new-user',
  subject: { id: demoPersonIds.olaHansen, displayName: 'Ola Hansen' },
  base: 'bodo',
  administrativeUnit: 'Skolekontoret',
  roles: ['saksbehandler'],
  accessCodes: ['uo'],
  startDate: '2026-12-01',
  serviceNeed: 'Skal saksbehandle klager på skoleskyss og registrere dem i Elements.',
};

const forKari = {
  leaderId: demoPersonIds.kariNordmann,
  delegateId: demoPersonIds.perJohansen,
  validFrom: '2020-01-01',
};

async function delegationEvents() {
  const { ledger } = ports('sigrid');
  const page = await ledger.list({ list: 'shared', by: 'streamKind', value: 'delegation' });
  return parseRecordedEvents(page.events);
}

async function refusal(promise: Promise<unknown>): Promise<RequestRefused> {
  const error: unknown = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof RequestRefused))
    throw new Error(`Expected a refusal, got ${String(error)}`);
  return error;
}

describe('leaders below me', () => {
  it('lists the leaders in my reporting line, not the staff', async () => {
    const leaders = await delegationDeskAs('marit').leadersBelowMe();
    expect(leaders.map((person) => person.displayName)).toEqual([
      'Eirik Lie',
      'Kari Nordmann',
      'Line Mikkelsen',
    ]);
    expect(await delegationDeskAs('ola').leadersBelowMe()).toEqual([]);
  });
});

describe('granting and revoking', () => {
  it("Marit lets Per order for Kari's staff: Per then orders for Ola, and the fold accepts it", async () => {
    // Without a delegation, Per (in another line) may not order for Ola.
    await expect(
      requestDeskAs('per').submitOrder(orderForOla, requestIds()),
    ).rejects.toBeInstanceOf(RequestRefused);

    const ids = newIds();
    const result = await delegationDeskAs('marit').grant(forKari, ids);
    expect(result).toEqual({ delegationId: ids.streamId });

    const listed = await delegationDeskAs('marit').delegations();
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      delegationId: ids.streamId,
      leader: { displayName: 'Kari Nordmann' },
      delegate: { displayName: 'Per Johansen' },
      grantedBy: { displayName: 'Marit Solberg' },
      validFrom: '2020-01-01',
      validTo: null,
      status: 'active',
      mayRevoke: true,
    });
    // The delegate and the leader see it too; someone unrelated does not.
    expect(await delegationDeskAs('per').delegations()).toHaveLength(1);
    expect(await delegationDeskAs('kari').delegations()).toHaveLength(1);
    expect(await delegationDeskAs('ola').delegations()).toHaveLength(0);

    // The grant is judged on the chain Marit's client recorded, not on today's directory.
    const stored = await delegationEvents();
    expect(stored[0]).toMatchObject({
      list: 'shared',
      context: {
        seen: {
          about: demoPersonIds.kariNordmann,
          chain: [demoPersonIds.maritSolberg, demoPersonIds.rolfKristiansen],
        },
      },
    });
    const folded = foldDelegations(stored, new Date());
    expect(folded.anomalies).toEqual([]);
    expect(folded.active.map((item) => item.delegateId)).toEqual([demoPersonIds.perJohansen]);

    const order = requestIds();
    await requestDeskAs('per').submitOrder(orderForOla, order);
    const view = (await requestDeskAs('sigrid').getRequest(order.requestId)).view;
    expect(view.status).toBe('submitted');
    expect(view.anomalies).toEqual([]);
    expect(view.timeline[0]?.capacity).toBe('delegate');
  });

  it('refuses Kari a delegation for herself, and one given to the leader', async () => {
    const desk = delegationDeskAs('kari');
    const own = await refusal(desk.grant(forKari, newIds()));
    expect(own.reasons).toEqual([{ key: 'anomaly.notEntitled', field: 'leaderId' }]);

    const toSelf = await refusal(
      delegationDeskAs('marit').grant({ ...forKari, delegateId: forKari.leaderId }, newIds()),
    );
    expect(toSelf.reasons).toEqual([{ key: 'delegation.selfDelegation', field: 'delegateId' }]);

    const dates = await refusal(
      delegationDeskAs('marit').grant(
        { ...forKari, validFrom: '2026-05-01', validTo: '2026-04-01' },
        newIds(),
      ),
    );
    expect(dates.reasons).toEqual([{ key: 'validation.endBeforeStart', field: 'validTo' }]);

    // Someone beside the leader's line (Tor is Per's leader, not Kari's) may not grant either.
    await refusal(delegationDeskAs('tor').grant(forKari, newIds()));
    expect(await delegationEvents()).toEqual([]);
  });

  it('revoking stops the delegate from ordering', async () => {
    const ids = newIds();
    await delegationDeskAs('marit').grant(forKari, ids);
    // Ola is neither the leader, the delegate nor above the leader.
    await refusal(delegationDeskAs('ola').revoke(ids.streamId, crypto.randomUUID()));

    const revokeId = crypto.randomUUID();
    await delegationDeskAs('per').revoke(ids.streamId, revokeId);
    // The same event id again revokes once.
    await delegationDeskAs('per').revoke(ids.streamId, revokeId);
    expect((await delegationEvents()).map((entry) => entry.type)).toEqual([
      'delegation.granted',
      'delegation.revoked',
    ]);

    const [listed] = await delegationDeskAs('marit').delegations();
    expect(listed).toMatchObject({
      status: 'revoked',
      mayRevoke: false,
      revokedBy: { displayName: 'Per Johansen' },
    });
    await expect(
      requestDeskAs('per').submitOrder(orderForOla, requestIds()),
    ).rejects.toBeInstanceOf(RequestRefused);
  });

  it('granting twice with the same ids makes one delegation', async () => {
    const ids = newIds();
    const desk = delegationDeskAs('marit');
    await desk.grant(forKari, ids);
    await desk.grant(forKari, ids);
    expect(await delegationEvents()).toHaveLength(1);
    expect(await desk.delegations()).toHaveLength(1);
  });

  it('finds people to delegate to', async () => {
    const found = await delegationDeskAs('marit').searchPeople('Per');
    expect(found.map((person) => person.displayName)).toContain('Per Johansen');
    expect(await delegationDeskAs('marit').searchPeople('  ')).toEqual([]);
  });
});
