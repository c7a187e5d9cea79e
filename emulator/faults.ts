/**
 * Fault injection and Graph's variance, from a seeded PRNG, so a run with the same seed and the
 * same sequence of requests behaves the same.
 *
 * - Faults: with a configured rate, a Graph or SharePoint REST request (each `$batch`
 *   sub-request on its own) is throttled (429), refused (503, or 502/504 from the gateway),
 *   delayed, or performed and then its connection dropped.
 * - Variants (apply while faults are configured, whatever the rate): whether 429 and 503 carry
 *   `Retry-After`, the status of a unique-column conflict (409, 400 or 500), `$batch` responses
 *   out of request order, short and empty pages that still have a next link, and directory
 *   results that hold other object types than users and groups.
 *
 * Variant draws use a PRNG of their own, so switching a variant on does not move the faults.
 */
import { z } from 'zod';

export const faultKinds = ['429', '503', '502', '504', 'latency', 'drop-after-write'] as const;
export type FaultKind = (typeof faultKinds)[number];

/** The kinds drawn when none are given (the gateway errors are opt-in). */
export const defaultFaultKinds: readonly FaultKind[] = [
  '429',
  '503',
  'latency',
  'drop-after-write',
];

const presence = z.enum(['always', 'never', 'sometimes']);
export type HeaderPresence = z.infer<typeof presence>;

export const faultSettingsSchema = z.strictObject({
  /** Probability (0..1) that an eligible request gets a fault. */
  rate: z.number().min(0).max(1),
  /** The kinds to draw from, uniformly. */
  kinds: z
    .array(z.enum(faultKinds))
    .min(1)
    .default([...defaultFaultKinds]),
  retryAfterSeconds: z.number().int().min(0).max(3600).default(1),
  /** Whether a 429 carries `Retry-After` (Graph: usually; not always). */
  retryAfter429: presence.default('always'),
  /** Whether a 503 carries `Retry-After` (Graph: sometimes). */
  retryAfter503: presence.default('never'),
  latencyMs: z.number().int().min(0).max(60_000).default(250),
  seed: z.number().int().default(1),
  /** Only these methods are eligible (e.g. `["POST"]`); default all. */
  methods: z.array(z.string().min(1)).optional(),
  /** Only paths matching this regular expression (source text) are eligible. */
  pathPattern: z.string().optional(),
  /** Stop injecting after this many faults. */
  maxFaults: z.number().int().positive().optional(),
  /** The status of a duplicate in a unique column: `mixed` draws one of the three per conflict. */
  uniqueConflict: z.enum(['409', '400', '500', 'mixed']).default('409'),
  /** `shuffled`: `$batch` responses in a drawn order, not the request order. */
  batchOrder: z.enum(['request', 'shuffled']).default('request'),
  /** `varied`: list pages (items, REST items, directory) may be short or empty with a next link. */
  paging: z.enum(['full', 'varied']).default('full'),
  /** `mixed`: directory results also hold org contacts, devices, service principals, roles... */
  directoryObjects: z.enum(['users-and-groups', 'mixed']).default('users-and-groups'),
});

export type FaultSettingsInput = z.input<typeof faultSettingsSchema>;
export type FaultSettings = z.output<typeof faultSettingsSchema>;

export const variantKinds = [
  'retry-after-omitted',
  'retry-after-added',
  'unique-409',
  'unique-400',
  'unique-500',
  'batch-shuffled',
  'short-page',
  'empty-page',
  'trailing-next-link',
  'other-directory-objects',
] as const;
export type VariantKind = (typeof variantKinds)[number];

export interface FaultCounters {
  /** Requests that were eligible for a fault while faults were on. */
  readonly eligible: number;
  readonly injected: Readonly<Record<FaultKind, number>>;
  readonly total: number;
  /** How often each variant was served. */
  readonly variants: Readonly<Record<VariantKind, number>>;
}

/** How much of a collection one page holds, and whether it gets a next link. */
export interface PageWindow {
  readonly take: number;
  readonly nextLink: boolean;
}

export interface FaultController {
  /** Switches faults on (or changes them); restarts the PRNGs from the seed, keeps counters. */
  configure(settings: FaultSettingsInput): FaultSettings;
  /** Switches faults off; counters are kept until `resetCounters`. */
  clear(): void;
  settings(): FaultSettings | null;
  counters(): FaultCounters;
  resetCounters(): void;
  /** The fault for one request, or null. Used by the emulator for each eligible request. */
  draw(method: string, pathname: string): FaultKind | null;
  /** Whether a 429 or 503 the emulator sends carries `Retry-After`. */
  retryAfterFor(status: 429 | 503): boolean;
  /** The status SharePoint answers a duplicate in a unique column with. */
  uniqueConflictStatus(): 409 | 400 | 500;
  /** `$batch` responses in the order they are sent. */
  orderBatch<T>(responses: readonly T[]): T[];
  /**
   * One page of a collection: `remaining` items from the page's start, `top` the page size.
   * `canBeEmpty` is false where an empty page could not carry a position to go on from.
   */
  pageWindow(remaining: number, top: number, canBeEmpty: boolean): PageWindow;
  /** Whether directory results also hold other object types. */
  mixedDirectoryObjects(): boolean;
}

/** mulberry32: small, fast and good enough to pick faults reproducibly. */
export function createPrng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

function zeroCounts(): Record<FaultKind, number> {
  return { '429': 0, '503': 0, '502': 0, '504': 0, latency: 0, 'drop-after-write': 0 };
}

function zeroVariants(): Record<VariantKind, number> {
  return {
    'retry-after-omitted': 0,
    'retry-after-added': 0,
    'unique-409': 0,
    'unique-400': 0,
    'unique-500': 0,
    'batch-shuffled': 0,
    'short-page': 0,
    'empty-page': 0,
    'trailing-next-link': 0,
    'other-directory-objects': 0,
  };
}

// A second stream for variants: the seed's bits flipped, so it never equals the fault stream.
const VARIANT_SEED_MASK = 0x5bd1e995;

export function createFaultController(initial?: FaultSettingsInput): FaultController {
  let current: FaultSettings | null = null;
  let pattern: RegExp | null = null;
  let random = createPrng(1);
  let variantRandom = createPrng(1 ^ VARIANT_SEED_MASK);
  let eligible = 0;
  let injected = zeroCounts();
  let variants = zeroVariants();

  const count = (kind: VariantKind): void => {
    variants[kind] += 1;
  };

  const controller: FaultController = {
    configure(settings) {
      const parsed = faultSettingsSchema.parse(settings);
      pattern = parsed.pathPattern === undefined ? null : new RegExp(parsed.pathPattern, 'i');
      random = createPrng(parsed.seed);
      variantRandom = createPrng(parsed.seed ^ VARIANT_SEED_MASK);
      current = parsed;
      return parsed;
    },
    clear() {
      current = null;
      pattern = null;
    },
    settings: () => current,
    counters() {
      const counts = { ...injected };
      return {
        eligible,
        injected: counts,
        total: Object.values(counts).reduce((sum, value) => sum + value, 0),
        variants: { ...variants },
      };
    },
    resetCounters() {
      eligible = 0;
      injected = zeroCounts();
      variants = zeroVariants();
    },
    draw(method, pathname) {
      const settings = current;
      if (settings === null) return null;
      const upper = method.toUpperCase();
      if (
        settings.methods !== undefined &&
        !settings.methods.some((m) => m.toUpperCase() === upper)
      ) {
        return null;
      }
      if (pattern !== null && !pattern.test(pathname)) return null;
      const total = Object.values(injected).reduce((sum, value) => sum + value, 0);
      if (settings.maxFaults !== undefined && total >= settings.maxFaults) return null;
      eligible += 1;
      if (random() >= settings.rate) return null;
      const kind = settings.kinds[Math.floor(random() * settings.kinds.length)] ?? null;
      if (kind !== null) injected[kind] += 1;
      return kind;
    },
    retryAfterFor(status) {
      if (current === null) return status === 429;
      const mode = status === 429 ? current.retryAfter429 : current.retryAfter503;
      const present = mode === 'sometimes' ? variantRandom() < 0.5 : mode === 'always';
      if (status === 429 && !present) count('retry-after-omitted');
      if (status === 503 && present) count('retry-after-added');
      return present;
    },
    uniqueConflictStatus() {
      const mode = current?.uniqueConflict ?? '409';
      const status =
        mode === 'mixed'
          ? (([409, 400, 500] as const)[Math.floor(variantRandom() * 3)] ?? 409)
          : mode === '400'
            ? 400
            : mode === '500'
              ? 500
              : 409;
      if (current !== null) {
        count(status === 409 ? 'unique-409' : status === 400 ? 'unique-400' : 'unique-500');
      }
      return status;
    },
    orderBatch(responses) {
      const ordered = [...responses];
      if (current?.batchOrder !== 'shuffled' || ordered.length < 2) return ordered;
      const before = [...ordered];
      // Fisher-Yates; a draw that leaves the order as it was is shifted by one, so every
      // shuffled batch really is out of order.
      for (let index = ordered.length - 1; index > 0; index -= 1) {
        const other = Math.floor(variantRandom() * (index + 1));
        const swap = ordered[index];
        const moved = ordered[other];
        if (swap === undefined || moved === undefined) continue;
        ordered[index] = moved;
        ordered[other] = swap;
      }
      if (ordered.every((entry, index) => entry === before[index])) {
        const first = ordered.shift();
        if (first !== undefined) ordered.push(first);
      }
      count('batch-shuffled');
      return ordered;
    },
    pageWindow(remaining, top, canBeEmpty) {
      const full = Math.max(0, Math.min(top, remaining));
      if (current?.paging !== 'varied') return { take: full, nextLink: remaining > top };
      if (remaining === 0) return { take: 0, nextLink: false };
      const draw = variantRandom();
      if (canBeEmpty && draw < 0.2) {
        count('empty-page');
        return { take: 0, nextLink: true };
      }
      if (draw < 0.6 && full > 1) {
        count('short-page');
        return { take: 1 + Math.floor(variantRandom() * (full - 1)), nextLink: true };
      }
      if (remaining <= top && variantRandom() < 0.3) {
        // The last items, and a next link that leads to an empty page.
        count('trailing-next-link');
        return { take: full, nextLink: true };
      }
      return { take: full, nextLink: remaining > top };
    },
    mixedDirectoryObjects() {
      const mixed = current?.directoryObjects === 'mixed';
      if (mixed) count('other-directory-objects');
      return mixed;
    },
  };
  if (initial !== undefined) controller.configure(initial);
  return controller;
}

/** Waits, in a runtime-neutral way (timers exist in browsers, workers and Node). */
export function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
