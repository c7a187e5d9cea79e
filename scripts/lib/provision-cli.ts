/**
 * `npm run provision -- …`: argument and environment handling, kept apart
 * from scripts/provision.ts so tests can run it with their own fetch and
 * output. Tokens are read from the environment and never printed.
 */
import { parseArgs } from 'node:util';
import type { FetchLike } from '../../src/m365/http-pipeline.ts';
import {
  buildPlan,
  formatPlan,
  ProvisionConfigError,
  type ProvisionOptions,
} from './provision-plan.ts';
import { provision, type ProvisionAction } from './provision-run.ts';

export const USAGE = `Usage:
  npm run provision -- --dry-run [--site <url>] [--tenant-id <guid>] [--systemansvarlig-group <guid>] [--arkivleder-group <guid>]
  npm run provision -- --site <url> --tenant-id <guid> --systemansvarlig-group <guid> --arkivleder-group <guid>

Options (or environment variables):
  --site                    SharePoint site URL (VITE_SHAREPOINT_SITE), e.g. https://bodo.sharepoint.com/sites/dokumentsenteret
  --tenant-id               Entra tenant id (TENANT_ID, else VITE_TENANT_ID): names "Everyone except external users"
  --systemansvarlig-group   object id of the Systemansvarlig Entra group (SYSTEMANSVARLIG_GROUP_ID)
  --arkivleder-group        object id of the Arkivleder Entra group (ARKIVLEDER_GROUP_ID)
  --retention-label         a Purview retention label that declares items records, applied to every
                            list (LEDGER_RETENTION_LABEL); made and published by a compliance admin
  --skip-migration          do not copy version 1's events to the lists of decision 014 (they then
                            show as "not migrated" until a run without this flag)
  --graph-root              Graph root without version (default https://graph.microsoft.com)
  --dry-run                 print the plan and stop; touches no network

Tokens (environment only, never printed):
  GRAPH_TOKEN       Microsoft Graph, with Sites.Manage.All or Sites.FullControl.All; for the
                    migration also User.Read.All and GroupMember.Read.All
  SHAREPOINT_TOKEN  SharePoint (audience https://<tenant>.sharepoint.com), of a site owner
See docs/provisioning.md for how an administrator obtains them.`;

export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

const symbols: Record<ProvisionAction['outcome'], string> = {
  created: '+',
  updated: '~',
  unchanged: '=',
  warning: '!',
};

function staticToken(token: string) {
  return { getAccessToken: () => Promise.resolve(token) };
}

/** Runs the command; returns the process exit code. */
export async function runProvisionCli(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: CliIo,
  fetchFn: FetchLike = (request) => fetch(request),
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        site: { type: 'string' },
        'tenant-id': { type: 'string' },
        'systemansvarlig-group': { type: 'string' },
        'arkivleder-group': { type: 'string' },
        'retention-label': { type: 'string' },
        'skip-migration': { type: 'boolean', default: false },
        'graph-root': { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    io.err(error instanceof Error ? error.message : String(error));
    io.err(USAGE);
    return 2;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const dryRun = values['dry-run'];
  const given = {
    siteUrl: values.site ?? env['VITE_SHAREPOINT_SITE'],
    tenantId: values['tenant-id'] ?? env['TENANT_ID'] ?? env['VITE_TENANT_ID'],
    systemansvarlig: values['systemansvarlig-group'] ?? env['SYSTEMANSVARLIG_GROUP_ID'],
    arkivleder: values['arkivleder-group'] ?? env['ARKIVLEDER_GROUP_ID'],
  };
  const retentionLabel = values['retention-label'] ?? env['LEDGER_RETENTION_LABEL'];
  const options: ProvisionOptions = {
    siteUrl: given.siteUrl ?? '<site-url>',
    tenantId: given.tenantId ?? '<tenant-id>',
    groups: {
      systemansvarlig: given.systemansvarlig ?? '<systemansvarlig-group-id>',
      arkivleder: given.arkivleder ?? '<arkivleder-group-id>',
    },
    ...(retentionLabel === undefined ? {} : { retentionLabel }),
  };
  const complete = Object.values(given).every((value) => value !== undefined);

  try {
    if (dryRun) {
      io.out(formatPlan(buildPlan(options, { validate: complete })));
      if (!complete) {
        io.out(
          '\n(Values in <angle brackets> are placeholders: pass the options to see them filled in.)',
        );
      }
      io.out('\nDry run: nothing was sent anywhere.');
      return 0;
    }
    const missing = [
      ...(given.siteUrl === undefined ? ['--site'] : []),
      ...(given.tenantId === undefined ? ['--tenant-id'] : []),
      ...(given.systemansvarlig === undefined ? ['--systemansvarlig-group'] : []),
      ...(given.arkivleder === undefined ? ['--arkivleder-group'] : []),
      ...(env['GRAPH_TOKEN'] ? [] : ['GRAPH_TOKEN']),
      ...(env['SHAREPOINT_TOKEN'] ? [] : ['SHAREPOINT_TOKEN']),
    ];
    if (missing.length > 0) {
      io.err(`Missing: ${missing.join(', ')}.`);
      io.err(USAGE);
      return 2;
    }
    const plan = buildPlan(options);
    io.out(`Provisioning ${plan.site.url} …`);
    const result = await provision(
      plan,
      {
        fetch: fetchFn,
        graphRoot: values['graph-root'] ?? 'https://graph.microsoft.com',
        graphToken: staticToken(env['GRAPH_TOKEN'] ?? ''),
        sharePointToken: staticToken(env['SHAREPOINT_TOKEN'] ?? ''),
        migrate: values['skip-migration'] !== true,
      },
      (action) => io.out(`${symbols[action.outcome]} ${action.what}`),
    );
    const count = (outcome: ProvisionAction['outcome']) =>
      result.actions.filter((action) => action.outcome === outcome).length;
    io.out(
      `\nDone: ${count('created')} created, ${count('updated')} updated, ${count('unchanged')} unchanged, ${count('warning')} warnings.`,
    );
    io.out(
      result.migrated === null
        ? 'Version 1 ledger: not migrated (--skip-migration).'
        : `Version 1 ledger: migrated ${result.migrated.events} events, ${result.migrated.texts} texts.`,
    );
    for (const [name, id] of Object.entries(result.listIds)) io.out(`List ${name}: ${id}`);
    return count('warning') > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof ProvisionConfigError) {
      io.err(error.message);
      return 2;
    }
    io.err(`Provisioning stopped: ${error instanceof Error ? error.message : String(error)}`);
    io.err('Nothing is rolled back; fix the cause and run it again (it is safe to repeat).');
    return 1;
  }
}
