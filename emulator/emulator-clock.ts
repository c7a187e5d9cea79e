/**
 * A clock a test or bench moves by hand, for `createGraphEmulator({ now: clock.now })`: the
 * emulator's timestamps, token lifetimes and Exchange's per-minute sending window all follow it,
 * so "wait a minute" costs no time.
 *
 * ```ts
 * const clock = createManualClock('2025-03-01T08:00:00Z');
 * const emulator = createGraphEmulator({ now: clock.now });
 * clock.advance(61_000);
 * ```
 */
export interface ManualClock {
  /** The current time (a new Date each call); pass as the emulator's `now`. */
  readonly now: () => Date;
  /** Moves the clock forward (or back, with a negative amount); returns the new time. */
  advance(milliseconds: number): Date;
  /** Sets the clock; returns the new time. */
  set(time: Date | string | number): Date;
}

function toMilliseconds(time: Date | string | number): number {
  const value = time instanceof Date ? time.getTime() : new Date(time).getTime();
  if (Number.isNaN(value)) throw new Error(`Not a time: ${String(time)}`);
  return value;
}

export function createManualClock(start: Date | string | number = Date.now()): ManualClock {
  let current = toMilliseconds(start);
  return {
    now: () => new Date(current),
    advance(milliseconds) {
      current += milliseconds;
      return new Date(current);
    },
    set(time) {
      current = toMilliseconds(time);
      return new Date(current);
    },
  };
}
