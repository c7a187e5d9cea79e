/**
 * Every Graph call the product makes, read from src/m365/ (directory.ts, ledger.ts and
 * list-items.ts, mailer.ts, mailbox.ts, campaign-mailbox.ts, channel-notifier.ts), with the
 * scopes it asks for (`graphScopes` in src/m365/token-source.ts) and how the smoke run makes it
 * safely: through the product's own adapter, read-only or against the test site and test
 * mailbox only. Calls that would write anywhere else (a Teams channel) are listed and not run.
 *
 * Kept here, beside the smoke run, until src/m365/token-source.ts declares its scopes per call;
 * then this list should be derived from that one (see docs/provisioning.md).
 */
import { z } from 'zod';
import { createGraphCampaignMailbox } from '../../../src/m365/campaign-mailbox.ts';
import { createGraphChannelNotifier } from '../../../src/m365/channel-notifier.ts';
import { createGraphDirectory } from '../../../src/m365/directory.ts';
import type { GraphClient, HttpMethod } from '../../../src/m365/graph-client.ts';
import { createGraphLedger } from '../../../src/m365/ledger.ts';
import {
  createItemOnce,
  createItemsOnce,
  findItems,
  findRequest,
  type ListRef,
} from '../../../src/m365/list-items.ts';
import { createGraphMailbox } from '../../../src/m365/mailbox.ts';
import { createGraphMailer } from '../../../src/m365/mailer.ts';
import { html } from '../../../src/m365/safe-html.ts';
import { graphScopes } from '../../../src/m365/token-source.ts';
import type { SmokeOptions } from './smoke-options.ts';

export type ScopeKey = keyof typeof graphScopes;

/** Where a call writes, if anywhere. */
export type CallWrites = 'nothing' | 'test site' | 'test mailbox' | 'shared mailbox' | 'channel';

/** What the smoke run learnt earlier that a call needs. */
export interface CallContext {
  readonly graph: GraphClient;
  readonly options: SmokeOptions;
  readonly runId: string;
  readonly meId: string;
  /** The temporary list with a unique, indexed `SmokeKey` column; null when it could not be made. */
  readonly scratchList: ListRef | null;
  /** The test mail of the Message-ID check, as found in the test mailbox's Inbox. */
  readonly testMail: {
    readonly internetMessageId: string;
    readonly inboxMessageId: string | null;
    readonly conversationId: string | null;
  } | null;
  /** When the run started: the `since` of the Sent Items and reply queries. */
  readonly startedAt: Date;
  /** A fresh `<…@domain>` Message-ID for a mail this run sends (cleanup finds it by it). */
  nextInternetMessageId(): string;
  /** The subject every mail of this run carries. */
  readonly subject: string;
}

/** Thrown by a call's run when it cannot be made in this run (said in the table). */
export class NotRun extends Error {
  override readonly name = 'NotRun';
}

export interface ProductCall {
  /** `module.function`, as in src/m365/. */
  readonly id: string;
  readonly method: HttpMethod;
  /** The path as the product sends it; `{…}` are filled in at run time. */
  readonly path: string;
  readonly scopeKey: ScopeKey;
  readonly writes: CallWrites;
  /** Why the smoke run does not make this call; absent when it does. */
  readonly notRun?: string;
  /** Makes the call through the product's adapter; returns the evidence (no personal data). */
  readonly run?: (context: CallContext) => Promise<string>;
}

export function scopesOf(call: ProductCall): readonly string[] {
  return graphScopes[call.scopeKey];
}

/** Every distinct scope the product asks for. */
export function productScopes(): string[] {
  return [...new Set(Object.values(graphScopes).flat())].sort();
}

function needList(context: CallContext): ListRef {
  if (context.scratchList === null) throw new NotRun('no temporary list (see its row)');
  return context.scratchList;
}

function needInboxCopy(context: CallContext): string {
  const id = context.testMail?.inboxMessageId;
  if (id === undefined || id === null) {
    throw new NotRun('the test mail did not arrive in the Inbox (see its row)');
  }
  return id;
}

function needShared(context: CallContext): string {
  const shared = context.options.sharedMailbox;
  if (shared === undefined) throw new NotRun('no --shared-mailbox given');
  return shared;
}

function plural(count: number, word: string): string {
  if (count === 1) return `${count} ${word}`;
  return `${count} ${word.endsWith('y') ? `${word.slice(0, -1)}ies` : word.endsWith('ch') || word.endsWith('sh') ? `${word}es` : `${word}s`}`;
}

const scratchFields = (key: string) => ({ Title: 'Elements tilgang smoke run', SmokeKey: key });

const testReference = (context: CallContext) => ({ kind: 'smoke-test', run: context.runId });

/** Channel calls: read only when a channel is named; never posted to. */
const channelNotRun =
  'posts in a Teams channel: the smoke run writes only to the test site and mailbox';

export const productCalls: readonly ProductCall[] = [
  // --- directory.ts ---------------------------------------------------------------------------
  {
    id: 'directory.getMe',
    method: 'GET',
    path: '/me?$select=id,displayName,jobTitle,mail,userPrincipalName',
    scopeKey: 'readProfile',
    writes: 'nothing',
    run: async ({ graph }) => {
      await createGraphDirectory(graph).getMe();
      return 'read the signed-in account';
    },
  },
  {
    id: 'directory.getPerson',
    method: 'GET',
    path: '/users/{id}?$select=…',
    scopeKey: 'readPeople',
    writes: 'nothing',
    run: async ({ graph, meId }) => {
      const person = await createGraphDirectory(graph).getPerson(meId);
      return person === null ? 'not found' : 'read the signed-in account by id';
    },
  },
  {
    id: 'directory.findPeopleByMail',
    method: 'GET',
    path: "/users?$filter=mail eq '{address}'&$top=2",
    scopeKey: 'readPeople',
    writes: 'nothing',
    run: async ({ graph, options }) =>
      `${plural((await createGraphDirectory(graph).findPeopleByMail(options.mailbox)).length, 'match')} for --mailbox`,
  },
  {
    id: 'directory.searchPeople',
    method: 'GET',
    path: '/users?$search="displayName:{text}" OR "mail:{text}" (ConsistencyLevel: eventual)',
    scopeKey: 'readPeople',
    writes: 'nothing',
    run: async ({ graph, options }) => {
      const text = options.mailbox.split('@')[0] ?? options.mailbox;
      const found = await createGraphDirectory(graph).searchPeople(text, 5);
      return `${plural(found.length, 'result')} for the test mailbox's name`;
    },
  },
  {
    id: 'directory.getManagerChain',
    method: 'POST',
    path: '/$batch [GET /users/{id}/manager]',
    scopeKey: 'readManagers',
    writes: 'nothing',
    run: async ({ graph, meId }) =>
      `${plural((await createGraphDirectory(graph).getManagerChain(meId, 2)).length, 'manager')} read (at most 2 levels)`,
  },
  {
    id: 'directory.getDirectReports',
    method: 'GET',
    path: '/users/{id}/directReports',
    scopeKey: 'readPeople',
    writes: 'nothing',
    run: async ({ graph, meId }) =>
      `${plural((await createGraphDirectory(graph).getDirectReports(meId)).length, 'report')}`,
  },
  {
    id: 'directory.getGroupIds',
    method: 'GET',
    path: '/users/{id}/transitiveMemberOf?$select=id',
    scopeKey: 'readGroupMembership',
    writes: 'nothing',
    run: async ({ graph, meId }) =>
      `${plural((await createGraphDirectory(graph).getGroupIds(meId)).length, 'group')}`,
  },
  {
    id: 'directory.getGroupMembers',
    method: 'GET',
    path: '/groups/{id}/transitiveMembers',
    scopeKey: 'readDirectory',
    writes: 'nothing',
    run: async ({ graph, meId }) => {
      const directory = createGraphDirectory(graph);
      const [groupId] = await directory.getGroupIds(meId);
      if (groupId === undefined) throw new NotRun('the signed-in account is in no group');
      return `${plural((await directory.getGroupMembers(groupId)).length, 'member')} of one of its groups`;
    },
  },

  // --- ledger.ts, list-items.ts (on the temporary list of the test site) ------------------------
  {
    id: 'list-items.createItemOnce',
    method: 'POST',
    path: '/sites/{site}/lists/{list}/items',
    scopeKey: 'writeLedger',
    writes: 'test site',
    run: async (context) => {
      const ref = needList(context);
      const key = `call-${context.runId}-one`;
      await createItemOnce(context.graph, {
        ref,
        uniqueColumn: 'SmokeKey',
        fields: scratchFields(key),
        scopes: graphScopes.writeLedger,
        matches: (item) => item.fields['SmokeKey'] === key,
      });
      return 'one item added to the temporary list';
    },
  },
  {
    id: 'list-items.createItemsOnce',
    method: 'POST',
    path: '/$batch [POST /sites/{site}/lists/{list}/items]',
    scopeKey: 'writeLedger',
    writes: 'test site',
    run: async (context) => {
      const ref = needList(context);
      const creates = ['a', 'b'].map((suffix) => {
        const key = `call-${context.runId}-${suffix}`;
        return {
          ref,
          uniqueColumn: 'SmokeKey',
          fields: scratchFields(key),
          scopes: graphScopes.writeLedger,
          matches: (item: { fields: Record<string, unknown> }) => item.fields['SmokeKey'] === key,
        };
      });
      const items = await createItemsOnce(context.graph, creates, graphScopes.writeLedger);
      return `${plural(items.length, 'item')} added in one $batch`;
    },
  },
  {
    id: 'list-items.findItems',
    method: 'GET',
    path: "/sites/{site}/lists/{list}/items?$expand=fields&$filter=fields/{column} eq '{value}'",
    scopeKey: 'readLedger',
    writes: 'nothing',
    run: async (context) => {
      const ref = needList(context);
      const found = await findItems(
        context.graph,
        ref,
        'SmokeKey',
        `call-${context.runId}-one`,
        graphScopes.readLedger,
        2,
      );
      return `$filter on the indexed column found ${plural(found.length, 'item')}`;
    },
  },
  {
    id: 'ledger.readStreams',
    method: 'POST',
    path: "/$batch [GET …/items?$expand=fields&$filter=fields/StreamId eq '{id}']",
    scopeKey: 'readLedger',
    writes: 'nothing',
    run: async (context) => {
      const ref = needList(context);
      const results = await context.graph.batch(
        [findRequest(ref, 'SmokeKey', `call-${context.runId}-a`, 2)],
        z.object({ value: z.array(z.unknown()) }),
        { scopes: graphScopes.readLedger },
      );
      const [first] = results;
      if (first === undefined) throw new Error('the $batch answered nothing');
      if (!first.ok) throw first.error;
      return `a $batch read found ${plural(first.body.value.length, 'item')}`;
    },
  },
  {
    id: 'ledger.readStream (provisioned lists)',
    method: 'POST',
    path: '/$batch [GET /sites/{site}/lists/{ledger list}/items?…StreamId…]',
    scopeKey: 'readLedger',
    writes: 'nothing',
    run: async ({ graph, options, runId }) => {
      const ledger = createGraphLedger(graph, { site: options.site });
      try {
        const stream = await ledger.readStream(`smoke-${runId}`, ['requests']);
        return `the ledger's events list answered (${plural(stream.events.length, 'event')} for a made-up stream)`;
      } catch (error) {
        if (error instanceof Error && 'status' in error && error.status === 404) {
          throw new NotRun('the test site has no ledger lists (not provisioned)');
        }
        throw error;
      }
    },
  },

  // --- mailer.ts, mailbox.ts, campaign-mailbox.ts (the test mailbox) ---------------------------
  {
    id: 'mailer.sendMail',
    method: 'POST',
    path: '/me/sendMail',
    scopeKey: 'sendMail',
    writes: 'test mailbox',
    notRun: 'made by the Message-ID check (see its row)',
  },
  {
    id: 'mailer.sendMail (shared mailbox)',
    method: 'POST',
    path: '/users/{shared mailbox}/sendMail',
    scopeKey: 'sendMailShared',
    writes: 'shared mailbox',
    run: async (context) => {
      const shared = needShared(context);
      await createGraphMailer(context.graph, { retryThrottled: false }).sendMail({
        to: [context.options.mailbox],
        subject: context.subject,
        html: html`<p>Elements tilgang smoke run ${context.runId}: sent as the shared mailbox.</p>`,
        reference: testReference(context),
        internetMessageId: context.nextInternetMessageId(),
        fromMailbox: shared,
      });
      return 'sent one mail as the shared mailbox to the test mailbox';
    },
  },
  {
    id: 'mailbox.listInbox',
    method: 'GET',
    path: '/me/mailFolders/inbox/messages?$select=…&$orderby=receivedDateTime desc&$top=50',
    scopeKey: 'readMail',
    writes: 'nothing',
    run: async ({ graph }) =>
      `${plural((await createGraphMailbox(graph).listInbox({ top: 5 })).length, 'message')} listed (top 5)`,
  },
  {
    id: 'mailbox.getMessage',
    method: 'GET',
    path: '/me/messages/{id}?$select=…,internetMessageHeaders',
    scopeKey: 'readMail',
    writes: 'nothing',
    run: async (context) => {
      const message = await createGraphMailbox(context.graph).getMessage(needInboxCopy(context));
      return message.reference?.['run'] === context.runId
        ? 'the test mail, with its x-elements-tilgang header'
        : 'the test mail, but its x-elements-tilgang header was not found';
    },
  },
  {
    id: 'mailbox.getMessageContent',
    method: 'GET',
    path: '/me/messages/{id}?$select=…,body,internetMessageId',
    scopeKey: 'readMail',
    writes: 'nothing',
    run: async (context) => {
      const content = await createGraphMailbox(context.graph).getMessageContent(
        needInboxCopy(context),
      );
      return `body (${content.body.contentType}) and ${plural(content.internetMessageHeaders.length, 'header')} read`;
    },
  },
  {
    id: 'mailbox.listAttachments',
    method: 'GET',
    path: '/me/messages/{id}/attachments?$select=id,name,contentType,size,isInline',
    scopeKey: 'readMail',
    writes: 'nothing',
    run: async (context) =>
      `${plural((await createGraphMailbox(context.graph).listAttachments(needInboxCopy(context))).length, 'attachment')}`,
  },
  {
    id: 'mailbox.getFileAttachments',
    method: 'GET',
    path: '/me/messages/{id}/attachments',
    scopeKey: 'readMail',
    writes: 'nothing',
    run: async (context) => {
      const files = await createGraphMailbox(context.graph).getFileAttachments(
        needInboxCopy(context),
      );
      return `${plural(files.length, 'file')} with content`;
    },
  },
  {
    id: 'mailbox.findMessageByInternetMessageId',
    method: 'GET',
    path: "/me/messages?$filter=internetMessageId eq '{id}' (+ GET /me/mailFolders/sentitems)",
    scopeKey: 'readMail',
    writes: 'nothing',
    run: async (context) => {
      if (context.testMail === null) throw new NotRun('no test mail was sent');
      const found = await createGraphMailbox(context.graph).findMessageByInternetMessageId(
        context.testMail.internetMessageId,
      );
      return found === null ? 'not found' : 'found the test mail by its Message-ID';
    },
  },
  {
    id: 'mailbox.findConversation',
    method: 'GET',
    path: "/me/messages?$filter=conversationId eq '{id}'",
    scopeKey: 'readMail',
    writes: 'nothing',
    run: async (context) => {
      const conversationId = context.testMail?.conversationId;
      if (conversationId === undefined || conversationId === null) {
        throw new NotRun('the test mail has no conversation id');
      }
      const messages = await createGraphMailbox(context.graph).findConversation(conversationId);
      return `${plural(messages.length, 'message')} in the test mail's conversation`;
    },
  },
  {
    id: 'mailbox.reply',
    method: 'POST',
    path: '/me/messages/{id}/reply',
    scopeKey: 'sendMail',
    writes: 'test mailbox',
    run: async (context) => {
      await createGraphMailbox(context.graph).reply(
        needInboxCopy(context),
        `Elements tilgang smoke run ${context.runId}: a reply.`,
      );
      return 'replied to the test mail (to the test mailbox itself)';
    },
  },
  {
    id: 'campaign-mailbox.sentMessageIds',
    method: 'GET',
    path: '/me/mailFolders/sentitems/messages?$filter=sentDateTime ge {since}&$select=internetMessageId',
    scopeKey: 'readMail',
    writes: 'nothing',
    run: async ({ graph, startedAt }) =>
      `${plural((await createGraphCampaignMailbox(graph).sentMessageIds(startedAt)).size, 'Message-ID')} in Sent Items since the run began`,
  },
  {
    id: 'campaign-mailbox.repliesSince',
    method: 'GET',
    path: '/me/mailFolders/inbox/messages?$filter=receivedDateTime ge {since}&$select=…,uniqueBody,internetMessageHeaders',
    scopeKey: 'readMail',
    writes: 'nothing',
    run: async ({ graph, startedAt }) =>
      `${plural((await createGraphCampaignMailbox(graph).repliesSince(startedAt)).length, 'reply')} since the run began`,
  },
  {
    id: 'campaign-mailbox.isInSentItems (shared mailbox)',
    method: 'GET',
    path: "/users/{shared mailbox}/mailFolders/sentitems/messages?$filter=internetMessageId eq '{id}'",
    scopeKey: 'readMail',
    writes: 'nothing',
    run: async (context) => {
      const shared = needShared(context);
      const found = await createGraphCampaignMailbox(context.graph, shared).isInSentItems(
        `<smoke.${context.runId}.absent@${context.options.mailbox.split('@')[1] ?? 'example.org'}>`,
      );
      return found ? 'a made-up Message-ID was found (unexpected)' : 'Sent Items answered';
    },
  },
  {
    id: 'campaign-mailbox.repliesSince (shared mailbox)',
    method: 'GET',
    path: '/users/{shared mailbox}/mailFolders/inbox/messages?$filter=receivedDateTime ge {since}',
    scopeKey: 'readMail',
    writes: 'nothing',
    run: async (context) => {
      const shared = needShared(context);
      const replies = await createGraphCampaignMailbox(context.graph, shared).repliesSince(
        context.startedAt,
      );
      return `Inbox answered (${plural(replies.length, 'reply')} since the run began)`;
    },
  },

  // --- channel-notifier.ts ----------------------------------------------------------------------
  {
    id: 'channel-notifier.findMessage',
    method: 'GET',
    path: '/teams/{team}/channels/{channel}/messages?$top=50',
    scopeKey: 'readChannelMessages',
    writes: 'nothing',
    run: async ({ graph, options, runId }) => {
      if (options.teamId === undefined || options.channelId === undefined) {
        throw new NotRun('no --team-id/--channel-id given');
      }
      const notifier = createGraphChannelNotifier(graph, createGraphMailer(graph));
      const found = await notifier.findMessage(
        { teamId: options.teamId, channelId: options.channelId },
        { contains: `smoke-${runId}`, top: 50 },
      );
      return found === null ? 'read the newest 50 messages' : 'found a message (unexpected)';
    },
  },
  {
    id: 'channel-notifier.postCard',
    method: 'POST',
    path: '/teams/{team}/channels/{channel}/messages',
    scopeKey: 'postChannelMessage',
    writes: 'channel',
    notRun: channelNotRun,
  },
  {
    id: 'channel-notifier.reply',
    method: 'POST',
    path: '/teams/{team}/channels/{channel}/messages/{id}/replies',
    scopeKey: 'postChannelMessage',
    writes: 'channel',
    notRun: channelNotRun,
  },
  {
    id: 'channel-notifier.mailToChannel',
    method: 'POST',
    path: '/me/sendMail (to the channel address)',
    scopeKey: 'sendMail',
    writes: 'channel',
    notRun: 'mails a Teams channel; the same call as mailer.sendMail',
  },
];
