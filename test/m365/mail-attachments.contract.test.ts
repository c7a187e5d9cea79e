// @vitest-environment node
import { beforeEach, describe, expect, it } from 'vitest';
// What the adapters read of a message, not when it arrives (mail-delivery.test.ts): no delay.
import { INSTANT_DELIVERY } from '../../emulator/mail-limits.ts';
import { createGraphEmulator } from '../../emulator/graph-emulator.ts';
import { base64ToUtf8Text, utf8TextToBase64 } from '../../src/m365/base64.ts';
import { createGraphClient } from '../../src/m365/graph-client.ts';
import { createGraphMailbox } from '../../src/m365/mailbox.ts';
import { createGraphMailer, type OutgoingMail } from '../../src/m365/mailer.ts';
import { html } from '../../src/m365/safe-html.ts';
import { graphAs, contractVariants, useContractVariant } from './emulator-kit.ts';
import { BASE, ROOT, json, scriptedFetch } from './fake-graph.ts';

const kariMail = 'kari.nordmann@bodo.example';
const olaMail = 'ola.hansen@bodo.example';
const reference = { kind: 'review', campaignId: 'campaign-7', lineId: 'line-3' };
const review = JSON.stringify({
  kind: 'review-lines',
  person: 'Ola Hansen',
  lines: [{ unit: 'Bodø kommune - Skolekontoret', right: 'Sende' }],
});

const mail: OutgoingMail = {
  to: [olaMail],
  subject: 'Gjennomgang av tilganger',
  html: html`<p>Se vedlegget.</p>`,
  reference,
  attachments: [
    {
      name: 'gjennomgang.json',
      contentType: 'application/json',
      contentBytes: utf8TextToBase64(review),
    },
  ],
};

describe.each(contractVariants)(
  'mail with a JSON file, sent and read back through the emulator ($name)',
  (variant) => {
    beforeEach(() => useContractVariant(variant));

    it('sends the file with the message; the recipient reads it as text and finds the message by Message-ID', async () => {
      const emulator = createGraphEmulator({ mailLimits: INSTANT_DELIVERY });
      const internetMessageId = '<review.line-3.campaign-7@bodo.example>';
      await createGraphMailer(graphAs(emulator, kariMail)).sendMail({ ...mail, internetMessageId });

      const mailbox = createGraphMailbox(graphAs(emulator, olaMail));
      const [listed] = await mailbox.listInbox();
      const content = await mailbox.getMessageContent(listed?.id ?? '');
      expect(content.hasAttachments).toBe(true);

      const summaries = await mailbox.listAttachments(content.id);
      expect(summaries).toMatchObject([
        {
          name: 'gjennomgang.json',
          kind: 'file',
          contentType: 'application/json',
          size: new TextEncoder().encode(review).byteLength,
          isInline: false,
        },
      ]);
      expect(summaries[0]).not.toHaveProperty('contentBytes');

      const [file] = await mailbox.getFileAttachments(content.id);
      expect(file?.name).toBe('gjennomgang.json');
      expect(base64ToUtf8Text(file?.contentBytes ?? '')).toBe(review);

      const origin = await mailbox.findMessageByInternetMessageId(internetMessageId);
      expect(origin).toEqual({
        id: content.id,
        internetMessageId,
        from: { name: 'Kari Nordmann', address: kariMail },
        sender: { name: 'Kari Nordmann', address: kariMail },
        receivedDateTime: content.receivedDateTime,
      });
      await expect(
        mailbox.findMessageByInternetMessageId('<nothing.here@bodo.example>'),
      ).resolves.toBeNull();
      await expect(mailbox.findMessageByInternetMessageId("x' or true")).rejects.toThrow(
        RangeError,
      );
    });

    it('finds the delivered copy, not the Sent Items one, of a mail to oneself', async () => {
      const emulator = createGraphEmulator({ mailLimits: INSTANT_DELIVERY });
      const kari = graphAs(emulator, kariMail);
      const internetMessageId = '<self.campaign-7@bodo.example>';
      await createGraphMailer(kari).sendMail({ ...mail, to: [kariMail], internetMessageId });
      const mailbox = createGraphMailbox(kari);
      const [inInbox] = await mailbox.listInbox();
      const origin = await mailbox.findMessageByInternetMessageId(internetMessageId);
      expect(origin?.id).toBe(inInbox?.id);
    });

    it('gives no files for a message without any, and the Sent Items copy keeps them', async () => {
      const emulator = createGraphEmulator({ mailLimits: INSTANT_DELIVERY });
      const kari = graphAs(emulator, kariMail);
      const { attachments: _none, ...plain } = mail;
      await createGraphMailer(kari).sendMail(plain);
      await createGraphMailer(kari).sendMail({ ...mail, subject: 'Med vedlegg' });
      const mailbox = createGraphMailbox(graphAs(emulator, olaMail));
      const inbox = await mailbox.listInbox();
      const withoutFiles = inbox.find((message) => message.subject === 'Gjennomgang av tilganger');
      expect(await mailbox.getFileAttachments(withoutFiles?.id ?? '')).toEqual([]);
      expect((await mailbox.getMessageContent(withoutFiles?.id ?? '')).hasAttachments).toBe(false);

      const sent = await createGraphMailbox(kari).findConversation(
        inbox.find((message) => message.subject === 'Med vedlegg')?.conversationId ?? '',
      );
      const sentCopy = sent.find((message) => message.from?.address === kariMail);
      const [sentFile] = await createGraphMailbox(kari).getFileAttachments(sentCopy?.id ?? '');
      expect(base64ToUtf8Text(sentFile?.contentBytes ?? '')).toBe(review);
    });
  },
);

describe.each(contractVariants)('the mailer with attachments ($name)', (variant) => {
  beforeEach(() => useContractVariant(variant));

  const accepted = () => new Response(null, { status: 202 });
  const tokens = { getAccessToken: () => Promise.resolve('token-1') };

  it('sends them as fileAttachment in the sendMail call', async () => {
    const fetch = scriptedFetch([accepted()]);
    await createGraphMailer(createGraphClient(tokens, ROOT, { fetch: fetch.fetch })).sendMail(mail);
    expect(fetch.seen[0]?.url).toBe(`${BASE}/me/sendMail`);
    expect(fetch.seen[0]?.body).toMatchObject({
      message: {
        attachments: [
          {
            '@odata.type': '#microsoft.graph.fileAttachment',
            name: 'gjennomgang.json',
            contentType: 'application/json',
            contentBytes: utf8TextToBase64(review),
          },
        ],
      },
    });
  });

  it('refuses a file that is not base64, has no name, or a mail over 4 MB, before anything is sent', async () => {
    const fetch = scriptedFetch([accepted()]);
    const mailer = createGraphMailer(createGraphClient(tokens, ROOT, { fetch: fetch.fetch }));
    const file = { name: 'a.json', contentType: 'application/json', contentBytes: 'e30=' };
    await expect(
      mailer.sendMail({ ...mail, attachments: [{ ...file, contentBytes: 'not base64' }] }),
    ).rejects.toThrow(RangeError);
    await expect(
      mailer.sendMail({ ...mail, attachments: [{ ...file, name: ' ' }] }),
    ).rejects.toThrow(RangeError);
    await expect(
      mailer.sendMail({ ...mail, attachments: [{ ...file, name: 'a\r\nb.json' }] }),
    ).rejects.toThrow(RangeError);
    await expect(
      mailer.sendMail({ ...mail, attachments: [{ ...file, contentType: 'json' }] }),
    ).rejects.toThrow(RangeError);
    const big = btoa('a'.repeat(3 * 1024 * 1024 + 3));
    await expect(
      mailer.sendMail({ ...mail, attachments: [{ ...file, contentBytes: big }] }),
    ).rejects.toThrow(/4 MB/);
    expect(fetch.seen).toHaveLength(0);
  });

  it('reads past an item attachment and fetches a file Graph listed without its bytes', async () => {
    const fetch = scriptedFetch([
      json(200, {
        value: [
          { '@odata.type': '#microsoft.graph.itemAttachment', id: 'item-1', name: 'Videresendt' },
          {
            '@odata.type': '#microsoft.graph.fileAttachment',
            id: 'file-1',
            name: 'gjennomgang.json',
            contentType: 'application/json',
            size: 90,
            isInline: false,
          },
        ],
      }),
      json(200, {
        '@odata.type': '#microsoft.graph.fileAttachment',
        id: 'file-1',
        name: 'gjennomgang.json',
        contentType: 'application/json',
        size: 90,
        isInline: false,
        contentBytes: utf8TextToBase64(review),
      }),
    ]);
    const mailbox = createGraphMailbox(createGraphClient(tokens, ROOT, { fetch: fetch.fetch }));
    const files = await mailbox.getFileAttachments('AAMkAD=');
    expect(files.map((file) => file.id)).toEqual(['file-1']);
    expect(base64ToUtf8Text(files[0]?.contentBytes ?? '')).toBe(review);
    expect(fetch.seen.map((request) => request.url)).toEqual([
      `${BASE}/me/messages/AAMkAD%3D/attachments`,
      `${BASE}/me/messages/AAMkAD%3D/attachments/file-1`,
    ]);
  });

  it('refuses an attachment list Graph would not send', async () => {
    const fetch = scriptedFetch([json(200, { value: [{ name: 'no type or id' }] })]);
    const mailbox = createGraphMailbox(createGraphClient(tokens, ROOT, { fetch: fetch.fetch }));
    await expect(mailbox.getFileAttachments('AAMkAD=')).rejects.toMatchObject({
      kind: 'invalid-response',
    });
  });
});
