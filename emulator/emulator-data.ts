/**
 * Everything the emulator remembers, as zod schemas: the same schemas type the in-memory state
 * and validate a persisted snapshot when it is loaded (a file edited by hand or written by an
 * older emulator is refused with a clear message instead of half-working).
 */
import { z } from 'zod';
import { bytesToBase64Url } from './base64url.ts';
import type { DirectoryData } from './directory-data.ts';
import type { EmulatorConfig } from './emulator-config.ts';
import { newTokenKey } from './emulator-token.ts';

export const SNAPSHOT_FORMAT = 'elements-tilgang-m365-emulator';
export const SNAPSHOT_VERSION = 1;

const int = z.number().int();

export const columnTypeSchema = z.enum(['text', 'note', 'dateTime', 'number']);
export type ColumnType = z.infer<typeof columnTypeSchema>;

export const columnSchema = z.object({
  id: z.string(),
  name: z.string(),
  displayName: z.string(),
  description: z.string(),
  type: columnTypeSchema,
  required: z.boolean(),
  indexed: z.boolean(),
  enforceUniqueValues: z.boolean(),
  hidden: z.boolean(),
  /** Single-line text only: at most 255 characters, as in SharePoint. */
  maxLength: int.nullable(),
  /** dateTime only: `dateOnly` keeps the date and drops the time. */
  dateOnly: z.boolean(),
  /** Title, which every genericList has; it cannot be deleted or renamed. */
  builtIn: z.boolean(),
});
export type ColumnData = z.infer<typeof columnSchema>;

export const fieldValueSchema = z.union([z.string(), z.number(), z.null()]);
export type FieldValue = z.infer<typeof fieldValueSchema>;

/**
 * A retention label on an item (SharePoint's `_ComplianceTag`), with the restrictions the label
 * had when it was applied: a label that declares records blocks deletion, and may block edits.
 */
export const itemComplianceTagSchema = z.object({
  name: z.string(),
  blockDelete: z.boolean(),
  blockEdit: z.boolean(),
  /** When the label was applied (`_ComplianceTagWrittenTime`). */
  appliedDateTime: z.string(),
});
export type ItemComplianceTagData = z.infer<typeof itemComplianceTagSchema>;

export const listItemSchema = z.object({
  id: int,
  /** The item's GUID; eTags are `"<uniqueId>,<version>"` as in SharePoint. */
  uniqueId: z.string(),
  /**
   * Counts every change (SharePoint's `owshiddenversion`): the eTag's second part. A system
   * update (ValidateUpdateListItem with bNewDocumentUpdate) changes it too.
   */
  version: int,
  /**
   * The major version users see (`_UIVersionString` `n.0`); absent in snapshots of older
   * emulators, where it equals `version`. Not bumped by a system update or when the list's
   * versioning is off.
   */
  uiVersion: int.optional(),
  createdDateTime: z.string(),
  lastModifiedDateTime: z.string(),
  /** Directory ids, stamped from the caller's token. */
  authorId: z.string(),
  editorId: z.string(),
  fields: z.record(z.string(), fieldValueSchema),
  /** The item's retention label, if any (optional in snapshots of older emulators). */
  complianceTag: itemComplianceTagSchema.nullable().default(null),
});
export type ListItemData = z.infer<typeof listItemSchema>;

export const roleAssignmentSchema = z.object({
  principalId: int,
  roleDefinitionIds: z.array(int),
});
export type RoleAssignmentData = z.infer<typeof roleAssignmentSchema>;

/** The list's default retention label (`SetListComplianceTag`), given to items added later. */
export const listComplianceTagSchema = z.object({
  name: z.string(),
  blockDelete: z.boolean(),
  blockEdit: z.boolean(),
  setDateTime: z.string(),
});
export type ListComplianceTagData = z.infer<typeof listComplianceTagSchema>;

export const listSchema = z.object({
  id: z.string(),
  /** The URL name (`Lists/<name>`). */
  name: z.string(),
  /** Graph's displayName; SharePoint REST's Title. */
  displayName: z.string(),
  description: z.string(),
  createdDateTime: z.string(),
  lastModifiedDateTime: z.string(),
  createdById: z.string(),
  version: int,
  columns: z.array(columnSchema),
  items: z.array(listItemSchema),
  nextItemId: int,
  hasUniqueRoleAssignments: z.boolean(),
  roleAssignments: z.array(roleAssignmentSchema),
  readSecurity: z.union([z.literal(1), z.literal(2)]),
  writeSecurity: z.union([z.literal(1), z.literal(2), z.literal(4)]),
  /** SP.List.NoCrawl: kept out of search. Optional in snapshots of older emulators. */
  noCrawl: z.boolean().default(false),
  /** SP.List.EnableVersioning: on by default in SharePoint Online. Optional in older snapshots. */
  enableVersioning: z.boolean().default(true),
  /** The default retention label, or null. Optional in older snapshots. */
  complianceTag: listComplianceTagSchema.nullable().default(null),
});
export type ListData = z.infer<typeof listSchema>;

/** Entries of the site's user information list plus its SharePoint groups. */
export const principalSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('user'),
    id: int,
    personId: z.string(),
    /**
     * What the user information list remembers of the person (Title, EMail, the UPN in the login
     * name) as last seen in the directory, shown once the person has left it. Null in snapshots
     * of older emulators until the person is seen again.
     */
    title: z.string().nullable().default(null),
    email: z.string().nullable().default(null),
    userPrincipalName: z.string().nullable().default(null),
  }),
  /** `c:0-.f|rolemanager|spo-grid-all-users/<tenant>`: "Everyone except external users". */
  z.object({ kind: z.literal('all-staff'), id: int, tenantId: z.string() }),
  /** `c:0t.c|tenant|<group object id>`: an Entra security (or Microsoft 365) group. */
  z.object({ kind: z.literal('entra-group'), id: int, groupId: z.string() }),
  z.object({
    kind: z.literal('site-group'),
    id: int,
    role: z.enum(['owners', 'members', 'visitors']),
    title: z.string(),
    /** Principal ids of members (users, all-staff or Entra groups). */
    memberIds: z.array(int),
  }),
]);
export type PrincipalData = z.infer<typeof principalSchema>;

export const roleDefinitionSchema = z.object({
  id: int,
  name: z.string(),
  description: z.string(),
  /** The 64-bit SP.BasePermissions mask as its two 32-bit halves, in decimal, as SharePoint sends them. */
  high: z.string(),
  low: z.string(),
  roleTypeKind: int,
  order: int,
  hidden: z.boolean(),
});
export type RoleDefinitionData = z.infer<typeof roleDefinitionSchema>;

export const siteDataSchema = z.object({
  hostname: z.string(),
  path: z.string(),
  siteCollectionId: z.string(),
  webId: z.string(),
  createdDateTime: z.string(),
  principals: z.array(principalSchema),
  nextPrincipalId: int,
  roleDefinitions: z.array(roleDefinitionSchema),
  nextRoleDefinitionId: int,
  webRoleAssignments: z.array(roleAssignmentSchema),
  lists: z.array(listSchema),
});
export type SiteData = z.infer<typeof siteDataSchema>;

export const emailAddressSchema = z.object({ name: z.string(), address: z.string() });
export const recipientSchema = z.object({ emailAddress: emailAddressSchema });
export type RecipientData = z.infer<typeof recipientSchema>;
export const headerSchema = z.object({ name: z.string(), value: z.string() });
export type HeaderData = z.infer<typeof headerSchema>;
export const itemBodySchema = z.object({
  contentType: z.enum(['text', 'html']),
  content: z.string(),
});
export type ItemBodyData = z.infer<typeof itemBodySchema>;

/**
 * A file attached to a message: Graph's fileAttachment
 * (https://learn.microsoft.com/graph/api/resources/fileattachment). Each copy of a message has
 * its own attachment ids, as each mailbox's store does. Optional (empty) in a stored snapshot:
 * older emulators kept no attachments.
 */
export const fileAttachmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  contentType: z.string(),
  /** The bytes, in standard base64 (Graph's `Edm.Binary`). */
  contentBytes: z.string(),
  /** The emulator counts the decoded bytes (Exchange adds its own overhead). */
  size: int,
  isInline: z.boolean(),
  contentId: z.string().nullable(),
  lastModifiedDateTime: z.string(),
});
export type FileAttachmentData = z.infer<typeof fileAttachmentSchema>;

/**
 * `drafts` holds a sent message while Exchange's transport has not yet taken it: sendMail saves
 * the message in the sender's Drafts before it answers 202, and transport moves it to Sent Items
 * later ("Overview of the Microsoft Graph send mail process",
 * https://learn.microsoft.com/en-us/graph/outlook-things-to-know-about-send-mail; mail-delivery.ts).
 */
export const mailFolderNameSchema = z.enum(['inbox', 'sentitems', 'drafts']);
export type MailFolderName = z.infer<typeof mailFolderNameSchema>;

export const messageSchema = z.object({
  id: z.string(),
  /** Whose mailbox the copy is in (directory id). */
  ownerId: z.string(),
  folder: mailFolderNameSchema,
  changeKey: z.string(),
  conversationId: z.string(),
  conversationIndex: z.string(),
  internetMessageId: z.string(),
  subject: z.string(),
  body: itemBodySchema,
  /**
   * The part of the body that is new in this message (Graph's `uniqueBody`): for a reply, its
   * own comment without the quoted original; null when it is the whole body. Optional in a
   * stored snapshot (older emulators did not keep it).
   */
  uniqueBody: itemBodySchema.nullable().default(null),
  from: recipientSchema,
  sender: recipientSchema,
  toRecipients: z.array(recipientSchema),
  ccRecipients: z.array(recipientSchema),
  bccRecipients: z.array(recipientSchema),
  replyTo: z.array(recipientSchema),
  importance: z.enum(['low', 'normal', 'high']),
  sentDateTime: z.string(),
  receivedDateTime: z.string(),
  createdDateTime: z.string(),
  lastModifiedDateTime: z.string(),
  isRead: z.boolean(),
  /** null on the sender's Sent Items copy: Exchange does not keep them there. */
  internetMessageHeaders: z.array(headerSchema).nullable(),
  attachments: z.array(fileAttachmentSchema).default([]),
});
export type MessageData = z.infer<typeof messageSchema>;

/** A message that left the tenant (external recipients) or could not be delivered inside it. */
export const outboundMailSchema = z.object({
  id: z.string(),
  internetMessageId: z.string(),
  conversationId: z.string(),
  from: emailAddressSchema,
  /** The addresses this record is about (external, or unknown inside the tenant). */
  recipients: z.array(z.string()),
  toRecipients: z.array(recipientSchema),
  ccRecipients: z.array(recipientSchema),
  bccRecipients: z.array(recipientSchema),
  subject: z.string(),
  body: itemBodySchema,
  internetMessageHeaders: z.array(headerSchema),
  sentDateTime: z.string(),
  /** The message's file attachments (optional in snapshots of older emulators). */
  attachments: z.array(fileAttachmentSchema).default([]),
});
export type OutboundMailData = z.infer<typeof outboundMailSchema>;

/**
 * A send the emulator accepted (`sendMail` or a reply), whoever it reached: the record tests read
 * to prove a message went out once (`GET /_emulator/mail/sent`), and what Exchange's per-minute
 * sending limit is counted over. `recipients` are all distinct addresses (To, Cc, Bcc).
 */
export const sentMailSchema = outboundMailSchema.extend({
  /** The sending mailbox (directory id). */
  senderId: z.string(),
  /** When the emulator accepted it, ISO with milliseconds (`sentDateTime` has whole seconds). */
  submittedAt: z.string(),
  /** For a reply: the original's internetMessageId. */
  inReplyTo: z.string().nullable(),
  via: z.enum(['sendMail', 'reply']),
  saveToSentItems: z.boolean(),
  /**
   * When Exchange's submission queue handed it to transport (ISO with ms): `submittedAt`, or
   * later when the mailbox was over its per-minute rate (mail-limits.ts). Optional in snapshots
   * of older emulators (then `submittedAt`).
   */
  releasedAt: z.string().optional(),
});
export type SentMailData = z.infer<typeof sentMailSchema>;

/**
 * A step of Exchange's delivery still to come (mail-delivery.ts): a recipient's copy that lands in
 * their Inbox at `visibleAt`, or the sender's copy that leaves Drafts for Sent Items (or is
 * deleted, without `saveToSentItems`) at `visibleAt`.
 */
export const pendingDeliverySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('inbox'), visibleAt: z.string(), message: messageSchema }),
  z.object({
    kind: z.literal('sent-items'),
    visibleAt: z.string(),
    /** The id of the sender's copy in Drafts. */
    messageId: z.string(),
    keep: z.boolean(),
  }),
]);
export type PendingDeliveryData = z.infer<typeof pendingDeliverySchema>;

export const chatAttachmentSchema = z.object({
  id: z.string(),
  contentType: z.string(),
  contentUrl: z.string().nullable(),
  content: z.string().nullable(),
  name: z.string().nullable(),
  thumbnailUrl: z.string().nullable(),
});
export type ChatAttachmentData = z.infer<typeof chatAttachmentSchema>;

export const channelMessageSchema = z.object({
  id: z.string(),
  teamId: z.string(),
  channelId: z.string(),
  replyToId: z.string().nullable(),
  createdDateTime: z.string(),
  lastModifiedDateTime: z.string(),
  /** The author: a directory id when known, with the name shown. */
  fromId: z.string().nullable(),
  fromDisplayName: z.string(),
  subject: z.string().nullable(),
  body: itemBodySchema,
  attachments: z.array(chatAttachmentSchema),
  importance: z.enum(['normal', 'high', 'urgent']),
  /** `email`: posted by mail to the channel's address. */
  via: z.enum(['graph', 'email']),
});
export type ChannelMessageData = z.infer<typeof channelMessageSchema>;

export const directoryPersonSchema = z.object({
  id: z.string(),
  givenName: z.string(),
  surname: z.string(),
  displayName: z.string(),
  jobTitle: z.string(),
  department: z.string(),
  officeLocation: z.string(),
  mail: z.string(),
  userPrincipalName: z.string(),
  managerId: z.string().nullable(),
  accountEnabled: z.boolean().default(true),
});

export const directoryGroupSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  description: z.string(),
  kind: z.enum(['security', 'microsoft365']),
  mailNickname: z.string(),
  createdDateTime: z.string(),
  memberIds: z.array(z.string()),
  ownerIds: z.array(z.string()),
});

/** The directory as changed at run time (`emulator.directory`, `POST /_emulator/directory`). */
export const directoryStateSchema = z.object({
  people: z.array(directoryPersonSchema),
  groups: z.array(directoryGroupSchema),
});
export type DirectoryStateData = z.infer<typeof directoryStateSchema>;

export const emulatorDataSchema = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  version: z.literal(SNAPSHOT_VERSION),
  /** The token signing key (base64url), so tokens survive a restart of a persisted emulator. */
  tokenKey: z.string(),
  site: siteDataSchema,
  /**
   * The directory once something changed it; null while it is the configured one (the demo
   * directory by default), so a changed demo directory still shows until the first change.
   * Optional in snapshots of older emulators.
   */
  directory: directoryStateSchema.nullable().default(null),
  mail: z.object({
    messages: z.array(messageSchema),
    outbox: z.array(outboundMailSchema),
    undeliverable: z.array(outboundMailSchema),
    /** Every accepted send, oldest first (optional in snapshots of older emulators). */
    sent: z.array(sentMailSchema).default([]),
    /** Copies accepted but not yet in their mailboxes (mail-delivery.ts); optional in old snapshots. */
    pending: z.array(pendingDeliverySchema).default([]),
  }),
  teams: z.object({
    messages: z.array(channelMessageSchema),
    /** The last chatMessage id handed out (ids are millisecond timestamps, kept increasing). */
    lastMessageId: int,
  }),
});
export type EmulatorData = z.infer<typeof emulatorDataSchema>;

// SharePoint's built-in role definitions with their real ids and masks.
export const FULL_CONTROL_ID = 1073741829;
export const builtInRoleDefinitions: readonly RoleDefinitionData[] = [
  {
    id: FULL_CONTROL_ID,
    name: 'Full Control',
    description: 'Has full control.',
    high: '2147483647',
    low: '4294967295',
    roleTypeKind: 5,
    order: 1,
    hidden: false,
  },
  {
    id: 1073741828,
    name: 'Design',
    description: 'Can view, add, update, delete, approve, and customize.',
    high: '432',
    low: '1012866047',
    roleTypeKind: 4,
    order: 32,
    hidden: false,
  },
  {
    id: 1073741830,
    name: 'Edit',
    description:
      'Can add, edit and delete lists; can view, add, update and delete list items and documents.',
    high: '432',
    low: '1011030767',
    roleTypeKind: 6,
    order: 48,
    hidden: false,
  },
  {
    id: 1073741827,
    name: 'Contribute',
    description: 'Can view, add, update, and delete list items and documents.',
    high: '432',
    low: '1011028719',
    roleTypeKind: 3,
    order: 64,
    hidden: false,
  },
  {
    id: 1073741826,
    name: 'Read',
    description: 'Can view pages and list items and download documents.',
    high: '176',
    low: '138612833',
    roleTypeKind: 2,
    order: 128,
    hidden: false,
  },
  {
    id: 1073741825,
    name: 'Limited Access',
    description:
      'Can view specific lists, document libraries, list items, folders, or documents when given permissions.',
    high: '48',
    low: '134287360',
    roleTypeKind: 1,
    order: 160,
    hidden: true,
  },
];
export const CONTRIBUTE_ID = 1073741827;
export const READ_ID = 1073741826;
/** Where SharePoint starts numbering custom role definitions. */
const FIRST_CUSTOM_ROLE_DEFINITION_ID = 1073741924;

// Principal ids as on a new team site: Owners 3, Visitors 4, Members 5; users after that.
export const OWNERS_GROUP_ID = 3;
export const VISITORS_GROUP_ID = 4;
export const MEMBERS_GROUP_ID = 5;
export const ALL_STAFF_PRINCIPAL_ID = 6;

/** A new, empty emulator: the site with its groups and default permissions, no lists, no mail. */
export function createFreshData(
  config: EmulatorConfig,
  now: Date,
  directory: DirectoryData,
): EmulatorData {
  const site = config.site;
  const owners = site.ownerIds.map((personId, index) => {
    const person = directory.people.find((candidate) => candidate.id === personId);
    return {
      kind: 'user' as const,
      id: ALL_STAFF_PRINCIPAL_ID + 1 + index,
      personId,
      title: person?.displayName ?? null,
      email: person?.mail ?? null,
      userPrincipalName: person?.userPrincipalName ?? null,
    };
  });
  const principals: PrincipalData[] = [
    {
      kind: 'site-group',
      id: OWNERS_GROUP_ID,
      role: 'owners',
      title: `${site.displayName} Owners`,
      memberIds: owners.map((owner) => owner.id),
    },
    {
      kind: 'site-group',
      id: VISITORS_GROUP_ID,
      role: 'visitors',
      title: `${site.displayName} Visitors`,
      memberIds: [],
    },
    // The emulator's choice: every member of staff is a site member (see README).
    {
      kind: 'site-group',
      id: MEMBERS_GROUP_ID,
      role: 'members',
      title: `${site.displayName} Members`,
      memberIds: [ALL_STAFF_PRINCIPAL_ID],
    },
    { kind: 'all-staff', id: ALL_STAFF_PRINCIPAL_ID, tenantId: config.tenantId },
    ...owners,
  ];
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    tokenKey: bytesToBase64Url(newTokenKey()),
    site: {
      hostname: site.hostname,
      path: site.path,
      siteCollectionId: site.siteCollectionId,
      webId: site.webId,
      createdDateTime: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      principals,
      nextPrincipalId: ALL_STAFF_PRINCIPAL_ID + 1 + owners.length,
      roleDefinitions: builtInRoleDefinitions.map((definition) => ({ ...definition })),
      nextRoleDefinitionId: FIRST_CUSTOM_ROLE_DEFINITION_ID,
      webRoleAssignments: [
        { principalId: OWNERS_GROUP_ID, roleDefinitionIds: [FULL_CONTROL_ID] },
        { principalId: VISITORS_GROUP_ID, roleDefinitionIds: [READ_ID] },
        { principalId: MEMBERS_GROUP_ID, roleDefinitionIds: [CONTRIBUTE_ID] },
      ],
      lists: [],
    },
    directory: null,
    mail: { messages: [], outbox: [], undeliverable: [], sent: [], pending: [] },
    teams: { messages: [], lastMessageId: 0 },
  };
}

export type SnapshotResult =
  | { readonly ok: true; readonly data: EmulatorData }
  | { readonly ok: false; readonly reason: string };

/** Parses a stored snapshot and checks it belongs to the configured site. */
export function parseSnapshot(text: string, config: EmulatorConfig): SnapshotResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'the stored state is not valid JSON' };
  }
  const parsed = emulatorDataSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined ? '' : ` at ${issue.path.map(String).join('.')}`;
    return {
      ok: false,
      reason: `the stored state does not match this emulator's format${where}: ${issue?.message ?? 'invalid'}`,
    };
  }
  const site = parsed.data.site;
  if (site.hostname !== config.site.hostname || site.path !== config.site.path) {
    return {
      ok: false,
      reason: `the stored state is for the site ${site.hostname}${site.path}, not ${config.site.hostname}${config.site.path}`,
    };
  }
  return { ok: true, data: parsed.data };
}
