/**
 * Teams channels and channel messages. Posting with a delegated token needs membership of the
 * team, as Graph requires for ChannelMessage.Send; mail to a channel's e-mail address is posted
 * by mail-routes.ts through `appendChannelMessage` and works for any sender.
 */
import { z } from 'zod';
import { base64UrlToText, textToBase64Url } from './base64url.ts';
import type { DirectoryPerson } from './directory-data.ts';
import { type ChannelConfig, findChannel, type TeamConfig } from './emulator-config.ts';
import type { EmulatorState, GraphContext, GraphRoute } from './emulator-context.ts';
import type { ChannelMessageData, ChatAttachmentData, ItemBodyData } from './emulator-data.ts';
import {
  badRequest,
  GraphError,
  jsonResponse,
  type JsonObject,
  type JsonValue,
} from './graph-response.ts';
import { withQueryOption } from './odata-links.ts';
import { readBody } from './request-body.ts';
import { route } from './router.ts';

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 50;

type Params = Readonly<Record<string, string>>;

function forbidden(message: string): GraphError {
  return new GraphError(403, 'Forbidden', message);
}

function notFound(message: string): GraphError {
  return new GraphError(404, 'NotFound', message);
}

export function isTeamMember(
  state: EmulatorState,
  teamId: string,
  person: DirectoryPerson,
): boolean {
  const group = state.directory.groups.find((candidate) => candidate.id === teamId);
  return (
    group !== undefined &&
    (group.memberIds.includes(person.id) || group.ownerIds.includes(person.id))
  );
}

function requireTeam(context: GraphContext, params: Params): TeamConfig {
  const team = context.state.config.teams.find(
    (candidate) => candidate.id === params['team']?.toLowerCase(),
  );
  if (team === undefined) throw notFound('No team found with Group Id ' + (params['team'] ?? ''));
  if (!isTeamMember(context.state, team.id, context.caller)) {
    throw forbidden('Forbidden: the signed-in user is not a member of the team.');
  }
  return team;
}

function requireChannel(context: GraphContext, params: Params): ChannelConfig {
  const team = requireTeam(context, params);
  const found = findChannel(context.state.config, team.id, params['channel'] ?? '');
  if (found === undefined) throw notFound('Channel not found.');
  return found.channel;
}

/** Adds a channel message; ids are millisecond timestamps, kept strictly increasing. */
export function appendChannelMessage(
  state: EmulatorState,
  now: Date,
  message: Omit<ChannelMessageData, 'id' | 'createdDateTime' | 'lastModifiedDateTime'>,
): ChannelMessageData {
  const teams = state.data.teams;
  const id = Math.max(now.getTime(), teams.lastMessageId + 1);
  teams.lastMessageId = id;
  const created: ChannelMessageData = {
    ...message,
    id: String(id),
    createdDateTime: new Date(id).toISOString(),
    lastModifiedDateTime: new Date(id).toISOString(),
  };
  teams.messages.push(created);
  return created;
}

function channelJson(context: GraphContext, channel: ChannelConfig): JsonObject {
  const tenantId = context.state.config.tenantId;
  return {
    id: channel.id,
    createdDateTime: '2020-09-14T10:30:00Z',
    displayName: channel.displayName,
    description: channel.description,
    isFavoriteByDefault: null,
    email: channel.email ?? '',
    tenantId,
    webUrl: `https://teams.microsoft.com/l/channel/${encodeURIComponent(channel.id)}/${encodeURIComponent(channel.displayName)}?groupId=${channel.teamId}&tenantId=${tenantId}`,
    membershipType: channel.membershipType,
  };
}

export function chatMessageJson(state: EmulatorState, message: ChannelMessageData): JsonObject {
  const tenantId = state.config.tenantId;
  const parent = message.replyToId ?? message.id;
  return {
    id: message.id,
    replyToId: message.replyToId,
    etag: message.id,
    messageType: 'message',
    createdDateTime: message.createdDateTime,
    lastModifiedDateTime: message.lastModifiedDateTime,
    lastEditedDateTime: null,
    deletedDateTime: null,
    subject: message.subject,
    summary: null,
    chatId: null,
    importance: message.importance,
    locale: 'en-us',
    webUrl: `https://teams.microsoft.com/l/message/${encodeURIComponent(message.channelId)}/${message.id}?groupId=${message.teamId}&tenantId=${tenantId}&createdTime=${message.id}&parentMessageId=${parent}`,
    policyViolation: null,
    eventDetail: null,
    from: {
      application: null,
      device: null,
      user: {
        '@odata.type': '#microsoft.graph.teamworkUserIdentity',
        id: message.fromId,
        displayName: message.fromDisplayName,
        userIdentityType: 'aadUser',
        tenantId,
      },
    },
    body: { contentType: message.body.contentType, content: message.body.content },
    channelIdentity: { teamId: message.teamId, channelId: message.channelId },
    attachments: message.attachments.map((attachment) => ({ ...attachment, teamsAppId: null })),
    mentions: [],
    reactions: [],
  };
}

const attachmentSchema = z.strictObject({
  id: z.string().min(1),
  contentType: z.string().min(1),
  contentUrl: z.string().nullable().optional(),
  content: z.string().nullable().optional(),
  name: z.string().nullable().optional(),
  thumbnailUrl: z.string().nullable().optional(),
  teamsAppId: z.string().nullable().optional(),
});

const chatMessageInputSchema = z.strictObject({
  '@odata.type': z.string().optional(),
  subject: z.string().nullable().optional(),
  body: z.strictObject({
    contentType: z
      .string()
      .transform((value) => value.toLowerCase())
      .pipe(z.enum(['text', 'html']))
      .optional(),
    content: z.string().min(1),
  }),
  attachments: z.array(attachmentSchema).max(10).optional(),
  importance: z.enum(['normal', 'high', 'urgent']).optional(),
  mentions: z.array(z.unknown()).max(0).optional(),
});

function attachmentReferences(body: ItemBodyData): readonly string[] {
  return [...body.content.matchAll(/<attachment\s+id\s*=\s*"([^"]*)"\s*>\s*<\/attachment>/gi)].map(
    (match) => match[1] ?? '',
  );
}

function validateAttachments(body: ItemBodyData, attachments: readonly ChatAttachmentData[]): void {
  const referenced = attachmentReferences(body);
  for (const attachment of attachments) {
    if (!referenced.includes(attachment.id)) {
      throw badRequest(
        `Attachment with id '${attachment.id}' is not referenced in the message body: add <attachment id="${attachment.id}"></attachment>.`,
      );
    }
    if (attachment.contentType === ADAPTIVE_CARD_CONTENT_TYPE) {
      let card: unknown;
      try {
        card = JSON.parse(attachment.content ?? '');
      } catch {
        throw badRequest(
          `Attachment '${attachment.id}': the Adaptive Card content is not a JSON string.`,
        );
      }
      const parsed = z.looseObject({ type: z.literal('AdaptiveCard') }).safeParse(card);
      if (!parsed.success) {
        throw badRequest(
          `Attachment '${attachment.id}': the content is not an Adaptive Card (type 'AdaptiveCard').`,
        );
      }
    }
  }
  for (const id of referenced) {
    if (!attachments.some((attachment) => attachment.id === id)) {
      throw badRequest(
        `The message body references attachment '${id}', which the message does not have.`,
      );
    }
  }
}

async function postMessage(
  context: GraphContext,
  params: Params,
  replyTo: ChannelMessageData | null,
): Promise<Response> {
  const channel = requireChannel(context, params);
  const input = await readBody(context.request, chatMessageInputSchema, (message) =>
    badRequest(message),
  );
  const body: ItemBodyData = {
    contentType: input.body.contentType ?? 'text',
    content: input.body.content,
  };
  const attachments: ChatAttachmentData[] = (input.attachments ?? []).map((attachment) => ({
    id: attachment.id,
    contentType: attachment.contentType,
    contentUrl: attachment.contentUrl ?? null,
    content: attachment.content ?? null,
    name: attachment.name ?? null,
    thumbnailUrl: attachment.thumbnailUrl ?? null,
  }));
  validateAttachments(body, attachments);
  const message = appendChannelMessage(context.state, context.now(), {
    teamId: channel.teamId,
    channelId: channel.id,
    replyToId: replyTo?.id ?? null,
    fromId: context.caller.id,
    fromDisplayName: context.caller.displayName,
    subject: replyTo === null ? (input.subject ?? null) : null,
    body,
    attachments,
    importance: input.importance ?? 'normal',
    via: 'graph',
  });
  return jsonResponse(context.meta, 201, {
    '@odata.context': `${context.graphBase}/$metadata#teams('${channel.teamId}')/channels('${encodeURIComponent(channel.id)}')/messages/$entity`,
    ...chatMessageJson(context.state, message),
  });
}

function findMessage(
  context: GraphContext,
  channel: ChannelConfig,
  id: string | undefined,
): ChannelMessageData {
  const message = context.state.data.teams.messages.find(
    (candidate) =>
      candidate.channelId === channel.id &&
      candidate.teamId === channel.teamId &&
      candidate.id === id,
  );
  if (message === undefined) throw notFound('Message not found.');
  return message;
}

function pageOf(
  context: GraphContext,
  messages: readonly ChannelMessageData[],
  contextPath: string,
): Response {
  const rawTop = context.url.searchParams.get('$top');
  const top = rawTop === null ? DEFAULT_PAGE_SIZE : Number(rawTop);
  if (!Number.isInteger(top) || top < 1 || top > MAX_PAGE_SIZE) {
    throw badRequest(
      `Invalid page size specified: '${rawTop ?? ''}'. Must be between 1 and ${MAX_PAGE_SIZE} inclusive.`,
    );
  }
  const rawToken = context.url.searchParams.get('$skiptoken');
  const offset =
    rawToken === null
      ? 0
      : Number(/^emu-messages:(\d+)$/.exec(base64UrlToText(rawToken) ?? '')?.[1] ?? Number.NaN);
  if (!Number.isInteger(offset)) throw badRequest('The $skiptoken is invalid.');
  // Newest first, as Teams lists channel messages.
  const ordered = [...messages].sort((left, right) => Number(right.id) - Number(left.id));
  const body: Record<string, JsonValue> = { '@odata.context': contextPath };
  if (offset + top < ordered.length) {
    body['@odata.nextLink'] = withQueryOption(
      context.url,
      '$skiptoken',
      textToBase64Url(`emu-messages:${offset + top}`),
    );
  }
  body['value'] = ordered
    .slice(offset, offset + top)
    .map((message) => chatMessageJson(context.state, message));
  return jsonResponse(context.meta, 200, body);
}

function listMessages(context: GraphContext, params: Params): Response {
  const channel = requireChannel(context, params);
  const roots = context.state.data.teams.messages.filter(
    (message) =>
      message.teamId === channel.teamId &&
      message.channelId === channel.id &&
      message.replyToId === null,
  );
  return pageOf(
    context,
    roots,
    `${context.graphBase}/$metadata#teams('${channel.teamId}')/channels('${encodeURIComponent(channel.id)}')/messages`,
  );
}

function listReplies(context: GraphContext, params: Params): Response {
  const channel = requireChannel(context, params);
  const parent = findMessage(context, channel, params['message']);
  const replies = context.state.data.teams.messages.filter(
    (message) => message.replyToId === parent.id,
  );
  return pageOf(
    context,
    replies,
    `${context.graphBase}/$metadata#teams('${channel.teamId}')/channels('${encodeURIComponent(channel.id)}')/messages('${parent.id}')/replies`,
  );
}

function teamJson(team: TeamConfig): JsonObject {
  return {
    id: team.id,
    createdDateTime: null,
    displayName: team.displayName,
    description: team.description,
    isArchived: false,
    visibility: 'private',
    webUrl: `https://teams.microsoft.com/l/team/${encodeURIComponent(team.channels[0]?.id ?? '')}/conversations?groupId=${team.id}`,
  };
}

export function createTeamsRoutes(): readonly GraphRoute[] {
  return [
    route('GET', '/me/joinedTeams', (context) =>
      jsonResponse(context.meta, 200, {
        '@odata.context': `${context.graphBase}/$metadata#teams`,
        value: context.state.config.teams
          .filter((team) => isTeamMember(context.state, team.id, context.caller))
          .map(teamJson),
      }),
    ),
    route('GET', '/teams/:team', (context, params) =>
      jsonResponse(context.meta, 200, {
        '@odata.context': `${context.graphBase}/$metadata#teams/$entity`,
        ...teamJson(requireTeam(context, params)),
      }),
    ),
    route('GET', '/teams/:team/channels', (context, params) => {
      const team = requireTeam(context, params);
      return jsonResponse(context.meta, 200, {
        '@odata.context': `${context.graphBase}/$metadata#teams('${team.id}')/channels`,
        value: team.channels.map((channel) => channelJson(context, channel)),
      });
    }),
    route('GET', '/teams/:team/channels/:channel', (context, params) => {
      const channel = requireChannel(context, params);
      return jsonResponse(context.meta, 200, {
        '@odata.context': `${context.graphBase}/$metadata#teams('${channel.teamId}')/channels/$entity`,
        ...channelJson(context, channel),
      });
    }),
    route('GET', '/teams/:team/channels/:channel/messages', listMessages),
    route('POST', '/teams/:team/channels/:channel/messages', (context, params) =>
      postMessage(context, params, null),
    ),
    route('GET', '/teams/:team/channels/:channel/messages/:message', (context, params) => {
      const channel = requireChannel(context, params);
      const message = findMessage(context, channel, params['message']);
      return jsonResponse(context.meta, 200, {
        '@odata.context': `${context.graphBase}/$metadata#teams('${channel.teamId}')/channels('${encodeURIComponent(channel.id)}')/messages/$entity`,
        ...chatMessageJson(context.state, message),
      });
    }),
    route('GET', '/teams/:team/channels/:channel/messages/:message/replies', listReplies),
    route('POST', '/teams/:team/channels/:channel/messages/:message/replies', (context, params) => {
      const channel = requireChannel(context, params);
      return postMessage(context, params, findMessage(context, channel, params['message']));
    }),
  ];
}
