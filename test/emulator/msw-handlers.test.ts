// @vitest-environment node
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPersonIds } from '../../emulator/directory-data.ts';
import { createGraphEmulator } from '../../emulator/graph-emulator.ts';
import { createEmulatorHandlers } from '../../emulator/msw-handlers.ts';
import {
  collectionSchema,
  graphErrorSchema,
  groupSchema,
  readJson,
  tokenResponseSchema,
  userSchema,
} from './emulator-test-kit.ts';

const emulator = createGraphEmulator();
const server = setupServer(
  ...createEmulatorHandlers(emulator),
  ...createEmulatorHandlers(emulator, 'http://localhost:5173'),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

async function tokenFor(origin: string, userId: string, scopes?: string[]): Promise<string> {
  const response = await fetch(`${origin}/_emulator/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(scopes === undefined ? { userId } : { userId, scopes, client: 'any' }),
  });
  return (await readJson(response, tokenResponseSchema)).access_token;
}

describe('the emulator under msw', () => {
  it('serves Graph through fetch at the default origin', async () => {
    const origin = 'https://graph.emulator.test';
    const token = await tokenFor(origin, 'hilde.arnesen@bodo.example');
    const me = await fetch(`${origin}/graph/v1.0/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await readJson(me, userSchema)).toMatchObject({
      id: demoPersonIds.hildeArnesen,
      jobTitle: 'Arkivleder',
    });
    const groups = await fetch(`${origin}/graph/v1.0/me/memberOf`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = await readJson(groups, collectionSchema(groupSchema));
    expect(body.value.map((group) => group.displayName)).toContain('Arkivleder');
  });

  it('serves another origin and keeps it in links', async () => {
    const origin = 'http://localhost:5173';
    const token = await tokenFor(origin, 'per.johansen@bodo.example');
    const response = await fetch(`${origin}/graph/v1.0/users?$top=3`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = await readJson(response, collectionSchema(userSchema));
    expect(body['@odata.nextLink']?.startsWith(`${origin}/graph/v1.0/users?`)).toBe(true);
  });

  it("serves SharePoint REST at the site's own URL, as a provisioner calls it", async () => {
    const token = await tokenFor('https://graph.emulator.test', 'hakon.odegard@bodo.example', [
      'https://bodokommune.sharepoint.example/AllSites.FullControl',
    ]);
    const response = await fetch(
      "https://bodokommune.sharepoint.example/sites/dokumentsenteret/_api/web/lists/getbytitle('Ingen')",
      {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json;odata=nometadata' },
      },
    );
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ 'odata.error': { message: { lang: 'en-US' } } });
  });

  it('returns Graph errors as responses', async () => {
    const response = await fetch('https://graph.emulator.test/graph/v1.0/me');
    expect(response.status).toBe(401);
    await readJson(response, graphErrorSchema);
  });
});
