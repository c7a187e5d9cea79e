// @vitest-environment node
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphEmulator } from '../../emulator/graph-emulator.ts';
import { GRAPH_JSON_CONTENT_TYPE } from '../../emulator/graph-response.ts';
import { createEmulatorMiddleware, type EmulatorEndpoint } from '../../emulator/node-middleware.ts';
import {
  collectionSchema,
  graphErrorSchema,
  readJson,
  tokenResponseSchema,
  userSchema,
} from './emulator-test-kit.ts';

let server: Server;
let origin = '';

function listen(emulator: EmulatorEndpoint): Promise<Server> {
  const middleware = createEmulatorMiddleware(emulator);
  const started = createServer((req, res) => {
    middleware(req, res, () => {
      res.statusCode = 418;
      res.setHeader('content-type', 'text/plain');
      res.end('not the emulator');
    });
  });
  return new Promise((resolve) => {
    started.listen(0, '127.0.0.1', () => resolve(started));
  });
}

beforeAll(async () => {
  server = await listen(createGraphEmulator());
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  origin = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
  });
});

describe('the emulator behind a Node HTTP server', () => {
  it('round-trips a token request and Graph calls over real HTTP', async () => {
    const tokenResponse = await fetch(`${origin}/_emulator/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'kari.nordmann@bodo.example' }),
    });
    expect(tokenResponse.status).toBe(200);
    const { access_token: token } = await readJson(tokenResponse, tokenResponseSchema);

    const me = await fetch(`${origin}/graph/v1.0/me`, {
      headers: { authorization: `Bearer ${token}`, 'client-request-id': 'round-trip-1' },
    });
    expect(me.status).toBe(200);
    expect(me.headers.get('content-type')).toBe(GRAPH_JSON_CONTENT_TYPE);
    expect(me.headers.get('request-id')).toBeTruthy();
    expect(me.headers.get('client-request-id')).toBe('round-trip-1');
    const user = await readJson(me, userSchema);
    expect(user.displayName).toBe('Kari Nordmann');
    expect(user['@odata.context']).toBe(`${origin}/graph/v1.0/$metadata#users/$entity`);

    const page = await fetch(`${origin}/graph/v1.0/users?$top=10`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = await readJson(page, collectionSchema(userSchema));
    expect(body['@odata.nextLink']?.startsWith(`${origin}/graph/v1.0/users?`)).toBe(true);
  });

  it('passes Graph errors through with their status', async () => {
    const response = await fetch(`${origin}/graph/v1.0/me`);
    expect(response.status).toBe(401);
    expect((await readJson(response, graphErrorSchema)).error.code).toBe(
      'InvalidAuthenticationToken',
    );
  });

  it('serves SharePoint REST at the site path', async () => {
    const tokenResponse = await fetch(`${origin}/_emulator/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // SharePoint REST wants a token for SharePoint's resource, from a client that has it.
      body: JSON.stringify({
        userId: 'hakon.odegard@bodo.example',
        scopes: ['https://bodokommune.sharepoint.example/AllSites.FullControl'],
        client: 'any',
      }),
    });
    const { access_token: token } = await readJson(tokenResponse, tokenResponseSchema);
    const response = await fetch(`${origin}/sites/dokumentsenteret/_api/web/roledefinitions`, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json;odata=nometadata' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('odata=nometadata');
  });

  it('leaves other paths to the next middleware', async () => {
    for (const path of [
      '/',
      '/index.html',
      '/graphs/x',
      '/graph',
      '/sites/dokumentsenteret',
      '/sites/other/_api/web',
    ]) {
      const response = await fetch(`${origin}${path}`);
      expect(response.status).toBe(418);
      expect(await response.text()).toBe('not the emulator');
    }
  });

  it('answers 500 JSON instead of crashing when the emulator throws', async () => {
    const failing = await listen({
      handle: () => Promise.reject(new Error('boom')),
    });
    try {
      const address = failing.address();
      if (address === null || typeof address === 'string') throw new Error('no TCP address');
      const response = await fetch(`http://127.0.0.1:${address.port}/graph/v1.0/me`);
      expect(response.status).toBe(500);
      expect(await response.json()).toMatchObject({ error: { code: 'InternalServerError' } });
      const again = await fetch(`${origin}/_emulator/identities`);
      expect(again.status).toBe(200);
    } finally {
      await new Promise<void>((resolve) => failing.close(() => resolve()));
    }
  });
});
