import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { connectWorkbench } from '../../src/hosts/local/workbench-host.ts';

interface PendingToken {
  userId: string;
  scopes: string[];
  answer: (token: string) => void;
}

const tokenRequestSchema = z.object({ userId: z.string(), scopes: z.array(z.string()) });

/** A token endpoint that answers only when the test says so, in any order. */
function stubTokenEndpoint() {
  const pending: PendingToken[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (_url: string, init: RequestInit) => {
      const body = tokenRequestSchema.parse(
        JSON.parse(typeof init.body === 'string' ? init.body : ''),
      );
      const token = await new Promise<string>((answer) => pending.push({ ...body, answer }));
      return new Response(
        JSON.stringify({ token_type: 'Bearer', access_token: token, expires_in: 3600 }),
        { status: 200, headers: { 'content-type': 'application/json' } },
      );
    }),
  );
  return pending;
}

/** Lets the awaited fetch calls register themselves. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function connect() {
  return connectWorkbench({
    emulatorRoot: '',
    defaultIdentity: 'kari',
    theme: 'light',
    locale: 'nb-NO',
  });
}

describe('the workbench token source', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    window.sessionStorage.clear();
  });

  it('asks the emulator for the chosen person and exactly the scopes of the call, and reuses it', async () => {
    const pending = stubTokenEndpoint();
    const { session } = connect();
    const first = session.tokenSource.getAccessToken(['Mail.Read', 'User.Read']);
    await settle();
    expect(pending.map(({ userId, scopes }) => ({ userId, scopes }))).toEqual([
      { userId: 'kari', scopes: ['Mail.Read', 'User.Read'] },
    ]);
    pending[0]?.answer('kari-mail');
    await expect(first).resolves.toBe('kari-mail');
    // Same scopes in another order: the cached token, no new request.
    await expect(session.tokenSource.getAccessToken(['User.Read', 'Mail.Read'])).resolves.toBe(
      'kari-mail',
    );
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('never gives the next person a token that was still on its way for the previous one', async () => {
    const pending = stubTokenEndpoint();
    const { session, identity } = connect();
    const forKari = session.tokenSource.getAccessToken(['Mail.Read']);
    await settle();
    identity.set('ola');
    const forOla = session.tokenSource.getAccessToken(['Mail.Read']);
    await settle();
    // Ola's answer comes first, Kari's late one after it.
    pending[1]?.answer('ola-mail');
    await expect(forOla).resolves.toBe('ola-mail');
    pending[0]?.answer('kari-mail');
    await expect(forKari).resolves.toBe('kari-mail');

    await expect(session.tokenSource.getAccessToken(['Mail.Read'])).resolves.toBe('ola-mail');
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("drops the previous person's tokens when someone else signs in", async () => {
    const pending = stubTokenEndpoint();
    const { session, identity } = connect();
    const forKari = session.tokenSource.getAccessToken(['User.Read']);
    await settle();
    pending[0]?.answer('kari-user');
    await forKari;
    identity.set('ola');
    const forOla = session.tokenSource.getAccessToken(['User.Read']);
    await settle();
    expect(pending[1]?.userId).toBe('ola');
    pending[1]?.answer('ola-user');
    await expect(forOla).resolves.toBe('ola-user');
  });
});
