/**
 * A small ledger as version 1 of the app wrote it (before decision 014): every
 * event in the one events list, schema version 1, no recorded facts, each
 * written by its author at its time. The migration test writes it into the
 * emulator this way, migrates it, and checks that it reads as version 1 read
 * it (`legacy-ledger.golden.json`, made with version 1's folds from this data).
 */
import { demoPersonIds } from '../../emulator/directory-data.ts';

export type LegacyAuthor =
  'kari' | 'ola' | 'lise' | 'per' | 'marit' | 'hilde' | 'sigrid' | 'anders';

export const legacyAuthors: Readonly<Record<LegacyAuthor, string>> = {
  kari: demoPersonIds.kariNordmann,
  ola: demoPersonIds.olaHansen,
  lise: demoPersonIds.liseOlsen,
  per: demoPersonIds.perJohansen,
  marit: demoPersonIds.maritSolberg,
  hilde: demoPersonIds.hildeArnesen,
  sigrid: demoPersonIds.sigridLund,
  anders: demoPersonIds.andersMoe,
};

export interface LegacyEvent {
  readonly author: LegacyAuthor;
  /** When SharePoint stored it (the test sets the emulator's clock to it). */
  readonly at: string;
  readonly eventId: string;
  readonly streamId: string;
  readonly streamKind: 'request' | 'campaign' | 'delegation';
  readonly type: string;
  readonly subjectId?: string;
  readonly base?: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

export interface LegacyText {
  readonly author: LegacyAuthor;
  readonly at: string;
  readonly textId: string;
  readonly streamId: string;
  readonly purpose: string;
  readonly body: string;
}

const ola = { id: demoPersonIds.olaHansen, displayName: 'Ola Hansen' };
const lise = { id: demoPersonIds.liseOlsen, displayName: 'Lise Olsen' };
const kari = { id: demoPersonIds.kariNordmann, displayName: 'Kari Nordmann' };
const per = { id: demoPersonIds.perJohansen, displayName: 'Per Johansen' };

const order = (subject: { id: string; displayName: string }) => ({
  kind: 'order.new-user',
  subject,
  base: 'bodo',
  administrativeUnit: 'Skolekontoret',
  roles: ['saksbehandler'],
  accessCodes: ['e'],
  startDate: '2026-02-01',
  serviceNeed: 'Skal saksbehandle elevsaker for skolekontoret og trenger tilgang.',
});

export const legacyTexts: readonly LegacyText[] = [
  {
    author: 'ola',
    at: '2026-02-02T09:00:00Z',
    textId: 'legacy-text-folder',
    streamId: 'legacy-folder',
    purpose: 'justification',
    body: 'Jeg er kontaktlærer for eleven og må føre referater i mappen.',
  },
  {
    author: 'anders',
    at: '2026-02-02T10:00:00Z',
    textId: 'legacy-text-question',
    streamId: 'legacy-folder',
    purpose: 'information',
    body: 'Hvilken elev gjelder det?',
  },
  {
    author: 'ola',
    at: '2026-02-02T11:00:00Z',
    textId: 'legacy-text-answer',
    streamId: 'legacy-folder',
    purpose: 'information',
    body: 'Eleven i 7B som jeg følger opp.',
  },
  {
    author: 'anders',
    at: '2026-02-02T12:00:00Z',
    textId: 'legacy-text-reason',
    streamId: 'legacy-folder',
    purpose: 'decision-reason',
    body: 'Kontaktlærere får lesetilgang, ikke skrivetilgang.',
  },
  {
    author: 'ola',
    at: '2026-02-03T09:00:00Z',
    textId: 'legacy-text-r8',
    streamId: 'legacy-r8',
    purpose: 'justification',
    body: 'Jeg skal følge opp personalsaker i enheten mens lederen er borte.',
  },
  {
    author: 'kari',
    at: '2026-02-03T10:00:00Z',
    textId: 'legacy-text-r8-confirmation',
    streamId: 'legacy-r8',
    purpose: 'leader-confirmation',
    body: 'Ola skal følge opp personalsaker i enheten og trenger lesetilgang.',
  },
];

export const legacyEvents: readonly LegacyEvent[] = [
  // An order, approved and carried out.
  {
    author: 'kari',
    at: '2026-02-01T09:00:00Z',
    eventId: 'legacy-order-1',
    streamId: 'legacy-order',
    streamKind: 'request',
    type: 'request.submitted',
    subjectId: ola.id,
    base: 'bodo',
    payload: { request: order(ola) },
  },
  {
    author: 'sigrid',
    at: '2026-02-01T10:00:00Z',
    eventId: 'legacy-order-2',
    streamId: 'legacy-order',
    streamKind: 'request',
    type: 'request.approved',
    payload: {},
  },
  {
    author: 'sigrid',
    at: '2026-02-01T11:00:00Z',
    eventId: 'legacy-order-3',
    streamId: 'legacy-order',
    streamKind: 'request',
    type: 'request.carried-out',
    payload: { elementsReference: '2026/101-1' },
  },
  // A folder request: a question, an answer, a rejection.
  {
    author: 'ola',
    at: '2026-02-02T09:00:00Z',
    eventId: 'legacy-folder-1',
    streamId: 'legacy-folder',
    streamKind: 'request',
    type: 'request.submitted',
    subjectId: ola.id,
    base: 'bodo',
    payload: {
      request: {
        kind: 'folder-access',
        subject: ola,
        base: 'bodo',
        caseNumber: '2026/1234',
        grading: 'elevsak',
        right: 'write',
        justificationTextId: 'legacy-text-folder',
        scope: 'folder',
      },
    },
  },
  {
    author: 'anders',
    at: '2026-02-02T10:00:00Z',
    eventId: 'legacy-folder-2',
    streamId: 'legacy-folder',
    streamKind: 'request',
    type: 'request.information-requested',
    payload: { questionTextId: 'legacy-text-question' },
  },
  {
    author: 'ola',
    at: '2026-02-02T11:00:00Z',
    eventId: 'legacy-folder-3',
    streamId: 'legacy-folder',
    streamKind: 'request',
    type: 'request.information-provided',
    payload: { answerTextId: 'legacy-text-answer' },
  },
  {
    author: 'anders',
    at: '2026-02-02T12:00:00Z',
    eventId: 'legacy-folder-4',
    streamId: 'legacy-folder',
    streamKind: 'request',
    type: 'request.rejected',
    payload: { reasonTextId: 'legacy-text-reason' },
  },
  // R8: Ola -> Kari -> Hilde -> Sigrid, carried out with read access.
  {
    author: 'ola',
    at: '2026-02-03T09:00:00Z',
    eventId: 'legacy-r8-1',
    streamId: 'legacy-r8',
    streamKind: 'request',
    type: 'request.submitted',
    subjectId: ola.id,
    base: 'bodo',
    payload: {
      request: {
        kind: 'extended-access',
        subject: ola,
        base: 'bodo',
        administrativeUnit: 'Skolekontoret',
        grading: 'personalsak',
        right: 'read',
        startDate: '2026-02-10',
        justificationTextId: 'legacy-text-r8',
      },
    },
  },
  {
    author: 'kari',
    at: '2026-02-03T10:00:00Z',
    eventId: 'legacy-r8-2',
    streamId: 'legacy-r8',
    streamKind: 'request',
    type: 'request.leader-confirmed',
    payload: { confirmationTextId: 'legacy-text-r8-confirmation' },
  },
  {
    author: 'hilde',
    at: '2026-02-03T11:00:00Z',
    eventId: 'legacy-r8-3',
    streamId: 'legacy-r8',
    streamKind: 'request',
    type: 'request.arkivleder-approved',
    payload: {},
  },
  {
    author: 'sigrid',
    at: '2026-02-03T12:00:00Z',
    eventId: 'legacy-r8-4',
    streamId: 'legacy-r8',
    streamKind: 'request',
    type: 'request.approved',
    payload: {},
  },
  {
    author: 'sigrid',
    at: '2026-02-03T13:00:00Z',
    eventId: 'legacy-r8-5',
    streamId: 'legacy-r8',
    streamKind: 'request',
    type: 'request.carried-out',
    payload: { elementsReference: '2026/102-1', grantedRight: 'read' },
  },
  // Marit lets Per order for Kari's staff; Per orders for Ola; Sigrid approves.
  {
    author: 'marit',
    at: '2026-02-04T09:00:00Z',
    eventId: 'legacy-delegation-1',
    streamId: 'legacy-delegation',
    streamKind: 'delegation',
    type: 'delegation.granted',
    subjectId: per.id,
    payload: { leader: kari, delegate: per, validFrom: '2026-01-01' },
  },
  {
    author: 'per',
    at: '2026-02-04T10:00:00Z',
    eventId: 'legacy-delegated-1',
    streamId: 'legacy-delegated',
    streamKind: 'request',
    type: 'request.submitted',
    subjectId: ola.id,
    base: 'bodo',
    payload: { request: { ...order(ola), kind: 'order.change' } },
  },
  {
    author: 'sigrid',
    at: '2026-02-04T11:00:00Z',
    eventId: 'legacy-delegated-2',
    streamId: 'legacy-delegated',
    streamKind: 'request',
    type: 'request.approved',
    payload: {},
  },
  // A quarterly review: two lines, an answer in the task pane, a plain reply, a removal, closed.
  {
    author: 'sigrid',
    at: '2026-02-05T09:00:00Z',
    eventId: 'c:legacy-campaign',
    streamId: 'legacy-campaign',
    streamKind: 'campaign',
    type: 'campaign.created',
    base: 'bodo',
    payload: {
      campaign: {
        kind: 'quarterly-module',
        target: 'svarut',
        base: 'bodo',
        deadline: '2026-02-20',
        reminderEveryDays: 7,
      },
    },
  },
  {
    author: 'sigrid',
    at: '2026-02-05T09:01:00Z',
    eventId: 'l:legacy-line-ola',
    streamId: 'legacy-campaign',
    streamKind: 'campaign',
    type: 'campaign.line-added',
    subjectId: ola.id,
    payload: {
      line: {
        lineId: 'legacy-line-ola',
        person: ola,
        email: 'ola.hansen@bodo.example',
        module: 'svarut',
        subUnit: 'Bodø kommune - Skolekontoret',
        right: 'send',
      },
    },
  },
  {
    author: 'sigrid',
    at: '2026-02-05T09:01:01Z',
    eventId: 'l:legacy-line-lise',
    streamId: 'legacy-campaign',
    streamKind: 'campaign',
    type: 'campaign.line-added',
    subjectId: lise.id,
    payload: {
      line: {
        lineId: 'legacy-line-lise',
        person: lise,
        email: 'lise.olsen@bodo.example',
        module: 'svarut',
        subUnit: 'Bodø kommune - Byggesak',
        right: 'send',
      },
    },
  },
  {
    author: 'sigrid',
    at: '2026-02-05T10:00:00Z',
    eventId: `m:r:${ola.id}:legacy-campaign`,
    streamId: 'legacy-campaign',
    streamKind: 'campaign',
    type: 'campaign.mail-sent',
    subjectId: ola.id,
    payload: { personId: ola.id, lineIds: ['legacy-line-ola'] },
  },
  {
    author: 'sigrid',
    at: '2026-02-05T10:00:02Z',
    eventId: `m:r:${lise.id}:legacy-campaign`,
    streamId: 'legacy-campaign',
    streamKind: 'campaign',
    type: 'campaign.mail-sent',
    subjectId: lise.id,
    payload: { personId: lise.id, lineIds: ['legacy-line-lise'] },
  },
  {
    author: 'ola',
    at: '2026-02-06T09:00:00Z',
    eventId: 'legacy-answer-ola',
    streamId: 'legacy-campaign',
    streamKind: 'campaign',
    type: 'campaign.answered',
    subjectId: ola.id,
    payload: {
      personId: ola.id,
      answers: [{ lineId: 'legacy-line-ola', decision: 'keep' }],
      channel: 'task-pane',
    },
  },
  {
    author: 'anders',
    at: '2026-02-07T09:00:00Z',
    eventId: 'y:legacy-reply-lise',
    streamId: 'legacy-campaign',
    streamKind: 'campaign',
    type: 'campaign.reply-recorded',
    subjectId: lise.id,
    payload: { personId: lise.id, decision: 'remove', messageId: '<nei.lise@bodo.example>' },
  },
  {
    author: 'sigrid',
    at: '2026-02-08T09:00:00Z',
    eventId: 'legacy-removal-lise',
    streamId: 'legacy-campaign',
    streamKind: 'campaign',
    type: 'campaign.removal-confirmed',
    payload: { lineId: 'legacy-line-lise', where: 'ks-fiks', reference: 'KS-77' },
  },
  {
    author: 'sigrid',
    at: '2026-02-21T09:00:00Z',
    eventId: 'legacy-closed',
    streamId: 'legacy-campaign',
    streamKind: 'campaign',
    type: 'campaign.closed',
    payload: { outcome: 'completed', reportReference: '2026/103-1' },
  },
];

/** The request streams of the legacy ledger. */
export const legacyRequestIds = ['legacy-order', 'legacy-folder', 'legacy-r8', 'legacy-delegated'];
export const legacyCampaignId = 'legacy-campaign';
