// @vitest-environment node
import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createGraphEmulator, type GraphEmulator } from '../../emulator/graph-emulator.ts';
import { INSTANT_DELIVERY } from '../../emulator/mail-limits.ts';
import {
  clientFor,
  type EmulatorClient,
  expectJson,
  expectStatus,
  graphErrorCodeSchema,
} from './emulator-test-kit.ts';

const recipient = z.object({ emailAddress: z.object({ name: z.string(), address: z.string() }) });
const messageSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  internetMessageId: z.string(),
  subject: z.string(),
  from: recipient,
  sender: recipient,
  toRecipients: z.array(recipient),
  ccRecipients: z.array(recipient),
  receivedDateTime: z.string(),
  sentDateTime: z.string(),
  bodyPreview: z.string(),
  body: z.object({ contentType: z.string(), content: z.string() }),
  isRead: z.boolean(),
  parentFolderId: z.string(),
});
const messagesSchema = z.object({
  value: z.array(messageSchema),
  '@odata.nextLink': z.string().optional(),
});
const headersSchema = z.object({
  id: z.string(),
  internetMessageHeaders: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
});

const reference = JSON.stringify({ kind: 'review', campaignId: 'c-1', line: 7 });

let emulator: GraphEmulator;
let kari: EmulatorClient;
let ola: EmulatorClient;
let ingrid: EmulatorClient;

function mail(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    message: {
      subject: 'Gjennomgang av tilganger',
      body: { contentType: 'HTML', content: '<p>Hei Ola,<br>bekreft tilgangene dine.</p>' },
      toRecipients: [{ emailAddress: { address: 'ola.hansen@bodo.example' } }],
      internetMessageHeaders: [{ name: 'x-elements-tilgang', value: reference }],
      ...overrides,
    },
  };
}

async function inbox(client: EmulatorClient, query = ''): Promise<z.infer<typeof messagesSchema>> {
  return expectJson(
    await client.get(`/me/mailFolders/inbox/messages${query}`),
    200,
    messagesSchema,
  );
}

beforeEach(async () => {
  // What Exchange makes of a message, not when it arrives (mail-delivery.test.ts): no delay.
  emulator = createGraphEmulator({ mailLimits: INSTANT_DELIVERY });
  kari = await clientFor(emulator, 'kari.nordmann@bodo.example');
  ola = await clientFor(emulator, 'ola.hansen@bodo.example');
  ingrid = await clientFor(emulator, 'ingrid.berg@bodo.example');
});

describe('sendMail', () => {
  it("answers 202 and delivers into the recipient's Inbox with the custom header kept", async () => {
    const response = await kari.call(
      'POST',
      '/me/sendMail',
      mail({
        ccRecipients: [{ emailAddress: { address: 'ingrid.berg@bodo.example', name: 'Ingrid' } }],
      }),
    );
    expect(response.status).toBe(202);
    expect(await response.text()).toBe('');

    const [received] = (await inbox(ola)).value;
    expect(received).toMatchObject({
      subject: 'Gjennomgang av tilganger',
      from: { emailAddress: { name: 'Kari Nordmann', address: 'kari.nordmann@bodo.example' } },
      sender: { emailAddress: { address: 'kari.nordmann@bodo.example' } },
      toRecipients: [{ emailAddress: { name: 'Ola Hansen', address: 'ola.hansen@bodo.example' } }],
      ccRecipients: [{ emailAddress: { name: 'Ingrid', address: 'ingrid.berg@bodo.example' } }],
      bodyPreview: 'Hei Ola, bekreft tilgangene dine.',
      body: { contentType: 'html' },
      isRead: false,
    });
    expect((await inbox(ingrid)).value).toHaveLength(1);
    if (received === undefined) throw new Error('no message');
    // internetMessageHeaders only come with $select.
    const plain = await expectJson(
      await ola.get(`/me/messages/${encodeURIComponent(received.id)}`),
      200,
      z.record(z.string(), z.unknown()),
    );
    expect(plain).not.toHaveProperty('internetMessageHeaders');
    const withHeaders = await expectJson(
      await ola.get(
        `/me/messages/${encodeURIComponent(received.id)}?$select=internetMessageHeaders,subject`,
      ),
      200,
      headersSchema,
    );
    expect(withHeaders.internetMessageHeaders).toContainEqual({
      name: 'x-elements-tilgang',
      value: reference,
    });
    expect(
      withHeaders.internetMessageHeaders?.find((header) => header.name === 'Message-ID')?.value,
    ).toBe(received.internetMessageId);
  });

  it('keeps a Sent Items copy without the internet message headers, as Exchange does', async () => {
    await expectStatus(await kari.call('POST', '/me/sendMail', mail()), 202);
    const sent = await expectJson(
      await kari.get(
        '/me/mailFolders/sentitems/messages?$select=subject,internetMessageHeaders,isRead',
      ),
      200,
      z.object({
        value: z.array(headersSchema.extend({ subject: z.string(), isRead: z.boolean() })),
      }),
    );
    expect(sent.value).toHaveLength(1);
    expect(sent.value[0]).toMatchObject({ subject: 'Gjennomgang av tilganger', isRead: true });
    expect(sent.value[0]?.internetMessageHeaders).toBeUndefined();
    const received = await expectJson(
      await ola.get('/me/messages?$select=subject,internetMessageHeaders'),
      200,
      z.object({ value: z.array(headersSchema) }),
    );
    expect(
      received.value[0]?.internetMessageHeaders?.some(
        (header) => header.name === 'x-elements-tilgang',
      ),
    ).toBe(true);
  });

  it('does not keep a Sent Items copy when saveToSentItems is false', async () => {
    await expectStatus(
      await kari.call('POST', '/me/sendMail', { ...mail(), saveToSentItems: false }),
      202,
    );
    expect(
      (await expectJson(await kari.get('/me/mailFolders/sentitems/messages'), 200, messagesSchema))
        .value,
    ).toEqual([]);
  });

  it('validates headers and recipients as Graph does', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [
        { internetMessageHeaders: [{ name: 'Elements-Ref', value: '1' }] },
        'InvalidInternetMessageHeader',
      ],
      [
        {
          internetMessageHeaders: Array.from({ length: 6 }, (_, index) => ({
            name: `x-h${index}`,
            value: 'v',
          })),
        },
        'InvalidInternetMessageHeaderCollection',
      ],
      [{ toRecipients: [] }, 'ErrorInvalidRecipients'],
      [
        {
          toRecipients: Array.from({ length: 501 }, (_, index) => ({
            emailAddress: { address: `p${index}@partner.example` },
          })),
        },
        'ErrorInvalidRecipients',
      ],
      [
        { toRecipients: [{ emailAddress: { address: 'not an address' } }] },
        'ErrorInvalidRecipients',
      ],
    ];
    for (const [overrides, code] of cases) {
      const body = await expectJson(
        await kari.call('POST', '/me/sendMail', mail(overrides)),
        400,
        graphErrorCodeSchema,
      );
      expect(body.error.code).toBe(code);
    }
    const first = await expectJson(
      await kari.call(
        'POST',
        '/me/sendMail',
        mail({ internetMessageHeaders: [{ name: 'Elements-Ref', value: '1' }] }),
      ),
      400,
      graphErrorCodeSchema,
    );
    expect(first.error.message).toBe(
      "The internet message header name 'Elements-Ref' should start with 'x-' or 'X-'.",
    );
    // Five custom headers and 500 recipients are fine.
    const many = Array.from({ length: 500 }, (_, index) => ({
      emailAddress: { address: `p${index}@partner.example` },
    }));
    await expectStatus(
      await kari.call(
        'POST',
        '/me/sendMail',
        mail({
          toRecipients: many,
          internetMessageHeaders: Array.from({ length: 5 }, (_, index) => ({
            name: `X-h${index}`,
            value: 'v',
          })),
        }),
      ),
      202,
    );
  });

  it('sends only as oneself', async () => {
    await expectStatus(await kari.call('POST', `/users/${kari.userId}/sendMail`, mail()), 202);
    const other = await kari.call('POST', `/users/${ola.userId}/sendMail`, mail());
    expect((await expectJson(other, 403, graphErrorCodeSchema)).error.code).toBe(
      'ErrorAccessDenied',
    );
    expect((await kari.get(`/users/${ola.userId}/messages`)).status).toBe(403);
  });

  it('keeps mail to other domains in an outbox, and records unknown tenant addresses', async () => {
    await expectStatus(
      await kari.call(
        'POST',
        '/me/sendMail',
        mail({
          subject: 'Bestilling: ny bruker i Elements',
          toRecipients: [
            { emailAddress: { address: 'bestilling@atea.example', name: 'Atea bestilling' } },
            { emailAddress: { address: 'finnes.ikke@bodo.example' } },
          ],
        }),
      ),
      202,
    );
    const outbox = emulator.externalMail();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({
      recipients: ['bestilling@atea.example'],
      subject: 'Bestilling: ny bruker i Elements',
      from: { address: 'kari.nordmann@bodo.example' },
      internetMessageHeaders: [{ name: 'x-elements-tilgang', value: reference }],
    });
    expect(emulator.undeliverableMail().map((entry) => entry.recipients)).toEqual([
      ['finnes.ikke@bodo.example'],
    ]);
    const viaControl = await expectJson(
      await emulator.handle(new Request('https://graph.emulator.test/_emulator/outbox')),
      200,
      z.object({ value: z.array(z.object({ subject: z.string() })) }),
    );
    expect(viaControl.value.map((entry) => entry.subject)).toEqual([
      'Bestilling: ny bruker i Elements',
    ]);
  });
});

describe('messages and replies', () => {
  it('threads a reply by conversationId, to the original sender, with an RE: subject', async () => {
    await expectStatus(await kari.call('POST', '/me/sendMail', mail()), 202);
    await expectStatus(
      await kari.call('POST', '/me/sendMail', mail({ subject: 'Noe annet' })),
      202,
    );
    const original = (
      await inbox(ola, `?$filter=${encodeURIComponent("subject eq 'Gjennomgang av tilganger'")}`)
    ).value[0];
    if (original === undefined) throw new Error('no message');
    expect(
      (
        await ola.call('POST', `/me/messages/${encodeURIComponent(original.id)}/reply`, {
          comment: 'Behold alle.',
        })
      ).status,
    ).toBe(202);

    const replies = await inbox(kari);
    expect(replies.value).toHaveLength(1);
    const reply = replies.value[0];
    expect(reply).toMatchObject({
      subject: 'RE: Gjennomgang av tilganger',
      conversationId: original.conversationId,
      from: { emailAddress: { address: 'ola.hansen@bodo.example' } },
      toRecipients: [{ emailAddress: { address: 'kari.nordmann@bodo.example' } }],
    });
    expect(reply?.bodyPreview.startsWith('Behold alle.')).toBe(true);

    const thread = await expectJson(
      await kari.get(
        `/me/messages?$filter=${encodeURIComponent(`conversationId eq '${original.conversationId}'`)}&$select=subject,conversationId,internetMessageHeaders`,
      ),
      200,
      z.object({
        value: z.array(headersSchema.extend({ subject: z.string(), conversationId: z.string() })),
      }),
    );
    // Kari's Sent Items copy of the original and Ola's reply in her Inbox; not "Noe annet".
    expect(thread.value.map((message) => message.subject).sort()).toEqual([
      'Gjennomgang av tilganger',
      'RE: Gjennomgang av tilganger',
    ]);
    const replyHeaders =
      thread.value.find((message) => message.subject.startsWith('RE:'))?.internetMessageHeaders ??
      [];
    expect(replyHeaders.find((header) => header.name === 'In-Reply-To')?.value).toBe(
      original.internetMessageId,
    );
    expect(replyHeaders.some((header) => header.name === 'x-elements-tilgang')).toBe(false);

    const olaSent = await expectJson(
      await ola.get('/me/mailFolders/sentitems/messages'),
      200,
      messagesSchema,
    );
    expect(olaSent.value.map((message) => message.subject)).toEqual([
      'RE: Gjennomgang av tilganger',
    ]);
  });

  it('lists newest first with $top and nextLink, and marks a message read', async () => {
    for (let index = 0; index < 12; index += 1) {
      await expectStatus(
        await kari.call('POST', '/me/sendMail', mail({ subject: `Melding ${index}` })),
        202,
      );
    }
    const first = await expectJson(await ola.get('/me/messages'), 200, messagesSchema);
    expect(first.value).toHaveLength(10);
    expect(first.value[0]?.subject).toBe('Melding 11');
    const next = first['@odata.nextLink'];
    if (next === undefined) throw new Error('no nextLink');
    expect(next).toContain('$skip=10');
    const second = await expectJson(await ola.get(next), 200, messagesSchema);
    expect(second.value.map((message) => message.subject)).toEqual(['Melding 1', 'Melding 0']);
    expect(second['@odata.nextLink']).toBeUndefined();

    const target = first.value[0];
    if (target === undefined) throw new Error('no message');
    const patched = await expectJson(
      await ola.call('PATCH', `/me/messages/${encodeURIComponent(target.id)}`, { isRead: true }),
      200,
      messageSchema,
    );
    expect(patched.isRead).toBe(true);
    expect(
      (await inbox(ola, `?$filter=${encodeURIComponent('isRead eq false')}&$top=50`)).value,
    ).toHaveLength(11);
  });

  it('refuses $orderby with a $filter that does not start with the sorted property (InefficientFilter)', async () => {
    const conversation = encodeURIComponent("conversationId eq 'x'");
    const refused = await kari.get(
      `/me/messages?$filter=${conversation}&$orderby=receivedDateTime desc`,
    );
    expect((await expectJson(refused, 400, graphErrorCodeSchema)).error.code).toBe(
      'InefficientFilter',
    );
    const allowed = encodeURIComponent(
      "receivedDateTime ge 2020-01-01T00:00:00Z and conversationId eq 'x'",
    );
    expect(
      (await kari.get(`/me/messages?$filter=${allowed}&$orderby=receivedDateTime desc`)).status,
    ).toBe(200);
  });

  it("does not show one person's message to another", async () => {
    await expectStatus(await kari.call('POST', '/me/sendMail', mail()), 202);
    const [message] = (await inbox(ola)).value;
    if (message === undefined) throw new Error('no message');
    const response = await ingrid.get(`/me/messages/${encodeURIComponent(message.id)}`);
    expect((await expectJson(response, 404, graphErrorCodeSchema)).error.code).toBe(
      'ErrorItemNotFound',
    );
    expect(
      (
        await ingrid.call('POST', `/me/messages/${encodeURIComponent(message.id)}/reply`, {
          comment: 'x',
        })
      ).status,
    ).toBe(404);
  });

  it('lists the mail folders by their well-known names and ids', async () => {
    await expectStatus(await kari.call('POST', '/me/sendMail', mail()), 202);
    const folders = await expectJson(
      await ola.get('/me/mailFolders'),
      200,
      z.object({
        value: z.array(
          z.object({
            id: z.string(),
            displayName: z.string(),
            totalItemCount: z.number(),
            unreadItemCount: z.number(),
          }),
        ),
      }),
    );
    const inboxFolder = folders.value.find((folder) => folder.displayName === 'Innboks');
    expect(inboxFolder).toMatchObject({ totalItemCount: 1, unreadItemCount: 1 });
    const byId = await expectJson(
      await ola.get(`/me/mailFolders/${encodeURIComponent(inboxFolder?.id ?? '')}/messages`),
      200,
      messagesSchema,
    );
    expect(byId.value[0]?.parentFolderId).toBe(inboxFolder?.id);
  });
});
