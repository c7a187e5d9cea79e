// @vitest-environment node
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { demoGroupIds } from '../../emulator/directory-data.ts';
import { createGraphEmulator, type GraphEmulator } from '../../emulator/graph-emulator.ts';
import {
  appendAndReadAllLevel,
  appendAndReadLevel,
  eventsList,
  textsList,
} from '../../src/m365/ledger-schema.ts';
import {
  clientFor,
  type EmulatorClient,
  expectJson,
  expectStatus,
  graphErrorCodeSchema,
  listItemSchema,
  spErrorSchema,
} from './emulator-test-kit.ts';
import {
  DEMO_TENANT,
  maskOf,
  type ProvisionedLedger,
  provisionLedger,
} from './ledger-provisioning.ts';

const owner = 'hakon.odegard@bodo.example';
const itemsSchema = z.object({
  value: z.array(listItemSchema),
  '@odata.nextLink': z.string().optional(),
});
const odataNull = z.object({ 'odata.null': z.literal(true) });
const memberSchema = z.object({
  Id: z.number(),
  LoginName: z.string(),
  Title: z.string(),
  PrincipalType: z.number(),
});
const assignmentsSchema = z.object({
  value: z.array(
    z.object({
      PrincipalId: z.number(),
      Member: memberSchema,
      RoleDefinitionBindings: z.array(
        z.object({
          Id: z.number(),
          Name: z.string(),
          BasePermissions: z.object({ High: z.string(), Low: z.string() }),
        }),
      ),
    }),
  ),
});

let emulator: GraphEmulator;
let ledger: ProvisionedLedger;
let hakon: EmulatorClient;
let ola: EmulatorClient;
let lise: EmulatorClient;
let sigrid: EmulatorClient;
let hilde: EmulatorClient;

function listTitle(displayName: string): string {
  return `/_api/web/lists/getbytitle('${encodeURIComponent(displayName)}')`;
}

async function addText(client: EmulatorClient, textId: string): Promise<string> {
  const created = await expectJson(
    await client.call('POST', ledger.itemsPath(textsList), {
      fields: {
        TextId: textId,
        StreamId: 'req-1',
        Purpose: 'justification',
        Body: `Begrunnelse ${textId}: personalsak`,
      },
    }),
    201,
    listItemSchema,
  );
  return created.id;
}

async function addEvent(
  client: EmulatorClient,
  eventId: string,
): Promise<z.infer<typeof listItemSchema>> {
  return expectJson(
    await client.call('POST', ledger.itemsPath(eventsList), {
      fields: {
        EventId: eventId,
        StreamId: 'req-1',
        StreamKind: 'request',
        EventType: 'request.submitted',
        Payload: '{}',
        SchemaVersion: 1,
      },
    }),
    201,
    listItemSchema,
  );
}

beforeAll(async () => {
  emulator = createGraphEmulator();
  hakon = await clientFor(emulator, owner);
  ola = await clientFor(emulator, 'ola.hansen@bodo.example');
  lise = await clientFor(emulator, 'lise.olsen@bodo.example');
  sigrid = await clientFor(emulator, 'sigrid.lund@bodo.example');
  hilde = await clientFor(emulator, 'hilde.arnesen@bodo.example');
  ledger = await provisionLedger(emulator, hakon);
});

describe('provisioning through Graph and SharePoint REST', () => {
  it("accepts the provisioner's calls and is safe to run twice", async () => {
    const again = await provisionLedger(emulator, hakon);
    expect(again.listIds).toEqual(ledger.listIds);
    expect(again.calls.some((call) => call.startsWith('POST /_api/web/roledefinitions'))).toBe(
      false,
    );
    expect(again.calls.some((call) => call.includes('breakroleinheritance'))).toBe(false);
    const definitions = await expectJson(
      await hakon.sp('GET', '/_api/web/roledefinitions'),
      200,
      z.object({
        value: z.array(
          z.object({
            Name: z.string(),
            BasePermissions: z.object({ High: z.string(), Low: z.string() }),
          }),
        ),
      }),
    );
    const names = definitions.value.map((definition) => definition.Name);
    expect(names.filter((name) => name === appendAndReadLevel.name)).toHaveLength(1);
    expect(names).toEqual(
      expect.arrayContaining(['Full Control', 'Contribute', 'Read', appendAndReadAllLevel.name]),
    );
    expect(
      definitions.value.find((definition) => definition.Name === appendAndReadLevel.name)
        ?.BasePermissions,
    ).toEqual(maskOf(appendAndReadLevel));
  });

  it("sets exactly the schema's role assignments, ReadSecurity and WriteSecurity", async () => {
    for (const list of [eventsList, textsList]) {
      const info = await expectJson(
        await hakon.sp('GET', listTitle(list.displayName)),
        200,
        z.object({
          Id: z.string(),
          Title: z.string(),
          HasUniqueRoleAssignments: z.boolean(),
          ReadSecurity: z.number(),
          WriteSecurity: z.number(),
        }),
      );
      expect(info).toMatchObject({
        Id: ledger.listIds[list.name],
        Title: list.displayName,
        HasUniqueRoleAssignments: true,
        ReadSecurity: list.readSecurity,
        WriteSecurity: list.writeSecurity,
      });
      const assignments = await expectJson(
        await hakon.sp(
          'GET',
          `${listTitle(list.displayName)}/roleassignments?$expand=Member,RoleDefinitionBindings`,
        ),
        200,
        assignmentsSchema,
      );
      const actual = assignments.value
        .flatMap((assignment) =>
          assignment.RoleDefinitionBindings.map(
            (binding) => `${assignment.Member.Title} → ${binding.Name}`,
          ),
        )
        .sort();
      const expected = list.roleAssignments
        .map((assignment) => {
          const who =
            assignment.principal.kind === 'site-owners'
              ? 'Dokumentsenteret Owners'
              : assignment.principal.kind === 'all-staff'
                ? 'Everyone except external users'
                : assignment.principal.group === 'systemansvarlig'
                  ? 'Systemansvarlig'
                  : 'Arkivleder';
          return `${who} → ${assignment.level}`;
        })
        .sort();
      expect(actual).toEqual(expected);
    }
  });

  it('answers ensureuser for all staff, an Entra group and a user, and refuses unknown ones', async () => {
    const everyone = await expectJson(
      await hakon.sp('POST', '/_api/web/ensureuser', {
        logonName: `c:0-.f|rolemanager|spo-grid-all-users/${DEMO_TENANT}`,
      }),
      200,
      memberSchema,
    );
    expect(everyone).toMatchObject({ Title: 'Everyone except external users', PrincipalType: 4 });
    const group = await expectJson(
      await hakon.sp('POST', '/_api/web/ensureuser', {
        logonName: `c:0t.c|tenant|${demoGroupIds.systemansvarlig}`,
      }),
      200,
      memberSchema,
    );
    expect(group).toMatchObject({ Title: 'Systemansvarlig', PrincipalType: 4 });
    const user = await expectJson(
      await hakon.sp('POST', '/_api/web/ensureuser', {
        logonName: 'i:0#.f|membership|kari.nordmann@bodo.example',
      }),
      200,
      memberSchema,
    );
    expect(user).toMatchObject({
      Title: 'Kari Nordmann',
      PrincipalType: 1,
      LoginName: 'i:0#.f|membership|kari.nordmann@bodo.example',
    });
    const again = await expectJson(
      await hakon.sp('POST', '/_api/web/ensureuser', {
        logonName: 'i:0#.f|membership|kari.nordmann@bodo.example',
      }),
      200,
      memberSchema,
    );
    expect(again.Id).toBe(user.Id);
    for (const logonName of [
      'c:0-.f|rolemanager|spo-grid-all-users/11111111-1111-4111-8111-111111111111',
      'i:0#.f|membership|nobody@bodo.example',
      `c:0t.c|tenant|11111111-1111-4111-8111-111111111111`,
    ]) {
      const response = await hakon.sp('POST', '/_api/web/ensureuser', { logonName });
      expect(response.status).toBe(404);
      await expectJson(response, 404, spErrorSchema);
    }
  });

  it('gives whoever breaks inheritance without copying Full Control, as SharePoint does', async () => {
    await expectStatus(
      await hakon.call('POST', `/sites/${ledger.siteId}/lists`, { displayName: 'Arbeidsliste' }),
      201,
    );
    const path = listTitle('Arbeidsliste');
    await expectJson(
      await hakon.sp(
        'POST',
        `${path}/breakroleinheritance(copyRoleAssignments=false,clearSubscopes=true)`,
      ),
      200,
      odataNull,
    );
    const assignments = await expectJson(
      await hakon.sp('GET', `${path}/roleassignments?$expand=Member,RoleDefinitionBindings`),
      200,
      assignmentsSchema,
    );
    expect(
      assignments.value.map(
        (assignment) =>
          `${assignment.Member.Title}: ${assignment.RoleDefinitionBindings.map((b) => b.Name).join()}`,
      ),
    ).toEqual(['Håkon Ødegård: Full Control']);
  });

  it('refuses role assignments on a list that inherits, and unknown principals or levels', async () => {
    await expectStatus(
      await hakon.call('POST', `/sites/${ledger.siteId}/lists`, { displayName: 'Arvende' }),
      201,
    );
    const inheriting = await hakon.sp(
      'POST',
      `${listTitle('Arvende')}/roleassignments/addroleassignment(principalid=6,roledefid=1073741829)`,
    );
    expect((await expectJson(inheriting, 400, spErrorSchema))['odata.error'].message.value).toBe(
      'This operation is not allowed on an object that inherits permissions.',
    );
    const events = listTitle(eventsList.displayName);
    const unknownPrincipal = await hakon.sp(
      'POST',
      `${events}/roleassignments/addroleassignment(principalid=9999,roledefid=1073741829)`,
    );
    expect(
      (await expectJson(unknownPrincipal, 400, spErrorSchema))['odata.error'].message.value,
    ).toBe('Can not find the principal with id: 9999.');
    await expectStatus(
      await hakon.sp(
        'POST',
        `${events}/roleassignments/addroleassignment(principalid=6,roledefid=42)`,
      ),
      400,
    );
    const missing = await hakon.sp('GET', listTitle('Finnes ikke'));
    expect((await expectJson(missing, 404, spErrorSchema))['odata.error'].message.value).toContain(
      "List 'Finnes ikke' does not exist at site with URL 'https://bodokommune.sharepoint.example/sites/dokumentsenteret'.",
    );
  });

  it('sets a drifted permission level back with MERGE, but never changes Full Control', async () => {
    const definitionSchema = z.object({
      Id: z.number(),
      Name: z.string(),
      BasePermissions: z.object({ High: z.string(), Low: z.string() }),
    });
    const level = await expectJson(
      await hakon.sp('POST', '/_api/web/roledefinitions', {
        Name: 'Midlertidig nivå',
        BasePermissions: { High: '0', Low: '1' },
        Order: 0,
      }),
      201,
      definitionSchema,
    );
    const merge = { 'x-http-method': 'MERGE', 'if-match': '*' };
    await expectStatus(
      await hakon.sp(
        'POST',
        `/_api/web/roledefinitions(${level.Id})`,
        { BasePermissions: { High: '0', Low: '3' } },
        merge,
      ),
      204,
    );
    const read = await expectJson(
      await hakon.sp('GET', `/_api/web/roledefinitions/getbyid(${level.Id})`),
      200,
      definitionSchema,
    );
    expect(read.BasePermissions).toEqual({ High: '0', Low: '3' });
    const byName = await expectJson(
      await hakon.sp(
        'GET',
        `/_api/web/roledefinitions/getbyname('${encodeURIComponent('Midlertidig nivå')}')`,
      ),
      200,
      definitionSchema,
    );
    expect(byName.Id).toBe(level.Id);
    expect(
      (await hakon.sp('POST', '/_api/web/roledefinitions(1073741829)', { Description: 'x' }, merge))
        .status,
    ).toBe(400);
    expect(
      (await ola.sp('POST', `/_api/web/roledefinitions(${level.Id})`, { Description: 'x' }, merge))
        .status,
    ).toBe(403);
    const duplicate = await hakon.sp('POST', '/_api/web/roledefinitions', {
      Name: 'midlertidig nivå',
      BasePermissions: { High: '0', Low: '1' },
    });
    expect(duplicate.status).toBe(400);
  });

  it('speaks JSON light only', async () => {
    const verbose = await hakon.sp('GET', '/_api/web/roledefinitions', undefined, {
      accept: 'application/json;odata=verbose',
    });
    expect(verbose.status).toBe(406);
    const web = await expectJson(
      await hakon.sp('GET', '/_api/web'),
      200,
      z.object({ Title: z.string(), ServerRelativeUrl: z.string() }),
    );
    expect(web).toEqual(
      expect.objectContaining({
        Title: 'Dokumentsenteret',
        ServerRelativeUrl: '/sites/dokumentsenteret',
      }),
    );
  });
});

describe('who may change the site', () => {
  it('lets only site owners create lists, columns, role definitions and assignments', async () => {
    const denied = await ola.call('POST', `/sites/${ledger.siteId}/lists`, {
      displayName: 'Mi liste',
    });
    expect((await expectJson(denied, 403, graphErrorCodeSchema)).error.code).toBe('accessDenied');
    const column = await ola.call(
      'POST',
      `/sites/${ledger.siteId}/lists/${ledger.listIds[eventsList.name] ?? ''}/columns`,
      {
        name: 'Extra',
        text: {},
      },
    );
    expect((await expectJson(column, 403, graphErrorCodeSchema)).error.code).toBe('accessDenied');
    const events = listTitle(eventsList.displayName);
    for (const [method, path, body] of [
      [
        'POST',
        '/_api/web/roledefinitions',
        { Name: 'Mine', BasePermissions: { High: '0', Low: '1' } },
      ],
      ['POST', '/_api/web/ensureuser', { logonName: 'i:0#.f|membership|ola.hansen@bodo.example' }],
      [
        'POST',
        `${events}/breakroleinheritance(copyRoleAssignments=true,clearSubscopes=true)`,
        undefined,
      ],
      [
        'POST',
        `${events}/roleassignments/addroleassignment(principalid=6,roledefid=1073741829)`,
        undefined,
      ],
      ['GET', `${events}/roleassignments`, undefined],
      ['POST', events, { ReadSecurity: 1 }],
    ] as const) {
      const response = await ola.sp(
        method,
        path,
        body,
        method === 'POST' && path === events ? { 'x-http-method': 'MERGE', 'if-match': '*' } : {},
      );
      expect((await expectJson(response, 403, spErrorSchema))['odata.error'].code).toBe(
        '-2147024891, System.UnauthorizedAccessException',
      );
    }
  });

  it("gives everyone read, add, edit and delete on a list that inherits the site's permissions", async () => {
    await expectStatus(
      await hakon.call('POST', `/sites/${ledger.siteId}/lists`, {
        displayName: 'Felles',
        columns: [{ name: 'Note', text: {} }],
      }),
      201,
    );
    const items = `/sites/${ledger.siteId}/lists/Felles/items`;
    const item = await expectJson(
      await ola.call('POST', items, { fields: { Note: 'a' } }),
      201,
      listItemSchema,
    );
    await expectStatus(await lise.call('PATCH', `${items}/${item.id}/fields`, { Note: 'b' }), 200);
    await expectStatus(await lise.call('DELETE', `${items}/${item.id}`), 204);
  });

  it('hides a list from those without access', async () => {
    await expectStatus(
      await hakon.call('POST', `/sites/${ledger.siteId}/lists`, { displayName: 'Lukket' }),
      201,
    );
    await expectJson(
      await hakon.sp(
        'POST',
        `${listTitle('Lukket')}/breakroleinheritance(copyRoleAssignments=false,clearSubscopes=true)`,
      ),
      200,
      odataNull,
    );
    expect(
      (
        await expectJson(
          await ola.get(`/sites/${ledger.siteId}/lists/Lukket`),
          403,
          graphErrorCodeSchema,
        )
      ).error.code,
    ).toBe('accessDenied');
    const lists = await expectJson(
      await ola.get(`/sites/${ledger.siteId}/lists?$select=displayName`),
      200,
      z.object({ value: z.array(z.object({ displayName: z.string() })) }),
    );
    expect(lists.value.map((list) => list.displayName)).not.toContain('Lukket');
    expect(lists.value.map((list) => list.displayName)).toContain(eventsList.displayName);
    expect((await ola.sp('GET', listTitle('Lukket'))).status).toBe(404);
  });
});

describe("the ledger's permissions in use", () => {
  it('stamps the author from the token, whatever the body claims', async () => {
    const response = await ola.call('POST', ledger.itemsPath(eventsList), {
      createdBy: { user: { id: sigrid.userId, displayName: 'Sigrid Lund' } },
      fields: {
        EventId: 'claim-1',
        StreamId: 'req-9',
        StreamKind: 'request',
        EventType: 'decision.made',
        Payload: '{"decidedBy":"sigrid"}',
        SchemaVersion: 1,
      },
    });
    const item = await expectJson(response, 201, listItemSchema);
    expect(item.createdBy.user).toEqual({
      id: ola.userId,
      displayName: 'Ola Hansen',
      email: 'ola.hansen@bodo.example',
    });
    const forged = await ola.call('POST', ledger.itemsPath(eventsList), {
      fields: {
        EventId: 'claim-2',
        StreamId: 'r',
        StreamKind: 'request',
        EventType: 'x',
        Payload: '{}',
        SchemaVersion: 1,
        AuthorLookupId: '7',
      },
    });
    expect((await expectJson(forged, 400, graphErrorCodeSchema)).error).toEqual({
      code: 'invalidRequest',
      message: "Field 'AuthorLookupId' is read-only",
    });
  });

  it('hides a justification from other staff (ReadSecurity 2) but shows it to Systemansvarlig', async () => {
    const id = await addText(ola, 'text-ola-1');
    const ownList = await expectJson(
      await ola.get(`${ledger.itemsPath(textsList)}?$expand=fields`),
      200,
      itemsSchema,
    );
    expect(ownList.value.map((item) => item.id)).toContain(id);

    const others = await expectJson(
      await lise.get(`${ledger.itemsPath(textsList)}?$expand=fields`),
      200,
      itemsSchema,
    );
    expect(others.value.map((item) => item.id)).not.toContain(id);
    const direct = await lise.get(`${ledger.itemsPath(textsList)}/${id}?$expand=fields`);
    expect((await expectJson(direct, 404, graphErrorCodeSchema)).error.code).toBe('itemNotFound');
    const byFilter = await expectJson(
      await lise.get(
        `${ledger.itemsPath(textsList)}?$expand=fields&$filter=${encodeURIComponent("fields/TextId eq 'text-ola-1'")}`,
      ),
      200,
      itemsSchema,
    );
    expect(byFilter.value).toEqual([]);

    // The arkivleder reads R8 texts only (decision 014): an ordinary request's is hidden.
    await expectStatus(await hilde.get(`${ledger.itemsPath(textsList)}/${id}?$expand=fields`), 404);
    for (const reader of [sigrid, hakon]) {
      const item = await expectJson(
        await reader.get(`${ledger.itemsPath(textsList)}/${id}?$expand=fields`),
        200,
        listItemSchema,
      );
      expect(item.fields?.['Body']).toBe('Begrunnelse text-ola-1: personalsak');
      const listed = await expectJson(
        await reader.get(`${ledger.itemsPath(textsList)}?$expand=fields`),
        200,
        itemsSchema,
      );
      expect(listed.value.map((entry) => entry.id)).toContain(id);
    }
  });

  it('refuses PATCH and DELETE of an event item to staff with the append-and-read level', async () => {
    const item = await addEvent(ola, 'event-ola-1');
    const path = `${ledger.itemsPath(eventsList)}/${item.id}`;
    for (const client of [ola, sigrid]) {
      const patch = await client.call('PATCH', `${path}/fields`, { EventType: 'request.approved' });
      expect((await expectJson(patch, 403, graphErrorCodeSchema)).error.code).toBe('accessDenied');
      const remove = await client.call('DELETE', path);
      expect((await expectJson(remove, 403, graphErrorCodeSchema)).error.code).toBe('accessDenied');
    }
    // To anyone else on the staff the item does not exist at all.
    const hidden = await lise.call('PATCH', `${path}/fields`, { EventType: 'request.approved' });
    expect((await expectJson(hidden, 404, graphErrorCodeSchema)).error.code).toBe('itemNotFound');
    // Nobody else on the staff reads it (ReadSecurity 2, decision 014); systemansvarlig does.
    await expectStatus(await lise.get(`${path}?$expand=fields`), 404);
    const read = await expectJson(await sigrid.get(`${path}?$expand=fields`), 200, listItemSchema);
    expect(read.fields?.['EventType']).toBe('request.submitted');
    // Site owners have Full Control.
    await expectStatus(
      await hakon.call('PATCH', `${path}/fields`, { EventType: 'request.corrected' }),
      200,
    );
  });

  it('lets a reader with the append-and-read-all level still not edit anything', async () => {
    const id = await addText(ola, 'text-ola-2');
    const response = await sigrid.call('PATCH', `${ledger.itemsPath(textsList)}/${id}/fields`, {
      Body: 'endret',
    });
    expect((await expectJson(response, 403, graphErrorCodeSchema)).error.code).toBe('accessDenied');
  });
});
