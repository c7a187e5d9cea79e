// @vitest-environment node
import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createGraphEmulator, type GraphEmulator } from '../../emulator/graph-emulator.ts';
import {
  clientFor,
  type EmulatorClient,
  expectJson,
  expectStatus,
  graphErrorCodeSchema,
} from './emulator-test-kit.ts';

const batchResponseSchema = z.object({
  responses: z.array(
    z.object({
      id: z.string(),
      status: z.number(),
      headers: z.record(z.string(), z.string()),
      body: z.unknown().optional(),
    }),
  ),
});

let emulator: GraphEmulator;
let owner: EmulatorClient;
let kari: EmulatorClient;
let itemsPath = '';

function createItem(id: string, title: string): Record<string, unknown> {
  return {
    id,
    method: 'POST',
    url: itemsPath,
    headers: { 'Content-Type': 'application/json' },
    body: { fields: { Title: title } },
  };
}

beforeEach(async () => {
  emulator = createGraphEmulator();
  owner = await clientFor(emulator, 'hakon.odegard@bodo.example');
  kari = await clientFor(emulator, 'kari.nordmann@bodo.example');
  const list = await expectJson(
    await owner.call('POST', `/sites/${emulator.site.id}/lists`, { displayName: 'Batch' }),
    201,
    z.object({ id: z.string() }),
  );
  itemsPath = `/sites/${emulator.site.id}/lists/${list.id}/items`;
});

describe('JSON $batch', () => {
  it("runs each request as the batch's caller and answers each by id", async () => {
    const response = await kari.call('POST', '/$batch', {
      requests: [
        { id: '1', method: 'GET', url: '/me?$select=displayName' },
        createItem('2', 'first'),
        { id: '3', method: 'GET', url: 'users/nobody@bodo.example' },
      ],
    });
    const body = await expectJson(response, 200, batchResponseSchema);
    const byId = new Map(body.responses.map((entry) => [entry.id, entry]));
    expect(byId.get('1')).toMatchObject({ status: 200, body: { displayName: 'Kari Nordmann' } });
    expect(byId.get('1')?.headers['Content-Type']).toContain('application/json');
    expect(byId.get('2')).toMatchObject({
      status: 201,
      body: { createdBy: { user: { id: kari.userId } } },
    });
    expect(byId.get('3')?.status).toBe(404);
  });

  it('refuses more than 20 requests, like Graph', async () => {
    const requests = Array.from({ length: 21 }, (_, index) => ({
      id: String(index),
      method: 'GET',
      url: '/me',
    }));
    const response = await kari.call('POST', '/$batch', { requests });
    expect((await expectJson(response, 400, graphErrorCodeSchema)).error.code).toBe('BadRequest');
    const twenty = await kari.call('POST', '/$batch', { requests: requests.slice(0, 20) });
    expect((await expectJson(twenty, 200, batchResponseSchema)).responses).toHaveLength(20);
  });

  it('refuses duplicate ids, absolute urls and bodies without Content-Type', async () => {
    for (const requests of [
      [
        { id: 'a', method: 'GET', url: '/me' },
        { id: 'A', method: 'GET', url: '/me' },
      ],
      [{ id: 'a', method: 'GET', url: 'https://graph.microsoft.com/v1.0/me' }],
      [{ id: 'a', method: 'POST', url: itemsPath, body: { fields: {} } }],
      [{ id: 'a', method: 'GET', url: '/me', dependsOn: ['b'] }],
    ]) {
      expect((await kari.call('POST', '/$batch', { requests })).status).toBe(400);
    }
  });

  it('answers 424 for a request whose dependency failed', async () => {
    const response = await kari.call('POST', '/$batch', {
      requests: [
        { id: '1', method: 'GET', url: `${itemsPath}/999` },
        { ...createItem('2', 'after'), dependsOn: ['1'] },
        { ...createItem('3', 'independent') },
      ],
    });
    const body = await expectJson(response, 200, batchResponseSchema);
    expect(body.responses.map((entry) => [entry.id, entry.status])).toEqual([
      ['1', 404],
      ['2', 424],
      ['3', 201],
    ]);
    const items = await expectJson(
      await kari.get(`${itemsPath}?$expand=fields`),
      200,
      z.object({ value: z.array(z.unknown()) }),
    );
    expect(items.value).toHaveLength(1);
  });

  it("authenticates with the batch's token: without one the batch is 401", async () => {
    const response = await emulator.handle(
      new Request('https://graph.emulator.test/graph/v1.0/$batch', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          requests: [
            {
              id: '1',
              method: 'GET',
              url: '/me',
              headers: { Authorization: `Bearer ${owner.token}` },
            },
          ],
        }),
      }),
    );
    expect(response.status).toBe(401);
  });

  it('injects faults into sub-requests independently: a 429 with Retry-After among successes', async () => {
    emulator.faults.configure({ rate: 0.3, kinds: ['429'], retryAfterSeconds: 7, seed: 42 });
    const response = await kari.call('POST', '/$batch', {
      requests: Array.from({ length: 20 }, (_, index) =>
        createItem(String(index), `item ${index}`),
      ),
    });
    const body = await expectJson(response, 200, batchResponseSchema);
    const throttled = body.responses.filter((entry) => entry.status === 429);
    const created = body.responses.filter((entry) => entry.status === 201);
    expect(throttled.length).toBeGreaterThan(0);
    expect(created.length).toBeGreaterThan(0);
    expect(throttled.length + created.length).toBe(20);
    for (const entry of throttled) {
      expect(entry.headers['Retry-After']).toBe('7');
      expect(entry.body).toMatchObject({ error: { code: 'activityLimitReached' } });
    }
    expect(emulator.faults.counters().injected['429']).toBe(throttled.length);
    emulator.faults.clear();
    const items = await expectJson(
      await kari.get(`${itemsPath}?$top=50`),
      200,
      z.object({ value: z.array(z.unknown()) }),
    );
    expect(items.value).toHaveLength(created.length);
  });

  it('loses the whole batch response when a sub-request is dropped, after doing every write', async () => {
    emulator.faults.configure({ rate: 1, kinds: ['drop-after-write'], maxFaults: 1 });
    await expect(
      emulator.fetch(`https://graph.emulator.test/graph/v1.0/$batch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${kari.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ requests: [createItem('1', 'a'), createItem('2', 'b')] }),
      }),
    ).rejects.toThrow(TypeError);
    emulator.faults.clear();
    const items = await expectJson(
      await kari.get(`${itemsPath}?$expand=fields`),
      200,
      z.object({ value: z.array(z.unknown()) }),
    );
    expect(items.value).toHaveLength(2);
    await expectStatus(
      await kari.call('POST', '/$batch', { requests: [createItem('3', 'c')] }),
      200,
    );
  });
});

describe('JSON $batch as Graph allows it', () => {
  it('runs a request after a dependency listed later in the batch (Graph allows any other id)', async () => {
    const response = await kari.call('POST', '/$batch', {
      requests: [
        { id: 'read', method: 'GET', url: `${itemsPath}?$expand=fields`, dependsOn: ['write'] },
        createItem('write', 'first'),
      ],
    });
    const body = await expectJson(response, 200, batchResponseSchema);
    const read = body.responses.find((entry) => entry.id === 'read');
    // The read ran after the write: it sees the item.
    expect(read?.status).toBe(200);
    expect(z.object({ value: z.array(z.unknown()) }).parse(read?.body).value).toHaveLength(1);
  });

  it('refuses a dependsOn cycle and a request that depends on itself', async () => {
    for (const requests of [
      [
        { id: 'a', method: 'GET', url: '/me', dependsOn: ['b'] },
        { id: 'b', method: 'GET', url: '/me', dependsOn: ['a'] },
      ],
      [{ id: 'a', method: 'GET', url: '/me', dependsOn: ['a'] }],
    ]) {
      expect((await kari.call('POST', '/$batch', { requests })).status).toBe(400);
    }
  });

  it('lists responses out of request order with batchOrder: shuffled, and in order without', async () => {
    const requests = Array.from({ length: 8 }, (_, index) => ({
      id: String(index + 1),
      method: 'GET',
      url: '/me?$select=id',
    }));
    const ids = async () =>
      (
        await expectJson(await kari.call('POST', '/$batch', { requests }), 200, batchResponseSchema)
      ).responses.map((entry) => entry.id);
    const inOrder = requests.map((request) => request.id);
    expect(await ids()).toEqual(inOrder);
    emulator.faults.configure({ rate: 0, batchOrder: 'shuffled', seed: 4 });
    const shuffled = await ids();
    expect(shuffled).not.toEqual(inOrder);
    expect([...shuffled].sort()).toEqual([...inOrder].sort());
    expect(emulator.faults.counters().variants['batch-shuffled']).toBe(1);
  });
});
