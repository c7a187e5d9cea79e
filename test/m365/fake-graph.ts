/**
 * Small fakes for the Graph client's mechanics: a scripted `fetch`, a fake
 * clock whose `sleep` only records and advances time, and a seeded random.
 */
import { createGraphClient, type GraphClient } from '../../src/m365/graph-client.ts';
import type { FetchLike } from '../../src/m365/http-pipeline.ts';
import { createRetryPolicy, type RetryOptions } from '../../src/m365/retry-policy.ts';

export const ROOT = 'https://graph.fake.test';
export const BASE = `${ROOT}/v1.0`;

export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Headers;
  readonly body: unknown;
}

export type Answer = Response | Error | ((request: SeenRequest) => Response | Error);

/** A fetch that answers from `answers` in order (the last one repeats) and records every request. */
export function scriptedFetch(answers: readonly Answer[]) {
  const seen: SeenRequest[] = [];
  const fetchFn: FetchLike = async (request) => {
    const text = await request.text();
    const entry: SeenRequest = {
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: text === '' ? undefined : JSON.parse(text),
    };
    seen.push(entry);
    const answer = answers[Math.min(seen.length - 1, answers.length - 1)];
    if (answer === undefined) throw new Error('no scripted answer');
    const resolved = typeof answer === 'function' ? answer(entry) : answer;
    if (resolved instanceof Error) throw resolved;
    return resolved.clone();
  };
  return { fetch: fetchFn, seen };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

export function graphErrorBody(code: string, message = code) {
  return { error: { code, message } };
}

/** A clock that never waits: `sleep` advances `now` and records the delay. */
export function fakeClock(start = Date.parse('2026-11-28T09:00:00Z')) {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: (ms: number) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

/** Mulberry32: a small seeded generator, so jitter is repeatable. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const staticToken = { getAccessToken: () => Promise.resolve('token-1') };

export function fakeGraph(
  fetchFn: FetchLike,
  retry: RetryOptions = {},
): { graph: GraphClient; clock: ReturnType<typeof fakeClock> } {
  const clock = fakeClock();
  const policy = createRetryPolicy({
    sleep: clock.sleep,
    now: clock.now,
    random: seededRandom(7),
    ...retry,
  });
  return { graph: createGraphClient(staticToken, ROOT, { fetch: fetchFn, retry: policy }), clock };
}
