/**
 * Where a persistent emulator keeps its state. The core only needs these three operations on a
 * JSON text, so it stays runtime-neutral; file-storage.ts implements them for Node, and tests can
 * use the in-memory one.
 */
export interface EmulatorStorage {
  /** The stored snapshot, or null when there is none yet. */
  load(): Promise<string | null>;
  /** Replaces the stored snapshot; must be atomic (a crash leaves the old or the new one). */
  save(snapshot: string): Promise<void>;
  /** Removes the stored snapshot (a reset). */
  clear(): Promise<void>;
}

export interface MemoryStorage extends EmulatorStorage {
  /** What is stored now. */
  current(): string | null;
  /** How many times `save` was called. */
  saves(): number;
}

export function createMemoryStorage(initial: string | null = null): MemoryStorage {
  let stored = initial;
  let count = 0;
  return {
    load: () => Promise.resolve(stored),
    save(snapshot) {
      stored = snapshot;
      count += 1;
      return Promise.resolve();
    },
    clear() {
      stored = null;
      return Promise.resolve();
    },
    current: () => stored,
    saves: () => count,
  };
}
