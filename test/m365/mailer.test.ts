// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createGraphMailer } from '../../src/m365/mailer.ts';
import { html } from '../../src/m365/safe-html.ts';
import { createGraphClient } from '../../src/m365/graph-client.ts';
import { BASE, ROOT, scriptedFetch } from './fake-graph.ts';

const stringContaining = (text: string): unknown => expect.stringContaining(text);

const accepted = () => new Response(null, { status: 202 });

function mailerWith(fetch: ReturnType<typeof scriptedFetch>) {
  const scopes: string[][] = [];
  const tokens = {
    getAccessToken: (requested: readonly string[]) => {
      scopes.push([...requested]);
      return Promise.resolve('token-1');
    },
  };
  const graph = createGraphClient(tokens, ROOT, { fetch: fetch.fetch });
  return { mailer: createGraphMailer(graph), scopes };
}

const mail = {
  to: ['ola.hansen@bodo.example'],
  subject: 'Bekreft tilgangen din',
  html: html`<p>Hei</p>`,
  reference: { kind: 'review', campaignId: 'c1', personId: 'p1', round: 'review' },
} as const;

describe('Graph mailer', () => {
  it('sends from the signed-in user with our header and, when asked, our Message-ID', async () => {
    const fetch = scriptedFetch([accepted()]);
    const { mailer, scopes } = mailerWith(fetch);
    await mailer.sendMail({
      ...mail,
      to: [...mail.to],
      internetMessageId: '<et.r.p1.c1@bodo.example>',
    });
    expect(fetch.seen[0]?.url).toBe(`${BASE}/me/sendMail`);
    expect(fetch.seen[0]?.body).toMatchObject({
      message: {
        internetMessageId: '<et.r.p1.c1@bodo.example>',
        internetMessageHeaders: [
          { name: 'x-elements-tilgang', value: stringContaining('"campaignId":"c1"') },
        ],
      },
      saveToSentItems: true,
    });
    expect(scopes[0]).toEqual(['Mail.Send']);
  });

  it('sends from a shared mailbox with Mail.Send.Shared', async () => {
    const fetch = scriptedFetch([accepted()]);
    const { mailer, scopes } = mailerWith(fetch);
    await mailer.sendMail({
      ...mail,
      to: [...mail.to],
      fromMailbox: 'dokumentsenteret@bodo.example',
    });
    expect(fetch.seen[0]?.url).toBe(`${BASE}/users/dokumentsenteret%40bodo.example/sendMail`);
    expect(scopes[0]).toEqual(['Mail.Send.Shared']);
  });

  it('refuses a malformed Message-ID or mailbox before anything is sent', async () => {
    const fetch = scriptedFetch([accepted()]);
    const { mailer } = mailerWith(fetch);
    await expect(
      mailer.sendMail({ ...mail, to: [...mail.to], internetMessageId: 'et.r.p1.c1' }),
    ).rejects.toThrow(RangeError);
    await expect(
      mailer.sendMail({ ...mail, to: [...mail.to], fromMailbox: 'not a mailbox' }),
    ).rejects.toThrow();
    expect(fetch.seen).toHaveLength(0);
  });
});
