// @vitest-environment node
/**
 * The request desk end to end, in-process: our Graph adapters against a
 * provisioned emulator that enforces the site's permissions, stamps authors
 * from the token, delivers mail and posts channel messages. Nothing of ours is
 * mocked; faults are the emulator's or the transport's.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { demoGroupIds, demoPersonIds } from '../../emulator/directory-data.ts';
import {
  DOKUMENTSENTERET_TEAM_ID,
  TRIAGE_CHANNEL_EMAIL,
  TRIAGE_CHANNEL_ID,
} from '../../emulator/emulator-config.ts';
import { toEnvelope, type EventContext, type LedgerEvent } from '../../src/domain/events.ts';
import type { PersonRef } from '../../src/domain/person.ts';
import type {
  ExtendedAccessRequest,
  ExternalConsultantOrder,
  FolderAccessRequest,
  NewUserOrder,
  Period,
} from '../../src/domain/requests.ts';
import { createRequestDesk } from '../../src/features/requests/create-request-desk.ts';
import {
  createTriageActions,
  sentToAteaEventId,
} from '../../src/features/requests/create-triage-actions.ts';
import {
  RequestRefused,
  type OrderInput,
  type RequestDesk,
  type WriteIds,
} from '../../src/features/requests/request-desk.ts';
import { createGraphChannelNotifier } from '../../src/m365/channel-notifier.ts';
import { createGraphDirectory } from '../../src/m365/directory.ts';
import type { FetchLike } from '../../src/m365/http-pipeline.ts';
import { createGraphLedger, type Ledger } from '../../src/m365/ledger.ts';
import { findMailReference } from '../../src/m365/mail-reference.ts';
import { createGraphMailer } from '../../src/m365/mailer.ts';
import { createGraphMailbox } from '../../src/m365/mailbox.ts';
import { blind } from '../../src/domain/blinding.ts';
import { createGraphLeaderMail } from '../../src/features/requests/leader-mail.ts';
import { requestLists } from '../../src/features/requests/desk-context.ts';
import { graphAs, provisionedEmulator, SITE_URL, type Emulator } from '../m365/emulator-kit.ts';

const upn = {
  kari: 'kari.nordmann@bodo.example',
  ola: 'ola.hansen@bodo.example',
  ingrid: 'ingrid.berg@bodo.example',
  per: 'per.johansen@bodo.example',
  hilde: 'hilde.arnesen@bodo.example',
  sigrid: 'sigrid.lund@bodo.example',
  marit: 'marit.solberg@bodo.example',
} as const;
type Who = keyof typeof upn;

const ATEA_ADDRESS = 'bestilling@atea.example';
const requestLink = (requestId: string) =>
  `https://tilgang.bodo.example/index.html?request=${encodeURIComponent(requestId)}`;

const SERVICE_NEED = 'Skal saksbehandle klager på skoleskyss og registrere dem i Elements.';
const JUSTIFICATION =
  'Jeg er kontaktlærer for eleven og skal skrive inn referater fra møter med foresatte.';

const ola = { id: demoPersonIds.olaHansen, displayName: 'Ola Hansen' };
const ingrid = { id: demoPersonIds.ingridBerg, displayName: 'Ingrid Berg' };
const sigrid = { id: demoPersonIds.sigridLund, displayName: 'Sigrid Lund' };

let emulator: Emulator;

beforeEach(async () => {
  emulator = await provisionedEmulator();
});

function ledgerAs(who: Who): Ledger {
  return createGraphLedger(graphAs(emulator, upn[who]), { site: SITE_URL });
}

function deps(who: Who, options: { fetch?: FetchLike } = {}) {
  const graph = graphAs(emulator, upn[who], options);
  const directory = createGraphDirectory(graph);
  const mailer = createGraphMailer(graph);
  return {
    ledger: createGraphLedger(graph, { site: SITE_URL }),
    directory,
    mailer,
    channel: createGraphChannelNotifier(graph, mailer),
    me: async () => {
      const person = await directory.getPerson(upn[who]);
      if (person === null) throw new Error(`${who} is not in the demo directory`);
      return person;
    },
    groups: { systemansvarlig: demoGroupIds.systemansvarlig, arkivleder: demoGroupIds.arkivleder },
    triage: {
      teamId: DOKUMENTSENTERET_TEAM_ID,
      channelId: TRIAGE_CHANNEL_ID,
      address: TRIAGE_CHANNEL_EMAIL,
    },
    ateaOrderAddress: ATEA_ADDRESS,
    leaderMail: createGraphLeaderMail(createGraphMailbox(graph), {
      domain: () => Promise.resolve('bodo.example'),
    }),
    links: { request: requestLink },
  };
}

function deskAs(who: Who, options: { fetch?: FetchLike } = {}): RequestDesk {
  return createRequestDesk(deps(who, options));
}

function newIds(): Required<WriteIds> {
  return {
    requestId: crypto.randomUUID(),
    eventId: crypto.randomUUID(),
    textId: crypto.randomUUID(),
  };
}

const stepIds = () => ({ eventId: crypto.randomUUID(), textId: crypto.randomUUID() });

function newUserOrder(subject: PersonRef = ola): NewUserOrder {
  return {
    kind: 'order.new-user',
    subject,
    base: 'bodo',
    administrativeUnit: 'Skolekontoret',
    roles: ['saksbehandler'],
    accessCodes: ['uo'],
    startDate: '2026-12-01',
    serviceNeed: SERVICE_NEED,
  };
}

function consultantOrder(period: Period): ExternalConsultantOrder {
  return {
    kind: 'order.external-consultant',
    consultant: {
      name: 'Eva <Konsulent>',
      company: 'Skolesystemer AS',
      email: 'eva@skole.example',
    },
    confidentialityDeclaration: { confirmed: true, storedAt: 'Elements 2026/88-2' },
    period,
    agreedWith: sigrid,
    base: 'bodo',
    administrativeUnit: 'Skolekontoret',
    roles: ['saksbehandler'],
    accessCodes: ['e'],
    serviceNeed: SERVICE_NEED,
  };
}

type FolderInput = Omit<FolderAccessRequest, 'justificationTextId'>;

const folderRequest: FolderInput = {
  kind: 'folder-access',
  subject: ola,
  base: 'bodo',
  caseNumber: '2026/1234',
  grading: 'elevsak',
  right: 'write',
  scope: 'folder',
};

/** The folder request with some fields changed (typed, as the screens build it). */
function folder(changes: Partial<FolderInput>): FolderInput {
  return { ...folderRequest, ...changes };
}

const extendedRequest: Omit<ExtendedAccessRequest, 'justificationTextId'> = {
  kind: 'extended-access',
  subject: ola,
  base: 'bodo',
  administrativeUnit: 'Skolekontoret',
  grading: 'elevsak',
  right: 'read',
  startDate: '2026-12-01',
};

async function append(who: Who, streamId: string, event: LedgerEvent, context?: EventContext) {
  return ledgerAs(who).append(
    toEnvelope(event, {
      eventId: crypto.randomUUID(),
      streamId,
      occurredAt: new Date(),
      ...(context === undefined ? {} : { context }),
    }),
  );
}

const channelMessageSchema = z.object({
  id: z.string(),
  subject: z.string().nullish(),
  body: z.object({ content: z.string() }),
  attachments: z.array(z.object({ contentType: z.string(), content: z.string().nullish() })),
});

/** The triage channel as a member of the team reads it. */
function channelMessages() {
  return graphAs(emulator, upn.sigrid).getAll(
    `/teams/${DOKUMENTSENTERET_TEAM_ID}/channels/${encodeURIComponent(TRIAGE_CHANNEL_ID)}/messages`,
    channelMessageSchema,
    { scopes: [] },
  );
}

const mailSchema = z.object({
  id: z.string(),
  subject: z.string(),
  body: z.object({ content: z.string() }),
  internetMessageHeaders: z.array(z.object({ name: z.string(), value: z.string() })).nullish(),
});

function inbox(who: Who) {
  return graphAs(emulator, upn[who]).getAll('/me/messages', mailSchema, {
    scopes: [],
    query: { $select: 'id,subject,body,internetMessageHeaders' },
  });
}

async function refusal(promise: Promise<unknown>): Promise<RequestRefused> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RequestRefused) return error;
    throw error;
  }
  throw new Error('expected the desk to refuse');
}

async function submittedCount(requestId: string): Promise<number> {
  const stream = await ledgerAs('sigrid').readStream(requestId, requestLists);
  return stream.events.filter((event) => event.type === 'request.submitted').length;
}

describe('standing, people and systemansvarlige', () => {
  it('knows who may order: a leader, a delegate of a leader, and not a staff member (R1)', async () => {
    const kari = await deskAs('kari').standing();
    expect(kari.canOrder).toBe(true);
    expect(kari.reports.map((person) => person.displayName).sort()).toEqual([
      'Ingrid Berg',
      'Ola Hansen',
    ]);
    expect(kari.isSystemansvarlig).toBe(false);

    const olaStanding = await deskAs('ola').standing();
    expect(olaStanding.canOrder).toBe(false);
    expect(olaStanding.reasons).toEqual([{ key: 'rule.r1.nobodysLeader' }]);

    // Marit, Kari's own leader, lets Ingrid order on Kari's behalf (recorded as an event).
    await append(
      'marit',
      crypto.randomUUID(),
      {
        type: 'delegation.granted',
        payload: {
          leader: { id: demoPersonIds.kariNordmann },
          delegate: ingrid,
          validFrom: '2020-01-01',
        },
      },
      // Kari's manager chain as Marit's client read it (decision 014).
      {
        seen: {
          about: demoPersonIds.kariNordmann,
          chain: [demoPersonIds.maritSolberg, demoPersonIds.rolfKristiansen],
        },
      },
    );
    const ingridDesk = deskAs('ingrid');
    const delegate = await ingridDesk.standing();
    expect(delegate.canOrder).toBe(true);
    expect(delegate.delegations.map((item) => item.leaderId)).toEqual([demoPersonIds.kariNordmann]);
    const ids = newIds();
    await ingridDesk.submitOrder(newUserOrder(ola), ids);
    const view = (await deskAs('sigrid').getRequest(ids.requestId)).view;
    expect(view.status).toBe('submitted');
    expect(view.timeline[0]?.capacity).toBe('delegate');

    const hilde = await deskAs('hilde').standing();
    expect(hilde.isArkivleder).toBe(true);
  });

  it("puts the leader's own reports first in people search, and lists systemansvarlige", async () => {
    const desk = deskAs('kari');
    const found = await desk.searchPeople('i');
    expect(found[0]?.displayName).toBe('Ingrid Berg');
    expect(new Set(found.map((person) => person.id)).size).toBe(found.length);
    expect(await desk.searchPeople('  ')).toEqual([]);
    const systemansvarlige = await desk.systemansvarlige();
    expect(systemansvarlige.map((person) => person.displayName)).toEqual([
      'Anders Moe',
      'Sigrid Lund',
    ]);
  });
});

describe('ordering access (R1-R3)', () => {
  it('Kari Nordmann orders Bodø access for Ola Hansen: stored, and one minimal message in the triage channel', async () => {
    const ids = newIds();
    const result = await deskAs('kari').submitOrder(newUserOrder(), ids);
    expect(result).toEqual({
      requestId: ids.requestId,
      channelNotified: true,
      waitingMailSent: null,
    });

    const stored = await ledgerAs('kari').readStream(ids.requestId, requestLists);
    expect(stored.events).toHaveLength(1);
    expect(stored.events[0]).toMatchObject({
      type: 'request.submitted',
      requesterId: demoPersonIds.kariNordmann,
      subjectId: demoPersonIds.olaHansen,
      base: 'bodo',
    });

    // Kari is not in the Dokumentsenteret team: the notice went by mail to the channel's address.
    const messages = await channelMessages();
    expect(messages).toHaveLength(1);
    const content = messages[0]?.body.content ?? '';
    expect(content).toContain('Ny bruker');
    expect(content).toContain('Bodø');
    expect(content).toContain(requestLink(ids.requestId).replace(/&/g, '&amp;'));
    expect(content).not.toContain(SERVICE_NEED);
    expect(content).not.toContain('Ola Hansen');

    const [mine] = await deskAs('kari').myRequests();
    expect(mine).toMatchObject({ requestId: ids.requestId, status: 'submitted', base: 'bodo' });
    // The order is Kari's and systemansvarlig's to read (decision 014): not Ola's, not Per's.
    expect(await deskAs('ola').myRequests()).toEqual([]);
    for (const other of ['ola', 'per'] as const) {
      expect((await ledgerAs(other).readStream(ids.requestId, requestLists)).events).toEqual([]);
    }
  });

  it('Ola Hansen cannot order access for anyone: refused with R1, nothing written', async () => {
    const desk = deskAs('ola');
    const standing = await desk.standing();
    expect(standing.canOrder).toBe(false);
    const ids = newIds();
    const refused = await refusal(desk.submitOrder(newUserOrder(ingrid), ids));
    expect(refused.reasons).toContainEqual({ key: 'rule.r1.nobodysLeader' });
    expect((await ledgerAs('sigrid').readStream(ids.requestId, requestLists)).events).toEqual([]);
    expect(await channelMessages()).toEqual([]);

    const self = await refusal(
      deskAs('kari').submitOrder(
        newUserOrder({ id: demoPersonIds.kariNordmann, displayName: 'Kari Nordmann' }),
        newIds(),
      ),
    );
    expect(self.reasons).toContainEqual({ key: 'rule.r1.selfOrder', field: 'subject' });
  });

  it('Per Johansen cannot order for Ola Hansen, who is not his employee', async () => {
    const refused = await refusal(deskAs('per').submitOrder(newUserOrder(), newIds()));
    expect(refused.reasons[0]).toEqual({
      key: 'rule.r1.notLeaderOf',
      params: { subject: 'Ola Hansen' },
      field: 'subject',
    });
  });

  it('refuses field by field: service need (R2), unknown role, end before start', async () => {
    const order: OrderInput = {
      ...newUserOrder(),
      serviceNeed: 'Trenger det',
      roles: ['tryllekunstner'],
      endDate: '2026-11-01',
    };
    const refused = await refusal(deskAs('kari').submitOrder(order, newIds()));
    expect(refused.reasons).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'rule.r2.serviceNeedTooShort', field: 'serviceNeed' }),
        expect.objectContaining({ key: 'validation.endBeforeStart', field: 'endDate' }),
      ]),
    );
    expect(new Set(refused.reasons.map((reason) => reason.field)).size).toBe(
      refused.reasons.length,
    );
  });
});

describe('external consultants (R10)', () => {
  it('refuses an order without a period, with the R10 reason on the period field', async () => {
    const ids = newIds();
    const refused = await refusal(
      deskAs('kari').submitOrder(consultantOrder({ start: '', end: '' }), ids),
    );
    expect(refused.reasons).toContainEqual({ key: 'rule.r10.periodRequired', field: 'period' });
    expect(refused.reasons.filter((reason) => reason.field?.startsWith('period.'))).toEqual([]);
    expect((await ledgerAs('sigrid').readStream(ids.requestId, requestLists)).events).toEqual([]);

    const tooLong = await refusal(
      deskAs('kari').submitOrder(
        consultantOrder({ start: '2026-12-01', end: '2028-01-01' }),
        newIds(),
      ),
    );
    expect(tooLong.reasons).toContainEqual({
      key: 'rule.r10.periodTooLong',
      params: { max: 12 },
      field: 'period.end',
    });
    const notSystemansvarlig = await refusal(
      deskAs('kari').submitOrder(
        { ...consultantOrder({ start: '2026-12-01', end: '2027-05-31' }), agreedWith: ola },
        newIds(),
      ),
    );
    expect(notSystemansvarlig.reasons).toContainEqual(
      expect.objectContaining({
        key: 'rule.r10.agreedWithNotSystemansvarlig',
        field: 'agreedWith',
      }),
    );
  });

  it('sends an approved order to Atea once, escaped, and records it', async () => {
    const ids = newIds();
    await deskAs('kari').submitOrder(
      consultantOrder({ start: '2026-12-01', end: '2027-05-31' }),
      ids,
    );
    const sigridActions = createTriageActions(deps('sigrid'));

    // Not before approval, and never by someone outside Systemansvarlig.
    const early = await refusal(sigridActions.sendOrderToAtea(ids.requestId));
    expect(early.reasons).toEqual([{ key: 'anomaly.outOfOrder' }]);
    await append('sigrid', ids.requestId, { type: 'request.approved', payload: {} });
    const kariTries = await refusal(
      createTriageActions(deps('kari')).sendOrderToAtea(ids.requestId),
    );
    expect(kariTries.reasons).toEqual([{ key: 'anomaly.notEntitled' }]);
    expect(emulator.externalMail()).toEqual([]);

    const [first, second] = await Promise.all([
      sigridActions.sendOrderToAtea(ids.requestId),
      sigridActions.sendOrderToAtea(ids.requestId),
    ]);
    expect(first).toEqual({ requestId: ids.requestId, alreadySent: false });
    expect(second).toEqual(first);
    const again = await createTriageActions(deps('sigrid')).sendOrderToAtea(ids.requestId);
    expect(again.alreadySent).toBe(true);

    const outbox = emulator.externalMail();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]?.recipients).toEqual([ATEA_ADDRESS]);
    const body = outbox[0]?.body.content ?? '';
    expect(body).toContain('Eva &lt;Konsulent&gt;');
    expect(body).not.toContain('<Konsulent>');
    expect(body).toContain('Skolesystemer AS');
    expect(body).toContain('eva@skole.example');
    expect(body).toContain('01.12.2026');
    expect(body).toContain('31.05.2027');
    expect(body).toContain('Elements 2026/88-2');
    expect(body).toContain('Saksbehandler');
    expect(body).not.toContain(SERVICE_NEED);
    expect(findMailReference(outbox[0]?.internetMessageHeaders ?? [])).toEqual({
      kind: 'atea-order',
      requestId: ids.requestId,
    });

    const stream = await ledgerAs('sigrid').readStream(ids.requestId, requestLists);
    const sent = stream.events.filter((event) => event.type === 'request.sent-to-atea');
    expect(sent.map((event) => event.eventId)).toEqual([sentToAteaEventId(ids.requestId)]);
    const view = (await deskAs('kari').getRequest(ids.requestId)).view;
    expect(view.sentToAteaAt).not.toBeNull();
    expect(view.waitingFor?.step).toBe('carry-out');
  });
});

describe('folder requests (R4-R7)', () => {
  it('Ola Hansen asks for write access to an elevsak folder: the justification is only in the texts list', async () => {
    const ids = newIds();
    const result = await deskAs('ola').submitWithJustification(folderRequest, JUSTIFICATION, ids);
    expect(result.channelNotified).toBe(true);
    expect(result.waitingMailSent).toBeNull();

    const texts = await ledgerAs('ola').readTexts(ids.requestId);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatchObject({
      textId: ids.textId,
      purpose: 'justification',
      body: JUSTIFICATION,
    });
    const [event] = (await ledgerAs('ola').readStream(ids.requestId, requestLists)).events;
    expect(JSON.stringify(event?.payload)).not.toContain('kontaktlærer');
    expect(event?.payload).toMatchObject({
      request: { kind: 'folder-access', justificationTextId: ids.textId, scope: 'folder' },
    });

    const [message] = await channelMessages();
    expect(message?.body.content).toContain('Tilgang til mappe');
    expect(message?.body.content).toContain('Elevsak');
    expect(message?.body.content).not.toContain('kontaktlærer');

    // The decider reads the justification; nobody else does, not even the requester's leader:
    // a folder request is the employee's and systemansvarlig's (decision 014).
    const forSigrid = await deskAs('sigrid').getRequest(ids.requestId);
    expect(forSigrid.texts.map((text) => text.body)).toEqual([JUSTIFICATION]);
    expect(forSigrid.names[demoPersonIds.olaHansen]).toBe('Ola Hansen');
    for (const other of ['kari', 'hilde', 'per'] as const) {
      await expect(deskAs(other).getRequest(ids.requestId)).rejects.toMatchObject({
        kind: 'not-found',
      });
      expect(await ledgerAs(other).readTexts(ids.requestId)).toEqual([]);
    }
    const forOla = await deskAs('ola').getRequest(ids.requestId);
    expect(forOla.actions).toEqual({
      withdraw: true,
      confirmAsLeader: false,
      decideAsArkivleder: false,
      provideInformation: false,
    });
  });

  it('refuses a short justification, a bad case number and a request for someone else', async () => {
    const refused = await refusal(
      deskAs('ola').submitWithJustification(
        folder({ caseNumber: '26/1234' }),
        'Trenger den',
        newIds(),
      ),
    );
    expect(refused.reasons).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'caseNumber.year', field: 'caseNumber' }),
        expect.objectContaining({ key: 'rule.r4.justificationTooShort', field: 'justification' }),
      ]),
    );
    const forSomeoneElse = await refusal(
      deskAs('ola').submitWithJustification(folder({ subject: ingrid }), JUSTIFICATION, newIds()),
    );
    expect(forSomeoneElse.reasons).toContainEqual({ key: 'anomaly.notEntitled' });
    expect(await channelMessages()).toEqual([]);
  });

  it('stores a case number typed with blanks in its canonical form', async () => {
    const ids = newIds();
    await deskAs('ola').submitWithJustification(
      folder({ caseNumber: ' 2026 / 77 ' }),
      JUSTIFICATION,
      ids,
    );
    const [summary] = await deskAs('ola').myRequests();
    expect(summary?.caseNumber).toBe('2026/77');
  });
});

describe('the R8 route: leader, arkivleder, systemansvarlig', () => {
  it('Ola Hansen -> Kari Nordmann -> Hilde Arnesen -> systemansvarlig; Per Johansen cannot confirm', async () => {
    const ids = newIds();
    const submitted = await deskAs('ola').submitWithJustification(
      extendedRequest,
      JUSTIFICATION,
      ids,
    );
    expect(submitted).toEqual({
      requestId: ids.requestId,
      channelNotified: true,
      waitingMailSent: true,
    });

    // Kari is mailed from Ola's own mailbox that a step waits for her: the link, the reference
    // header, and, for her alone, the justification she must judge (decision 014).
    const kariMail = (await inbox('kari')).find((mail) => mail.subject.startsWith('Venter på deg'));
    expect(kariMail?.body.content).toContain(requestLink(ids.requestId).replace(/&/g, '&amp;'));
    expect(kariMail?.body.content).toContain('kontaktlærer');
    expect(findMailReference(kariMail?.internetMessageHeaders ?? [])).toEqual({
      kind: 'request-step',
      requestId: ids.requestId,
      step: 'leader',
    });
    expect((await deskAs('kari').waitingForMe()).map((item) => item.requestId)).toEqual([
      ids.requestId,
    ]);
    // She reads the request and the justification in the app, from that mail.
    const forKari = await deskAs('kari').getRequest(ids.requestId);
    expect(forKari.view).toMatchObject({ status: 'awaiting-leader', kind: 'extended-access' });
    expect(forKari.texts.map((text) => [text.purpose, text.body])).toEqual([
      ['justification', JUSTIFICATION],
    ]);
    // Nobody else on the staff can read the request at all, through the app or the lists.
    await expect(deskAs('per').getRequest(ids.requestId)).rejects.toMatchObject({
      kind: 'not-found',
    });
    expect((await ledgerAs('per').readStream(ids.requestId, requestLists)).events).toEqual([]);
    expect(await ledgerAs('per').readTexts(ids.requestId)).toEqual([]);

    // Per Johansen leads another unit and got no mail: there is nothing for him to confirm.
    const perDesk = deskAs('per');
    await expect(
      perDesk.leaderStep(
        ids.requestId,
        'confirm',
        'Jeg bekrefter det tjenstlige behovet.',
        stepIds(),
      ),
    ).rejects.toMatchObject({ kind: 'not-found' });
    expect(await perDesk.waitingForMe()).toEqual([]);

    const kariDesk = deskAs('kari');
    expect((await kariDesk.getRequest(ids.requestId)).actions.confirmAsLeader).toBe(true);
    const empty = await refusal(kariDesk.leaderStep(ids.requestId, 'confirm', '  ', stepIds()));
    expect(empty.reasons).toEqual([{ key: 'rule.r2.serviceNeedMissing', field: 'text' }]);
    const confirmation = stepIds();
    await kariDesk.leaderStep(
      ids.requestId,
      'confirm',
      'Ola følger opp elevsaker for teamet og trenger lesetilgang.',
      confirmation,
    );
    // A second click with the same ids changes nothing.
    await kariDesk.leaderStep(
      ids.requestId,
      'confirm',
      'Ola følger opp elevsaker for teamet og trenger lesetilgang.',
      confirmation,
    );
    expect(await kariDesk.waitingForMe()).toEqual([]);
    // The confirmation is in the shared list, which everyone may read: it records which
    // justification Kari confirmed and Ola's manager chain, blinded with the request's key, which
    // only its parties know (decision 014): nothing in it says whose request it is.
    const stored = (await ledgerAs('sigrid').readStream(ids.requestId, requestLists)).events;
    const key = stored.find((event) => event.type === 'request.submitted')?.context?.['blindKey'];
    if (typeof key !== 'string') throw new Error('the submission has no blinding key');
    const confirmed = stored.find((event) => event.type === 'request.leader-confirmed');
    expect(confirmed).toMatchObject({
      list: 'shared',
      context: {
        justificationMac: blind(key, JUSTIFICATION),
        seen: {
          blinded: true,
          about: blind(key, demoPersonIds.olaHansen),
        },
      },
    });
    expect(JSON.stringify(confirmed?.context)).toContain(blind(key, demoPersonIds.kariNordmann));
    const publicText = JSON.stringify(
      (await ledgerAs('per').readStream(ids.requestId, requestLists)).events,
    );
    for (const secret of [demoPersonIds.olaHansen, 'personalsak', 'kontaktlærer', key]) {
      expect(publicText).not.toContain(secret);
    }

    const hildeMail = (await inbox('hilde')).find((mail) =>
      mail.subject.startsWith('Venter på arkivleder'),
    );
    expect(hildeMail?.body.content).toContain(requestLink(ids.requestId).replace(/&/g, '&amp;'));
    expect(findMailReference(hildeMail?.internetMessageHeaders ?? [])).toEqual({
      kind: 'request-step',
      requestId: ids.requestId,
      step: 'arkivleder',
    });
    const hildeDesk = deskAs('hilde');
    const waiting = await hildeDesk.waitingForMe();
    expect(waiting.map((item) => [item.requestId, item.status])).toEqual([
      [ids.requestId, 'awaiting-arkivleder'],
    ]);
    expect((await hildeDesk.getRequest(ids.requestId)).actions.decideAsArkivleder).toBe(true);
    const rejectWithoutReason = await refusal(
      hildeDesk.arkivlederStep(ids.requestId, 'reject', '', stepIds()),
    );
    expect(rejectWithoutReason.reasons).toEqual([{ key: 'validation.required', field: 'text' }]);
    await hildeDesk.arkivlederStep(ids.requestId, 'approve', '', stepIds());

    const view = (await deskAs('ola').getRequest(ids.requestId)).view;
    expect(view.status).toBe('awaiting-systemansvarlig');
    expect(view.stagesPassed).toEqual(['leader', 'arkivleder']);
    expect(await hildeDesk.waitingForMe()).toEqual([]);

    // The channel heard of it when it was new (Ola: by mail) and when it became
    // systemansvarlig's (Hilde is in the team: an Adaptive Card).
    const messages = await channelMessages();
    expect(messages).toHaveLength(2);
    const card = messages.find((message) => message.attachments.length > 0);
    const content: unknown = JSON.parse(card?.attachments[0]?.content ?? 'null');
    expect(content).toMatchObject({
      type: 'AdaptiveCard',
      actions: [{ type: 'Action.OpenUrl', url: requestLink(ids.requestId) }],
    });
    expect(JSON.stringify(content)).toContain('Klar for systemansvarlig');
    expect(JSON.stringify(content)).not.toContain('kontaktlærer');
    expect(JSON.stringify(content)).not.toContain('lesetilgang for');
  });

  it('tells the requester when the leader declines, with the reason, which the texts list would not show them', async () => {
    const ids = newIds();
    await deskAs('ola').submitWithJustification(extendedRequest, JUSTIFICATION, ids);
    const declined = stepIds();
    await deskAs('kari').leaderStep(
      ids.requestId,
      'decline',
      'Ikke nødvendig nå <b>før</b> i januar.',
      declined,
    );
    const view = (await deskAs('ola').getRequest(ids.requestId)).view;
    expect(view.status).toBe('rejected');
    const olaMail = (await inbox('ola')).find((mail) =>
      mail.subject.startsWith('Forespørselen din'),
    );
    // The texts list shows a text only to its author and the deciders: the mail is how Ola learns why.
    expect(olaMail?.body.content).toContain('Ikke nødvendig nå &lt;b&gt;før&lt;/b&gt; i januar.');
    expect(await ledgerAs('ola').readTexts(ids.requestId)).toHaveLength(1);
    const texts = await ledgerAs('kari').readTexts(ids.requestId);
    expect(texts.map((text) => [text.textId, text.purpose])).toEqual([
      [declined.textId, 'decision-reason'],
    ]);
  });
});

describe('one request, whatever happens on the way', () => {
  it('submitting twice with the same ids makes one request and one channel message', async () => {
    const desk = deskAs('kari');
    const ids = newIds();
    const [first, second] = await Promise.all([
      desk.submitOrder(newUserOrder(), ids),
      desk.submitOrder(newUserOrder(), ids),
    ]);
    const third = await desk.submitOrder(newUserOrder(), ids);
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect(await submittedCount(ids.requestId)).toBe(1);
    expect(await channelMessages()).toHaveLength(1);

    // Another session (a reload) retrying the same ids finds it and tells nobody again.
    const later = await deskAs('kari').submitOrder(newUserOrder(), ids);
    expect(later.requestId).toBe(ids.requestId);
    expect(await submittedCount(ids.requestId)).toBe(1);
    expect(await channelMessages()).toHaveLength(1);
  });

  it('with drop-after-write on the submission’s writes, a retry with the same ids ends with exactly one request', async () => {
    emulator.faults.configure({
      rate: 1,
      kinds: ['drop-after-write'],
      methods: ['POST'],
      pathPattern: '/items$',
    });
    const ids = newIds();
    const first = await deskAs('ola').submitWithJustification(folderRequest, JUSTIFICATION, ids);
    expect(emulator.faults.counters().injected['drop-after-write']).toBeGreaterThanOrEqual(2);
    emulator.faults.clear();
    const retry = await deskAs('ola').submitWithJustification(folderRequest, JUSTIFICATION, ids);
    expect(retry.requestId).toBe(first.requestId);
    expect(await submittedCount(ids.requestId)).toBe(1);
    expect(await ledgerAs('ola').readTexts(ids.requestId)).toHaveLength(1);
    expect(await channelMessages()).toHaveLength(1);
  });

  it('a network failure after the write loses nothing: the retry finds the request and tells the channel once', async () => {
    const transport = { offline: false, dropped: false };
    // The submission's POST arrives, then the network goes: the answer and every re-check are lost.
    const flaky: FetchLike = async (request) => {
      if (transport.offline) throw new TypeError('fetch failed');
      const body = request.method === 'POST' ? await request.clone().text() : '';
      const response = await emulator.handle(request);
      if (!transport.dropped && body.includes('request.submitted')) {
        transport.dropped = true;
        transport.offline = true;
        throw new TypeError('fetch failed');
      }
      return response;
    };
    const desk = deskAs('ola', { fetch: flaky });
    const ids = newIds();
    await expect(
      desk.submitWithJustification(folderRequest, JUSTIFICATION, ids),
    ).rejects.toMatchObject({ kind: 'network' });
    expect(await submittedCount(ids.requestId)).toBe(1);
    expect(await channelMessages()).toHaveLength(0);

    transport.offline = false;
    const retry = await desk.submitWithJustification(folderRequest, JUSTIFICATION, ids);
    expect(retry).toEqual({
      requestId: ids.requestId,
      channelNotified: true,
      waitingMailSent: null,
    });
    expect(await submittedCount(ids.requestId)).toBe(1);
    expect(await channelMessages()).toHaveLength(1);
  });

  it('a justification edited after a lost write is stored anew, not refused as a conflict', async () => {
    const ids = newIds();
    // An earlier attempt stored the text, then failed before the event.
    await ledgerAs('ola').appendText({
      textId: ids.textId,
      streamId: ids.requestId,
      purpose: 'justification',
      body: 'Første utkast av begrunnelsen, som ble sendt før nettet falt.',
    });
    await deskAs('ola').submitWithJustification(folderRequest, JUSTIFICATION, ids);
    const detail = await deskAs('ola').getRequest(ids.requestId);
    const textId = detail.view.timeline[0]?.textId;
    expect(detail.texts.find((text) => text.textId === textId)?.body).toBe(JUSTIFICATION);
  });
});

describe('withdrawing, and the lists', () => {
  it('withdraws while undecided, and refuses after approval', async () => {
    const olaDesk = deskAs('ola');
    const open = newIds();
    await olaDesk.submitWithJustification(folderRequest, JUSTIFICATION, open);
    // Kari cannot see Ola's folder request at all, let alone withdraw it.
    await expect(
      deskAs('kari').withdraw(open.requestId, crypto.randomUUID()),
    ).rejects.toMatchObject({ kind: 'not-found' });
    const withdrawal = crypto.randomUUID();
    await olaDesk.withdraw(open.requestId, withdrawal);
    await olaDesk.withdraw(open.requestId, withdrawal);
    const after = await olaDesk.getRequest(open.requestId);
    expect(after.view.status).toBe('withdrawn');
    expect(after.actions.withdraw).toBe(false);
    expect(
      (await ledgerAs('ola').readStream(open.requestId, requestLists)).events.filter(
        (event) => event.type === 'request.withdrawn',
      ),
    ).toHaveLength(1);

    const decided = newIds();
    await olaDesk.submitWithJustification(folderRequest, JUSTIFICATION, decided);
    await append('sigrid', decided.requestId, { type: 'request.approved', payload: {} });
    expect((await olaDesk.getRequest(decided.requestId)).actions.withdraw).toBe(false);
    const late = await refusal(olaDesk.withdraw(decided.requestId, crypto.randomUUID()));
    expect(late.reasons).toEqual([{ key: 'anomaly.alreadyDecided' }]);
  });

  it('myRequests lists what I submitted, newest first; waitingForMe what waits for me', async () => {
    const order = newIds();
    await deskAs('kari').submitOrder(newUserOrder(), order);
    const folder = newIds();
    await deskAs('ola').submitWithJustification(folderRequest, JUSTIFICATION, folder);
    const extended = newIds();
    await deskAs('ola').submitWithJustification(extendedRequest, JUSTIFICATION, extended);
    const ingridsOrder = newIds();
    await deskAs('kari').submitOrder(newUserOrder(ingrid), ingridsOrder);

    // Kari's order for Ola is hers and systemansvarlig's to read (decision 014).
    const olaList = await deskAs('ola').myRequests();
    expect(olaList.map((item) => item.requestId).sort()).toEqual(
      [folder.requestId, extended.requestId].sort(),
    );
    const times = olaList.map((item) => item.submittedAt ?? '');
    expect([...times].sort().reverse()).toEqual(times);
    expect(olaList.find((item) => item.requestId === folder.requestId)).toMatchObject({
      kind: 'folder-access',
      status: 'submitted',
      caseNumber: '2026/1234',
      grading: 'elevsak',
    });

    const kariList = await deskAs('kari').myRequests();
    expect(kariList.map((item) => item.requestId).sort()).toEqual(
      [order.requestId, ingridsOrder.requestId].sort(),
    );
    const kariWaiting = await deskAs('kari').waitingForMe();
    expect(kariWaiting.map((item) => item.requestId)).toEqual([extended.requestId]);
    expect(kariWaiting[0]?.waitingFor).toMatchObject({
      step: 'leader',
      personId: demoPersonIds.kariNordmann,
    });
    expect(await deskAs('hilde').waitingForMe()).toEqual([]);
    expect(await deskAs('ola').waitingForMe()).toEqual([]);
  });

  it('offers existing grants for removal once they are carried out', async () => {
    const order = newIds();
    await deskAs('kari').submitOrder(newUserOrder(), order);
    expect(await deskAs('kari').existingGrants(demoPersonIds.olaHansen)).toEqual([]);
    await append('sigrid', order.requestId, { type: 'request.approved', payload: {} });
    await append('sigrid', order.requestId, {
      type: 'request.carried-out',
      payload: { elementsReference: '2026/500-1' },
    });
    const grants = await deskAs('kari').existingGrants(demoPersonIds.olaHansen);
    expect(grants.map((grant) => [grant.requestId, grant.status])).toEqual([
      [order.requestId, 'carried-out'],
    ]);
  });
});

describe('where the links lead', () => {
  it('links the channel announcement to the triage view when the page gives one', async () => {
    const triageLink = (id: string) => `https://teams.example/triage?request=${id}`;
    const desk = createRequestDesk({
      ...deps('kari'),
      links: { request: requestLink, triage: triageLink },
    });
    const ids = newIds();
    await desk.submitOrder(newUserOrder(), ids);
    const content = (await channelMessages())[0]?.body.content ?? '';
    expect(content).toContain(triageLink(ids.requestId));
    expect(content).not.toContain(requestLink(ids.requestId).replace(/&/g, '&amp;'));
  });
});
