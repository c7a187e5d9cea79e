/**
 * SharePoint's permission model as far as the ledger needs it: base permission masks
 * (SP.BasePermissions, 64 bits sent as High/Low halves), role definitions, principals (site
 * users, "Everyone except external users", Entra groups, the site's SharePoint groups) and the
 * effective permissions of a caller on the site or on a list.
 */
import type { DirectoryPerson } from './directory-data.ts';
import type { EmulatorState } from './emulator-context.ts';
import type { ListData, PrincipalData, RoleDefinitionData } from './emulator-data.ts';

/** SP.PermissionKind values: the bit for kind k is 1 << (k - 1). */
export const spPermission = {
  viewListItems: 1,
  addListItems: 2,
  editListItems: 3,
  deleteListItems: 4,
  approveItems: 5,
  openItems: 6,
  viewVersions: 7,
  deleteVersions: 8,
  cancelCheckout: 9,
  managePersonalViews: 10,
  manageLists: 12,
  viewFormPages: 13,
  anonymousSearchAccessList: 14,
  open: 17,
  viewPages: 18,
  createGroups: 25,
  managePermissions: 26,
  browseUserInfo: 28,
  manageWeb: 31,
  useRemoteAPIs: 38,
  enumeratePermissions: 63,
} as const;

export type SpPermissionName = keyof typeof spPermission;

const LOW_MASK = 0xffffffffn;

export function maskOf(definition: Pick<RoleDefinitionData, 'high' | 'low'>): bigint {
  return (BigInt(definition.high) << 32n) | BigInt(definition.low);
}

export function maskHalves(mask: bigint): { readonly High: string; readonly Low: string } {
  return { High: ((mask >> 32n) & LOW_MASK).toString(), Low: (mask & LOW_MASK).toString() };
}

export function hasPermission(mask: bigint, permission: SpPermissionName): boolean {
  return ((mask >> BigInt(spPermission[permission] - 1)) & 1n) === 1n;
}

/** Site collection administrators: every bit (they bypass all checks, as in SharePoint). */
const FULL_MASK = (1n << 64n) - 1n;

export function isSiteOwner(state: EmulatorState, person: DirectoryPerson): boolean {
  return state.config.site.ownerIds.includes(person.id);
}

export function findPrincipal(state: EmulatorState, id: number): PrincipalData | undefined {
  return state.data.site.principals.find((principal) => principal.id === id);
}

/** Whether `person` is, or is a member of, `principal`. */
export function principalIncludes(
  state: EmulatorState,
  principal: PrincipalData,
  person: DirectoryPerson,
): boolean {
  switch (principal.kind) {
    case 'user':
      return principal.personId === person.id;
    case 'all-staff':
      // Everyone in the emulated directory is internal staff of this tenant.
      return (
        principal.tenantId === state.config.tenantId &&
        state.directory.people.some((candidate) => candidate.id === person.id)
      );
    case 'entra-group': {
      const group = state.directory.groups.find((candidate) => candidate.id === principal.groupId);
      return group?.memberIds.includes(person.id) ?? false;
    }
    case 'site-group':
      if (principal.role === 'owners' && isSiteOwner(state, person)) return true;
      return principal.memberIds.some((memberId) => {
        const member = findPrincipal(state, memberId);
        return member !== undefined && member.kind !== 'site-group'
          ? principalIncludes(state, member, person)
          : false;
      });
  }
}

/**
 * The union of the caller's role assignments on the list (or the site when the list inherits,
 * or when `list` is null). Site owners get every permission everywhere.
 */
export function effectiveMask(
  state: EmulatorState,
  person: DirectoryPerson,
  list: ListData | null,
): bigint {
  if (isSiteOwner(state, person)) return FULL_MASK;
  const site = state.data.site;
  const assignments =
    list !== null && list.hasUniqueRoleAssignments ? list.roleAssignments : site.webRoleAssignments;
  let mask = 0n;
  for (const assignment of assignments) {
    const principal = findPrincipal(state, assignment.principalId);
    if (principal === undefined || !principalIncludes(state, principal, person)) continue;
    for (const definitionId of assignment.roleDefinitionIds) {
      const definition = site.roleDefinitions.find((candidate) => candidate.id === definitionId);
      if (definition !== undefined) mask |= maskOf(definition);
    }
  }
  return mask;
}

export function can(
  state: EmulatorState,
  person: DirectoryPerson,
  list: ListData | null,
  permission: SpPermissionName,
): boolean {
  return hasPermission(effectiveMask(state, person, list), permission);
}

/** ReadSecurity/WriteSecurity do not apply to those who may override list behaviours. */
export function bypassesItemSecurity(
  state: EmulatorState,
  person: DirectoryPerson,
  list: ListData,
): boolean {
  const mask = effectiveMask(state, person, list);
  return hasPermission(mask, 'cancelCheckout') || hasPermission(mask, 'manageLists');
}

type UserPrincipal = Extract<PrincipalData, { kind: 'user' }>;

function findUserPrincipal(state: EmulatorState, personId: string): UserPrincipal | undefined {
  for (const principal of state.data.site.principals) {
    if (principal.kind === 'user' && principal.personId === personId) return principal;
  }
  return undefined;
}

/**
 * The site user for a person, added to the site's user list on first use (as SharePoint does).
 * The entry remembers the name, e-mail and UPN it saw and is brought up to date whenever the
 * person is seen again. SharePoint keeps every user who ever had an entry in the site's User
 * Information List, deleted users included, and `siteusers` and createdBy/modifiedBy read it
 * (Microsoft Q&A "Sharepoint Site Users (Displays deleted users)",
 * https://learn.microsoft.com/en-us/answers/questions/390714/). When and how often SharePoint
 * Online refreshes the entry from the profile is not documented; assumed: on every use.
 */
export function ensureUserPrincipal(state: EmulatorState, person: DirectoryPerson): PrincipalData {
  const existing = findUserPrincipal(state, person.id);
  if (existing !== undefined) {
    rememberPerson(existing, person);
    return existing;
  }
  const site = state.data.site;
  const created: PrincipalData = {
    kind: 'user',
    id: site.nextPrincipalId,
    personId: person.id,
    title: person.displayName,
    email: person.mail,
    userPrincipalName: person.userPrincipalName,
  };
  site.nextPrincipalId += 1;
  site.principals.push(created);
  return created;
}

function rememberPerson(principal: UserPrincipal, person: DirectoryPerson): void {
  principal.title = person.displayName;
  principal.email = person.mail;
  principal.userPrincipalName = person.userPrincipalName;
}

/** Brings the person's site user (if there is one) up to date; adds none. */
export function refreshRememberedUser(state: EmulatorState, person: DirectoryPerson): void {
  const existing = findUserPrincipal(state, person.id);
  if (existing !== undefined) rememberPerson(existing, person);
}

/** Fills what a snapshot of an older emulator did not remember, from the directory as it is. */
export function backfillRememberedUsers(state: EmulatorState): void {
  for (const principal of state.data.site.principals) {
    if (principal.kind !== 'user' || principal.title !== null) continue;
    const person = state.directory.people.find((candidate) => candidate.id === principal.personId);
    if (person !== undefined) rememberPerson(principal, person);
  }
}

/** What the site's user list remembers of a person: their name and e-mail, or null. */
export function rememberedUser(
  state: EmulatorState,
  personId: string,
): {
  readonly id: number;
  readonly title: string | null;
  readonly email: string | null;
  readonly userPrincipalName: string | null;
} | null {
  const principal = findUserPrincipal(state, personId);
  return principal === undefined
    ? null
    : {
        id: principal.id,
        title: principal.title,
        email: principal.email,
        userPrincipalName: principal.userPrincipalName,
      };
}

export function userPrincipalId(state: EmulatorState, personId: string): number | null {
  const principal = state.data.site.principals.find(
    (candidate) => candidate.kind === 'user' && candidate.personId === personId,
  );
  return principal?.id ?? null;
}
