// @vitest-environment node
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { demoGroupIds } from '../../emulator/directory-data.ts';
import { createGraphEmulator, type GraphEmulator } from '../../emulator/graph-emulator.ts';
import {
  clientFor,
  type EmulatorClient,
  expectJson,
  expectStatus,
  listItemSchema,
  spErrorSchema,
} from './emulator-test-kit.ts';
import {
  addItem,
  addValidate,
  byTitle,
  createEventList,
  formAnswerSchema,
  getRestItem,
  mergeList,
  OWNER,
  restItemSchema,
  restItemsSchema,
  siteUserId,
  validateUpdate,
} from './sharepoint-rest-kit.ts';

let emulator: GraphEmulator;
let hakon: EmulatorClient;
let ola: EmulatorClient;
let lise: EmulatorClient;
let sigrid: EmulatorClient;
let listId: string;

const LIST = 'Hendelser REST';

async function spError(
  response: Response,
  status: number,
): Promise<{ code: string; message: string }> {
  const body = await expectJson(response, status, spErrorSchema);
  return { code: body['odata.error'].code, message: body['odata.error'].message.value };
}

beforeAll(async () => {
  emulator = createGraphEmulator();
  hakon = await clientFor(emulator, OWNER);
  ola = await clientFor(emulator, 'ola.hansen@bodo.example');
  lise = await clientFor(emulator, 'lise.olsen@bodo.example');
  sigrid = await clientFor(emulator, 'sigrid.lund@bodo.example');
  listId = await createEventList(emulator, hakon, LIST);
});

describe('reading list items through SharePoint REST', () => {
  it('pages 100 items at a time in the nometadata shape and follows odata.nextLink to the end', async () => {
    const title = 'Mange hendelser';
    await createEventList(emulator, hakon, title);
    for (let index = 1; index <= 130; index += 1) {
      await addItem(ola, title, { EventId: `many-${index}`, Title: `Nr ${index}` });
    }
    const first = await expectJson(
      await ola.sp('GET', `${byTitle(title)}/items`),
      200,
      restItemsSchema,
    );
    expect(first.value).toHaveLength(100);
    expect(first['odata.nextLink']).toContain('$skiptoken=Paged%3DTRUE%26p_ID%3D100');
    const item = restItemSchema.parse(first.value[0]);
    expect(Object.keys(item)).toEqual(
      expect.arrayContaining([
        'Id',
        'ID',
        'Title',
        'EventId',
        'StreamId',
        'Payload',
        'SchemaVersion',
        'OccurredAt',
        'AuthorId',
        'EditorId',
        'Created',
        'Modified',
        'GUID',
        'OData__UIVersionString',
      ]),
    );
    expect(item).toMatchObject({ Id: 1, ID: 1, Title: 'Nr 1', EventId: 'many-1', StreamId: null });
    expect(item.OData__UIVersionString).toBe('1.0');
    expect(item.AuthorId).toBe(await siteUserId(hakon, 'ola.hansen@bodo.example'));

    const next = first['odata.nextLink'] ?? '';
    const second = await expectJson(
      await ola.sp('GET', next.slice(emulator.site.url.length)),
      200,
      restItemsSchema,
    );
    expect(second.value.map((entry) => entry['Id'])).toEqual(
      Array.from({ length: 30 }, (_, index) => 101 + index),
    );
    expect(second['odata.nextLink']).toBeUndefined();
  });

  it('addresses the list by title, id and guid, and an item by items(N) and getitembyid(N)', async () => {
    const id = await addItem(ola, LIST, { EventId: 'addr-1', Title: 'Adressert' });
    for (const path of [
      `${byTitle(LIST)}/items(${id})`,
      `${byTitle(LIST)}/getitembyid(${id})`,
      `/_api/web/lists/getbyid('${listId}')/items(${id})`,
      `/_api/web/lists(guid'${listId}')/getitembyid(${id})`,
    ]) {
      const response = await ola.sp('GET', path);
      expect(response.headers.get('content-type')).toContain('odata=nometadata');
      const item = await expectJson(response, 200, restItemSchema);
      expect(item).toMatchObject({ Id: id, Title: 'Adressert', EventId: 'addr-1' });
    }
    const missing = await spError(await ola.sp('GET', `${byTitle(LIST)}/items(9999)`), 404);
    expect(missing.message).toBe('Item does not exist. It may have been deleted by another user.');
  });

  it('selects, filters on indexed columns, orders and limits; a column without an index is refused', async () => {
    for (const [eventId, stream] of [
      ['q-1', 'strøm-a'],
      ['q-2', 'strøm-b'],
      ['q-3', 'strøm-a'],
    ] as const) {
      await addItem(ola, LIST, { EventId: eventId, StreamId: stream, SchemaVersion: '2' });
    }
    const filter = encodeURIComponent("StreamId eq 'strøm-a' and startswith(EventId,'q-')");
    const selected = await expectJson(
      await ola.sp(
        'GET',
        `${byTitle(LIST)}/items?$select=EventId,Id&$filter=${filter}&$orderby=ID desc&$top=1`,
      ),
      200,
      restItemsSchema,
    );
    expect(selected.value).toHaveLength(1);
    expect(Object.keys(selected.value[0] ?? {})).toEqual(['Id', 'EventId']);
    expect(selected.value[0]).toMatchObject({ EventId: 'q-3' });
    const rest = await expectJson(
      await ola.sp('GET', (selected['odata.nextLink'] ?? '').slice(emulator.site.url.length)),
      200,
      restItemsSchema,
    );
    expect(rest.value.map((entry) => entry['EventId'])).toEqual(['q-1']);

    const byNumber = await ola.sp(
      'GET',
      `${byTitle(LIST)}/items?$filter=${encodeURIComponent('SchemaVersion eq 2')}`,
    );
    const throttled = await spError(byNumber, 500);
    expect(throttled.code).toBe('-2147024860, Microsoft.SharePoint.SPQueryThrottledException');
    expect(throttled.message).toContain('exceeds the list view threshold');
    const byCreated = await ola.sp(
      'GET',
      `${byTitle(LIST)}/items?$filter=${encodeURIComponent("Created ge datetime'2020-01-01T00:00:00Z'")}`,
    );
    expect(byCreated.status).toBe(500);
    await byCreated.text();
    const unknown = await spError(
      await ola.sp('GET', `${byTitle(LIST)}/items?$filter=${encodeURIComponent("Nope eq 'x'")}`),
      400,
    );
    expect(unknown.message).toBe(
      "Column 'Nope' does not exist. It may have been deleted by another user.",
    );
    const badSelect = await spError(
      await ola.sp('GET', `${byTitle(LIST)}/items?$select=Nope`),
      400,
    );
    expect(badSelect.message).toBe("The field or property 'Nope' does not exist.");
  });

  it("expands Author and Editor to the site's user list entry", async () => {
    const id = await addItem(ola, LIST, { EventId: 'exp-1' });
    const item = await expectJson(
      await lise.sp(
        'GET',
        `${byTitle(LIST)}/items(${id})?$select=Id,Author/Title,Author/EMail,Editor/Id&$expand=Author,Editor`,
      ),
      200,
      z.object({
        Id: z.number(),
        Author: z.object({ Title: z.string(), EMail: z.string() }),
        Editor: z.object({ Id: z.number() }),
      }),
    );
    expect(item.Author).toEqual({ Title: 'Ola Hansen', EMail: 'ola.hansen@bodo.example' });
    expect(item.Editor.Id).toBe(await siteUserId(hakon, 'ola.hansen@bodo.example'));
    const notExpanded = await spError(
      await lise.sp('GET', `${byTitle(LIST)}/items(${id})?$select=Author/Title`),
      400,
    );
    expect(notExpanded.message).toContain('$expand query string must contains Author');
  });

  it('hides the items of others under ReadSecurity 2, unless the caller may override list behaviours', async () => {
    const title = 'Private REST';
    await createEventList(emulator, hakon, title);
    await mergeList(hakon, title, { ReadSecurity: 2 });
    // Systemansvarlig gets a level with Override List Behaviors (CancelCheckout) on the list.
    await expectStatus(
      await hakon.sp(
        'POST',
        `${byTitle(title)}/breakroleinheritance(copyRoleAssignments=true,clearSubscopes=true)`,
      ),
      200,
    );
    const level = await expectJson(
      await hakon.sp('POST', '/_api/web/roledefinitions', {
        Name: 'Les alt REST',
        // ViewListItems (1), CancelCheckout (9), Open (17), ViewPages (18).
        BasePermissions: { High: '0', Low: String(1 | (1 << 8) | (1 << 16) | (1 << 17)) },
      }),
      201,
      z.object({ Id: z.number() }),
    );
    const group = await expectJson(
      await hakon.sp('POST', '/_api/web/ensureuser', {
        logonName: `c:0t.c|tenant|${demoGroupIds.systemansvarlig}`,
      }),
      200,
      z.object({ Id: z.number() }),
    );
    await expectStatus(
      await hakon.sp(
        'POST',
        `${byTitle(title)}/roleassignments/addroleassignment(principalid=${group.Id},roledefid=${level.Id})`,
      ),
      200,
    );
    const id = await addItem(ola, title, { EventId: 'private-1' });
    const others = await expectJson(
      await lise.sp('GET', `${byTitle(title)}/items`),
      200,
      restItemsSchema,
    );
    expect(others.value).toEqual([]);
    const hidden = await spError(await lise.sp('GET', `${byTitle(title)}/items(${id})`), 404);
    expect(hidden.message).toBe('Item does not exist. It may have been deleted by another user.');
    const filtered = await expectJson(
      await lise.sp(
        'GET',
        `${byTitle(title)}/items?$filter=${encodeURIComponent("EventId eq 'private-1'")}`,
      ),
      200,
      restItemsSchema,
    );
    expect(filtered.value).toEqual([]);
    for (const reader of [ola, sigrid, hakon]) {
      expect((await getRestItem(reader, title, id))['EventId']).toBe('private-1');
    }
  });

  it('answers 404 for a list the caller cannot read, and 403 for a write they may not make', async () => {
    const title = 'Lukket REST';
    await createEventList(emulator, hakon, title);
    await expectStatus(
      await hakon.sp(
        'POST',
        `${byTitle(title)}/breakroleinheritance(copyRoleAssignments=false,clearSubscopes=true)`,
      ),
      200,
    );
    const id = await addItem(hakon, title, { EventId: 'closed-1' });
    for (const path of [`${byTitle(title)}/items`, `${byTitle(title)}/items(${id})`]) {
      const denied = await spError(await ola.sp('GET', path), 404);
      expect(denied.message).toContain(`List '${title}' does not exist`);
    }
    const add = await spError(await addValidate(ola, title, { EventId: 'x' }), 404);
    expect(add.code).toBe('-1, System.ArgumentException');
  });
});

describe('adding items with AddValidateUpdateItemUsingPath', () => {
  it('adds an item from form values and answers one entry per value plus the new Id', async () => {
    const answer = await expectJson(
      await addValidate(ola, LIST, {
        Title: 'Søknad',
        EventId: 'add-1',
        Payload: 'Linje 1\nLinje 2',
        SchemaVersion: '1,234.5',
        OccurredAt: '3/4/2025 1:30 PM',
      }),
      200,
      formAnswerSchema,
    );
    const id = answer.value.at(-1)?.ItemId ?? 0;
    expect(
      answer.value.map((entry) => [entry.FieldName, entry.HasException, entry.ItemId]),
    ).toEqual([
      ['Title', false, id],
      ['EventId', false, id],
      ['Payload', false, id],
      ['SchemaVersion', false, id],
      ['OccurredAt', false, id],
      ['Id', false, id],
    ]);
    expect(answer.value.at(-1)).toEqual({
      ErrorCode: 0,
      ErrorMessage: null,
      FieldName: 'Id',
      FieldValue: String(id),
      HasException: false,
      ItemId: id,
    });
    const item = await getRestItem(ola, LIST, id);
    expect(item).toMatchObject({
      Title: 'Søknad',
      EventId: 'add-1',
      Payload: 'Linje 1\nLinje 2',
      SchemaVersion: 1234.5,
      OccurredAt: '2025-03-04T13:30:00Z',
    });
    // Graph sees the same item, authored by the caller.
    const graph = await expectJson(
      await ola.get(`/sites/${emulator.site.id}/lists/${listId}/items/${id}?$expand=fields`),
      200,
      listItemSchema,
    );
    expect(graph.createdBy.user.id).toBe(ola.userId);
    expect(graph.fields?.['OccurredAt']).toBe('2025-03-04T13:30:00Z');
  });

  it('commits nothing when any value has an exception', async () => {
    await addItem(ola, LIST, { EventId: 'dup-1' });
    const before = await expectJson(
      await hakon.sp('GET', `${byTitle(LIST)}/items?$top=5000&$select=Id`),
      200,
      restItemsSchema,
    );
    const answer = await expectJson(
      await addValidate(ola, LIST, {
        Title: 'x'.repeat(256),
        EventId: 'DUP-1',
        SchemaVersion: 'tolv',
        OccurredAt: '31/12/2025',
      }),
      200,
      formAnswerSchema,
    );
    expect(
      answer.value.map((entry) => [
        entry.FieldName,
        entry.HasException,
        entry.ErrorCode,
        entry.ItemId,
      ]),
    ).toEqual([
      ['Title', true, -2130575163, 0],
      ['EventId', true, -2130575169, 0],
      ['SchemaVersion', true, -2130575163, 0],
      ['OccurredAt', true, -2130575163, 0],
    ]);
    expect(answer.value[1]?.ErrorMessage).toBe(
      'The list item could not be added or updated because duplicate values were found in the following field(s) in the list: [EventId].',
    );
    expect(answer.value[3]?.ErrorMessage).toContain('Invalid date/time value');
    const missingRequired = await expectJson(
      await addValidate(ola, LIST, { Title: 'Uten EventId' }),
      200,
      formAnswerSchema,
    );
    expect(missingRequired.value.map((entry) => [entry.FieldName, entry.HasException])).toEqual([
      ['Title', false],
      ['EventId', true],
    ]);
    expect(missingRequired.value[1]?.ErrorMessage).toBe(
      'You must specify a value for this required field.',
    );
    const after = await expectJson(
      await hakon.sp('GET', `${byTitle(LIST)}/items?$top=5000&$select=Id`),
      200,
      restItemsSchema,
    );
    expect(after.value).toEqual(before.value);
    // Nothing was committed, so no id was used up either.
    const lastId = Number(before.value.at(-1)?.['Id']);
    expect(await addItem(ola, LIST, { EventId: 'after-failures' })).toBe(lastId + 1);
  });

  it('changes nothing for an empty collection of form values', async () => {
    const answer = await expectJson(
      await ola.sp('POST', `${byTitle(LIST)}/AddValidateUpdateItemUsingPath`, { formValues: [] }),
      200,
      formAnswerSchema,
    );
    expect(answer.value).toEqual([]);
  });

  it('never lets a caller choose the item id', async () => {
    const answer = await expectJson(
      await addValidate(ola, LIST, { EventId: 'id-1', ID: '1' }),
      200,
      formAnswerSchema,
    );
    expect(answer.value[1]).toMatchObject({
      FieldName: 'ID',
      HasException: true,
      ErrorMessage:
        'Invalid data has been used to update the list item. The field you are trying to update may be read only.',
    });
  });

  it('refuses a caller without AddListItems, WriteSecurity 4, a bad body and an unknown column', async () => {
    const title = 'Lesbar REST';
    await createEventList(emulator, hakon, title);
    await expectStatus(
      await hakon.sp(
        'POST',
        `${byTitle(title)}/breakroleinheritance(copyRoleAssignments=false,clearSubscopes=true)`,
      ),
      200,
    );
    const everyone = await expectJson(
      await hakon.sp('POST', '/_api/web/ensureuser', {
        logonName: 'c:0-.f|rolemanager|spo-grid-all-users/00000000-0000-4000-8000-000000000b0d',
      }),
      200,
      z.object({ Id: z.number() }),
    );
    // Read (1073741826) only.
    await expectStatus(
      await hakon.sp(
        'POST',
        `${byTitle(title)}/roleassignments/addroleassignment(principalid=${everyone.Id},roledefid=1073741826)`,
      ),
      200,
    );
    const denied = await spError(await addValidate(ola, title, { EventId: 'r-1' }), 403);
    expect(denied.code).toBe('-2147024891, System.UnauthorizedAccessException');

    const locked = 'Låst REST';
    await createEventList(emulator, hakon, locked);
    await mergeList(hakon, locked, { WriteSecurity: 4 });
    expect((await spError(await addValidate(ola, locked, { EventId: 'w-1' }), 403)).code).toBe(
      '-2147024891, System.UnauthorizedAccessException',
    );
    await addItem(hakon, locked, { EventId: 'w-owner' });

    const badBody = await spError(
      await ola.sp('POST', `${byTitle(LIST)}/AddValidateUpdateItemUsingPath`, {
        formValues: [{ FieldName: 'EventId', FieldValue: 5 }],
      }),
      400,
    );
    expect(badBody.message).toContain('formValues.0.FieldValue');
    const stray = await spError(
      await ola.sp('POST', `${byTitle(LIST)}/AddValidateUpdateItemUsingPath`, {
        formValues: [],
        extra: true,
      }),
      400,
    );
    expect(stray.message).toContain("'extra'");
    const unknown = await spError(await addValidate(ola, LIST, { EventId: 'u-1', Nope: 'x' }), 400);
    expect(unknown.message).toBe(
      "Column 'Nope' does not exist. It may have been deleted by another user.",
    );
    const folder = await ola.sp('POST', `${byTitle(LIST)}/AddValidateUpdateItemUsingPath`, {
      listItemCreateInfo: { FolderPath: { DecodedUrl: '/sites/dokumentsenteret/Lists/Annet' } },
      formValues: [{ FieldName: 'EventId', FieldValue: 'f-1' }],
    });
    expect(folder.status).toBe(404);
    await folder.text();
  });
});

describe('the pessimistic author rule: Author, Editor, Created and Modified from any writer', () => {
  it('lets a writer with no role stamp another author and time, which Graph then shows', async () => {
    const answer = await expectJson(
      await addValidate(ola, LIST, {
        EventId: 'forged-1',
        Author: JSON.stringify([{ Key: 'i:0#.f|membership|sigrid.lund@bodo.example' }]),
        Editor: JSON.stringify([{ Key: 'i:0#.f|membership|sigrid.lund@bodo.example' }]),
        Created: '1/2/2020 9:05 AM',
        Modified: '2020-01-02T10:00:00+01:00',
      }),
      200,
      formAnswerSchema,
    );
    expect(answer.value.every((entry) => !entry.HasException)).toBe(true);
    const id = answer.value.at(-1)?.ItemId ?? 0;
    const graph = await expectJson(
      await hakon.get(`/sites/${emulator.site.id}/lists/${listId}/items/${id}`),
      200,
      listItemSchema.extend({
        lastModifiedBy: z.object({ user: z.object({ id: z.string() }) }),
      }),
    );
    expect(graph.createdBy.user).toEqual({
      id: sigrid.userId,
      displayName: 'Sigrid Lund',
      email: 'sigrid.lund@bodo.example',
    });
    expect(graph.lastModifiedBy.user.id).toBe(sigrid.userId);
    expect(graph.createdDateTime).toBe('2020-01-02T09:05:00Z');
    expect(graph.lastModifiedDateTime).toBe('2020-01-02T09:00:00Z');
    const rest = await getRestItem(hakon, LIST, id);
    expect(rest.AuthorId).toBe(await siteUserId(hakon, 'sigrid.lund@bodo.example'));
    expect(rest.Created).toBe('2020-01-02T09:05:00Z');
  });

  it('makes the stamped author the owner under ReadSecurity 2', async () => {
    const title = 'Privat stemplet';
    await createEventList(emulator, hakon, title);
    await mergeList(hakon, title, { ReadSecurity: 2 });
    const id = await addItem(ola, title, {
      EventId: 'stamp-1',
      Author: JSON.stringify([{ Key: 'i:0#.f|membership|lise.olsen@bodo.example' }]),
    });
    expect((await lise.sp('GET', `${byTitle(title)}/items(${id})`)).status).toBe(200);
    await expectStatus(await ola.sp('GET', `${byTitle(title)}/items(${id})`), 404);
  });

  it('refuses a person who is not in the directory as an exception for that field', async () => {
    const answer = await expectJson(
      await addValidate(ola, LIST, {
        EventId: 'ghost-1',
        Author: JSON.stringify([{ Key: 'i:0#.f|membership|nobody@bodo.example' }]),
        Created: '13/1/2020 9:00 AM',
      }),
      200,
      formAnswerSchema,
    );
    expect(answer.value.map((entry) => [entry.FieldName, entry.ErrorMessage])).toEqual([
      ['EventId', null],
      ['Author', 'The user does not exist or is not unique.'],
      [
        'Created',
        'Invalid date/time value. A date/time field contains invalid data. Please check the value and try again.',
      ],
    ]);
  });
});

describe('updating items with ValidateUpdateListItem', () => {
  it('makes a new version and sets Modified and Editor to the caller', async () => {
    const id = await addItem(ola, LIST, { EventId: 'upd-1', Title: 'Før' });
    const before = await getRestItem(ola, LIST, id);
    const answer = await expectJson(
      await validateUpdate(lise, LIST, id, { Title: 'Etter' }),
      200,
      formAnswerSchema,
    );
    expect(answer.value).toEqual([
      {
        ErrorCode: 0,
        ErrorMessage: null,
        FieldName: 'Title',
        FieldValue: 'Etter',
        HasException: false,
        ItemId: id,
      },
    ]);
    const after = await getRestItem(ola, LIST, id);
    expect(after).toMatchObject({ Title: 'Etter', OData__UIVersionString: '2.0' });
    expect(after.EditorId).toBe(await siteUserId(hakon, 'lise.olsen@bodo.example'));
    expect(after.AuthorId).toBe(before.AuthorId);
  });

  it('with bNewDocumentUpdate changes fields without a new version, editor or time', async () => {
    const id = await addItem(ola, LIST, { EventId: 'sys-1', Title: 'Før' });
    const path = `/sites/${emulator.site.id}/lists/${listId}/items/${id}`;
    const before = await expectJson(await ola.get(path), 200, listItemSchema);
    const restBefore = await getRestItem(ola, LIST, id);
    await expectJson(
      await validateUpdate(lise, LIST, id, { Title: 'Stille' }, true),
      200,
      formAnswerSchema,
    );
    const after = await getRestItem(ola, LIST, id);
    expect(after).toMatchObject({
      Title: 'Stille',
      OData__UIVersionString: '1.0',
      Modified: restBefore.Modified,
      EditorId: restBefore.EditorId,
    });
    // The eTag still changes, so a Graph PATCH with the old one is refused.
    const graph = await expectJson(await ola.get(path), 200, listItemSchema);
    expect(graph.eTag).not.toBe(before.eTag);
    await expectStatus(
      await hakon.call('PATCH', `${path}/fields`, { Title: 'x' }, { 'if-match': before.eTag }),
      412,
    );
  });

  it('honours Editor, Modified, Author and Created given as form values', async () => {
    const id = await addItem(ola, LIST, { EventId: 'upd-stamp' });
    await expectJson(
      await validateUpdate(ola, LIST, id, {
        Editor: JSON.stringify([{ Key: 'hilde.arnesen@bodo.example' }]),
        Modified: '12/24/2024 11:59 PM',
        Created: '2024-12-01',
      }),
      200,
      formAnswerSchema,
    );
    const item = await getRestItem(ola, LIST, id);
    expect(item.EditorId).toBe(await siteUserId(hakon, 'hilde.arnesen@bodo.example'));
    expect(item.Modified).toBe('2024-12-24T23:59:00Z');
    expect(item.Created).toBe('2024-12-01T00:00:00Z');
  });

  it('reports a duplicate, a required value emptied or a bad number per field and changes nothing', async () => {
    await addItem(ola, LIST, { EventId: 'taken' });
    const id = await addItem(ola, LIST, { EventId: 'mine', Title: 'Uendret' });
    const answer = await expectJson(
      await validateUpdate(ola, LIST, id, {
        Title: 'Ny',
        EventId: 'Taken',
        SchemaVersion: '1.2.3',
      }),
      200,
      formAnswerSchema,
    );
    expect(answer.value.map((entry) => [entry.FieldName, entry.HasException])).toEqual([
      ['Title', false],
      ['EventId', true],
      ['SchemaVersion', true],
    ]);
    const emptied = await expectJson(
      await validateUpdate(ola, LIST, id, { EventId: '' }),
      200,
      formAnswerSchema,
    );
    expect(emptied.value[0]?.ErrorMessage).toBe(
      'You must specify a value for this required field.',
    );
    expect(await getRestItem(ola, LIST, id)).toMatchObject({
      Title: 'Uendret',
      EventId: 'mine',
      OData__UIVersionString: '1.0',
    });
  });

  it('needs EditListItems and WriteSecurity, and an item the caller can see', async () => {
    const title = 'Skrivebeskyttet REST';
    await createEventList(emulator, hakon, title);
    await mergeList(hakon, title, { WriteSecurity: 2, ReadSecurity: 2 });
    const id = await addItem(ola, title, { EventId: 'ws-1' });
    // Lise cannot see it (ReadSecurity 2): it does not exist for her.
    await expectStatus(await validateUpdate(lise, title, id, { Title: 'x' }), 404);
    // Ola may edit his own.
    await expectJson(
      await validateUpdate(ola, title, id, { Title: 'egen' }),
      200,
      formAnswerSchema,
    );
    await mergeList(hakon, title, { ReadSecurity: 1 });
    expect((await spError(await validateUpdate(lise, title, id, { Title: 'x' }), 403)).code).toBe(
      '-2147024891, System.UnauthorizedAccessException',
    );
    const deleteOthers = await lise.sp('DELETE', `${byTitle(title)}/items(${id})`);
    expect(deleteOthers.status).toBe(403);
    await deleteOthers.text();
    await expectStatus(
      await ola.sp('DELETE', `${byTitle(title)}/items(${id})`, undefined, { 'if-match': '*' }),
      200,
    );
    await expectStatus(await ola.sp('GET', `${byTitle(title)}/items(${id})`), 404);
  });
});

describe('faults on the REST item routes', () => {
  it('throttles them like the other SharePoint REST routes', async () => {
    emulator.faults.configure({
      rate: 1,
      kinds: ['429'],
      pathPattern: 'AddValidateUpdateItemUsingPath',
    });
    try {
      const response = await addValidate(ola, LIST, { EventId: 'fault-1' });
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('1');
      expect((await spError(response, 429)).code).toBe(
        '-2147024860, Microsoft.SharePoint.SPRequestThrottledException',
      );
    } finally {
      emulator.faults.clear();
    }
    const items = await expectJson(
      await ola.sp(
        'GET',
        `${byTitle(LIST)}/items?$filter=${encodeURIComponent("EventId eq 'fault-1'")}`,
      ),
      200,
      restItemsSchema,
    );
    expect(items.value).toEqual([]);
  });
});
