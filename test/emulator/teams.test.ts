// @vitest-environment node
import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { demoGroupIds } from '../../emulator/directory-data.ts';
import {
  DOKUMENTSENTERET_TEAM_ID,
  TRIAGE_CHANNEL_EMAIL,
  TRIAGE_CHANNEL_ID,
} from '../../emulator/emulator-config.ts';
import { createGraphEmulator, type GraphEmulator } from '../../emulator/graph-emulator.ts';
import {
  clientFor,
  type EmulatorClient,
  expectJson,
  expectStatus,
  graphErrorCodeSchema,
} from './emulator-test-kit.ts';

const chatMessageSchema = z.object({
  id: z.string(),
  messageType: z.literal('message'),
  createdDateTime: z.string(),
  subject: z.string().nullable(),
  from: z.object({ user: z.object({ id: z.string().nullable(), displayName: z.string() }) }),
  body: z.object({ contentType: z.string(), content: z.string() }),
  channelIdentity: z.object({ teamId: z.string(), channelId: z.string() }),
  attachments: z.array(
    z.object({ id: z.string(), contentType: z.string(), content: z.string().nullable() }),
  ),
});
const messagesSchema = z.object({
  value: z.array(chatMessageSchema),
  '@odata.nextLink': z.string().optional(),
});

const messagesPath = `/teams/${DOKUMENTSENTERET_TEAM_ID}/channels/${encodeURIComponent(TRIAGE_CHANNEL_ID)}/messages`;

const card = {
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  body: [{ type: 'TextBlock', text: 'Ny forespørsel: tilgang til Elements' }],
};

function cardMessage(id = 'card-1'): Record<string, unknown> {
  return {
    subject: 'Ny forespørsel',
    body: {
      contentType: 'html',
      content: `<p>Ola Hansen ber om tilgang.</p><attachment id="${id}"></attachment>`,
    },
    attachments: [
      {
        id,
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: JSON.stringify(card),
        name: null,
        thumbnailUrl: null,
      },
    ],
  };
}

let emulator: GraphEmulator;
let sigrid: EmulatorClient;
let ola: EmulatorClient;

beforeEach(async () => {
  emulator = createGraphEmulator();
  sigrid = await clientFor(emulator, 'sigrid.lund@bodo.example');
  ola = await clientFor(emulator, 'ola.hansen@bodo.example');
});

describe('the Dokumentsenteret team and its triage channel', () => {
  it('is the Dokumentsenteret group, with Forespørsler and its e-mail address', async () => {
    expect(DOKUMENTSENTERET_TEAM_ID).toBe(demoGroupIds.dokumentsenteret);
    const channel = await expectJson(
      await sigrid.get(
        `/teams/${DOKUMENTSENTERET_TEAM_ID}/channels/${encodeURIComponent(TRIAGE_CHANNEL_ID)}`,
      ),
      200,
      z.object({
        id: z.string(),
        displayName: z.string(),
        email: z.string(),
        membershipType: z.string(),
      }),
    );
    expect(channel).toEqual({
      id: '19:demo-triage@thread.tacv2',
      displayName: 'Forespørsler',
      email: 'forespoersler.dokumentsenteret@bodo.example',
      membershipType: 'standard',
    });
    const joined = await expectJson(
      await sigrid.get('/me/joinedTeams'),
      200,
      z.object({ value: z.array(z.object({ id: z.string() })) }),
    );
    expect(joined.value.map((team) => team.id)).toEqual([DOKUMENTSENTERET_TEAM_ID]);
    expect(
      (
        await expectJson(
          await ola.get('/me/joinedTeams'),
          200,
          z.object({ value: z.array(z.unknown()) }),
        )
      ).value,
    ).toEqual([]);
  });

  it('lets a member post a message with an Adaptive Card and read it back', async () => {
    const created = await expectJson(
      await sigrid.call('POST', messagesPath, cardMessage()),
      201,
      chatMessageSchema,
    );
    expect(created).toMatchObject({
      subject: 'Ny forespørsel',
      from: { user: { id: sigrid.userId, displayName: 'Sigrid Lund' } },
      channelIdentity: { teamId: DOKUMENTSENTERET_TEAM_ID, channelId: TRIAGE_CHANNEL_ID },
      attachments: [{ id: 'card-1', contentType: 'application/vnd.microsoft.card.adaptive' }],
    });
    expect(JSON.parse(created.attachments[0]?.content ?? '')).toEqual(card);
    const listed = await expectJson(await sigrid.get(messagesPath), 200, messagesSchema);
    expect(listed.value.map((message) => message.id)).toEqual([created.id]);
    const one = await expectJson(
      await sigrid.get(`${messagesPath}/${created.id}`),
      200,
      chatMessageSchema,
    );
    expect(one.id).toBe(created.id);
    const reply = await expectJson(
      await sigrid.call('POST', `${messagesPath}/${created.id}/replies`, {
        body: { content: 'Jeg tar denne.' },
      }),
      201,
      chatMessageSchema.extend({ replyToId: z.string() }),
    );
    expect(reply.replyToId).toBe(created.id);
  });

  it('refuses a post, and reading, to someone who is not a member of the team', async () => {
    const post = await ola.call('POST', messagesPath, cardMessage());
    expect((await expectJson(post, 403, graphErrorCodeSchema)).error.code).toBe('Forbidden');
    expect((await ola.get(messagesPath)).status).toBe(403);
  });

  it("checks attachment references and the card's JSON", async () => {
    const unreferenced = {
      ...cardMessage(),
      body: { contentType: 'html', content: '<p>Uten vedlegg</p>' },
    };
    expect((await sigrid.call('POST', messagesPath, unreferenced)).status).toBe(400);
    const dangling = { body: { contentType: 'html', content: '<attachment id="x"></attachment>' } };
    expect((await sigrid.call('POST', messagesPath, dangling)).status).toBe(400);
    const notJson = cardMessage();
    notJson['attachments'] = [
      {
        id: 'card-1',
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: '{not json',
      },
    ];
    expect((await sigrid.call('POST', messagesPath, notJson)).status).toBe(400);
  });

  it("posts mail to the channel's address as a channel message, from anyone", async () => {
    await expectStatus(
      await ola.call('POST', '/me/sendMail', {
        message: {
          subject: 'Forespørsel om tilgang',
          body: { contentType: 'Text', content: 'Hei!\nJeg trenger tilgang til personalmapper.' },
          toRecipients: [{ emailAddress: { address: TRIAGE_CHANNEL_EMAIL } }],
        },
      }),
      202,
    );
    const listed = await expectJson(await sigrid.get(messagesPath), 200, messagesSchema);
    expect(listed.value).toHaveLength(1);
    expect(listed.value[0]).toMatchObject({
      subject: 'Forespørsel om tilgang',
      from: { user: { id: ola.userId, displayName: 'Ola Hansen' } },
      body: { contentType: 'html' },
    });
    expect(listed.value[0]?.body.content).toContain(
      'Hei!<br>Jeg trenger tilgang til personalmapper.',
    );
  });

  it('pages channel messages newest first', async () => {
    for (let index = 0; index < 25; index += 1) {
      await expectStatus(
        await sigrid.call('POST', messagesPath, { body: { content: `Melding ${index}` } }),
        201,
      );
    }
    const first = await expectJson(await sigrid.get(messagesPath), 200, messagesSchema);
    expect(first.value).toHaveLength(20);
    expect(first.value[0]?.body.content).toBe('Melding 24');
    const second = await expectJson(
      await sigrid.get(first['@odata.nextLink'] ?? ''),
      200,
      messagesSchema,
    );
    expect(second.value.map((message) => message.body.content)).toEqual([
      'Melding 4',
      'Melding 3',
      'Melding 2',
      'Melding 1',
      'Melding 0',
    ]);
    expect((await sigrid.get(`${messagesPath}?$top=51`)).status).toBe(400);
  });
});
