/**
 * The mailbox review e-mails are sent from (issue 6): what a sending run asks
 * of its Sent Items, and the plain replies that come back to its Inbox.
 *
 * - Sent Items holds a copy of every mail sent with `saveToSentItems`, with
 *   the `Message-ID` we set, but without our `x-` header. A run that resumes
 *   after a crash looks there for the Message-IDs it may already have sent.
 * - A plain reply carries the original's Message-ID in `In-Reply-To`, and its
 *   own text in `uniqueBody` (without the quoted original).
 */
import { z } from 'zod';
import type { GraphClient } from './graph-client.ts';
import { odataString } from './list-items.ts';
import { graphScopes } from './token-source.ts';

export interface CampaignReply {
  /** Graph id of the reply in the campaign mailbox. */
  readonly messageId: string;
  readonly internetMessageId: string | null;
  /** The sender Exchange stamped: the evidence of who answered. */
  readonly fromAddress: string | null;
  readonly fromName: string | null;
  readonly receivedDateTime: string | null;
  readonly subject: string;
  /** `In-Reply-To` (and the last `References` id when it is missing). */
  readonly inReplyTo: string | null;
  /** The reply's own text as plain text, without the quoted original. */
  readonly text: string;
}

/** The campaign mailbox port. */
export interface CampaignMailbox {
  /** Message-IDs in Sent Items sent at or after `since` (one call per 1,000 messages). */
  sentMessageIds(since: Date): Promise<Set<string>>;
  /** Whether a mail with this Message-ID is in Sent Items. */
  isInSentItems(internetMessageId: string): Promise<boolean>;
  /**
   * Message-IDs Exchange has accepted for sending: those still in transit (in Drafts, where
   * sendMail saves a message before it answers 202) and those in Sent Items sent at or after
   * `since`. Drafts is read first: a message moving to Sent Items between the two reads is then
   * seen in one of them.
   */
  acceptedMessageIds(since: Date): Promise<Set<string>>;
  /** Whether a mail with this Message-ID is anywhere in the mailbox (Drafts, Sent Items, …). */
  isAccepted(internetMessageId: string): Promise<boolean>;
  /** Inbox messages received at or after `since` that answer another mail (`In-Reply-To`). */
  repliesSince(since: Date): Promise<CampaignReply[]>;
}

const sentSchema = z.object({ internetMessageId: z.string().nullish() });

const replySchema = z.object({
  id: z.string().min(1),
  internetMessageId: z.string().nullish(),
  subject: z.string().nullish(),
  receivedDateTime: z.string().nullish(),
  from: z
    .object({
      emailAddress: z.object({ name: z.string().nullish(), address: z.string().nullish() }),
    })
    .nullish(),
  uniqueBody: z.object({ contentType: z.string(), content: z.string() }).nullish(),
  body: z.object({ contentType: z.string(), content: z.string() }).nullish(),
  internetMessageHeaders: z.array(z.object({ name: z.string(), value: z.string() })).nullish(),
});

/** Graph's date-time literal in a `$filter` (no quotes, second precision). */
function odataDateTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** HTML to the text a person typed: block ends and `<br>` become line breaks. */
export function htmlToText(content: string): string {
  return content
    .replace(/<(style|script|head)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|tr|h[1-6])>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

function header(
  headers: readonly { readonly name: string; readonly value: string }[],
  name: string,
): string | null {
  const found = headers.find((entry) => entry.name.toLowerCase() === name.toLowerCase());
  return found === undefined ? null : found.value.trim();
}

function inReplyToOf(
  headers: readonly { readonly name: string; readonly value: string }[],
): string | null {
  const direct = header(headers, 'In-Reply-To');
  if (direct !== null && direct !== '') return direct;
  const references = header(headers, 'References');
  const ids = references?.match(/<[^<>]+>/g);
  return ids?.at(-1) ?? null;
}

/**
 * `mailbox`: the shared mailbox the campaign sends from, or undefined for the
 * signed-in user's own (`/me`).
 */
export function createGraphCampaignMailbox(graph: GraphClient, mailbox?: string): CampaignMailbox {
  const root = mailbox === undefined ? '/me' : `/users/${encodeURIComponent(mailbox)}`;
  const scopes = mailbox === undefined ? graphScopes.readMail : graphScopes.readMailShared;
  const port: CampaignMailbox = {
    async sentMessageIds(since) {
      const messages = await graph.getAll(`${root}/mailFolders/sentitems/messages`, sentSchema, {
        scopes,
        query: {
          $filter: `sentDateTime ge ${odataDateTime(since)}`,
          $select: 'internetMessageId',
          $top: '1000',
        },
      });
      const ids = new Set<string>();
      for (const message of messages) {
        if (message.internetMessageId) ids.add(message.internetMessageId);
      }
      return ids;
    },

    async acceptedMessageIds(since) {
      const drafts = await graph.getAll(`${root}/mailFolders/drafts/messages`, sentSchema, {
        scopes,
        query: { $select: 'internetMessageId', $top: '1000' },
      });
      const ids = await port.sentMessageIds(since);
      for (const message of drafts) {
        if (message.internetMessageId) ids.add(message.internetMessageId);
      }
      return ids;
    },

    async isAccepted(internetMessageId) {
      // The whole mailbox: the message is in Drafts until transport moves it to Sent Items.
      const page = await graph.page(`${root}/messages`, sentSchema, {
        scopes,
        query: {
          $filter: `internetMessageId eq ${odataString(internetMessageId)}`,
          $select: 'internetMessageId',
          $top: '1',
        },
      });
      return page.items.length > 0;
    },

    async isInSentItems(internetMessageId) {
      const page = await graph.page(`${root}/mailFolders/sentitems/messages`, sentSchema, {
        scopes,
        query: {
          $filter: `internetMessageId eq ${odataString(internetMessageId)}`,
          $select: 'internetMessageId',
          $top: '1',
        },
      });
      return page.items.length > 0;
    },

    async repliesSince(since) {
      const messages = await graph.getAll(`${root}/mailFolders/inbox/messages`, replySchema, {
        scopes,
        // Plain text bodies: the first line of a reply is the answer.
        headers: { Prefer: 'outlook.body-content-type="text"' },
        query: {
          $filter: `receivedDateTime ge ${odataDateTime(since)}`,
          $select:
            'id,internetMessageId,subject,receivedDateTime,from,uniqueBody,internetMessageHeaders',
          $top: '100',
        },
      });
      const replies: CampaignReply[] = [];
      for (const message of messages) {
        const inReplyTo = inReplyToOf(message.internetMessageHeaders ?? []);
        if (inReplyTo === null) continue;
        const body = message.uniqueBody ?? message.body;
        const text =
          body === null || body === undefined
            ? ''
            : body.contentType.toLowerCase() === 'html'
              ? htmlToText(body.content)
              : body.content;
        replies.push({
          messageId: message.id,
          internetMessageId: message.internetMessageId ?? null,
          fromAddress: message.from?.emailAddress.address ?? null,
          fromName: message.from?.emailAddress.name ?? null,
          receivedDateTime: message.receivedDateTime ?? null,
          subject: message.subject ?? '',
          inReplyTo,
          text,
        });
      }
      return replies;
    },
  };
  return port;
}
