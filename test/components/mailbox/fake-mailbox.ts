import { vi } from 'vitest';
import type {
  MailFileAttachment,
  Mailbox,
  MailboxMessage,
  MailboxMessageContent,
} from '../../../src/m365/mailbox.ts';

export const kari = { name: 'Kari Nordmann', address: 'kari.nordmann@bodo.example' };
export const ola = { name: 'Ola Hansen', address: 'ola.hansen@bodo.example' };
export const reference = { kind: 'review', campaignId: 'campaign-7', lineId: 'line-3' };

/** A received message as Graph gives it, with the headers Exchange puts in a recipient's copy. */
export function receivedMessage(
  id: string,
  overrides: Partial<MailboxMessageContent> = {},
): MailboxMessageContent {
  const internetMessageId = `<${id}@bodo.example>`;
  return {
    id,
    subject: 'Gjennomgang av tilganger',
    from: kari,
    to: [ola],
    cc: [],
    receivedDateTime: '2026-03-02T08:15:00Z',
    body: { contentType: 'html', content: '<html><body><p>Svar JA eller NEI.</p></body></html>' },
    internetMessageId,
    internetMessageHeaders: [
      { name: 'From', value: 'Kari Nordmann <kari.nordmann@bodo.example>' },
      { name: 'Subject', value: overrides.subject ?? 'Gjennomgang av tilganger' },
      { name: 'Message-ID', value: internetMessageId },
      { name: 'x-elements-tilgang', value: JSON.stringify(reference) },
    ],
    hasAttachments: false,
    ...overrides,
  };
}

function summaryOf(message: MailboxMessageContent, isRead: boolean): MailboxMessage {
  return {
    id: message.id,
    conversationId: `conversation-${message.id}`,
    subject: message.subject,
    from: message.from,
    receivedDateTime: message.receivedDateTime,
    bodyPreview: message.body.content.replace(/<[^>]+>/g, ' ').trim(),
    isRead,
    reference: null,
  };
}

/**
 * A mailbox over `messages` (newest first); unread unless listed in `read`;
 * `attachments` are the file attachments of each message by id (give the
 * message `hasAttachments: true` too, as Graph would).
 */
export function fakeMailbox(
  messages: readonly MailboxMessageContent[],
  read: readonly string[] = [],
  attachments: Readonly<Record<string, readonly MailFileAttachment[]>> = {},
) {
  const filesOf = (messageId: string) => [...(attachments[messageId] ?? [])];
  return {
    listInbox: vi.fn<Mailbox['listInbox']>(() =>
      Promise.resolve(messages.map((message) => summaryOf(message, read.includes(message.id)))),
    ),
    getMessageContent: vi.fn<Mailbox['getMessageContent']>((messageId) => {
      const message = messages.find((candidate) => candidate.id === messageId);
      return message ? Promise.resolve(message) : Promise.reject(new Error('no such message'));
    }),
    getMessage: vi.fn<Mailbox['getMessage']>(() =>
      Promise.reject(new Error('the mailbox view does not ask for getMessage')),
    ),
    findConversation: vi.fn<Mailbox['findConversation']>(() =>
      Promise.reject(new Error('the mailbox view does not ask for findConversation')),
    ),
    reply: vi.fn<Mailbox['reply']>(() => Promise.resolve()),
    listAttachments: vi.fn<Mailbox['listAttachments']>((messageId) =>
      Promise.resolve(
        filesOf(messageId).map(({ id, name, contentType, size, isInline }) => ({
          id,
          name,
          kind: 'file',
          contentType,
          size,
          isInline,
        })),
      ),
    ),
    getFileAttachments: vi.fn<Mailbox['getFileAttachments']>((messageId) =>
      Promise.resolve(filesOf(messageId)),
    ),
    findMessageByInternetMessageId: vi.fn<Mailbox['findMessageByInternetMessageId']>(() =>
      Promise.reject(new Error('the mailbox view does not ask for findMessageByInternetMessageId')),
    ),
  } satisfies Mailbox;
}
