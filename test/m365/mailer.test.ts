// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createGraphMailer } from '../../src/m365/mailer.ts';
import { html } from '../../src/m365/safe-html.ts';
import { createGraphClient } from '../../src/m365/graph-client.ts';
import { BASE, ROOT, fakeGraph, scriptedFetch } from './fake-graph.ts';

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

describe('Graph mailer under Exchange throttling', () => {
  const throttled = (seconds: number) =>
    Response.json(
      { error: { code: 'ApplicationThrottled', message: 'Mailbox send limit.' } },
      { status: 429, headers: { 'Retry-After': String(seconds) } },
    );

  it('waits out a 429 and sends once more, since Exchange sent nothing', async () => {
    const fetch = scriptedFetch([throttled(2), accepted()]);
    const { graph, clock } = fakeGraph(fetch.fetch);
    await createGraphMailer(graph).sendMail({ ...mail, to: [...mail.to] });
    expect(fetch.seen.filter((request) => request.url.endsWith('/sendMail'))).toHaveLength(2);
    expect(clock.sleeps).toEqual([2_000]);
  });

  it('gives up after three refusals, or at once when Exchange asks for a long wait', async () => {
    const again = scriptedFetch([throttled(1)]);
    await expect(
      createGraphMailer(fakeGraph(again.fetch).graph).sendMail({ ...mail, to: [...mail.to] }),
    ).rejects.toMatchObject({ kind: 'throttled' });
    expect(again.seen).toHaveLength(3);

    const long = scriptedFetch([throttled(120), accepted()]);
    await expect(
      createGraphMailer(fakeGraph(long.fetch).graph).sendMail({ ...mail, to: [...mail.to] }),
    ).rejects.toMatchObject({ kind: 'throttled' });
    expect(long.seen).toHaveLength(1);
  });

  it('leaves a 429 to the caller when made for a queue that paces itself', async () => {
    const fetch = scriptedFetch([throttled(2), accepted()]);
    const mailer = createGraphMailer(fakeGraph(fetch.fetch).graph, { retryThrottled: false });
    await expect(mailer.sendMail({ ...mail, to: [...mail.to] })).rejects.toMatchObject({
      kind: 'throttled',
      retryAfterMs: 2_000,
    });
    expect(fetch.seen).toHaveLength(1);
  });

  it('never sends again after an answer lost on the way back', async () => {
    const fetch = scriptedFetch([new TypeError('connection reset'), accepted()]);
    await expect(
      createGraphMailer(fakeGraph(fetch.fetch).graph).sendMail({ ...mail, to: [...mail.to] }),
    ).rejects.toMatchObject({ kind: 'network' });
    expect(fetch.seen).toHaveLength(1);
  });
});
