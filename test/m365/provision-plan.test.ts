// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  eventsList,
  ledgerLists,
  permissionLevels,
  textsList,
} from '../../src/m365/ledger-schema.ts';
import { runProvisionCli } from '../../scripts/lib/provision-cli.ts';
import { basePermissionsOf, buildPlan, formatPlan } from '../../scripts/lib/provision-plan.ts';

const options = {
  siteUrl: 'https://bodo.sharepoint.com/sites/dokumentsenteret/',
  tenantId: '00000000-0000-4000-8000-000000000b0d',
  groups: {
    systemansvarlig: '6863f77b-cd52-4054-816d-4cad0b885209',
    arkivleder: '83eb1090-9f0e-4e49-b047-56cebc7af559',
  },
};

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) },
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the provisioning plan', () => {
  it('computes SharePoint permission masks: kind k sets bit k-1', () => {
    expect(basePermissionsOf(['viewListItems'])).toEqual({ High: '0', Low: '1' });
    expect(
      basePermissionsOf(['viewListItems', 'addListItems', 'openItems', 'viewPages', 'open']),
    ).toEqual({
      High: '0',
      Low: String(1 + 2 + 32 + 65_536 + 131_072),
    });
    // Override List Behaviors (CancelCheckout, 9) is bit 8.
    expect(BigInt(basePermissionsOf(['cancelCheckout']).Low)).toBe(256n);
  });

  it('plans every list, column, index, level and assignment from ledger-schema.ts', () => {
    const plan = buildPlan(options);
    expect(plan.site).toEqual({
      url: 'https://bodo.sharepoint.com/sites/dokumentsenteret',
      hostname: 'bodo.sharepoint.com',
      path: '/sites/dokumentsenteret',
    });
    expect(plan.lists.map((list) => list.name)).toEqual(ledgerLists.map((list) => list.name));
    expect(plan.permissionLevels.map((level) => level.name)).toEqual(
      permissionLevels.map((level) => level.name),
    );
    const events = plan.lists[0];
    expect(events?.indexes).toEqual([
      'EventId',
      'StreamId',
      'StreamKind',
      'EventType',
      'SubjectId',
      'RequesterId',
      'Base',
    ]);
    const texts = plan.lists[1];
    expect(
      texts?.roleAssignments.map((assignment) => [
        assignment.principal.loginName,
        assignment.level,
      ]),
    ).toEqual([
      [null, 'Full Control'],
      [`c:0-.f|rolemanager|spo-grid-all-users/${options.tenantId}`, permissionLevels[0]?.name],
      [`c:0t.c|tenant|${options.groups.systemansvarlig}`, permissionLevels[1]?.name],
      [`c:0t.c|tenant|${options.groups.arkivleder}`, permissionLevels[1]?.name],
    ]);
  });

  it('refuses values that are not GUIDs or a site URL', () => {
    expect(() => buildPlan({ ...options, tenantId: 'bodo' })).toThrow(/tenant id must be a GUID/);
    expect(() => buildPlan({ ...options, siteUrl: 'http://x/sites/y' })).toThrow(/--site/);
  });

  it('prints every column with type, required, indexed and unique, and both list settings', () => {
    const text = formatPlan(buildPlan(options));
    for (const list of [eventsList, textsList]) {
      expect(text).toContain(`List ${list.name}`);
      expect(text).toContain(`ReadSecurity=${list.readSecurity}`);
      expect(text).toContain(`WriteSecurity=${list.writeSecurity}`);
    }
    expect(text).toContain('- EventId: text, required, indexed, unique');
    expect(text).toContain('- Payload: note, required, not indexed');
    expect(text).toContain('BasePermissions: High=0 Low=196643');
    expect(text).toContain('Entra group Arkivleder');
  });
});

describe('npm run provision -- --dry-run', () => {
  it('prints the whole plan without touching the network', async () => {
    const network = vi.fn(() => Promise.reject(new Error('the network was touched')));
    vi.stubGlobal('fetch', network);
    const { out, err, io } = capture();
    const code = await runProvisionCli(['--dry-run'], {}, io, network);
    expect(code).toBe(0);
    expect(err).toEqual([]);
    expect(network).not.toHaveBeenCalled();
    const text = out.join('\n');
    expect(text).toContain('List ElementsTilgangHendelser');
    expect(text).toContain('List ElementsTilgangTekster');
    expect(text).toContain('<tenant-id>');
    expect(text).toContain('Dry run: nothing was sent anywhere.');
  });

  it('fills in the options it is given', async () => {
    const network = vi.fn(() => Promise.reject(new Error('the network was touched')));
    vi.stubGlobal('fetch', network);
    const { out, io } = capture();
    const code = await runProvisionCli(
      [
        '--dry-run',
        '--site',
        options.siteUrl,
        '--tenant-id',
        options.tenantId,
        '--systemansvarlig-group',
        options.groups.systemansvarlig,
        '--arkivleder-group',
        options.groups.arkivleder,
      ],
      { GRAPH_TOKEN: 'secret-graph-token' },
      io,
      network,
    );
    expect(code).toBe(0);
    expect(network).not.toHaveBeenCalled();
    const text = out.join('\n');
    expect(text).toContain(`spo-grid-all-users/${options.tenantId}`);
    expect(text).not.toContain('<tenant-id>');
    expect(text).not.toContain('secret-graph-token');
  });

  it('names what is missing for a real run, and prints no token', async () => {
    const { err, io } = capture();
    const code = await runProvisionCli(
      ['--site', options.siteUrl],
      { SHAREPOINT_TOKEN: 'sp-secret' },
      io,
    );
    expect(code).toBe(2);
    expect(err[0]).toBe(
      'Missing: --tenant-id, --systemansvarlig-group, --arkivleder-group, GRAPH_TOKEN.',
    );
    expect(err.join('\n')).not.toContain('sp-secret');
  });
});
