/**
 * Exchange Online through Graph: sendMail into per-user mailboxes, messages list/get/reply and
 * mail folders. What Exchange does and the emulator copies: custom `x-` internet message headers
 * reach the recipients' copies but not the sender's Sent Items copy; a reply stays in the
 * conversation (same conversationId); mail to a channel's address becomes a channel message; mail
 * to other domains leaves the tenant (kept in an outbox the tests read); a client may set the
 * message's internetMessageId (Message-ID); a mailbox sends at most 30 messages a minute
 * (mail-limits.ts). Every accepted send is recorded in the sent log (`GET /_emulator/mail/sent`).
 * File attachments sent with sendMail are kept on every copy and read back through
 * `…/messages/{id}/attachments` (mail-attachments.ts).
 */
import { z } from 'zod';
import { bytesToBase64Url, textToBase64Url } from './base64url.ts';
import { type DirectoryPerson, findPerson } from './directory-data.ts';
import { channelByEmail, findSharedMailbox, type SharedMailboxConfig } from './emulator-config.ts';
import type { GraphContext, GraphRoute } from './emulator-context.ts';
import type {
  FileAttachmentData,
  HeaderData,
  ItemBodyData,
  MailFolderName,
  MessageData,
  OutboundMailData,
  RecipientData,
} from './emulator-data.ts';
import { GraphError, jsonResponse, type JsonObject, type JsonValue } from './graph-response.ts';
import {
  type BodyContentType,
  bodyAs,
  bodyPreview,
  escapeHtml,
  preferredBodyType,
  textToHtml,
} from './mail-body.ts';
import {
  attachmentInput,
  attachmentRoutes,
  checkRequestSize,
  hasFileAttachments,
  toFileAttachments,
  type AttachmentBlueprint,
} from './mail-attachments.ts';
import { releaseDueMail, scheduleDelivery } from './mail-delivery.ts';
import { submissionReleaseAt, submissionRetryAfter } from './mail-limits.ts';
import {
  compareOrdered,
  evaluateExpression,
  expressionPaths,
  parseODataFilterOr,
} from './odata-expression.ts';
import { withQueryOption } from './odata-links.ts';
import { readBody } from './request-body.ts';
import { route } from './router.ts';
import { appendChannelMessage } from './teams-routes.ts';

export const MAX_RECIPIENTS = 500;
export const MAX_CUSTOM_HEADERS = 5;
const DEFAULT_PAGE_SIZE = 10;
const MAX_PAGE_SIZE = 1000;

type Params = Readonly<Record<string, string>>;

function mailError(status: number, code: string, message: string): GraphError {
  return new GraphError(status, code, message);
}

function invalidBody(message: string): GraphError {
  return mailError(400, 'ErrorInvalidRequest', message);
}

function itemNotFound(): GraphError {
  return mailError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
}

// --- ids --------------------------------------------------------------------------------------

function randomBase64Url(bytes: number): string {
  return bytesToBase64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** Exchange ids are long URL-safe base64 strings; these look alike (and end in `=` like them). */
function newMessageId(): string {
  return `AAMkAD${randomBase64Url(96)}=`;
}

function newConversationId(): string {
  return `AAQkAD${randomBase64Url(30)}=`;
}

function newChangeKey(): string {
  return `CQAAABYAAA${randomBase64Url(12)}`;
}

function standardBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** A reply's conversation index is the original's plus five bytes, as in Exchange. */
function extendConversationIndex(index: string): string {
  let original: Uint8Array;
  try {
    original = Uint8Array.from(atob(index), (character) => character.charCodeAt(0));
  } catch {
    original = new Uint8Array(22);
  }
  const extended = new Uint8Array(original.length + 5);
  extended.set(original);
  extended.set(crypto.getRandomValues(new Uint8Array(5)), original.length);
  return standardBase64(extended);
}

export function folderId(ownerId: string, folder: MailFolderName): string {
  return `AQMkAD${textToBase64Url(`${folder}:${ownerId}`)}AAAA`;
}

const wellKnownFolders: readonly { readonly name: MailFolderName; readonly displayName: string }[] =
  [
    { name: 'inbox', displayName: 'Innboks' },
    { name: 'sentitems', displayName: 'Sendte elementer' },
    // Where a sent message waits until transport has taken it (mail-delivery.ts).
    { name: 'drafts', displayName: 'Utkast' },
  ];

// --- bodies -----------------------------------------------------------------------------------

const emailAddressInput = z.looseObject({
  address: z.string().trim().min(1),
  name: z.string().optional(),
});
const recipientInput = z.looseObject({ emailAddress: emailAddressInput });
const bodyInput = z.strictObject({
  contentType: z
    .string()
    .transform((value) => value.toLowerCase())
    .pipe(z.enum(['text', 'html'])),
  content: z.string(),
});
const headerInput = z.strictObject({ name: z.string().min(1), value: z.string() });

const messageInput = z.strictObject({
  '@odata.type': z.string().optional(),
  /**
   * Graph's message resource: "The message ID in the format specified by RFC5322. Updatable only
   * if isDraft is true." The message sendMail is given is a draft until it is sent, so a client
   * may set it there (and nowhere after).
   */
  internetMessageId: z.string().optional(),
  subject: z.string().optional(),
  body: bodyInput.optional(),
  toRecipients: z.array(recipientInput).optional(),
  ccRecipients: z.array(recipientInput).optional(),
  bccRecipients: z.array(recipientInput).optional(),
  replyTo: z.array(recipientInput).optional(),
  internetMessageHeaders: z.array(headerInput).optional(),
  /** fileAttachment only (mail-attachments.ts), as sendMail's JSON form allows. */
  attachments: z.array(attachmentInput).optional(),
  importance: z
    .string()
    .transform((value) => value.toLowerCase())
    .pipe(z.enum(['low', 'normal', 'high']))
    .optional(),
});

const sendMailInput = z.strictObject({
  message: messageInput,
  saveToSentItems: z
    .union([z.boolean(), z.enum(['true', 'false', 'True', 'False'])])
    .transform((value) => value === true || String(value).toLowerCase() === 'true')
    .optional(),
});

const replyInput = z.strictObject({
  comment: z.string().optional(),
  message: z
    .strictObject({
      toRecipients: z.array(recipientInput).optional(),
      ccRecipients: z.array(recipientInput).optional(),
      bccRecipients: z.array(recipientInput).optional(),
    })
    .optional(),
});

const patchInput = z.strictObject({ isRead: z.boolean().optional() });

function toRecipients(
  context: GraphContext,
  inputs: readonly z.infer<typeof recipientInput>[] | undefined,
): RecipientData[] {
  return (inputs ?? []).map((input) => {
    const address = input.emailAddress.address;
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) {
      throw mailError(
        400,
        'ErrorInvalidRecipients',
        `At least one recipient is not valid., Recipient '${address}' is not resolved. All recipients must be resolved before a message can be submitted.`,
      );
    }
    const person = findPersonByAddress(context, address);
    return {
      emailAddress: {
        name: input.emailAddress.name ?? person?.displayName ?? address,
        address,
      },
    };
  });
}

// RFC 5322 §3.6.4: msg-id = "<" id-left "@" id-right ">", id-left = dot-atom-text,
// id-right = dot-atom-text / no-fold-literal (the obsolete forms are not accepted for new mail).
const ATEXT = "[A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~]";
const DOT_ATOM_TEXT = `${ATEXT}+(?:\\.${ATEXT}+)*`;
const NO_FOLD_LITERAL = '\\[[\\x21-\\x5a\\x5e-\\x7e]*\\]';
const MSG_ID = new RegExp(`^<${DOT_ATOM_TEXT}@(?:${DOT_ATOM_TEXT}|${NO_FOLD_LITERAL})>$`);

/**
 * A client-set internetMessageId must be an RFC 5322 msg-id. The exact error Exchange gives for
 * a malformed one is not documented; the emulator refuses it with 400 and this code.
 */
export function checkInternetMessageId(value: string): string {
  if (!MSG_ID.test(value)) {
    throw mailError(
      400,
      'ErrorInvalidInternetMessageId',
      `The internetMessageId '${value}' is not valid: it must be an RFC 5322 msg-id of the form <local-part@domain>.`,
    );
  }
  return value;
}

function validateHeaders(headers: readonly HeaderData[]): void {
  for (const header of headers) {
    if (!/^x-/i.test(header.name)) {
      throw mailError(
        400,
        'InvalidInternetMessageHeader',
        `The internet message header name '${header.name}' should start with 'x-' or 'X-'.`,
      );
    }
  }
  if (headers.length > MAX_CUSTOM_HEADERS) {
    throw mailError(
      400,
      'InvalidInternetMessageHeaderCollection',
      `Maximum number of headers in one message should be less than or equal to ${MAX_CUSTOM_HEADERS}.`,
    );
  }
}

// --- delivery ---------------------------------------------------------------------------------

/** A shared mailbox as a mail owner: Exchange keeps it as a user object that cannot sign in. */
function sharedMailboxOwner(mailbox: SharedMailboxConfig): DirectoryPerson {
  return {
    id: mailbox.id,
    givenName: '',
    surname: '',
    displayName: mailbox.displayName,
    jobTitle: '',
    department: '',
    officeLocation: '',
    mail: mailbox.mail,
    userPrincipalName: mailbox.mail,
    managerId: null,
  };
}

/** The mailbox an address delivers to: a person's, or a shared mailbox. */
function findPersonByAddress(context: GraphContext, address: string): DirectoryPerson | undefined {
  const key = address.toLowerCase();
  const person = context.state.directory.people.find(
    (candidate) =>
      candidate.mail.toLowerCase() === key || candidate.userPrincipalName.toLowerCase() === key,
  );
  if (person !== undefined) return person;
  const shared = context.state.config.sharedMailboxes.find((mailbox) => mailbox.mail === key);
  return shared === undefined ? undefined : sharedMailboxOwner(shared);
}

function formatAddress(recipient: RecipientData): string {
  return `${recipient.emailAddress.name} <${recipient.emailAddress.address}>`;
}

function rfc2822(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}

interface Outgoing {
  readonly sender: DirectoryPerson;
  /** A client-set Message-ID (already checked), or null for a new one. */
  readonly internetMessageId: string | null;
  readonly subject: string;
  readonly body: ItemBodyData;
  /** What is new in this message when it is not the whole body (a reply's own comment). */
  readonly uniqueBody: ItemBodyData | null;
  readonly to: readonly RecipientData[];
  readonly cc: readonly RecipientData[];
  readonly bcc: readonly RecipientData[];
  readonly replyTo: readonly RecipientData[];
  readonly importance: 'low' | 'normal' | 'high';
  readonly customHeaders: readonly HeaderData[];
  readonly conversationId: string;
  readonly conversationIndex: string;
  /** For a reply: the original's internetMessageId. */
  readonly inReplyTo: string | null;
  readonly saveToSentItems: boolean;
  readonly via: 'sendMail' | 'reply';
  /** File attachments, checked; every copy gets them with ids of its own. */
  readonly attachments: readonly AttachmentBlueprint[];
  /** When Exchange hands it to transport (ms; later than now when queued over the rate). */
  readonly releaseAtMs: number;
}

/**
 * Puts copies where Exchange would: recipients' Inboxes, channels, the outside world, Sent Items.
 * The mailbox copies arrive later (mail-delivery.ts): the sender's waits in Drafts meanwhile.
 */
function deliver(context: GraphContext, outgoing: Outgoing): void {
  const { state } = context;
  const accepted = context.now();
  // Sent when transport takes it: the Date header and sentDateTime of a queued message are later.
  const now = new Date(Math.max(accepted.getTime(), outgoing.releaseAtMs));
  const timestamp = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  // The same Message-ID on every copy (Inboxes, Sent Items, outbox), as one sent message has.
  const internetMessageId =
    outgoing.internetMessageId ??
    `<${crypto.randomUUID().replace(/-/g, '')}@${state.config.mailDomain}>`;
  const from: RecipientData = {
    emailAddress: { name: outgoing.sender.displayName, address: outgoing.sender.mail },
  };
  const standardHeaders: HeaderData[] = [
    {
      name: 'Received',
      value: `from emulator.${state.config.mailDomain} by emulator.${state.config.mailDomain}; ${rfc2822(now)}`,
    },
    { name: 'From', value: formatAddress(from) },
    { name: 'To', value: outgoing.to.map(formatAddress).join(', ') },
    ...(outgoing.cc.length > 0
      ? [{ name: 'CC', value: outgoing.cc.map(formatAddress).join(', ') }]
      : []),
    { name: 'Subject', value: outgoing.subject },
    { name: 'Thread-Topic', value: outgoing.subject.replace(/^(re|sv|fw|vs):\s*/i, '') },
    { name: 'Thread-Index', value: outgoing.conversationIndex },
    { name: 'Date', value: rfc2822(now) },
    { name: 'Message-ID', value: internetMessageId },
    ...(outgoing.inReplyTo === null
      ? []
      : [
          { name: 'References', value: outgoing.inReplyTo },
          { name: 'In-Reply-To', value: outgoing.inReplyTo },
        ]),
    {
      name: 'Content-Type',
      value:
        outgoing.body.contentType === 'html'
          ? 'text/html; charset="utf-8"'
          : 'text/plain; charset="utf-8"',
    },
    { name: 'MIME-Version', value: '1.0' },
  ];
  // Each copy is an item of its own store, so its attachments have ids of their own.
  const attachments = (): FileAttachmentData[] =>
    outgoing.attachments.map((attachment) => ({
      id: `AAMkAD${randomBase64Url(60)}BEgAQA${randomBase64Url(12)}=`,
      ...attachment,
      lastModifiedDateTime: timestamp,
    }));
  const copy = (ownerId: string, folder: MailFolderName): MessageData => ({
    id: newMessageId(),
    ownerId,
    folder,
    changeKey: newChangeKey(),
    conversationId: outgoing.conversationId,
    conversationIndex: outgoing.conversationIndex,
    internetMessageId,
    subject: outgoing.subject,
    body: outgoing.body,
    uniqueBody: outgoing.uniqueBody,
    from,
    sender: from,
    toRecipients: [...outgoing.to],
    ccRecipients: [...outgoing.cc],
    // Bcc recipients are visible only in the sender's copy.
    bccRecipients: folder === 'sentitems' ? [...outgoing.bcc] : [],
    replyTo: [...outgoing.replyTo],
    importance: outgoing.importance,
    sentDateTime: timestamp,
    receivedDateTime: timestamp,
    createdDateTime: accepted.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    lastModifiedDateTime: timestamp,
    isRead: folder === 'sentitems',
    internetMessageHeaders:
      folder === 'sentitems' ? null : [...standardHeaders, ...outgoing.customHeaders],
    // Exchange keeps the attachments on the recipients' copies and the Sent Items copy alike.
    attachments: attachments(),
  });

  const external: string[] = [];
  const undeliverable: string[] = [];
  const delivered = new Set<string>();
  const inboxCopies: MessageData[] = [];
  const addresses = [...outgoing.to, ...outgoing.cc, ...outgoing.bcc].map(
    (recipient) => recipient.emailAddress.address,
  );
  for (const address of new Set(addresses.map((candidate) => candidate.toLowerCase()))) {
    const person = findPersonByAddress(context, address);
    if (person !== undefined) {
      if (!delivered.has(person.id)) inboxCopies.push(copy(person.id, 'inbox'));
      delivered.add(person.id);
      continue;
    }
    const channel = channelByEmail(state.config, address);
    if (channel !== undefined) {
      appendChannelMessage(state, accepted, {
        teamId: channel.teamId,
        channelId: channel.id,
        replyToId: null,
        fromId: outgoing.sender.id,
        fromDisplayName: outgoing.sender.displayName,
        subject: outgoing.subject === '' ? null : outgoing.subject,
        body:
          outgoing.body.contentType === 'html'
            ? outgoing.body
            : { contentType: 'html', content: textToHtml(outgoing.body.content) },
        attachments: [],
        importance: outgoing.importance === 'high' ? 'high' : 'normal',
        via: 'email',
      });
      continue;
    }
    const group = state.directory.groups.find(
      (candidate) =>
        candidate.kind === 'microsoft365' &&
        `${candidate.mailNickname}@${state.config.mailDomain}`.toLowerCase() === address,
    );
    if (group !== undefined) {
      // A Microsoft 365 group's mail reaches the members who follow it in their Inbox: all here.
      for (const memberId of group.memberIds) {
        if (memberId === outgoing.sender.id || delivered.has(memberId)) continue;
        delivered.add(memberId);
        inboxCopies.push(copy(memberId, 'inbox'));
      }
      continue;
    }
    const domain = address.split('@')[1] ?? '';
    if (domain === state.config.mailDomain.toLowerCase()) undeliverable.push(address);
    else external.push(address);
  }

  const record = (recipients: readonly string[]): OutboundMailData => ({
    id: crypto.randomUUID(),
    internetMessageId,
    conversationId: outgoing.conversationId,
    from: from.emailAddress,
    recipients: [...recipients],
    toRecipients: [...outgoing.to],
    ccRecipients: [...outgoing.cc],
    bccRecipients: [...outgoing.bcc],
    subject: outgoing.subject,
    body: outgoing.body,
    internetMessageHeaders: [...outgoing.customHeaders],
    sentDateTime: timestamp,
    attachments: attachments(),
  });
  if (external.length > 0) state.data.mail.outbox.push(record(external));
  if (undeliverable.length > 0) state.data.mail.undeliverable.push(record(undeliverable));
  state.data.mail.sent.push({
    ...record([...new Set(addresses)]),
    senderId: outgoing.sender.id,
    submittedAt: accepted.toISOString(),
    releasedAt: now.toISOString(),
    inReplyTo: outgoing.inReplyTo,
    via: outgoing.via,
    saveToSentItems: outgoing.saveToSentItems,
  });
  scheduleDelivery(state, {
    releaseAtMs: now.getTime(),
    senderCopy: copy(outgoing.sender.id, 'sentitems'),
    saveToSentItems: outgoing.saveToSentItems,
    inboxCopies,
  });
}

/**
 * Exchange Online's sending limit (mail-limits.ts): returns when the message is handed to
 * transport. Over N messages in 60 seconds from one mailbox Exchange holds the message and sends
 * it later (`overLimit: 'queue'`, the default): accepted now, released at the first free slot.
 * With `overLimit: 'throttle'` the send is refused with 429 and Retry-After instead, and nothing
 * is delivered. Graph's throttling answer is 429 with `Retry-After` (Graph throttling guidance;
 * Outlook service limits use the code `ApplicationThrottled`); the message borrows Exchange's
 * SMTP wording for the message rate limit ("Message submission rate for this client has
 * exceeded the configured limit").
 */
function admitSubmission(context: GraphContext, sender: DirectoryPerson): number {
  const { messagesPerMinute: limit, overLimit } = context.state.mailLimits.settings();
  const nowMs = context.now().getTime();
  const sent = context.state.data.mail.sent;
  if (overLimit === 'queue') return submissionReleaseAt(sent, sender.id, nowMs, limit);
  const retryAfter = submissionRetryAfter(sent, sender.id, nowMs, limit);
  if (retryAfter === null) return nowMs;
  throw new GraphError(
    429,
    'ApplicationThrottled',
    `Message submission rate for the mailbox ${sender.mail} has exceeded its send limit of ${String(limit)} messages per minute. Retry after ${String(retryAfter)} seconds.`,
    { 'retry-after': String(retryAfter) },
  );
}

// --- mailbox access ---------------------------------------------------------------------------

function memberOfAny(context: GraphContext, groupIds: readonly string[]): boolean {
  return context.state.directory.groups.some(
    (group) => groupIds.includes(group.id) && group.memberIds.includes(context.caller.id),
  );
}

/**
 * `/me/...` or `/users/{id}/...`: your own mailbox, or a shared one you hold rights on (no
 * delegated access to other people's). Any access to a shared mailbox needs Full Access;
 * sending from it (sendMail, reply) Send As too, else 403 `ErrorSendAsDenied`
 * (https://learn.microsoft.com/en-us/graph/outlook-send-mail-from-other-user). The token's
 * `.Shared` scope is checked before this (route-scopes.ts).
 */
function mailboxOwner(context: GraphContext, params: Params): DirectoryPerson {
  const key = params['user'];
  if (key === undefined) return context.caller;
  const shared = findSharedMailbox(context.state.config, key);
  if (shared !== undefined) {
    if (!memberOfAny(context, shared.fullAccessGroupIds)) {
      throw mailError(
        403,
        'ErrorAccessDenied',
        'Access is denied. Check credentials and try again.',
      );
    }
    const sending = /\/(sendmail|reply)$/i.test(context.url.pathname);
    if (sending && !memberOfAny(context, shared.sendAsGroupIds)) {
      throw mailError(
        403,
        'ErrorSendAsDenied',
        'The user account which was used to submit this request does not have the right to send mail on behalf of the specified sending account. Cannot submit message.',
      );
    }
    return sharedMailboxOwner(shared);
  }
  const user = findPerson(key, context.state.directory);
  if (user === undefined) {
    throw mailError(404, 'ErrorInvalidUser', `The requested user '${key}' is invalid.`);
  }
  if (user.id !== context.caller.id) {
    throw mailError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
  }
  return user;
}

function findMessage(
  context: GraphContext,
  owner: DirectoryPerson,
  id: string | undefined,
): MessageData {
  const message = context.state.data.mail.messages.find(
    (candidate) => candidate.ownerId === owner.id && candidate.id === id,
  );
  if (message === undefined) throw itemNotFound();
  return message;
}

function folderParam(owner: DirectoryPerson, key: string | undefined): MailFolderName {
  const wanted = key ?? '';
  const folder = wellKnownFolders.find(
    (candidate) =>
      candidate.name === wanted.toLowerCase() || folderId(owner.id, candidate.name) === wanted,
  );
  if (folder === undefined) throw itemNotFound();
  return folder.name;
}

// --- serialisation ----------------------------------------------------------------------------

const messageProperties: Readonly<
  Record<string, (message: MessageData, bodyType: BodyContentType | null) => JsonValue>
> = {
  id: (message) => message.id,
  createdDateTime: (message) => message.createdDateTime,
  lastModifiedDateTime: (message) => message.lastModifiedDateTime,
  changeKey: (message) => message.changeKey,
  categories: () => [],
  receivedDateTime: (message) => message.receivedDateTime,
  sentDateTime: (message) => message.sentDateTime,
  hasAttachments: (message) => hasFileAttachments(message.attachments),
  internetMessageId: (message) => message.internetMessageId,
  subject: (message) => message.subject,
  bodyPreview: (message) => bodyPreview(message.body),
  importance: (message) => message.importance,
  parentFolderId: (message) => folderId(message.ownerId, message.folder),
  conversationId: (message) => message.conversationId,
  conversationIndex: (message) => message.conversationIndex,
  isDeliveryReceiptRequested: () => false,
  isReadReceiptRequested: () => false,
  isRead: (message) => message.isRead,
  isDraft: (message) => message.folder === 'drafts',
  webLink: (message) =>
    `https://outlook.office365.com/owa/?ItemID=${encodeURIComponent(message.id)}&exvsurl=1&viewmodel=ReadMessageItem`,
  inferenceClassification: () => 'focused',
  body: (message, bodyType) => bodyAs(message.body, bodyType),
  sender: (message) => message.sender,
  from: (message) => message.from,
  toRecipients: (message) => message.toRecipients,
  ccRecipients: (message) => message.ccRecipients,
  bccRecipients: (message) => message.bccRecipients,
  replyTo: (message) => message.replyTo,
  flag: () => ({ flagStatus: 'notFlagged' }),
};

/** Returned only when selected; and the Sent Items copy has none at all. */
const HEADERS_PROPERTY = 'internetMessageHeaders';
/**
 * Graph: "uniqueBody is not returned by default but can be retrieved for a given message by use
 * of the ?$select=uniqueBody query." It is the part of the body unique to this message: for a
 * reply, its own text without the quoted original; for the first message, the whole body.
 */
const UNIQUE_BODY_PROPERTY = 'uniqueBody';

function parseMessageSelect(raw: string | null): readonly string[] | null {
  if (raw === null || raw.trim() === '') return null;
  return raw.split(',').map((part) => {
    const name = part.trim();
    const known = [...Object.keys(messageProperties), HEADERS_PROPERTY, UNIQUE_BODY_PROPERTY].find(
      (property) => property.toLowerCase() === name.toLowerCase(),
    );
    if (known === undefined) {
      throw mailError(
        400,
        'RequestBroker--ParseUri',
        `Could not find a property named '${name}' on type 'microsoft.graph.message'.`,
      );
    }
    return known;
  });
}

function messageJson(
  message: MessageData,
  select: readonly string[] | null,
  bodyType: BodyContentType | null = null,
): JsonObject {
  const body: Record<string, JsonValue> = { '@odata.etag': `W/"${message.changeKey}"` };
  const names = select ?? Object.keys(messageProperties);
  if (select !== null && !select.includes('id')) body['id'] = message.id;
  for (const name of names) {
    if (name === HEADERS_PROPERTY) {
      if (message.internetMessageHeaders !== null) {
        body[HEADERS_PROPERTY] = message.internetMessageHeaders.map((header) => ({ ...header }));
      }
      continue;
    }
    if (name === UNIQUE_BODY_PROPERTY) {
      body[UNIQUE_BODY_PROPERTY] = bodyAs(message.uniqueBody ?? message.body, bodyType);
      continue;
    }
    const read = messageProperties[name];
    if (read !== undefined) body[name] = read(message, bodyType);
  }
  return body;
}

/**
 * The body type `Prefer: outlook.body-content-type` asks for, and the `Preference-Applied`
 * header Graph answers it with.
 */
function bodyPreference(context: GraphContext): {
  readonly bodyType: BodyContentType | null;
  readonly headers: Readonly<Record<string, string>>;
} {
  const bodyType = preferredBodyType(context.request);
  return {
    bodyType,
    headers:
      bodyType === null ? {} : { 'preference-applied': `outlook.body-content-type="${bodyType}"` },
  };
}

function query(url: URL, name: string): string | null {
  for (const [key, value] of url.searchParams) {
    if (key.toLowerCase() === name) return value;
  }
  return null;
}

const filterable: Readonly<
  Record<
    string,
    {
      readonly read: (message: MessageData) => string | number | boolean;
      readonly kind: 'id' | 'text' | 'date' | 'boolean';
    }
  >
> = {
  conversationid: { read: (message) => message.conversationId, kind: 'id' },
  internetmessageid: { read: (message) => message.internetMessageId, kind: 'id' },
  parentfolderid: { read: (message) => folderId(message.ownerId, message.folder), kind: 'id' },
  subject: { read: (message) => message.subject, kind: 'text' },
  importance: { read: (message) => message.importance, kind: 'text' },
  isread: { read: (message) => message.isRead, kind: 'boolean' },
  receiveddatetime: { read: (message) => Date.parse(message.receivedDateTime), kind: 'date' },
  sentdatetime: { read: (message) => Date.parse(message.sentDateTime), kind: 'date' },
  'from/emailaddress/address': {
    read: (message) => message.from.emailAddress.address,
    kind: 'text',
  },
};

function messageFilter(raw: string | null): ((message: MessageData) => boolean) | null {
  if (raw === null) return null;
  const invalid = (message: string): GraphError =>
    mailError(400, 'BadRequest', `Invalid filter clause: ${message}`);
  const expression = parseODataFilterOr(raw, invalid);
  for (const path of expressionPaths(expression)) {
    if (filterable[path.toLowerCase()] === undefined) {
      throw invalid(`the property '${path}' cannot be used in $filter by the emulator.`);
    }
  }
  return (message) =>
    evaluateExpression(expression, {
      compare(path, literal) {
        const property = filterable[path.toLowerCase()];
        if (property === undefined) return null;
        const value = property.read(message);
        switch (property.kind) {
          case 'id':
            return literal.kind === 'string' ? (value === literal.value ? 0 : 1) : 1;
          case 'text':
            return literal.kind === 'string' ? compareOrdered(String(value), literal.value) : 1;
          case 'boolean':
            return literal.kind === 'boolean' ? compareOrdered(value, literal.value) : 1;
          case 'date': {
            if (literal.kind !== 'datetime' && literal.kind !== 'string') return 1;
            const wanted = Date.parse(literal.value);
            return Number.isNaN(wanted) ? 1 : Math.sign(Number(value) - wanted);
          }
        }
      },
      startsWith(path, prefix) {
        const value = filterable[path.toLowerCase()]?.read(message);
        return typeof value === 'string' && value.toLowerCase().startsWith(prefix.toLowerCase());
      },
    });
}

const orderable: Readonly<Record<string, (message: MessageData) => string>> = {
  receiveddatetime: (message) => message.receivedDateTime,
  sentdatetime: (message) => message.sentDateTime,
  createddatetime: (message) => message.createdDateTime,
  subject: (message) => message.subject,
};

/**
 * Exchange's rule for $filter with $orderby on messages: the sorted properties must come first in
 * the filter, in the same order; otherwise it answers InefficientFilter.
 */
function checkFilterWithOrder(rawFilter: string | null, rawOrder: string | null): void {
  if (rawFilter === null || rawOrder === null || rawOrder.trim() === '') return;
  const paths = expressionPaths(
    parseODataFilterOr(rawFilter, (message) => mailError(400, 'BadRequest', message)),
  ).map((path) => path.toLowerCase());
  const sorted = rawOrder
    .split(',')
    .map((part) => (part.trim().split(/\s+/u)[0] ?? '').toLowerCase());
  if (sorted.some((property, index) => paths[index] !== property)) {
    throw mailError(
      400,
      'InefficientFilter',
      'The restriction or sort order is too complex for this operation.',
    );
  }
}

function messageOrder(raw: string | null): (left: MessageData, right: MessageData) => number {
  const keys = (raw ?? 'receivedDateTime desc').split(',').map((part) => {
    const [name = '', direction = 'asc', ...rest] = part.trim().split(/\s+/u);
    const read = orderable[name.toLowerCase()];
    const order = direction.toLowerCase();
    if (read === undefined || rest.length > 0 || (order !== 'asc' && order !== 'desc')) {
      throw mailError(400, 'BadRequest', `The $orderby clause '${part.trim()}' is not supported.`);
    }
    return { read, descending: order === 'desc' };
  });
  return (left, right) => {
    for (const key of keys) {
      const result = compareOrdered(key.read(left), key.read(right));
      if (result !== 0) return key.descending ? -result : result;
    }
    return 0;
  };
}

function parseCount(raw: string | null, name: string, fallback: number, max: number): number {
  if (raw === null) return fallback;
  const value = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!Number.isInteger(value) || value > max || (name === '$top' && value < 1)) {
    throw mailError(400, 'BadRequest', `Invalid value '${raw}' for ${name}.`);
  }
  return value;
}

function listMessages(
  context: GraphContext,
  owner: DirectoryPerson,
  folder: MailFolderName | null,
): Response {
  for (const name of new Set(context.url.searchParams.keys())) {
    if (
      name.startsWith('$') &&
      !['$select', '$filter', '$orderby', '$top', '$skip', '$count'].includes(name.toLowerCase())
    ) {
      throw mailError(
        400,
        'BadRequest',
        `Query option '${name}' is not supported by the emulator on messages.`,
      );
    }
  }
  const select = parseMessageSelect(query(context.url, '$select'));
  const rawFilter = query(context.url, '$filter');
  const rawOrder = query(context.url, '$orderby');
  checkFilterWithOrder(rawFilter, rawOrder);
  const filter = messageFilter(rawFilter);
  const order = messageOrder(rawOrder);
  const top = parseCount(query(context.url, '$top'), '$top', DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const skip = parseCount(query(context.url, '$skip'), '$skip', 0, Number.MAX_SAFE_INTEGER);
  const count = query(context.url, '$count')?.toLowerCase() === 'true';

  // Newer copies were pushed later: a stable sort keeps that order among equal timestamps, and
  // reversing first makes the newest come first when timestamps tie.
  const matching = context.state.data.mail.messages
    .filter(
      (message) =>
        message.ownerId === owner.id &&
        (folder === null || message.folder === folder) &&
        (filter === null || filter(message)),
    )
    .reverse()
    .sort(order);
  const body: Record<string, JsonValue> = {
    '@odata.context': `${context.graphBase}/$metadata#users('${owner.id}')/${folder === null ? '' : `mailFolders('${folder}')/`}messages${select === null ? '' : `(${select.join(',')})`}`,
  };
  if (count) body['@odata.count'] = matching.length;
  if (skip + top < matching.length) {
    body['@odata.nextLink'] = withQueryOption(context.url, '$skip', String(skip + top));
  }
  const preference = bodyPreference(context);
  body['value'] = matching
    .slice(skip, skip + top)
    .map((message) => messageJson(message, select, preference.bodyType));
  return jsonResponse(context.meta, 200, body, preference.headers);
}

function accepted(context: GraphContext): Response {
  return new Response(null, {
    status: 202,
    headers: {
      'request-id': context.meta.requestId,
      'client-request-id': context.meta.clientRequestId,
    },
  });
}

async function sendMail(context: GraphContext, params: Params): Promise<Response> {
  await checkRequestSize(context.request);
  const sender = mailboxOwner(context, params);
  const input = await readBody(context.request, sendMailInput, invalidBody);
  const message = input.message;
  // Graph reads (deserialises) the attachments with the body, before Exchange checks the rest.
  const attachments = toFileAttachments(message.attachments ?? []);
  const to = toRecipients(context, message.toRecipients);
  const cc = toRecipients(context, message.ccRecipients);
  const bcc = toRecipients(context, message.bccRecipients);
  const total = to.length + cc.length + bcc.length;
  if (total === 0) {
    throw mailError(
      400,
      'ErrorInvalidRecipients',
      "At least one recipient is not valid., A message can't be sent because it contains no recipients.",
    );
  }
  if (total > MAX_RECIPIENTS) {
    throw mailError(
      400,
      'ErrorInvalidRecipients',
      `Too many recipients: a message can have at most ${MAX_RECIPIENTS} (To, Cc and Bcc together); it has ${total}.`,
    );
  }
  const headers = message.internetMessageHeaders ?? [];
  validateHeaders(headers);
  const internetMessageId =
    message.internetMessageId === undefined
      ? null
      : checkInternetMessageId(message.internetMessageId);
  const releaseAtMs = admitSubmission(context, sender);
  deliver(context, {
    releaseAtMs,
    sender,
    internetMessageId,
    subject: message.subject ?? '',
    body: message.body ?? { contentType: 'text', content: '' },
    uniqueBody: null,
    to,
    cc,
    bcc,
    replyTo: toRecipients(context, message.replyTo),
    importance: message.importance ?? 'normal',
    customHeaders: headers,
    conversationId: newConversationId(),
    conversationIndex: standardBase64(crypto.getRandomValues(new Uint8Array(22))),
    inReplyTo: null,
    saveToSentItems: input.saveToSentItems ?? true,
    via: 'sendMail',
    attachments,
  });
  return accepted(context);
}

function quotedOriginal(original: MessageData): string {
  const originalHtml =
    original.body.contentType === 'html'
      ? original.body.content
      : textToHtml(original.body.content);
  const recipients = original.toRecipients
    .map((recipient) => escapeHtml(formatAddress(recipient)))
    .join('; ');
  return `<hr><div><b>Fra:</b> ${escapeHtml(formatAddress(original.from))}<br><b>Sendt:</b> ${escapeHtml(original.sentDateTime)}<br><b>Til:</b> ${recipients}<br><b>Emne:</b> ${escapeHtml(original.subject)}</div>${originalHtml}`;
}

async function reply(context: GraphContext, params: Params): Promise<Response> {
  const owner = mailboxOwner(context, params);
  const original = findMessage(context, owner, params['message']);
  const input = await readBody(context.request, replyInput, invalidBody);
  const ownMessage = original.from.emailAddress.address.toLowerCase() === owner.mail.toLowerCase();
  const defaultTo = ownMessage
    ? original.toRecipients
    : original.replyTo.length > 0
      ? original.replyTo
      : [original.from];
  const to =
    input.message?.toRecipients === undefined
      ? defaultTo
      : toRecipients(context, input.message.toRecipients);
  const subject = /^re:\s/i.test(original.subject) ? original.subject : `RE: ${original.subject}`;
  const comment = input.comment ?? '';
  const cc = toRecipients(context, input.message?.ccRecipients);
  const bcc = toRecipients(context, input.message?.bccRecipients);
  const releaseAtMs = admitSubmission(context, owner);
  const commentHtml = `<div>${escapeHtml(comment).replace(/\r?\n/g, '<br>')}</div>`;
  deliver(context, {
    releaseAtMs,
    sender: owner,
    internetMessageId: null,
    subject,
    body: {
      contentType: 'html',
      content: `<html><body>${commentHtml}${quotedOriginal(original)}</body></html>`,
    },
    // Exchange's uniqueBody of a reply: its own text, without the quoted original.
    uniqueBody: { contentType: 'html', content: `<html><body>${commentHtml}</body></html>` },
    to,
    cc,
    bcc,
    replyTo: [],
    importance: 'normal',
    customHeaders: [],
    conversationId: original.conversationId,
    // A reply extends the conversation index by five bytes, as Exchange does.
    conversationIndex: extendConversationIndex(original.conversationIndex),
    inReplyTo: original.internetMessageId,
    saveToSentItems: true,
    via: 'reply',
    // Graph's reply carries the comment and the quoted original, not its attachments.
    attachments: [],
  });
  return accepted(context);
}

function folderJson(
  context: GraphContext,
  owner: DirectoryPerson,
  folder: (typeof wellKnownFolders)[number],
): JsonObject {
  const messages = context.state.data.mail.messages.filter(
    (message) => message.ownerId === owner.id && message.folder === folder.name,
  );
  return {
    id: folderId(owner.id, folder.name),
    displayName: folder.displayName,
    parentFolderId: `AQMkAD${textToBase64Url(`root:${owner.id}`)}AAAA`,
    childFolderCount: 0,
    unreadItemCount: messages.filter((message) => !message.isRead).length,
    totalItemCount: messages.length,
    sizeInBytes: messages.reduce(
      (size, message) =>
        size +
        message.body.content.length +
        message.attachments.reduce((sum, attachment) => sum + attachment.size, 0),
      0,
    ),
    isHidden: false,
  };
}

/** The same route for `/me/...` and `/users/{id}/...`. */
function both(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  handler: (context: GraphContext, params: Params) => Response | Promise<Response>,
): readonly GraphRoute[] {
  // Exchange's delivery runs on its own; here it catches up with the clock before each request.
  const timed = (context: GraphContext, params: Params) => {
    releaseDueMail(context.state, context.now());
    return handler(context, params);
  };
  return [route(method, `/me${path}`, timed), route(method, `/users/:user${path}`, timed)];
}

export function createMailRoutes(): readonly GraphRoute[] {
  return [
    ...both('POST', '/sendMail', sendMail),
    ...both('GET', '/messages', (context, params) =>
      listMessages(context, mailboxOwner(context, params), null),
    ),
    ...both('GET', '/messages/:message', (context, params) => {
      const owner = mailboxOwner(context, params);
      const message = findMessage(context, owner, params['message']);
      const select = parseMessageSelect(query(context.url, '$select'));
      const preference = bodyPreference(context);
      return jsonResponse(
        context.meta,
        200,
        {
          '@odata.context': `${context.graphBase}/$metadata#users('${owner.id}')/messages${select === null ? '' : `(${select.join(',')})`}/$entity`,
          ...messageJson(message, select, preference.bodyType),
        },
        preference.headers,
      );
    }),
    ...both('PATCH', '/messages/:message', async (context, params) => {
      const owner = mailboxOwner(context, params);
      const message = findMessage(context, owner, params['message']);
      const patch = await readBody(context.request, patchInput, invalidBody);
      if (patch.isRead !== undefined) message.isRead = patch.isRead;
      message.changeKey = newChangeKey();
      message.lastModifiedDateTime = context
        .now()
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z');
      return jsonResponse(context.meta, 200, {
        '@odata.context': `${context.graphBase}/$metadata#users('${owner.id}')/messages/$entity`,
        ...messageJson(message, null),
      });
    }),
    ...both('DELETE', '/messages/:message', (context, params) => {
      const owner = mailboxOwner(context, params);
      const message = findMessage(context, owner, params['message']);
      context.state.data.mail.messages = context.state.data.mail.messages.filter(
        (candidate) => candidate !== message,
      );
      return new Response(null, { status: 204, headers: { 'request-id': context.meta.requestId } });
    }),
    ...both('POST', '/messages/:message/reply', reply),
    ...attachmentRoutes((context, params) => {
      const owner = mailboxOwner(context, params);
      return { owner, message: findMessage(context, owner, params['message']) };
    }).flatMap(({ path, handler }) => both('GET', path, handler)),
    ...both('GET', '/mailFolders', (context, params) => {
      const owner = mailboxOwner(context, params);
      return jsonResponse(context.meta, 200, {
        '@odata.context': `${context.graphBase}/$metadata#users('${owner.id}')/mailFolders`,
        value: wellKnownFolders.map((folder) => folderJson(context, owner, folder)),
      });
    }),
    ...both('GET', '/mailFolders/:folder', (context, params) => {
      const owner = mailboxOwner(context, params);
      const name = folderParam(owner, params['folder']);
      const folder = wellKnownFolders.find((candidate) => candidate.name === name);
      if (folder === undefined) throw itemNotFound();
      return jsonResponse(context.meta, 200, {
        '@odata.context': `${context.graphBase}/$metadata#users('${owner.id}')/mailFolders/$entity`,
        ...folderJson(context, owner, folder),
      });
    }),
    ...both('GET', '/mailFolders/:folder/messages', (context, params) => {
      const owner = mailboxOwner(context, params);
      return listMessages(context, owner, folderParam(owner, params['folder']));
    }),
  ];
}
