// @vitest-environment node
import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createManualClock, type ManualClock } from '../../emulator/emulator-clock.ts';
import { TRIAGE_CHANNEL_EMAIL } from '../../emulator/emulator-config.ts';
import { createMemoryStorage } from '../../emulator/emulator-storage.ts';
import { createGraphEmulator, type GraphEmulator } from '../../emulator/graph-emulator.ts';
import { bodyPreview, htmlToText } from '../../emulator/mail-body.ts';
import { EXCHANGE_MESSAGES_PER_MINUTE, INSTANT_DELIVERY } from '../../emulator/mail-limits.ts';
import {
  clientFor,
  type EmulatorClient,
  expectJson,
  expectStatus,
  graphErrorCodeSchema,
  ORIGIN,
} from './emulator-test-kit.ts';

const header = z.object({ name: z.string(), value: z.string() });
const bodySchema = z.object({ contentType: z.string(), content: z.string() });
const messageSchema = z.object({
  id: z.string(),
  internetMessageId: z.string().optional(),
  subject: z.string().optional(),
  body: bodySchema.optional(),
  uniqueBody: bodySchema.optional(),
  internetMessageHeaders: z.array(header).optional(),
});
const messagesSchema = z.object({ value: z.array(messageSchema) });
const sentLogSchema = z.object({
  value: z.array(
    z.object({
      id: z.string(),
      internetMessageId: z.string(),
      conversationId: z.string(),
      senderId: z.string(),
      from: z.string(),
      to: z.array(z.string()),
      cc: z.array(z.string()),
      bcc: z.array(z.string()),
      subject: z.string(),
      body: bodySchema,
      sentDateTime: z.string(),
      submittedAt: z.string(),
      headers: z.array(header),
      inReplyTo: z.string().nullable(),
      via: z.enum(['sendMail', 'reply']),
      saveToSentItems: z.boolean(),
    }),
  ),
});
const settingsSchema = z.object({
  messagesPerMinute: z.number().nullable(),
  overLimit: z.enum(['queue', 'throttle']),
  sentItemsDelayMs: z.number(),
  inboxDelayMs: z.number(),
  jitterMs: z.number(),
  seed: z.number(),
});
const limitsSchema = settingsSchema.extend({
  windowSeconds: z.number(),
  pending: z.number(),
  defaults: settingsSchema,
});

const reference = JSON.stringify({ kind: 'review', campaignId: 'c-1', personId: 'p-7' });
const OLA = 'ola.hansen@bodo.example';

let clock: ManualClock;
let emulator: GraphEmulator;
let kari: EmulatorClient;
let ola: EmulatorClient;

function mail(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    message: {
      subject: 'Gjennomgang av tilganger',
      body: { contentType: 'HTML', content: '<p>Hei Ola,<br>bekreft tilgangene dine.</p>' },
      toRecipients: [{ emailAddress: { address: OLA } }],
      internetMessageHeaders: [{ name: 'x-elements-tilgang', value: reference }],
      ...overrides,
    },
  };
}

function control(method: string, path: string, body?: unknown): Promise<Response> {
  return emulator.handle(
    new Request(`${ORIGIN}/_emulator${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    }),
  );
}

async function sentLog(query = ''): Promise<z.infer<typeof sentLogSchema>['value']> {
  return (await expectJson(await control('GET', `/mail/sent${query}`), 200, sentLogSchema)).value;
}

async function list(client: EmulatorClient, path: string): Promise<z.infer<typeof messagesSchema>> {
  return expectJson(await client.get(path), 200, messagesSchema);
}

function filterById(id: string): string {
  return `$filter=${encodeURIComponent(`internetMessageId eq '${id}'`)}`;
}

beforeEach(async () => {
  clock = createManualClock('2025-03-03T08:00:00.000Z');
  // Refusing over the rate (the 429 this file tests; Exchange's own answer is to queue, see
  // mail-delivery.test.ts), and no delivery delay: these tests are about the limit and shapes.
  emulator = createGraphEmulator({
    now: clock.now,
    mailLimits: { ...INSTANT_DELIVERY, overLimit: 'throttle' },
  });
  kari = await clientFor(emulator, 'kari.nordmann@bodo.example');
  ola = await clientFor(emulator, OLA);
});

describe('a client-set internetMessageId', () => {
  const id = '<review.c-1.p-7@elements-tilgang.bodo.example>';

  it('is the Message-ID of every copy, and both folders can be filtered by it', async () => {
    await expectStatus(
      await kari.call(
        'POST',
        '/me/sendMail',
        mail({
          internetMessageId: id,
          toRecipients: [
            { emailAddress: { address: OLA } },
            { emailAddress: { address: 'bestilling@atea.example' } },
          ],
        }),
      ),
      202,
    );
    const received = await list(
      ola,
      `/me/mailFolders/inbox/messages?${filterById(id)}&$select=internetMessageId,internetMessageHeaders`,
    );
    expect(received.value).toHaveLength(1);
    expect(received.value[0]?.internetMessageId).toBe(id);
    expect(
      received.value[0]?.internetMessageHeaders?.find((entry) => entry.name === 'Message-ID')
        ?.value,
    ).toBe(id);

    const sent = await list(kari, `/me/mailFolders/sentitems/messages?${filterById(id)}`);
    expect(sent.value.map((message) => message.internetMessageId)).toEqual([id]);
    expect(
      (await list(kari, `/me/mailFolders/sentitems/messages?${filterById('<other@x.example>')}`))
        .value,
    ).toEqual([]);

    expect(emulator.externalMail().map((entry) => entry.internetMessageId)).toEqual([id]);
    expect((await sentLog()).map((entry) => entry.internetMessageId)).toEqual([id]);
  });

  it('is carried by a reply as In-Reply-To and References', async () => {
    await expectStatus(
      await kari.call('POST', '/me/sendMail', mail({ internetMessageId: id })),
      202,
    );
    const [original] = (await list(ola, '/me/mailFolders/inbox/messages')).value;
    if (original === undefined) throw new Error('no message');
    await expectStatus(
      await ola.call('POST', `/me/messages/${encodeURIComponent(original.id)}/reply`, {
        comment: 'Behold alle.',
      }),
      202,
    );
    const [reply] = (
      await list(kari, '/me/mailFolders/inbox/messages?$select=subject,internetMessageHeaders')
    ).value;
    const headers = reply?.internetMessageHeaders ?? [];
    expect(headers.find((entry) => entry.name === 'In-Reply-To')?.value).toBe(id);
    expect(headers.find((entry) => entry.name === 'References')?.value).toBe(id);
    expect(headers.find((entry) => entry.name === 'Message-ID')?.value).not.toBe(id);
    expect((await sentLog('?sender=ola.hansen@bodo.example'))[0]?.inReplyTo).toBe(id);
  });

  it('is refused with 400 when it is not an RFC 5322 msg-id, and nothing is sent', async () => {
    for (const malformed of [
      'review-1@bodo.example',
      '<review-1>',
      '<review 1@bodo.example>',
      '<@bodo.example>',
      '<review-1@>',
      '<a..b@bodo.example>',
      '<a@b@bodo.example>',
      '',
    ]) {
      const body = await expectJson(
        await kari.call('POST', '/me/sendMail', mail({ internetMessageId: malformed })),
        400,
        graphErrorCodeSchema,
      );
      expect(body.error.code).toBe('ErrorInvalidInternetMessageId');
    }
    expect((await list(ola, '/me/messages')).value).toEqual([]);
    expect(await sentLog()).toEqual([]);
    // Domain literals and the printable specials of dot-atom text are fine.
    for (const valid of ['<a.b+c=d@[10.0.0.1]>', "<x_y-z!#$%&'*/=?^`{|}~@mail.example>"]) {
      await expectStatus(
        await kari.call('POST', '/me/sendMail', mail({ internetMessageId: valid })),
        202,
      );
    }
  });
});

describe("Exchange's sending limit", () => {
  it('refuses the 31st send within a minute with 429 and Retry-After, and delivers nothing', async () => {
    expect(EXCHANGE_MESSAGES_PER_MINUTE).toBe(30);
    for (let index = 0; index < 30; index += 1) {
      await expectStatus(
        await kari.call('POST', '/me/sendMail', mail({ subject: `Melding ${index}` })),
        202,
      );
      clock.advance(1000);
    }
    // The first send was 30 s ago: its slot frees in 30 s.
    const refused = await kari.call('POST', '/me/sendMail', mail({ subject: 'Melding 30' }));
    expect(refused.headers.get('retry-after')).toBe('30');
    const error = await expectJson(refused, 429, graphErrorCodeSchema);
    expect(error.error.code).toBe('ApplicationThrottled');
    expect(error.error.message).toContain('kari.nordmann@bodo.example');
    expect(error.error.message).toContain('30 messages per minute');
    expect((await list(ola, '/me/messages?$top=100')).value).toHaveLength(30);
    expect(await sentLog()).toHaveLength(30);

    // Another mailbox has its own window.
    await expectStatus(
      await ola.call(
        'POST',
        '/me/sendMail',
        mail({ toRecipients: [{ emailAddress: { address: 'kari.nordmann@bodo.example' } }] }),
      ),
      202,
    );

    clock.advance(29_500);
    const stillRefused = await kari.call('POST', '/me/sendMail', mail());
    expect(stillRefused.status).toBe(429);
    expect(stillRefused.headers.get('retry-after')).toBe('1');
    clock.advance(500);
    await expectStatus(
      await kari.call('POST', '/me/sendMail', mail({ subject: 'Melding 30' })),
      202,
    );
    const subjects = (await list(ola, '/me/mailFolders/inbox/messages?$top=100')).value.map(
      (m) => m.subject,
    );
    expect(subjects).toHaveLength(31);
    expect(subjects[0]).toBe('Melding 30');
  });

  it('counts replies, and a send refused with 429 does not take a slot', async () => {
    await expectStatus(await control('PUT', '/mail-limits', { messagesPerMinute: 2 }), 200);
    await expectStatus(
      await ola.call(
        'POST',
        '/me/sendMail',
        mail({ toRecipients: [{ emailAddress: { address: 'kari.nordmann@bodo.example' } }] }),
      ),
      202,
    );
    const [received] = (await list(kari, '/me/messages')).value;
    if (received === undefined) throw new Error('no message');
    const replyPath = `/me/messages/${encodeURIComponent(received.id)}/reply`;
    await expectStatus(await kari.call('POST', '/me/sendMail', mail()), 202);
    await expectStatus(await kari.call('POST', replyPath, { comment: 'Ja.' }), 202);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await kari.call('POST', replyPath, { comment: 'Igjen.' })).status).toBe(429);
      clock.advance(10_000);
    }
    clock.advance(30_000);
    await expectStatus(await kari.call('POST', replyPath, { comment: 'Nå.' }), 202);
    expect((await sentLog('?sender=kari.nordmann@bodo.example')).map((e) => e.via)).toEqual([
      'sendMail',
      'reply',
      'reply',
    ]);
  });

  it('throttles sends inside a $batch one by one', async () => {
    emulator.mailLimits.configure({ messagesPerMinute: 3 });
    const requests = Array.from({ length: 5 }, (_, index) => ({
      id: String(index + 1),
      method: 'POST',
      url: '/me/sendMail',
      headers: { 'content-type': 'application/json' },
      body: mail({ subject: `Batch ${index}` }),
    }));
    const batch = await expectJson(
      await kari.call('POST', '/$batch', { requests }),
      200,
      z.object({
        responses: z.array(
          z.object({
            id: z.string(),
            status: z.number(),
            headers: z.record(z.string(), z.string()).optional(),
          }),
        ),
      }),
    );
    const statuses = [...batch.responses]
      .sort((left, right) => Number(left.id) - Number(right.id))
      .map((response) => response.status);
    expect(statuses).toEqual([202, 202, 202, 429, 429]);
    expect((await sentLog()).map((entry) => entry.subject)).toEqual([
      'Batch 0',
      'Batch 1',
      'Batch 2',
    ]);
  });

  it('is configured through options, the API and the control route', async () => {
    const unlimited = createGraphEmulator({
      now: clock.now,
      mailLimits: { messagesPerMinute: null },
    });
    const sender = await clientFor(unlimited, 'kari.nordmann@bodo.example');
    for (let index = 0; index < 40; index += 1) {
      await expectStatus(await sender.call('POST', '/me/sendMail', mail()), 202);
    }
    expect(unlimited.sentMail()).toHaveLength(40);
    expect(unlimited.mailLimits.defaults()).toMatchObject({ messagesPerMinute: null });

    expect(await expectJson(await control('GET', '/mail-limits'), 200, limitsSchema)).toEqual({
      messagesPerMinute: 30,
      overLimit: 'throttle',
      sentItemsDelayMs: 0,
      inboxDelayMs: 0,
      jitterMs: 0,
      seed: 1,
      windowSeconds: 60,
      pending: 0,
      defaults: {
        messagesPerMinute: 30,
        overLimit: 'throttle',
        sentItemsDelayMs: 0,
        inboxDelayMs: 0,
        jitterMs: 0,
        seed: 1,
      },
    });
    const raised = await expectJson(
      await control('PUT', '/mail-limits', { messagesPerMinute: 1000 }),
      200,
      limitsSchema,
    );
    expect(raised.messagesPerMinute).toBe(1000);
    expect(emulator.mailLimits.settings().messagesPerMinute).toBe(1000);
    for (let index = 0; index < 35; index += 1) {
      await expectStatus(await kari.call('POST', '/me/sendMail', mail()), 202);
    }
    const off = await expectJson(
      await control('PUT', '/mail-limits', { messagesPerMinute: null }),
      200,
      limitsSchema,
    );
    expect(off.messagesPerMinute).toBeNull();
    await expectStatus(await kari.call('POST', '/me/sendMail', mail()), 202);

    for (const invalid of [
      { messagesPerMinute: 0 },
      { messagesPerMinute: 2.5 },
      { messagesPerMinute: '30' },
      {},
      { messagesPerMinute: 30, recipientsPerDay: 10_000 },
    ]) {
      expect((await control('PUT', '/mail-limits', invalid)).status).toBe(400);
    }
    const restored = await expectJson(await control('DELETE', '/mail-limits'), 200, limitsSchema);
    expect(restored.messagesPerMinute).toBe(30);
    // 36 sends in this minute: over the restored limit.
    expect((await kari.call('POST', '/me/sendMail', mail())).status).toBe(429);
    // A reset forgets the sends (the window) but keeps the setting, as it keeps faults.
    emulator.mailLimits.configure({ messagesPerMinute: 5 });
    await expectStatus(await control('POST', '/reset'), 204);
    expect(emulator.mailLimits.settings().messagesPerMinute).toBe(5);
    const fresh = await clientFor(emulator, 'kari.nordmann@bodo.example');
    await expectStatus(await fresh.call('POST', '/me/sendMail', mail()), 202);
  });
});

describe('the sent log', () => {
  it('lists every accepted send in order, filterable by header, id and sender', async () => {
    await expectStatus(
      await kari.call(
        'POST',
        '/me/sendMail',
        mail({
          internetMessageId: '<one@elements-tilgang.example>',
          ccRecipients: [{ emailAddress: { address: 'ingrid.berg@bodo.example' } }],
          bccRecipients: [{ emailAddress: { address: 'revisor@partner.example' } }],
        }),
      ),
      202,
    );
    clock.advance(1500);
    await expectStatus(
      await kari.call(
        'POST',
        '/me/sendMail',
        mail({
          subject: 'Til kanalen',
          internetMessageHeaders: [],
          toRecipients: [{ emailAddress: { address: TRIAGE_CHANNEL_EMAIL } }],
        }),
      ),
      202,
    );
    await expectStatus(
      await kari.call('POST', '/me/sendMail', {
        ...mail({ subject: 'Uten kopi' }),
        saveToSentItems: false,
      }),
      202,
    );

    const all = await sentLog();
    expect(all.map((entry) => entry.subject)).toEqual([
      'Gjennomgang av tilganger',
      'Til kanalen',
      'Uten kopi',
    ]);
    expect(all[0]).toMatchObject({
      internetMessageId: '<one@elements-tilgang.example>',
      senderId: kari.userId,
      from: 'kari.nordmann@bodo.example',
      to: [OLA],
      cc: ['ingrid.berg@bodo.example'],
      bcc: ['revisor@partner.example'],
      sentDateTime: '2025-03-03T08:00:00Z',
      submittedAt: '2025-03-03T08:00:00.000Z',
      headers: [{ name: 'x-elements-tilgang', value: reference }],
      inReplyTo: null,
      via: 'sendMail',
      saveToSentItems: true,
    });
    expect(all[1]).toMatchObject({ to: [TRIAGE_CHANNEL_EMAIL], headers: [] });
    expect(all[2]?.saveToSentItems).toBe(false);

    expect((await sentLog('?header=X-Elements-Tilgang')).map((e) => e.subject)).toEqual([
      'Gjennomgang av tilganger',
      'Uten kopi',
    ]);
    expect(
      await sentLog(`?header=x-elements-tilgang&headerValue=${encodeURIComponent('{}')}`),
    ).toEqual([]);
    expect(
      (
        await sentLog(`?internetMessageId=${encodeURIComponent('<one@elements-tilgang.example>')}`)
      ).map((e) => e.subject),
    ).toEqual(['Gjennomgang av tilganger']);
    expect(await sentLog(`?sender=${ola.userId}`)).toEqual([]);
    expect(emulator.sentMail()).toHaveLength(3);

    // The outbox route takes the same filters.
    const outbox = await expectJson(
      await control('GET', '/outbox?header=x-elements-tilgang'),
      200,
      z.object({ value: z.array(z.object({ recipients: z.array(z.string()) })) }),
    );
    expect(outbox.value.map((entry) => entry.recipients)).toEqual([['revisor@partner.example']]);
  });

  it('shows a second send of the same message: Exchange does not drop duplicates', async () => {
    const id = '<dup@elements-tilgang.example>';
    await expectStatus(
      await kari.call('POST', '/me/sendMail', mail({ internetMessageId: id })),
      202,
    );
    await expectStatus(
      await kari.call('POST', '/me/sendMail', mail({ internetMessageId: id })),
      202,
    );
    expect(await sentLog(`?internetMessageId=${encodeURIComponent(id)}`)).toHaveLength(2);
    expect((await list(ola, `/me/messages?${filterById(id)}`)).value).toHaveLength(2);
  });

  it('is persisted, and a snapshot from before the log still loads', async () => {
    const storage = createMemoryStorage();
    const first = createGraphEmulator({ storage, now: clock.now, mailLimits: INSTANT_DELIVERY });
    const sender = await clientFor(first, 'kari.nordmann@bodo.example');
    await expectStatus(await sender.call('POST', '/me/sendMail', mail()), 202);
    await first.flush();
    const reloaded = createGraphEmulator({ storage, now: clock.now });
    await reloaded.ready();
    expect(reloaded.sentMail()).toHaveLength(1);

    const snapshot = z
      .object({
        mail: z.looseObject({
          sent: z.array(z.unknown()).optional(),
          messages: z.array(z.looseObject({ uniqueBody: z.unknown().optional() })),
        }),
      })
      .loose()
      .parse(JSON.parse(storage.current() ?? '{}'));
    delete snapshot.mail.sent;
    for (const message of snapshot.mail.messages) delete message.uniqueBody;
    const old = createGraphEmulator({
      storage: createMemoryStorage(JSON.stringify(snapshot)),
      now: clock.now,
      mailLimits: INSTANT_DELIVERY,
    });
    const reader = await clientFor(old, OLA);
    expect((await list(reader, '/me/messages')).value).toHaveLength(1);
    expect(old.sentMail()).toEqual([]);
  });
});

describe('bodies', () => {
  it('returns body and uniqueBody as text with Prefer: outlook.body-content-type="text"', async () => {
    await expectStatus(
      await kari.call(
        'POST',
        '/me/sendMail',
        mail({
          body: {
            contentType: 'HTML',
            content:
              '<html><head><style>p { margin: 0 }</style></head><body><p>Hei Ola,<br>bekreft tilgangene dine.</p><div>Rolle: <b>Arkivar</b> &amp; leser &lt;Elements&gt;</div><ul><li>Én</li><li>To</li></ul></body></html>',
          },
        }),
      ),
      202,
    );
    const expected =
      'Hei Ola,\r\nbekreft tilgangene dine.\r\nRolle: Arkivar & leser <Elements>\r\nÉn\r\nTo';
    const prefer = { prefer: 'outlook.body-content-type="text"' };
    const listed = await ola.get('/me/messages?$select=body,uniqueBody,bodyPreview', prefer);
    expect(listed.headers.get('preference-applied')).toBe('outlook.body-content-type="text"');
    const [message] = (await expectJson(listed, 200, messagesSchema)).value;
    expect(message?.body).toEqual({ contentType: 'text', content: expected });
    // The first message of a conversation: uniqueBody is the whole body.
    expect(message?.uniqueBody).toEqual({ contentType: 'text', content: expected });

    const single = await ola.get(`/me/messages/${encodeURIComponent(message?.id ?? '')}`, {
      prefer: "odata.maxpagesize=5, outlook.body-content-type='text'",
    });
    expect(single.headers.get('preference-applied')).toBe('outlook.body-content-type="text"');
    const parsed = await expectJson(single, 200, messageSchema);
    expect(parsed.body?.content).toBe(expected);
    expect(parsed).not.toHaveProperty('uniqueBody');

    const html = await ola.get(`/me/messages/${encodeURIComponent(message?.id ?? '')}`);
    expect(html.headers.get('preference-applied')).toBeNull();
    expect((await expectJson(html, 200, messageSchema)).body?.contentType).toBe('html');
  });

  it("gives a reply's uniqueBody without the quoted original", async () => {
    await expectStatus(await kari.call('POST', '/me/sendMail', mail()), 202);
    const [original] = (await list(ola, '/me/messages')).value;
    if (original === undefined) throw new Error('no message');
    await expectStatus(
      await ola.call('POST', `/me/messages/${encodeURIComponent(original.id)}/reply`, {
        comment: 'Behold alle.\nUnntatt arkiv & post.',
      }),
      202,
    );
    const [reply] = (await list(kari, '/me/mailFolders/inbox/messages?$select=body,uniqueBody'))
      .value;
    expect(reply?.body?.content).toContain('Gjennomgang av tilganger');
    expect(reply?.uniqueBody?.contentType).toBe('html');
    expect(reply?.uniqueBody?.content).not.toContain('Gjennomgang av tilganger');
    const asText = await expectJson(
      await kari.get('/me/mailFolders/inbox/messages?$select=body,uniqueBody', {
        prefer: 'outlook.body-content-type="text"',
      }),
      200,
      messagesSchema,
    );
    expect(asText.value[0]?.uniqueBody).toEqual({
      contentType: 'text',
      content: 'Behold alle.\r\nUnntatt arkiv & post.',
    });
    const quoted = asText.value[0]?.body?.content ?? '';
    expect(quoted.startsWith('Behold alle.\r\nUnntatt arkiv & post.\r\n____')).toBe(true);
    expect(quoted).toContain('Emne: Gjennomgang av tilganger\r\nHei Ola,\r\nbekreft');
    // Ola's Sent Items copy has the same uniqueBody.
    const [sentCopy] = (await list(ola, '/me/mailFolders/sentitems/messages?$select=uniqueBody'))
      .value;
    expect(sentCopy?.uniqueBody?.content).toBe(reply?.uniqueBody?.content);
  });

  it('converts a text body to HTML on request, and leaves the default alone', async () => {
    await expectStatus(
      await kari.call(
        'POST',
        '/me/sendMail',
        mail({ body: { contentType: 'text', content: 'Linje 1\nLinje <2>' } }),
      ),
      202,
    );
    const [plain] = (await list(ola, '/me/messages?$select=body')).value;
    expect(plain?.body).toEqual({ contentType: 'text', content: 'Linje 1\nLinje <2>' });
    const [html] = (
      await expectJson(
        await ola.get('/me/messages?$select=body', { prefer: 'outlook.body-content-type="html"' }),
        200,
        messagesSchema,
      )
    ).value;
    expect(html?.body).toEqual({
      contentType: 'html',
      content: '<html><body><div>Linje 1<br>Linje &lt;2&gt;</div></body></html>',
    });
  });

  it('converts HTML to text the way a reader needs it', () => {
    expect(htmlToText('<div>a</div><div>b<br/>c</div>')).toBe('a\r\nb\r\nc');
    expect(htmlToText('<p>x</p>\n\n   <p>y</p>')).toBe('x\r\ny');
    expect(htmlToText('a<br><br><br><br>b')).toBe('a\r\n\r\nb');
    expect(htmlToText('Tom&nbsp;&amp;&nbsp;Jerry &#248; &#xE5; &aelig; &unknown;')).toBe(
      'Tom & Jerry ø å æ &unknown;',
    );
    expect(htmlToText('svar<hr>Fra: Kari')).toBe(
      'svar\r\n________________________________\r\nFra: Kari',
    );
    expect(htmlToText('<!-- c --><script>alert(1)</script>inline <b>bold</b>   text')).toBe(
      'inline bold text',
    );
    expect(htmlToText('<table><tr><td>a</td><td>b</td></tr></table>')).toBe('a\tb');
    expect(bodyPreview({ contentType: 'html', content: '<p>Hei<br>du</p>' })).toBe('Hei du');
  });
});

describe('the manual clock', () => {
  it('drives timestamps and survives token use across minutes', async () => {
    await expectStatus(await kari.call('POST', '/me/sendMail', mail()), 202);
    clock.advance(10 * 60_000);
    await expectStatus(await kari.call('POST', '/me/sendMail', mail()), 202);
    expect(emulator.sentMail().map((entry) => entry.sentDateTime)).toEqual([
      '2025-03-03T08:00:00Z',
      '2025-03-03T08:10:00Z',
    ]);
    expect(clock.set('2025-03-03T09:00:00Z').toISOString()).toBe('2025-03-03T09:00:00.000Z');
    expect(() => clock.set('not a time')).toThrow();
  });
});
