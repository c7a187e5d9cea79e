// @vitest-environment node
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPersonIds } from '../../emulator/directory-data.ts';
import { createGraphEmulator } from '../../emulator/graph-emulator.ts';
import { createEmulatorHandlers } from '../../emulator/msw-handlers.ts';
import { buildPlan } from '../../scripts/lib/provision-plan.ts';
import { provision } from '../../scripts/lib/provision-run.ts';
import { createGraphClient } from '../../src/m365/graph-client.ts';
import { createGraphLedger } from '../../src/m365/ledger.ts';
import { GRAPH_ROOT, provisionOptions, SITE_URL, tokenFor } from './emulator-kit.ts';

// The same adapters over the real global fetch, with msw standing in for the network.
const emulator = createGraphEmulator();
const server = setupServer(...createEmulatorHandlers(emulator));

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('through fetch and msw', () => {
  it('provisions, appends and reads back over the global fetch', async () => {
    const owner = tokenFor(emulator, demoPersonIds.hakonOdegard);
    const result = await provision(buildPlan(provisionOptions), {
      fetch: (request) => fetch(request),
      graphRoot: GRAPH_ROOT,
      graphToken: owner,
      sharePointToken: owner,
    });
    expect(result.actions.filter((action) => action.outcome === 'warning')).toEqual([]);

    const ledger = createGraphLedger(
      createGraphClient(tokenFor(emulator, 'ola.hansen@bodo.example'), GRAPH_ROOT),
      { site: SITE_URL },
    );
    const stored = await ledger.append({
      eventId: crypto.randomUUID(),
      streamId: 'request-msw',
      streamKind: 'request',
      type: 'request.submitted',
      occurredAt: '2026-11-28T09:00:00Z',
      payload: {},
      schemaVersion: 2,
      list: 'requests',
    });
    expect(stored.author.id).toBe(demoPersonIds.olaHansen);
    expect((await ledger.readStreams(['request-msw'], ['requests']))[0]?.events).toHaveLength(1);
  });
});
