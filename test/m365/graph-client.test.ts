// @vitest-environment node
import { z } from 'zod';
import { describe, expect, it, vi } from 'vitest';
import { GraphError, isAmbiguousFailure } from '../../src/m365/errors.ts';
import { createGraphClient } from '../../src/m365/graph-client.ts';
import { createRetryPolicy } from '../../src/m365/retry-policy.ts';
import {
  BASE,
  ROOT,
  fakeGraph,
  graphErrorBody,
  json,
  scriptedFetch,
  seededRandom,
} from './fake-graph.ts';

const idSchema = z.object({ id: z.string() });
const scopes = ['User.Read'];

async function failure(promise: Promise<unknown>): Promise<GraphError> {
  const error: unknown = await promise.then(
    () => new Error('expected a failure'),
    (reason: unknown) => reason,
  );
  if (!(error instanceof GraphError)) throw error;
  return error;
}

describe('retry policy', () => {
  it('keeps full-jitter backoff within [0, min(cap, base * 2^(attempt-1)))', () => {
    for (const random of [() => 0, () => 0.999_999, seededRandom(1)]) {
      const policy = createRetryPolicy({ baseDelayMs: 100, maxBackoffMs: 1_000, random });
      for (let attempt = 1; attempt <= 8; attempt += 1) {
        const ceiling = Math.min(1_000, 100 * 2 ** (attempt - 1));
        const delay = policy.backoffMs(attempt);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(ceiling);
      }
    }
  });

  it('spreads delays across the whole window (jitter, not a fixed step)', () => {
    const policy = createRetryPolicy({ baseDelayMs: 1_000, random: seededRandom(42) });
    const delays = Array.from({ length: 200 }, () => policy.backoffMs(1));
    expect(Math.min(...delays)).toBeLessThan(100);
    expect(Math.max(...delays)).toBeGreaterThan(900);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-28T09:00:00Z');
    const policy = createRetryPolicy({ now: () => now });
    expect(policy.retryAfterMs('7')).toBe(7_000);
    expect(policy.retryAfterMs('Sat, 28 Nov 2026 09:00:12 GMT')).toBe(12_000);
    expect(policy.retryAfterMs(null)).toBeUndefined();
    expect(policy.retryAfterMs('soon')).toBeUndefined();
  });
});

describe('retry middleware', () => {
  it('honours Retry-After on 429 and then succeeds', async () => {
    const { fetch, seen } = scriptedFetch([
      json(429, graphErrorBody('TooManyRequests'), { 'Retry-After': '3' }),
      json(200, { id: 'me' }),
    ]);
    const { graph, clock } = fakeGraph(fetch);
    await expect(graph.get('/me', idSchema, { scopes })).resolves.toEqual({ id: 'me' });
    expect(seen).toHaveLength(2);
    expect(clock.sleeps).toEqual([3_000]);
  });

  it('honours Retry-After given as an HTTP date', async () => {
    const { fetch } = scriptedFetch([
      json(503, graphErrorBody('serviceNotAvailable'), {
        'Retry-After': 'Sat, 28 Nov 2026 09:00:05 GMT',
      }),
      json(200, { id: 'me' }),
    ]);
    const { graph, clock } = fakeGraph(fetch);
    await graph.get('/me', idSchema, { scopes });
    expect(clock.sleeps).toEqual([5_000]);
  });

  it('does not wait out a Retry-After above the cap: fails as throttled with the delay', async () => {
    const { fetch, seen } = scriptedFetch([
      json(429, graphErrorBody('TooManyRequests'), { 'Retry-After': '120' }),
    ]);
    const { graph, clock } = fakeGraph(fetch, { maxRetryAfterMs: 30_000 });
    const error = await failure(graph.get('/me', idSchema, { scopes }));
    expect(error).toMatchObject({ kind: 'throttled', status: 429, retryAfterMs: 120_000 });
    expect(seen).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('backs off with jitter on 503/504 without Retry-After, and stops after maxAttempts', async () => {
    const { fetch, seen } = scriptedFetch([json(504, graphErrorBody('GatewayTimeout'))]);
    const { graph, clock } = fakeGraph(fetch, { maxAttempts: 5, baseDelayMs: 100 });
    const error = await failure(graph.get('/me', idSchema, { scopes }));
    expect(error).toMatchObject({ kind: 'unavailable', status: 504 });
    expect(seen).toHaveLength(5);
    expect(clock.sleeps).toHaveLength(4);
    clock.sleeps.forEach((delay, index) => {
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(100 * 2 ** index);
    });
  });

  it('retries a GET that got no answer at all', async () => {
    const { fetch, seen } = scriptedFetch([new TypeError('fetch failed'), json(200, { id: 'me' })]);
    const { graph } = fakeGraph(fetch);
    await expect(graph.get('/me', idSchema, { scopes })).resolves.toEqual({ id: 'me' });
    expect(seen).toHaveLength(2);
  });

  it.each([
    ['429', json(429, graphErrorBody('TooManyRequests'), { 'Retry-After': '1' })],
    ['503', json(503, graphErrorBody('serviceNotAvailable'))],
    ['no answer', new TypeError('fetch failed')],
  ])('never re-sends a POST on its own (%s)', async (_label, answer) => {
    const { fetch, seen } = scriptedFetch([answer, json(201, { id: 'x' })]);
    const { graph, clock } = fakeGraph(fetch);
    const error = await failure(
      graph.request('POST', '/me/sendMail', z.unknown(), { scopes, body: {} }),
    );
    expect(seen).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
    expect(isAmbiguousFailure(error)).toBe(true);
  });

  it('re-sends a POST its caller marked idempotent', async () => {
    const { fetch, seen } = scriptedFetch([
      json(503, graphErrorBody('serviceNotAvailable'), { 'Retry-After': '1' }),
      json(200, { value: ['g1'] }),
    ]);
    const { graph } = fakeGraph(fetch);
    await graph.request('POST', '/me/checkMemberGroups', z.unknown(), {
      scopes,
      body: { groupIds: ['g1'] },
      idempotent: true,
    });
    expect(seen).toHaveLength(2);
  });

  it('re-sends a PATCH only when it carries If-Match', async () => {
    const answers = [json(503, graphErrorBody('serviceNotAvailable')), json(200, { id: '1' })];
    const guarded = scriptedFetch(answers);
    await fakeGraph(guarded.fetch).graph.request('PATCH', '/x', idSchema, {
      scopes,
      body: { a: 1 },
      headers: { 'If-Match': '"etag,1"' },
    });
    expect(guarded.seen).toHaveLength(2);
    expect(guarded.seen[0]?.headers.get('if-match')).toBe('"etag,1"');

    const unguarded = scriptedFetch(answers);
    await failure(
      fakeGraph(unguarded.fetch).graph.request('PATCH', '/x', idSchema, { scopes, body: {} }),
    );
    expect(unguarded.seen).toHaveLength(1);
  });
});

describe('requests', () => {
  it('sends method, JSON body, headers and encoded query; asks for the call’s scopes', async () => {
    const { fetch, seen } = scriptedFetch([json(200, { id: 'x' })]);
    const getAccessToken = vi.fn(() => Promise.resolve('tok'));
    const graph = createGraphClient({ getAccessToken }, ROOT, { fetch });
    await graph.request('PATCH', '/sites/a,b,c/lists/L/items/1/fields', idSchema, {
      scopes: ['Sites.ReadWrite.All'],
      headers: { 'If-Match': '"e,2"', Prefer: 'return=minimal', ConsistencyLevel: 'eventual' },
      query: { $filter: "fields/StreamId eq 'a&b'" },
      body: { Title: 'x' },
    });
    const request = seen[0];
    expect(request?.method).toBe('PATCH');
    expect(request?.url).toBe(
      `${BASE}/sites/a,b,c/lists/L/items/1/fields?$filter=fields/StreamId%20eq%20%27a%26b%27`,
    );
    expect(request?.headers.get('authorization')).toBe('Bearer tok');
    expect(request?.headers.get('prefer')).toBe('return=minimal');
    expect(request?.headers.get('consistencylevel')).toBe('eventual');
    expect(request?.headers.get('content-type')).toBe('application/json');
    expect(request?.body).toEqual({ Title: 'x' });
    expect(getAccessToken).toHaveBeenCalledWith(['Sites.ReadWrite.All']);
  });

  it('accepts an empty 202 answer with a schema that allows it', async () => {
    const { fetch } = scriptedFetch([new Response(null, { status: 202 })]);
    const { graph } = fakeGraph(fetch);
    await expect(
      graph.request('POST', '/me/sendMail', z.undefined(), { scopes, body: {} }),
    ).resolves.toBeUndefined();
  });
});

describe('error mapping', () => {
  it.each([
    [400, 'invalidRequest', 'unknown'],
    [401, 'InvalidAuthenticationToken', 'unauthenticated'],
    [403, 'accessDenied', 'forbidden'],
    [404, 'itemNotFound', 'not-found'],
    [409, 'nameAlreadyExists', 'conflict'],
    [412, 'resourceModified', 'conflict'],
    [500, 'generalException', 'unknown'],
  ] as const)('maps %i %s to %s, keeping status and code', async (status, code, kind) => {
    const { fetch } = scriptedFetch([json(status, graphErrorBody(code, 'Nope'))]);
    const { graph } = fakeGraph(fetch);
    const error = await failure(graph.get('/x', idSchema, { scopes }));
    expect(error).toMatchObject({ kind, status, code });
    expect(error.message).toContain('Nope');
  });

  it("reads SharePoint REST's error shape", async () => {
    const { fetch } = scriptedFetch([
      json(403, {
        'odata.error': {
          code: '-2147024891, System.UnauthorizedAccessException',
          message: { lang: 'en-US', value: 'Access denied.' },
        },
      }),
    ]);
    const { graph } = fakeGraph(fetch);
    const error = await failure(graph.get('/x', idSchema, { scopes }));
    expect(error).toMatchObject({
      kind: 'forbidden',
      code: '-2147024891, System.UnauthorizedAccessException',
    });
  });

  it('reports a body of the wrong shape, or no JSON, as an invalid response', async () => {
    for (const answer of [json(200, { name: 'x' }), new Response('<html>', { status: 200 })]) {
      const { fetch } = scriptedFetch([answer]);
      const error = await failure(fakeGraph(fetch).graph.get('/x', idSchema, { scopes }));
      expect(error.kind).toBe('invalid-response');
    }
  });
});

describe('paging', () => {
  it('follows absolute @odata.nextLink until the last page', async () => {
    const { fetch, seen } = scriptedFetch([
      json(200, { value: [{ id: '1' }], '@odata.nextLink': `${BASE}/users?$skiptoken=a` }),
      json(200, { value: [{ id: '2' }], '@odata.nextLink': `${BASE}/users?$skiptoken=b` }),
      json(200, { value: [{ id: '3' }] }),
    ]);
    const { graph } = fakeGraph(fetch);
    const users = await graph.getAll('/users', idSchema, { scopes, query: { $top: '1' } });
    expect(users.map((user) => user.id)).toEqual(['1', '2', '3']);
    expect(seen.map((request) => request.url)).toEqual([
      `${BASE}/users?$top=1`,
      `${BASE}/users?$skiptoken=a`,
      `${BASE}/users?$skiptoken=b`,
    ]);
    expect(seen.every((request) => request.headers.get('authorization') === 'Bearer token-1')).toBe(
      true,
    );
  });

  it('refuses a nextLink outside its Graph root, so no token is sent elsewhere', async () => {
    const { fetch, seen } = scriptedFetch([
      json(200, { value: [], '@odata.nextLink': 'https://evil.example/v1.0/users?x' }),
    ]);
    const { graph } = fakeGraph(fetch);
    const error = await failure(graph.getAll('/users', idSchema, { scopes }));
    expect(error.kind).toBe('invalid-response');
    expect(seen).toHaveLength(1);
    await expect(
      graph.page('https://evil.example/v1.0/users', idSchema, { scopes }),
    ).rejects.toThrow(GraphError);
    expect(seen).toHaveLength(1);
  });
});
