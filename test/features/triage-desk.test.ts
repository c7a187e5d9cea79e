// @vitest-environment node
/**
 * The triage desk end to end, in-process: our Graph adapters against a
 * provisioned emulator that enforces the site's permissions, stamps authors
 * from the token and delivers mail. Nothing of ours is mocked.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { demoGroupIds, demoPersonIds } from '../../emulator/directory-data.ts';
import {
  DOKUMENTSENTERET_TEAM_ID,
  TRIAGE_CHANNEL_EMAIL,
  TRIAGE_CHANNEL_ID,
} from '../../emulator/emulator-config.ts';
import { toEnvelope } from '../../src/domain/events.ts';
import type { FolderAccessRequest } from '../../src/domain/requests.ts';
import { createRequestDesk } from '../../src/features/requests/create-request-desk.ts';
import { RequestRefused } from '../../src/features/requests/request-desk.ts';
import { createTriageDesk } from '../../src/features/triage/create-triage-desk.ts';
import { queueCsv, recordHtml } from '../../src/features/triage/exports.ts';
import type { StepIds } from '../../src/features/triage/triage-desk.ts';
import { createGraphChannelNotifier } from '../../src/m365/channel-notifier.ts';
import { createGraphDirectory } from '../../src/m365/directory.ts';
import type { FetchLike } from '../../src/m365/http-pipeline.ts';
import { createGraphLedger } from '../../src/m365/ledger.ts';
import { findMailReference } from '../../src/m365/mail-reference.ts';
import { createGraphMailer } from '../../src/m365/mailer.ts';
import {
  countingFetch,
  graphAs,
  provisionedEmulator,
  SITE_URL,
  type Emulator,
} from '../m365/emulator-kit.ts';

const upn = {
  kari: 'kari.nordmann@bodo.example',
  ola: 'ola.hansen@bodo.example',
  lise: 'lise.olsen@bodo.example',
  sigrid: 'sigrid.lund@bodo.example',
  anders: 'anders.moe@bodo.example',
} as const;
type Who = keyof typeof upn;

const requestLink = (requestId: string) =>
  `https://tilgang.bodo.example/index.html?request=${encodeURIComponent(requestId)}`;
const JUSTIFICATION =
  'Jeg er kontaktlærer for eleven og skal skrive inn referater fra møter med foresatte.';

let emulator: Emulator;

beforeEach(async () => {
  emulator = await provisionedEmulator();
});

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
    ateaOrderAddress: 'bestilling@atea.example',
    links: { request: requestLink },
  };
}

const triageAs = (who: Who, options: { fetch?: FetchLike } = {}) =>
  createTriageDesk(deps(who, options));

const ids = (): StepIds => ({ eventId: crypto.randomUUID(), textId: crypto.randomUUID() });

type FolderInput = Omit<FolderAccessRequest, 'justificationTextId'>;

function folderFor(
  who: 'ola' | 'lise' | 'sigrid',
  changes: Partial<FolderInput> = {},
): FolderInput {
  const subject = {
    ola: { id: demoPersonIds.olaHansen, displayName: 'Ola Hansen' },
    lise: { id: demoPersonIds.liseOlsen, displayName: 'Lise Olsen' },
    sigrid: { id: demoPersonIds.sigridLund, displayName: 'Sigrid Lund' },
  }[who];
  return {
    kind: 'folder-access',
    subject,
    base: 'bodo',
    caseNumber: '2026/1234',
    grading: 'elevsak',
    right: 'write',
    scope: 'folder',
    ...changes,
  };
}

async function submitFolder(
  who: 'ola' | 'lise' | 'sigrid',
  changes: Partial<FolderInput> = {},
): Promise<string> {
  const requestId = crypto.randomUUID();
  await createRequestDesk(deps(who)).submitWithJustification(
    folderFor(who, changes),
    JUSTIFICATION,
    {
      requestId,
      eventId: crypto.randomUUID(),
      textId: crypto.randomUUID(),
    },
  );
  return requestId;
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

describe('the triage desk', () => {
  it("Ola Hansen's folder request: in Sigrid Lund's queue, approved, carried out with the Elements reference; Ola has the mails", async () => {
    const requestId = await submitFolder('ola');
    const sigrid = triageAs('sigrid');

    const page = await sigrid.queue();
    expect(page.rows.map((row) => row.requestId)).toEqual([requestId]);
    expect(page.rows[0]).toMatchObject({
      status: 'submitted',
      kind: 'folder-access',
      requesterName: 'Ola Hansen',
      caseNumber: '2026/1234',
    });
    expect(page.counts.submitted).toBe(1);

    const detail = await sigrid.detail(requestId);
    expect(detail.texts.map((text) => text.body)).toEqual([JUSTIFICATION]);
    expect(detail.actions).toMatchObject({ approve: true, reject: true, recordCarriedOut: false });
    expect(detail.checks.subjectManager?.displayName).toBe('Kari Nordmann');
    expect(detail.checks.ordererStanding).toBe('not-applicable');

    const approveIds = ids();
    const approved = await sigrid.approve(requestId, '', approveIds);
    expect(approved).toMatchObject({ outcome: 'recorded', status: 'approved' });
    if (approved.outcome !== 'recorded') throw new Error('not recorded');
    expect(approved.notified.mail).toBe(true);
    // The channel reply needs a port the m365 layer does not have yet: skipped, and said so.
    expect(approved.notified.channel).toBeNull();
    // The same ids again: one event, no second mail.
    expect(await sigrid.approve(requestId, '', approveIds)).toEqual(approved);

    // R6, R7, R9: the reference is required and well-formed; the grant no wider than asked.
    const carryIds = { eventId: crypto.randomUUID() };
    const bad = await refusal(
      sigrid.recordCarriedOut(
        requestId,
        { elementsReference: 'sak 12', carriedOutOn: '2026-12-02', grantedRight: 'write' },
        carryIds,
      ),
    );
    expect(bad.reasons.map((reason) => reason.key)).toEqual([
      'rule.r9.referenceFormat',
      'rule.r7.folderOnly',
    ]);
    const done = await sigrid.recordCarriedOut(
      requestId,
      {
        elementsReference: '2026/1234-7',
        carriedOutOn: '2026-12-02',
        grantedRight: 'write',
        scope: 'folder',
      },
      carryIds,
    );
    expect(done).toMatchObject({ outcome: 'recorded', status: 'carried-out' });

    const olaSees = await createRequestDesk(deps('ola')).getRequest(requestId);
    expect(olaSees.view.status).toBe('carried-out');
    expect(olaSees.view.carriedOut).toMatchObject({
      elementsReference: '2026/1234-7',
      carriedOutOn: '2026-12-02',
      grantedRight: 'write',
    });
    const mails = await inbox('ola');
    const steps = mails.map((mail) => findMailReference(mail.internetMessageHeaders ?? []));
    expect(steps).toEqual(
      expect.arrayContaining([
        { kind: 'request-step', requestId, step: 'approved' },
        { kind: 'request-step', requestId, step: 'carried-out' },
      ]),
    );
    expect(steps.filter((step) => step?.['step'] === 'approved')).toHaveLength(1);
    const doneMail = mails.find((mail) => mail.body.content.includes('2026/1234-7'));
    expect(doneMail?.body.content).toContain('Utført');
    expect(doneMail?.body.content).toContain(requestLink(requestId).replace(/&/g, '&amp;'));

    // Carried out is final: out of the default queue, in the carried-out filter.
    expect((await sigrid.queue()).rows).toEqual([]);
    const finished = await sigrid.queue({ status: 'carried-out' });
    expect(finished.rows.map((row) => row.requestId)).toEqual([requestId]);
  });

  it("Lise Olsen's request is rejected with a reason (required), escaped in her mail", async () => {
    const requestId = await submitFolder('lise', { base: 'bodo', caseNumber: '2025/88' });
    const sigrid = triageAs('sigrid');
    const empty = await refusal(sigrid.reject(requestId, '   ', ids()));
    expect(empty.reasons).toEqual([{ key: 'validation.required', field: 'reason' }]);

    const reason = 'Saken er avsluttet <b>og</b> arkivert; ta kontakt med arkivet.';
    const rejected = await sigrid.reject(requestId, reason, ids());
    expect(rejected).toMatchObject({ outcome: 'recorded', status: 'rejected' });
    const [mail] = await inbox('lise');
    expect(mail?.body.content).toContain('Saken er avsluttet &lt;b&gt;og&lt;/b&gt; arkivert');
    expect(mail?.body.content).not.toContain('<b>og</b>');
    expect(mail?.subject).toContain('avslått');
    // Afterwards nobody can approve it; Anders hears who rejected it.
    const late = await triageAs('anders').approve(requestId, '', ids());
    expect(late).toMatchObject({
      outcome: 'already-decided',
      what: 'rejected',
      by: { id: demoPersonIds.sigridLund },
    });
  });

  it('Sigrid Lund and Anders Moe decide at once: exactly one counts, the other is told who decided', async () => {
    const requestId = await submitFolder('ola');
    const [bySigrid, byAnders] = await Promise.all([
      triageAs('sigrid').approve(requestId, '', ids()),
      triageAs('anders').reject(requestId, 'Ikke tjenstlig behov for denne mappen.', ids()),
    ]);
    const outcomes = [bySigrid, byAnders];
    expect(outcomes.filter((outcome) => outcome.outcome === 'recorded')).toHaveLength(1);
    const loser = outcomes.find((outcome) => outcome.outcome === 'already-decided');
    const winner = outcomes.find((outcome) => outcome.outcome === 'recorded');
    if (loser?.outcome !== 'already-decided' || winner === undefined) {
      throw new Error('expected one recorded and one already decided');
    }
    const view = (await triageAs('sigrid').detail(requestId)).view;
    expect(view.decision).not.toBeNull();
    expect(loser.by?.id).toBe(view.decision?.by.id);
    expect(loser.what).toBe(view.decision?.outcome);
    expect(winner.status).toBe(view.status);
  });

  it('Sigrid Lund cannot decide a request she made herself; Anders Moe can', async () => {
    const requestId = await submitFolder('sigrid', { grading: 'personalsak', right: 'read' });
    const sigrid = triageAs('sigrid');
    expect((await sigrid.detail(requestId)).actions.approve).toBe(false);
    const own = await refusal(sigrid.approve(requestId, '', ids()));
    expect(own.reasons).toEqual([{ key: 'rule.r3.ownRequest' }]);
    // Kari is not systemansvarlig: she cannot even read Sigrid's request (decision 014).
    await expect(triageAs('kari').approve(requestId, '', ids())).rejects.toMatchObject({
      kind: 'not-found',
    });
    expect(await triageAs('anders').approve(requestId, '', ids())).toMatchObject({
      outcome: 'recorded',
      status: 'approved',
    });
  });

  it('asks Ola for more information; his answer returns the request to the queue', async () => {
    const requestId = await submitFolder('ola');
    const sigrid = triageAs('sigrid');
    const asked = await sigrid.askForInformation(
      requestId,
      'Hvilken elev gjelder det, og hvor lenge?',
      ids(),
    );
    expect(asked).toMatchObject({ outcome: 'recorded', status: 'needs-information' });
    const [mail] = await inbox('ola');
    expect(mail?.body.content).toContain('Hvilken elev gjelder det');
    expect((await sigrid.queue({ status: 'needs-information' })).total).toBe(1);
    // A second question meanwhile is not a second step.
    expect(
      await triageAs('anders').askForInformation(requestId, 'Og hvorfor?', ids()),
    ).toMatchObject({
      outcome: 'already-decided',
      what: 'information-requested',
      by: { id: demoPersonIds.sigridLund },
    });

    await createRequestDesk(deps('ola')).provideInformation(
      requestId,
      'Eleven i 7B, ut skoleåret.',
      ids(),
    );
    const page = await sigrid.queue({ refresh: true, status: 'awaiting-systemansvarlig' });
    expect(page.rows.map((row) => row.requestId)).toEqual([requestId]);
    const detail = await sigrid.detail(requestId);
    expect(detail.texts.map((text) => text.purpose).sort()).toEqual([
      'information',
      'information',
      'justification',
    ]);
  });

  it('filters by status, base, kind, grading and age; searches names and case numbers; pages', async () => {
    const olaFirst = await submitFolder('ola', { caseNumber: '2026/1' });
    const olaSecond = await submitFolder('ola', { caseNumber: '2026/2', grading: 'barnesak' });
    const lise = await submitFolder('lise', { caseNumber: '2025/77', base: 'bodo' });
    const sigrid = triageAs('sigrid');

    expect((await sigrid.queue()).total).toBe(3);
    expect((await sigrid.queue({ grading: 'barnesak' })).rows.map((row) => row.requestId)).toEqual([
      olaSecond,
    ]);
    expect((await sigrid.queue({ kind: 'order.new-user' })).total).toBe(0);
    expect((await sigrid.queue({ base: 'bodo' })).total).toBe(3);
    expect((await sigrid.queue({ olderThanDays: 2 })).total).toBe(0);
    expect((await sigrid.queue({ search: 'lise' })).rows.map((row) => row.requestId)).toEqual([
      lise,
    ]);
    expect((await sigrid.queue({ search: '2026 / 1' })).rows.map((row) => row.requestId)).toEqual([
      olaFirst,
    ]);

    const first = await sigrid.queue({ pageSize: 2, sort: 'oldest' });
    expect(first.rows).toHaveLength(2);
    expect(first.cursor).toBeDefined();
    const second = await sigrid.queue({ pageSize: 2, sort: 'oldest', cursor: first.cursor });
    expect(second.rows).toHaveLength(1);
    expect(second.cursor).toBeUndefined();
    const paged = [...first.rows, ...second.rows];
    expect(new Set(paged.map((row) => row.requestId))).toEqual(
      new Set([olaFirst, olaSecond, lise]),
    );
    // Oldest first (requests stored in the same second fall back to their id).
    const times = paged.map((row) => row.submittedAt ?? '');
    expect(times).toEqual([...times].sort());

    await sigrid.reject(lise, 'Ikke behov.', ids());
    const counted = await sigrid.queue({ status: ['submitted', 'rejected'] });
    expect(counted.counts).toMatchObject({ submitted: 2, rejected: 1 });
    expect(counted.total).toBe(3);
  });

  it('loads the queue without a round trip per request', async () => {
    const ledger = createGraphLedger(graphAs(emulator, upn.ola), { site: SITE_URL });
    const submit = (count: number) =>
      ledger.appendMany(
        Array.from({ length: count }, (_, index) =>
          toEnvelope(
            {
              type: 'request.submitted',
              payload: {
                request: {
                  ...folderFor('ola', { caseNumber: `2026/${index + 10}` }),
                  justificationTextId: crypto.randomUUID(),
                },
              },
            },
            { eventId: crypto.randomUUID(), streamId: crypto.randomUUID(), occurredAt: new Date() },
          ),
        ),
      );
    const roundTrips = async () => {
      const { fetch, counter } = countingFetch(emulator);
      const page = await triageAs('sigrid', { fetch }).queue({ pageSize: 10 });
      return { calls: counter.calls, total: page.total };
    };
    await submit(3);
    const few = await roundTrips();
    await submit(60);
    const many = await roundTrips();
    expect(few.total).toBe(3);
    expect(many.total).toBe(63);
    expect(many.calls).toBe(few.calls);
    expect(many.calls).toBeLessThan(15);
  });
});

describe('exports', () => {
  it('escapes formula cells and quotes in the CSV of the queue', async () => {
    const requestId = await submitFolder('ola');
    const [row] = await triageAs('sigrid').queueRows();
    if (row === undefined) throw new Error('no row');
    const csv = queueCsv([
      row,
      {
        ...row,
        subjectName: '=HYPERLINK("https://evil.example","klikk")',
        requesterName: '@SUM(1)',
      },
      { ...row, subjectName: '-2+3', requesterName: '\tTab' },
    ]);
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe('');
    expect(lines[1]).toContain(`"${requestId}"`);
    expect(lines[2]).toContain('"\'=HYPERLINK(""https://evil.example"",""klikk"")"');
    expect(lines[2]).toContain('"\'@SUM(1)"');
    expect(lines[3]).toContain('"\'-2+3"');
    expect(lines[3]).toContain('"\'\tTab"');
    expect(csv).not.toMatch(/(^|,)"?=/m);
  });

  it('prints the record: every event with author and time, the decision and the reference, escaped, no scripts', async () => {
    const requestId = await submitFolder('ola');
    const sigrid = triageAs('sigrid');
    await sigrid.askForInformation(requestId, 'Gjelder det <script>alert(1)</script>?', ids());
    await createRequestDesk(deps('ola')).provideInformation(
      requestId,
      'Ja, "eleven" & foresatte <img src=x onerror=alert(1)>',
      ids(),
    );
    await sigrid.approve(requestId, '', ids());
    await sigrid.recordCarriedOut(
      requestId,
      {
        elementsReference: '2026/1234-9',
        carriedOutOn: '2026-12-03',
        grantedRight: 'read',
        scope: 'folder',
      },
      { eventId: crypto.randomUUID() },
    );
    const page = recordHtml(await sigrid.detail(requestId));
    expect(page).not.toContain('<script');
    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('&quot;eleven&quot; &amp; foresatte &lt;img');
    expect(page).toContain('2026/1234-9');
    expect(page).toContain('Sigrid Lund');
    expect(page).toContain('Ola Hansen');
    for (const label of ['Sendt inn', 'Ba om mer informasjon', 'Godkjent', 'Utført i Elements']) {
      expect(page).toContain(label);
    }
    expect(page).toContain("default-src 'none'");
  });
});
