/**
 * When and how long to wait before trying a Graph call again. One policy object
 * serves the retry middleware, the `$batch` re-send loop and the ledger's
 * ambiguous-write loop, so tests inject one fake clock for all of them.
 */

export interface RetryOptions {
  /** Attempts in all, the first included. Default 4 (three retries). */
  readonly maxAttempts?: number;
  /** First backoff ceiling when the service gives no `Retry-After`. Default 500 ms. */
  readonly baseDelayMs?: number;
  /**
   * First backoff ceiling for a 429 that came without `Retry-After` (a page never sees the
   * header: Graph's CORS does not expose it). Throttling lasts seconds, so waiting only
   * `baseDelayMs` would mostly ask again while still throttled. Default 2 s.
   */
  readonly throttledBaseDelayMs?: number;
  /** Largest backoff ceiling. Default 8 s. */
  readonly maxBackoffMs?: number;
  /**
   * The longest `Retry-After` we wait for in-line. A longer one is not shortened
   * (asking again early only extends SharePoint's throttling): the call fails
   * as `throttled` with `retryAfterMs`, and the caller decides (a UI says
   * "try again later"; a queue reschedules). Default 30 s.
   */
  readonly maxRetryAfterMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1), as Math.random. */
  readonly random?: () => number;
  readonly now?: () => number;
}

export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly maxRetryAfterMs: number;
  /**
   * Full jitter: a uniform delay in [0, min(maxBackoff, base * 2^(attempt-1))). `attempt` counts
   * from 1; `throttled` (a 429) starts from `throttledBaseDelayMs`.
   */
  backoffMs(attempt: number, throttled?: boolean): number;
  /** `Retry-After` as milliseconds (seconds or an HTTP date), or undefined when absent or unreadable. */
  retryAfterMs(header: string | null | undefined): number | undefined;
  /** The wait before the next attempt: `Retry-After` when given (and visible), else backoff. */
  delayMs(attempt: number, retryAfterMs: number | undefined, throttled?: boolean): number;
  sleep(ms: number): Promise<void>;
}

/** Statuses that mean "not now": throttled, unavailable, and the gateway's bad gateway / timeout. */
export const retryableStatuses: ReadonlySet<number> = new Set([429, 502, 503, 504]);

const realSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

export function createRetryPolicy(options: RetryOptions = {}): RetryPolicy {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 4);
  const baseDelayMs = options.baseDelayMs ?? 500;
  const throttledBaseDelayMs = options.throttledBaseDelayMs ?? 2_000;
  const maxBackoffMs = options.maxBackoffMs ?? 8_000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;

  const backoffMs = (attempt: number, throttled = false): number => {
    const base = throttled ? throttledBaseDelayMs : baseDelayMs;
    const ceiling = Math.min(maxBackoffMs, base * 2 ** Math.max(0, attempt - 1));
    return Math.floor(random() * ceiling);
  };

  return {
    maxAttempts,
    maxRetryAfterMs,
    backoffMs,
    retryAfterMs(header) {
      const value = header?.trim();
      if (value === undefined || value === '') return undefined;
      if (/^\d+$/.test(value)) return Number(value) * 1000;
      const date = Date.parse(value);
      if (Number.isNaN(date)) return undefined;
      return Math.max(0, date - now());
    },
    delayMs(attempt, retryAfterMs, throttled = false) {
      return retryAfterMs ?? backoffMs(attempt, throttled);
    },
    sleep,
  };
}
