// @vitest-environment node
import { beforeEach, describe, expect, it } from 'vitest';
// What the adapters read of a message, not when it arrives (mail-delivery.test.ts): no delay.
import { INSTANT_DELIVERY } from '../../emulator/mail-limits.ts';
import { createGraphEmulator } from '../../emulator/graph-emulator.ts';
import { createGraphMailbox } from '../../src/m365/mailbox.ts';
import { createGraphMailer } from '../../src/m365/mailer.ts';
import { html } from '../../src/m365/safe-html.ts';
import { graphAs, contractVariants, useContractVariant } from './emulator-kit.ts';

const kariMail = 'kari.nordmann@bodo.example';
const olaMail = 'ola.hansen@bodo.example';
const reference = { kind: 'review', campaignId: 'campaign-7', lineId: 'line-3' };

/** An emulator whose clock moves a minute per mail, so "newest first" is well defined. */
function steppingEmulator() {
  let now = Date.parse('2026-03-02T08:00:00Z');
  const emulator = createGraphEmulator({ now: () => new Date(now), mailLimits: INSTANT_DELIVERY });
  return { emulator, tick: () => (now += 60_000) };
}

describe.each(contractVariants)(
  'the mailbox port against the emulator: Inbox and message content ($name)',
  (variant) => {
    beforeEach(() => useContractVariant(variant));

    it('lists the Inbox newest first, unread until read, without Sent Items', async () => {
      const { emulator, tick } = steppingEmulator();
      const kari = graphAs(emulator, kariMail);
      const ola = graphAs(emulator, olaMail);
      const mailer = createGraphMailer(kari);
      for (const subject of ['Første', 'Andre', 'Tredje']) {
        await mailer.sendMail({ to: [olaMail], subject, html: html`<p>${subject}</p>`, reference });
        tick();
      }
      await createGraphMailer(ola).sendMail({
        to: [kariMail],
        subject: 'Fra Ola',
        html: html`<p>Hei</p>`,
        reference,
      });

      const inbox = await createGraphMailbox(ola).listInbox();
      expect(inbox.map((message) => message.subject)).toEqual(['Tredje', 'Andre', 'Første']);
      expect(inbox.every((message) => !message.isRead)).toBe(true);
      expect(inbox[0]?.from).toEqual({ name: 'Kari Nordmann', address: kariMail });
      expect(inbox[0]?.receivedDateTime).toBe('2026-03-02T08:02:00Z');
      expect(inbox[0]?.bodyPreview).toBe('Tredje');
      // The list reads no headers, so it finds no reference.
      expect(inbox[0]?.reference).toBeNull();

      const [newest] = await createGraphMailbox(ola).listInbox({ top: 1 });
      expect(newest?.subject).toBe('Tredje');
    });

    it('refuses a page size Graph would refuse', async () => {
      const mailbox = createGraphMailbox(
        graphAs(createGraphEmulator({ mailLimits: INSTANT_DELIVERY }), olaMail),
      );
      await expect(mailbox.listInbox({ top: 0 })).rejects.toThrow(RangeError);
      await expect(mailbox.listInbox({ top: 1001 })).rejects.toThrow(RangeError);
      await expect(mailbox.listInbox({ top: 2.5 })).rejects.toThrow(RangeError);
    });

    it('reads a message with body, recipients, Message-ID and its internet headers', async () => {
      const emulator = createGraphEmulator({ mailLimits: INSTANT_DELIVERY });
      const kari = graphAs(emulator, kariMail);
      const ola = graphAs(emulator, olaMail);
      await createGraphMailer(kari).sendMail({
        to: [olaMail],
        cc: ['ingrid.berg@bodo.example'],
        subject: 'Gjennomgang av tilganger',
        html: html`<p>${'<script>alert(1)</script>'}</p>`,
        reference,
      });
      const mailbox = createGraphMailbox(ola);
      const [listed] = await mailbox.listInbox();
      const content = await mailbox.getMessageContent(listed?.id ?? '');

      expect(content).toMatchObject({
        id: listed?.id,
        subject: 'Gjennomgang av tilganger',
        from: { name: 'Kari Nordmann', address: kariMail },
        to: [{ address: olaMail }],
        cc: [{ address: 'ingrid.berg@bodo.example' }],
        receivedDateTime: listed?.receivedDateTime,
      });
      expect(content.body.contentType).toBe('html');
      expect(content.body.content).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(content.internetMessageId).toMatch(/^<[^@>]+@[^>]+>$/);
      const header = (name: string) =>
        content.internetMessageHeaders.find((entry) => entry.name.toLowerCase() === name)?.value;
      expect(header('message-id')).toBe(content.internetMessageId);
      expect(header('subject')).toBe('Gjennomgang av tilganger');
      expect(JSON.parse(header('x-elements-tilgang') ?? 'null')).toEqual(reference);

      // The existing single-message read still finds the reference, and now says it is unread.
      const message = await mailbox.getMessage(content.id);
      expect(message.reference).toEqual(reference);
      expect(message.isRead).toBe(false);
    });

    it('reads a Sent Items copy with no headers, and a plain-text reply as Graph makes it', async () => {
      const emulator = createGraphEmulator({ mailLimits: INSTANT_DELIVERY });
      const kari = graphAs(emulator, kariMail);
      const ola = graphAs(emulator, olaMail);
      await createGraphMailer(kari).sendMail({
        to: [olaMail],
        subject: 'Gjennomgang',
        html: html`<p>Svar JA eller NEI.</p>`,
        reference,
      });
      const olaMailbox = createGraphMailbox(ola);
      const [original] = await olaMailbox.listInbox();
      await olaMailbox.reply(original?.id ?? '', 'JA');

      const kariMailbox = createGraphMailbox(kari);
      const [answer] = await kariMailbox.listInbox();
      expect(answer?.subject).toBe('RE: Gjennomgang');
      const answerContent = await kariMailbox.getMessageContent(answer?.id ?? '');
      expect(answerContent.body.content).toContain('JA');
      expect(answerContent.internetMessageHeaders.some((h) => h.name === 'In-Reply-To')).toBe(true);

      const conversation = await kariMailbox.findConversation(answer?.conversationId ?? '');
      const sentCopy = conversation.find((entry) => entry.from?.address === kariMail);
      const sentContent = await kariMailbox.getMessageContent(sentCopy?.id ?? '');
      expect(sentContent.internetMessageHeaders).toEqual([]);
      expect(sentContent.internetMessageId).toMatch(/^<.+>$/);
    });

    it('reports an unknown or empty message id as not-found', async () => {
      const mailbox = createGraphMailbox(
        graphAs(createGraphEmulator({ mailLimits: INSTANT_DELIVERY }), olaMail),
      );
      await expect(mailbox.getMessageContent('AAMkADnothing=')).rejects.toMatchObject({
        kind: 'not-found',
      });
      await expect(mailbox.getMessageContent(' ')).rejects.toMatchObject({ kind: 'not-found' });
    });
  },
);
