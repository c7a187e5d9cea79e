import { anomalyOf, orderEntries, sortAnomalies, type Anomaly } from './anomalies.ts';
import type { IsoDate } from './dates.ts';
import { delegationInForce, type Delegation } from './directory-facts.ts';
import type { LedgerEntry, RecordedEvent } from './events.ts';
import { bySequence, withoutMigrated } from './ledger-order.ts';
import type { PersonRef } from './person.ts';

/**
 * Delegations (R1: "leder eller andre med delegert ansvar"). A leader's own
 * leader, anyone above the leader in the manager chain, lets a delegate order
 * on the leader's behalf for a period. The leader cannot delegate their own
 * authority to themselves: it must come from above, as issue 4 asks.
 * A delegation is revoked by anyone who could have granted it, by the leader,
 * or by the delegate giving it up.
 *
 * Judged on the facts the grant recorded (decision 014): the leader's manager
 * chain as the granter's client read it. Delegations live in the shared list;
 * one anywhere else counts for nothing. Each stream's own events are in the
 * list's item order.
 */

export interface DelegationView extends Delegation {
  readonly leader: PersonRef;
  readonly delegate: PersonRef;
  readonly grantedBy: PersonRef;
  readonly revokedBy: PersonRef | null;
  readonly inForceNow: boolean;
}

export interface DelegationsFold {
  /** Every accepted delegation, revoked or not: pass to `DirectoryFacts.delegations`. */
  readonly delegations: readonly Delegation[];
  /** Those in force at `now`. */
  readonly active: readonly Delegation[];
  readonly views: readonly DelegationView[];
  readonly anomalies: readonly Anomaly[];
}

interface Draft {
  leader: PersonRef;
  delegate: PersonRef;
  grantedBy: PersonRef;
  grantedAt: string;
  validFrom: IsoDate;
  validTo: IsoDate | null;
  revokedAt: string | null;
  revokedBy: PersonRef | null;
}

/** Folds the events of any number of delegation streams. */
export function foldDelegations(entries: readonly LedgerEntry[], now: Date): DelegationsFold {
  const ordered = orderEntries(entries);
  const anomalies: Anomaly[] = [...ordered.anomalies];
  const drafts = new Map<string, Draft & { chain: readonly string[] }>();
  const ignore = (event: RecordedEvent, reason: Anomaly['reason']): void => {
    anomalies.push(anomalyOf(event, reason));
  };

  for (const event of [...withoutMigrated(ordered.events, anomalies)].sort(bySequence)) {
    if (event.streamKind !== 'delegation') {
      ignore(event, 'anomaly.wrongStream');
      continue;
    }
    if (event.list !== 'shared') {
      ignore(event, 'anomaly.wrongList');
      continue;
    }
    const existing = drafts.get(event.streamId);
    if (event.type === 'delegation.granted') {
      const { leader, delegate, validFrom, validTo } = event.payload;
      const seen = event.context?.seen;
      // The leader's chain as the granter's client read it; one recorded for someone else proves nothing.
      const chain = seen?.about === leader.id ? seen.chain : [];
      if (!chain.includes(event.author.id)) {
        ignore(event, 'anomaly.notEntitled');
      } else if (event.author.id === delegate.id) {
        // Someone above the leader already has the authority; delegating to oneself is a mistake.
        ignore(event, 'anomaly.selfOrder');
      } else if (existing) {
        ignore(event, 'anomaly.duplicateSubmission');
      } else {
        drafts.set(event.streamId, {
          chain,
          leader,
          delegate,
          grantedBy: event.author,
          grantedAt: event.recordedAt,
          validFrom,
          validTo: validTo ?? null,
          revokedAt: null,
          revokedBy: null,
        });
      }
      continue;
    }
    if (event.type !== 'delegation.revoked') {
      ignore(event, 'anomaly.wrongStream');
      continue;
    }
    if (!existing) {
      ignore(event, 'anomaly.outOfOrder');
      continue;
    }
    const author = event.author.id;
    const entitled =
      author === existing.leader.id ||
      author === existing.delegate.id ||
      existing.chain.includes(author);
    if (!entitled) ignore(event, 'anomaly.notEntitled');
    else if (existing.revokedAt !== null) ignore(event, 'anomaly.afterFinal');
    else {
      existing.revokedAt = event.recordedAt;
      existing.revokedBy = event.author;
    }
  }

  const views: DelegationView[] = [...drafts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([delegationId, { chain: _chain, ...draft }]) => {
      const delegation: Delegation = {
        delegationId,
        leaderId: draft.leader.id,
        delegateId: draft.delegate.id,
        grantedById: draft.grantedBy.id,
        validFrom: draft.validFrom,
        validTo: draft.validTo,
        grantedAt: draft.grantedAt,
        revokedAt: draft.revokedAt,
      };
      return {
        ...delegation,
        leader: draft.leader,
        delegate: draft.delegate,
        grantedBy: draft.grantedBy,
        revokedBy: draft.revokedBy,
        inForceNow: delegationInForce(delegation, now),
      };
    });
  const delegations: Delegation[] = views.map(
    ({ leader: _l, delegate: _d, grantedBy: _g, revokedBy: _r, inForceNow: _i, ...rest }) => rest,
  );
  return {
    delegations,
    active: delegations.filter((delegation) => delegationInForce(delegation, now)),
    views,
    anomalies: sortAnomalies(anomalies),
  };
}
