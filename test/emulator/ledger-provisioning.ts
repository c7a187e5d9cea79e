/**
 * Provisions the ledger on the emulator the way a provisioner does on a real tenant: Graph for
 * the lists, columns and indexes; SharePoint REST for permission levels, principals, broken
 * inheritance, role assignments and ReadSecurity / WriteSecurity. Driven by
 * src/m365/ledger-schema.ts, so the tests prove the emulator accepts exactly those calls.
 * Safe to run twice.
 */
import { z } from 'zod';
import { demoGroupIds } from '../../emulator/directory-data.ts';
import type { GraphEmulator } from '../../emulator/graph-emulator.ts';
import {
  type LedgerColumn,
  type LedgerList,
  type LedgerPrincipal,
  ledgerLists,
  type PermissionLevel,
  permissionKinds,
  permissionLevels,
} from '../../src/m365/ledger-schema.ts';
import { type EmulatorClient, expectJson } from './emulator-test-kit.ts';

export const DEMO_TENANT = '00000000-0000-4000-8000-000000000b0d';

const siteSchema = z.object({ id: z.string(), webUrl: z.string() });
const listsSchema = z.object({
  value: z.array(z.object({ id: z.string(), displayName: z.string() })),
});
const columnsSchema = z.object({
  value: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      indexed: z.boolean(),
      enforceUniqueValues: z.boolean(),
    }),
  ),
});
const roleDefinitionsSchema = z.object({
  value: z.array(z.object({ Id: z.number(), Name: z.string() })),
});
const principalSchema = z.object({ Id: z.number(), LoginName: z.string() });
const spListSchema = z.object({
  Id: z.string(),
  HasUniqueRoleAssignments: z.boolean(),
  ReadSecurity: z.number(),
  WriteSecurity: z.number(),
});
const roleAssignmentsSchema = z.object({
  value: z.array(
    z.object({
      PrincipalId: z.number(),
      RoleDefinitionBindings: z.array(z.object({ Id: z.number(), Name: z.string() })),
    }),
  ),
});

export function maskOf(level: PermissionLevel): { High: string; Low: string } {
  let mask = 0n;
  for (const permission of level.permissions) mask |= 1n << BigInt(permissionKinds[permission] - 1);
  return { High: ((mask >> 32n) & 0xffffffffn).toString(), Low: (mask & 0xffffffffn).toString() };
}

function columnDefinition(column: LedgerColumn): Record<string, unknown> {
  const base = {
    name: column.name,
    description: column.description,
    required: column.required,
    indexed: column.indexed,
    enforceUniqueValues: column.unique,
  };
  switch (column.type) {
    case 'text':
      return { ...base, text: { maxLength: 255 } };
    case 'note':
      return { ...base, text: { allowMultipleLines: true } };
    case 'dateTime':
      return { ...base, dateTime: { format: 'dateTime' } };
    case 'number':
      return { ...base, number: {} };
  }
}

const title = (value: string): string => encodeURIComponent(value.replace(/'/g, "''"));

export interface ProvisionedLedger {
  readonly siteId: string;
  /** List ids by ledger list name. */
  readonly listIds: Readonly<Record<string, string>>;
  /** Graph paths of the lists' items, e.g. `/sites/{id}/lists/{id}/items`. */
  readonly itemsPath: (list: LedgerList) => string;
  /** SharePoint REST calls made, `METHOD path`, for the record. */
  readonly calls: readonly string[];
}

export async function provisionLedger(
  emulator: GraphEmulator,
  owner: EmulatorClient,
): Promise<ProvisionedLedger> {
  const calls: string[] = [];
  const sp = async (
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => {
    calls.push(`${method} ${path}`);
    return owner.sp(method, path, body, headers);
  };
  const { hostname, path } = emulator.site;
  const site = await expectJson(await owner.get(`/sites/${hostname}:${path}`), 200, siteSchema);

  // Permission levels (role definitions).
  const existing = await expectJson(
    await sp('GET', '/_api/web/roledefinitions'),
    200,
    roleDefinitionsSchema,
  );
  const definitionIds = new Map(
    existing.value.map((definition) => [definition.Name, definition.Id]),
  );
  for (const level of permissionLevels) {
    if (definitionIds.has(level.name)) continue;
    const created = await expectJson(
      await sp('POST', '/_api/web/roledefinitions', {
        Name: level.name,
        Description: level.description,
        BasePermissions: maskOf(level),
      }),
      201,
      roleDefinitionsSchema.shape.value.element,
    );
    definitionIds.set(level.name, created.Id);
  }

  const principalId = async (principal: LedgerPrincipal): Promise<number> => {
    switch (principal.kind) {
      case 'site-owners':
        return (
          await expectJson(await sp('GET', '/_api/web/associatedownergroup'), 200, principalSchema)
        ).Id;
      case 'all-staff':
      case 'entra-group': {
        const logonName =
          principal.kind === 'all-staff'
            ? `c:0-.f|rolemanager|spo-grid-all-users/${DEMO_TENANT}`
            : `c:0t.c|tenant|${demoGroupIds[principal.group]}`;
        return (
          await expectJson(
            await sp('POST', '/_api/web/ensureuser', { logonName }),
            200,
            principalSchema,
          )
        ).Id;
      }
    }
  };

  const listIds: Record<string, string> = {};
  for (const list of ledgerLists) {
    const found = await expectJson(
      await owner.get(
        `/sites/${site.id}/lists?$select=id,displayName&$filter=${encodeURIComponent(`displayName eq '${list.displayName.replace(/'/g, "''")}'`)}`,
      ),
      200,
      listsSchema,
    );
    let listId = found.value[0]?.id;
    if (listId === undefined) {
      // Graph names the list's URL after its displayName at creation: create it under the URL
      // name, then give it its display title through SharePoint REST.
      const created = await expectJson(
        await owner.call('POST', `/sites/${site.id}/lists`, {
          displayName: list.name,
          description: list.description,
          list: { template: 'genericList' },
          columns: list.columns.map(columnDefinition),
        }),
        201,
        z.object({ id: z.string() }),
      );
      listId = created.id;
      const renamed = await sp(
        'POST',
        `/_api/web/lists/getbytitle('${title(list.name)}')`,
        { Title: list.displayName },
        { 'x-http-method': 'MERGE', 'if-match': '*' },
      );
      if (renamed.status !== 204)
        throw new Error(`rename answered ${renamed.status}: ${await renamed.text()}`);
    } else {
      const columns = await expectJson(
        await owner.get(`/sites/${site.id}/lists/${listId}/columns`),
        200,
        columnsSchema,
      );
      for (const column of list.columns) {
        const current = columns.value.find((candidate) => candidate.name === column.name);
        if (current === undefined) {
          await expectJson(
            await owner.call(
              'POST',
              `/sites/${site.id}/lists/${listId}/columns`,
              columnDefinition(column),
            ),
            201,
            z.object({ id: z.string() }),
          );
        } else if (
          current.indexed !== column.indexed ||
          current.enforceUniqueValues !== column.unique
        ) {
          await expectJson(
            await owner.call('PATCH', `/sites/${site.id}/lists/${listId}/columns/${current.id}`, {
              indexed: column.indexed,
              enforceUniqueValues: column.unique,
            }),
            200,
            z.object({ id: z.string() }),
          );
        }
      }
    }
    listIds[list.name] = listId;

    const listPath = `/_api/web/lists/getbytitle('${title(list.displayName)}')`;
    const info = await expectJson(await sp('GET', listPath), 200, spListSchema);
    if (!info.HasUniqueRoleAssignments) {
      await expectJson(
        await sp(
          'POST',
          `${listPath}/breakroleinheritance(copyRoleAssignments=false,clearSubscopes=true)`,
        ),
        200,
        z.object({ 'odata.null': z.literal(true) }),
      );
    }
    const wanted: { principalId: number; definitionId: number }[] = [];
    for (const assignment of list.roleAssignments) {
      const definitionId = definitionIds.get(assignment.level);
      if (definitionId === undefined) throw new Error(`no role definition '${assignment.level}'`);
      wanted.push({ principalId: await principalId(assignment.principal), definitionId });
    }
    for (const { principalId: id, definitionId } of wanted) {
      await expectJson(
        await sp(
          'POST',
          `${listPath}/roleassignments/addroleassignment(principalid=${id},roledefid=${definitionId})`,
        ),
        200,
        z.object({ 'odata.null': z.literal(true) }),
      );
    }
    // Exactly the schema's assignments: drop what breaking inheritance gave the provisioner.
    const assignments = await expectJson(
      await sp('GET', `${listPath}/roleassignments?$expand=Member,RoleDefinitionBindings`),
      200,
      roleAssignmentsSchema,
    );
    for (const assignment of assignments.value) {
      for (const binding of assignment.RoleDefinitionBindings) {
        const keep = wanted.some(
          (entry) =>
            entry.principalId === assignment.PrincipalId && entry.definitionId === binding.Id,
        );
        if (!keep) {
          await expectJson(
            await sp(
              'POST',
              `${listPath}/roleassignments/removeroleassignment(principalid=${assignment.PrincipalId},roledefid=${binding.Id})`,
            ),
            200,
            z.object({ 'odata.null': z.literal(true) }),
          );
        }
      }
    }
    if (info.ReadSecurity !== list.readSecurity || info.WriteSecurity !== list.writeSecurity) {
      const merged = await sp(
        'POST',
        listPath,
        { ReadSecurity: list.readSecurity, WriteSecurity: list.writeSecurity },
        {
          'x-http-method': 'MERGE',
          'if-match': '*',
          'content-type': 'application/json;odata=nometadata',
        },
      );
      if (merged.status !== 204)
        throw new Error(`MERGE answered ${merged.status}: ${await merged.text()}`);
    }
  }

  return {
    siteId: site.id,
    listIds,
    itemsPath: (list) => `/sites/${site.id}/lists/${listIds[list.name] ?? 'missing'}/items`,
    calls,
  };
}
