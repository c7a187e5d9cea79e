// @vitest-environment node
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { demoPersonIds } from '../../emulator/directory-data.ts';
import { createGraphEmulator } from '../../emulator/graph-emulator.ts';
import { buildPlan } from '../../scripts/lib/provision-plan.ts';
import { provision } from '../../scripts/lib/provision-run.ts';
import {
  appendAndReadAllLevel,
  eventsList,
  ledgerLists,
  textsList,
} from '../../src/m365/ledger-schema.ts';
import {
  GRAPH_ROOT,
  graphAs,
  provisionOptions,
  runProvisioning,
  SITE_OWNER,
  SITE_URL,
  tokenFor,
  type Emulator,
} from './emulator-kit.ts';

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

describe('provisioning the lists of decision 014', () => {
  async function rest(
    emulator: Emulator,
    user: string,
    method: string,
    path: string,
    body?: unknown,
  ) {
    const token = await emulator.issueToken(user, {
      scopes: [`${new URL(SITE_URL).origin}/AllSites.FullControl`],
    });
    return emulator.handle(
      new Request(`${SITE_URL}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json;odata=nometadata',
          'content-type': 'application/json;odata=nometadata',
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
  }
  const byTitle = (title: string) => `/_api/web/lists/getbytitle('${encodeURIComponent(title)}')`;
  const settingsSchema = z.object({
    NoCrawl: z.boolean(),
    EnableVersioning: z.boolean(),
    ReadSecurity: z.number(),
  });

  it('keeps every list out of search, versioned, with the planned ReadSecurity', async () => {
    const emulator = createGraphEmulator();
    await runProvisioning(emulator);
    for (const list of ledgerLists) {
      const response = await rest(emulator, SITE_OWNER, 'GET', byTitle(list.displayName));
      expect(settingsSchema.parse(await response.json())).toEqual({
        NoCrawl: true,
        EnableVersioning: true,
        ReadSecurity: list.readSecurity,
      });
    }
  });

  it('takes back the arkivleder’s read of every justification that version 1 gave, and only that', async () => {
    const emulator = createGraphEmulator();
    await runProvisioning(emulator);
    // Version 1 gave the Arkivleder group "read all" on the texts list: put it back as it was.
    const principal = z.object({ Id: z.number() }).parse(
      await (
        await rest(emulator, SITE_OWNER, 'POST', '/_api/web/ensureuser', {
          logonName: `c:0t.c|tenant|${provisionOptions.groups.arkivleder}`,
        })
      ).json(),
    );
    const levels = z
      .object({ value: z.array(z.object({ Id: z.number(), Name: z.string() })) })
      .parse(await (await rest(emulator, SITE_OWNER, 'GET', '/_api/web/roledefinitions')).json());
    const readAll = levels.value.find((level) => level.Name === appendAndReadAllLevel.name);
    const texts = byTitle(textsList.displayName);
    await rest(
      emulator,
      SITE_OWNER,
      'POST',
      `${texts}/roleassignments/addroleassignment(principalid=${principal.Id},roledefid=${readAll?.Id ?? 0})`,
    );
    const hilde = graphAs(emulator, demoPersonIds.hildeArnesen);
    const kari = graphAs(emulator, demoPersonIds.kariNordmann);
    const itemsOf = (title: string) =>
      `/sites/bodokommune.sharepoint.example:/sites/dokumentsenteret:/lists/${encodeURIComponent(title)}/items`;
    await kari.request('POST', itemsOf(textsList.displayName), z.unknown(), {
      scopes: [],
      body: {
        fields: { TextId: 't-1', StreamId: 's-1', Purpose: 'justification', Body: 'Barnesak' },
      },
    });
    const visible = () =>
      hilde.getAll(itemsOf(textsList.displayName), z.unknown(), {
        scopes: [],
        query: { $expand: 'fields' },
      });
    expect(await visible()).toHaveLength(1);

    const again = await runProvisioning(emulator);
    expect(
      again.actions.filter(
        (action) =>
          action.outcome === 'updated' && action.what.includes('took back Entra group Arkivleder'),
      ),
    ).toHaveLength(1);
    expect(again.actions.filter((action) => action.outcome === 'warning')).toEqual([]);
    expect(await visible()).toHaveLength(0);
  });

  it('applies a retention label when given one: nobody, site owners included, deletes an event', async () => {
    const emulator = createGraphEmulator();
    const kari = graphAs(emulator, demoPersonIds.kariNordmann);
    const run = () =>
      provision(buildPlan({ ...provisionOptions, retentionLabel: 'Elements tilgang – arkiv' }), {
        fetch: (request) => emulator.handle(request),
        graphRoot: GRAPH_ROOT,
        graphToken: tokenFor(emulator, SITE_OWNER),
        sharePointToken: tokenFor(emulator, SITE_OWNER),
        retry: { sleep: () => Promise.resolve() },
      });
    const first = await run();
    expect(first.actions.filter((action) => action.what.includes('retention label'))).toHaveLength(
      ledgerLists.length,
    );
    const items = `/sites/bodokommune.sharepoint.example:/sites/dokumentsenteret:/lists/${encodeURIComponent(eventsList.displayName)}/items`;
    const created = await kari.request('POST', items, z.object({ id: z.string() }).loose(), {
      scopes: [],
      body: {
        fields: {
          EventId: 'e-record',
          StreamId: 's-record',
          StreamKind: 'request',
          EventType: 'request.submitted',
          Payload: '{}',
          SchemaVersion: 2,
        },
      },
    });
    const owner = graphAs(emulator, SITE_OWNER);
    await expect(
      owner.request('DELETE', `${items}/${created.id}`, z.unknown(), { scopes: [] }),
    ).rejects.toMatchObject({ status: 403 });
    const second = await run();
    expect(second.changed).toBe(false);
  });
});
