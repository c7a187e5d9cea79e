/**
 * Node-only: the emulator's state in a local JSON file (default `.data/emulator.json`, which git
 * ignores). Each save writes a temporary file beside the target, flushes it to disk and renames it
 * over the target, so a crash or a killed dev server leaves either the old or the new state,
 * never half a file. The emulator saves write-through: a change is on disk before its response is
 * sent (saves that overlap are coalesced into one).
 */
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { EmulatorStorage } from './emulator-storage.ts';

export const DEFAULT_EMULATOR_FILE = '.data/emulator.json';

function isMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

export function createFileStorage(file: string = DEFAULT_EMULATOR_FILE): EmulatorStorage {
  const path = resolve(file);
  let sequence = 0;
  return {
    async load() {
      try {
        return await readFile(path, 'utf8');
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },

    async save(snapshot) {
      await mkdir(dirname(path), { recursive: true });
      sequence += 1;
      const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${sequence}.tmp`);
      const handle = await open(temporary, 'w');
      try {
        await handle.writeFile(snapshot, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      try {
        await rename(temporary, path);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    },

    async clear() {
      await rm(path, { force: true });
    },
  };
}
