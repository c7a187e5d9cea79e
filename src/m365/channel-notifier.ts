/**
 * Notices in the Dokumentsenteret team channel. Posting as the signed-in user
 * works only for members of the team (Graph answers 403 to others), so the
 * notifier offers both routes: a channel message with an Adaptive Card for
 * members, and a mail to the channel's address, which any sender the channel
 * allows can use.
 */
import { z } from 'zod';
import { GraphError } from './errors.ts';
import type { GraphClient } from './graph-client.ts';
import { pathSegment } from './list-items.ts';
import type { MailReference } from './mail-reference.ts';
import type { Mailer } from './mailer.ts';
import type { SafeHtml } from './safe-html.ts';
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
}

const chatMessageSchema = z.object({ id: z.string().min(1) });

/** The id that ties the message body's `<attachment>` to the card; any unique string. */
const CARD_ATTACHMENT_ID = 'elements-tilgang-card';

export function createGraphChannelNotifier(graph: GraphClient, mailer: Mailer): ChannelNotifier {
  return {
    async postCard(channel, card, summary) {
      try {
        const message = await graph.request(
          'POST',
          `/teams/${pathSegment(channel.teamId)}/channels/${pathSegment(channel.channelId)}/messages`,
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
        if (error instanceof GraphError && error.status === 403) {
          throw new GraphError('not-team-member', error.message, 403, error.code, {
            ...(error.requestId === undefined ? {} : { requestId: error.requestId }),
          });
        }
        throw error;
      }
    },

    mailToChannel(address, subject, html, reference = { kind: 'channel-notice' }) {
      return mailer.sendMail({ to: [address], subject, html, reference });
    },
  };
}
