/**
 * npm run bench: appends 5,000 events through the Graph ledger adapter to the
 * in-process emulator (no faults) and reads them back, with and without
 * `$batch`, and prints Graph round trips per 100 events and events per second.
 * Not part of the test gate: the figures depend on the machine.
 *
 * In process a round trip costs nothing but the emulator's own work, so
 * events/s measures the adapter plus the emulator; against Graph every round
 * trip adds network time and throttling budget. BENCH_RTT_MS=<ms> adds that
 * much delay per round trip to model it; BENCH_EVENTS=<n> changes the count.
 */
import { demoGroupIds, demoPersonIds } from '../emulator/directory-data.ts';
import { DEMO_TENANT_ID } from '../emulator/emulator-config.ts';
import { createGraphEmulator } from '../emulator/graph-emulator.ts';
import { buildPlan } from '../scripts/lib/provision-plan.ts';
import { provision } from '../scripts/lib/provision-run.ts';
import { createGraphClient } from '../src/m365/graph-client.ts';
import { createGraphLedger, type EventEnvelope } from '../src/m365/ledger.ts';

const GRAPH_ROOT = 'https://graph.emulator.test/graph';
const SITE_URL = 'https://bodokommune.sharepoint.example/sites/dokumentsenteret';
const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 5_000);
const EVENTS_PER_STREAM = 10;
/** Envelopes handed to one appendMany call (the batched adapter sends them 20 to a $batch). */
const APPEND_CHUNK = 100;
const RTT_MS = Number(process.env['BENCH_RTT_MS'] ?? 0);

const delay = (ms: number) =>
  ms <= 0 ? Promise.resolve() : new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Row {
  readonly mode: string;
  readonly operation: string;
  readonly events: number;
  readonly roundTrips: number;
  readonly ms: number;
}

function envelopes(count: number, run: string): EventEnvelope[] {
  return Array.from({ length: count }, (_, index) => ({
    eventId: crypto.randomUUID(),
    streamId: `${run}-stream-${Math.floor(index / EVENTS_PER_STREAM)}`,
    streamKind: 'request',
    type: index % EVENTS_PER_STREAM === 0 ? 'request.submitted' : 'request.commented',
    subjectId: demoPersonIds.olaHansen,
    base: 'Bodø',
    occurredAt: new Date(Date.UTC(2026, 10, 28, 9, 0, index % 60)).toISOString(),
    payload: { index, note: 'benchmark' },
    schemaVersion: 2,
    list: 'requests' as const,
  }));
}

async function measure(batch: boolean): Promise<Row[]> {
  const emulator = createGraphEmulator();
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
    },
  );
  let roundTrips = 0;
  const graph = createGraphClient(
    {
      getAccessToken: (scopes: readonly string[]) =>
        emulator.issueToken(demoPersonIds.kariNordmann, { scopes }),
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
  const ledger = createGraphLedger(graph, { site: SITE_URL }, { batch });
  const mode = batch ? 'with $batch' : 'without $batch';
  const all = envelopes(EVENTS, batch ? 'b' : 'n');

  const rows: Row[] = [];
  let start = performance.now();
  roundTrips = 0;
  for (let index = 0; index < all.length; index += APPEND_CHUNK) {
    await ledger.appendMany(all.slice(index, index + APPEND_CHUNK));
  }
  rows.push({
    mode,
    operation: 'append',
    events: EVENTS,
    roundTrips,
    ms: performance.now() - start,
  });

  const streamIds = [...new Set(all.map((envelope) => envelope.streamId))];
  start = performance.now();
  roundTrips = 0;
  const streams = await ledger.readStreams(streamIds, ['requests']);
  const read = streams.reduce((sum, stream) => sum + stream.events.length, 0);
  rows.push({
    mode,
    operation: 'read back by stream',
    events: read,
    roundTrips,
    ms: performance.now() - start,
  });
  if (read !== EVENTS) throw new Error(`Read back ${read} events, expected ${EVENTS}.`);
  return rows;
}

function table(rows: readonly Row[]): string {
  const header = ['mode', 'operation', 'events', 'round trips', 'per 100 events', 'events/s'];
  const body = rows.map((row) => [
    row.mode,
    row.operation,
    String(row.events),
    String(row.roundTrips),
    ((row.roundTrips / row.events) * 100).toFixed(1),
    Math.round(row.events / (row.ms / 1000)).toLocaleString('en-US'),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...body.map((cells) => (cells[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...body.map(line)].join(
    '\n',
  );
}

const rows = [...(await measure(false)), ...(await measure(true))];
process.stdout.write(
  `Ledger through Graph against the in-process emulator: ${EVENTS} events, ${EVENTS_PER_STREAM} per stream, ${RTT_MS} ms added per round trip.\n\n`,
);
process.stdout.write(`${table(rows)}\n`);
