/**
 * Fault injection: with a configured rate, a Graph or SharePoint REST request (each `$batch`
 * sub-request on its own) is throttled (429 + Retry-After), refused (503), delayed, or performed
 * and then its connection dropped. Draws come from a seeded PRNG, so a run with the same seed and
 * the same sequence of requests injects the same faults.
 */
import { z } from 'zod';

export const faultKinds = ['429', '503', 'latency', 'drop-after-write'] as const;
export type FaultKind = (typeof faultKinds)[number];

export const faultSettingsSchema = z.strictObject({
  /** Probability (0..1) that an eligible request gets a fault. */
  rate: z.number().min(0).max(1),
  /** The kinds to draw from, uniformly. */
  kinds: z
    .array(z.enum(faultKinds))
    .min(1)
    .default([...faultKinds]),
  retryAfterSeconds: z.number().int().min(0).max(3600).default(1),
  latencyMs: z.number().int().min(0).max(60_000).default(250),
  seed: z.number().int().default(1),
  /** Only these methods are eligible (e.g. `["POST"]`); default all. */
  methods: z.array(z.string().min(1)).optional(),
  /** Only paths matching this regular expression (source text) are eligible. */
  pathPattern: z.string().optional(),
  /** Stop injecting after this many faults. */
  maxFaults: z.number().int().positive().optional(),
});

export type FaultSettingsInput = z.input<typeof faultSettingsSchema>;
export type FaultSettings = z.output<typeof faultSettingsSchema>;

export interface FaultCounters {
  /** Requests that were eligible for a fault while faults were on. */
  readonly eligible: number;
  readonly injected: Readonly<Record<FaultKind, number>>;
  readonly total: number;
}

export interface FaultController {
  /** Switches faults on (or changes them); restarts the PRNG from the seed, keeps counters. */
  configure(settings: FaultSettingsInput): FaultSettings;
  /** Switches faults off; counters are kept until `resetCounters`. */
  clear(): void;
  settings(): FaultSettings | null;
  counters(): FaultCounters;
  resetCounters(): void;
  /** The fault for one request, or null. Used by the emulator for each eligible request. */
  draw(method: string, pathname: string): FaultKind | null;
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
  return { '429': 0, '503': 0, latency: 0, 'drop-after-write': 0 };
}

export function createFaultController(initial?: FaultSettingsInput): FaultController {
  let current: FaultSettings | null = null;
  let pattern: RegExp | null = null;
  let random = createPrng(1);
  let eligible = 0;
  let injected = zeroCounts();

  const controller: FaultController = {
    configure(settings) {
      const parsed = faultSettingsSchema.parse(settings);
      pattern = parsed.pathPattern === undefined ? null : new RegExp(parsed.pathPattern, 'i');
      random = createPrng(parsed.seed);
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
        total: Object.values(counts).reduce((sum, count) => sum + count, 0),
      };
    },
    resetCounters() {
      eligible = 0;
      injected = zeroCounts();
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
      const total = Object.values(injected).reduce((sum, count) => sum + count, 0);
      if (settings.maxFaults !== undefined && total >= settings.maxFaults) return null;
      eligible += 1;
      if (random() >= settings.rate) return null;
      const kind = settings.kinds[Math.floor(random() * settings.kinds.length)] ?? null;
      if (kind !== null) injected[kind] += 1;
      return kind;
    },
  };
  if (initial !== undefined) controller.configure(initial);
  return controller;
}

/** Waits, in a runtime-neutral way (timers exist in browsers, workers and Node). */
export function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
