// @vitest-environment node
/**
 * The channel notifier's search and reply (issue 5, item 5) against the
 * emulator, and its tolerance of what real Graph lists besides plain
 * messages (system events, deleted messages) against a scripted fetch.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  DOKUMENTSENTERET_TEAM_ID,
  TRIAGE_CHANNEL_EMAIL,
  TRIAGE_CHANNEL_ID,
} from '../../emulator/emulator-config.ts';
import { createGraphEmulator } from '../../emulator/graph-emulator.ts';
import {
  createGraphChannelNotifier,
  type AdaptiveCard,
  type ChannelNotifier,
} from '../../src/m365/channel-notifier.ts';
import { createGraphClient, type GraphClient } from '../../src/m365/graph-client.ts';
import { createGraphMailer } from '../../src/m365/mailer.ts';
import { html } from '../../src/m365/safe-html.ts';
import {
  countingFetch,
  graphAs,
  type Emulator,
  contractVariants,
  useContractVariant,
  expectRoundTrips,
} from './emulator-kit.ts';
import { BASE, json, ROOT, scriptedFetch, staticToken } from './fake-graph.ts';

const channel = { teamId: DOKUMENTSENTERET_TEAM_ID, channelId: TRIAGE_CHANNEL_ID };
const messagesPath = `/teams/${channel.teamId}/channels/${encodeURIComponent(channel.channelId)}/messages`;
const requestId = 'a3c1a0d2-5b7e-4c8f-9e21-7d5f1b2c3d4e';
const link = `https://tilgang.bodo.example/index.html?request=${requestId}`;

const replySchema = z.object({
  id: z.string(),
  replyToId: z.string().nullable(),
  from: z.object({ user: z.object({ displayName: z.string() }) }),
  body: z.object({ contentType: z.string(), content: z.string() }),
});

function notifierFor(graph: GraphClient): ChannelNotifier {
  return createGraphChannelNotifier(graph, createGraphMailer(graph));
}

function cardWith(url: string): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    body: [{ type: 'TextBlock', text: 'Ny forespørsel: Mappetilgang', wrap: true }],
    actions: [{ type: 'Action.OpenUrl', title: 'Åpne forespørselen', url }],
  };
}

async function postPlain(emulator: Emulator, count: number, text = 'Annen melding'): Promise<void> {
  const sigrid = graphAs(emulator, 'sigrid.lund@bodo.example');
  for (let index = 0; index < count; index += 1) {
    await sigrid.request('POST', messagesPath, z.object({ id: z.string() }), {
      scopes: [],
      body: { body: { contentType: 'html', content: `<p>${text} ${index}</p>` } },
    });
  }
}

function repliesOf(emulator: Emulator, messageId: string) {
  return graphAs(emulator, 'sigrid.lund@bodo.example').getAll(
    `${messagesPath}/${messageId}/replies`,
    replySchema,
    { scopes: [] },
  );
}

describe.each(contractVariants)('finding a channel message ($name)', (variant) => {
  beforeEach(() => useContractVariant(variant));

  it("finds a notice mailed to the channel's address by the id in its link, and a member's card by the id in the card", async () => {
    const emulator = createGraphEmulator();
    const kari = notifierFor(graphAs(emulator, 'kari.nordmann@bodo.example'));
    const sigrid = notifierFor(graphAs(emulator, 'sigrid.lund@bodo.example'));
    await kari.mailToChannel(
      TRIAGE_CHANNEL_EMAIL,
      'Ny forespørsel',
      html`<p><a href="${link}">Åpne forespørselen</a></p>`,
    );
    await postPlain(emulator, 3);

    const mailed = await sigrid.findMessage(channel, { contains: requestId });
    expect(mailed).not.toBeNull();
    const all = await graphAs(emulator, 'sigrid.lund@bodo.example').getAll(
      messagesPath,
      z.object({ id: z.string(), body: z.object({ content: z.string() }) }),
      { scopes: [] },
    );
    expect(all.find((message) => message.id === mailed?.messageId)?.body.content).toContain(
      requestId,
    );

    // A card's body has only the summary: the link (and the id) is in the card's JSON.
    const otherId = 'f00dfeed-0000-4000-8000-000000000001';
    const { messageId: cardId } = await sigrid.postCard(
      channel,
      cardWith(`https://tilgang.bodo.example/index.html?request=${otherId}`),
      html`<p>Ny forespørsel: Mappetilgang</p>`,
    );
    expect(await sigrid.findMessage(channel, { contains: otherId })).toMatchObject({
      messageId: cardId,
    });
    expect(
      await sigrid.findMessage(channel, { contains: 'ffffffff-0000-4000-8000-00000000dead' }),
    ).toBeNull();
  });

  it('answers with the newest match, and never with a reply', async () => {
    const emulator = createGraphEmulator();
    const sigrid = notifierFor(graphAs(emulator, 'sigrid.lund@bodo.example'));
    const first = await sigrid.postCard(channel, cardWith(link));
    const second = await sigrid.postCard(channel, cardWith(link));
    const unrelated = await sigrid.postCard(channel, cardWith('https://tilgang.bodo.example/'));
    // A reply quoting the id sits in another thread: replies are not listed, so it cannot match.
    await sigrid.reply(channel, unrelated.messageId, html`<p>${requestId}</p>`);

    const found = await sigrid.findMessage(channel, { contains: requestId });
    expect(found?.messageId).toBe(second.messageId);
    expect(found?.messageId).not.toBe(first.messageId);
    expect(found?.createdDateTime).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('looks for text as it is and as HTML escapes it in the body', async () => {
    const emulator = createGraphEmulator();
    const sigrid = notifierFor(graphAs(emulator, 'sigrid.lund@bodo.example'));
    await sigrid.mailToChannel(TRIAGE_CHANNEL_EMAIL, 'x', html`<p>${'Drift & <vedlikehold>'}</p>`);
    expect(await sigrid.findMessage(channel, { contains: 'Drift & <vedlikehold>' })).not.toBeNull();
  });

  it('reads pages of 50, newest first, following nextLink as far as `top` reaches', async () => {
    const emulator = createGraphEmulator();
    const sigrid = notifierFor(graphAs(emulator, 'sigrid.lund@bodo.example'));
    const { messageId } = await sigrid.postCard(channel, cardWith(link));
    await postPlain(emulator, 70);

    const counting = countingFetch(emulator);
    const urls: string[] = [];
    const observed = notifierFor(
      graphAs(emulator, 'sigrid.lund@bodo.example', {
        fetch: (request) => {
          urls.push(request.url);
          return counting.fetch(request);
        },
      }),
    );
    // The 71st newest: on the second page.
    expect(await observed.findMessage(channel, { contains: requestId })).toMatchObject({
      messageId,
    });
    expectRoundTrips(counting.counter.calls, 2);
    expect(decodeURIComponent(urls[0] ?? '')).toContain('$top=50');

    // Not among the 70 newest: one page of 50 and 20 of the next, then it gives up.
    urls.length = 0;
    expect(await observed.findMessage(channel, { contains: requestId, top: 70 })).toBeNull();
    expect(urls).toHaveLength(2);

    // A small reach asks for a small page.
    urls.length = 0;
    expect(await observed.findMessage(channel, { contains: requestId, top: 10 })).toBeNull();
    expect(urls).toHaveLength(1);
    expect(decodeURIComponent(urls[0] ?? '')).toContain('$top=10');
  });

  it('stops after `top` messages even when the channel has many more pages', async () => {
    const emulator = createGraphEmulator();
    const sigrid = notifierFor(graphAs(emulator, 'sigrid.lund@bodo.example'));
    await sigrid.postCard(channel, cardWith(link));
    await postPlain(emulator, 160);
    const counting = countingFetch(emulator);
    const observed = notifierFor(
      graphAs(emulator, 'sigrid.lund@bodo.example', { fetch: counting.fetch }),
    );
    // The default reach is 150 messages: three pages, and the announcement is the 161st.
    expect(await observed.findMessage(channel, { contains: requestId })).toBeNull();
    expectRoundTrips(counting.counter.calls, 3);
  });

  it('refuses blank text, which would match any message', async () => {
    const sigrid = notifierFor(graphAs(createGraphEmulator(), 'sigrid.lund@bodo.example'));
    await expect(sigrid.findMessage(channel, { contains: '  ' })).rejects.toThrow(RangeError);
  });

  it('reports a reader outside the team as not-team-member', async () => {
    const ola = notifierFor(graphAs(createGraphEmulator(), 'ola.hansen@bodo.example'));
    await expect(ola.findMessage(channel, { contains: requestId })).rejects.toMatchObject({
      kind: 'not-team-member',
      status: 403,
    });
  });

  it('skips deleted messages and tolerates system messages without a body', async () => {
    const page = {
      value: [
        { id: '5', messageType: 'systemEventMessage', body: null, attachments: null },
        {
          id: '4',
          deletedDateTime: '2026-11-28T08:00:00Z',
          body: { contentType: 'html', content: `<p>${requestId}</p>` },
          attachments: [],
        },
        { id: '3', body: { contentType: 'html', content: '' } },
        {
          id: '2',
          createdDateTime: '2026-11-27T08:00:00Z',
          body: { contentType: 'html', content: '<attachment id="c"></attachment>' },
          attachments: [
            { contentType: 'application/vnd.microsoft.card.adaptive', content: null },
            {
              contentType: 'application/vnd.microsoft.card.adaptive',
              content: JSON.stringify(cardWith(link)),
            },
          ],
        },
      ],
    };
    const scripted = scriptedFetch([json(200, page)]);
    const graph = createGraphClient(staticToken, ROOT, { fetch: scripted.fetch });
    expect(await notifierFor(graph).findMessage(channel, { contains: requestId })).toEqual({
      messageId: '2',
      createdDateTime: '2026-11-27T08:00:00Z',
    });
    expect(scripted.seen[0]?.url).toBe(
      `${BASE}/teams/${channel.teamId}/channels/${encodeURIComponent(channel.channelId)}/messages?$top=50`,
    );
  });

  it('gives up after ten pages even when Graph answers empty pages with a nextLink', async () => {
    const scripted = scriptedFetch([
      (request) =>
        json(200, { value: [], '@odata.nextLink': `${request.url.split('?')[0]}?$skiptoken=x` }),
    ]);
    const graph = createGraphClient(staticToken, ROOT, { fetch: scripted.fetch });
    expect(await notifierFor(graph).findMessage(channel, { contains: requestId })).toBeNull();
    expect(scripted.seen).toHaveLength(10);
  });
});

describe.each(contractVariants)('replying in a thread ($name)', (variant) => {
  beforeEach(() => useContractVariant(variant));

  it('posts an HTML reply under the message as the signed-in member', async () => {
    const emulator = createGraphEmulator();
    const sigrid = notifierFor(graphAs(emulator, 'sigrid.lund@bodo.example'));
    const { messageId } = await sigrid.postCard(channel, cardWith(link));
    const reply = await sigrid.reply(channel, messageId, html`<p>${'<b>ikke fet</b>'}</p>`);
    const replies = await repliesOf(emulator, messageId);
    // The schema keeps only what is asserted here.
    expect(replies).toEqual([
      {
        id: reply.messageId,
        replyToId: messageId,
        from: { user: { displayName: 'Sigrid Lund' } },
        body: { contentType: 'html', content: '<p>&lt;b&gt;ikke fet&lt;/b&gt;</p>' },
      },
    ]);
  });

  it('reports a non-member as not-team-member, and an unknown message as not-found', async () => {
    const emulator = createGraphEmulator();
    const sigrid = notifierFor(graphAs(emulator, 'sigrid.lund@bodo.example'));
    const { messageId } = await sigrid.postCard(channel, cardWith(link));
    const ola = notifierFor(graphAs(emulator, 'ola.hansen@bodo.example'));
    await expect(ola.reply(channel, messageId, html`<p>x</p>`)).rejects.toMatchObject({
      kind: 'not-team-member',
      status: 403,
    });
    await expect(sigrid.reply(channel, '1', html`<p>x</p>`)).rejects.toMatchObject({
      kind: 'not-found',
    });
    expect(await repliesOf(emulator, messageId)).toEqual([]);
  });
});
