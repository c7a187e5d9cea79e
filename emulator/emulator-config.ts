/**
 * What an emulator instance is configured with (as opposed to what it remembers): the tenant,
 * the one SharePoint site and its owners, and the Teams channels. Derived once from the options
 * of `createGraphEmulator` and the directory; never persisted, so changing an option takes
 * effect on the next start.
 */
import { APP_REGISTRATION_SCOPES } from './oauth-scopes.ts';
import {
  DEMO_MAIL_DOMAIN,
  type DirectoryData,
  demoGroupIds,
  demoPersonIds,
} from './directory-data.ts';

/** The demo tenant id (matches VITE_TENANT_ID in /.env). */
export const DEMO_TENANT_ID = '00000000-0000-4000-8000-000000000b0d';

export const DEFAULT_SITE_HOSTNAME = 'bodokommune.sharepoint.example';
export const DEFAULT_SITE_PATH = '/sites/dokumentsenteret';
// Fixed GUIDs, so the site id (and ids stored by clients) stays the same across restarts.
export const DEFAULT_SITE_COLLECTION_ID = 'a20095b0-1dec-4c5a-970f-644d8b4a3236';
export const DEFAULT_WEB_ID = '958168b5-3af2-455b-9e72-464457aad96d';

/** The Dokumentsenteret team (its Microsoft 365 group) and its triage channel. */
export const DOKUMENTSENTERET_TEAM_ID = demoGroupIds.dokumentsenteret;
export const TRIAGE_CHANNEL_ID = '19:demo-triage@thread.tacv2';
export const TRIAGE_CHANNEL_EMAIL = `forespoersler.dokumentsenteret@${DEMO_MAIL_DOMAIN}`;

export interface SiteOptions {
  /** Default `bodokommune.sharepoint.example`. */
  readonly hostname?: string;
  /** Server-relative path, default `/sites/dokumentsenteret`. */
  readonly path?: string;
  readonly siteCollectionId?: string;
  readonly webId?: string;
  /** Default: the last path segment, capitalised (`Dokumentsenteret`). */
  readonly displayName?: string;
  /** Site collection administrators (directory ids); default Håkon Ødegård (D-IKT). */
  readonly ownerIds?: readonly string[];
}

export interface ChannelOptions {
  /** The team's id, which is its Microsoft 365 group's id. */
  readonly teamId: string;
  /** e.g. `19:demo-triage@thread.tacv2` */
  readonly id: string;
  readonly displayName: string;
  readonly description?: string;
  /** The channel's e-mail address; mail to it becomes a channel message. */
  readonly email?: string;
}

export interface SiteConfig {
  readonly hostname: string;
  /** Normalised: leading slash, no trailing slash, e.g. `/sites/dokumentsenteret`. */
  readonly path: string;
  readonly siteCollectionId: string;
  readonly webId: string;
  /** Graph's composite id `hostname,siteCollectionId,webId`. */
  readonly id: string;
  readonly name: string;
  readonly displayName: string;
  /** `https://hostname/sites/...` */
  readonly webUrl: string;
  readonly ownerIds: readonly string[];
}

export interface ChannelConfig {
  readonly teamId: string;
  readonly id: string;
  readonly displayName: string;
  readonly description: string;
  readonly email: string | null;
  readonly membershipType: 'standard';
}

export interface TeamConfig {
  readonly id: string;
  readonly displayName: string;
  readonly description: string;
  readonly channels: readonly ChannelConfig[];
}

/**
 * A shared mailbox (in Exchange a user object without sign-in) and who holds which mailbox
 * permission on it, through group membership. Exchange keeps them apart: **Full Access** opens
 * the mailbox (reading its folders, and sending through `/users/{mailbox}/sendMail`, which saves
 * to its Sent Items), **Send As** lets mail go out as it. Sending through
 * `/users/{mailbox}/sendMail` needs both; Send As alone gives no read ("Send Outlook messages
 * from another user",
 * https://learn.microsoft.com/en-us/graph/outlook-send-mail-from-other-user; "Manage
 * permissions for recipients",
 * https://learn.microsoft.com/en-us/exchange/recipients/mailbox-permissions).
 */
export interface SharedMailboxConfig {
  readonly id: string;
  readonly displayName: string;
  readonly mail: string;
  /** Groups whose members have Full Access. */
  readonly fullAccessGroupIds: readonly string[];
  /** Groups whose members have Send As. */
  readonly sendAsGroupIds: readonly string[];
}

export interface EmulatorConfig {
  readonly tenantId: string;
  /**
   * The delegated Graph scopes of the app registration that signs in through
   * `/_emulator/token`; a token asked for anything else is refused (AADSTS65001).
   */
  readonly appScopes: readonly string[];
  readonly mailDomain: string;
  readonly site: SiteConfig;
  readonly teams: readonly TeamConfig[];
  readonly sharedMailboxes: readonly SharedMailboxConfig[];
}

/** Dokumentsenteret's shared mailbox, which the systemansvarlige may send review mail from. */
export const DOKUMENTSENTERET_MAILBOX: SharedMailboxConfig = {
  id: '5f0c2a9e-7d41-4b8a-9c3e-1a2b3c4d5e6f',
  displayName: 'Dokumentsenteret',
  mail: `dokumentsenteret@${DEMO_MAIL_DOMAIN}`,
  fullAccessGroupIds: [demoGroupIds.systemansvarlig],
  sendAsGroupIds: [demoGroupIds.systemansvarlig],
};

export const defaultChannels: readonly ChannelOptions[] = [
  {
    teamId: DOKUMENTSENTERET_TEAM_ID,
    id: TRIAGE_CHANNEL_ID,
    displayName: 'Forespørsler',
    description: 'Nye forespørsler om tilgang til Elements, til behandling.',
    email: TRIAGE_CHANNEL_EMAIL,
  },
];

function normalisePath(path: string): string {
  const trimmed = path.trim().replace(/\/+$/, '');
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export function createEmulatorConfig(
  directory: DirectoryData,
  options: {
    readonly tenantId?: string;
    readonly appScopes?: readonly string[];
    readonly site?: SiteOptions;
    readonly channels?: readonly ChannelOptions[];
    readonly sharedMailboxes?: readonly SharedMailboxConfig[];
  },
): EmulatorConfig {
  const site = options.site ?? {};
  const hostname = (site.hostname ?? DEFAULT_SITE_HOSTNAME).toLowerCase();
  const path = normalisePath(site.path ?? DEFAULT_SITE_PATH);
  const name =
    path
      .split('/')
      .filter((segment) => segment !== '')
      .pop() ?? hostname;
  const siteCollectionId = (site.siteCollectionId ?? DEFAULT_SITE_COLLECTION_ID).toLowerCase();
  const webId = (site.webId ?? DEFAULT_WEB_ID).toLowerCase();
  const ownerIds = site.ownerIds ?? [demoPersonIds.hakonOdegard];
  for (const ownerId of ownerIds) {
    if (!directory.people.some((person) => person.id === ownerId)) {
      throw new Error(`Site owner '${ownerId}' is not in the emulator's directory.`);
    }
  }

  const channelOptions = options.channels ?? defaultChannels;
  const teams = directory.groups
    .filter((group) => group.kind === 'microsoft365')
    .map((group): TeamConfig => {
      // Every team has a General channel; its id here is made up but stable.
      const general: ChannelConfig = {
        teamId: group.id,
        id: `19:general-${group.mailNickname}@thread.tacv2`,
        displayName: 'General',
        description: group.description,
        email: null,
        membershipType: 'standard',
      };
      const extra = channelOptions
        .filter((channel) => channel.teamId === group.id)
        .map((channel): ChannelConfig => ({
          teamId: group.id,
          id: channel.id,
          displayName: channel.displayName,
          description: channel.description ?? '',
          email: channel.email?.toLowerCase() ?? null,
          membershipType: 'standard',
        }));
      return {
        id: group.id,
        displayName: group.displayName,
        description: group.description,
        channels: [general, ...extra],
      };
    });
  for (const channel of channelOptions) {
    if (!teams.some((team) => team.id === channel.teamId)) {
      throw new Error(
        `Channel '${channel.id}' names team '${channel.teamId}', which is not a Microsoft 365 group in the directory.`,
      );
    }
  }

  return {
    tenantId: options.tenantId ?? DEMO_TENANT_ID,
    appScopes: options.appScopes ?? APP_REGISTRATION_SCOPES,
    mailDomain: DEMO_MAIL_DOMAIN,
    site: {
      hostname,
      path,
      siteCollectionId,
      webId,
      id: `${hostname},${siteCollectionId},${webId}`,
      name,
      displayName: site.displayName ?? capitalise(name),
      webUrl: `https://${hostname}${path}`,
      ownerIds,
    },
    teams,
    sharedMailboxes: (options.sharedMailboxes ?? [DOKUMENTSENTERET_MAILBOX]).map((mailbox) => ({
      ...mailbox,
      id: mailbox.id.toLowerCase(),
      mail: mailbox.mail.toLowerCase(),
    })),
  };
}

/** A shared mailbox by id or address. */
export function findSharedMailbox(
  config: EmulatorConfig,
  key: string,
): SharedMailboxConfig | undefined {
  const wanted = key.toLowerCase();
  return config.sharedMailboxes.find((mailbox) => mailbox.id === wanted || mailbox.mail === wanted);
}

export function findChannel(
  config: EmulatorConfig,
  teamId: string,
  channelId: string,
): { readonly team: TeamConfig; readonly channel: ChannelConfig } | undefined {
  const team = config.teams.find((candidate) => candidate.id === teamId.toLowerCase());
  const channel = team?.channels.find(
    (candidate) => candidate.id.toLowerCase() === channelId.toLowerCase(),
  );
  return team === undefined || channel === undefined ? undefined : { team, channel };
}

export function channelByEmail(config: EmulatorConfig, address: string): ChannelConfig | undefined {
  const key = address.toLowerCase();
  for (const team of config.teams) {
    const channel = team.channels.find((candidate) => candidate.email === key);
    if (channel !== undefined) return channel;
  }
  return undefined;
}
