/**
 * The delegated permissions each Graph route of the emulator requires, from the permissions
 * table of the route's page in the Microsoft Graph v1.0 reference (`doc`). A token must carry
 * one of `scopes` (least privileged first, then the higher privileged ones the page lists);
 * for `/users/{user}/...` routes about someone other than the caller, one of `forOthers`
 * instead (other people's profiles; a shared or delegated mailbox). A token without one of them
 * gets Graph's 403 for that workload. Every route has an entry: a test fails when one is added
 * without.
 *
 * Where Graph would answer but with less (`Mail.ReadBasic` reads messages without bodies or
 * headers), the emulator refuses instead: the product never asks for those scopes, and a call
 * that needs the full item must not pass here and fail on a tenant.
 */
import type { DirectoryPerson } from './directory-data.ts';
import { GraphError } from './graph-response.ts';
import type { HttpMethod } from './router.ts';

export type PermissionArea = 'directory' | 'sites' | 'mail' | 'teams';

export interface RoutePermission {
  readonly method: HttpMethod;
  readonly pattern: string;
  readonly area: PermissionArea;
  /** Any one suffices when the route is about the caller (or not about a user at all). */
  readonly scopes: readonly string[];
  /** For `/users/{user}/...` when `{user}` is someone else; defaults to `scopes`. */
  readonly forOthers?: readonly string[];
  /** The Graph reference page its permissions come from. */
  readonly doc: string;
}

const api = (page: string): string =>
  `https://learn.microsoft.com/en-us/graph/api/${page}?view=graph-rest-1.0`;

// --- directory --------------------------------------------------------------------------------

const readOthersBasic = [
  'User.ReadBasic.All',
  'User.Read.All',
  'User.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];
const readOthersFull = [
  'User.Read.All',
  'User.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];
const readSelf = ['User.Read', 'User.ReadWrite', ...readOthersBasic];
const readMemberships = [
  'GroupMember.Read.All',
  'Group.Read.All',
  'Directory.Read.All',
  'Group.ReadWrite.All',
  'Directory.ReadWrite.All',
];

/** The `/me/{relationship}` route and its `/users/{user}/{relationship}` twin. */
function meAndUser(
  relationship: string,
  area: PermissionArea,
  method: HttpMethod,
  scopes: readonly string[],
  forOthers: readonly string[],
  doc: string,
): readonly RoutePermission[] {
  const suffix = relationship === '' ? '' : `/${relationship}`;
  return [
    { method, pattern: `/me${suffix}`, area, scopes, doc },
    { method, pattern: `/users/:user${suffix}`, area, scopes, forOthers, doc },
  ];
}

const directory: readonly RoutePermission[] = [
  ...meAndUser('', 'directory', 'GET', readSelf, readOthersBasic, api('user-get')),
  {
    method: 'GET',
    pattern: '/users',
    area: 'directory',
    scopes: readOthersBasic,
    doc: api('user-list'),
  },
  // Someone else's manager is not a basic profile property.
  ...meAndUser('manager', 'directory', 'GET', readSelf, readOthersFull, api('user-list-manager')),
  ...meAndUser(
    'directReports',
    'directory',
    'GET',
    readSelf,
    readOthersBasic,
    api('user-list-directreports'),
  ),
  ...meAndUser(
    'memberOf',
    'directory',
    'GET',
    ['User.Read', ...readMemberships],
    readMemberships,
    api('user-list-memberof'),
  ),
  ...meAndUser(
    'transitiveMemberOf',
    'directory',
    'GET',
    ['User.Read', ...readMemberships],
    readMemberships,
    api('user-list-transitivememberof'),
  ),
  {
    method: 'GET',
    pattern: '/groups/:group/members',
    area: 'directory',
    scopes: readMemberships,
    doc: api('group-list-members'),
  },
  {
    method: 'GET',
    pattern: '/groups/:group/transitiveMembers',
    area: 'directory',
    scopes: ['GroupMember.ReadBasic.All', ...readMemberships],
    doc: api('group-list-transitivemembers'),
  },
];

// --- SharePoint through Graph -----------------------------------------------------------------

const sitesRead = [
  'Sites.Read.All',
  'Sites.ReadWrite.All',
  'Sites.Manage.All',
  'Sites.FullControl.All',
];
const sitesWrite = ['Sites.ReadWrite.All', 'Sites.Manage.All', 'Sites.FullControl.All'];
const sitesManage = ['Sites.Manage.All', 'Sites.FullControl.All'];

function sites(
  method: HttpMethod,
  pattern: string,
  scopes: readonly string[],
  page: string,
): RoutePermission {
  return { method, pattern: `/sites/:site${pattern}`, area: 'sites', scopes, doc: api(page) };
}

const sharePoint: readonly RoutePermission[] = [
  sites('GET', '', sitesRead, 'site-get'),
  sites('GET', '/lists', sitesRead, 'list-list'),
  sites('POST', '/lists', sitesManage, 'list-create'),
  sites('GET', '/lists/:list', sitesRead, 'list-get'),
  sites('DELETE', '/lists/:list', sitesManage, 'list-delete'),
  sites('GET', '/lists/:list/columns', sitesRead, 'list-list-columns'),
  sites('POST', '/lists/:list/columns', sitesManage, 'list-post-columns'),
  sites('GET', '/lists/:list/columns/:column', sitesRead, 'columndefinition-get'),
  sites('PATCH', '/lists/:list/columns/:column', sitesManage, 'columndefinition-update'),
  sites('GET', '/lists/:list/items', sitesRead, 'listitem-list'),
  sites('POST', '/lists/:list/items', sitesWrite, 'listitem-create'),
  sites('GET', '/lists/:list/items/:item', sitesRead, 'listitem-get'),
  sites('DELETE', '/lists/:list/items/:item', sitesWrite, 'listitem-delete'),
  sites('GET', '/lists/:list/items/:item/fields', sitesRead, 'listitem-get'),
  sites('PATCH', '/lists/:list/items/:item/fields', sitesWrite, 'listitem-update'),
];

// --- mail -------------------------------------------------------------------------------------

const mailRead = ['Mail.Read', 'Mail.ReadWrite', 'Mail.Read.Shared', 'Mail.ReadWrite.Shared'];
const mailReadShared = ['Mail.Read.Shared', 'Mail.ReadWrite.Shared'];
const mailWrite = ['Mail.ReadWrite', 'Mail.ReadWrite.Shared'];
const mailWriteShared = ['Mail.ReadWrite.Shared'];
const mailSend = ['Mail.Send', 'Mail.Send.Shared'];
const mailSendShared = ['Mail.Send.Shared'];

function mail(
  method: HttpMethod,
  path: string,
  scopes: readonly string[],
  forOthers: readonly string[],
  page: string,
): readonly RoutePermission[] {
  return meAndUser(path, 'mail', method, scopes, forOthers, api(page));
}

const exchange: readonly RoutePermission[] = [
  ...mail('POST', 'sendMail', mailSend, mailSendShared, 'user-sendmail'),
  ...mail('GET', 'messages', mailRead, mailReadShared, 'user-list-messages'),
  ...mail('GET', 'messages/:message', mailRead, mailReadShared, 'message-get'),
  ...mail('PATCH', 'messages/:message', mailWrite, mailWriteShared, 'message-update'),
  ...mail('DELETE', 'messages/:message', mailWrite, mailWriteShared, 'message-delete'),
  ...mail('POST', 'messages/:message/reply', mailSend, mailSendShared, 'message-reply'),
  ...mail(
    'GET',
    'messages/:message/attachments',
    mailRead,
    mailReadShared,
    'message-list-attachments',
  ),
  ...mail(
    'GET',
    'messages/:message/attachments/:attachment',
    mailRead,
    mailReadShared,
    'attachment-get',
  ),
  ...mail('GET', 'mailFolders', mailRead, mailReadShared, 'user-list-mailfolders'),
  ...mail('GET', 'mailFolders/:folder', mailRead, mailReadShared, 'mailfolder-get'),
  ...mail(
    'GET',
    'mailFolders/:folder/messages',
    mailRead,
    mailReadShared,
    'mailfolder-list-messages',
  ),
];

// --- Teams ------------------------------------------------------------------------------------

const teamRead = [
  'Team.ReadBasic.All',
  'TeamSettings.Read.All',
  'TeamSettings.ReadWrite.All',
  'Group.Read.All',
  'Group.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];
const channelRead = [
  'Channel.ReadBasic.All',
  'ChannelSettings.Read.All',
  'ChannelSettings.ReadWrite.All',
  'Group.Read.All',
  'Group.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];
const channelMessagesRead = ['ChannelMessage.Read.All', 'Group.Read.All', 'Group.ReadWrite.All'];
const channelMessagesSend = ['ChannelMessage.Send', 'Group.ReadWrite.All'];

function teams(
  method: HttpMethod,
  pattern: string,
  scopes: readonly string[],
  page: string,
): RoutePermission {
  return { method, pattern, area: 'teams', scopes, doc: api(page) };
}

const teamsRoutes: readonly RoutePermission[] = [
  teams(
    'GET',
    '/me/joinedTeams',
    ['Team.ReadBasic.All', ...teamRead.slice(1), 'User.Read.All', 'User.ReadWrite.All'],
    'user-list-joinedteams',
  ),
  teams('GET', '/teams/:team', teamRead, 'team-get'),
  teams('GET', '/teams/:team/channels', channelRead, 'channel-list'),
  teams('GET', '/teams/:team/channels/:channel', channelRead, 'channel-get'),
  teams(
    'GET',
    '/teams/:team/channels/:channel/messages',
    channelMessagesRead,
    'channel-list-messages',
  ),
  teams(
    'POST',
    '/teams/:team/channels/:channel/messages',
    channelMessagesSend,
    'channel-post-messages',
  ),
  teams(
    'GET',
    '/teams/:team/channels/:channel/messages/:message',
    channelMessagesRead,
    'chatmessage-get',
  ),
  teams(
    'GET',
    '/teams/:team/channels/:channel/messages/:message/replies',
    channelMessagesRead,
    'chatmessage-list-replies',
  ),
  teams(
    'POST',
    '/teams/:team/channels/:channel/messages/:message/replies',
    channelMessagesSend,
    'chatmessage-post-replies',
  ),
];

export const routePermissions: readonly RoutePermission[] = [
  ...directory,
  ...sharePoint,
  ...exchange,
  ...teamsRoutes,
];

function key(method: string, pattern: string): string {
  return `${method.toUpperCase()} ${pattern.toLowerCase()}`;
}

const byRoute = new Map(routePermissions.map((entry) => [key(entry.method, entry.pattern), entry]));

export function permissionFor(method: string, pattern: string): RoutePermission | undefined {
  return byRoute.get(key(method, pattern));
}

/** Whether `{user}` of a `/users/{user}/...` route names the caller (id, UPN or address). */
export function namesCaller(caller: DirectoryPerson, user: string | undefined): boolean {
  if (user === undefined) return true;
  const wanted = user.toLowerCase();
  return [caller.id, caller.userPrincipalName, caller.mail].some(
    (value) => value.toLowerCase() === wanted,
  );
}

/** The scopes the route needs for this caller and these parameters. */
export function requiredScopes(
  entry: RoutePermission,
  caller: DirectoryPerson,
  params: Readonly<Record<string, string>>,
): readonly string[] {
  if (entry.forOthers === undefined || namesCaller(caller, params['user'])) return entry.scopes;
  return entry.forOthers;
}

/**
 * Graph's answer to a token without the scope a route needs, per workload. Directory: 403
 * `Authorization_RequestDenied` "Insufficient privileges to complete the operation." Mail: 403
 * `ErrorAccessDenied` "Access is denied. Check credentials and try again." SharePoint through
 * Graph: 403 `accessDenied`. Teams: 403 `Forbidden` with "Missing scope permissions on the
 * request. API requires one of '…'." Sources in emulator/README.md ("Scopes").
 */
export function insufficientScope(entry: RoutePermission, needed: readonly string[]): GraphError {
  switch (entry.area) {
    case 'directory':
      return new GraphError(
        403,
        'Authorization_RequestDenied',
        'Insufficient privileges to complete the operation.',
      );
    case 'mail':
      return new GraphError(
        403,
        'ErrorAccessDenied',
        'Access is denied. Check credentials and try again.',
      );
    case 'sites':
      return new GraphError(403, 'accessDenied', 'Access denied');
    case 'teams':
      return new GraphError(
        403,
        'Forbidden',
        `Missing scope permissions on the request. API requires one of '${needed.join(', ')}'. Roles on the request ''. Resource specific consent permissions on the request ''.`,
      );
  }
}

// --- SharePoint REST --------------------------------------------------------------------------

/**
 * SharePoint REST takes a token for the SharePoint resource (`https://<tenant>.sharepoint.com`)
 * with its own delegated permissions: AllSites.Read, AllSites.Write, AllSites.Manage,
 * AllSites.FullControl ("SharePoint delegated permissions",
 * https://learn.microsoft.com/en-us/sharepoint/dev/sp-add-ins/add-in-permissions-in-sharepoint
 * and the permissions an app registration offers under "SharePoint"). Reading needs any of
 * them, adding or changing items Write or more, anything else that changes the site (lists,
 * permissions, role definitions, labels) FullControl, as provisioning asks for. The site's own
 * permission checks come after, as on a tenant.
 */
export function sharePointRestScopes(
  method: string,
  apiSegments: readonly string[],
): readonly string[] {
  const read = ['AllSites.Read', 'AllSites.Write', 'AllSites.Manage', 'AllSites.FullControl'];
  if (method.toUpperCase() === 'GET') return read;
  const path = apiSegments.join('/').toLowerCase();
  const itemWrite =
    /\/items(\(\d+\))?(\/validateupdatelistitem)?$/.test(path) ||
    path.endsWith('/addvalidateupdateitemusingpath') ||
    path.endsWith('/addvalidateupdateitemusingpath()');
  if (itemWrite) return ['AllSites.Write', 'AllSites.Manage', 'AllSites.FullControl'];
  // `contextinfo` only hands out a form digest.
  if (path === 'contextinfo') return read;
  return ['AllSites.FullControl'];
}
