import type { Delegation, DirectoryFacts } from '../../domain/directory-facts.ts';
import type { PeopleDirectory } from '../../m365/directory.ts';
import { GraphError } from '../../m365/errors.ts';

/**
 * A person no longer in the directory (deleted: Graph answers 404) is in no
 * group and leads nobody now; the record of what they did is the ledger's.
 */
function goneAs<T>(empty: T) {
  return (error: unknown): T => {
    if (error instanceof GraphError && error.kind === 'not-found') return empty;
    throw error;
  };
}

/** Entra object ids of the groups the routine's roles map to (from configuration). */
export interface RoleGroups {
  systemansvarlig: string;
  arkivleder: string;
}

/**
 * Reads from the directory what the folds and rules need to judge events by
 * the given people, and returns it as the domain's synchronous lookup: each
 * person's manager chain, whether they lead anyone, and their membership of
 * the Systemansvarlig and Arkivleder groups. Manager chains are read for all
 * people at once (one `$batch` round per level); people outside the set are
 * looked up only as far as a chain reaches.
 */
export async function loadDirectoryFacts(
  directory: PeopleDirectory,
  groups: RoleGroups,
  personIds: Iterable<string>,
  delegations: readonly Delegation[] = [],
): Promise<DirectoryFacts> {
  const ids = [...new Set(personIds)];
  const chains = await directory.getManagerChains(ids);
  const managers = new Map<string, string | null>();
  for (const id of ids) {
    const chain = chains.get(id) ?? [];
    let current = id;
    for (const manager of chain) {
      managers.set(current, manager.id);
      current = manager.id;
    }
    if (!managers.has(current)) managers.set(current, null);
  }
  const leaders = new Set<string>();
  for (const manager of managers.values()) if (manager !== null) leaders.add(manager);

  const groupIds = [groups.systemansvarlig, groups.arkivleder];
  const memberships = new Map<string, ReadonlySet<string>>();
  const reports = new Map<string, boolean>();
  await Promise.all(
    ids.map(async (id) => {
      const [member, direct] = await Promise.all([
        directory.memberOfGroups(id, groupIds).catch(goneAs<string[]>([])),
        leaders.has(id)
          ? Promise.resolve(null)
          : directory.getDirectReports(id).catch(goneAs<never[]>([])),
      ]);
      memberships.set(id, new Set(member));
      if (direct !== null) reports.set(id, direct.length > 0);
    }),
  );

  return {
    managerOf: (personId) => managers.get(personId) ?? null,
    hasDirectReports: (personId) => leaders.has(personId) || reports.get(personId) === true,
    isMember: (personId, group) => memberships.get(personId)?.has(groups[group]) === true,
    delegations,
  };
}
