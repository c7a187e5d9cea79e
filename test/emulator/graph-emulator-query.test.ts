// @vitest-environment node
import { beforeAll, describe, expect, it } from 'vitest';
import { demoPeople } from '../../emulator/directory-data.ts';
import { createGraphEmulator } from '../../emulator/graph-emulator.ts';
import { searchTokens } from '../../emulator/odata-search.ts';
import {
  collectionSchema,
  GRAPH,
  graphErrorSchema,
  graphGet,
  looseObjectSchema,
  readJson,
  requestToken,
  userSchema,
} from './emulator-test-kit.ts';

const emulator = createGraphEmulator();
let token = '';
const eventual = { ConsistencyLevel: 'eventual' };
const users = collectionSchema(userSchema);

beforeAll(async () => {
  token = await requestToken(emulator, 'sigrid.lund@bodo.example');
});

function search(value: string, extra = ''): string {
  return `/users?$search=${encodeURIComponent(value)}${extra}`;
}

async function names(path: string, headers: Record<string, string> = eventual) {
  const response = await graphGet(emulator, token, path, headers);
  expect(response.status).toBe(200);
  const body = await readJson(response, users);
  return body.value.map((user) => user.displayName);
}

describe('$search on users', () => {
  it('requires ConsistencyLevel: eventual, like Graph', async () => {
    const response = await graphGet(emulator, token, search('"displayName:kari"'));
    expect(response.status).toBe(400);
    const body = await readJson(response, graphErrorSchema);
    expect(body.error.code).toBe('Request_UnsupportedQuery');
    expect(body.error.message).toContain("'ConsistencyLevel: eventual'");
  });

  it('finds Kari Nordmann by given name or surname prefix, case-insensitively', async () => {
    expect(await names(search('"displayName:kari"'))).toEqual(['Kari Nordmann']);
    expect(await names(search('"displayName:nordmann"'))).toEqual(['Kari Nordmann']);
    expect(await names(search('"displayName:NORDM"'))).toEqual(['Kari Nordmann']);
    expect(await names(search('"displayName:nordmann kari"'))).toEqual(['Kari Nordmann']);
    expect(await names(search('"displayName:ari"'))).toEqual([]);
  });

  it('matches Norwegian letters and other properties with startsWith', async () => {
    expect(await names(search('"displayName:ødeg"'))).toEqual(['Håkon Ødegård']);
    expect(await names(search('"mail:hakon"'))).toEqual(['Håkon Ødegård']);
    expect(await names(search('"mail:odegard"'))).toEqual([]);
  });

  it('combines clauses with OR and AND', async () => {
    expect((await names(search('"displayName:kari" OR "mail:lise"'))).sort()).toEqual([
      'Kari Nordmann',
      'Lise Olsen',
    ]);
    expect(await names(search('"displayName:l" AND "jobTitle:system"'))).toEqual(['Sigrid Lund']);
    expect(
      (
        await names(search('("displayName:anders" OR "displayName:sigrid") AND "department:dok"'))
      ).sort(),
    ).toEqual(['Anders Moe', 'Sigrid Lund']);
  });

  it('refuses a search value without double quotes', async () => {
    const response = await graphGet(emulator, token, search('displayName:kari'), eventual);
    expect(response.status).toBe(400);
    await readJson(response, graphErrorSchema);
  });

  it('returns @odata.count with $count=true and ConsistencyLevel', async () => {
    const response = await graphGet(
      emulator,
      token,
      search('"jobTitle:enhetsleder"', '&$count=true&$top=2'),
      eventual,
    );
    const body = await readJson(response, users);
    const leaders = demoPeople.filter((person) => person.jobTitle === 'Enhetsleder');
    expect(body['@odata.count']).toBe(leaders.length);
    expect(body.value).toHaveLength(2);
    expect(body['@odata.nextLink']).toContain('$search=');
  });

  it('tokenizes like Graph documents it', () => {
    expect(searchTokens('hello.world')).toEqual(['hello', '.', 'world', 'helloworld']);
    expect(searchTokens('HelloWorld')).toEqual(['hello', 'world']);
    expect(searchTokens('HELLOworld')).toEqual(['helloworld']);
    expect(searchTokens('hello123world')).toEqual(['hello', '123', 'world']);
  });
});

describe('listing users', () => {
  it('lists everyone without $top, with no nextLink', async () => {
    const body = await readJson(await graphGet(emulator, token, '/users'), users);
    expect(body['@odata.context']).toBe(`${GRAPH}/$metadata#users`);
    expect(body.value).toHaveLength(demoPeople.length);
    expect(body['@odata.nextLink']).toBeUndefined();
    expect(body['@odata.count']).toBeUndefined();
  });

  it('ignores $count=true without ConsistencyLevel', async () => {
    const body = await readJson(await graphGet(emulator, token, '/users?$count=true'), users);
    expect(body['@odata.count']).toBeUndefined();
  });

  it('pages with $top and follows @odata.nextLink to the end without duplicates', async () => {
    const seen: string[] = [];
    let next: string | undefined = `${GRAPH}/users?$top=7&$select=id,displayName`;
    let pages = 0;
    while (next !== undefined) {
      expect(next.startsWith(`${GRAPH}/users?`)).toBe(true);
      const response = await graphGet(emulator, token, next);
      expect(response.status).toBe(200);
      const body = await readJson(response, collectionSchema(looseObjectSchema));
      expect(body['@odata.context']).toBe(`${GRAPH}/$metadata#users(id,displayName)`);
      expect(body.value.length).toBeLessThanOrEqual(7);
      for (const user of body.value) {
        expect(Object.keys(user)).toEqual(['id', 'displayName']);
        expect(typeof user['id']).toBe('string');
        seen.push(String(user['id']));
      }
      next = body['@odata.nextLink'];
      pages += 1;
      expect(pages).toBeLessThan(20);
    }
    expect(pages).toBe(Math.ceil(demoPeople.length / 7));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual(demoPeople.map((person) => person.id).sort());
  });

  it('builds nextLink from the request origin', async () => {
    const body = await readJson(
      await graphGet(emulator, token, 'http://localhost:5173/graph/v1.0/users?$top=5'),
      users,
    );
    expect(body['@odata.nextLink']).toMatch(
      /^http:\/\/localhost:5173\/graph\/v1\.0\/users\?\$top=5&\$skiptoken=[\w-]+$/,
    );
  });

  it('refuses an out-of-range $top and a forged $skiptoken', async () => {
    for (const path of [
      '/users?$top=0',
      '/users?$top=1000',
      '/users?$top=abc',
      '/users?$skiptoken=xyz',
    ]) {
      const response = await graphGet(emulator, token, path);
      expect(response.status).toBe(400);
      await readJson(response, graphErrorSchema);
    }
  });

  it('filters with eq, in and startswith', async () => {
    expect((await names("/users?$filter=department eq 'skolekontoret'", {})).sort()).toEqual([
      'Ingrid Berg',
      'Kari Nordmann',
      'Ola Hansen',
    ]);
    expect(
      await names("/users?$filter=mail in ('lise.olsen@bodo.example','x@bodo.example')", {}),
    ).toEqual(['Lise Olsen']);
    expect(
      await names(
        "/users?$filter=startswith(displayName,'Kari') and jobTitle eq 'Enhetsleder'",
        {},
      ),
    ).toEqual(['Kari Nordmann']);
    const unsupported = await graphGet(emulator, token, "/users?$filter=contains(displayName,'a')");
    expect(unsupported.status).toBe(400);
  });

  it('sorts with $orderby', async () => {
    const sorted = await names('/users?$orderby=displayName', {});
    expect(sorted).toEqual(
      [...sorted].sort((a, b) => a.localeCompare(b, 'nb', { sensitivity: 'base' })),
    );
    expect(sorted[0]).toBe('Anders Moe');
    const descending = await names('/users?$orderby=displayName desc&$top=1', {});
    expect(descending).toEqual(['Åse Hovland']);
  });
});
