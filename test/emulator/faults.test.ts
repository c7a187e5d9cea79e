// @vitest-environment node
import { createServer, type Server } from 'node:http';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createPrng } from '../../emulator/faults.ts';
import { createGraphEmulator, type GraphEmulator } from '../../emulator/graph-emulator.ts';
import { createEmulatorHandlers } from '../../emulator/msw-handlers.ts';
import { createEmulatorMiddleware } from '../../emulator/node-middleware.ts';
import {
  clientFor,
  type EmulatorClient,
  expectJson,
  expectStatus,
  graphErrorCodeSchema,
  ORIGIN,
  spErrorSchema,
} from './emulator-test-kit.ts';

const itemsSchema = z.object({ value: z.array(z.object({ id: z.string() })) });

let emulator: GraphEmulator;
let owner: EmulatorClient;
let kari: EmulatorClient;
let itemsPath = '';

async function statuses(client: EmulatorClient, count: number): Promise<number[]> {
  const result: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const response = await client.get('/me');
    result.push(response.status);
    await response.arrayBuffer();
  }
  return result;
}

beforeEach(async () => {
  emulator = createGraphEmulator();
  owner = await clientFor(emulator, 'hakon.odegard@bodo.example');
  kari = await clientFor(emulator, 'kari.nordmann@bodo.example');
  const list = await expectJson(
    await owner.call('POST', `/sites/${emulator.site.id}/lists`, { displayName: 'Feil' }),
    201,
    z.object({ id: z.string() }),
  );
  itemsPath = `/sites/${emulator.site.id}/lists/${list.id}/items`;
});

describe('fault injection', () => {
  it('is reproducible with a seed, and counts what it injected', async () => {
    emulator.faults.configure({ rate: 0.5, kinds: ['429', '503'], seed: 7 });
    const first = await statuses(kari, 40);
    const counters = emulator.faults.counters();
    expect(counters.eligible).toBe(40);
    expect(counters.injected['429'] + counters.injected['503']).toBe(
      first.filter((status) => status !== 200).length,
    );
    expect(counters.total).toBe(counters.injected['429'] + counters.injected['503']);
    expect(first).toContain(429);
    expect(first).toContain(503);
    expect(first).toContain(200);

    emulator.faults.configure({ rate: 0.5, kinds: ['429', '503'], seed: 7 });
    expect(await statuses(kari, 40)).toEqual(first);
    emulator.faults.configure({ rate: 0.5, kinds: ['429', '503'], seed: 8 });
    expect(await statuses(kari, 40)).not.toEqual(first);

    emulator.faults.clear();
    expect(await statuses(kari, 5)).toEqual([200, 200, 200, 200, 200]);
    emulator.faults.resetCounters();
    expect(emulator.faults.counters()).toMatchObject({
      eligible: 0,
      total: 0,
      injected: { '429': 0, '503': 0, '502': 0, '504': 0, latency: 0, 'drop-after-write': 0 },
    });
    expect(Object.values(emulator.faults.counters().variants).every((n) => n === 0)).toBe(true);
  });

  it("answers 429 with Retry-After and 503 in Graph's error shape, without doing the work", async () => {
    emulator.faults.configure({ rate: 1, kinds: ['429'], retryAfterSeconds: 3 });
    const throttled = await kari.call('POST', itemsPath, { fields: { Title: 'x' } });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('3');
    expect((await expectJson(throttled, 429, graphErrorCodeSchema)).error.code).toBe(
      'activityLimitReached',
    );
    const me = await kari.get('/me');
    expect((await expectJson(me, 429, graphErrorCodeSchema)).error.code).toBe('TooManyRequests');

    emulator.faults.configure({ rate: 1, kinds: ['503'] });
    expect((await kari.call('POST', itemsPath, { fields: { Title: 'y' } })).status).toBe(503);
    emulator.faults.clear();
    expect((await expectJson(await kari.get(itemsPath), 200, itemsSchema)).value).toEqual([]);
  });

  it('adds latency', async () => {
    emulator.faults.configure({ rate: 1, kinds: ['latency'], latencyMs: 120 });
    const started = performance.now();
    await expectStatus(await kari.get('/me'), 200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
    expect(emulator.faults.counters().injected.latency).toBe(1);
  });

  it('drop-after-write: the item is written, the caller sees a network error', async () => {
    emulator.faults.configure({ rate: 1, kinds: ['drop-after-write'] });
    const response = await kari.call('POST', itemsPath, { fields: { Title: 'lost answer' } });
    expect(response.type).toBe('error');
    await expect(
      emulator.fetch(`${ORIGIN}/graph/v1.0${itemsPath}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${kari.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ fields: { Title: 'lost again' } }),
      }),
    ).rejects.toThrow(TypeError);
    emulator.faults.clear();
    const items = await expectJson(await kari.get(`${itemsPath}?$expand=fields`), 200, itemsSchema);
    expect(items.value).toHaveLength(2);
  });

  it('targets methods and paths, stops after maxFaults, and leaves control routes alone', async () => {
    emulator.faults.configure({
      rate: 1,
      kinds: ['503'],
      methods: ['POST'],
      pathPattern: '/items$',
      maxFaults: 2,
    });
    expect((await kari.get('/me')).status).toBe(200);
    expect((await kari.get(itemsPath)).status).toBe(200);
    expect((await kari.call('POST', itemsPath, { fields: {} })).status).toBe(503);
    expect((await kari.call('POST', itemsPath, { fields: {} })).status).toBe(503);
    expect((await kari.call('POST', itemsPath, { fields: {} })).status).toBe(201);

    emulator.faults.configure({ rate: 1, kinds: ['503'] });
    const token = await emulator.handle(
      new Request(`${ORIGIN}/_emulator/token`, {
        method: 'POST',
        body: JSON.stringify({ userId: 'kari.nordmann@bodo.example' }),
      }),
    );
    expect(token.status).toBe(200);
  });

  it('faults SharePoint REST too, in its own error shape', async () => {
    emulator.faults.configure({ rate: 1, kinds: ['429'], retryAfterSeconds: 2 });
    const response = await owner.sp('GET', '/_api/web/roledefinitions');
    expect(response.headers.get('retry-after')).toBe('2');
    await expectJson(response, 429, spErrorSchema);
  });

  it('is switched on and off over HTTP for end-to-end tests', async () => {
    const control = (method: string, body?: unknown) =>
      emulator.handle(
        new Request(`${ORIGIN}/_emulator/faults`, {
          method,
          headers: { 'content-type': 'application/json' },
          body: body === undefined ? null : JSON.stringify(body),
        }),
      );
    const stateSchema = z.object({
      settings: z
        .object({ rate: z.number(), kinds: z.array(z.string()), seed: z.number() })
        .nullable(),
      counters: z.object({ eligible: z.number(), total: z.number() }),
    });
    const configured = await expectJson(
      await control('POST', { rate: 1, kinds: ['503'], seed: 3 }),
      200,
      stateSchema,
    );
    expect(configured.settings).toMatchObject({ rate: 1, kinds: ['503'], seed: 3 });
    expect((await kari.get('/me')).status).toBe(503);
    const state = await expectJson(await control('GET'), 200, stateSchema);
    expect(state.counters).toEqual({ eligible: 1, total: 1 });
    expect((await control('DELETE')).status).toBe(204);
    expect((await kari.get('/me')).status).toBe(200);
    expect((await control('POST', { rate: 2 })).status).toBe(400);
    expect((await control('POST', { rate: 0.5, kinds: ['teapot'] })).status).toBe(400);
  });

  it('uses a PRNG that depends only on its seed', () => {
    const a = createPrng(123);
    const b = createPrng(123);
    const drawn = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(drawn);
    for (const value of drawn) expect(value).toBeGreaterThanOrEqual(0);
    for (const value of drawn) expect(value).toBeLessThan(1);
  });
});

describe('a dropped connection through msw and through the Node middleware', () => {
  const shared = createGraphEmulator();
  const server = setupServer(...createEmulatorHandlers(shared));
  let http: Server;
  let origin = '';
  let token = '';
  let path = '';

  beforeAll(async () => {
    // Requests to the local Node server must reach it: msw lets them through.
    server.listen({ onUnhandledRequest: 'bypass' });
    const middleware = createEmulatorMiddleware(shared);
    http = createServer((req, res) => middleware(req, res, () => res.end()));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const address = http.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    origin = `http://127.0.0.1:${address.port}`;
    const hakon = await clientFor(shared, 'hakon.odegard@bodo.example');
    const list = await expectJson(
      await hakon.call('POST', `/sites/${shared.site.id}/lists`, { displayName: 'Drop' }),
      201,
      z.object({ id: z.string() }),
    );
    path = `/graph/v1.0/sites/${shared.site.id}/lists/${list.id}/items`;
    token = await shared.issueToken('kari.nordmann@bodo.example');
  });

  afterAll(async () => {
    server.close();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  });

  const post = (base: string, title: string) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ fields: { Title: title } }),
    });

  it('fails fetch with a TypeError in both, after the write', async () => {
    shared.faults.configure({ rate: 1, kinds: ['drop-after-write'] });
    await expect(post(ORIGIN, 'through msw')).rejects.toThrow(TypeError);
    await expect(post(origin, 'through node')).rejects.toThrow(TypeError);
    shared.faults.clear();
    const listed = await fetch(`${origin}${path}?$expand=fields`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = await expectJson(
      listed,
      200,
      z.object({ value: z.array(z.object({ fields: z.object({ Title: z.string() }) })) }),
    );
    expect(body.value.map((item) => item.fields.Title)).toEqual(['through msw', 'through node']);
    // The server keeps serving after a dropped connection.
    expect((await post(origin, 'after')).status).toBe(201);
  });
});
