/**
 * tsx bench/review-bench.ts: a 1,000-person review campaign against the
 * in-process emulator, with Exchange's pace (30 messages a minute per
 * mailbox) enforced by the emulator on a simulated clock, so half an hour of
 * sending takes seconds. Prints, per scenario: Graph requests used, duplicate
 * e-mails (must be 0), and the sending time as a ratio to the limit's
 * N / 30 minutes (exactly: N mails need N - 1 gaps of 2 s).
 *
 * Scenarios: a clean run (Exchange's default delays: Sent Items and Inbox
 * copies seconds after the 202); a run with faults on a tenth of the sends
 * (503, or the answer lost after Exchange accepted the mail) that is also cut
 * off half-way and resumed; and "late Sent Items" (issue 13): the copies come
 * 2 to 10 minutes after the 202, a tenth of the answers are lost after
 * acceptance, and the run is cut off half-way and resumed a minute later.
 * BENCH_PEOPLE=<n> changes the count.
 *
 * The ratio is the sending time (the first send to Exchange's release of the
 * last one, from the emulator's sent log) over N - 1 gaps of 2 s; "done"
 * also counts the run's wait for the last confirmations (lost answers are
 * looked for again 2 minutes later, decision 012).
 */
import {
  demoDirectory,
  demoGroupIds,
  demoPersonIds,
  type DirectoryData,
  type DirectoryPerson,
} from '../emulator/directory-data.ts';
import { DEMO_TENANT_ID } from '../emulator/emulator-config.ts';
import { createManualClock } from '../emulator/emulator-clock.ts';
import { createGraphEmulator } from '../emulator/graph-emulator.ts';
import type { MailLimitsInput } from '../emulator/mail-limits.ts';
import { buildPlan } from '../scripts/lib/provision-plan.ts';
import { provision } from '../scripts/lib/provision-run.ts';
import { createReviewDesk, type RunIdStore } from '../src/features/reviews/create-review-desk.ts';
import type { LineInput } from '../src/features/reviews/review-desk.ts';
import { createGraphCampaignMailbox } from '../src/m365/campaign-mailbox.ts';
import { createGraphClient } from '../src/m365/graph-client.ts';
import { createGraphDirectory } from '../src/m365/directory.ts';
import { createGraphLedger } from '../src/m365/ledger.ts';
import { createGraphMailer } from '../src/m365/mailer.ts';
import { createGraphMailbox } from '../src/m365/mailbox.ts';
import { base64ToUtf8Text } from '../src/m365/base64.ts';
import { createRetryPolicy } from '../src/m365/retry-policy.ts';

const GRAPH_ROOT = 'https://graph.emulator.test/graph';
const SITE_URL = 'https://bodokommune.sharepoint.example/sites/dokumentsenteret';
const PEOPLE = Number(process.env['BENCH_PEOPLE'] ?? 1_000);
const PER_MINUTE = 30;

/** The demo directory and `count` staff members more, each with a SvarUt line to review. */
function directoryWith(count: number): { directory: DirectoryData; staff: DirectoryPerson[] } {
  const staff = Array.from({ length: count }, (_, index): DirectoryPerson => {
    const number = String(index + 1).padStart(4, '0');
    const hex = (index + 1).toString(16).padStart(12, '0');
    return {
      id: `00000000-0000-4000-8000-${hex}`,
      givenName: 'Ansatt',
      surname: number,
      displayName: `Ansatt ${number}`,
      jobTitle: 'Konsulent',
      department: 'Skolekontoret',
      officeLocation: 'Bodø rådhus',
      mail: `ansatt.${number}@bodo.example`,
      userPrincipalName: `ansatt.${number}@bodo.example`,
      managerId: demoPersonIds.kariNordmann,
    };
  });
  return {
    directory: { people: [...demoDirectory.people, ...staff], groups: demoDirectory.groups },
    staff,
  };
}

interface Scenario {
  readonly name: string;
  /** Faults on sendMail calls (rate 0..1). */
  readonly faultRate: number;
  /** Faults on sendMail: which kinds. */
  readonly faultKinds: readonly ('503' | 'drop-after-write')[];
  /** Stop the run after this many sent, then resume (after `resumeAfterMs`). */
  readonly cutOffAt: number | null;
  readonly resumeAfterMs: number;
  /** Exchange's timing (default: the emulator's, copies seconds after the 202). */
  readonly delivery: MailLimitsInput;
}

interface Result {
  readonly scenario: string;
  readonly people: number;
  readonly sent: number;
  readonly duplicates: number;
  readonly requests: Record<string, number>;
  readonly sendingMinutes: number;
  /** Until the run returned (confirmations included). */
  readonly doneMinutes: number;
  readonly unconfirmed: number;
  readonly ratio: number;
  readonly realSeconds: number;
  readonly faults: number;
  /** The task pane's reading of one person's review in the sent campaign: ms and Graph calls. */
  readonly pane: { readonly ms: number; readonly calls: number };
}

function kindOf(method: string, url: string): string {
  if (url.includes('/sendMail')) return 'sendMail';
  if (url.includes('/mailFolders/sentitems')) return 'sentItems';
  if (url.includes('/mailFolders/drafts') || /\/messages\?/.test(url)) return 'mailbox';
  if (url.endsWith('/$batch')) return 'batch';
  if (url.includes('/lists/')) return method === 'GET' ? 'ledgerRead' : 'ledgerWrite';
  return 'other';
}

async function run(scenario: Scenario): Promise<Result> {
  const clock = createManualClock('2026-11-28T07:00:00Z');
  const { directory, staff } = directoryWith(PEOPLE);
  const emulator = createGraphEmulator({
    now: clock.now,
    directory,
    mailLimits: { messagesPerMinute: PER_MINUTE, ...scenario.delivery },
  });
  const owner = {
    getAccessToken: (scopes: readonly string[]) =>
      emulator.issueToken(demoPersonIds.hakonOdegard, { scopes }),
  };
  await provision(
    buildPlan({
      siteUrl: SITE_URL,
      tenantId: DEMO_TENANT_ID,
      groups: {
        systemansvarlig: demoGroupIds.systemansvarlig,
        arkivleder: demoGroupIds.arkivleder,
      },
    }),
    {
      fetch: (request) => emulator.handle(request),
      graphRoot: GRAPH_ROOT,
      graphToken: owner,
      sharePointToken: owner,
      retry: { sleep: () => Promise.resolve() },
    },
  );

  const counts: Record<string, number> = {};
  let counting = false;
  const sleep = async (ms: number, signal?: AbortSignal) => {
    signal?.throwIfAborted();
    clock.advance(ms);
    await Promise.resolve();
  };
  const graph = createGraphClient(
    {
      getAccessToken: (scopes: readonly string[]) =>
        emulator.issueToken(demoPersonIds.sigridLund, { scopes }),
    },
    GRAPH_ROOT,
    {
      fetch: (request) => emulator.handle(request),
      retry: createRetryPolicy({ sleep, now: () => clock.now().getTime() }),
      observe: (method, url) => {
        if (!counting) return;
        const kind = kindOf(method, url);
        counts[kind] = (counts[kind] ?? 0) + 1;
      },
    },
  );
  const directoryPort = createGraphDirectory(graph);
  const runIds = new Map<string, string>();
  const store: RunIdStore = {
    get: (key) => runIds.get(key) ?? null,
    set: (key, value) => void runIds.set(key, value),
  };
  const desk = createReviewDesk({
    ledger: createGraphLedger(graph, { site: SITE_URL }),
    directory: directoryPort,
    mailer: createGraphMailer(graph, { retryThrottled: false }),
    campaignMailbox: createGraphCampaignMailbox(graph),
    me: async () => {
      const me = await directoryPort.getPerson(demoPersonIds.sigridLund);
      if (me === null) throw new Error('Sigrid Lund is not in the directory');
      return me;
    },
    groups: { systemansvarlig: demoGroupIds.systemansvarlig, arkivleder: demoGroupIds.arkivleder },
    now: clock.now,
    sleep,
    perMinute: PER_MINUTE,
    runIds: store,
  });

  const lines: LineInput[] = staff.map((person) => ({
    lineId: crypto.randomUUID(),
    name: person.displayName,
    email: person.mail,
    subUnit: 'Bodø kommune - Skolekontoret',
    right: 'send',
  }));
  const { resolved } = await desk.resolveLines(lines, { target: 'svarut', base: 'bodo' });
  const campaignId = crypto.randomUUID();
  await desk.createCampaign(
    {
      definition: {
        kind: 'quarterly-module',
        target: 'svarut',
        base: 'bodo',
        deadline: '2026-12-31',
        reminderEveryDays: 7,
      },
      lines: resolved,
    },
    { campaignId },
  );

  if (scenario.faultRate > 0) {
    emulator.faults.configure({
      rate: scenario.faultRate,
      kinds: [...scenario.faultKinds],
      methods: ['POST'],
      pathPattern: 'sendMail$',
      seed: 7,
    });
  }
  counting = true;
  const startedAt = clock.now().getTime();
  const realStart = performance.now();
  if (scenario.cutOffAt !== null) {
    const cutOff = scenario.cutOffAt;
    const controller = new AbortController();
    await desk
      .send(campaignId, 'review', {
        signal: controller.signal,
        onProgress: (progress) => {
          if (progress.sent >= cutOff) controller.abort(new Error('cut off'));
        },
      })
      .catch((error: unknown) => {
        if (!(error instanceof Error) || error.message !== 'cut off') throw error;
      });
    clock.advance(scenario.resumeAfterMs);
  }
  const result = await desk.send(campaignId, 'review');
  const doneMs = clock.now().getTime() - startedAt;
  const lastRelease = Math.max(
    ...emulator.sentMail().map((mail) => Date.parse(mail.releasedAt ?? mail.submittedAt)),
  );
  const sendingMs = lastRelease - startedAt;
  const realSeconds = (performance.now() - realStart) / 1000;
  counting = false;

  // Someone under review opens the pane: their lines and answers, read from the whole campaign.
  emulator.faults.clear();
  const person = staff[0];
  if (person === undefined) throw new Error('No staff');
  let paneCalls = 0;
  const personGraph = createGraphClient(
    { getAccessToken: (scopes: readonly string[]) => emulator.issueToken(person.id, { scopes }) },
    GRAPH_ROOT,
    {
      fetch: (request) => emulator.handle(request),
      observe: () => {
        paneCalls += 1;
      },
    },
  );
  const personDirectory = createGraphDirectory(personGraph);
  const paneDesk = createReviewDesk({
    ledger: createGraphLedger(personGraph, { site: SITE_URL }),
    directory: personDirectory,
    mailer: createGraphMailer(personGraph),
    campaignMailbox: createGraphCampaignMailbox(personGraph),
    me: () => Promise.resolve({ ...person, jobTitle: person.jobTitle }),
    groups: { systemansvarlig: demoGroupIds.systemansvarlig, arkivleder: demoGroupIds.arkivleder },
    now: clock.now,
  });
  // Outlook hands the pane the open mail's sender and attachment (office.js, no Graph call);
  // here they are read beforehand through Graph, outside the count.
  const readerMailbox = createGraphMailbox(
    createGraphClient(
      { getAccessToken: (scopes: readonly string[]) => emulator.issueToken(person.id, { scopes }) },
      GRAPH_ROOT,
      {
        fetch: (request) => emulator.handle(request),
      },
    ),
  );
  // The review mail reaches the Inbox minutes later in the late scenario: the reader looks again.
  clock.advance(30 * 60_000);
  const [reviewMessage] = await readerMailbox.listInbox({ top: 10 });
  if (reviewMessage === undefined) throw new Error('The person got no review mail');
  const files = await readerMailbox.getFileAttachments(reviewMessage.id);
  const paneMail = {
    from: reviewMessage.from?.address ?? null,
    attachments: files.map((file) => ({
      name: file.name,
      text: base64ToUtf8Text(file.contentBytes),
    })),
  };
  const paneStart = performance.now();
  const mine = await paneDesk.myReview(
    { kind: 'review', campaignId, personId: person.id, round: 'review' },
    paneMail,
  );
  const paneMs = performance.now() - paneStart;
  if (mine.kind !== 'mine' || mine.lines.length !== 1)
    throw new Error('The pane did not find the line');

  const perRecipient = new Map<string, number>();
  for (const mail of emulator.sentMail()) {
    for (const address of mail.recipients) {
      perRecipient.set(address, (perRecipient.get(address) ?? 0) + 1);
    }
  }
  const duplicates = [...perRecipient.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
  const sendingMinutes = sendingMs / 60_000;
  return {
    scenario: scenario.name,
    people: PEOPLE,
    sent: result.sent,
    duplicates,
    requests: counts,
    sendingMinutes,
    doneMinutes: doneMs / 60_000,
    unconfirmed: result.unconfirmed,
    // N mails at the limit need N - 1 gaps of 60 s / 30 = 2 s.
    ratio: sendingMs / (((PEOPLE - 1) * 60_000) / PER_MINUTE),
    realSeconds,
    faults: emulator.faults.counters().total,
    pane: { ms: paneMs, calls: paneCalls },
  };
}

const print = (text: string) => process.stdout.write(`${text}\n`);

const bothFaults = ['503', 'drop-after-write'] as const;
const scenarios: Scenario[] = [
  {
    name: 'clean',
    faultRate: 0,
    faultKinds: bothFaults,
    cutOffAt: null,
    resumeAfterMs: 0,
    delivery: {},
  },
  {
    name: 'faults 10% + cut off half-way',
    faultRate: 0.1,
    faultKinds: bothFaults,
    cutOffAt: Math.floor(PEOPLE / 2),
    resumeAfterMs: 0,
    delivery: {},
  },
  {
    name: 'late Sent Items (2-10 min)',
    faultRate: 0.1,
    faultKinds: ['drop-after-write'],
    cutOffAt: Math.floor(PEOPLE / 2),
    resumeAfterMs: 60_000,
    delivery: {
      sentItemsDelayMs: 2 * 60_000,
      inboxDelayMs: 2 * 60_000,
      jitterMs: 8 * 60_000,
      seed: 13,
    },
  },
];

print(
  `Review campaign: ${PEOPLE} people, Exchange limit ${PER_MINUTE}/min simulated by the emulator`,
);
const rows: Result[] = [];
for (const scenario of scenarios) rows.push(await run(scenario));
const requestKinds = [
  'sendMail',
  'batch',
  'ledgerWrite',
  'ledgerRead',
  'sentItems',
  'mailbox',
  'other',
];
print(
  [
    'scenario'.padEnd(32),
    'sent'.padStart(6),
    'dupl.'.padStart(6),
    'faults'.padStart(7),
    ...requestKinds.map((kind) => kind.padStart(11)),
    'total'.padStart(7),
    'per mail'.padStart(9),
    'minutes'.padStart(8),
    'done'.padStart(6),
    'unconf.'.padStart(8),
    'ratio'.padStart(6),
    'real s'.padStart(7),
  ].join(' '),
);
for (const row of rows) {
  const total = Object.values(row.requests).reduce((sum, n) => sum + n, 0);
  print(
    [
      row.scenario.padEnd(32),
      String(row.sent).padStart(6),
      String(row.duplicates).padStart(6),
      String(row.faults).padStart(7),
      ...requestKinds.map((kind) => String(row.requests[kind] ?? 0).padStart(11)),
      String(total).padStart(7),
      (total / row.people).toFixed(2).padStart(9),
      row.sendingMinutes.toFixed(1).padStart(8),
      row.doneMinutes.toFixed(1).padStart(6),
      String(row.unconfirmed).padStart(8),
      row.ratio.toFixed(3).padStart(6),
      row.realSeconds.toFixed(1).padStart(7),
    ].join(' '),
  );
}
print(
  'ratio = simulated sending time (to the release of the last mail) / the fastest Exchange allows ((people - 1) x 2 s at 30 a minute); 1.000 is the limit. done = minutes until the run returned (confirmations of lost answers included).',
);
for (const row of rows) {
  print(
    `${row.scenario}: the task pane reads one person's review of ${row.people} in ${row.pane.ms.toFixed(0)} ms with ${row.pane.calls} Graph calls (in-process).`,
  );
}
if (rows.some((row) => row.duplicates > 0 || row.sent !== row.people || row.unconfirmed > 0)) {
  console.error('FAILED: duplicates or unsent mail');
  process.exitCode = 1;
}
