/**
 * What provisioning creates on the Dokumentsenteret site, derived from
 * src/m365/ledger-schema.ts only: pure, so `--dry-run` prints it without any
 * network, and the runner (provision-run.ts) executes exactly this plan.
 */
import {
  ledgerLists,
  listSettings,
  permissionKinds,
  permissionLevels,
  type LedgerColumn,
  type LedgerPrincipal,
  type PermissionKind,
} from '../../src/m365/ledger-schema.ts';

/** The built-in permission level site owners get on the ledger lists. */
export const FULL_CONTROL = 'Full Control';

export interface ProvisionOptions {
  /** `https://<tenant>.sharepoint.com/sites/<site>` */
  readonly siteUrl: string;
  /** Entra tenant id: "Everyone except external users" is named by it. */
  readonly tenantId: string;
  /** Object ids of the Entra security groups. */
  readonly groups: { readonly systemansvarlig: string; readonly arkivleder: string };
  /**
   * A Purview retention label that declares items records, made and published
   * to the site by a compliance administrator: applied to every ledger list so
   * that nobody, site owners included, edits or deletes an event.
   */
  readonly retentionLabel?: string;
}

/** SP.BasePermissions: 64 bits as two unsigned 32-bit halves in decimal, as SharePoint REST sends them. */
export interface BasePermissions {
  readonly High: string;
  readonly Low: string;
}

export interface PlannedLevel {
  readonly name: string;
  readonly description: string;
  readonly permissions: readonly PermissionKind[];
  readonly basePermissions: BasePermissions;
}

export interface PlannedPrincipal {
  readonly key: string;
  /** How the plan names it to an administrator. */
  readonly description: string;
  /** The claim SharePoint's `ensureuser` resolves; null for the site's own owners group. */
  readonly loginName: string | null;
}

export interface PlannedAssignment {
  readonly principal: PlannedPrincipal;
  readonly level: string;
}

export interface PlannedList {
  readonly name: string;
  readonly displayName: string;
  readonly description: string;
  readonly columns: readonly LedgerColumn[];
  /** Indexed columns (unique ones included): the only ones `$filter` may use. */
  readonly indexes: readonly string[];
  readonly readSecurity: 1 | 2;
  readonly writeSecurity: 1 | 2 | 4;
  readonly roleAssignments: readonly PlannedAssignment[];
  /** What an earlier plan gave and this one takes back (removed, and only these). */
  readonly revokedAssignments: readonly PlannedAssignment[];
  /** Kept out of SharePoint, Microsoft 365 and Copilot search. */
  readonly noCrawl: boolean;
  readonly enableVersioning: boolean;
}

export interface ProvisionPlan {
  readonly site: { readonly url: string; readonly hostname: string; readonly path: string };
  readonly permissionLevels: readonly PlannedLevel[];
  readonly lists: readonly PlannedList[];
  /** Applied to every list as its default label (items become records); null: none. */
  readonly retentionLabel: string | null;
}

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class ProvisionConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProvisionConfigError';
  }
}

/** The two 32-bit halves of the permission mask: kind k sets bit k-1, as SP.BasePermissions.set does. */
export function basePermissionsOf(kinds: readonly PermissionKind[]): BasePermissions {
  let mask = 0n;
  for (const kind of kinds) mask |= 1n << BigInt(permissionKinds[kind] - 1);
  return {
    High: ((mask >> 32n) & 0xffffffffn).toString(),
    Low: (mask & 0xffffffffn).toString(),
  };
}

function principalFor(principal: LedgerPrincipal, options: ProvisionOptions): PlannedPrincipal {
  switch (principal.kind) {
    case 'all-staff':
      return {
        key: 'all-staff',
        description: 'Everyone except external users (all staff in the tenant)',
        loginName: `c:0-.f|rolemanager|spo-grid-all-users/${options.tenantId}`,
      };
    case 'entra-group': {
      const id = options.groups[principal.group];
      return {
        key: `group:${principal.group}`,
        description: `Entra group ${principal.group === 'systemansvarlig' ? 'Systemansvarlig' : 'Arkivleder'} (${id})`,
        loginName: `c:0t.c|tenant|${id}`,
      };
    }
    case 'site-owners':
      return { key: 'site-owners', description: "The site's owners group", loginName: null };
  }
}

function siteParts(siteUrl: string): { url: string; hostname: string; path: string } {
  let url: URL;
  try {
    url = new URL(siteUrl);
  } catch {
    throw new ProvisionConfigError(`--site must be the site's address, not '${siteUrl}'.`);
  }
  const path = url.pathname.replace(/\/+$/, '');
  if (url.protocol !== 'https:' || path === '' || url.search !== '' || url.hash !== '') {
    throw new ProvisionConfigError(
      `--site must look like https://<tenant>.sharepoint.com/sites/<site>, not '${siteUrl}'.`,
    );
  }
  return { url: `${url.origin}${path}`, hostname: url.hostname, path };
}

/**
 * Builds the plan. `validate: false` is for `--dry-run` without a tenant's
 * values: placeholders such as `<tenant-id>` are printed as they are.
 */
export function buildPlan(
  options: ProvisionOptions,
  { validate = true }: { validate?: boolean } = {},
): ProvisionPlan {
  if (validate) {
    for (const [name, value] of [
      ['tenant id', options.tenantId],
      ['Systemansvarlig group id', options.groups.systemansvarlig],
      ['Arkivleder group id', options.groups.arkivleder],
    ] as const) {
      if (!guidPattern.test(value)) {
        throw new ProvisionConfigError(`The ${name} must be a GUID, not '${value}'.`);
      }
    }
  }
  const levelNames = new Set([FULL_CONTROL, ...permissionLevels.map((level) => level.name)]);
  return {
    site: validate
      ? siteParts(options.siteUrl)
      : { url: options.siteUrl, hostname: '<host>', path: '<path>' },
    permissionLevels: permissionLevels.map((level) => ({
      name: level.name,
      description: level.description,
      permissions: level.permissions,
      basePermissions: basePermissionsOf(level.permissions),
    })),
    lists: ledgerLists.map((list) => ({
      name: list.name,
      displayName: list.displayName,
      description: list.description,
      columns: list.columns,
      indexes: list.columns.filter((column) => column.indexed).map((column) => column.name),
      readSecurity: list.readSecurity,
      writeSecurity: list.writeSecurity,
      roleAssignments: list.roleAssignments.map((assignment) => {
        if (!levelNames.has(assignment.level)) {
          throw new ProvisionConfigError(`Unknown permission level '${assignment.level}'.`);
        }
        return { principal: principalFor(assignment.principal, options), level: assignment.level };
      }),
      revokedAssignments: (list.revokedAssignments ?? []).map((assignment) => ({
        principal: principalFor(assignment.principal, options),
        level: assignment.level,
      })),
      noCrawl: listSettings.noCrawl,
      enableVersioning: listSettings.enableVersioning,
    })),
    retentionLabel:
      options.retentionLabel === undefined || options.retentionLabel.trim() === ''
        ? null
        : options.retentionLabel.trim(),
  };
}

const readSecurityText: Record<1 | 2, string> = {
  1: 'read all items',
  2: 'read only own items (unless Override List Behaviors)',
};
const writeSecurityText: Record<1 | 2 | 4, string> = {
  1: 'create and edit all items',
  2: 'create items, edit only own',
  4: 'create and edit none',
};

/** The plan as an administrator reads it (`--dry-run`). */
export function formatPlan(plan: ProvisionPlan): string {
  const lines: string[] = [
    `Provisioning plan for ${plan.site.url}`,
    '',
    'Permission levels (site role definitions, created if missing):',
  ];
  for (const level of plan.permissionLevels) {
    lines.push(
      `  • ${level.name}`,
      `      ${level.description}`,
      `      permissions: ${level.permissions.map((kind) => `${kind} (${permissionKinds[kind]})`).join(', ')}`,
      `      BasePermissions: High=${level.basePermissions.High} Low=${level.basePermissions.Low}`,
    );
  }
  for (const list of plan.lists) {
    lines.push(
      '',
      `List ${list.name} — "${list.displayName}" (genericList)`,
      `  ${list.description}`,
      '  columns:',
    );
    for (const column of list.columns) {
      const flags = [
        column.type,
        column.required ? 'required' : 'optional',
        column.indexed ? 'indexed' : 'not indexed',
        ...(column.unique ? ['unique'] : []),
      ];
      lines.push(`    - ${column.name}: ${flags.join(', ')} — ${column.description}`);
    }
    lines.push(
      `  indexes: ${list.indexes.join(', ')}`,
      '  permissions: inheritance broken (no copy of the site’s assignments), then:',
      ...list.roleAssignments.map(
        (assignment) =>
          `    - ${assignment.principal.description}${assignment.principal.loginName === null ? '' : ` [${assignment.principal.loginName}]`}: ${assignment.level}`,
      ),
      ...list.revokedAssignments.map(
        (assignment) =>
          `    - taken back if present: ${assignment.principal.description}: ${assignment.level}`,
      ),
      `  ReadSecurity=${list.readSecurity} (${readSecurityText[list.readSecurity]})`,
      `  WriteSecurity=${list.writeSecurity} (${writeSecurityText[list.writeSecurity]})`,
      `  NoCrawl=${String(list.noCrawl)} (kept out of search), EnableVersioning=${String(list.enableVersioning)}`,
    );
  }
  lines.push(
    '',
    plan.retentionLabel === null
      ? 'Retention label: none given (--retention-label). Owners can edit and delete items; the app flags it.'
      : `Retention label "${plan.retentionLabel}" is applied to every list: its items become records.`,
  );
  lines.push(
    '',
    'Nothing is deleted: existing lists, columns, levels and assignments are kept; what is missing is added,',
    'and only the assignments listed as "taken back" (given by an earlier version of this plan) are removed.',
  );
  return lines.join('\n');
}
