// @vitest-environment node
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { demoPersonIds } from '../../emulator/directory-data.ts';
import { createGraphEmulator } from '../../emulator/graph-emulator.ts';
import { eventsList, textsList } from '../../src/m365/ledger-schema.ts';
import { graphAs, runProvisioning, SITE_URL } from './emulator-kit.ts';

const listSchema = z.object({ id: z.string(), name: z.string(), displayName: z.string() });
const columnSchema = z.object({
  name: z.string(),
  required: z.boolean(),
  indexed: z.boolean(),
  enforceUniqueValues: z.boolean(),
});

describe('provisioning against the emulator, as the site owner', () => {
  it('creates everything on a first run and changes nothing on a second', async () => {
    const emulator = createGraphEmulator();
    const first = await runProvisioning(emulator);
    expect(first.changed).toBe(true);
    expect(first.actions.filter((action) => action.outcome === 'warning')).toEqual([]);
    expect(
      first.actions.filter((action) => action.outcome === 'created').length,
    ).toBeGreaterThanOrEqual(2 + 2 + 6);

    const second = await runProvisioning(emulator);
    expect(second.changed).toBe(false);
    expect(second.actions.every((action) => action.outcome === 'unchanged')).toBe(true);
    expect(second.listIds).toEqual(first.listIds);
  });

  it('leaves lists at their URL names, titled, with every column, index and unique id', async () => {
    const emulator = createGraphEmulator();
    await runProvisioning(emulator);
    const owner = graphAs(emulator, demoPersonIds.hakonOdegard);
    const site = `bodokommune.sharepoint.example:/sites/dokumentsenteret:`;
    const lists = await owner.getAll(`/sites/${site}/lists`, listSchema, { scopes: [] });
    for (const planned of [eventsList, textsList]) {
      const list = lists.find((candidate) => candidate.name === planned.name);
      expect(list?.displayName).toBe(planned.displayName);
      const columns = await owner.getAll(
        `/sites/${site}/lists/${list?.id ?? ''}/columns`,
        columnSchema.loose(),
        {
          scopes: [],
        },
      );
      for (const column of planned.columns) {
        expect(columns.find((candidate) => candidate.name === column.name)).toMatchObject({
          required: column.required,
          indexed: column.indexed,
          enforceUniqueValues: column.unique,
        });
      }
    }
    expect(SITE_URL).toContain(emulator.site.path);
  });

  it('gives staff add and read only: no edit, no delete, not even of their own events', async () => {
    const emulator = createGraphEmulator();
    await runProvisioning(emulator);
    const kari = graphAs(emulator, demoPersonIds.kariNordmann);
    const items = `/sites/bodokommune.sharepoint.example:/sites/dokumentsenteret:/lists/${encodeURIComponent(eventsList.displayName)}/items`;
    const created = await kari.request('POST', items, z.object({ id: z.string() }).loose(), {
      scopes: [],
      body: {
        fields: {
          EventId: 'e-1',
          StreamId: 's-1',
          StreamKind: 'request',
          EventType: 'request.submitted',
          Payload: '{}',
          SchemaVersion: 1,
        },
      },
    });
    await expect(
      kari.request('PATCH', `${items}/${created.id}/fields`, z.unknown(), {
        scopes: [],
        body: { EventType: 'request.approved' },
        headers: { 'If-Match': '*' },
      }),
    ).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(
      kari.request('DELETE', `${items}/${created.id}`, z.unknown(), { scopes: [] }),
    ).rejects.toMatchObject({
      kind: 'forbidden',
    });
  });
});
