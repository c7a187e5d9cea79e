// @vitest-environment node
import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMemoryStorage } from '../../emulator/emulator-storage.ts';
import { createGraphEmulator, type GraphEmulator } from '../../emulator/graph-emulator.ts';
import { INSTANT_DELIVERY } from '../../emulator/mail-limits.ts';
import {
  clientFor,
  collectionSchema,
  type EmulatorClient,
  expectJson,
  expectStatus,
  graphErrorCodeSchema,
} from './emulator-test-kit.ts';

const kariMail = 'kari.nordmann@bodo.example';
const olaMail = 'ola.hansen@bodo.example';
const shared = 'dokumentsenteret@bodo.example';

/** base64 of UTF-8, the Web way (the emulator and the app run without Buffer). */
function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

const lines = JSON.stringify({
  kind: 'review-lines',
  lines: [{ unit: 'Skolekontoret', right: 'Sende' }],
});

function jsonFile(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.fileAttachment',
    name: 'gjennomgang.json',
    contentType: 'application/json',
    contentBytes: base64(lines),
    ...overrides,
  };
}

function mail(
  attachments: readonly unknown[],
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    message: {
      subject: 'Gjennomgang av tilganger',
      body: { contentType: 'HTML', content: '<p>Se vedlegget.</p>' },
      toRecipients: [{ emailAddress: { address: olaMail } }],
      attachments,
      ...overrides,
    },
  };
}

/** fileAttachment as Graph's reference examples show it (attachment-get, example 1). */
const fileAttachmentSchema = z.strictObject({
  '@odata.type': z.literal('#microsoft.graph.fileAttachment'),
  id: z.string().min(20),
  lastModifiedDateTime: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
  name: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  isInline: z.boolean(),
  contentId: z.string().nullable(),
  contentLocation: z.null(),
  contentBytes: z.string(),
});
const attachmentsSchema = collectionSchema(fileAttachmentSchema);
const messageIdsSchema = z.object({
  value: z.array(z.object({ id: z.string(), hasAttachments: z.boolean(), subject: z.string() })),
});

let emulator: GraphEmulator;
let kari: EmulatorClient;
let ola: EmulatorClient;
let sigrid: EmulatorClient;

beforeEach(async () => {
  // What Exchange keeps of the files, not when they arrive (mail-delivery.test.ts): no delay.
  emulator = createGraphEmulator({ mailLimits: INSTANT_DELIVERY });
  kari = await clientFor(emulator, kariMail);
  ola = await clientFor(emulator, olaMail);
  sigrid = await clientFor(emulator, 'sigrid.lund@bodo.example');
});

async function messagesOf(client: EmulatorClient, folder: 'inbox' | 'sentitems', user = 'me') {
  const root = user === 'me' ? '/me' : `/users/${encodeURIComponent(user)}`;
  return (
    await expectJson(
      await client.get(`${root}/mailFolders/${folder}/messages?$select=id,hasAttachments,subject`),
      200,
      messageIdsSchema,
    )
  ).value;
}

async function attachmentsOf(client: EmulatorClient, messageId: string, user = 'me') {
  const root = user === 'me' ? '/me' : `/users/${encodeURIComponent(user)}`;
  return expectJson(
    await client.get(`${root}/messages/${encodeURIComponent(messageId)}/attachments`),
    200,
    attachmentsSchema,
  );
}

describe('sendMail with file attachments', () => {
  it("keeps the files on the recipient's copy and on Sent Items, read back as Graph shows them", async () => {
    const response = await kari.call(
      'POST',
      '/me/sendMail',
      mail(
        [
          jsonFile(),
          jsonFile({
            name: 'notat.txt',
            contentType: 'text/plain',
            contentBytes: base64('Bodø, Værøy og Røst'),
          }),
        ],
        {
          ccRecipients: [{ emailAddress: { address: 'ingrid.berg@bodo.example' } }],
        },
      ),
    );
    expect(response.status).toBe(202);

    const [received] = await messagesOf(ola, 'inbox');
    expect(received?.hasAttachments).toBe(true);
    const listed = await attachmentsOf(ola, received?.id ?? '');
    expect(listed['@odata.context']).toMatch(
      /\/\$metadata#users\('[^']+'\)\/messages\('[^']+'\)\/attachments$/,
    );
    expect(listed.value).toMatchObject([
      {
        name: 'gjennomgang.json',
        contentType: 'application/json',
        size: new TextEncoder().encode(lines).byteLength,
        isInline: false,
        contentId: null,
        contentBytes: base64(lines),
      },
      { name: 'notat.txt', contentType: 'text/plain', contentBytes: base64('Bodø, Værøy og Røst') },
    ]);

    // One attachment by its id.
    const first = listed.value[0];
    const one = await expectJson(
      await ola.get(
        `/me/messages/${encodeURIComponent(received?.id ?? '')}/attachments/${encodeURIComponent(first?.id ?? '')}`,
      ),
      200,
      fileAttachmentSchema.extend({ '@odata.context': z.string() }),
    );
    expect(one['@odata.context']).toMatch(/\/attachments\/\$entity$/);
    expect(one).toMatchObject({
      id: first?.id,
      name: 'gjennomgang.json',
      contentBytes: base64(lines),
    });

    // The Sent Items copy and the Cc copy have the same files, under ids of their own.
    const [sent] = await messagesOf(kari, 'sentitems');
    expect(sent?.hasAttachments).toBe(true);
    const sentFiles = await attachmentsOf(kari, sent?.id ?? '');
    expect(sentFiles.value.map((file) => file.contentBytes)).toEqual(
      listed.value.map((file) => file.contentBytes),
    );
    expect(sentFiles.value.map((file) => file.id)).not.toContain(first?.id);
    const ingrid = await clientFor(emulator, 'ingrid.berg@bodo.example');
    const [ccCopy] = await messagesOf(ingrid, 'inbox');
    expect((await attachmentsOf(ingrid, ccCopy?.id ?? '')).value).toHaveLength(2);

    // The sent log keeps them too.
    expect(emulator.sentMail()[0]?.attachments.map((file) => file.name)).toEqual([
      'gjennomgang.json',
      'notat.txt',
    ]);
  });

  it('has hasAttachments false and an empty list without files, and false for inline ones only', async () => {
    await expectStatus(await kari.call('POST', '/me/sendMail', mail([])), 202);
    await expectStatus(
      await kari.call(
        'POST',
        '/me/sendMail',
        mail(
          [
            jsonFile({
              name: 'logo.png',
              contentType: 'image/png',
              contentBytes: 'iVBORw0KGgo=',
              isInline: true,
              contentId: 'logo@bodo.example',
            }),
          ],
          { subject: 'Med logo' },
        ),
      ),
      202,
    );
    const inbox = await messagesOf(ola, 'inbox');
    expect(inbox.map((message) => [message.subject, message.hasAttachments])).toEqual([
      ['Med logo', false],
      ['Gjennomgang av tilganger', false],
    ]);
    const inlineOnly = await attachmentsOf(ola, inbox[0]?.id ?? '');
    expect(inlineOnly.value).toMatchObject([
      { name: 'logo.png', isInline: true, contentId: 'logo@bodo.example' },
    ]);
    expect((await attachmentsOf(ola, inbox[1]?.id ?? '')).value).toEqual([]);
  });

  it('reads base64 with line breaks and gives it back canonical; no content type means octet-stream', async () => {
    const wrapped = base64(lines).replace(/(.{16})/g, '$1\r\n');
    await expectStatus(
      await kari.call(
        'POST',
        '/me/sendMail',
        mail([jsonFile({ contentBytes: wrapped, contentType: undefined, name: 'data' })]),
      ),
      202,
    );
    const [received] = await messagesOf(ola, 'inbox');
    const [file] = (await attachmentsOf(ola, received?.id ?? '')).value;
    expect(file).toMatchObject({
      contentBytes: base64(lines),
      contentType: 'application/octet-stream',
    });
  });

  it('refuses what Graph refuses, before anything is delivered or counted', async () => {
    const refused = async (attachment: unknown, status: number, code: string) => {
      const body = await expectJson(
        await kari.call('POST', '/me/sendMail', mail([attachment])),
        status,
        graphErrorCodeSchema,
      );
      expect(body.error.code).toBe(code);
      return body.error.message;
    };
    expect(await refused(jsonFile({ contentBytes: 'not base64!' }), 400, 'RequestBodyRead')).toBe(
      "Cannot convert the literal 'not base64!' to the expected type 'Edm.Binary'.",
    );
    // Unpadded and URL-safe base64 are not Edm.Binary either.
    await refused(jsonFile({ contentBytes: 'SGk' }), 400, 'RequestBodyRead');
    await refused(jsonFile({ contentBytes: 'SGk-_w==' }), 400, 'RequestBodyRead');
    // name and contentBytes are required.
    expect(await refused(jsonFile({ name: undefined }), 400, 'ErrorRequiredPropertyMissing')).toBe(
      'Required property is missing.',
    );
    await refused(jsonFile({ name: '  ' }), 400, 'ErrorRequiredPropertyMissing');
    await refused(jsonFile({ contentBytes: undefined }), 400, 'ErrorRequiredPropertyMissing');
    // Only file attachments, named by their type; no unknown properties.
    await refused(jsonFile({ '@odata.type': undefined }), 400, 'ErrorInvalidRequest');
    await refused(
      jsonFile({ '@odata.type': '#microsoft.graph.itemAttachment' }),
      400,
      'ErrorInvalidRequest',
    );
    await refused(jsonFile({ colour: 'blue' }), 400, 'ErrorInvalidRequest');

    expect(await messagesOf(ola, 'inbox')).toEqual([]);
    expect(await messagesOf(kari, 'sentitems')).toEqual([]);
    expect(emulator.sentMail()).toEqual([]);
  });

  it('answers 413 for a request over 4 MB, and sends a file just under 3 MB', async () => {
    const bytes = new Uint8Array(3 * 1024 * 1024).fill(0x61);
    let binary = '';
    for (let start = 0; start < bytes.length; start += 0x8000) {
      binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
    }
    const tooBig = await expectJson(
      await kari.call(
        'POST',
        '/me/sendMail',
        mail([
          jsonFile({ name: 'stor.txt', contentType: 'text/plain', contentBytes: btoa(binary) }),
        ]),
      ),
      413,
      graphErrorCodeSchema,
    );
    expect(tooBig.error.code).toBe('RequestEntityTooLarge');
    expect(emulator.sentMail()).toEqual([]);

    const justUnder = btoa(binary.slice(0, 3 * 1024 * 1024 - 4096));
    await expectStatus(
      await kari.call(
        'POST',
        '/me/sendMail',
        mail([jsonFile({ name: 'stor.txt', contentType: 'text/plain', contentBytes: justUnder })]),
      ),
      202,
    );
    const [received] = await messagesOf(ola, 'inbox');
    expect((await attachmentsOf(ola, received?.id ?? '')).value[0]?.size).toBe(
      3 * 1024 * 1024 - 4096,
    );
  });

  it('keeps the files on mail that leaves the tenant or cannot be delivered', async () => {
    await expectStatus(
      await kari.call(
        'POST',
        '/me/sendMail',
        mail([jsonFile()], {
          toRecipients: [
            { emailAddress: { address: 'bestilling@atea.example' } },
            { emailAddress: { address: 'finnes.ikke@bodo.example' } },
          ],
        }),
      ),
      202,
    );
    expect(emulator.externalMail()[0]?.attachments).toMatchObject([
      { name: 'gjennomgang.json', contentBytes: base64(lines) },
    ]);
    expect(emulator.undeliverableMail()[0]?.attachments).toMatchObject([
      { name: 'gjennomgang.json' },
    ]);
  });

  it('sends from a shared mailbox with its files in that mailbox’s Sent Items', async () => {
    await expectStatus(
      await sigrid.call(
        'POST',
        `/users/${encodeURIComponent(shared)}/sendMail`,
        mail([jsonFile()]),
      ),
      202,
    );
    const [sent] = await messagesOf(sigrid, 'sentitems', shared);
    expect(sent?.hasAttachments).toBe(true);
    expect((await attachmentsOf(sigrid, sent?.id ?? '', shared)).value[0]?.name).toBe(
      'gjennomgang.json',
    );
    // Ola is not in the mailbox's access group.
    const denied = await expectJson(
      await ola.get(
        `/users/${encodeURIComponent(shared)}/messages/${encodeURIComponent(sent?.id ?? '')}/attachments`,
      ),
      403,
      graphErrorCodeSchema,
    );
    expect(denied.error.code).toBe('ErrorAccessDenied');
  });
});

describe('reading attachments', () => {
  let messageId = '';
  beforeEach(async () => {
    await expectStatus(await kari.call('POST', '/me/sendMail', mail([jsonFile()])), 202);
    messageId = (await messagesOf(ola, 'inbox'))[0]?.id ?? '';
  });

  it('follows the mailbox rules of the other mail routes', async () => {
    // Through /users/{own id or address}/…
    const own = await attachmentsOf(ola, messageId, olaMail);
    expect(own.value).toHaveLength(1);
    // Someone else's mailbox: 403; someone else's message in one's own: 404.
    const other = await expectJson(
      await kari.get(
        `/users/${encodeURIComponent(olaMail)}/messages/${encodeURIComponent(messageId)}/attachments`,
      ),
      403,
      graphErrorCodeSchema,
    );
    expect(other.error.code).toBe('ErrorAccessDenied');
    const notHers = await expectJson(
      await kari.get(`/me/messages/${encodeURIComponent(messageId)}/attachments`),
      404,
      graphErrorCodeSchema,
    );
    expect(notHers.error.code).toBe('ErrorItemNotFound');
    const noSuchFile = await expectJson(
      await ola.get(`/me/messages/${encodeURIComponent(messageId)}/attachments/AAMkADnothing=`),
      404,
      graphErrorCodeSchema,
    );
    expect(noSuchFile.error.code).toBe('ErrorItemNotFound');
  });

  it('takes $select of the base attachment type, and fileAttachment’s own properties only with the type cast', async () => {
    const path = `/me/messages/${encodeURIComponent(messageId)}/attachments`;
    const slim = await expectJson(
      await ola.get(`${path}?$select=name,size`),
      200,
      collectionSchema(
        z.strictObject({
          '@odata.type': z.string(),
          id: z.string(),
          name: z.string(),
          size: z.number(),
        }),
      ),
    );
    expect(slim['@odata.context']).toMatch(/\/attachments\(name,size\)$/);
    expect(slim.value[0]).toMatchObject({
      '@odata.type': '#microsoft.graph.fileAttachment',
      name: 'gjennomgang.json',
    });

    const unqualified = await expectJson(
      await ola.get(`${path}?$select=name,contentBytes`),
      400,
      graphErrorCodeSchema,
    );
    expect(unqualified.error.message).toBe(
      "Could not find a property named 'contentBytes' on type 'microsoft.graph.attachment'.",
    );
    const cast = await expectJson(
      await ola.get(`${path}?$select=name,microsoft.graph.fileAttachment/contentBytes`),
      200,
      collectionSchema(z.object({ name: z.string(), contentBytes: z.string() })),
    );
    expect(cast.value[0]?.contentBytes).toBe(base64(lines));

    await expectStatus(await ola.get(`${path}?$top=1`), 400);
  });
});

describe('persisted state', () => {
  it('loads a snapshot of an older emulator that kept no attachments', async () => {
    const storage = createMemoryStorage();
    const first = createGraphEmulator({ storage, mailLimits: INSTANT_DELIVERY });
    const sender = await clientFor(first, kariMail);
    await expectStatus(
      await sender.call(
        'POST',
        '/me/sendMail',
        mail([jsonFile()], {
          toRecipients: [
            { emailAddress: { address: olaMail } },
            { emailAddress: { address: 'x@atea.example' } },
          ],
        }),
      ),
      202,
    );
    await first.flush();

    // Strip what older emulators did not have.
    const snapshot: unknown = JSON.parse(storage.current() ?? 'null');
    const strip = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(strip);
      if (value === null || typeof value !== 'object') return value;
      return Object.fromEntries(
        Object.entries(value)
          .filter(([key]) => key !== 'attachments' || 'teamId' in value)
          .map(([key, entry]) => [key, strip(entry)]),
      );
    };
    const old = JSON.stringify(strip(snapshot));
    expect(old).not.toContain('gjennomgang.json');

    const second = createGraphEmulator({
      storage: createMemoryStorage(old),
      mailLimits: INSTANT_DELIVERY,
    });
    const reader = await clientFor(second, olaMail);
    const [received] = (
      await expectJson(
        await reader.get('/me/mailFolders/inbox/messages?$select=id,hasAttachments,subject'),
        200,
        messageIdsSchema,
      )
    ).value;
    expect(received).toMatchObject({ subject: 'Gjennomgang av tilganger', hasAttachments: false });
    expect((await attachmentsOf(reader, received?.id ?? '')).value).toEqual([]);
    expect(second.externalMail()[0]?.attachments).toEqual([]);
  });
});
