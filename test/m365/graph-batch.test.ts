// @vitest-environment node
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { packChunks } from '../../src/m365/graph-batch.ts';
import { BASE, fakeGraph, json, scriptedFetch, type SeenRequest } from './fake-graph.ts';

const scopes = ['User.ReadBasic.All'];
const idSchema = z.object({ id: z.string() });

const subRequestSchema = z.object({
  id: z.string(),
  method: z.string(),
  url: z.string(),
  dependsOn: z.array(z.string()).optional(),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.unknown().optional(),
});
const batchBodySchema = z.object({ requests: z.array(subRequestSchema) });

function subRequests(request: SeenRequest) {
  return batchBodySchema.parse(request.body).requests;
}

/** Answers each sub-request with `answer(sub, round)`; round counts $batch POSTs from 1. */
interface SubAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

function batchServer(answer: (sub: z.infer<typeof subRequestSchema>, round: number) => SubAnswer) {
  let round = 0;
  return scriptedFetch([
    (request) => {
      round += 1;
      return json(200, {
        responses: subRequests(request)
          .map((sub) => ({ id: sub.id, ...answer(sub, round) }))
          .reverse(), // Graph answers in any order.
      });
    },
  ]);
}

describe('$batch', () => {
  it('sends at most 20 sub-requests per batch and returns results in request order', async () => {
    const server = batchServer((sub) => ({ status: 200, body: { id: sub.url } }));
    const { graph } = fakeGraph(server.fetch);
    const requests = Array.from({ length: 45 }, (_, index) => ({
      method: 'GET' as const,
      path: `/users/u${index}`,
    }));
    const results = await graph.batch(requests, idSchema, { scopes });
    expect(server.seen.map((request) => request.url)).toEqual([
      `${BASE}/$batch`,
      `${BASE}/$batch`,
      `${BASE}/$batch`,
    ]);
    expect(server.seen.map((request) => subRequests(request).length)).toEqual([20, 20, 5]);
    expect(results.map((result) => (result.ok ? result.body.id : 'failed'))).toEqual(
      requests.map((request) => request.path),
    );
  });

  it('converts absolute nextLinks to relative URLs and adds Content-Type for bodies', async () => {
    const server = batchServer(() => ({ status: 200, body: { id: 'x' } }));
    const { graph } = fakeGraph(server.fetch);
    await graph.batch(
      [
        { method: 'GET', path: `${BASE}/users?$skiptoken=abc` },
        { method: 'POST', path: '/sites/s/lists/l/items', body: { fields: { A: 'b' } } },
      ],
      idSchema,
      { scopes },
    );
    const [first, second] = subRequests(
      server.seen[0] ?? { method: '', url: '', headers: new Headers(), body: {} },
    );
    expect(first).toMatchObject({ id: '1', method: 'GET', url: '/users?$skiptoken=abc' });
    expect(second).toMatchObject({
      id: '2',
      url: '/sites/s/lists/l/items',
      headers: { 'Content-Type': 'application/json' },
      body: { fields: { A: 'b' } },
    });
  });

  it('re-sends sub-requests answered 429/503 in a later batch after their Retry-After', async () => {
    const server = batchServer((sub, round): SubAnswer => {
      if (round === 1 && sub.url === '/users/b') {
        return {
          status: 429,
          headers: { 'Retry-After': '4' },
          body: { error: { code: 'TooManyRequests' } },
        };
      }
      if (round === 1 && sub.url === '/users/c') {
        return { status: 503, headers: { 'retry-after': '2' }, body: { error: { code: 'x' } } };
      }
      return { status: 200, body: { id: sub.url } };
    });
    const { graph, clock } = fakeGraph(server.fetch);
    const results = await graph.batch(
      ['/users/a', '/users/b', '/users/c'].map((path) => ({ method: 'GET' as const, path })),
      idSchema,
      { scopes },
    );
    expect(results.every((result) => result.ok)).toBe(true);
    expect(server.seen).toHaveLength(2);
    expect(subRequests(server.seen[1] ?? server.seen[0]!).map((sub) => sub.url)).toEqual([
      '/users/b',
      '/users/c',
    ]);
    // The longest Retry-After of the round.
    expect(clock.sleeps).toEqual([4_000]);
  });

  it('does not re-send a throttled POST sub-request unless the caller made it idempotent', async () => {
    const server = batchServer((sub, round): SubAnswer =>
      round === 1
        ? {
            status: 429,
            headers: { 'Retry-After': '1' },
            body: { error: { code: 'TooManyRequests' } },
          }
        : { status: 201, body: { id: sub.url } },
    );
    const { graph } = fakeGraph(server.fetch);
    const results = await graph.batch(
      [
        { method: 'POST', path: '/a', body: {} },
        { method: 'POST', path: '/b', body: {}, idempotent: true },
      ],
      idSchema,
      { scopes },
    );
    expect(results[0]).toMatchObject({
      ok: false,
      error: { kind: 'throttled', retryAfterMs: 1_000 },
    });
    expect(results[1]).toMatchObject({ ok: true, body: { id: '/b' } });
    expect(server.seen).toHaveLength(2);
  });

  it('gives up on a sub-request after the policy’s attempts', async () => {
    const server = batchServer(() => ({ status: 503, body: { error: { code: 'x' } } }));
    const { graph } = fakeGraph(server.fetch, { maxAttempts: 3 });
    const [result] = await graph.batch([{ method: 'GET', path: '/users/a' }], idSchema, { scopes });
    expect(result).toMatchObject({ ok: false, error: { kind: 'unavailable', status: 503 } });
    expect(server.seen).toHaveLength(3);
  });

  it('keeps dependsOn groups in one batch and re-sends a 424 with its throttled dependency', async () => {
    const throttled = new Set<string>();
    const server = batchServer((sub): SubAnswer => {
      if (sub.id === 'first' && !throttled.has('first')) {
        throttled.add('first');
        return { status: 429, headers: { 'Retry-After': '1' }, body: { error: { code: 'x' } } };
      }
      if (sub.id === 'second' && throttled.size === 1 && !throttled.has('second')) {
        throttled.add('second');
        return { status: 424, body: { error: { code: 'failedDependency' } } };
      }
      return { status: 200, body: { id: sub.id } };
    });
    const { graph } = fakeGraph(server.fetch);
    const filler = Array.from({ length: 19 }, (_, index) => ({
      method: 'GET' as const,
      path: `/users/f${index}`,
    }));
    const results = await graph.batch(
      [
        ...filler,
        { id: 'first', method: 'GET', path: '/users/a' },
        { id: 'second', method: 'GET', path: '/users/b', dependsOn: ['first'] },
      ],
      idSchema,
      { scopes },
    );
    expect(results.every((result) => result.ok)).toBe(true);
    const batches = server.seen.map((request) =>
      subRequests(request).map((sub) => [sub.id, sub.dependsOn]),
    );
    // The pair did not fit beside 19 others: it went in a batch of its own, together,
    // and both went again after the throttled one's Retry-After.
    expect(batches.map((batch) => batch.length)).toEqual([19, 2, 2]);
    expect(batches[1]).toEqual([
      ['first', undefined],
      ['second', ['first']],
    ]);
    expect(batches[2]).toEqual(batches[1]);
  });

  it('parses each sub-response on its own: one bad body fails only its request', async () => {
    const server = batchServer((sub) =>
      sub.url === '/users/bad'
        ? { status: 200, body: { name: 'x' } }
        : { status: 200, body: { id: 'ok' } },
    );
    const { graph } = fakeGraph(server.fetch);
    const results = await graph.batch(
      [
        { method: 'GET', path: '/users/good' },
        { method: 'GET', path: '/users/bad' },
      ],
      idSchema,
      { scopes },
    );
    expect(results[0]).toMatchObject({ ok: true });
    expect(results[1]).toMatchObject({ ok: false, error: { kind: 'invalid-response' } });
  });
});

describe('packChunks', () => {
  it('fills chunks in order and never splits a dependsOn group', () => {
    const items = [
      { id: 'a', dependsOn: [] },
      { id: 'b', dependsOn: [] },
      { id: 'c', dependsOn: ['b'] },
      { id: 'd', dependsOn: ['c'] },
      { id: 'e', dependsOn: [] },
    ];
    expect(packChunks(items, 3).map((chunk) => chunk.map((item) => item.id))).toEqual([
      ['a'],
      ['b', 'c', 'd'],
      ['e'],
    ]);
  });

  it('refuses a group larger than a batch', () => {
    const chain = Array.from({ length: 4 }, (_, index) => ({
      id: String(index),
      dependsOn: index === 0 ? [] : [String(index - 1)],
    }));
    expect(() => packChunks(chain, 3)).toThrow(/does not fit/);
  });
});

describe('retrying without Retry-After (a page behind Graph CORS never sees it)', () => {
  it('re-sends sub-requests answered 502 or 429 without Retry-After, after a throttling backoff', async () => {
    const server = batchServer((sub, round) =>
      round === 1
        ? { status: sub.id === '1' ? 429 : 502, body: { error: { code: 'x' } } }
        : { status: 200, body: { id: sub.id } },
    );
    // random() = 0.5: the wait is half the backoff ceiling, 2 s for a 429 in the first round.
    const { graph, clock } = fakeGraph(server.fetch, { random: () => 0.5 });
    const results = await graph.batch(
      [
        { method: 'GET', path: '/users/a' },
        { method: 'GET', path: '/users/b' },
      ],
      idSchema,
      { scopes },
    );
    expect(results.map((result) => result.ok)).toEqual([true, true]);
    expect(server.seen).toHaveLength(2);
    expect(clock.sleeps).toEqual([1_000]);
  });

  it('waits a full-jitter backoff on a bare 429, and honours Retry-After when it is visible', async () => {
    const answers = [
      json(429, { error: { code: 'TooManyRequests' } }),
      json(429, { error: { code: 'TooManyRequests' } }, { 'Retry-After': '3' }),
      json(200, { id: 'me' }),
    ];
    const server = scriptedFetch(answers.map((answer) => () => answer));
    const { graph, clock } = fakeGraph(server.fetch, { random: () => 0.25 });
    await expect(graph.get('/me', idSchema, { scopes })).resolves.toEqual({ id: 'me' });
    // 0.25 × 2 s for the bare 429; then the 3 s Retry-After.
    expect(clock.sleeps).toEqual([500, 3_000]);
  });
});
