// @vitest-environment node
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createGraphEmulator, type GraphEmulator } from '../../emulator/graph-emulator.ts';
import {
  clientFor,
  type EmulatorClient,
  expectJson,
  expectStatus,
  GRAPH,
  graphErrorCodeSchema,
  listItemSchema,
} from './emulator-test-kit.ts';

const SITE_ID =
  'bodokommune.sharepoint.example,a20095b0-1dec-4c5a-970f-644d8b4a3236,958168b5-3af2-455b-9e72-464457aad96d';

const siteSchema = z.object({
  id: z.string(),
  name: z.string(),
  displayName: z.string(),
  webUrl: z.string(),
  siteCollection: z.object({ hostname: z.string() }),
});
const listSchema = z.object({
  id: z.string(),
  name: z.string(),
  displayName: z.string(),
  eTag: z.string(),
  list: z.object({ template: z.string() }),
});
const columnSchema = z.object({
  id: z.string(),
  name: z.string(),
  indexed: z.boolean(),
  enforceUniqueValues: z.boolean(),
  required: z.boolean(),
  readOnly: z.boolean(),
});
const itemsSchema = z.object({
  value: z.array(listItemSchema),
  '@odata.nextLink': z.string().optional(),
});
const fieldsSchema = z.record(z.string(), z.unknown());

let emulator: GraphEmulator;
let owner: EmulatorClient;
let kari: EmulatorClient;
let ola: EmulatorClient;
const items = `/sites/${SITE_ID}/lists/Saker/items`;

function filter(expression: string): string {
  return `$filter=${encodeURIComponent(expression)}`;
}

beforeAll(async () => {
  emulator = createGraphEmulator();
  owner = await clientFor(emulator, 'hakon.odegard@bodo.example');
  kari = await clientFor(emulator, 'kari.nordmann@bodo.example');
  ola = await clientFor(emulator, 'ola.hansen@bodo.example');
  await expectJson(
    await owner.call('POST', `/sites/${SITE_ID}/lists`, {
      displayName: 'Saker',
      description: 'Testliste',
      list: { template: 'genericList' },
      columns: [
        { name: 'CaseId', text: {}, indexed: true, enforceUniqueValues: true, required: true },
        { name: 'Kind', text: {}, indexed: true },
        { name: 'Notes', text: { allowMultipleLines: true } },
        { name: 'Unindexed', text: {} },
        { name: 'Due', dateTime: { format: 'dateTime' }, indexed: true },
        { name: 'Priority', number: {}, indexed: true },
      ],
    }),
    201,
    listSchema,
  );
});

describe('sites', () => {
  it('finds the site by hostname and path, and by its id', async () => {
    const byPath = await expectJson(
      await kari.get('/sites/bodokommune.sharepoint.example:/sites/dokumentsenteret'),
      200,
      siteSchema,
    );
    expect(byPath).toEqual({
      id: SITE_ID,
      name: 'dokumentsenteret',
      displayName: 'Dokumentsenteret',
      webUrl: 'https://bodokommune.sharepoint.example/sites/dokumentsenteret',
      siteCollection: { hostname: 'bodokommune.sharepoint.example' },
    });
    expect(await expectJson(await kari.get(`/sites/${SITE_ID}`), 200, siteSchema)).toEqual(byPath);
    expect(emulator.site.id).toBe(SITE_ID);
    const lists = await expectJson(
      await kari.get('/sites/bodokommune.sharepoint.example:/sites/dokumentsenteret:/lists'),
      200,
      z.object({ value: z.array(listSchema) }),
    );
    expect(lists.value.map((list) => list.displayName)).toContain('Saker');
  });

  it('answers 404 itemNotFound for another site', async () => {
    for (const path of ['/sites/bodokommune.sharepoint.example:/sites/annet', '/sites/x,y,z']) {
      const body = await expectJson(await kari.get(path), 404, graphErrorCodeSchema);
      expect(body.error.code).toBe('itemNotFound');
    }
  });
});

describe('lists and columns', () => {
  it('lists with $select and $filter on displayName, and gets one by id or title', async () => {
    const filtered = await expectJson(
      await kari.get(
        `/sites/${SITE_ID}/lists?$select=id,displayName&${filter("displayName eq 'Saker'")}`,
      ),
      200,
      z.object({
        value: z.array(
          z
            .object({ id: z.string(), displayName: z.string() })
            .strict()
            .or(z.record(z.string(), z.unknown())),
        ),
      }),
    );
    expect(filtered.value).toHaveLength(1);
    const [first] = filtered.value;
    const id = z.object({ id: z.string() }).parse(first).id;
    expect(Object.keys(first ?? {}).sort()).toEqual(['@odata.etag', 'displayName', 'id']);
    const byId = await expectJson(await kari.get(`/sites/${SITE_ID}/lists/${id}`), 200, listSchema);
    const byTitle = await expectJson(
      await kari.get(`/sites/${SITE_ID}/lists/saker`),
      200,
      listSchema,
    );
    expect(byTitle).toEqual(byId);
    expect(byId).toMatchObject({ name: 'Saker', list: { template: 'genericList' } });
  });

  it('refuses a list name (the server assigns it) and a duplicate title', async () => {
    const named = await owner.call('POST', `/sites/${SITE_ID}/lists`, {
      displayName: 'A',
      name: 'B',
    });
    expect((await expectJson(named, 400, graphErrorCodeSchema)).error.message).toBe(
      "Cannot define a 'name' for a list as it is assigned by the server. Instead, provide 'displayName'",
    );
    const duplicate = await owner.call('POST', `/sites/${SITE_ID}/lists`, { displayName: 'saker' });
    expect((await expectJson(duplicate, 409, graphErrorCodeSchema)).error.code).toBe(
      'nameAlreadyExists',
    );
  });

  it('has the columns with their facets, plus Title and read-only system columns', async () => {
    const columns = await expectJson(
      await kari.get(`/sites/${SITE_ID}/lists/Saker/columns`),
      200,
      z.object({ value: z.array(columnSchema.passthrough()) }),
    );
    const byName = new Map(columns.value.map((column) => [column.name, column]));
    expect(byName.get('CaseId')).toMatchObject({
      indexed: true,
      enforceUniqueValues: true,
      required: true,
      text: { allowMultipleLines: false, maxLength: 255 },
    });
    expect(byName.get('Notes')).toMatchObject({
      indexed: false,
      text: { allowMultipleLines: true },
    });
    expect(byName.get('Due')).toMatchObject({ dateTime: { format: 'dateTime' } });
    expect(byName.get('Priority')).toMatchObject({ number: {} });
    expect(byName.get('Title')).toMatchObject({ readOnly: false });
    expect(byName.get('Created')).toMatchObject({ readOnly: true });
    expect(byName.get('ID')).toMatchObject({ readOnly: true, indexed: true });
  });

  it('adds and indexes columns; unique values need an index', async () => {
    const created = await expectJson(
      await owner.call('POST', `/sites/${SITE_ID}/lists/Saker/columns`, {
        name: 'Extra',
        text: {},
      }),
      201,
      columnSchema,
    );
    const notIndexed = await owner.call(
      'PATCH',
      `/sites/${SITE_ID}/lists/Saker/columns/${created.id}`,
      { enforceUniqueValues: true },
    );
    expect((await expectJson(notIndexed, 400, graphErrorCodeSchema)).error.code).toBe(
      'invalidRequest',
    );
    const indexed = await expectJson(
      await owner.call('PATCH', `/sites/${SITE_ID}/lists/Saker/columns/${created.id}`, {
        indexed: true,
      }),
      200,
      columnSchema,
    );
    expect(indexed.indexed).toBe(true);
    const duplicate = await owner.call('POST', `/sites/${SITE_ID}/lists/Saker/columns`, {
      name: 'Extra',
      text: {},
    });
    expect((await expectJson(duplicate, 409, graphErrorCodeSchema)).error.code).toBe(
      'nameAlreadyExists',
    );
    const badFacet = await owner.call('POST', `/sites/${SITE_ID}/lists/Saker/columns`, {
      name: 'Flag',
      boolean: {},
    });
    expect((await expectJson(badFacet, 400, graphErrorCodeSchema)).error.code).toBe(
      'invalidRequest',
    );
  });
});

describe('list items', () => {
  it('creates an item: 201 with id, eTag, dates, author from the token and fields', async () => {
    const response = await kari.call('POST', items, {
      fields: {
        CaseId: 'C-1',
        Kind: 'folder',
        Notes: 'Lang tekst',
        Due: '2025-03-01T10:15:30.123Z',
        Priority: 2,
      },
    });
    const item = await expectJson(response, 201, listItemSchema);
    expect(item.id).toMatch(/^\d+$/);
    expect(item.eTag).toMatch(/^"[0-9a-f-]{36},1"$/);
    expect(item.createdBy.user).toEqual({
      id: kari.userId,
      displayName: 'Kari Nordmann',
      email: 'kari.nordmann@bodo.example',
    });
    expect(item.fields).toMatchObject({
      '@odata.etag': item.eTag,
      CaseId: 'C-1',
      Kind: 'folder',
      Notes: 'Lang tekst',
      // SharePoint keeps whole seconds in UTC.
      Due: '2025-03-01T10:15:30Z',
      Priority: 2,
      id: item.id,
      ContentType: 'Item',
    });
    expect(item.createdDateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it('validates fields: unknown, read-only, wrong type, required, too long', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ CaseId: 'x', Nope: 1 }, "Field 'Nope' is not recognized"],
      [{ CaseId: 'x', Created: '2020-01-01T00:00:00Z' }, "Field 'Created' is read-only"],
      [{ CaseId: 'x', Priority: 'high' }, "Field 'Priority' expects a number."],
      [{ Kind: 'x' }, "Field 'CaseId' is required."],
      [
        { CaseId: 'x'.repeat(256) },
        "The value of field 'CaseId' is 256 characters long; at most 255 are allowed.",
      ],
      [
        { CaseId: 'x', Due: 'tomorrow' },
        "Field 'Due': 'tomorrow' is not a valid date and time (ISO 8601).",
      ],
    ];
    for (const [fields, message] of cases) {
      const body = await expectJson(
        await kari.call('POST', items, { fields }),
        400,
        graphErrorCodeSchema,
      );
      expect(body.error).toEqual({ code: 'invalidRequest', message });
    }
  });

  it('refuses a duplicate value in a unique column with 409, on create and on update', async () => {
    await expectStatus(await kari.call('POST', items, { fields: { CaseId: 'U-1' } }), 201);
    const duplicate = await ola.call('POST', items, { fields: { CaseId: 'u-1' } });
    expect((await expectJson(duplicate, 409, graphErrorCodeSchema)).error).toEqual({
      code: 'nameAlreadyExists',
      message:
        'The list item could not be added or updated because duplicate values were found in the following field(s) in the list: [CaseId].',
    });
    const other = await expectJson(
      await kari.call('POST', items, { fields: { CaseId: 'U-2' } }),
      201,
      listItemSchema,
    );
    const update = await kari.call('PATCH', `${items}/${other.id}/fields`, { CaseId: 'U-1' });
    expect((await expectJson(update, 409, graphErrorCodeSchema)).error.code).toBe(
      'nameAlreadyExists',
    );
  });

  it('updates fields honouring If-Match: a new eTag each time, 412 on a stale one', async () => {
    const item = await expectJson(
      await kari.call('POST', items, { fields: { CaseId: 'E-1', Kind: 'a' } }),
      201,
      listItemSchema,
    );
    const path = `${items}/${item.id}/fields`;
    const first = await expectJson(
      await kari.call('PATCH', path, { Kind: 'b' }, { 'if-match': item.eTag }),
      200,
      fieldsSchema,
    );
    expect(first['Kind']).toBe('b');
    expect(first['@odata.etag']).not.toBe(item.eTag);
    const stale = await kari.call('PATCH', path, { Kind: 'c' }, { 'if-match': item.eTag });
    expect((await expectJson(stale, 412, graphErrorCodeSchema)).error.code).toBe(
      'preconditionFailed',
    );
    const current = z.string().parse(first['@odata.etag']);
    await expectStatus(await kari.call('PATCH', path, { Kind: 'c' }, { 'if-match': current }), 200);
    await expectStatus(await kari.call('PATCH', path, { Kind: 'd' }, { 'if-match': '*' }), 200);
    const read = await expectJson(
      await kari.get(`${items}/${item.id}?$expand=fields`),
      200,
      listItemSchema,
    );
    expect(read.fields?.['Kind']).toBe('d');
    expect(read.eTag).toMatch(/,4"$/);
    const staleDelete = await kari.call('DELETE', `${items}/${item.id}`, undefined, {
      'if-match': item.eTag,
    });
    expect(staleDelete.status).toBe(412);
  });

  it('gets an item with and without fields, and its fields alone', async () => {
    const item = await expectJson(
      await kari.call('POST', items, { fields: { CaseId: 'G-1', Kind: 'k', Unindexed: 'u' } }),
      201,
      listItemSchema,
    );
    const bare = await expectJson(await kari.get(`${items}/${item.id}`), 200, listItemSchema);
    expect(bare.fields).toBeUndefined();
    const selected = await expectJson(
      await kari.get(`${items}/${item.id}?$expand=fields($select=CaseId,Kind)`),
      200,
      listItemSchema,
    );
    expect(selected.fields).toEqual({ '@odata.etag': item.eTag, CaseId: 'G-1', Kind: 'k' });
    const fields = await expectJson(
      await kari.get(`${items}/${item.id}/fields`),
      200,
      fieldsSchema,
    );
    expect(fields['Unindexed']).toBe('u');
    await expectStatus(await kari.call('DELETE', `${items}/${item.id}`), 204);
    expect(
      (await expectJson(await kari.get(`${items}/${item.id}`), 404, graphErrorCodeSchema)).error
        .code,
    ).toBe('itemNotFound');
  });

  it('filters on indexed columns only, unless the caller accepts the risk', async () => {
    await expectStatus(
      await kari.call('POST', items, {
        fields: { CaseId: 'F-1', Kind: 'filter-me', Unindexed: 'secret' },
      }),
      201,
    );
    const refused = await kari.get(
      `${items}?$expand=fields&${filter("fields/Unindexed eq 'secret'")}`,
    );
    expect((await expectJson(refused, 400, graphErrorCodeSchema)).error).toEqual({
      code: 'invalidRequest',
      message:
        "Field 'Unindexed' cannot be referenced in filter or orderby as it is not indexed. Provide the 'Prefer: HonorNonIndexedQueriesWarningMayFailRandomly' header to allow this, but be warned that such queries may fail on large lists.",
    });
    const allowed = await expectJson(
      await kari.get(`${items}?$expand=fields&${filter("fields/Unindexed eq 'secret'")}`, {
        Prefer: 'HonorNonIndexedQueriesWarningMayFailRandomly',
      }),
      200,
      itemsSchema,
    );
    expect(allowed.value.map((item) => item.fields?.['CaseId'])).toEqual(['F-1']);
    const indexed = await expectJson(
      await kari.get(
        `${items}?expand=fields(select=CaseId)&${filter("fields/Kind eq 'FILTER-ME' and fields/CaseId eq 'F-1'")}`,
      ),
      200,
      itemsSchema,
    );
    expect(indexed.value.map((item) => item.fields?.['CaseId'])).toEqual(['F-1']);
    const unknown = await kari.get(`${items}?${filter("fields/Nope eq 'x'")}`);
    expect(unknown.status).toBe(400);
  });

  it('compares dates and numbers, and orders by indexed columns', async () => {
    for (const [caseId, due, priority] of [
      ['D-1', '2030-01-01T00:00:00Z', 5],
      ['D-2', '2030-02-01T00:00:00Z', 1],
      ['D-3', '2030-03-01T00:00:00Z', 3],
    ] as const) {
      await expectStatus(
        await kari.call('POST', items, {
          fields: { CaseId: caseId, Kind: 'dated', Due: due, Priority: priority },
        }),
        201,
      );
    }
    const range = await expectJson(
      await kari.get(
        `${items}?$expand=fields&${filter("fields/Kind eq 'dated' and fields/Due ge '2030-01-15T00:00:00Z' and fields/Due le '2030-03-01T00:00:00Z'")}&$orderby=fields/Priority desc`,
      ),
      200,
      itemsSchema,
    );
    expect(range.value.map((item) => item.fields?.['CaseId'])).toEqual(['D-3', 'D-2']);
    const numbers = await expectJson(
      await kari.get(
        `${items}?$expand=fields&${filter("fields/Kind eq 'dated' and fields/Priority gt 1")}&$orderby=fields/Due desc`,
      ),
      200,
      itemsSchema,
    );
    expect(numbers.value.map((item) => item.fields?.['CaseId'])).toEqual(['D-3', 'D-1']);
    const byCreated = await kari.get(`${items}?$orderby=createdDateTime desc`);
    expect(byCreated.status).toBe(200);
    const unindexedOrder = await kari.get(`${items}?$orderby=fields/Unindexed`);
    expect(unindexedOrder.status).toBe(400);
  });

  it('pages with $top and @odata.nextLink to the end, without duplicates, while items are added', async () => {
    await expectStatus(
      await owner.call('POST', `/sites/${SITE_ID}/lists`, {
        displayName: 'Paging',
        columns: [{ name: 'N', number: {}, indexed: true }],
      }),
      201,
    );
    const path = `/sites/${SITE_ID}/lists/Paging/items`;
    for (let n = 0; n < 23; n += 1)
      await expectStatus(await kari.call('POST', path, { fields: { N: n } }), 201);
    const seen: unknown[] = [];
    let next: string | undefined = `${path}?$expand=fields&$top=5&$orderby=fields/N desc`;
    let pages = 0;
    while (next !== undefined) {
      const page: z.infer<typeof itemsSchema> = await expectJson(
        await kari.get(next),
        200,
        itemsSchema,
      );
      seen.push(...page.value.map((item) => item.fields?.['N']));
      if (pages === 1) {
        // A write between pages does not shift what comes next.
        await expectStatus(await kari.call('POST', path, { fields: { N: -1 } }), 201);
      }
      next = page['@odata.nextLink'];
      if (next !== undefined) expect(next.startsWith(`${GRAPH}${path}?`)).toBe(true);
      pages += 1;
    }
    expect(pages).toBe(5);
    expect(seen).toEqual([...Array.from({ length: 23 }, (_, index) => 22 - index), -1]);

    const defaultPage = await expectJson(await kari.get(path), 200, itemsSchema);
    expect(defaultPage.value).toHaveLength(24);
    expect(defaultPage['@odata.nextLink']).toBeUndefined();
    expect((await kari.get(`${path}?$top=1000`)).status).toBe(400);
    expect((await kari.get(`${path}?$skiptoken=nonsense`)).status).toBe(400);
  });

  it('pages in id order by default', async () => {
    const path = `/sites/${SITE_ID}/lists/Paging/items`;
    const ids: string[] = [];
    let next: string | undefined = `${path}?$top=7`;
    while (next !== undefined) {
      const page: z.infer<typeof itemsSchema> = await expectJson(
        await kari.get(next),
        200,
        itemsSchema,
      );
      ids.push(...page.value.map((item) => item.id));
      next = page['@odata.nextLink'];
    }
    expect(ids).toEqual(Array.from({ length: 24 }, (_, index) => String(index + 1)));
  });
});
