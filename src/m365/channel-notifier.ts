/**
 * Notices in the Dokumentsenteret team channel. Posting as the signed-in user
 * works only for members of the team (Graph answers 403 to others), so the
 * notifier offers both routes: a channel message with an Adaptive Card for
 * members, and a mail to the channel's address, which any sender the channel
 * allows can use.
 *
 * After a decision the desk replies under the request's announcement: it finds
 * the message by the request id its link carries ({@link ChannelNotifier.findMessage})
 * and replies there ({@link ChannelNotifier.reply}). The announcement's message
 * id is not recorded anywhere (a mailed notice has none the sender could see),
 * so it is looked up in the channel.
 */
import { z } from 'zod';
import { GraphError } from './errors.ts';
import type { GraphClient, GraphPage } from './graph-client.ts';
import { pathSegment } from './list-items.ts';
import type { MailReference } from './mail-reference.ts';
import type { Mailer } from './mailer.ts';
import { escapeHtml, type SafeHtml } from './safe-html.ts';
import { graphScopes } from './token-source.ts';

type JsonValue = z.infer<ReturnType<typeof z.json>>;

/** An Adaptive Card (https://adaptivecards.io); Teams renders schema version 1.5 and below. */
export interface AdaptiveCard {
  readonly type: 'AdaptiveCard';
  readonly version: string;
  readonly body: readonly JsonValue[];
  readonly actions?: readonly JsonValue[];
  readonly $schema?: string;
}

export interface ChannelRef {
  readonly teamId: string;
  readonly channelId: string;
}

/** What {@link ChannelNotifier.findMessage} looks for. */
export interface FindMessageInput {
  /**
   * Text the message carries, in its body or in an Adaptive Card's JSON
   * (a request id, which its link carries). Not blank: that would match any message.
   */
  readonly contains: string;
  /** How many of the newest messages (threads, not replies) to look through; default 150, at most 500. */
  readonly top?: number;
}

/** A channel message found by {@link ChannelNotifier.findMessage}. */
export interface FoundChannelMessage {
  readonly messageId: string;
  readonly createdDateTime: string | null;
}

/** The channel-notifier port. */
export interface ChannelNotifier {
  /**
   * Posts a card as the signed-in user. Fails with kind `not-team-member`
   * when the user is not a member of the team: fall back to {@link mailToChannel}.
   */
  postCard(
    channel: ChannelRef,
    card: AdaptiveCard,
    summary?: SafeHtml,
  ): Promise<{ messageId: string }>;
  /** Mails the channel's e-mail address (Teams shows the mail as a channel post). */
  mailToChannel(
    address: string,
    subject: string,
    html: SafeHtml,
    reference?: MailReference,
  ): Promise<void>;
  /**
   * The newest message (a thread's first message; replies are not listed)
   * whose HTML body or Adaptive Card contains `input.contains`, or null when
   * none of the newest `input.top` does. Reading needs membership of the team:
   * fails with kind `not-team-member` otherwise.
   */
  findMessage(channel: ChannelRef, input: FindMessageInput): Promise<FoundChannelMessage | null>;
  /** Replies in the thread of `messageId` as the signed-in user; `not-team-member` as for {@link postCard}. */
  reply(channel: ChannelRef, messageId: string, html: SafeHtml): Promise<{ messageId: string }>;
}

const chatMessageSchema = z.object({ id: z.string().min(1) });

/**
 * A listed channel message, as far as the search reads it. Lenient where
 * Graph is: system messages and deleted ones come with an empty or missing
 * body, and cards' `content` may be null.
 */
const listedMessageSchema = z.object({
  id: z.string().min(1),
  createdDateTime: z.string().nullish(),
  deletedDateTime: z.string().nullish(),
  body: z.object({ content: z.string().nullish() }).nullish(),
  attachments: z
    .array(z.object({ contentType: z.string().nullish(), content: z.string().nullish() }))
    .nullish(),
});
type ListedMessage = z.infer<typeof listedMessageSchema>;

/** Graph's largest page of channel messages. */
const MESSAGES_PAGE_MAX = 50;
/** Default reach of a search: the announcements of a busy week or two, in three pages. */
const FIND_DEFAULT_TOP = 150;
/** A search never reads more than ten pages: an old announcement is not worth a long crawl. */
const FIND_MAX_TOP = 500;
/** Graph may answer a short or empty page with a nextLink; the page count bounds the search too. */
const FIND_MAX_PAGES = FIND_MAX_TOP / MESSAGES_PAGE_MAX;

/**
 * Reading channel messages needs `ChannelMessage.Read.All` (delegated, admin
 * consent); kept here until `graphScopes` carries it.
 */
const readChannelMessagesScopes = graphScopes.readChannelMessages;

function channelPath(channel: ChannelRef): string {
  return `/teams/${pathSegment(channel.teamId)}/channels/${pathSegment(channel.channelId)}`;
}

/**
 * Graph answers 403 to anyone not in the team (nothing was read or posted):
 * the typed kind lets callers fall back or skip.
 */
function asNotTeamMember(error: unknown): unknown {
  if (error instanceof GraphError && error.status === 403) {
    return new GraphError('not-team-member', error.message, 403, error.code, {
      ...(error.requestId === undefined ? {} : { requestId: error.requestId }),
    });
  }
  return error;
}

/**
 * Whether the message carries `text`. The body is HTML, so the text is also
 * looked for escaped; a card's JSON is a string in `attachments[].content`
 * (a card posted by a member has the request's link only there).
 */
function carries(message: ListedMessage, text: string): boolean {
  const escaped = escapeHtml(text);
  const body = message.body?.content ?? '';
  if (body.includes(text) || body.includes(escaped)) return true;
  return (message.attachments ?? []).some(
    (attachment) => attachment.content?.includes(text) ?? false,
  );
}

/** The id that ties the message body's `<attachment>` to the card; any unique string. */
const CARD_ATTACHMENT_ID = 'elements-tilgang-card';

export function createGraphChannelNotifier(graph: GraphClient, mailer: Mailer): ChannelNotifier {
  return {
    async postCard(channel, card, summary) {
      try {
        const message = await graph.request(
          'POST',
          `${channelPath(channel)}/messages`,
          chatMessageSchema,
          {
            scopes: graphScopes.postChannelMessage,
            body: {
              body: {
                contentType: 'html',
                content: `${summary?.html ?? ''}<attachment id="${CARD_ATTACHMENT_ID}"></attachment>`,
              },
              attachments: [
                {
                  id: CARD_ATTACHMENT_ID,
                  contentType: 'application/vnd.microsoft.card.adaptive',
                  contentUrl: null,
                  content: JSON.stringify(card),
                  name: null,
                  thumbnailUrl: null,
                },
              ],
            },
          },
        );
        return { messageId: message.id };
      } catch (error) {
        throw asNotTeamMember(error);
      }
    },

    mailToChannel(address, subject, html, reference = { kind: 'channel-notice' }) {
      return mailer.sendMail({ to: [address], subject, html, reference });
    },

    async findMessage(channel, input) {
      if (input.contains.trim() === '') {
        throw new RangeError('findMessage needs text to look for: blank text matches any message.');
      }
      const top = Math.min(Math.max(Math.floor(input.top ?? FIND_DEFAULT_TOP), 1), FIND_MAX_TOP);
      const options = {
        scopes: readChannelMessagesScopes,
        query: { $top: String(Math.min(top, MESSAGES_PAGE_MAX)) },
      };
      let next: string | undefined = `${channelPath(channel)}/messages`;
      let seen = 0;
      let pages = 0;
      try {
        // Newest first (as Graph lists them), so a request announced twice (an R8 request is
        // announced again when it is ready for systemansvarlig) is answered under its latest notice.
        while (next !== undefined && seen < top && pages < FIND_MAX_PAGES) {
          pages += 1;
          const page: GraphPage<ListedMessage> = await graph.page(
            next,
            listedMessageSchema,
            options,
          );
          for (const message of page.items.slice(0, top - seen)) {
            if (message.deletedDateTime == null && carries(message, input.contains)) {
              return { messageId: message.id, createdDateTime: message.createdDateTime ?? null };
            }
          }
          seen += page.items.length;
          next = page.nextLink;
        }
      } catch (error) {
        throw asNotTeamMember(error);
      }
      return null;
    },

    async reply(channel, messageId, html) {
      try {
        const message = await graph.request(
          'POST',
          `${channelPath(channel)}/messages/${pathSegment(messageId)}/replies`,
          chatMessageSchema,
          {
            scopes: graphScopes.postChannelMessage,
            body: { body: { contentType: 'html', content: html.html } },
          },
        );
        return { messageId: message.id };
      } catch (error) {
        throw asNotTeamMember(error);
      }
    },
  };
}
