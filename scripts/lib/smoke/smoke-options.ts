/**
 * The arguments of `npm run smoke`, parsed once with zod: what the run may touch (one site, one
 * test mailbox, optionally one shared mailbox and one channel to read) and how it signs in.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';

export const DEFAULT_BURST = 31;
export const DEFAULT_SENT_ITEMS_TIMEOUT_SECONDS = 120;

const guid = z
  .string()
  .trim()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID');

/** A tenant id (GUID) or one of its verified domains (`bodo.onmicrosoft.com`, `bodo.kommune.no`). */
const tenant = z.union([
  guid,
  z
    .string()
    .trim()
    .regex(/^(?=.{3,253}$)[a-z0-9-]+(\.[a-z0-9-]+)+$/i, 'must be a tenant GUID or domain'),
]);

const httpsUrl = (what: string) =>
  z
    .string()
    .trim()
    .refine((value) => {
      try {
        const url = new URL(value);
        return url.protocol === 'https:' && url.search === '' && url.hash === '';
      } catch {
        return false;
      }
    }, `must be an https URL (${what})`)
    .transform((value) => value.replace(/\/+$/, ''));

const siteUrl = httpsUrl('the test site, e.g. https://bodo.sharepoint.com/sites/et-smoke').refine(
  (value) => new URL(value).pathname.length > 1,
  'must name a site, not the tenant root (e.g. https://bodo.sharepoint.com/sites/et-smoke)',
);

const address = z.string().trim().toLowerCase().pipe(z.email('must be an e-mail address'));

const count = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

export const smokeOptionsSchema = z
  .object({
    tenant,
    clientId: guid,
    site: siteUrl,
    mailbox: address,
    sharedMailbox: address.optional(),
    teamId: guid.optional(),
    channelId: z
      .string()
      .trim()
      .regex(/^19:[^\s/]+@thread\.(tacv2|skype)$/, 'must look like 19:…@thread.tacv2')
      .optional(),
    signIn: z.enum(['device-code', 'browser']),
    burst: count(1, 100),
    sentItemsTimeoutSeconds: count(5, 900),
    graphRoot: httpsUrl('Graph root without version'),
    authorityHost: httpsUrl('Entra sign-in host'),
    dryRun: z.boolean(),
    json: z.boolean(),
  })
  .refine((options) => (options.teamId === undefined) === (options.channelId === undefined), {
    message: '--team-id and --channel-id go together',
    path: ['channelId'],
  });

export type SmokeOptions = z.infer<typeof smokeOptionsSchema>;

export const SMOKE_USAGE = `Usage:
  npm run smoke -- --tenant <id> --client-id <guid> --site <url> --mailbox <address> [--device-code | --browser]
  npm run smoke -- --dry-run [same options]      prints the plan; signs in to nothing, sends nothing

Required:
  --tenant            Entra tenant id (GUID) or domain (TENANT_ID, else VITE_TENANT_ID)
  --client-id         the app registration's client id (VITE_CLIENT_ID); its consented
                      delegated permissions are the scopes the run tests
  --site              a test SharePoint site the signed-in account owns; a temporary list is
                      created there and deleted again
  --mailbox           the test mailbox: the account you sign in as; mails are sent from it to itself
Optional:
  --shared-mailbox    a shared mailbox the account has Full Access and Send As on; read, and sent
                      from once (VITE_REVIEW_MAILBOX)
  --team-id, --channel-id   a channel to read (never written to): the triage channel lookup
  --device-code       sign in with a code on another device (default)
  --browser           sign in with the system browser (loopback redirect http://localhost)
  --burst <n>         mails sent in one minute to find Exchange's limit (default ${DEFAULT_BURST}, 1-100)
  --sent-items-timeout <s>  how long to wait for a Sent Items copy (default ${DEFAULT_SENT_ITEMS_TIMEOUT_SECONDS}, 5-900)
  --graph-root        Graph root without version (default https://graph.microsoft.com)
  --authority-host    sign-in host (default https://login.microsoftonline.com)
  --json              print the result as JSON instead of a table
  --dry-run           print every call the run would make, and stop
Environment (optional, never printed):
  GRAPH_TOKEN         a Graph token of the same account with Sites.Manage.All and Mail.ReadWrite,
                      used only to create and delete the temporary list and delete the test mails
                      (the app's own scopes cannot); obtained as for npm run provision
No secret is used; the token stays in memory and is never printed or written to disk.
See docs/provisioning.md, "Smoke run on a real tenant".`;

/** Why the arguments were refused; the message names every bad option. */
export class SmokeUsageError extends Error {
  override readonly name = 'SmokeUsageError';
}

export type ParsedSmokeArgs =
  | { readonly kind: 'help' }
  | { readonly kind: 'run'; readonly options: SmokeOptions }
  /** A dry run may leave options out: the plan then shows placeholders. */
  | { readonly kind: 'plan'; readonly options: SmokeOptions; readonly placeholders: string[] };

const optionNames: Record<string, string> = {
  tenant: '--tenant',
  clientId: '--client-id',
  site: '--site',
  mailbox: '--mailbox',
  sharedMailbox: '--shared-mailbox',
  teamId: '--team-id',
  channelId: '--channel-id',
  signIn: '--device-code/--browser',
  burst: '--burst',
  sentItemsTimeoutSeconds: '--sent-items-timeout',
  graphRoot: '--graph-root',
  authorityHost: '--authority-host',
};

/** What a dry run shows for a required option that was not given. */
const placeholderValues = {
  tenant: '00000000-0000-0000-0000-000000000000',
  clientId: '00000000-0000-0000-0000-000000000000',
  site: 'https://tenant.sharepoint.com/sites/test-site',
  mailbox: 'test-mailbox@example.org',
} as const;

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const key = String(issue.path[0] ?? '');
      const name = optionNames[key] ?? key;
      return issue.code === 'invalid_type' && issue.input === undefined
        ? `${name} is required`
        : `${name} ${issue.message}`;
    })
    .join('; ');
}

/** Parses argv (and the environment's fallbacks); throws {@link SmokeUsageError}. */
export function parseSmokeArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): ParsedSmokeArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        tenant: { type: 'string' },
        'client-id': { type: 'string' },
        site: { type: 'string' },
        mailbox: { type: 'string' },
        'shared-mailbox': { type: 'string' },
        'team-id': { type: 'string' },
        'channel-id': { type: 'string' },
        'device-code': { type: 'boolean', default: false },
        browser: { type: 'boolean', default: false },
        burst: { type: 'string' },
        'sent-items-timeout': { type: 'string' },
        'graph-root': { type: 'string' },
        'authority-host': { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new SmokeUsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return { kind: 'help' };
  if (values['device-code'] && values.browser) {
    throw new SmokeUsageError('Choose one sign-in: --device-code or --browser, not both.');
  }
  const given = {
    tenant: values.tenant ?? env['TENANT_ID'] ?? env['VITE_TENANT_ID'],
    clientId: values['client-id'] ?? env['VITE_CLIENT_ID'],
    site: values.site,
    mailbox: values.mailbox,
  };
  const sharedMailbox = values['shared-mailbox'] ?? env['VITE_REVIEW_MAILBOX'];
  const dryRun = values['dry-run'];
  const placeholders = dryRun
    ? Object.entries(given)
        .filter(([, value]) => value === undefined || value.trim() === '')
        .map(([key]) => optionNames[key] ?? key)
    : [];
  const input = {
    tenant: given.tenant ?? (dryRun ? placeholderValues.tenant : undefined),
    clientId: given.clientId ?? (dryRun ? placeholderValues.clientId : undefined),
    site: given.site ?? (dryRun ? placeholderValues.site : undefined),
    mailbox: given.mailbox ?? (dryRun ? placeholderValues.mailbox : undefined),
    sharedMailbox: sharedMailbox === '' ? undefined : sharedMailbox,
    teamId: values['team-id'],
    channelId: values['channel-id'],
    signIn: values.browser ? 'browser' : 'device-code',
    burst: values.burst ?? String(DEFAULT_BURST),
    sentItemsTimeoutSeconds:
      values['sent-items-timeout'] ?? String(DEFAULT_SENT_ITEMS_TIMEOUT_SECONDS),
    graphRoot: values['graph-root'] ?? 'https://graph.microsoft.com',
    authorityHost: values['authority-host'] ?? 'https://login.microsoftonline.com',
    dryRun,
    json: values.json,
  };
  const parsed = smokeOptionsSchema.safeParse(input);
  if (!parsed.success) throw new SmokeUsageError(describeIssues(parsed.error));
  return dryRun
    ? { kind: 'plan', options: parsed.data, placeholders }
    : { kind: 'run', options: parsed.data };
}
