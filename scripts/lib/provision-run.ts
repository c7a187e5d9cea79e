/**
 * Executes a {@link ProvisionPlan} against a real site (or the emulator):
 * Graph for lists, columns and indexes; SharePoint REST for permission
 * levels, inheritance, role assignments and ReadSecurity/WriteSecurity.
 *
 * Safe to run twice: every step reads first and creates or sets only what is
 * missing or different. It never deletes a list, column, item, level or role
 * assignment; anything present that the plan does not expect is reported as
 * a warning for an administrator to judge.
 *
 * Last, it migrates version 1's events to the lists of decision 014
 * (migrate-ledger.ts): as the site owner, once; a second run copies nothing.
 */
import { z } from 'zod';
import { GraphError } from '../../src/m365/errors.ts';
import { createGraphClient, type GraphClient } from '../../src/m365/graph-client.ts';
import type { FetchLike } from '../../src/m365/http-pipeline.ts';
import type { EventListKey, TextListKey } from '../../src/domain/ledger-lists.ts';
import { ledgerList, type LedgerColumn } from '../../src/m365/ledger-schema.ts';
import { pathSegment } from '../../src/m365/list-items.ts';
import {
  createRetryPolicy,
  type RetryOptions,
  type RetryPolicy,
} from '../../src/m365/retry-policy.ts';
import type { TokenSource } from '../../src/m365/token-source.ts';
import {
  FULL_CONTROL,
  type PlannedLevel,
  type PlannedList,
  type PlannedPrincipal,
  type ProvisionPlan,
} from './provision-plan.ts';
import { migrateLedger } from './migrate-ledger.ts';
import { createSharePointRest, spString, type SharePointRest } from './sharepoint-rest.ts';

export interface ProvisionTarget {
  /** `fetch`, or the emulator's `handle` in tests. */
  readonly fetch: FetchLike;
  /** Graph's root without version, e.g. `https://graph.microsoft.com`. */
  readonly graphRoot: string;
  /** A Graph token with Sites.Manage.All (or Sites.FullControl.All). */
  readonly graphToken: TokenSource;
  /** A SharePoint token for the site's tenant (AllSites.FullControl), of a site owner. */
  readonly sharePointToken: TokenSource;
  readonly retry?: RetryOptions | RetryPolicy;
  /**
   * Migrate version 1's events to the lists of decision 014 after the lists are in place
   * (default true). The Graph token then also reads the directory (User.Read.All,
   * GroupMember.Read.All): version 1's rules are judged against it.
   */
  readonly migrate?: boolean;
}

export type ProvisionOutcome = 'created' | 'updated' | 'unchanged' | 'warning';

export interface ProvisionAction {
  readonly outcome: ProvisionOutcome;
  readonly what: string;
}

export interface ProvisionResult {
  readonly actions: readonly ProvisionAction[];
  /** True when anything was created or updated. */
  readonly changed: boolean;
  /** Graph list ids, for configuration that prefers ids to titles. */
  readonly listIds: Readonly<Record<string, string>>;
  /** What the migration of version 1's ledger copied in this run; null when it did not run. */
  readonly migrated: { readonly events: number; readonly texts: number } | null;
}

/** Graph needs these to create lists and columns; SharePoint REST needs a site owner's token. */
const MANAGE_SCOPES = ['Sites.Manage.All'];

const siteSchema = z.object({ id: z.string().min(1) });
const graphListSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  displayName: z.string(),
});
const graphColumnSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  required: z.boolean().optional(),
  indexed: z.boolean().optional(),
  enforceUniqueValues: z.boolean().optional(),
  readOnly: z.boolean().optional(),
  text: z.object({ allowMultipleLines: z.boolean().optional() }).optional(),
  dateTime: z.object({}).loose().optional(),
  number: z.object({}).loose().optional(),
});

const int64 = z.union([z.string(), z.number()]).transform(String);
const roleDefinitionSchema = z.object({
  Id: z.number().int(),
  Name: z.string(),
  BasePermissions: z.object({ High: int64, Low: int64 }),
});
const principalSchema = z.object({ Id: z.number().int() });
const restListSchema = z.object({
  Id: z.string(),
  Title: z.string(),
  HasUniqueRoleAssignments: z.boolean(),
  ReadSecurity: z.number().int(),
  WriteSecurity: z.number().int(),
  NoCrawl: z.boolean().optional(),
  EnableVersioning: z.boolean().optional(),
});
const rootFolderSchema = z.object({ ServerRelativeUrl: z.string().min(1) });
const complianceTagSchema = z.union([
  z.object({ 'odata.null': z.literal(true) }),
  z.object({ TagName: z.string().nullish() }).loose(),
]);
const roleAssignmentSchema = z.object({
  PrincipalId: z.number().int(),
  RoleDefinitionBindings: z.array(z.object({ Id: z.number().int(), Name: z.string() })),
});
const valuesOf = <T>(item: z.ZodType<T>) => z.object({ value: z.array(item) });

/** The Graph columnDefinition for a ledger column. */
export function columnDefinition(column: LedgerColumn) {
  const facet =
    column.type === 'text'
      ? { text: { allowMultipleLines: false, maxLength: 255 } }
      : column.type === 'note'
        ? { text: { allowMultipleLines: true, textType: 'plain' } }
        : column.type === 'dateTime'
          ? { dateTime: { format: 'dateTime' } }
          : { number: {} };
  return {
    name: column.name,
    displayName: column.name,
    description: column.description,
    required: column.required,
    indexed: column.indexed,
    enforceUniqueValues: column.unique,
    ...facet,
  };
}

function columnType(column: z.infer<typeof graphColumnSchema>): LedgerColumn['type'] | 'other' {
  if (column.text !== undefined) return column.text.allowMultipleLines === true ? 'note' : 'text';
  if (column.dateTime !== undefined) return 'dateTime';
  if (column.number !== undefined) return 'number';
  return 'other';
}

export async function provision(
  plan: ProvisionPlan,
  target: ProvisionTarget,
  onAction: (action: ProvisionAction) => void = () => undefined,
): Promise<ProvisionResult> {
  const retry = target.retry ?? {};
  const policy = 'backoffMs' in retry ? retry : createRetryPolicy(retry);
  const graph = createGraphClient(target.graphToken, target.graphRoot, {
    fetch: target.fetch,
    retry: policy,
  });
  const sp = createSharePointRest(plan.site.url, target.sharePointToken, target.fetch, policy);
  const actions: ProvisionAction[] = [];
  const record = (outcome: ProvisionOutcome, what: string) => {
    const action = { outcome, what };
    actions.push(action);
    onAction(action);
  };

  const site = await graph.request(
    'GET',
    `/sites/${plan.site.hostname}:${plan.site.path}`,
    siteSchema,
    { scopes: MANAGE_SCOPES },
  );
  record('unchanged', `Site ${plan.site.url} found (${site.id}).`);

  const listIds: Record<string, string> = {};
  for (const list of plan.lists) {
    const existing = await ensureList(graph, site.id, list, record);
    listIds[list.name] = existing.id;
    await ensureColumns(graph, site.id, existing.id, list, record);
  }

  const levelIds = await ensurePermissionLevels(sp, plan.permissionLevels, record);
  const principalIds = await ensurePrincipals(sp, plan, record);
  const me = await sp.request('GET', '/_api/web/currentuser?$select=Id', principalSchema);

  for (const list of plan.lists) {
    await ensureListPermissions(sp, list, listIds[list.name] ?? '', {
      levelIds,
      principalIds,
      currentUserId: me.Id,
      record,
      retentionLabel: plan.retentionLabel,
    });
  }

  let migrated: ProvisionResult['migrated'] = null;
  if (target.migrate ?? true) {
    const report = await migrateLedger(
      {
        graph,
        sp,
        siteId: site.id,
        listIds: ledgerListIds(listIds),
        groups: roleGroupsOf(plan),
      },
      record,
    );
    migrated = { events: report.events, texts: report.texts };
  }

  return {
    actions,
    changed: actions.some((action) => action.outcome === 'created' || action.outcome === 'updated'),
    listIds,
    migrated,
  };
}

/** The lists' ids by what the ledger calls them. */
function ledgerListIds(
  listIds: Readonly<Record<string, string>>,
): Record<EventListKey | TextListKey, string> {
  const idOf = (key: EventListKey | TextListKey): string => {
    const id = listIds[ledgerList(key).name];
    if (id === undefined)
      throw new GraphError('not-found', `List ${ledgerList(key).name} is not provisioned.`);
    return id;
  };
  return {
    requests: idOf('requests'),
    r8: idOf('r8'),
    systemansvarlig: idOf('systemansvarlig'),
    arkivleder: idOf('arkivleder'),
    reviews: idOf('reviews'),
    shared: idOf('shared'),
    texts: idOf('texts'),
    'r8-texts': idOf('r8-texts'),
  };
}

/** The Entra group ids of the two roles, as the plan names them (`c:0t.c|tenant|<id>`). */
function roleGroupsOf(plan: ProvisionPlan): { systemansvarlig: string; arkivleder: string } {
  const idOf = (key: string): string => {
    for (const list of plan.lists) {
      for (const assignment of list.roleAssignments) {
        const { principal } = assignment;
        const id = principal.loginName?.split('|').at(-1);
        if (principal.key === key && id !== undefined) return id;
      }
    }
    throw new GraphError('not-found', `The plan names no ${key}.`);
  };
  return { systemansvarlig: idOf('group:systemansvarlig'), arkivleder: idOf('group:arkivleder') };
}

/** Records one step of the run (and prints it, in the CLI). */
type Recorder = (outcome: ProvisionOutcome, what: string) => void;

async function ensureList(
  graph: GraphClient,
  siteId: string,
  list: PlannedList,
  record: Recorder,
): Promise<z.infer<typeof graphListSchema>> {
  const lists = await graph.getAll(`/sites/${pathSegment(siteId)}/lists`, graphListSchema, {
    scopes: MANAGE_SCOPES,
    query: { $select: 'id,name,displayName' },
  });
  const found = lists.find(
    (candidate) =>
      candidate.displayName.toLowerCase() === list.displayName.toLowerCase() ||
      candidate.name.toLowerCase() === list.name.toLowerCase(),
  );
  if (found !== undefined) {
    record('unchanged', `List "${list.displayName}" exists (${found.id}).`);
    return found;
  }
  // SharePoint takes the URL name from the title at creation (Graph refuses `name`): create
  // with the plain name, so the list lives at Lists/<name>; the title is set afterwards.
  const created = await graph.request(
    'POST',
    `/sites/${pathSegment(siteId)}/lists`,
    graphListSchema,
    {
      scopes: MANAGE_SCOPES,
      body: {
        displayName: list.name,
        description: list.description,
        columns: list.columns.map(columnDefinition),
        list: { template: 'genericList' },
      },
    },
  );
  record(
    'created',
    `List ${list.name} with columns ${list.columns.map((column) => column.name).join(', ')}.`,
  );
  return created;
}

async function ensureColumns(
  graph: GraphClient,
  siteId: string,
  listId: string,
  list: PlannedList,
  record: Recorder,
): Promise<void> {
  const columnsPath = `/sites/${pathSegment(siteId)}/lists/${pathSegment(listId)}/columns`;
  const columns = await graph.getAll(columnsPath, graphColumnSchema, { scopes: MANAGE_SCOPES });
  for (const wanted of list.columns) {
    const existing = columns.find((column) => column.name === wanted.name);
    const label = `${list.name}.${wanted.name}`;
    if (existing === undefined) {
      await graph.request('POST', columnsPath, graphColumnSchema, {
        scopes: MANAGE_SCOPES,
        body: columnDefinition(wanted),
      });
      record('created', `Column ${label} (${wanted.type}).`);
      continue;
    }
    if (columnType(existing) !== wanted.type) {
      record(
        'warning',
        `Column ${label} exists with another type than ${wanted.type}; left as it is. Fix it by hand.`,
      );
      continue;
    }
    // Only ever tighten: index, uniqueness, required. Loosening is left to an administrator.
    const patch = {
      ...(wanted.indexed && existing.indexed !== true ? { indexed: true } : {}),
      ...(wanted.unique && existing.enforceUniqueValues !== true
        ? { indexed: true, enforceUniqueValues: true }
        : {}),
      ...(wanted.required && existing.required !== true ? { required: true } : {}),
    };
    if (Object.keys(patch).length === 0) {
      record('unchanged', `Column ${label} is as planned.`);
      continue;
    }
    await graph.request('PATCH', `${columnsPath}/${pathSegment(existing.id)}`, graphColumnSchema, {
      scopes: MANAGE_SCOPES,
      body: patch,
    });
    record('updated', `Column ${label}: set ${Object.keys(patch).join(', ')}.`);
  }
}

async function ensurePermissionLevels(
  sp: SharePointRest,
  levels: readonly PlannedLevel[],
  record: Recorder,
): Promise<Map<string, number>> {
  const existing = await sp.request(
    'GET',
    '/_api/web/roledefinitions?$select=Id,Name,BasePermissions',
    valuesOf(roleDefinitionSchema),
  );
  const ids = new Map(existing.value.map((definition) => [definition.Name, definition.Id]));
  for (const level of levels) {
    const found = existing.value.find((definition) => definition.Name === level.name);
    if (found === undefined) {
      const created = await sp.request('POST', '/_api/web/roledefinitions', roleDefinitionSchema, {
        body: {
          Name: level.name,
          Description: level.description,
          BasePermissions: level.basePermissions,
          Order: 0,
        },
      });
      ids.set(level.name, created.Id);
      record('created', `Permission level "${level.name}" (${level.permissions.join(', ')}).`);
      continue;
    }
    const same =
      found.BasePermissions.High === level.basePermissions.High &&
      found.BasePermissions.Low === level.basePermissions.Low;
    if (same) {
      record('unchanged', `Permission level "${level.name}" is as planned.`);
      continue;
    }
    // Our own level drifted (edited by hand, or the plan changed): set it back to the plan.
    await sp.request('POST', `/_api/web/roledefinitions(${found.Id})`, z.unknown(), {
      merge: true,
      body: { BasePermissions: level.basePermissions, Description: level.description },
    });
    record('updated', `Permission level "${level.name}" set to ${level.permissions.join(', ')}.`);
  }
  return ids;
}

async function ensurePrincipals(
  sp: SharePointRest,
  plan: ProvisionPlan,
  record: Recorder,
): Promise<Map<string, number>> {
  const wanted = new Map<string, PlannedPrincipal>();
  for (const list of plan.lists) {
    for (const assignment of [...list.roleAssignments, ...list.revokedAssignments]) {
      wanted.set(assignment.principal.key, assignment.principal);
    }
  }
  const ids = new Map<string, number>();
  for (const principal of wanted.values()) {
    if (principal.loginName === null) {
      const owners = await sp.request(
        'GET',
        '/_api/web/associatedownergroup?$select=Id',
        principalSchema,
      );
      ids.set(principal.key, owners.Id);
      continue;
    }
    // ensureuser adds the principal to the site's user list if needed and returns it either way.
    const user = await sp.request('POST', '/_api/web/ensureuser', principalSchema, {
      body: { logonName: principal.loginName },
      idempotent: true,
    });
    ids.set(principal.key, user.Id);
  }
  record('unchanged', `Resolved ${ids.size} principals on the site.`);
  return ids;
}

async function ensureListPermissions(
  sp: SharePointRest,
  list: PlannedList,
  listId: string,
  context: {
    readonly levelIds: ReadonlyMap<string, number>;
    readonly principalIds: ReadonlyMap<string, number>;
    readonly currentUserId: number;
    readonly record: Recorder;
    readonly retentionLabel: string | null;
  },
): Promise<void> {
  const { levelIds, principalIds, currentUserId, record } = context;
  // By id: the title may still be the URL name from creation, or renamed by an owner.
  const listPath = `/_api/web/lists(guid${spString(listId)})`;
  const current = await sp.request(
    'GET',
    `${listPath}?$select=Id,Title,HasUniqueRoleAssignments,ReadSecurity,WriteSecurity,NoCrawl,EnableVersioning`,
    restListSchema,
  );

  const brokeNow = !current.HasUniqueRoleAssignments;
  if (brokeNow) {
    // No copy: the site's Members (Contribute: edit and delete) must not reach the ledger.
    await sp.request(
      'POST',
      `${listPath}/breakroleinheritance(copyRoleAssignments=false,clearSubscopes=true)`,
      z.unknown(),
      { idempotent: true },
    );
    record('updated', `List "${list.displayName}": stopped inheriting the site's permissions.`);
  } else {
    record('unchanged', `List "${list.displayName}" has its own permissions.`);
  }

  const assignments = await sp.request(
    'GET',
    `${listPath}/roleassignments?$expand=RoleDefinitionBindings`,
    valuesOf(roleAssignmentSchema),
  );
  const expected = new Set<string>();
  for (const assignment of list.roleAssignments) {
    const principalId = principalIds.get(assignment.principal.key);
    const levelId = levelIds.get(assignment.level);
    if (principalId === undefined || levelId === undefined) {
      throw new GraphError(
        'not-found',
        `Cannot assign "${assignment.level}" to ${assignment.principal.description}: not found on the site.`,
      );
    }
    expected.add(`${principalId}:${levelId}`);
    const has = assignments.value.some(
      (existing) =>
        existing.PrincipalId === principalId &&
        existing.RoleDefinitionBindings.some((binding) => binding.Id === levelId),
    );
    const label = `List "${list.displayName}": ${assignment.principal.description} → ${assignment.level}`;
    if (has) {
      record('unchanged', `${label} is in place.`);
      continue;
    }
    await sp.request(
      'POST',
      `${listPath}/roleassignments/addroleassignment(principalid=${principalId},roledefid=${levelId})`,
      z.unknown(),
      { idempotent: true },
    );
    record('created', `${label}.`);
  }
  // What an earlier version of the plan gave and this one takes back: removed, and only that.
  const revoked = new Set<string>();
  for (const assignment of list.revokedAssignments) {
    const principalId = principalIds.get(assignment.principal.key);
    const levelId = levelIds.get(assignment.level);
    if (principalId === undefined || levelId === undefined) continue;
    revoked.add(`${principalId}:${levelId}`);
    const has = assignments.value.some(
      (existing) =>
        existing.PrincipalId === principalId &&
        existing.RoleDefinitionBindings.some((binding) => binding.Id === levelId),
    );
    if (!has) continue;
    await sp.request(
      'POST',
      `${listPath}/roleassignments/removeroleassignment(principalid=${principalId},roledefid=${levelId})`,
      z.unknown(),
      { idempotent: true },
    );
    record(
      'updated',
      `List "${list.displayName}": took back ${assignment.principal.description} → ${assignment.level} (an earlier version of the plan gave it).`,
    );
  }
  for (const existing of assignments.value) {
    for (const binding of existing.RoleDefinitionBindings) {
      if (
        binding.Name === 'Limited Access' ||
        expected.has(`${existing.PrincipalId}:${binding.Id}`) ||
        revoked.has(`${existing.PrincipalId}:${binding.Id}`)
      ) {
        continue;
      }
      if (brokeNow && existing.PrincipalId === currentUserId && binding.Name === FULL_CONTROL) {
        // SharePoint gave whoever broke inheritance Full Control in person; site owners
        // already have it through their group, so this run takes back what it caused.
        await sp.request(
          'POST',
          `${listPath}/roleassignments/removeroleassignment(principalid=${currentUserId},roledefid=${binding.Id})`,
          z.unknown(),
          { idempotent: true },
        );
        record(
          'updated',
          `List "${list.displayName}": removed the personal Full Control SharePoint gave the account running this when inheritance was broken.`,
        );
        continue;
      }
      record(
        'warning',
        `List "${list.displayName}": principal ${existing.PrincipalId} also has "${binding.Name}", which the plan does not give; left in place.`,
      );
    }
  }

  const settings = {
    ...(current.Title === list.name ? { Title: list.displayName } : {}),
    ...(current.ReadSecurity === list.readSecurity ? {} : { ReadSecurity: list.readSecurity }),
    ...(current.WriteSecurity === list.writeSecurity ? {} : { WriteSecurity: list.writeSecurity }),
    ...(current.NoCrawl === list.noCrawl ? {} : { NoCrawl: list.noCrawl }),
    ...(current.EnableVersioning === list.enableVersioning
      ? {}
      : { EnableVersioning: list.enableVersioning }),
  };
  if (Object.keys(settings).length > 0) {
    await sp.request('POST', listPath, z.unknown(), { merge: true, body: settings });
    record(
      'updated',
      `List ${list.name}: set ${Object.entries(settings)
        .map(([key, value]) => `${key}=${String(value)}`)
        .join(', ')}.`,
    );
  } else {
    record(
      'unchanged',
      `List "${list.displayName}": title, ReadSecurity, WriteSecurity, NoCrawl and versioning as planned.`,
    );
  }
  const label = context.retentionLabel;
  if (label !== null) {
    const listUrl = (
      await sp.request('GET', `${listPath}/rootfolder?$select=ServerRelativeUrl`, rootFolderSchema)
    ).ServerRelativeUrl;
    const tag = await sp.request(
      'GET',
      `/_api/SP.CompliancePolicy.SPPolicyStoreProxy.GetListComplianceTag(listUrl=@u)?@u=${spString(listUrl)}`,
      complianceTagSchema,
    );
    const currentLabel = 'TagName' in tag ? (tag.TagName ?? null) : null;
    if (currentLabel === label) {
      record('unchanged', `List "${list.displayName}": retention label "${label}" in place.`);
    } else {
      await sp.request(
        'POST',
        '/_api/SP.CompliancePolicy.SPPolicyStoreProxy.SetListComplianceTag',
        z.unknown(),
        {
          body: {
            listUrl,
            complianceTagValue: label,
            blockDelete: true,
            blockEdit: true,
            syncToItems: true,
          },
          idempotent: true,
        },
      );
      record(
        'updated',
        `List "${list.displayName}": retention label "${label}" applied; its items are records.`,
      );
    }
  }
  if (current.Title !== list.name && current.Title !== list.displayName) {
    record(
      'warning',
      `List ${list.name} is titled "${current.Title}"; the app looks for "${list.displayName}" unless configured with the list id.`,
    );
  }
}
