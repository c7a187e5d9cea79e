// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { demoPeople, demoPersonIds } from '../../emulator/directory-data.ts';
import { createGraphEmulator } from '../../emulator/graph-emulator.ts';
import { GRAPH_JSON_CONTENT_TYPE } from '../../emulator/graph-response.ts';
import {
  graphErrorSchema,
  graphGet,
  ORIGIN,
  readJson,
  requestToken,
  tokenResponseSchema,
  userSchema,
} from './emulator-test-kit.ts';

function postToken(body: string, origin = ORIGIN): Request {
  return new Request(`${origin}/_emulator/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
}

/** Replaces the claims of a token, keeping its signature. */
function withClaims(token: string, claims: object): string {
  const [prefix, , signature] = token.split('.');
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${prefix}.${payload}.${signature}`;
}

describe('POST /_emulator/token', () => {
  it('issues a bearer token for a user id or userPrincipalName', async () => {
    const emulator = createGraphEmulator();
    for (const userId of [demoPersonIds.kariNordmann, 'kari.nordmann@bodo.example']) {
      const response = await emulator.handle(postToken(JSON.stringify({ userId })));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(GRAPH_JSON_CONTENT_TYPE);
      const body = await readJson(response, tokenResponseSchema);
      expect(body.expires_in).toBe(3600);
      expect(body.access_token).toMatch(/^emu\.[\w-]+\.[\w-]+$/);
      const me = await readJson(await graphGet(emulator, body.access_token, '/me'), userSchema);
      expect(me.id).toBe(demoPersonIds.kariNordmann);
    }
  });

  it('refuses an unknown user and a malformed body with 400', async () => {
    const emulator = createGraphEmulator();
    for (const body of [JSON.stringify({ userId: 'nobody@bodo.example' }), '{', '{"user":1}']) {
      const response = await emulator.handle(postToken(body));
      expect(response.status).toBe(400);
      await readJson(response, graphErrorSchema);
    }
  });

  it('answers 405 for GET', async () => {
    const emulator = createGraphEmulator();
    const response = await emulator.handle(new Request(`${ORIGIN}/_emulator/token`));
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });
});

describe('GET /_emulator/identities', () => {
  it('lists every demo person without authentication', async () => {
    const emulator = createGraphEmulator();
    const response = await emulator.handle(new Request(`${ORIGIN}/_emulator/identities`));
    expect(response.status).toBe(200);
    const body = await readJson(
      response,
      z.object({
        value: z.array(
          z.object({
            id: z.string(),
            displayName: z.string(),
            jobTitle: z.string(),
            department: z.string(),
            mail: z.string(),
          }),
        ),
      }),
    );
    expect(body.value).toHaveLength(demoPeople.length);
    expect(body.value).toContainEqual({
      id: demoPersonIds.hildeArnesen,
      displayName: 'Hilde Arnesen',
      jobTitle: 'Arkivleder',
      department: 'Dokumentsenteret',
      mail: 'hilde.arnesen@bodo.example',
    });
  });
});

describe('Graph authentication', () => {
  async function expectUnauthorized(response: Response): Promise<string> {
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
    const body = await readJson(response, graphErrorSchema);
    expect(body.error.code).toBe('InvalidAuthenticationToken');
    expect(body.error.innerError['request-id']).toBe(response.headers.get('request-id'));
    return body.error.message;
  }

  it('answers 401 without a token', async () => {
    const emulator = createGraphEmulator();
    expect(await expectUnauthorized(await graphGet(emulator, null, '/me'))).toBe(
      'Access token is empty.',
    );
    await expectUnauthorized(
      await graphGet(emulator, null, '/me', { authorization: 'Basic a2FyaTpodW5kZXI=' }),
    );
  });

  it('refuses a token whose claims were edited to impersonate someone else', async () => {
    const emulator = createGraphEmulator();
    const token = await requestToken(emulator, 'ola.hansen@bodo.example');
    const forged = withClaims(token, {
      oid: demoPersonIds.hildeArnesen,
      upn: 'hilde.arnesen@bodo.example',
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(Date.now() / 1000) + 3600,
    });
    await expectUnauthorized(await graphGet(emulator, forged, '/me'));
    await expectUnauthorized(await graphGet(emulator, `${token}x`, '/me'));
    await expectUnauthorized(await graphGet(emulator, 'not-a-token', '/me'));
  });

  it('refuses tokens from another emulator instance', async () => {
    const token = await requestToken(createGraphEmulator(), 'ola.hansen@bodo.example');
    await expectUnauthorized(await graphGet(createGraphEmulator(), token, '/me'));
  });

  it('refuses an expired token', async () => {
    let now = new Date('2025-03-01T08:00:00Z');
    const emulator = createGraphEmulator({ now: () => now });
    const token = await requestToken(emulator, 'ola.hansen@bodo.example');
    expect((await graphGet(emulator, token, '/me')).status).toBe(200);
    now = new Date('2025-03-01T09:00:00Z');
    expect(await expectUnauthorized(await graphGet(emulator, token, '/me'))).toMatch(/expired/);
  });

  it('stamps errors with the emulator clock and echoes client-request-id', async () => {
    const emulator = createGraphEmulator({ now: () => new Date('2025-03-01T08:00:00.123Z') });
    const response = await graphGet(emulator, null, '/me', { 'client-request-id': 'abc-123' });
    expect(response.headers.get('client-request-id')).toBe('abc-123');
    const body = await readJson(response, graphErrorSchema);
    expect(body.error.innerError.date).toBe('2025-03-01T08:00:00');
    expect(body.error.innerError['client-request-id']).toBe('abc-123');
  });
});
