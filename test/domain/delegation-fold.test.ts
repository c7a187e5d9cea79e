// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { foldDelegations } from '../../src/domain/delegation-fold.ts';
import { delegationInForce, leaderBasis } from '../../src/domain/directory-facts.ts';
import type { LedgerEvent } from '../../src/domain/events.ts';
import { factsWith, people, recorded } from './fixtures.ts';

const grant = (validTo?: string): LedgerEvent => ({
  type: 'delegation.granted',
  payload: {
    leader: people.kari,
    delegate: people.lise,
    validFrom: '2025-03-01',
    ...(validTo ? { validTo } : {}),
  },
});

describe('foldDelegations', () => {
  it("accepts a delegation from the leader's own leader", () => {
    const fold = foldDelegations(
      [recorded(grant('2025-03-31'), people.marit, '2025-02-28T10:00:00Z', { streamId: 'd1' })],
      new Date('2025-03-10T10:00:00Z'),
    );
    expect(fold.anomalies).toEqual([]);
    expect(fold.active).toHaveLength(1);
    expect(fold.views[0]).toMatchObject({
      leader: people.kari,
      delegate: people.lise,
      grantedBy: people.marit,
      inForceNow: true,
    });
    const withDelegation = factsWith(fold.delegations);
    expect(
      leaderBasis(people.lise.id, people.ola.id, withDelegation, new Date('2025-03-10T10:00:00Z')),
    ).toEqual({
      kind: 'delegate',
      onBehalfOf: people.kari.id,
      delegationId: 'd1',
    });
    // Outside its period it gives nothing.
    expect(
      leaderBasis(people.lise.id, people.ola.id, withDelegation, new Date('2025-04-01T10:00:00Z')),
    ).toBeNull();
  });

  it('refuses a leader delegating their own authority, or a stranger granting it', () => {
    const byLeader = recorded(grant(), people.kari, '2025-02-28T10:00:00Z', { streamId: 'd1' });
    const byStranger = recorded(grant(), people.per, '2025-02-28T10:00:00Z', { streamId: 'd2' });
    const fold = foldDelegations([byLeader, byStranger], new Date('2025-03-10T10:00:00Z'));
    expect(fold.delegations).toEqual([]);
    expect(fold.anomalies.map((anomaly) => anomaly.reason)).toEqual([
      'anomaly.notEntitled',
      'anomaly.notEntitled',
    ]);
  });

  it('is revoked by the leader, the delegate or those above; not by others', () => {
    const granted = recorded(grant(), people.marit, '2025-02-28T10:00:00Z', { streamId: 'd1' });
    const byOther = recorded(
      { type: 'delegation.revoked', payload: {} },
      people.ola,
      '2025-03-05T10:00:00Z',
      {
        streamId: 'd1',
      },
    );
    const byLeader = recorded(
      { type: 'delegation.revoked', payload: {} },
      people.kari,
      '2025-03-06T10:00:00Z',
      {
        streamId: 'd1',
      },
    );
    const fold = foldDelegations([byLeader, granted, byOther], new Date('2025-03-10T10:00:00Z'));
    expect(fold.active).toEqual([]);
    expect(fold.views[0]?.revokedBy).toEqual(people.kari);
    expect(fold.anomalies.map((anomaly) => anomaly.reason)).toEqual(['anomaly.notEntitled']);
    const delegation = fold.delegations[0];
    expect(delegation && delegationInForce(delegation, new Date('2025-03-05T12:00:00Z'))).toBe(
      true,
    );
    expect(delegation && delegationInForce(delegation, new Date('2025-03-06T12:00:00Z'))).toBe(
      false,
    );
  });

  it('ignores a revocation before the grant and a grant to oneself', () => {
    const early = recorded(
      { type: 'delegation.revoked', payload: {} },
      people.kari,
      '2025-02-01T10:00:00Z',
      {
        streamId: 'd1',
      },
    );
    const toSelf = recorded(
      {
        type: 'delegation.granted',
        payload: { leader: people.kari, delegate: people.marit, validFrom: '2025-03-01' },
      },
      people.marit,
      '2025-02-02T10:00:00Z',
      { streamId: 'd2' },
    );
    const fold = foldDelegations([early, toSelf], new Date('2025-03-10T10:00:00Z'));
    expect(fold.anomalies.map((anomaly) => anomaly.reason)).toEqual([
      'anomaly.outOfOrder',
      'anomaly.selfOrder',
    ]);
  });
});
