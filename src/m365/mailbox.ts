/**
 * Reading the signed-in user's mail through Graph: the Inbox, one message (summary or full
 * content), a conversation, a reply.
 */
import { z } from 'zod';
import { GraphError } from './errors.ts';
import type { GraphClient } from './graph-client.ts';
import { pathSegment, odataString } from './list-items.ts';
import { findMailReference, type MailReference } from './mail-reference.ts';
import { graphScopes } from './token-source.ts';

const emailAddressSchema = z.object({
  emailAddress: z.object({
    name: z.string().nullish(),
    address: z.string().nullish(),
  }),
});

const headersSchema = z.array(z.object({ name: z.string(), value: z.string() }));

const messageSchema = z.object({
  id: z.string().min(1),
  conversationId: z.string().nullish(),
  subject: z.string().nullish(),
  from: emailAddressSchema.nullish(),
  receivedDateTime: z.string().nullish(),
  sentDateTime: z.string().nullish(),
  bodyPreview: z.string().nullish(),
  isRead: z.boolean().nullish(),
  internetMessageHeaders: headersSchema.nullish(),
});

const messageSelect = [
  'id',
  'conversationId',
  'subject',
  'from',
  'receivedDateTime',
  'sentDateTime',
  'bodyPreview',
  'isRead',
  'internetMessageHeaders',
].join(',');

/** The Inbox list needs no headers: they are the bulk of a message's metadata. */
const inboxSelect = [
  'id',
  'conversationId',
  'subject',
  'from',
  'receivedDateTime',
  'sentDateTime',
  'bodyPreview',
  'isRead',
].join(',');

const contentSchema = z.object({
  id: z.string().min(1),
  subject: z.string().nullish(),
  from: emailAddressSchema.nullish(),
  toRecipients: z.array(emailAddressSchema).nullish(),
  ccRecipients: z.array(emailAddressSchema).nullish(),
  receivedDateTime: z.string().nullish(),
  sentDateTime: z.string().nullish(),
  body: z
    .object({
      // Graph writes `html`/`text`; older payloads and other clients capitalise them.
      contentType: z
        .string()
        .transform((value) => value.toLowerCase())
        .pipe(z.enum(['text', 'html'])),
      content: z.string().nullish(),
    })
    .nullish(),
  internetMessageId: z.string().nullish(),
  internetMessageHeaders: headersSchema.nullish(),
});

const contentSelect = [
  'id',
  'subject',
  'from',
  'toRecipients',
  'ccRecipients',
  'receivedDateTime',
  'sentDateTime',
  'body',
  'internetMessageId',
  'internetMessageHeaders',
].join(',');

/** Graph's page size limit for messages. */
const maxInboxTop = 1000;
const defaultInboxTop = 50;

/** A sender or recipient; Graph may leave out either part. */
export interface MailAddress {
  readonly name: string | null;
  readonly address: string | null;
}

/** One internet message header, as Graph lists them (`internetMessageHeaders`). */
export interface MailHeader {
  readonly name: string;
  readonly value: string;
}

export interface MailboxMessage {
  readonly id: string;
  readonly conversationId: string | null;
  readonly subject: string;
  readonly from: MailAddress | null;
  readonly receivedDateTime: string | null;
  readonly bodyPreview: string;
  /** False until the owner has read it (a missing value counts as read). */
  readonly isRead: boolean;
  /**
   * Our `x-elements-tilgang` reference; null on replies and foreign mail (and in Sent Items).
   * Always null from {@link Mailbox.listInbox}, which reads no headers.
   */
  readonly reference: MailReference | null;
}

/** Everything a reading pane shows of one message, and what an add-in reads from it. */
export interface MailboxMessageContent {
  readonly id: string;
  readonly subject: string;
  readonly from: MailAddress | null;
  readonly to: readonly MailAddress[];
  readonly cc: readonly MailAddress[];
  /** ISO instant; the sent time when Graph gives no received time. */
  readonly receivedDateTime: string | null;
  /** `html` is the sender's markup, unsanitised: show it only in a sandboxed frame. */
  readonly body: { readonly contentType: 'text' | 'html'; readonly content: string };
  /** The `Message-ID`, e.g. `<…@…>`. */
  readonly internetMessageId: string | null;
  /** In the order Graph lists them; empty for Sent Items copies, which carry none. */
  readonly internetMessageHeaders: readonly MailHeader[];
}

/** The mailbox port. */
export interface Mailbox {
  /** The newest messages of the Inbox, newest first (one page of `top`, default 50, at most 1000). */
  listInbox(options?: { top?: number }): Promise<MailboxMessage[]>;
  /** A message with its body, recipients and internet headers, by its Graph (REST) id. */
  getMessageContent(messageId: string): Promise<MailboxMessageContent>;
  /** A message by its Graph (REST) id; office.js item ids need `convertToRestId` first. */
  getMessage(messageId: string): Promise<MailboxMessage>;
  /** Every message of a conversation in the user's mailbox: the original and its replies. */
  findConversation(conversationId: string): Promise<MailboxMessage[]>;
  /** Replies to a message with a short plain-text comment (Graph quotes the original below it). */
  reply(messageId: string, comment: string): Promise<void>;
}

function toAddress(recipient: z.infer<typeof emailAddressSchema>): MailAddress {
  return {
    name: recipient.emailAddress.name ?? null,
    address: recipient.emailAddress.address ?? null,
  };
}

function toMessage(message: z.infer<typeof messageSchema>): MailboxMessage {
  return {
    id: message.id,
    conversationId: message.conversationId ?? null,
    subject: message.subject ?? '',
    from: message.from ? toAddress(message.from) : null,
    receivedDateTime: message.receivedDateTime ?? message.sentDateTime ?? null,
    bodyPreview: message.bodyPreview ?? '',
    isRead: message.isRead ?? true,
    reference: findMailReference(message.internetMessageHeaders ?? []),
  };
}

function toContent(message: z.infer<typeof contentSchema>): MailboxMessageContent {
  return {
    id: message.id,
    subject: message.subject ?? '',
    from: message.from ? toAddress(message.from) : null,
    to: (message.toRecipients ?? []).map(toAddress),
    cc: (message.ccRecipients ?? []).map(toAddress),
    receivedDateTime: message.receivedDateTime ?? message.sentDateTime ?? null,
    body: {
      contentType: message.body?.contentType ?? 'text',
      content: message.body?.content ?? '',
    },
    internetMessageId: message.internetMessageId ?? null,
    internetMessageHeaders: (message.internetMessageHeaders ?? []).map(({ name, value }) => ({
      name,
      value,
    })),
  };
}

export function createGraphMailbox(graph: GraphClient): Mailbox {
  return {
    async listInbox(options = {}) {
      const top = options.top ?? defaultInboxTop;
      if (!Number.isInteger(top) || top < 1 || top > maxInboxTop) {
        throw new RangeError(`top must be a whole number from 1 to ${maxInboxTop}; got ${top}.`);
      }
      // One page only: the newest `top` are what an Inbox shows first.
      const { items } = await graph.page('/me/mailFolders/inbox/messages', messageSchema, {
        scopes: graphScopes.readMail,
        query: { $select: inboxSelect, $orderby: 'receivedDateTime desc', $top: String(top) },
      });
      return items.map(toMessage);
    },

    async getMessageContent(messageId) {
      if (messageId.trim() === '') throw new GraphError('not-found', 'No message id.');
      const message = await graph.request(
        'GET',
        `/me/messages/${pathSegment(messageId)}`,
        contentSchema,
        { scopes: graphScopes.readMail, query: { $select: contentSelect } },
      );
      return toContent(message);
    },

    async getMessage(messageId) {
      if (messageId.trim() === '') throw new GraphError('not-found', 'No message id.');
      const message = await graph.request(
        'GET',
        `/me/messages/${pathSegment(messageId)}`,
        messageSchema,
        { scopes: graphScopes.readMail, query: { $select: messageSelect } },
      );
      return toMessage(message);
    },

    async findConversation(conversationId) {
      // No $orderby: Exchange refuses it with this $filter ("InefficientFilter").
      const messages = await graph.getAll('/me/messages', messageSchema, {
        scopes: graphScopes.readMail,
        query: {
          $filter: `conversationId eq ${odataString(conversationId)}`,
          $select: messageSelect,
          $top: '50',
        },
      });
      return messages
        .map(toMessage)
        .sort((a, b) => (a.receivedDateTime ?? '').localeCompare(b.receivedDateTime ?? ''));
    },

    async reply(messageId, comment) {
      await graph.request('POST', `/me/messages/${pathSegment(messageId)}/reply`, z.unknown(), {
        scopes: graphScopes.sendMail,
        body: { comment },
      });
    },
  };
}
