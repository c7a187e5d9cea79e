/**
 * Reading the signed-in user's mail through Graph: the Inbox, one message (summary or full
 * content), its file attachments, a message by its Message-ID, a conversation, a reply.
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
  hasAttachments: z.boolean().nullish(),
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
  'hasAttachments',
].join(',');

/**
 * One entry of `GET /me/messages/{id}/attachments` without `$select`: Graph gives each
 * attachment's derived type in `@odata.type` and, for a fileAttachment, its `contentBytes`
 * (https://learn.microsoft.com/graph/api/message-list-attachments,
 * https://learn.microsoft.com/graph/api/resources/fileattachment). Item and reference
 * attachments have no contentBytes; they are read past.
 */
const attachmentSchema = z.object({
  '@odata.type': z.string().nullish(),
  id: z.string().min(1),
  name: z.string().nullish(),
  contentType: z.string().nullish(),
  size: z.number().int().nonnegative().nullish(),
  isInline: z.boolean().nullish(),
  contentBytes: z.string().nullish(),
});

/**
 * `$select` of the base attachment type's own properties, which Graph allows on the
 * collection: the list without anyone's file content.
 */
const attachmentSummarySelect = ['id', 'name', 'contentType', 'size', 'isInline'].join(',');

/** `$select=id,internetMessageId,from,sender,receivedDateTime` of a message. */
const originSchema = z.object({
  id: z.string().min(1),
  internetMessageId: z.string().nullish(),
  from: emailAddressSchema.nullish(),
  sender: emailAddressSchema.nullish(),
  receivedDateTime: z.string().nullish(),
  sentDateTime: z.string().nullish(),
  parentFolderId: z.string().nullish(),
});

const folderIdSchema = z.object({ id: z.string().min(1) });

const originSelect = [
  'id',
  'internetMessageId',
  'from',
  'sender',
  'receivedDateTime',
  'sentDateTime',
  'parentFolderId',
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
  /**
   * Graph's `hasAttachments`: the message has attachments other than inline ones (a missing
   * value counts as none).
   */
  readonly hasAttachments: boolean;
}

/** A file attached to a message (Graph's `fileAttachment`). */
export interface MailFileAttachment {
  /** The attachment's id in this mailbox (another copy of the message has other ids). */
  readonly id: string;
  readonly name: string;
  /** MIME type as Graph gives it; `application/octet-stream` when it gives none. */
  readonly contentType: string;
  /** Graph's `size` in bytes (Exchange may count more than the file's own bytes). */
  readonly size: number;
  /** Shown in the body (an image in a signature) rather than in the attachment list. */
  readonly isInline: boolean;
  /** The file in standard base64; `base64ToUtf8Text` (base64.ts) reads a text file. */
  readonly contentBytes: string;
}

/** An attachment as a message's attachment list shows it, without its content. */
export interface MailAttachmentSummary {
  readonly id: string;
  readonly name: string;
  /** `file` (fileAttachment), `item` (an attached message, event or contact) or `reference`. */
  readonly kind: 'file' | 'item' | 'reference';
  /** MIME type as Graph gives it; null for an item attachment, which has none. */
  readonly contentType: string | null;
  /** Graph's `size` in bytes. */
  readonly size: number;
  readonly isInline: boolean;
}

/** A message found by its `Message-ID`: what says who sent it and when it arrived. */
export interface MailboxMessageOrigin {
  /** Graph (REST) id in the signed-in user's mailbox. */
  readonly id: string;
  readonly internetMessageId: string;
  /** `from`: the mailbox the message is from, as Exchange stamped it. */
  readonly from: MailAddress | null;
  /** `sender`: who actually sent it; differs from `from` when a delegate sent on behalf. */
  readonly sender: MailAddress | null;
  /** ISO instant; the sent time when Graph gives no received time. */
  readonly receivedDateTime: string | null;
}

/** The mailbox port. */
export interface Mailbox {
  /** The newest messages of the Inbox, newest first (one page of `top`, default 50, at most 1000). */
  listInbox(options?: { top?: number }): Promise<MailboxMessage[]>;
  /** A message with its body, recipients and internet headers, by its Graph (REST) id. */
  getMessageContent(messageId: string): Promise<MailboxMessageContent>;
  /** A message by its Graph (REST) id; office.js item ids need `convertToRestId` first. */
  getMessage(messageId: string): Promise<MailboxMessage>;
  /**
   * Every attachment of a message (files, attached items, links), in Graph's order, without
   * content: what an attachment list shows.
   */
  listAttachments(messageId: string): Promise<MailAttachmentSummary[]>;
  /**
   * The message's file attachments with their content, in Graph's order (inline ones too:
   * check `isInline`). Item and reference attachments are left out.
   */
  getFileAttachments(messageId: string): Promise<MailFileAttachment[]>;
  /**
   * The message with this `Message-ID` (`<…@…>`) in the user's mailbox, or null. When several
   * copies have it (a mail to oneself is in the Inbox and in Sent Items), the received one.
   */
  findMessageByInternetMessageId(internetMessageId: string): Promise<MailboxMessageOrigin | null>;
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
    hasAttachments: message.hasAttachments ?? false,
  };
}

function toOrigin(
  message: z.infer<typeof originSchema>,
  internetMessageId: string,
): MailboxMessageOrigin {
  return {
    id: message.id,
    internetMessageId: message.internetMessageId ?? internetMessageId,
    from: message.from ? toAddress(message.from) : null,
    sender: message.sender ? toAddress(message.sender) : null,
    receivedDateTime: message.receivedDateTime ?? message.sentDateTime ?? null,
  };
}

const messageIdPattern = /^<[^<>\s]+>$/;

/** The kind an attachment's `@odata.type` names; without one, a file (the usual kind). */
function attachmentKind(odataType: string | null | undefined): MailAttachmentSummary['kind'] {
  const type = (odataType ?? '').replace(/^#/, '').toLowerCase();
  if (type === 'microsoft.graph.itemattachment') return 'item';
  if (type === 'microsoft.graph.referenceattachment') return 'reference';
  return 'file';
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

    async listAttachments(messageId) {
      if (messageId.trim() === '') throw new GraphError('not-found', 'No message id.');
      const attachments = await graph.getAll(
        `/me/messages/${pathSegment(messageId)}/attachments`,
        attachmentSchema,
        { scopes: graphScopes.readMail, query: { $select: attachmentSummarySelect } },
      );
      return attachments.map((attachment) => ({
        id: attachment.id,
        name: attachment.name ?? '',
        kind: attachmentKind(attachment['@odata.type']),
        contentType: attachment.contentType ?? null,
        size: attachment.size ?? 0,
        isInline: attachment.isInline ?? false,
      }));
    },

    async getFileAttachments(messageId) {
      if (messageId.trim() === '') throw new GraphError('not-found', 'No message id.');
      const path = `/me/messages/${pathSegment(messageId)}/attachments`;
      // No $select: contentBytes is fileAttachment's own property, which Graph refuses to select
      // on the base attachment type; the full representation carries it.
      const attachments = await graph.getAll(path, attachmentSchema, {
        scopes: graphScopes.readMail,
      });
      const files: MailFileAttachment[] = [];
      for (const attachment of attachments) {
        if (attachmentKind(attachment['@odata.type']) !== 'file') continue;
        // A file Graph lists without its bytes is read on its own.
        const full =
          attachment.contentBytes === null || attachment.contentBytes === undefined
            ? await graph.request(
                'GET',
                `${path}/${pathSegment(attachment.id)}`,
                attachmentSchema,
                { scopes: graphScopes.readMail },
              )
            : attachment;
        if (full.contentBytes === null || full.contentBytes === undefined) continue;
        files.push({
          id: full.id,
          name: full.name ?? '',
          contentType: full.contentType ?? 'application/octet-stream',
          size: full.size ?? 0,
          isInline: full.isInline ?? false,
          contentBytes: full.contentBytes,
        });
      }
      return files;
    },

    async findMessageByInternetMessageId(internetMessageId) {
      const wanted = internetMessageId.trim();
      if (!messageIdPattern.test(wanted)) {
        throw new RangeError('internetMessageId must look like <local@domain>.');
      }
      const { items } = await graph.page('/me/messages', originSchema, {
        scopes: graphScopes.readMail,
        query: {
          $filter: `internetMessageId eq ${odataString(wanted)}`,
          $select: originSelect,
          $top: '10',
        },
      });
      const matching = items.filter(
        (message) =>
          message.internetMessageId === undefined ||
          message.internetMessageId === null ||
          message.internetMessageId === wanted,
      );
      if (matching.length > 1) {
        // A mail to oneself: the copy outside Sent Items is the one that was delivered.
        const sentItems = await graph.request('GET', '/me/mailFolders/sentitems', folderIdSchema, {
          scopes: graphScopes.readMail,
          query: { $select: 'id' },
        });
        const delivered = matching.find((message) => message.parentFolderId !== sentItems.id);
        if (delivered !== undefined) return toOrigin(delivered, wanted);
      }
      const [found] = matching;
      return found === undefined ? null : toOrigin(found, wanted);
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
