/**
 * The triage desk's `ChannelReplies` over the channel notifier: after a
 * decision, a reply under the request's announcement in the triage channel
 * (issue 5, item 5).
 *
 * The announcement's message id is recorded nowhere (a notice mailed to the
 * channel's address, the route most requesters take, leaves the sender no id),
 * so the announcement is found by the request id: both routes carry the
 * request's link, which carries the id (a mailed notice in its HTML body, a
 * member's card in the card's action). Of the newest messages, the newest that
 * carries it is answered: an R8 request is announced twice, and its second
 * notice ("ready for systemansvarlig") is the thread the decision belongs to.
 *
 * Quietly skipped (resolves false, nothing thrown): no announcement among the
 * newest messages (it failed to send, was deleted, or is older than the search
 * reaches), or any failure to read or to reply, including a decider who is not
 * a member of the team. A decision is recorded before anyone is told, and a
 * missing channel reply must never undo or fail it; the outcome's
 * `notified.channel` says false, and a warning names the failure's kind only.
 *
 * The reply is the desk's summary as it is (`channelReply` in triage-mails.ts:
 * what was decided and the link, no names, no texts), already escaped HTML.
 */
import type { ChannelNotifier, ChannelRef } from '../../m365/channel-notifier.ts';
import { warnNotSent } from '../requests/notifications.ts';
import type { ChannelReplies } from './triage-desk.ts';

export interface ChannelRepliesDeps {
  readonly channel: ChannelNotifier;
  /** The Dokumentsenteret team's triage channel, where requests are announced. */
  readonly triage: { readonly teamId: string; readonly channelId: string };
  /** How many of the channel's newest threads to look through; the notifier's default otherwise. */
  readonly searchDepth?: number;
}

export function createChannelReplies(deps: ChannelRepliesDeps): ChannelReplies {
  const channel: ChannelRef = { teamId: deps.triage.teamId, channelId: deps.triage.channelId };
  return {
    async replyToAnnouncement(requestId, summary) {
      // A blank id would match every message (and none is a request of ours).
      if (requestId.trim() === '') return false;
      try {
        const announcement = await deps.channel.findMessage(channel, {
          contains: requestId,
          ...(deps.searchDepth === undefined ? {} : { top: deps.searchDepth }),
        });
        if (announcement === null) return false;
        await deps.channel.reply(channel, announcement.messageId, summary);
        return true;
      } catch (error) {
        warnNotSent('channel reply', error);
        return false;
      }
    },
  };
}
