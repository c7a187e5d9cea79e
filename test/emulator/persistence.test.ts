// @vitest-environment node
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DOKUMENTSENTERET_TEAM_ID, TRIAGE_CHANNEL_ID } from '../../emulator/emulator-config.ts';
import { createMemoryStorage } from '../../emulator/emulator-storage.ts';
import { createFileStorage } from '../../emulator/file-storage.ts';
// What is kept across a restart, not when mail arrives (mail-delivery.test.ts): no delay.
import { INSTANT_DELIVERY } from '../../emulator/mail-limits.ts';
import { createGraphEmulator } from '../../emulator/graph-emulator.ts';
import { eventsList } from '../../src/m365/ledger-schema.ts';
import {
  clientFor,
  expectJson,
  expectStatus,
  graphErrorSchema,
  graphGet,
  ORIGIN,
  readJson,
} from './emulator-test-kit.ts';
import { provisionLedger } from './ledger-provisioning.ts';

const run = promisify(execFile);
const countSchema = z.object({ value: z.array(z.unknown()) });

let directory = '';
let file = '';

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'emulator-state-'));
  file = join(directory, 'nested', 'emulator.json');
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('persistence to a local file', () => {
  it('keeps sites, lists, items, permissions, mail, channel messages and the signing key across a restart', async () => {
    const first = createGraphEmulator({
      storage: createFileStorage(file),
      mailLimits: INSTANT_DELIVERY,
    });
    const hakon = await clientFor(first, 'hakon.odegard@bodo.example');
    const ola = await clientFor(first, 'ola.hansen@bodo.example');
    const sigrid = await clientFor(first, 'sigrid.lund@bodo.example');
    const ledger = await provisionLedger(first, hakon);
    const item = await expectJson(
      await ola.call('POST', ledger.itemsPath(eventsList), {
        fields: {
          EventId: 'e-1',
          StreamId: 's',
          StreamKind: 'request',
          EventType: 'request.submitted',
          Payload: '{}',
          SchemaVersion: 1,
        },
      }),
      201,
      z.object({ id: z.string(), eTag: z.string() }),
    );
    await expectStatus(
      await ola.call('POST', '/me/sendMail', {
        message: {
          subject: 'Til Sigrid',
          body: { contentType: 'text', content: 'hei' },
          toRecipients: [{ emailAddress: { address: 'sigrid.lund@bodo.example' } }],
          internetMessageHeaders: [{ name: 'x-ref', value: '1' }],
        },
      }),
      202,
    );
    const channelPath = `/teams/${DOKUMENTSENTERET_TEAM_ID}/channels/${encodeURIComponent(TRIAGE_CHANNEL_ID)}/messages`;
    await expectStatus(
      await sigrid.call('POST', channelPath, { body: { content: 'Ny sak' } }),
      201,
    );
    // Write-through: the file already has the item, without waiting for a flush.
    expect(await readFile(file, 'utf8')).toContain('"EventId":"e-1"');
    await first.flush();

    const second = createGraphEmulator({
      storage: createFileStorage(file),
      mailLimits: INSTANT_DELIVERY,
    });
    // A token issued before the restart is still valid: the signing key was kept.
    const me = await graphGet(second, ola.token, '/me');
    expect(me.status).toBe(200);
    const read = await expectJson(
      await graphGet(
        second,
        ola.token,
        `${ledger.itemsPath(eventsList)}/${item.id}?$expand=fields`,
      ),
      200,
      z.object({ eTag: z.string(), createdBy: z.object({ user: z.object({ id: z.string() }) }) }),
    );
    expect(read).toMatchObject({ eTag: item.eTag, createdBy: { user: { id: ola.userId } } });
    // Permissions survived: staff still cannot edit the event.
    const patch = await second.handle(
      new Request(`${ORIGIN}/graph/v1.0${ledger.itemsPath(eventsList)}/${item.id}/fields`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${ola.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ EventType: 'x' }),
      }),
    );
    expect(patch.status).toBe(403);
    const inbox = await expectJson(
      await graphGet(second, sigrid.token, '/me/mailFolders/inbox/messages'),
      200,
      countSchema,
    );
    expect(inbox.value).toHaveLength(1);
    const channel = await expectJson(
      await graphGet(second, sigrid.token, channelPath),
      200,
      countSchema,
    );
    expect(channel.value).toHaveLength(1);
    // The provisioner finds everything in place after the restart.
    const again = await provisionLedger(second, {
      ...hakon,
      ...(await clientFor(second, 'hakon.odegard@bodo.example')),
    });
    expect(again.listIds).toEqual(ledger.listIds);

    const leftovers = (await readdir(join(directory, 'nested'))).filter(
      (name) => name !== 'emulator.json',
    );
    expect(leftovers).toEqual([]);
  });

  it('starts clean on reset: the file is deleted and old tokens are refused', async () => {
    const emulator = createGraphEmulator({
      storage: createFileStorage(file),
      mailLimits: INSTANT_DELIVERY,
    });
    const hakon = await clientFor(emulator, 'hakon.odegard@bodo.example');
    await expectStatus(
      await hakon.call('POST', `/sites/${emulator.site.id}/lists`, { displayName: 'Midlertidig' }),
      201,
    );
    await emulator.reset();
    await expect(readFile(file, 'utf8')).rejects.toThrow();
    expect((await graphGet(emulator, hakon.token, '/me')).status).toBe(401);
    const fresh = await clientFor(emulator, 'hakon.odegard@bodo.example');
    const lists = await expectJson(
      await fresh.get(`/sites/${emulator.site.id}/lists`),
      200,
      countSchema,
    );
    expect(lists.value).toEqual([]);
    // It keeps persisting after a reset.
    await expectStatus(
      await fresh.call('POST', `/sites/${emulator.site.id}/lists`, { displayName: 'Etter' }),
      201,
    );
    expect(await readFile(file, 'utf8')).toContain('"displayName":"Etter"');
  });

  it('refuses a corrupt or foreign file loudly, and recovers on POST /_emulator/reset', async () => {
    await writeFile(file.replace('nested/', ''), '{"format":"something else"}');
    const emulator = createGraphEmulator({
      mailLimits: INSTANT_DELIVERY,
      storage: createFileStorage(file.replace('nested/', '')),
    });
    const token = await emulator.issueToken('kari.nordmann@bodo.example');
    const failing = await graphGet(emulator, token, '/me');
    expect(failing.status).toBe(500);
    expect((await readJson(failing, graphErrorSchema)).error.message).toContain(
      'could not load its stored state',
    );
    const reset = await emulator.handle(
      new Request(`${ORIGIN}/_emulator/reset`, { method: 'POST' }),
    );
    expect(reset.status).toBe(204);
    const fresh = await emulator.issueToken('kari.nordmann@bodo.example');
    expect((await graphGet(emulator, fresh, '/me')).status).toBe(200);

    const other = createMemoryStorage();
    const elsewhere = createGraphEmulator({
      storage: other,
      site: { path: '/sites/annet' },
      mailLimits: INSTANT_DELIVERY,
    });
    const hakon = await clientFor(elsewhere, 'hakon.odegard@bodo.example');
    await expectStatus(
      await hakon.call('POST', `/sites/${elsewhere.site.id}/lists`, { displayName: 'X' }),
      201,
    );
    const mismatched = createGraphEmulator({
      storage: createMemoryStorage(other.current()),
      mailLimits: INSTANT_DELIVERY,
    });
    const response = await graphGet(
      mismatched,
      await mismatched.issueToken('kari.nordmann@bodo.example'),
      '/me',
    );
    expect((await readJson(response, graphErrorSchema)).error.message).toContain('/sites/annet');
  });

  it('coalesces concurrent saves, and the last save has every write', async () => {
    // A slow disk: writes that arrive while a save runs share the next one.
    const memory = createMemoryStorage();
    const storage = {
      ...memory,
      save: async (snapshot: string) => {
        await new Promise((resolve) => setTimeout(resolve, 15));
        await memory.save(snapshot);
      },
      saves: () => memory.saves(),
      current: () => memory.current(),
    };
    const emulator = createGraphEmulator({ storage, mailLimits: INSTANT_DELIVERY });
    const hakon = await clientFor(emulator, 'hakon.odegard@bodo.example');
    const list = await expectJson(
      await hakon.call('POST', `/sites/${emulator.site.id}/lists`, { displayName: 'Mange' }),
      201,
      z.object({ id: z.string() }),
    );
    const before = storage.saves();
    await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        hakon.call('POST', `/sites/${emulator.site.id}/lists/${list.id}/items`, {
          fields: { Title: `n${index}` },
        }),
      ),
    );
    await emulator.flush();
    expect(storage.saves() - before).toBeLessThan(30);
    const restored = createGraphEmulator({
      storage: createMemoryStorage(storage.current()),
      mailLimits: INSTANT_DELIVERY,
    });
    const token = await restored.issueToken('hakon.odegard@bodo.example');
    const items = await expectJson(
      await graphGet(restored, token, `/sites/${restored.site.id}/lists/${list.id}/items?$top=100`),
      200,
      countSchema,
    );
    expect(items.value).toHaveLength(30);
  });

  it('has a reset command that deletes the file', async () => {
    const emulator = createGraphEmulator({
      storage: createFileStorage(file),
      mailLimits: INSTANT_DELIVERY,
    });
    const hakon = await clientFor(emulator, 'hakon.odegard@bodo.example');
    await expectStatus(
      await hakon.call('POST', `/sites/${emulator.site.id}/lists`, { displayName: 'Slettes' }),
      201,
    );
    const { stdout } = await run(join('node_modules', '.bin', 'tsx'), [
      'emulator/reset-cli.ts',
      '--file',
      file,
      '--no-server',
    ]);
    expect(stdout).toContain('Deleted');
    await expect(readFile(file, 'utf8')).rejects.toThrow();
  });
});
