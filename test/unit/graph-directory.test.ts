// @vitest-environment node
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { z } from 'zod';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createGraphEmulator } from '../../emulator/graph-emulator.ts';
import { createEmulatorHandlers } from '../../emulator/msw-handlers.ts';
import { createGraphDirectory } from '../../src/m365/directory.ts';
import { GraphError, graphErrorKindForStatus } from '../../src/m365/errors.ts';
import { createGraphClient } from '../../src/m365/graph-client.ts';
import type { TokenSource } from '../../src/m365/token-source.ts';

const origin = 'https://graph.emulator.test';
const graphRoot = `${origin}/graph`;
const meUrl = `${graphRoot}/v1.0/me`;

const emulator = createGraphEmulator();
const server = setupServer(...createEmulatorHandlers(emulator, origin));

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function tokenSourceFor(userPrincipalName: string) {
  const getAccessToken = vi.fn<TokenSource['getAccessToken']>((scopes) =>
    emulator.issueToken(userPrincipalName, { scopes }),
  );
  return { getAccessToken };
}

function directoryAs(tokenSource: TokenSource, root = graphRoot) {
  return createGraphDirectory(createGraphClient(tokenSource, root));
}

/** The GraphError a promise rejects with; fails the test if it resolves or rejects otherwise. */
async function graphErrorFrom(promise: Promise<unknown>): Promise<GraphError> {
  const error: unknown = await promise.then(
    () => {
      throw new Error('expected a GraphError, but the call succeeded');
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(GraphError);
  if (!(error instanceof GraphError)) throw error;
  return error;
}

describe('createGraphDirectory(createGraphClient(...)).getMe()', () => {
  it('reads the signed-in user from Graph', async () => {
    const kari = await directoryAs(tokenSourceFor('kari.nordmann@bodo.example')).getMe();
    expect(kari).toMatchObject({
      displayName: 'Kari Nordmann',
      jobTitle: 'Enhetsleder',
      mail: 'kari.nordmann@bodo.example',
    });
  });

  it("reads whoever the token belongs to: Sigrid's token gives Sigrid", async () => {
    const sigrid = await directoryAs(tokenSourceFor('sigrid.lund@bodo.example')).getMe();
    expect(sigrid).toMatchObject({ displayName: 'Sigrid Lund', jobTitle: 'Systemansvarlig' });
  });

  it('accepts a Graph root with a trailing slash', async () => {
    const kari = await directoryAs(
      tokenSourceFor('kari.nordmann@bodo.example'),
      `${graphRoot}/`,
    ).getMe();
    expect(kari.displayName).toBe('Kari Nordmann');
  });

  it('asks the token source for User.Read only', async () => {
    const tokenSource = tokenSourceFor('kari.nordmann@bodo.example');
    await directoryAs(tokenSource).getMe();
    expect(tokenSource.getAccessToken).toHaveBeenCalledTimes(1);
    expect(tokenSource.getAccessToken).toHaveBeenCalledWith(['User.Read']);
  });

  it('sends the token as "Authorization: Bearer <token>"', async () => {
    const token = await emulator.issueToken('kari.nordmann@bodo.example');
    const seen: (string | null)[] = [];
    server.events.on('request:start', ({ request }) => {
      seen.push(request.headers.get('authorization'));
    });
    try {
      await directoryAs({ getAccessToken: () => Promise.resolve(token) }).getMe();
    } finally {
      server.events.removeAllListeners('request:start');
    }
    expect(seen).toEqual([`Bearer ${token}`]);
  });

  it('reports a token the emulator does not accept as unauthenticated', async () => {
    const token = await emulator.issueToken('kari.nordmann@bodo.example');
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    const error = await graphErrorFrom(
      directoryAs({ getAccessToken: () => Promise.resolve(tampered) }).getMe(),
    );
    expect(error).toMatchObject({ kind: 'unauthenticated', status: 401 });
  });

  it('retries a 503 with Retry-After and then succeeds', async () => {
    let calls = 0;
    server.use(
      // Returning nothing falls through to the emulator's handlers.
      http.get(meUrl, () => {
        calls += 1;
        if (calls > 1) return undefined;
        return HttpResponse.json(
          { error: { code: 'serviceNotAvailable', message: 'Try later' } },
          { status: 503, headers: { 'Retry-After': '0' } },
        );
      }),
    );
    const kari = await directoryAs(tokenSourceFor('kari.nordmann@bodo.example')).getMe();
    expect(calls).toBe(2);
    expect(kari.displayName).toBe('Kari Nordmann');
  });

  it('gives up after three retries of a 503 and reports Graph as unavailable', async () => {
    let calls = 0;
    server.use(
      http.get(meUrl, () => {
        calls += 1;
        return HttpResponse.json(
          { error: { code: 'serviceNotAvailable', message: 'Try later' } },
          { status: 503, headers: { 'Retry-After': '0' } },
        );
      }),
    );
    const error = await graphErrorFrom(
      directoryAs(tokenSourceFor('kari.nordmann@bodo.example')).getMe(),
    );
    expect(error).toMatchObject({ kind: 'unavailable', status: 503 });
    expect(calls).toBe(4);
  });

  it('reports a failed connection as a network error', async () => {
    server.use(http.get(meUrl, () => HttpResponse.error()));
    const error = await graphErrorFrom(
      directoryAs(tokenSourceFor('kari.nordmann@bodo.example')).getMe(),
    );
    expect(error.kind).toBe('network');
  });

  it('reports an answer of the wrong shape as an invalid response', async () => {
    server.use(http.get(meUrl, () => HttpResponse.json({})));
    const error = await graphErrorFrom(
      directoryAs(tokenSourceFor('kari.nordmann@bodo.example')).getMe(),
    );
    expect(error.kind).toBe('invalid-response');
  });

  it.each([
    [403, 'forbidden'],
    [404, 'not-found'],
    [409, 'conflict'],
  ] as const)('reports an answer of %i as %s', async (status, kind) => {
    server.use(
      http.get(meUrl, () =>
        HttpResponse.json({ error: { code: 'someCode', message: 'No' } }, { status }),
      ),
    );
    const error = await graphErrorFrom(
      directoryAs(tokenSourceFor('kari.nordmann@bodo.example')).getMe(),
    );
    expect(error).toMatchObject({ kind, status });
  });
});

describe('graphErrorKindForStatus', () => {
  it.each([
    [0, 'network'],
    [401, 'unauthenticated'],
    [403, 'forbidden'],
    [404, 'not-found'],
    [409, 'conflict'],
    [412, 'conflict'],
    [429, 'throttled'],
    [502, 'unavailable'],
    [503, 'unavailable'],
    [504, 'unavailable'],
    [400, 'unknown'],
    [500, 'unknown'],
  ] as const)('maps %i to %s', (status, kind) => {
    expect(graphErrorKindForStatus(status)).toBe(kind);
  });
});

describe('createGraphClient', () => {
  it('refuses URLs outside its own Graph root without asking for a token', async () => {
    const seen: [string, string | null][] = [];
    const record = ({ request }: { request: Request }) => {
      seen.push([request.url, request.headers.get('authorization')]);
      return HttpResponse.json({ id: 'someone' });
    };
    server.use(
      http.get('https://elsewhere.example/*', record),
      http.get(`${origin}/graphx/*`, record),
    );
    const tokenSource = tokenSourceFor('kari.nordmann@bodo.example');
    const graph = createGraphClient(tokenSource, graphRoot);
    const schema = z.object({ id: z.string() });
    const options = { scopes: ['User.Read'] };
    await expect(
      graph.get('https://elsewhere.example/v1.0/me', schema, options),
    ).rejects.toBeInstanceOf(GraphError);
    await expect(graph.get(`${origin}/graphx/v1.0/me`, schema, options)).rejects.toBeInstanceOf(
      GraphError,
    );
    expect(seen).toEqual([]);
    expect(tokenSource.getAccessToken).not.toHaveBeenCalled();
  });
});
