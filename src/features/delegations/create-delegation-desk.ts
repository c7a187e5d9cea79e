/**
 * The delegation desk over the ledger and the directory. The fold
 * (`foldDelegations`) owns the rules; the desk refuses early, with the fold's
 * own reasons, what the fold would ignore, so nothing unentitled is written.
 */
import { compareIsoDates, isIsoDate, osloDate } from '../../domain/dates.ts';
import { foldDelegations, type DelegationView } from '../../domain/delegation-fold.ts';
import { managerChain, type DirectoryLookup } from '../../domain/directory-facts.ts';
import {
  isUnreadable,
  parseRecordedEvents,
  toEnvelope,
  type EventContext,
  type LedgerEntry,
  type LedgerEvent,
} from '../../domain/events.ts';
import type { Reason } from '../../domain/messages.ts';
import type { PersonRef } from '../../domain/person.ts';
import type { DirectoryPerson, PeopleDirectory } from '../../m365/directory.ts';
import { GraphError } from '../../m365/errors.ts';
import type { Ledger } from '../../m365/ledger.ts';
import { entriesOf, listAll, personRef } from '../requests/desk-context.ts';
import { RequestRefused } from '../requests/request-desk.ts';
import type {
  DelegationDesk,
  DelegationIds,
  DelegationStatus,
  DelegationSummary,
} from './delegation-desk.ts';

export interface DelegationDeskDeps {
  readonly ledger: Ledger;
  readonly directory: PeopleDirectory;
  /** The signed-in person (the page passes a memoised function). */
  readonly me: () => Promise<DirectoryPerson>;
  /** Default: the system clock. */
  readonly now?: () => Date;
}

/** How deep below the signed-in person leaders are looked for. */
const MAX_LINE_DEPTH = 6;
/** How many people of the reporting line are read at most (a kommunedirektør's line is large). */
const MAX_LINE_PEOPLE = 400;

/** Manager lookups for the given people, from their chains (one `$batch` round per level). */
async function loadLookup(
  directory: PeopleDirectory,
  personIds: Iterable<string>,
): Promise<DirectoryLookup> {
  const ids = [...new Set(personIds)];
  const chains =
    ids.length === 0 ? new Map<string, DirectoryPerson[]>() : await directory.getManagerChains(ids);
  const managers = new Map<string, string | null>();
  for (const id of ids) {
    let current = id;
    for (const manager of chains.get(id) ?? []) {
      managers.set(current, manager.id);
      current = manager.id;
    }
    if (!managers.has(current)) managers.set(current, null);
  }
  const leaders = new Set<string>();
  for (const manager of managers.values()) if (manager !== null) leaders.add(manager);
  return {
    managerOf: (personId) => managers.get(personId) ?? null,
    hasDirectReports: (personId) => leaders.has(personId),
    isMember: () => false,
  };
}

function statusOf(view: DelegationView, today: string): DelegationStatus {
  if (view.revokedAt !== null) return 'revoked';
  if (view.validTo !== null && compareIsoDates(view.validTo, today) < 0) return 'ended';
  if (compareIsoDates(view.validFrom, today) > 0) return 'upcoming';
  return 'active';
}

function refuse(reasons: Reason[]): never {
  throw new RequestRefused(reasons);
}

export function createDelegationDesk(deps: DelegationDeskDeps): DelegationDesk {
  const { ledger, directory } = deps;
  const now = deps.now ?? (() => new Date());

  async function allEntries(): Promise<LedgerEntry[]> {
    const events = await listAll(ledger, { list: 'shared', by: 'streamKind', value: 'delegation' });
    return parseRecordedEvents(events);
  }

  /** Leaders of the given entries with their chains, and the fold of them. */
  async function fold(entries: readonly LedgerEntry[], alsoIds: readonly string[] = []) {
    const leaders = new Set(alsoIds);
    for (const entry of entries) {
      if (!isUnreadable(entry) && entry.type === 'delegation.granted') {
        leaders.add(entry.payload.leader.id);
      }
    }
    // The fold judges each grant on the chain it recorded; the lookup is for what the screen shows now.
    const lookup = await loadLookup(directory, leaders);
    return { lookup, folded: foldDelegations(entries, now()) };
  }

  async function append(
    event: LedgerEvent,
    ids: DelegationIds,
    context?: EventContext,
  ): Promise<void> {
    await ledger.append(
      toEnvelope(event, {
        eventId: ids.eventId,
        streamId: ids.streamId,
        occurredAt: now(),
        ...(context === undefined ? {} : { context }),
      }),
    );
  }

  /** Display names the payloads left out, from the directory. */
  async function named(refs: readonly PersonRef[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    const missing = new Set<string>();
    for (const ref of refs) {
      if (ref.displayName !== undefined) names.set(ref.id, ref.displayName);
      else missing.add(ref.id);
    }
    await Promise.all(
      [...missing]
        .filter((id) => !names.has(id))
        .map(async (id) => {
          const person = await directory.getPerson(id);
          if (person !== null) names.set(id, person.displayName);
        }),
    );
    return names;
  }

  return {
    async leadersBelowMe() {
      const me = await deps.me();
      const leaders: DirectoryPerson[] = [];
      const seen = new Set<string>([me.id]);
      let level: DirectoryPerson[] = [me];
      for (let depth = 0; depth < MAX_LINE_DEPTH && level.length > 0; depth += 1) {
        const reports = await Promise.all(
          level.map((person) => directory.getDirectReports(person.id)),
        );
        const next: DirectoryPerson[] = [];
        for (const [index, found] of reports.entries()) {
          const person = level[index];
          if (person === undefined) continue;
          if (person.id !== me.id && found.length > 0) leaders.push(person);
          for (const report of found) {
            if (seen.has(report.id) || seen.size >= MAX_LINE_PEOPLE) continue;
            seen.add(report.id);
            next.push(report);
          }
        }
        level = next;
      }
      return leaders.sort((a, b) => a.displayName.localeCompare(b.displayName, 'nb'));
    },

    async delegations() {
      const me = await deps.me();
      const { lookup, folded } = await fold(await allEntries());
      const mine = folded.views.filter(
        (view) =>
          view.grantedBy.id === me.id ||
          view.delegate.id === me.id ||
          view.leader.id === me.id ||
          managerChain(view.leader.id, lookup).includes(me.id),
      );
      const names = await named(
        mine.flatMap((view) => [
          view.leader,
          view.delegate,
          view.grantedBy,
          ...(view.revokedBy ? [view.revokedBy] : []),
        ]),
      );
      const withName = (ref: PersonRef): PersonRef => ({
        id: ref.id,
        displayName: names.get(ref.id) ?? ref.displayName ?? ref.id,
      });
      const today = osloDate(now());
      const summaries: DelegationSummary[] = mine.map((view) => {
        const status = statusOf(view, today);
        return {
          delegationId: view.delegationId,
          leader: withName(view.leader),
          delegate: withName(view.delegate),
          grantedBy: withName(view.grantedBy),
          revokedBy: view.revokedBy ? withName(view.revokedBy) : null,
          validFrom: view.validFrom,
          validTo: view.validTo,
          grantedAt: view.grantedAt,
          revokedAt: view.revokedAt,
          status,
          mayRevoke:
            status !== 'revoked' &&
            status !== 'ended' &&
            (view.leader.id === me.id ||
              view.delegate.id === me.id ||
              managerChain(view.leader.id, lookup).includes(me.id)),
        };
      });
      return summaries.sort(
        (a, b) =>
          b.grantedAt.localeCompare(a.grantedAt) || a.delegationId.localeCompare(b.delegationId),
      );
    },

    async searchPeople(text) {
      const term = text.trim();
      if (term === '') return [];
      return directory.searchPeople(term);
    },

    async grant(input, ids) {
      const me = await deps.me();
      const reasons: Reason[] = [];
      const leaderId = input.leaderId.trim();
      const delegateId = input.delegateId.trim();
      if (leaderId === '') reasons.push({ key: 'validation.required', field: 'leaderId' });
      if (delegateId === '') reasons.push({ key: 'validation.required', field: 'delegateId' });
      else if (delegateId === leaderId) {
        reasons.push({ key: 'delegation.selfDelegation', field: 'delegateId' });
      } else if (delegateId === me.id) {
        // Someone above the leader already has the authority (the fold's reason).
        reasons.push({ key: 'anomaly.selfOrder', field: 'delegateId' });
      }
      const fromOk = isIsoDate(input.validFrom);
      if (!fromOk) reasons.push({ key: 'validation.date', field: 'validFrom' });
      if (input.validTo !== undefined) {
        if (!isIsoDate(input.validTo)) reasons.push({ key: 'validation.date', field: 'validTo' });
        else if (fromOk && compareIsoDates(input.validTo, input.validFrom) < 0) {
          reasons.push({ key: 'validation.endBeforeStart', field: 'validTo' });
        }
      }
      if (reasons.length > 0) refuse(reasons);

      // The same ids again: the first attempt may have landed and its answer been lost.
      const stream = entriesOf(await ledger.readStream(ids.streamId, ['shared']));
      if (stream.some((entry) => entry.eventId === ids.eventId)) {
        return { delegationId: ids.streamId };
      }
      if (stream.length > 0) refuse([{ key: 'anomaly.duplicateSubmission' }]);

      const [leader, delegate, chain] = await Promise.all([
        directory.getPerson(leaderId),
        directory.getPerson(delegateId),
        directory.getManagerChain(leaderId),
      ]);
      if (leader === null) refuse([{ key: 'validation.invalid', field: 'leaderId' }]);
      if (delegate === null) refuse([{ key: 'validation.invalid', field: 'delegateId' }]);
      // Only someone above the leader may grant: never the leader, never someone beside them.
      if (!chain.some((manager) => manager.id === me.id)) {
        refuse([{ key: 'anomaly.notEntitled', field: 'leaderId' }]);
      }

      await append(
        {
          type: 'delegation.granted',
          payload: {
            leader: personRef(leader),
            delegate: personRef(delegate),
            validFrom: input.validFrom,
            ...(input.validTo === undefined ? {} : { validTo: input.validTo }),
          },
        },
        ids,
        // The leader's chain as read now: what the fold judges the grant on (decision 014).
        {
          seen: {
            about: leaderId,
            chain: chain.map((manager) => manager.id),
            leads: true,
          },
        },
      );
      return { delegationId: ids.streamId };
    },

    async revoke(delegationId, eventId) {
      const me = await deps.me();
      const entries = entriesOf(await ledger.readStream(delegationId, ['shared']));
      if (entries.some((entry) => entry.eventId === eventId)) return;
      const { lookup, folded } = await fold(entries);
      const view = folded.views.find((item) => item.delegationId === delegationId);
      if (view === undefined) {
        throw new GraphError('not-found', 'There is no such delegation.', 404);
      }
      if (view.revokedAt !== null) refuse([{ key: 'anomaly.afterFinal' }]);
      const entitled =
        me.id === view.leader.id ||
        me.id === view.delegate.id ||
        managerChain(view.leader.id, lookup).includes(me.id);
      if (!entitled) refuse([{ key: 'anomaly.notEntitled' }]);
      await append(
        { type: 'delegation.revoked', payload: {} },
        { streamId: delegationId, eventId },
      );
    },
  };
}
