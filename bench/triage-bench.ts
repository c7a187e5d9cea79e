/**
 * tsx bench/triage-bench.ts: 5,000 folder requests in the in-process emulator,
 * then systemansvarlig's queue: time to the first page (the whole ledger read
 * and folded), time to apply a filter on the kept rows, and Graph round trips.
 * BENCH_REQUESTS=<n> changes the count; BENCH_RTT_MS=<ms> adds a delay per
 * round trip to model the network. Figures depend on the machine.
 */
import { demoGroupIds, demoPersonIds } from '../emulator/directory-data.ts';
import {
  DEMO_TENANT_ID,
  DOKUMENTSENTERET_TEAM_ID,
  TRIAGE_CHANNEL_EMAIL,
  TRIAGE_CHANNEL_ID,
} from '../emulator/emulator-config.ts';
import { createGraphEmulator } from '../emulator/graph-emulator.ts';
import { buildPlan } from '../scripts/lib/provision-plan.ts';
import { provision } from '../scripts/lib/provision-run.ts';
import { toEnvelope } from '../src/domain/events.ts';
import { createTriageDesk } from '../src/features/triage/create-triage-desk.ts';
import { createGraphChannelNotifier } from '../src/m365/channel-notifier.ts';
import { createGraphClient } from '../src/m365/graph-client.ts';
import { createGraphDirectory } from '../src/m365/directory.ts';
import { createGraphLedger } from '../src/m365/ledger.ts';
import { createGraphMailer } from '../src/m365/mailer.ts';

const GRAPH_ROOT = 'https://graph.emulator.test/graph';
const SITE_URL = 'https://bodokommune.sharepoint.example/sites/dokumentsenteret';
const REQUESTS = Number(process.env['BENCH_REQUESTS'] ?? 5_000);
const RTT_MS = Number(process.env['BENCH_RTT_MS'] ?? 0);
const gradings = ['elevsak', 'barnesak', 'personalsak'] as const;

const delay = (ms: number) =>
  ms <= 0 ? Promise.resolve() : new Promise<void>((resolve) => setTimeout(resolve, ms));

const emulator = createGraphEmulator();
const owner = {
  getAccessToken: (scopes: readonly string[]) =>
    emulator.issueToken(demoPersonIds.hakonOdegard, { scopes }),
};
await provision(
  buildPlan({
    siteUrl: SITE_URL,
    tenantId: DEMO_TENANT_ID,
    groups: { systemansvarlig: demoGroupIds.systemansvarlig, arkivleder: demoGroupIds.arkivleder },
  }),
  {
    fetch: (request) => emulator.handle(request),
    graphRoot: GRAPH_ROOT,
    graphToken: owner,
    sharePointToken: owner,
  },
);

const olaGraph = createGraphClient(
  {
    getAccessToken: (scopes: readonly string[]) =>
      emulator.issueToken(demoPersonIds.olaHansen, { scopes }),
  },
  GRAPH_ROOT,
  { fetch: (request) => emulator.handle(request) },
);
const olaLedger = createGraphLedger(olaGraph, { site: SITE_URL });
const seeded = Date.now();
for (let start = 0; start < REQUESTS; start += 100) {
  const count = Math.min(100, REQUESTS - start);
  await olaLedger.appendMany(
    Array.from({ length: count }, (_, offset) => {
      const index = start + offset;
      return toEnvelope(
        {
          type: 'request.submitted',
          payload: {
            request: {
              kind: 'folder-access',
              subject: { id: demoPersonIds.olaHansen, displayName: 'Ola Hansen' },
              base: 'bodo',
              caseNumber: `2026/${index + 1}`,
              grading: gradings[index % gradings.length] ?? 'elevsak',
              right: index % 2 === 0 ? 'read' : 'write',
              justificationTextId: crypto.randomUUID(),
              scope: 'folder',
            },
          },
        },
        { eventId: crypto.randomUUID(), streamId: crypto.randomUUID(), occurredAt: new Date() },
      );
    }),
  );
}
process.stdout.write(`Seeded ${REQUESTS} requests in ${Date.now() - seeded} ms.\n`);

let roundTrips = 0;
const graph = createGraphClient(
  {
    getAccessToken: (scopes: readonly string[]) =>
      emulator.issueToken(demoPersonIds.sigridLund, { scopes }),
  },
  GRAPH_ROOT,
  {
    fetch: async (request) => {
      roundTrips += 1;
      await delay(RTT_MS);
      return emulator.handle(request);
    },
  },
);
const directory = createGraphDirectory(graph);
const mailer = createGraphMailer(graph);
const desk = createTriageDesk({
  ledger: createGraphLedger(graph, { site: SITE_URL }),
  directory,
  mailer,
  channel: createGraphChannelNotifier(graph, mailer),
  me: async () => {
    const me = await directory.getPerson(demoPersonIds.sigridLund);
    if (me === null) throw new Error('Sigrid Lund is not in the demo directory');
    return me;
  },
  groups: { systemansvarlig: demoGroupIds.systemansvarlig, arkivleder: demoGroupIds.arkivleder },
  triage: {
    teamId: DOKUMENTSENTERET_TEAM_ID,
    channelId: TRIAGE_CHANNEL_ID,
    address: TRIAGE_CHANNEL_EMAIL,
  },
  ateaOrderAddress: 'bestilling@atea.example',
  links: { request: (id) => `https://tilgang.example/?request=${id}` },
});

let started = performance.now();
const first = await desk.queue({ pageSize: 50 });
const firstMs = performance.now() - started;
const firstTrips = roundTrips;
started = performance.now();
const filtered = await desk.queue({ grading: 'barnesak', search: 'ola', sort: 'newest' });
const filterMs = performance.now() - started;

const rows = [
  {
    measure: 'first queue page (read + fold everything)',
    requests: first.total,
    ms: Math.round(firstMs),
    graphRoundTrips: firstTrips,
  },
  {
    measure: 'apply a filter (grading + search + sort)',
    requests: filtered.total,
    ms: Math.round(filterMs * 10) / 10,
    graphRoundTrips: roundTrips - firstTrips,
  },
];
for (const row of rows) {
  process.stdout.write(
    `${row.measure}: ${row.requests} requests, ${row.ms} ms, ${row.graphRoundTrips} Graph round trips\n`,
  );
}
