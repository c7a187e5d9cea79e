/**
 * What the security suites share: a provisioned emulator on a clock the test
 * moves, every desk (request, triage, review, delegation) for any demo person
 * over our real Graph adapters, and a realistic record built through those
 * desks the way people would build it (decision 014). Nothing of ours is
 * mocked; the emulator enforces the permissions our provisioner sets and
 * stamps authors from the token.
 */
import { expect } from 'vitest';
import { z } from 'zod';
import { demoGroupIds } from '../../emulator/directory-data.ts';
import { createManualClock, type ManualClock } from '../../emulator/emulator-clock.ts';
import {
  DOKUMENTSENTERET_TEAM_ID,
  TRIAGE_CHANNEL_EMAIL,
  TRIAGE_CHANNEL_ID,
} from '../../emulator/emulator-config.ts';
import type { CampaignDefinition } from '../../src/domain/campaigns.ts';
import type { EventListKey, TextListKey } from '../../src/domain/ledger-lists.ts';
import { reviewMailReferenceSchema } from '../../src/domain/review-rounds.ts';
import { createDelegationDesk } from '../../src/features/delegations/create-delegation-desk.ts';
import type { DelegationDesk } from '../../src/features/delegations/delegation-desk.ts';
import { createRequestDesk } from '../../src/features/requests/create-request-desk.ts';
import type { RequestDeskDeps } from '../../src/features/requests/desk-context.ts';
import { createGraphLeaderMail } from '../../src/features/requests/leader-mail.ts';
import type {
  RequestDesk,
  TextRequestInput,
  WriteIds,
} from '../../src/features/requests/request-desk.ts';
import { createReviewDesk } from '../../src/features/reviews/create-review-desk.ts';
import type { LineInput, ReviewDesk } from '../../src/features/reviews/review-desk.ts';
import type { ReviewMail as PaneMail } from '../../src/features/reviews/review-snapshot.ts';
import { createTriageDesk } from '../../src/features/triage/create-triage-desk.ts';
import type { StepIds, TriageDesk } from '../../src/features/triage/triage-desk.ts';
import { base64ToUtf8Text } from '../../src/m365/base64.ts';
import { createGraphCampaignMailbox } from '../../src/m365/campaign-mailbox.ts';
import { createGraphChannelNotifier } from '../../src/m365/channel-notifier.ts';
import { createGraphDirectory } from '../../src/m365/directory.ts';
import type { GraphClient } from '../../src/m365/graph-client.ts';
import { createGraphLedger, type Ledger } from '../../src/m365/ledger.ts';
import { ledgerList } from '../../src/m365/ledger-schema.ts';
import { findMailReference, type MailReference } from '../../src/m365/mail-reference.ts';
import { createGraphMailbox } from '../../src/m365/mailbox.ts';
import { createGraphMailer } from '../../src/m365/mailer.ts';
import {
  graphAs,
  provisionedEmulator,
  SITE_OWNER,
  SITE_URL,
  type Emulator,
} from '../m365/emulator-kit.ts';

export const upn = {
  rolf: 'rolf.kristiansen@bodo.example',
  marit: 'marit.solberg@bodo.example',
  jan: 'jan.pedersen@bodo.example',
  kari: 'kari.nordmann@bodo.example',
  ola: 'ola.hansen@bodo.example',
  ingrid: 'ingrid.berg@bodo.example',
  per: 'per.johansen@bodo.example',
  lise: 'lise.olsen@bodo.example',
  hilde: 'hilde.arnesen@bodo.example',
  sigrid: 'sigrid.lund@bodo.example',
  anders: 'anders.moe@bodo.example',
  tone: 'tone.strand@bodo.example',
} as const;
export type Who = keyof typeof upn;

export const groups = {
  systemansvarlig: demoGroupIds.systemansvarlig,
  arkivleder: demoGroupIds.arkivleder,
} as const;

export const ATEA_ADDRESS = 'bestilling@atea.example';
export const requestLink = (requestId: string) =>
  `https://tilgang.bodo.example/index.html?request=${encodeURIComponent(requestId)}`;

/** The texts the record is made of: none may reach anyone who is not a party. */
export const secrets = {
  folderCase: '2026/4711',
  rejectedCase: '2025/8813',
  ordersUnit: 'Skolekontoret',
  r8Justification:
    'Ola skal følge opp personalsakene til lærerne i teamet og må lese dem i Elements.',
  folderJustification:
    'Jeg er kontaktlærer for eleven og skal skrive inn referater fra møter med foresatte.',
  rejectedJustification: 'Jeg trenger å lese byggesaken til naboen min for en klage jeg skriver.',
  rejectReason: 'Ikke tjenstlig behov: saken gjelder deg privat.',
  leaderConfirmation: 'Ola følger opp personalsaker for teamet og trenger lesetilgang til dem.',
  serviceNeed: 'Skal saksbehandle klager på skoleskyss og registrere dem i Elements.',
  consultantName: 'Eva Konsulentsen',
  consultantCompany: 'Skolesystemer AS',
  consultantEmail: 'eva.konsulentsen@skolesystemer.example',
  reviewSubUnitA: 'Bodø kommune - Skolekontoret',
  reviewSubUnitB: 'Bodø kommune - Oppvekst',
  reviewSubUnitLise: 'Bodø kommune - Byggesak',
  reviewComment: 'Byttet jobb i oktober',
} as const;

export const campaignDefinition: CampaignDefinition = {
  kind: 'quarterly-module',
  target: 'svarut',
  base: 'bodo',
  deadline: '2026-12-15',
  reminderEveryDays: 7,
};

export interface SecurityRecord {
  /** Kari orders a new user for Ola; Sigrid approves and carries it out. */
  readonly order: string;
  /** Ola's R8 request: Kari confirms, Hilde approves, Sigrid approves and carries it out. */
  readonly r8: string;
  /** Ola's folder request, approved and carried out. */
  readonly folder: string;
  /** Lise's folder request, rejected by Anders. */
  readonly rejected: string;
  /** Kari's external-consultant order, approved, sent to Atea and carried out. */
  readonly consultant: string;
  /** Marit lets Ingrid order for Kari; Ingrid orders for Ola; Sigrid approves. */
  readonly delegated: string;
  readonly delegation: string;
  /** A closed campaign: Ola keeps one line and removes one, Lise replies NEI, Ingrid keeps. */
  readonly campaign: string;
}

export interface SecurityWorld {
  readonly emulator: Emulator;
  readonly clock: ManualClock;
  idOf(who: Who): string;
  graphOf(who: Who): GraphClient;
  ledgerOf(who: Who): Ledger;
  requestDeps(who: Who): RequestDeskDeps;
  requestDesk(who: Who): RequestDesk;
  triageDesk(who: Who): TriageDesk;
  reviewDesk(who: Who, options?: { readonly fromMailbox?: string }): ReviewDesk;
  delegationDesk(who: Who): DelegationDesk;
  /** Graph ids of the site and of every ledger list, by key (read as the site's owner). */
  listIds(): Promise<{ siteId: string; lists: Readonly<Record<ListKey, string>> }>;
  /** Review mails in someone's Inbox, with our header's reference. */
  reviewMailsOf(who: Who): Promise<InboxMail[]>;
  /** What the task pane reads of a mail: Exchange's sender and the attachments. */
  paneMail(who: Who, messageId: string): Promise<PaneMail>;
}

export type ListKey = EventListKey | TextListKey;

export interface InboxMail {
  readonly id: string;
  readonly subject: string;
  readonly reference: MailReference | null;
}

const inboxSchema = z.object({
  id: z.string(),
  subject: z.string(),
  internetMessageHeaders: z.array(z.object({ name: z.string(), value: z.string() })).nullish(),
});

export async function createSecurityWorld(): Promise<SecurityWorld> {
  const clock = createManualClock('2026-11-28T08:00:00Z');
  const emulator = await provisionedEmulator({ now: clock.now });
  const ids = new Map<Who, string>();
  for (const who of Object.keys(upn).filter((key): key is Who => key in upn)) {
    const person = await createGraphDirectory(graphAs(emulator, upn.sigrid)).getPerson(upn[who]);
    if (person === null) throw new Error(`${who} is not in the demo directory`);
    ids.set(who, person.id);
  }

  /** Sleeping moves the emulator's clock: waiting for Exchange costs no real time. */
  async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    clock.advance(ms);
    await Promise.resolve();
  }

  function idOf(who: Who): string {
    const id = ids.get(who);
    if (id === undefined) throw new Error(`no id for ${who}`);
    return id;
  }

  const graphOf = (who: Who) => graphAs(emulator, upn[who]);
  const ledgerOf = (who: Who) => createGraphLedger(graphOf(who), { site: SITE_URL });

  function requestDeps(who: Who): RequestDeskDeps {
    const graph = graphOf(who);
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
      groups,
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
      now: clock.now,
    };
  }

  function reviewDesk(who: Who, options: { readonly fromMailbox?: string } = {}): ReviewDesk {
    const graph = graphOf(who);
    const directory = createGraphDirectory(graph);
    return createReviewDesk({
      ledger: createGraphLedger(graph, { site: SITE_URL }),
      directory,
      mailer: createGraphMailer(graph, { retryThrottled: false }),
      campaignMailbox: createGraphCampaignMailbox(graph, options.fromMailbox),
      me: async () => {
        const person = await directory.getPerson(upn[who]);
        if (person === null) throw new Error(`${who} is not in the demo directory`);
        return person;
      },
      groups,
      now: clock.now,
      sleep,
      perMinute: 30,
      ...(options.fromMailbox === undefined ? {} : { fromMailbox: options.fromMailbox }),
    });
  }

  function delegationDesk(who: Who): DelegationDesk {
    const graph = graphOf(who);
    const directory = createGraphDirectory(graph);
    return createDelegationDesk({
      ledger: createGraphLedger(graph, { site: SITE_URL }),
      directory,
      me: async () => {
        const person = await directory.getPerson(upn[who]);
        if (person === null) throw new Error(`${who} is not in the demo directory`);
        return person;
      },
      now: clock.now,
    });
  }

  async function listIds() {
    const owner = graphAs(emulator, SITE_OWNER);
    const site = await owner.get(
      '/sites/bodokommune.sharepoint.example:/sites/dokumentsenteret',
      z.object({ id: z.string() }),
      { scopes: ['Sites.Read.All'] },
    );
    const found = await owner.getAll(
      `/sites/${site.id}/lists`,
      z.object({ id: z.string(), displayName: z.string() }),
      { scopes: ['Sites.Read.All'] },
    );
    const id = (key: ListKey): string => {
      const { displayName } = ledgerList(key);
      const match = found.find((candidate) => candidate.displayName === displayName);
      if (match === undefined) throw new Error(`list ${displayName} was not provisioned`);
      return match.id;
    };
    const lists: Readonly<Record<ListKey, string>> = {
      requests: id('requests'),
      r8: id('r8'),
      systemansvarlig: id('systemansvarlig'),
      arkivleder: id('arkivleder'),
      reviews: id('reviews'),
      shared: id('shared'),
      texts: id('texts'),
      'r8-texts': id('r8-texts'),
    };
    return { siteId: site.id, lists };
  }

  async function reviewMailsOf(who: Who): Promise<InboxMail[]> {
    const messages = await graphOf(who).getAll('/me/mailFolders/inbox/messages', inboxSchema, {
      scopes: ['Mail.Read'],
      query: { $select: 'id,subject,internetMessageHeaders', $top: '100' },
    });
    return messages
      .map((message) => ({
        id: message.id,
        subject: message.subject,
        reference: findMailReference(message.internetMessageHeaders ?? []),
      }))
      .filter((message) => message.reference?.['kind'] === 'review');
  }

  async function paneMail(who: Who, messageId: string): Promise<PaneMail> {
    const mailbox = createGraphMailbox(graphOf(who));
    const [content, files] = await Promise.all([
      mailbox.getMessageContent(messageId),
      mailbox.getFileAttachments(messageId),
    ]);
    return {
      from: content.from?.address ?? null,
      attachments: files.map((file) => ({
        name: file.name,
        text: base64ToUtf8Text(file.contentBytes),
      })),
    };
  }

  return {
    emulator,
    clock,
    idOf,
    graphOf,
    ledgerOf,
    requestDeps,
    requestDesk: (who) => createRequestDesk(requestDeps(who)),
    triageDesk: (who) => createTriageDesk(requestDeps(who)),
    reviewDesk,
    delegationDesk,
    listIds,
    reviewMailsOf,
    paneMail,
  };
}

export const stepIds = (): StepIds => ({
  eventId: crypto.randomUUID(),
  textId: crypto.randomUUID(),
});

export const writeIds = (): Required<WriteIds> => ({
  requestId: crypto.randomUUID(),
  eventId: crypto.randomUUID(),
  textId: crypto.randomUUID(),
});

/** A person as a request names them (the display name is the client's copy). */
export function ref(world: SecurityWorld, who: Who, displayName: string) {
  return { id: world.idOf(who), displayName };
}

export function extendedAccessFor(world: SecurityWorld, who: Who, name: string): TextRequestInput {
  return {
    kind: 'extended-access',
    subject: ref(world, who, name),
    base: 'bodo',
    administrativeUnit: secrets.ordersUnit,
    grading: 'personalsak',
    right: 'read',
    startDate: '2026-12-01',
  };
}

/** Moves the clock a little, as people take their time between steps. */
function later(world: SecurityWorld, minutes = 7): void {
  world.clock.advance(minutes * 60_000);
}

/** Submits an R8 request through the desk and has the leader confirm it from the mail. */
export async function confirmedR8(
  world: SecurityWorld,
  subject: Who,
  subjectName: string,
  leader: Who,
): Promise<string> {
  const ids = writeIds();
  const submitted = await world
    .requestDesk(subject)
    .submitWithJustification(
      extendedAccessFor(world, subject, subjectName),
      secrets.r8Justification,
      ids,
    );
  expect(submitted.waitingMailSent).toBe(true);
  later(world);
  await world
    .requestDesk(leader)
    .leaderStep(ids.requestId, 'confirm', secrets.leaderConfirmation, stepIds());
  return ids.requestId;
}

/**
 * The record the directory-change, privacy and griefing suites work on, built
 * through the desks as the people would: orders, an R8 request through all its
 * stages, folder requests carried out and rejected, a consultant sent to Atea, a
 * delegate's order, and a closed review campaign with keep, remove and a reply.
 */
export async function buildRecord(world: SecurityWorld): Promise<SecurityRecord> {
  const sigrid = world.triageDesk('sigrid');
  const anders = world.triageDesk('anders');

  // Kari orders a new user for Ola; Sigrid approves and carries it out.
  const order = writeIds();
  await world.requestDesk('kari').submitOrder(
    {
      kind: 'order.new-user',
      subject: ref(world, 'ola', 'Ola Hansen'),
      base: 'bodo',
      administrativeUnit: secrets.ordersUnit,
      roles: ['saksbehandler'],
      accessCodes: ['uo'],
      startDate: '2026-12-01',
      serviceNeed: secrets.serviceNeed,
    },
    order,
  );
  later(world);
  expect(await sigrid.approve(order.requestId, '', stepIds())).toMatchObject({
    outcome: 'recorded',
    status: 'approved',
  });
  later(world);
  expect(
    await sigrid.recordCarriedOut(
      order.requestId,
      { elementsReference: '2026/9001-1', carriedOutOn: '2026-11-28' },
      { eventId: crypto.randomUUID() },
    ),
  ).toMatchObject({ outcome: 'recorded', status: 'carried-out' });

  // Ola's R8 request: Kari confirms from his mail, Hilde approves, Sigrid approves and carries out.
  later(world);
  const r8 = await confirmedR8(world, 'ola', 'Ola Hansen', 'kari');
  later(world);
  await world.requestDesk('hilde').arkivlederStep(r8, 'approve', '', stepIds());
  later(world);
  expect(
    await sigrid.approve(r8, 'Godkjent etter arkivleders vurdering.', stepIds()),
  ).toMatchObject({ outcome: 'recorded', status: 'approved' });
  later(world);
  expect(
    await sigrid.recordCarriedOut(
      r8,
      { elementsReference: '2026/9002-1', carriedOutOn: '2026-11-28', grantedRight: 'read' },
      { eventId: crypto.randomUUID() },
    ),
  ).toMatchObject({ outcome: 'recorded', status: 'carried-out' });

  // Ola's folder request, approved and carried out.
  later(world);
  const folder = writeIds();
  await world.requestDesk('ola').submitWithJustification(
    {
      kind: 'folder-access',
      subject: ref(world, 'ola', 'Ola Hansen'),
      base: 'bodo',
      caseNumber: secrets.folderCase,
      grading: 'elevsak',
      right: 'write',
      scope: 'folder',
    },
    secrets.folderJustification,
    folder,
  );
  later(world);
  await sigrid.approve(folder.requestId, '', stepIds());
  later(world);
  expect(
    await sigrid.recordCarriedOut(
      folder.requestId,
      {
        elementsReference: '2026/9003-1',
        carriedOutOn: '2026-11-28',
        grantedRight: 'write',
        scope: 'folder',
      },
      { eventId: crypto.randomUUID() },
    ),
  ).toMatchObject({ outcome: 'recorded', status: 'carried-out' });

  // Lise's folder request, rejected by Anders with a reason.
  later(world);
  const rejected = writeIds();
  await world.requestDesk('lise').submitWithJustification(
    {
      kind: 'folder-access',
      subject: ref(world, 'lise', 'Lise Olsen'),
      base: 'bodo',
      caseNumber: secrets.rejectedCase,
      grading: 'personalsak',
      right: 'read',
      scope: 'folder',
    },
    secrets.rejectedJustification,
    rejected,
  );
  later(world);
  expect(await anders.reject(rejected.requestId, secrets.rejectReason, stepIds())).toMatchObject({
    outcome: 'recorded',
    status: 'rejected',
  });

  // Kari's external consultant: approved (the order goes to Atea with it) and carried out.
  later(world);
  const consultant = writeIds();
  await world.requestDesk('kari').submitOrder(
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
      administrativeUnit: secrets.ordersUnit,
      roles: ['saksbehandler'],
      accessCodes: ['e'],
      serviceNeed: secrets.serviceNeed,
    },
    consultant,
  );
  later(world);
  const approvedConsultant = await sigrid.approve(consultant.requestId, '', stepIds());
  expect(approvedConsultant).toMatchObject({ outcome: 'recorded', status: 'approved' });
  if (approvedConsultant.outcome !== 'recorded') throw new Error('not recorded');
  expect(approvedConsultant.notified.atea).toEqual({
    requestId: consultant.requestId,
    alreadySent: false,
  });
  later(world);
  expect(
    await sigrid.recordCarriedOut(
      consultant.requestId,
      { elementsReference: '2026/9004-1', carriedOutOn: '2026-11-28' },
      { eventId: crypto.randomUUID() },
    ),
  ).toMatchObject({ outcome: 'recorded', status: 'carried-out' });

  // Marit lets Ingrid order for Kari's staff; Ingrid orders for Ola; Sigrid approves.
  later(world);
  const delegation = { streamId: crypto.randomUUID(), eventId: crypto.randomUUID() };
  await world.delegationDesk('marit').grant(
    {
      leaderId: world.idOf('kari'),
      delegateId: world.idOf('ingrid'),
      validFrom: '2026-11-01',
    },
    delegation,
  );
  later(world);
  const delegated = writeIds();
  await world.requestDesk('ingrid').submitOrder(
    {
      kind: 'order.change',
      subject: ref(world, 'ola', 'Ola Hansen'),
      base: 'bodo',
      administrativeUnit: secrets.ordersUnit,
      roles: ['saksbehandler'],
      accessCodes: ['uo'],
      startDate: '2026-12-01',
      serviceNeed: secrets.serviceNeed,
    },
    delegated,
  );
  later(world);
  expect(await sigrid.approve(delegated.requestId, '', stepIds())).toMatchObject({
    outcome: 'recorded',
    status: 'approved',
  });

  const campaign = await closedCampaign(world);
  return {
    order: order.requestId,
    r8,
    folder: folder.requestId,
    rejected: rejected.requestId,
    consultant: consultant.requestId,
    delegated: delegated.requestId,
    delegation: delegation.streamId,
    campaign,
  };
}

export function reviewLines(): LineInput[] {
  const line = (who: Who, subUnit: string, name: string): LineInput => ({
    lineId: crypto.randomUUID(),
    name,
    email: upn[who],
    subUnit,
    right: 'send',
  });
  return [
    line('ola', secrets.reviewSubUnitA, 'Ola Hansen'),
    line('ola', secrets.reviewSubUnitB, 'Ola Hansen'),
    line('lise', secrets.reviewSubUnitLise, 'Lise Olsen'),
    line('ingrid', secrets.reviewSubUnitA, 'Ingrid Berg'),
  ];
}

/** Sigrid creates a SvarUt campaign of {@link reviewLines} and mails it; returns its id. */
export async function sentCampaign(world: SecurityWorld): Promise<string> {
  const desk = world.reviewDesk('sigrid');
  const { resolved, unknown } = await desk.resolveLines(reviewLines(), campaignDefinition);
  expect(unknown).toEqual([]);
  const campaignId = crypto.randomUUID();
  await desk.createCampaign({ definition: campaignDefinition, lines: resolved }, { campaignId });
  const sent = await desk.send(campaignId, 'review');
  expect(sent).toMatchObject({ total: 3, sent: 3, done: true });
  return campaignId;
}

/** A person answers every line of their review mail in the task pane. */
export async function answerInPane(
  world: SecurityWorld,
  who: Who,
  campaignId: string,
  decide: (subUnit: string) => 'keep' | 'remove',
): Promise<void> {
  const [mail] = await world.reviewMailsOf(who);
  if (mail === undefined) throw new Error(`${who} has no review mail`);
  const pane = await world.paneMail(who, mail.id);
  const desk = world.reviewDesk(who);
  const mine = await desk.myReview(reviewMailReferenceSchema.parse(mail.reference), pane);
  if (mine.kind !== 'mine') throw new Error(`expected ${who}'s own review, got ${mine.kind}`);
  await desk.answer(
    campaignId,
    mine.lines.map((entry) => {
      const decision = decide(entry.line.subUnit);
      return {
        lineId: entry.line.lineId,
        decision,
        ...(decision === 'remove' ? { comment: secrets.reviewComment } : {}),
      };
    }),
    'task-pane',
    { eventId: crypto.randomUUID() },
    pane,
  );
}

async function closedCampaign(world: SecurityWorld): Promise<string> {
  later(world);
  const campaignId = await sentCampaign(world);
  later(world, 60);
  await answerInPane(world, 'ola', campaignId, (subUnit) =>
    subUnit === secrets.reviewSubUnitA ? 'keep' : 'remove',
  );
  await answerInPane(world, 'ingrid', campaignId, () => 'keep');
  const [liseMail] = await world.reviewMailsOf('lise');
  if (liseMail === undefined) throw new Error('Lise has no review mail');
  await createGraphMailbox(world.graphOf('lise')).reply(liseMail.id, 'NEI\n\nTrenger den ikke.');
  later(world, 60);
  const sigrid = world.reviewDesk('sigrid');
  expect((await sigrid.readReplies(campaignId)).recorded).toBe(1);
  const detail = await sigrid.getCampaign(campaignId);
  expect(detail.view.removalList).toHaveLength(2);
  const olaRemoval = detail.view.removalList.find(
    (line) => line.line.person.id === world.idOf('ola'),
  );
  if (olaRemoval === undefined) throw new Error('no removal for Ola');
  await sigrid.confirmRemoval(
    campaignId,
    { lineId: olaRemoval.line.lineId, where: 'ks-fiks', reference: 'Fjernet i KS Fiks 28.11' },
    { eventId: crypto.randomUUID() },
  );
  later(world);
  await sigrid.closeCampaign(
    campaignId,
    { reportReference: '2026/900-4' },
    { eventId: crypto.randomUUID() },
  );
  expect((await sigrid.getCampaign(campaignId)).view.status).toBe('closed');
  return campaignId;
}
