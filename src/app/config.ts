import { z } from 'zod';

// Zod compiles object parsers with `new Function` unless told not to; the pages'
// Content-Security-Policy allows no eval, and even Zod's probe for it is reported as a
// violation (decision 015). Every page imports this module; the setting holds for each
// schema built after it is evaluated.
z.config({ jitless: true });

/**
 * Start-up configuration, read from Vite's `VITE_` variables (see `.env.example`).
 * Parsed once, at start-up, so a missing or bad value is reported by name before
 * any user action can run into it.
 */

const guid = z
  .string({ error: 'is missing' })
  .trim()
  .regex(
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
    'must be a GUID such as 00000000-0000-0000-0000-000000000000',
  );

const httpsUrl = z
  .string({ error: 'is missing' })
  .trim()
  .refine(
    (value) => URL.canParse(value) && new URL(value).protocol === 'https:',
    'must be an absolute https:// URL',
  );

/** An absolute http(s) URL, or a path on this origin such as `/graph`. */
const urlOrPath = z
  .string({ error: 'is missing' })
  .trim()
  .refine(
    (value) =>
      /^\/[^/]/.test(value) ||
      (URL.canParse(value) && ['https:', 'http:'].includes(new URL(value).protocol)),
    'must be an absolute http(s) URL or a path starting with /',
  );

const rawConfigSchema = z.object({
  VITE_TENANT_ID: guid,
  VITE_CLIENT_ID: guid,
  VITE_GRAPH_BASE_URL: urlOrPath.refine(
    (value) => !/\/(v1\.0|beta)\/?$/i.test(value),
    'must not include the Graph version (use https://graph.microsoft.com, not …/v1.0)',
  ),
  VITE_SHAREPOINT_SITE: httpsUrl,
  VITE_TRIAGE_TEAM_ID: guid,
  VITE_TRIAGE_CHANNEL_ID: z
    .string({ error: 'is missing' })
    .trim()
    .regex(
      /^19:[^\s@]+@thread\.(tacv2|skype)$/,
      'must be a Teams channel id such as 19:abc123@thread.tacv2',
    ),
  VITE_TRIAGE_CHANNEL_ADDRESS: z
    .string({ error: 'is missing' })
    .trim()
    .pipe(z.email({ error: "must be the channel's e-mail address" })),
  VITE_SYSTEMANSVARLIG_GROUP_ID: guid,
  VITE_ARKIVLEDER_GROUP_ID: guid,
  VITE_TEAMS_APP_ID: guid,
  VITE_ATEA_ORDER_ADDRESS: z
    .string({ error: 'is missing' })
    .trim()
    .pipe(z.email({ error: 'must be an e-mail address' })),
  VITE_OFFICE_JS_URL: urlOrPath,
  /** Optional: a shared mailbox review e-mails are sent from (empty: the sender's own). */
  VITE_REVIEW_MAILBOX: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value === '' ? undefined : value))
    .pipe(z.email({ error: 'must be an e-mail address or empty' }).optional()),
  /** Optional: review e-mails per minute (default 30, Exchange Online's limit per mailbox). */
  VITE_REVIEW_MAILS_PER_MINUTE: z
    .string()
    .trim()
    .optional()
    .transform((value) => Number(value === undefined || value === '' ? '30' : value))
    .pipe(
      z
        .number('must be a number')
        .int('must be a whole number')
        .min(1, 'must be at least 1')
        .max(600, 'must be at most 600'),
    ),
  /**
   * Optional: seconds a review mail whose answer was lost counts as possibly still in flight
   * before it may be proven lost (default 120; decision 012). The e2e build shortens it.
   */
  VITE_REVIEW_IN_FLIGHT_SECONDS: z
    .string()
    .trim()
    .optional()
    .transform((value) => Number(value === undefined || value === '' ? '120' : value))
    .pipe(
      z
        .number('must be a number')
        .int('must be a whole number')
        .min(1, 'must be at least 1')
        .max(3600, 'must be at most 3600'),
    ),
});

export const configVariableNames = Object.keys(rawConfigSchema.shape);

export interface AppConfig {
  tenantId: string;
  clientId: string;
  /** Graph root without version, e.g. `https://graph.microsoft.com` or `/graph`. */
  graphBaseUrl: string;
  sharePointSite: string;
  triageTeamId: string;
  triageChannelId: string;
  /** The triage channel's e-mail address: the notification route open to every requester. */
  triageChannelAddress: string;
  /** Entra groups the routine's roles map to. */
  groups: { systemansvarlig: string; arkivleder: string };
  /** The Teams app id (manifest id), for deep links to a request. */
  teamsAppId: string;
  ateaOrderAddress: string;
  officeJsUrl: string;
  /** Review campaigns: the shared mailbox to send from (undefined: the sender's own). */
  reviewMailbox: string | undefined;
  /** Review e-mails per minute; 30 keeps under Exchange Online's limit. */
  reviewMailsPerMinute: number;
  reviewInFlightSeconds: number;
}

/** Thrown when configuration is missing or bad; `problems` name each variable. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses configuration from an env record (Vite's `import.meta.env` or `loadEnv`). */
export function parseConfig(env: Readonly<Record<string, unknown>>): AppConfig {
  const result = rawConfigSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`),
    );
  }
  const raw = result.data;
  return {
    tenantId: raw.VITE_TENANT_ID,
    clientId: raw.VITE_CLIENT_ID,
    graphBaseUrl: raw.VITE_GRAPH_BASE_URL.replace(/\/+$/, ''),
    sharePointSite: raw.VITE_SHAREPOINT_SITE,
    triageTeamId: raw.VITE_TRIAGE_TEAM_ID,
    triageChannelId: raw.VITE_TRIAGE_CHANNEL_ID,
    triageChannelAddress: raw.VITE_TRIAGE_CHANNEL_ADDRESS,
    groups: {
      systemansvarlig: raw.VITE_SYSTEMANSVARLIG_GROUP_ID,
      arkivleder: raw.VITE_ARKIVLEDER_GROUP_ID,
    },
    teamsAppId: raw.VITE_TEAMS_APP_ID,
    ateaOrderAddress: raw.VITE_ATEA_ORDER_ADDRESS,
    officeJsUrl: raw.VITE_OFFICE_JS_URL,
    reviewMailbox: raw.VITE_REVIEW_MAILBOX,
    reviewMailsPerMinute: raw.VITE_REVIEW_MAILS_PER_MINUTE,
    reviewInFlightSeconds: raw.VITE_REVIEW_IN_FLIGHT_SECONDS,
  };
}
