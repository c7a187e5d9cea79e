// @vitest-environment node
import { z } from 'zod';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  DOKUMENTSENTERET_TEAM_ID,
  TRIAGE_CHANNEL_EMAIL,
  TRIAGE_CHANNEL_ID,
} from '../../emulator/emulator-config.ts';
// What the adapters read of a message, not when it arrives (mail-delivery.test.ts): no delay.
import { INSTANT_DELIVERY } from '../../emulator/mail-limits.ts';
import { createGraphEmulator } from '../../emulator/graph-emulator.ts';
import { createGraphChannelNotifier, type AdaptiveCard } from '../../src/m365/channel-notifier.ts';
import { createGraphMailbox } from '../../src/m365/mailbox.ts';
import { createGraphMailer } from '../../src/m365/mailer.ts';
import { html } from '../../src/m365/safe-html.ts';
import { graphAs, contractVariants, useContractVariant } from './emulator-kit.ts';

const idsSchema = z.object({ id: z.string(), subject: z.string().optional() });
const reference = { kind: 'review', campaignId: 'campaign-7', lineId: 'line-3' };

describe.each(contractVariants)('mailer and mailbox against the emulator ($name)', (variant) => {
  beforeEach(() => useContractVariant(variant));

  it('sends a mail with one JSON x- header that the recipient reads back; replies join the conversation', async () => {
    const emulator = createGraphEmulator({ mailLimits: INSTANT_DELIVERY });
    const kari = graphAs(emulator, 'kari.nordmann@bodo.example');
    const ola = graphAs(emulator, 'ola.hansen@bodo.example');
    const userText = '<script>alert("x")</script> & co';
    await createGraphMailer(kari).sendMail({
      to: ['ola.hansen@bodo.example'],
      cc: ['ingrid.berg@bodo.example'],
      subject: 'Gjennomgang av tilganger\r\nBcc: someone@evil.example',
      html: html`<p>Hei Ola,</p>
        <p>${userText}</p>`,
      reference,
    });

    const [received] = await ola.getAll('/me/messages', idsSchema, {
      scopes: [],
      query: { $select: 'id,subject' },
    });
    expect(received?.subject).toBe('Gjennomgang av tilganger Bcc: someone@evil.example');
    const mailbox = createGraphMailbox(ola);
    const message = await mailbox.getMessage(received?.id ?? '');
    expect(message.reference).toEqual(reference);
    expect(message.from?.address).toBe('kari.nordmann@bodo.example');
    // The preview is plain text: the user's text arrives as text, not as markup.
    expect(message.bodyPreview).toContain('<script>alert("x")</script> & co');
    const { body } = await ola.request(
      'GET',
      `/me/messages/${encodeURIComponent(message.id)}`,
      z.object({ body: z.object({ content: z.string() }) }),
      { scopes: [], query: { $select: 'body' } },
    );
    expect(body.content).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(body.content).not.toContain('<script>');

    await mailbox.reply(message.id, 'Behold alle.');
    const conversation = await createGraphMailbox(kari).findConversation(
      message.conversationId ?? '',
    );
    // Kari's Sent Items copy (no header: Exchange drops it there) and Ola's reply.
    expect(conversation).toHaveLength(2);
    expect(conversation.map((entry) => entry.reference)).toEqual([null, null]);
    const answer = conversation.find((entry) => entry.from?.address === 'ola.hansen@bodo.example');
    expect(answer?.subject).toMatch(/^RE: /);
    expect(answer?.bodyPreview).toContain('Behold alle.');
  });

  it('refuses what Exchange refuses before sending: no recipients, more than 500', async () => {
    const emulator = createGraphEmulator({ mailLimits: INSTANT_DELIVERY });
    const mailer = createGraphMailer(graphAs(emulator, 'kari.nordmann@bodo.example'));
    const mail = { subject: 's', html: html`<p>x</p>`, reference };
    await expect(mailer.sendMail({ ...mail, to: [] })).rejects.toThrow(RangeError);
    await expect(
      mailer.sendMail({ ...mail, to: Array.from({ length: 501 }, (_, i) => `p${i}@bodo.example`) }),
    ).rejects.toThrow(RangeError);
  });
});

const card: AdaptiveCard = {
  type: 'AdaptiveCard',
  version: '1.5',
  body: [{ type: 'TextBlock', text: 'Ny forespørsel: Ola Hansen, Elevmappe', wrap: true }],
  actions: [{ type: 'Action.OpenUrl', title: 'Åpne', url: 'https://example.test/r/1' }],
};

const channelMessageSchema = z.object({
  id: z.string(),
  body: z.object({ content: z.string() }),
  attachments: z.array(z.object({ contentType: z.string(), content: z.string().nullable() })),
});

describe.each(contractVariants)('channel notifier against the emulator ($name)', (variant) => {
  beforeEach(() => useContractVariant(variant));

  const channel = { teamId: DOKUMENTSENTERET_TEAM_ID, channelId: TRIAGE_CHANNEL_ID };

  it('posts an Adaptive Card as a member of the team', async () => {
    const emulator = createGraphEmulator({ mailLimits: INSTANT_DELIVERY });
    const sigrid = graphAs(emulator, 'sigrid.lund@bodo.example');
    const notifier = createGraphChannelNotifier(sigrid, createGraphMailer(sigrid));
    const { messageId } = await notifier.postCard(channel, card, html`<p>Ny forespørsel</p>`);
    const posted = await sigrid.request(
      'GET',
      `/teams/${channel.teamId}/channels/${encodeURIComponent(channel.channelId)}/messages/${messageId}`,
      channelMessageSchema,
      { scopes: [] },
    );
    expect(posted.attachments[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.parse(posted.attachments[0]?.content ?? 'null')).toEqual(card);
  });

  it('reports a non-member as not-team-member, and mail to the channel works for them', async () => {
    const emulator = createGraphEmulator({ mailLimits: INSTANT_DELIVERY });
    const kari = graphAs(emulator, 'kari.nordmann@bodo.example');
    const notifier = createGraphChannelNotifier(kari, createGraphMailer(kari));
    await expect(notifier.postCard(channel, card)).rejects.toMatchObject({
      kind: 'not-team-member',
      status: 403,
    });
    await notifier.mailToChannel(
      TRIAGE_CHANNEL_EMAIL,
      'Ny forespørsel',
      html`<p>${'Ola <Hansen>'}</p>`,
    );
    const messages = await graphAs(emulator, 'sigrid.lund@bodo.example').getAll(
      `/teams/${channel.teamId}/channels/${encodeURIComponent(channel.channelId)}/messages`,
      channelMessageSchema,
      { scopes: [] },
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]?.body.content).toContain('Ola &lt;Hansen&gt;');
  });
});
