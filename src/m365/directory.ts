import { z } from 'zod';
import { GraphError } from './errors.ts';
import type { GraphClient, GraphPage } from './graph-client.ts';
import { odataString, pathSegment } from './list-items.ts';
import { graphScopes } from './token-source.ts';

/** A person as the UI shows them. */
export interface Person {
  id: string;
  displayName: string;
  jobTitle: string | null;
  mail: string | null;
}

/** A person with the facts the rules look at (department for "same unit" checks). */
export interface DirectoryPerson extends Person {
  department: string | null;
  userPrincipalName: string | null;
}

const userSchema = z.object({
  id: z.string().min(1),
  displayName: z.string().nullable().optional(),
  jobTitle: z.string().nullable().optional(),
  mail: z.string().nullable().optional(),
  userPrincipalName: z.string().nullable().optional(),
  department: z.string().nullable().optional(),
});

/**
 * `/manager`, `/directReports` and group members are directoryObjects: users, and also org
 * contacts, groups, devices or service principals. We keep users only; the others have none of
 * a user's properties we rely on, so every property but `id` is optional here.
 */
const directoryObjectSchema = userSchema.extend({ '@odata.type': z.string().optional() });

const groupSchema = z.object({
  id: z.string().min(1),
  '@odata.type': z.string().optional(),
  displayName: z.string().nullable().optional(),
});

const userSelect = ['id', 'displayName', 'jobTitle', 'mail', 'userPrincipalName', 'department'];

/** Reads the signed-in user from the directory (what the shell needs). */
export interface Directory {
  /** The signed-in user. */
  getMe(): Promise<Person>;
}

/** Reads people, reporting lines and group membership from the directory (Entra ID through Graph). */
export interface PeopleDirectory extends Directory {
  /** One person by object id or userPrincipalName; null when there is none. */
  getPerson(idOrUserPrincipalName: string): Promise<DirectoryPerson | null>;
  /**
   * One person by e-mail address (`mail`), for addresses that are not the
   * userPrincipalName (exports from other systems list `mail`); null when none,
   * or when more than one person holds it.
   */
  findPersonByMail(address: string): Promise<DirectoryPerson | null>;
  /**
   * The people whose `mail` is this address: none, one, or (at most) two, which is enough to
   * tell "nobody holds it" from "more than one person holds it".
   */
  findPeopleByMail(address: string): Promise<DirectoryPerson[]>;
  /** The person's managers, nearest first, up to the top (or `maxDepth`). */
  getManagerChain(userId: string, maxDepth?: number): Promise<DirectoryPerson[]>;
  /** Manager chains of many people at once: one `$batch` round per level. */
  getManagerChains(
    userIds: readonly string[],
    maxDepth?: number,
  ): Promise<Map<string, DirectoryPerson[]>>;
  getDirectReports(userId: string): Promise<DirectoryPerson[]>;
  /** Ids of the groups the person is a member of, directly or through nested groups. */
  getGroupIds(userId: string): Promise<string[]>;
  /** Which of `groupIds` the person is a (transitive) member of. */
  memberOfGroups(userId: string, groupIds: readonly string[]): Promise<string[]>;
  /** People whose name or address starts with `text` (at most `top`, default 15). */
  searchPeople(text: string, top?: number): Promise<DirectoryPerson[]>;
  /** The people in a group, directly or through nested groups (Graph `transitiveMembers`). */
  getGroupMembers(groupId: string): Promise<DirectoryPerson[]>;
}

function toPerson(user: z.infer<typeof userSchema>): DirectoryPerson {
  return {
    id: user.id,
    displayName: user.displayName ?? user.userPrincipalName ?? user.id,
    jobTitle: user.jobTitle ?? null,
    mail: user.mail ?? null,
    department: user.department ?? null,
    userPrincipalName: user.userPrincipalName ?? null,
  };
}

function isUser(entry: z.infer<typeof directoryObjectSchema>): boolean {
  const type = entry['@odata.type'];
  return type === undefined || type === '#microsoft.graph.user';
}

/** `$search` clause text: the quote and backslash would end or escape Graph's quoted clause. */
function searchText(text: string): string {
  return text.replace(/["\\]/g, ' ').replace(/\s+/g, ' ').trim();
}

const DEFAULT_MAX_DEPTH = 15;

/** A people search reads at most this many pages to fill its `top`. */
const MAX_SEARCH_PAGES = 10;

export function createGraphDirectory(graph: GraphClient): PeopleDirectory {
  const select = { $select: userSelect.join(',') };

  async function getManagerChains(
    userIds: readonly string[],
    maxDepth = DEFAULT_MAX_DEPTH,
  ): Promise<Map<string, DirectoryPerson[]>> {
    const chains = new Map<string, DirectoryPerson[]>(userIds.map((id) => [id, []]));
    // Whose manager to ask next, per person whose chain is still growing.
    const frontier = new Map<string, string>(userIds.map((id) => [id, id]));
    const seen = new Map<string, Set<string>>(userIds.map((id) => [id, new Set([id])]));
    for (let depth = 0; depth < maxDepth && frontier.size > 0; depth += 1) {
      // People who share a manager level ask once: a unit's staff converge fast.
      const asked = [...new Set(frontier.values())];
      const results = await graph.batch(
        asked.map((id) => ({
          method: 'GET',
          path: `/users/${pathSegment(id)}/manager?$select=${userSelect.join(',')}`,
        })),
        directoryObjectSchema,
        { scopes: graphScopes.readManagers },
      );
      const managerOf = new Map<string, DirectoryPerson | null>();
      for (const [index, result] of results.entries()) {
        const id = asked[index];
        if (id === undefined) continue;
        if (result.ok) managerOf.set(id, isUser(result.body) ? toPerson(result.body) : null);
        else if (result.error.kind === 'not-found') managerOf.set(id, null);
        else throw result.error;
      }
      for (const [person, current] of [...frontier]) {
        const manager = managerOf.get(current) ?? null;
        const visited = seen.get(person);
        // The top of the organisation has no manager; a cycle in bad data must not loop.
        if (manager === null || visited === undefined || visited.has(manager.id)) {
          frontier.delete(person);
          continue;
        }
        visited.add(manager.id);
        chains.get(person)?.push(manager);
        frontier.set(person, manager.id);
      }
    }
    return chains;
  }

  async function getGroupIds(userId: string): Promise<string[]> {
    const groups = await graph.getAll(
      `/users/${pathSegment(userId)}/transitiveMemberOf`,
      groupSchema,
      { scopes: graphScopes.readGroupMembership, query: { $select: 'id' } },
    );
    return groups
      .filter(
        (group) => (group['@odata.type'] ?? '#microsoft.graph.group') === '#microsoft.graph.group',
      )
      .map((group) => group.id);
  }

  /**
   * Up to `wanted` users of a query. A page may be short or even empty and still have a next
   * link (Graph's paging guide: keep following `@odata.nextLink`), so one page is not enough.
   */
  async function firstUsers(
    query: Readonly<Record<string, string>>,
    wanted: number,
    headers?: Readonly<Record<string, string>>,
  ): Promise<z.infer<typeof userSchema>[]> {
    const found: z.infer<typeof userSchema>[] = [];
    let next: string | undefined = '/users';
    for (let pages = 0; next !== undefined && found.length < wanted; pages += 1) {
      if (pages >= MAX_SEARCH_PAGES) break;
      const current: GraphPage<z.infer<typeof userSchema>> = await graph.page(next, userSchema, {
        scopes: graphScopes.readPeople,
        ...(headers === undefined ? {} : { headers }),
        query,
      });
      found.push(...current.items);
      next = current.nextLink;
    }
    return found.slice(0, wanted);
  }

  async function findPeopleByMail(address: string): Promise<DirectoryPerson[]> {
    const mail = address.trim();
    if (mail === '') return [];
    const users = await firstUsers(
      { $filter: `mail eq ${odataString(mail)}`, ...select, $top: '2' },
      2,
    );
    return users.map(toPerson);
  }

  return {
    async getMe() {
      const user = await graph.get('/me', userSchema, {
        scopes: graphScopes.readProfile,
        select: ['id', 'displayName', 'jobTitle', 'mail', 'userPrincipalName'],
      });
      return {
        id: user.id,
        displayName: user.displayName ?? user.userPrincipalName ?? user.id,
        jobTitle: user.jobTitle ?? null,
        mail: user.mail ?? null,
      };
    },

    async getPerson(idOrUserPrincipalName) {
      try {
        const user = await graph.request(
          'GET',
          `/users/${pathSegment(idOrUserPrincipalName)}`,
          userSchema,
          { scopes: graphScopes.readPeople, query: select },
        );
        return toPerson(user);
      } catch (error) {
        if (error instanceof GraphError && error.kind === 'not-found') return null;
        throw error;
      }
    },

    async findPersonByMail(address) {
      const [person, other] = await findPeopleByMail(address);
      return person !== undefined && other === undefined ? person : null;
    },

    findPeopleByMail,

    async getManagerChain(userId, maxDepth) {
      return (await getManagerChains([userId], maxDepth)).get(userId) ?? [];
    },

    getManagerChains,

    async getDirectReports(userId) {
      const reports = await graph.getAll(
        `/users/${pathSegment(userId)}/directReports`,
        directoryObjectSchema,
        { scopes: graphScopes.readPeople, query: select },
      );
      return reports.filter(isUser).map(toPerson);
    },

    getGroupIds,

    async memberOfGroups(userId, groupIds) {
      const wanted = new Set(groupIds.map((id) => id.toLowerCase()));
      const member = new Set((await getGroupIds(userId)).map((id) => id.toLowerCase()));
      return groupIds.filter((id) => wanted.has(id.toLowerCase()) && member.has(id.toLowerCase()));
    },

    async searchPeople(text, top = 15) {
      const term = searchText(text);
      if (term === '') return [];
      const users = await firstUsers(
        { $search: `"displayName:${term}" OR "mail:${term}"`, ...select, $top: String(top) },
        top,
        // Graph's advanced queries ($search on users) need eventual consistency.
        { ConsistencyLevel: 'eventual' },
      );
      return users.map(toPerson);
    },

    async getGroupMembers(groupId) {
      // transitiveMembers: a role group may hold nested groups; only their people count.
      const members = await graph.getAll(
        `/groups/${pathSegment(groupId)}/transitiveMembers`,
        directoryObjectSchema,
        { scopes: graphScopes.readDirectory, query: select },
      );
      return members.filter(isUser).map(toPerson);
    },
  };
}
