/** Reading the signed-in user's mail through Graph: one message, a conversation, a reply. */
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

const messageSchema = z.object({
  id: z.string().min(1),
  conversationId: z.string().nullish(),
  subject: z.string().nullish(),
  from: emailAddressSchema.nullish(),
  receivedDateTime: z.string().nullish(),
  sentDateTime: z.string().nullish(),
  bodyPreview: z.string().nullish(),
  internetMessageHeaders: z.array(z.object({ name: z.string(), value: z.string() })).nullish(),
});

const messageSelect = [
  'id',
  'conversationId',
  'subject',
  'from',
  'receivedDateTime',
  'sentDateTime',
  'bodyPreview',
  'internetMessageHeaders',
].join(',');

export interface MailboxMessage {
  readonly id: string;
  readonly conversationId: string | null;
  readonly subject: string;
  readonly from: { readonly name: string | null; readonly address: string | null } | null;
  readonly receivedDateTime: string | null;
  readonly bodyPreview: string;
  /** Our `x-elements-tilgang` reference; null on replies and foreign mail (and in Sent Items). */
  readonly reference: MailReference | null;
}

/** The mailbox port. */
export interface Mailbox {
  /** A message by its Graph (REST) id; office.js item ids need `convertToRestId` first. */
  getMessage(messageId: string): Promise<MailboxMessage>;
  /** Every message of a conversation in the user's mailbox: the original and its replies. */
  findConversation(conversationId: string): Promise<MailboxMessage[]>;
  /** Replies to a message with a short plain-text comment (Graph quotes the original below it). */
  reply(messageId: string, comment: string): Promise<void>;
}

function toMessage(message: z.infer<typeof messageSchema>): MailboxMessage {
  return {
    id: message.id,
    conversationId: message.conversationId ?? null,
    subject: message.subject ?? '',
    from: message.from
      ? {
          name: message.from.emailAddress.name ?? null,
          address: message.from.emailAddress.address ?? null,
        }
      : null,
    receivedDateTime: message.receivedDateTime ?? message.sentDateTime ?? null,
    bodyPreview: message.bodyPreview ?? '',
    reference: findMailReference(message.internetMessageHeaders ?? []),
  };
}

export function createGraphMailbox(graph: GraphClient): Mailbox {
  return {
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
