// @vitest-environment node
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMemoryStorage } from '../../emulator/emulator-storage.ts';
import { createGraphEmulator, type GraphEmulator } from '../../emulator/graph-emulator.ts';
import {
  clientFor,
  type EmulatorClient,
  expectJson,
  expectStatus,
  graphErrorCodeSchema,
  spErrorSchema,
} from './emulator-test-kit.ts';
import {
  addItem,
  byTitle,
  createEventList,
  formAnswerSchema,
  getRestFields,
  getRestItem,
  mergeList,
  OWNER,
  spListInfoSchema,
  validateUpdate,
} from './sharepoint-rest-kit.ts';

const PROXY = '/_api/SP.CompliancePolicy.SPPolicyStoreProxy';
const odataNull = z.object({ 'odata.null': z.literal(true) });
const tagSchema = z.looseObject({
  TagName: z.string(),
  BlockDelete: z.boolean(),
  BlockEdit: z.boolean(),
  TagId: z.string(),
});

let emulator: GraphEmulator;
let hakon: EmulatorClient;
let ola: EmulatorClient;

beforeAll(async () => {
  emulator = createGraphEmulator();
  hakon = await clientFor(emulator, OWNER);
  ola = await clientFor(emulator, 'ola.hansen@bodo.example');
});

function listUrl(name: string): string {
  return `${emulator.site.path}/Lists/${name}`;
}

function setLabel(
  client: EmulatorClient,
  name: string,
  complianceTagValue: string,
  options: { blockDelete: boolean; blockEdit: boolean; syncToItems: boolean },
): Promise<Response> {
  return client.sp('POST', `${PROXY}.SetListComplianceTag`, {
    listUrl: listUrl(name),
    complianceTagValue,
    ...options,
  });
}

function getLabel(client: EmulatorClient, name: string): Promise<Response> {
  return client.sp(
    'GET',
    `${PROXY}.GetListComplianceTag(listUrl=@u)?@u='${encodeURIComponent(listUrl(name))}'`,
  );
}

describe('list settings NoCrawl and EnableVersioning', () => {
  it('reads them with GET <list>: NoCrawl off and versioning on, as on a new SharePoint Online list', async () => {
    await createEventList(emulator, hakon, 'Innstillinger');
    const info = await expectJson(
      await ola.sp('GET', byTitle('Innstillinger')),
      200,
      spListInfoSchema,
    );
    expect(info).toMatchObject({ NoCrawl: false, EnableVersioning: true });
  });

  it('lets those who may manage the list set them with MERGE, and nobody else', async () => {
    await createEventList(emulator, hakon, 'Skjult for søk');
    await mergeList(hakon, 'Skjult for søk', { NoCrawl: true, EnableVersioning: false });
    const info = await expectJson(
      await ola.sp('GET', byTitle('Skjult for søk')),
      200,
      spListInfoSchema,
    );
    expect(info).toMatchObject({ NoCrawl: true, EnableVersioning: false });
    const denied = await ola.sp(
      'POST',
      byTitle('Skjult for søk'),
      { NoCrawl: false },
      {
        'x-http-method': 'MERGE',
        'if-match': '*',
      },
    );
    expect((await expectJson(denied, 403, spErrorSchema))['odata.error'].code).toBe(
      '-2147024891, System.UnauthorizedAccessException',
    );
    const wrongType = await hakon.sp(
      'POST',
      byTitle('Skjult for søk'),
      { NoCrawl: 'yes' },
      {
        'x-http-method': 'MERGE',
        'if-match': '*',
      },
    );
    expect(wrongType.status).toBe(400);
    await wrongType.text();
  });

  it('keeps every edit at 1.0 while versioning is off, and counts versions again when it is on', async () => {
    const title = 'Uten versjoner';
    await createEventList(emulator, hakon, title);
    await mergeList(hakon, title, { EnableVersioning: false });
    const id = await addItem(ola, title, { EventId: 'v-1' });
    await expectJson(await validateUpdate(ola, title, id, { Title: 'a' }), 200, formAnswerSchema);
    expect((await getRestItem(ola, title, id)).OData__UIVersionString).toBe('1.0');
    await mergeList(hakon, title, { EnableVersioning: true });
    await expectJson(await validateUpdate(ola, title, id, { Title: 'b' }), 200, formAnswerSchema);
    expect((await getRestItem(ola, title, id)).OData__UIVersionString).toBe('2.0');
  });
});

describe('retention labels that declare records', () => {
  it('sets and reads the list label; null before; only those who may manage the list set it', async () => {
    await createEventList(emulator, hakon, 'Arkiv');
    await expectJson(await getLabel(ola, 'Arkiv'), 200, odataNull);
    const denied = await setLabel(ola, 'Arkiv', 'Arkivverdig', {
      blockDelete: true,
      blockEdit: true,
      syncToItems: false,
    });
    expect(denied.status).toBe(403);
    await denied.text();
    await expectJson(
      await setLabel(hakon, 'Arkiv', 'Arkivverdig', {
        blockDelete: true,
        blockEdit: false,
        syncToItems: false,
      }),
      200,
      odataNull,
    );
    const tag = await expectJson(await getLabel(ola, 'Arkiv'), 200, tagSchema);
    expect(tag).toMatchObject({ TagName: 'Arkivverdig', BlockDelete: true, BlockEdit: false });
    // The form PnP Core SDK sends: the list URL inline.
    const inline = await expectJson(
      await ola.sp('GET', `${PROXY}.GetListComplianceTag(listUrl='${listUrl('Arkiv')}')`),
      200,
      tagSchema,
    );
    expect(inline.TagId).toBe(tag.TagId);
    const bad = await hakon.sp('POST', `${PROXY}.SetListComplianceTag`, {
      listUrl: listUrl('Arkiv'),
      complianceTagValue: 'x',
    });
    expect(bad.status).toBe(400);
    await bad.text();
    const unknown = await setLabel(hakon, 'Finnes ikke', 'x', {
      blockDelete: false,
      blockEdit: false,
      syncToItems: false,
    });
    expect(unknown.status).toBe(404);
    await unknown.text();
  });

  it('labels new items, and existing items only with syncToItems', async () => {
    const title = 'Merket';
    await createEventList(emulator, hakon, title);
    const before = await addItem(ola, title, { EventId: 'l-1' });
    await expectJson(
      await setLabel(hakon, title, 'Journal', {
        blockDelete: true,
        blockEdit: true,
        syncToItems: false,
      }),
      200,
      odataNull,
    );
    const after = await addItem(ola, title, { EventId: 'l-2' });
    const select = 'Id,_ComplianceTag,_IsRecord';
    expect(await getRestFields(ola, title, before, select)).toMatchObject({
      OData__ComplianceTag: null,
      OData__IsRecord: false,
    });
    expect(await getRestFields(ola, title, after, select)).toMatchObject({
      OData__ComplianceTag: 'Journal',
      OData__IsRecord: true,
    });
    await expectJson(
      await setLabel(hakon, title, 'Journal', {
        blockDelete: true,
        blockEdit: true,
        syncToItems: true,
      }),
      200,
      odataNull,
    );
    expect(await getRestFields(ola, title, before, select)).toMatchObject({
      OData__ComplianceTag: 'Journal',
    });
  });

  it('deletes a list for those who manage lists, but not one that holds a record', async () => {
    const plain = await createEventList(emulator, hakon, 'Kladd');
    const path = `/sites/${emulator.site.id}/lists/${plain}`;
    expect((await ola.call('DELETE', path)).status).toBe(403);
    await expectStatus(await hakon.call('DELETE', path), 204);
    await expectStatus(await hakon.call('GET', path), 404);

    const held = await createEventList(emulator, hakon, 'Holdes');
    await expectJson(
      await setLabel(hakon, 'Holdes', 'Bevares', {
        blockDelete: true,
        blockEdit: false,
        syncToItems: false,
      }),
      200,
      odataNull,
    );
    await addItem(ola, 'Holdes', { EventId: 'h-1' });
    const refused = await hakon.call('DELETE', `/sites/${emulator.site.id}/lists/${held}`);
    expect((await expectJson(refused, 403, graphErrorCodeSchema)).error.code).toBe('accessDenied');
    await expectStatus(await hakon.call('GET', `/sites/${emulator.site.id}/lists/${held}`), 200);
  });

  it('lets nobody delete a record, site owners included, through Graph or REST', async () => {
    const title = 'Slettesperre';
    const listId = await createEventList(emulator, hakon, title);
    await expectJson(
      await setLabel(hakon, title, 'Bevares', {
        blockDelete: true,
        blockEdit: false,
        syncToItems: false,
      }),
      200,
      odataNull,
    );
    const id = await addItem(ola, title, { EventId: 'r-1' });
    const graph = await hakon.call(
      'DELETE',
      `/sites/${emulator.site.id}/lists/${listId}/items/${id}`,
    );
    const graphError = await expectJson(graph, 403, graphErrorCodeSchema);
    expect(graphError.error.code).toBe('accessDenied');
    expect(graphError.error.message).toContain("'Bevares'");
    for (const [method, path] of [
      ['DELETE', `${byTitle(title)}/items(${id})`],
      ['POST', `${byTitle(title)}/items(${id})/recycle()`],
    ] as const) {
      const rest = await hakon.sp(method, path);
      expect((await expectJson(rest, 403, spErrorSchema))['odata.error'].code).toBe(
        '-2146232832, Microsoft.SharePoint.SPException',
      );
    }
    // Without blockEdit the record's fields may still change.
    await expectStatus(
      await hakon.call('PATCH', `/sites/${emulator.site.id}/lists/${listId}/items/${id}/fields`, {
        Title: 'endret',
      }),
      200,
    );
    await getRestItem(ola, title, id);
  });

  it('lets nobody change the fields of a record whose label blocks edits', async () => {
    const title = 'Redigeringssperre';
    const listId = await createEventList(emulator, hakon, title);
    const id = await addItem(ola, title, { EventId: 'e-1' });
    await expectJson(
      await setLabel(hakon, title, 'Låst', {
        blockDelete: true,
        blockEdit: true,
        syncToItems: true,
      }),
      200,
      odataNull,
    );
    const graph = await hakon.call(
      'PATCH',
      `/sites/${emulator.site.id}/lists/${listId}/items/${id}/fields`,
      { Title: 'x' },
    );
    expect((await expectJson(graph, 403, graphErrorCodeSchema)).error.code).toBe('accessDenied');
    const rest = await validateUpdate(hakon, title, id, { Title: 'x' }, true);
    expect((await expectJson(rest, 403, spErrorSchema))['odata.error'].message.value).toContain(
      "'Låst'",
    );
    expect((await getRestItem(ola, title, id)).Title).toBeNull();
  });

  it('removes a label with an empty value; a record keeps its label unless a site owner removes it', async () => {
    const title = 'Fjernet merke';
    await createEventList(emulator, hakon, title);
    // Ola may manage this list (Edit), but is no site owner (container admin).
    await expectStatus(
      await hakon.sp(
        'POST',
        `${byTitle(title)}/breakroleinheritance(copyRoleAssignments=true,clearSubscopes=true)`,
      ),
      200,
    );
    const olaUser = await expectJson(
      await hakon.sp('POST', '/_api/web/ensureuser', {
        logonName: 'i:0#.f|membership|ola.hansen@bodo.example',
      }),
      200,
      z.object({ Id: z.number() }),
    );
    await expectStatus(
      await hakon.sp(
        'POST',
        `${byTitle(title)}/roleassignments/addroleassignment(principalid=${olaUser.Id},roledefid=1073741830)`,
      ),
      200,
    );
    await expectJson(
      await setLabel(ola, title, 'Midlertidig', {
        blockDelete: false,
        blockEdit: false,
        syncToItems: false,
      }),
      200,
      odataNull,
    );
    const plain = await addItem(ola, title, { EventId: 'p-1' });
    await expectJson(
      await setLabel(hakon, title, 'Post', {
        blockDelete: true,
        blockEdit: false,
        syncToItems: false,
      }),
      200,
      odataNull,
    );
    const record = await addItem(ola, title, { EventId: 'p-2' });
    const select = '_ComplianceTag';
    await expectJson(
      await setLabel(ola, title, '', { blockDelete: false, blockEdit: false, syncToItems: true }),
      200,
      odataNull,
    );
    await expectJson(await getLabel(ola, title), 200, odataNull);
    expect(await getRestFields(ola, title, plain, select)).toMatchObject({
      OData__ComplianceTag: null,
    });
    expect(await getRestFields(ola, title, record, select)).toMatchObject({
      OData__ComplianceTag: 'Post',
    });
    await expectJson(
      await setLabel(hakon, title, '', { blockDelete: false, blockEdit: false, syncToItems: true }),
      200,
      odataNull,
    );
    expect(await getRestFields(ola, title, record, select)).toMatchObject({
      OData__ComplianceTag: null,
    });
  });

  it('keeps labels, records and list settings across a restart', async () => {
    const storage = createMemoryStorage();
    const first = createGraphEmulator({ storage });
    const owner = await clientFor(first, OWNER);
    const staff = await clientFor(first, 'ola.hansen@bodo.example');
    await createEventList(first, owner, 'Varig');
    await mergeList(owner, 'Varig', { NoCrawl: true });
    await expectStatus(
      await owner.sp('POST', `${PROXY}.SetListComplianceTag`, {
        listUrl: `${first.site.path}/Lists/Varig`,
        complianceTagValue: 'Evig',
        blockDelete: true,
        blockEdit: true,
        syncToItems: true,
      }),
      200,
    );
    const id = await addItem(staff, 'Varig', { EventId: 'varig-1' });
    await first.flush();

    const second = createGraphEmulator({ storage: createMemoryStorage(storage.current()) });
    const owner2 = await clientFor(second, OWNER);
    expect(
      await expectJson(await owner2.sp('GET', byTitle('Varig')), 200, spListInfoSchema),
    ).toMatchObject({ NoCrawl: true, EnableVersioning: true });
    const tag = await expectJson(
      await owner2.sp(
        'GET',
        `${PROXY}.GetListComplianceTag(listUrl=@u)?@u='${encodeURIComponent(`${second.site.path}/Lists/Varig`)}'`,
      ),
      200,
      tagSchema,
    );
    expect(tag.TagName).toBe('Evig');
    const refused = await owner2.sp('DELETE', `${byTitle('Varig')}/items(${id})`);
    expect(refused.status).toBe(403);
    await refused.text();
  });
});
