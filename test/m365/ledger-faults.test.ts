// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createGraphLedger, type EventEnvelope } from '../../src/m365/ledger.ts';
import { GraphError } from '../../src/m365/errors.ts';
import { graphAs, provisionedEmulator, SITE_URL } from './emulator-kit.ts';

const CLIENTS = [
  'ola.hansen@bodo.example',
  'ingrid.berg@bodo.example',
  'lise.olsen@bodo.example',
  'kari.nordmann@bodo.example',
  'tone.strand@bodo.example',
];
const PER_CLIENT = 100;

function envelopesFor(client: number): EventEnvelope[] {
  return Array.from({ length: PER_CLIENT }, (_, index) => ({
    eventId: crypto.randomUUID(),
    streamId: `fault-stream-${client}-${index % 10}`,
    streamKind: 'request',
    type: 'request.commented',
    occurredAt: '2026-11-28T09:00:00Z',
    payload: { client, index },
    schemaVersion: 2,
    list: 'requests' as const,
  }));
}

/**
 * What the app does when a write gives up after its retries (a run of bad luck
 * on the same call): it submits again with the same ids. Which calls the
 * faults hit depends on how the five clients interleave, so without this a
 * rare run ends with a rejected append; with it, the ids must still make one
 * event each.
 */
async function resubmitting<T>(write: () => Promise<T>, times = 3): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= times || !(error instanceof GraphError) || error.kind !== 'network')
        throw error;
    }
  }
}

describe('the ledger under faults', () => {
  it('500 appends from 5 concurrent clients, with 429/503/dropped connections on a fifth of all calls, store exactly 500 events', async () => {
    const emulator = await provisionedEmulator();
    emulator.faults.configure({
      rate: 0.2,
      kinds: ['429', '503', 'drop-after-write'],
      retryAfterSeconds: 2,
      seed: 20261128,
    });
    // A fake clock makes every wait instant; more attempts make a run of bad luck harmless.
    const retry = { maxAttempts: 10 };
    const sent = CLIENTS.map((_, client) => envelopesFor(client));
    const results = await Promise.all(
      CLIENTS.map(async (user, client) => {
        const ledger = createGraphLedger(graphAs(emulator, user, { retry }), { site: SITE_URL });
        const envelopes = sent[client] ?? [];
        const stored = [];
        // Half one by one, half in $batches: both paths must hold up.
        for (const envelope of envelopes.slice(0, PER_CLIENT / 2)) {
          stored.push(await resubmitting(() => ledger.append(envelope)));
        }
        for (let index = PER_CLIENT / 2; index < PER_CLIENT; index += 10) {
          const chunk = envelopes.slice(index, index + 10);
          stored.push(...(await resubmitting(() => ledger.appendMany(chunk))));
        }
        return stored;
      }),
    );
    const counters = emulator.faults.counters();
    emulator.faults.clear();

    expect(counters.injected['429']).toBeGreaterThan(20);
    expect(counters.injected['503']).toBeGreaterThan(20);
    expect(counters.injected['drop-after-write']).toBeGreaterThan(20);
    expect(counters.total / counters.eligible).toBeGreaterThan(0.15);

    const sentIds = sent.flat().map((envelope) => envelope.eventId);
    expect(
      results
        .flat()
        .map((event) => event.eventId)
        .sort(),
    ).toEqual([...sentIds].sort());

    // Read back everything the list holds, as a systemansvarlig would.
    const reader = createGraphLedger(graphAs(emulator, 'sigrid.lund@bodo.example'), {
      site: SITE_URL,
    });
    const stored: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await reader.list({
        list: 'requests',
        by: 'streamKind',
        value: 'request',
        pageSize: 500,
        cursor,
      });
      stored.push(...page.events.map((event) => event.eventId));
      expect(page.malformed).toEqual([]);
      cursor = page.cursor;
    } while (cursor !== undefined);
    expect(stored).toHaveLength(500);
    expect(new Set(stored).size).toBe(500);
    expect([...stored].sort()).toEqual([...sentIds].sort());

    // Each client's events carry that client as author, whatever retries happened.
    const byStream = await reader.readStreams(
      CLIENTS.flatMap((_, client) =>
        Array.from({ length: 10 }, (__, s) => `fault-stream-${client}-${s}`),
      ),
      ['requests'],
    );
    for (const stream of byStream) {
      const client = Number(stream.streamId.split('-')[2]);
      expect(stream.events).toHaveLength(10);
      expect(new Set(stream.events.map((event) => event.author.email))).toEqual(
        new Set([CLIENTS[client]]),
      );
    }
  }, 20_000);
});
