// @vitest-environment node
import { createServer, type Server } from 'node:http';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { demoGroupIds, demoPersonIds } from '../../emulator/directory-data.ts';
import { createGraphEmulator, type GraphEmulator } from '../../emulator/graph-emulator.ts';
import { createEmulatorHandlers } from '../../emulator/msw-handlers.ts';
import { createEmulatorMiddleware } from '../../emulator/node-middleware.ts';
import {
  clientFor,
  type EmulatorClient,
  expectJson,
  graphErrorCodeSchema,
  ORIGIN,
} from './emulator-test-kit.ts';

const pageSchema = z.object({
  value: z.array(z.object({ id: z.string(), fields: z.object({ Key: z.string() }).optional() })),
  '@odata.nextLink': z.string().optional(),
});
const restPageSchema = z.object({
  value: z.array(z.object({ Id: z.number() })),
  'odata.nextLink': z.string().optional(),
});
const directorySchema = z.object({
  value: z.array(z.looseObject({ id: z.string(), '@odata.type': z.string().optional() })),
  '@odata.nextLink': z.string().optional(),
});

let emulator: GraphEmulator;
let kari: EmulatorClient;
let itemsPath = '';
const LIST = 'Varians';

beforeEach(async () => {
  emulator = createGraphEmulator();
  const owner = await clientFor(emulator, 'hakon.odegard@bodo.example');
  kari = await clientFor(emulator, 'kari.nordmann@bodo.example');
  const list = await expectJson(
    await owner.call('POST', `/sites/${emulator.site.id}/lists`, {
      displayName: LIST,
      columns: [{ name: 'Key', text: {}, indexed: true, enforceUniqueValues: true }],
    }),
    201,
    z.object({ id: z.string() }),
  );
  itemsPath = `/sites/${emulator.site.id}/lists/${list.id}/items`;
});

async function addItems(count: number): Promise<void> {
  for (let index = 1; index <= count; index += 1) {
    const response = await kari.call('POST', itemsPath, { fields: { Key: `k-${index}` } });
    expect(response.status).toBe(201);
  }
}

describe('Retry-After and gateway errors', () => {
  it('sends 429 without Retry-After and 503 with it when told to', async () => {
    emulator.faults.configure({
      rate: 1,
      kinds: ['429'],
      retryAfter429: 'never',
      retryAfter503: 'always',
    });
    const throttled = await kari.get('/me');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBeNull();
    emulator.faults.configure({ rate: 1, kinds: ['503'], retryAfter503: 'always' });
    const unavailable = await kari.get('/me');
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('retry-after')).toBe('1');
    expect(emulator.faults.counters().variants).toMatchObject({
      'retry-after-omitted': 1,
      'retry-after-added': 1,
    });
  });

  it('answers 502 with a gateway page and 504 after doing the work', async () => {
    emulator.faults.configure({ rate: 1, kinds: ['502'], methods: ['POST'] });
    const bad = await kari.call('POST', itemsPath, { fields: { Key: 'a' } });
    expect(bad.status).toBe(502);
    expect(bad.headers.get('content-type')).toContain('text/html');
    emulator.faults.configure({ rate: 1, kinds: ['504'], methods: ['POST'] });
    const timedOut = await kari.call('POST', itemsPath, { fields: { Key: 'b' } });
    expect(timedOut.status).toBe(504);
    expect((await expectJson(timedOut, 504, graphErrorCodeSchema)).error.code).toBe('UnknownError');
    emulator.faults.clear();
    const listed = await expectJson(await kari.get(`${itemsPath}?$expand=fields`), 200, pageSchema);
    // 502: not performed; 504: performed, only the answer was lost.
    expect(listed.value.map((item) => item.fields?.Key)).toEqual(['b']);
  });
});

describe('unique-column conflicts', () => {
  it.each([
    ['409', 409, 'nameAlreadyExists'],
    ['400', 400, 'invalidRequest'],
    ['500', 500, 'generalException'],
  ] as const)('answers a duplicate %s when told to', async (mode, status, code) => {
    await addItems(1);
    emulator.faults.configure({ rate: 0, uniqueConflict: mode });
    const again = await kari.call('POST', itemsPath, { fields: { Key: 'k-1' } });
    expect((await expectJson(again, status, graphErrorCodeSchema)).error.code).toBe(code);
  });
});

describe('short and empty pages with next links', () => {
  async function followAll(first: string): Promise<{ keys: string[]; sizes: number[] }> {
    const keys: string[] = [];
    const sizes: number[] = [];
    let next: string | undefined = first;
    while (next !== undefined) {
      const page: z.infer<typeof pageSchema> = await expectJson(
        await kari.get(next),
        200,
        pageSchema,
      );
      sizes.push(page.value.length);
      keys.push(...page.value.map((item) => item.fields?.Key ?? '?'));
      next = page['@odata.nextLink'];
    }
    return { keys, sizes };
  }

  it('Graph items: short and empty pages, every item exactly once in the end', async () => {
    await addItems(12);
    const full = await followAll(`${itemsPath}?$expand=fields&$top=4`);
    expect(full.sizes).toEqual([4, 4, 4]);
    emulator.faults.configure({ rate: 0, paging: 'varied', seed: 3 });
    const varied = await followAll(`${itemsPath}?$expand=fields&$top=4`);
    expect(varied.keys).toEqual(full.keys);
    expect(varied.sizes.some((size) => size < 4)).toBe(true);
    const { variants } = emulator.faults.counters();
    expect(variants['short-page'] + variants['empty-page']).toBeGreaterThan(0);
  });

  it('SharePoint REST items: the same through odata.nextLink', async () => {
    await addItems(12);
    emulator.faults.configure({ rate: 0, paging: 'varied', seed: 5 });
    const ids: number[] = [];
    const sizes: number[] = [];
    let next: string | undefined = `/_api/web/lists/getbytitle('${LIST}')/items?$top=4`;
    while (next !== undefined) {
      const page: z.infer<typeof restPageSchema> = await expectJson(
        await kari.sp('GET', next),
        200,
        restPageSchema,
      );
      ids.push(...page.value.map((item) => item.Id));
      sizes.push(page.value.length);
      next = page['odata.nextLink']?.slice(emulator.site.url.length);
    }
    expect(ids).toEqual(Array.from({ length: 12 }, (_, index) => index + 1));
    expect(sizes.some((size) => size < 4)).toBe(true);
  });

  it('directory collections: short pages, nobody lost or repeated', async () => {
    const all = await expectJson(
      await kari.get('/users?$select=id&$top=999'),
      200,
      directorySchema,
    );
    emulator.faults.configure({ rate: 0, paging: 'varied', seed: 2 });
    const ids: string[] = [];
    const sizes: number[] = [];
    let next: string | undefined = '/users?$select=id&$top=3';
    while (next !== undefined) {
      const page: z.infer<typeof directorySchema> = await expectJson(
        await kari.get(next),
        200,
        directorySchema,
      );
      ids.push(...page.value.map((user) => user.id));
      sizes.push(page.value.length);
      next = page['@odata.nextLink'];
    }
    expect(ids).toEqual(all.value.map((user) => user.id));
    expect(sizes.some((size) => size < 3)).toBe(true);
  });
});

describe('other directory object types', () => {
  const types = async (path: string) =>
    (await expectJson(await kari.get(path), 200, directorySchema)).value.map(
      (entry) => entry['@odata.type'],
    );

  it('lists only users and groups by default, and other types with directoryObjects: mixed', async () => {
    const reports = `/users/${demoPersonIds.hildeArnesen}/directReports`;
    const members = `/groups/${demoGroupIds.dokumentsenteret}/members`;
    expect(new Set(await types(reports))).toEqual(new Set(['#microsoft.graph.user']));
    emulator.faults.configure({ rate: 0, directoryObjects: 'mixed' });
    expect(await types(reports)).toContain('#microsoft.graph.orgContact');
    expect(await types(members)).toEqual(
      expect.arrayContaining([
        '#microsoft.graph.user',
        '#microsoft.graph.group',
        '#microsoft.graph.device',
        '#microsoft.graph.servicePrincipal',
        '#microsoft.graph.orgContact',
      ]),
    );
    expect(await types(`/users/${demoPersonIds.kariNordmann}/memberOf`)).toEqual(
      expect.arrayContaining([
        '#microsoft.graph.directoryRole',
        '#microsoft.graph.administrativeUnit',
      ]),
    );
  });
});

describe('the fault control route', () => {
  it('takes and shows the variant settings', async () => {
    const response = await emulator.handle(
      new Request(`${ORIGIN}/_emulator/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          rate: 0,
          paging: 'varied',
          uniqueConflict: 'mixed',
          kinds: ['502'],
        }),
      }),
    );
    const body = await expectJson(
      response,
      200,
      z.object({ settings: z.looseObject({ paging: z.string(), uniqueConflict: z.string() }) }),
    );
    expect(body.settings).toMatchObject({
      paging: 'varied',
      uniqueConflict: 'mixed',
      kinds: ['502'],
    });
  });
});

describe("Graph's CORS: page code does not see Retry-After", () => {
  const shared = createGraphEmulator({
    faults: { rate: 1, kinds: ['429'], pathPattern: '/me$' },
  });
  const server = setupServer(...createEmulatorHandlers(shared));
  let http: Server;
  let origin = '';
  let token = '';

  beforeAll(async () => {
    server.listen({ onUnhandledRequest: 'bypass' });
    const middleware = createEmulatorMiddleware(shared);
    http = createServer((req, res) => middleware(req, res, () => res.end()));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const address = http.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    origin = `http://127.0.0.1:${address.port}`;
    token = await shared.issueToken('kari.nordmann@bodo.example');
  });

  afterAll(async () => {
    server.close();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  });

  const me = (base: string, headers: Record<string, string> = {}) =>
    fetch(`${base}/graph/v1.0/me`, { headers: { authorization: `Bearer ${token}`, ...headers } });

  it('hides Retry-After under msw and from a browser through the middleware; keeps request-id', async () => {
    const throughMsw = await me(ORIGIN);
    expect(throughMsw.status).toBe(429);
    expect(throughMsw.headers.get('retry-after')).toBeNull();
    expect(throughMsw.headers.get('request-id')).not.toBeNull();
    const fromPage = await me(origin, { 'sec-fetch-site': 'same-origin' });
    expect(fromPage.status).toBe(429);
    expect(fromPage.headers.get('retry-after')).toBeNull();
  });

  it('shows every header to a Node caller, as graph.microsoft.com does', async () => {
    const fromNode = await me(origin);
    expect(fromNode.status).toBe(429);
    expect(fromNode.headers.get('retry-after')).toBe('1');
    const direct = await shared.handle(
      new Request(`${ORIGIN}/graph/v1.0/me`, { headers: { authorization: `Bearer ${token}` } }),
    );
    expect(direct.headers.get('retry-after')).toBe('1');
  });
});
