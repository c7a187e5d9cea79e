import { compareIsoDates, osloDate, type IsoDate } from './dates.ts';
import { blind } from './blinding.ts';
import type { EventContext } from './events.ts';

/**
 * The directory as the desks read it (Entra ID through Graph) before they
 * write, and the delegations recorded in the ledger. The folds never see it
 * (decision 014): a step records the facts its writer saw (`recordedFacts`),
 * and the next protected stage compares them with the directory of its own
 * moment before it decides.
 */

/** The Entra groups the routine's roles map to. */
export type DomainGroup = 'systemansvarlig' | 'arkivleder';

/** The directory part of the facts: what Graph answers. */
export interface DirectoryLookup {
  /** The person's manager (Graph `/users/{id}/manager`), or null at the top or when unknown. */
  managerOf(personId: string): string | null;
  /** Whether the person has direct reports (Graph `/users/{id}/directReports`): a leader. */
  hasDirectReports(personId: string): boolean;
  /** Membership of the Systemansvarlig or Arkivleder group. */
  isMember(personId: string, group: DomainGroup): boolean;
}

/**
 * A delegation as the ledger recorded it (see `foldDelegations`): `delegate`
 * may order on `leader`'s behalf from `validFrom` to `validTo`, from when it
 * was recorded until it was revoked.
 */
export interface Delegation {
  readonly delegationId: string;
  readonly leaderId: string;
  readonly delegateId: string;
  readonly grantedById: string;
  readonly validFrom: IsoDate;
  readonly validTo: IsoDate | null;
  /** SharePoint's Created of the grant. */
  readonly grantedAt: string;
  /** SharePoint's Created of the revocation, if revoked. */
  readonly revokedAt: string | null;
}

export interface DirectoryFacts extends DirectoryLookup {
  /** Every accepted delegation, `foldDelegations(...).delegations`; each is judged at the event's time. */
  readonly delegations: readonly Delegation[];
}

/** A manager chain longer than this is a directory loop or an error; stop there. */
const maxChainLength = 25;

/** The person's managers, nearest first; cycle-safe. */
export function managerChain(personId: string, facts: DirectoryLookup): readonly string[] {
  const chain: string[] = [];
  const seen = new Set<string>([personId]);
  let current = facts.managerOf(personId);
  while (current !== null && !seen.has(current) && chain.length < maxChainLength) {
    chain.push(current);
    seen.add(current);
    current = facts.managerOf(current);
  }
  return chain;
}

/** Whether a delegation was in force at an instant (a recorded event's time, or now). */
export function delegationInForce(delegation: Delegation, at: Date): boolean {
  const time = at.getTime();
  if (Date.parse(delegation.grantedAt) > time) return false;
  if (delegation.revokedAt !== null && Date.parse(delegation.revokedAt) <= time) return false;
  const day = osloDate(at);
  if (compareIsoDates(day, delegation.validFrom) < 0) return false;
  return delegation.validTo === null || compareIsoDates(day, delegation.validTo) <= 0;
}

/** Why someone counts as a person's leader. */
export type LeaderBasis =
  | { readonly kind: 'manager'; readonly depth: number }
  | { readonly kind: 'delegate'; readonly onBehalfOf: string; readonly delegationId: string };

/**
 * Whether `authorId` may act as `subjectId`'s leader at `at` (R1): a manager
 * anywhere up the subject's chain (the direct manager is depth 1), or the
 * delegate of such a manager under a delegation in force. Never the subject.
 */
export function leaderBasis(
  authorId: string,
  subjectId: string,
  facts: DirectoryFacts,
  at: Date,
): LeaderBasis | null {
  if (authorId === subjectId) return null;
  const chain = managerChain(subjectId, facts);
  const depth = chain.indexOf(authorId);
  if (depth >= 0) return { kind: 'manager', depth: depth + 1 };
  const delegation = [...facts.delegations]
    .filter(
      (item) =>
        item.delegateId === authorId &&
        chain.includes(item.leaderId) &&
        delegationInForce(item, at),
    )
    .sort((a, b) => chain.indexOf(a.leaderId) - chain.indexOf(b.leaderId))[0];
  return delegation
    ? { kind: 'delegate', onBehalfOf: delegation.leaderId, delegationId: delegation.delegationId }
    : null;
}

/**
 * The facts a step records for the fold (`context.seen`): the manager chain of
 * the person the step is about (`aboutId`; null for an external consultant),
 * whether the writer leads anyone, and the delegation the writer acts under
 * (for a consultant's order, any delegation the writer holds).
 */
export function recordedFacts(
  authorId: string,
  aboutId: string | null,
  facts: DirectoryFacts,
  at: Date,
): NonNullable<EventContext['seen']> {
  const chain = aboutId === null ? [] : [...managerChain(aboutId, facts)];
  const basis = aboutId === null ? null : leaderBasis(authorId, aboutId, facts, at);
  const held =
    aboutId === null
      ? [...delegationsHeldBy(authorId, facts, at)].sort((a, b) =>
          a.delegationId < b.delegationId ? -1 : 1,
        )[0]
      : undefined;
  const delegationId =
    basis?.kind === 'delegate' ? basis.delegationId : (held?.delegationId ?? undefined);
  return {
    about: aboutId,
    chain,
    leads: facts.hasDirectReports(authorId),
    ...(delegationId === undefined ? {} : { delegationId }),
  };
}

/**
 * Recorded facts for a step in a list everyone may read: the people in them
 * blinded with the request's key (blinding.ts), so the step does not say whose
 * request it is. Without a key (a request from before keys) they stay as they are.
 */
export function blindedFacts(
  seen: NonNullable<EventContext['seen']>,
  key: string | null,
): NonNullable<EventContext['seen']> {
  if (key === null) return seen;
  return {
    ...seen,
    about: seen.about === null ? null : blind(key, seen.about),
    chain: seen.chain.map((id) => blind(key, id)),
    blinded: true,
  };
}

/** Delegations a person holds at an instant (as delegate). */
export function delegationsHeldBy(
  personId: string,
  facts: DirectoryFacts,
  at: Date,
): readonly Delegation[] {
  return facts.delegations.filter(
    (item) => item.delegateId === personId && delegationInForce(item, at),
  );
}

/** Whether someone may order at all: a leader, or holding a delegation in force. */
export function canOrderForSomeone(personId: string, facts: DirectoryFacts, at: Date): boolean {
  return facts.hasDirectReports(personId) || delegationsHeldBy(personId, facts, at).length > 0;
}

export interface DirectoryFactsInput {
  /** person id -> manager id (null or absent: no manager). */
  readonly managers: Readonly<Record<string, string | null>>;
  readonly groups: Readonly<Partial<Record<DomainGroup, readonly string[]>>>;
  readonly delegations?: readonly Delegation[];
}

/**
 * Facts from plain data: for tests, the workbench, and callers that have
 * already read the directory into memory.
 */
export function createDirectoryFacts(input: DirectoryFactsInput): DirectoryFacts {
  const managers = new Map(Object.entries(input.managers));
  const leaders = new Set<string>();
  for (const manager of managers.values()) if (manager !== null) leaders.add(manager);
  const groups = {
    systemansvarlig: new Set(input.groups.systemansvarlig ?? []),
    arkivleder: new Set(input.groups.arkivleder ?? []),
  };
  return {
    managerOf: (personId) => managers.get(personId) ?? null,
    hasDirectReports: (personId) => leaders.has(personId),
    isMember: (personId, group) => groups[group].has(personId),
    delegations: input.delegations ?? [],
  };
}

/** The same facts with a different set of delegations. */
export function withDelegations(
  facts: DirectoryLookup,
  delegations: readonly Delegation[],
): DirectoryFacts {
  return {
    managerOf: (personId) => facts.managerOf(personId),
    hasDirectReports: (personId) => facts.hasDirectReports(personId),
    isMember: (personId, group) => facts.isMember(personId, group),
    delegations,
  };
}
