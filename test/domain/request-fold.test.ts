// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { foldDelegations } from '../../src/domain/delegation-fold.ts';
import { parseRecordedEvent, type LedgerEntry } from '../../src/domain/events.ts';
import { foldRequest } from '../../src/domain/request-fold.ts';
import { checkR8Route, deviationsToReport } from '../../src/domain/rules.ts';
import {
  at,
  extendedAccessRequest,
  externalConsultantOrder,
  factsWith,
  folderRequest,
  newUserOrder,
  now,
  people,
  recorded,
  submitted,
} from './fixtures.ts';

const reasons = (entries: readonly LedgerEntry[]) =>
  foldRequest(entries, { now }).anomalies.map((anomaly) => anomaly.reason);

describe('ordering access: Kari Nordmann orders Bodø access for Ola Hansen', () => {
  const submission = recorded(submitted(newUserOrder(people.ola)), people.kari, at(0));

  it('arrives at systemansvarlig as submitted, with Kari acting as leader', () => {
    const view = foldRequest([submission], { now });
    expect(view.status).toBe('submitted');
    expect(view.requester).toEqual(people.kari);
    expect(view.waitingFor).toEqual({
      step: 'systemansvarlig',
      personId: null,
      group: 'systemansvarlig',
    });
    expect(view.timeline).toHaveLength(1);
    expect(view.timeline[0]?.capacity).toBe('leader');
    expect(view.anomalies).toEqual([]);
  });

  it('is approved by Sigrid Lund and carried out with the Elements reference', () => {
    const approved = recorded({ type: 'request.approved', payload: {} }, people.sigrid, at(5));
    const carriedOut = recorded(
      { type: 'request.carried-out', payload: { elementsReference: '2025/412-3' } },
      people.sigrid,
      at(9),
    );
    const afterApproval = foldRequest([submission, approved], { now });
    expect(afterApproval.status).toBe('approved');
    expect(afterApproval.waitingFor?.step).toBe('carry-out');
    expect(afterApproval.decision).toMatchObject({ outcome: 'approved', by: people.sigrid });

    const done = foldRequest([carriedOut, approved, submission], { now });
    expect(done.status).toBe('carried-out');
    expect(done.carriedOut?.elementsReference).toBe('2025/412-3');
    expect(done.waitingFor).toBeNull();
    expect(done.timeline.map((entry) => [entry.type, entry.author.id])).toEqual([
      ['request.submitted', people.kari.id],
      ['request.approved', people.sigrid.id],
      ['request.carried-out', people.sigrid.id],
    ]);
  });

  it('lets a leader higher up the chain order too (Marit Solberg leads Kari)', () => {
    const view = foldRequest([recorded(submitted(newUserOrder(people.ola)), people.marit, at(0))], {
      now,
    });
    expect(view.status).toBe('submitted');
  });

  it('cannot be carried out before it is approved', () => {
    const early = recorded(
      { type: 'request.carried-out', payload: { elementsReference: '2025/412-3' } },
      people.sigrid,
      at(3),
    );
    const view = foldRequest([submission, early], { now });
    expect(view.status).toBe('submitted');
    expect(view.anomalies.map((anomaly) => anomaly.reason)).toEqual(['anomaly.outOfOrder']);
  });

  it('asks for information and returns to the queue when the requester answers', () => {
    const asked = recorded(
      { type: 'request.information-requested', payload: { questionTextId: 'q-1' } },
      people.anders,
      at(2),
    );
    const answeredByOther = recorded(
      { type: 'request.information-provided', payload: { answerTextId: 'a-0' } },
      people.ola,
      at(3),
    );
    const answered = recorded(
      { type: 'request.information-provided', payload: { answerTextId: 'a-1' } },
      people.kari,
      at(4),
    );
    const waiting = foldRequest([submission, asked], { now });
    expect(waiting.status).toBe('needs-information');
    expect(waiting.waitingFor).toEqual({
      step: 'requester',
      personId: people.kari.id,
      group: null,
    });
    expect(waiting.pendingQuestion?.questionTextId).toBe('q-1');

    const back = foldRequest([submission, asked, answeredByOther, answered], { now });
    expect(back.status).toBe('awaiting-systemansvarlig');
    expect(back.anomalies.map((anomaly) => [anomaly.eventId, anomaly.reason])).toEqual([
      [answeredByOther.eventId, 'anomaly.notEntitled'],
    ]);
  });

  it('is rejected with a reason, and nothing after that counts', () => {
    const rejected = recorded(
      { type: 'request.rejected', payload: { reasonTextId: 'reason-1' } },
      people.sigrid,
      at(5),
    );
    const lateApproval = recorded({ type: 'request.approved', payload: {} }, people.anders, at(6));
    const lateWithdrawal = recorded({ type: 'request.withdrawn', payload: {} }, people.kari, at(7));
    const view = foldRequest([submission, rejected, lateApproval, lateWithdrawal], { now });
    expect(view.status).toBe('rejected');
    expect(view.decision).toMatchObject({ outcome: 'rejected', textId: 'reason-1' });
    expect(view.anomalies.map((anomaly) => anomaly.reason)).toEqual([
      'anomaly.alreadyDecided',
      'anomaly.afterFinal',
    ]);
  });

  it('counts exactly one of two simultaneous decisions: the first recorded', () => {
    const bySigrid = recorded({ type: 'request.approved', payload: {} }, people.sigrid, at(5), {
      eventId: 'b-sigrid',
    });
    const byAnders = recorded(
      { type: 'request.rejected', payload: { reasonTextId: 'r' } },
      people.anders,
      at(5),
      { eventId: 'a-anders' },
    );
    const view = foldRequest([byAnders, submission, bySigrid], { now });
    // Same Created second: the list's item ids break the tie (Sigrid's was stored first), the
    // same way on every client and in any listing order.
    expect(view.status).toBe('approved');
    expect(view.anomalies).toMatchObject([
      { eventId: 'a-anders', reason: 'anomaly.alreadyDecided' },
    ]);
  });

  it('may be withdrawn by the requester while undecided, but not by the subject', () => {
    const bySubject = recorded({ type: 'request.withdrawn', payload: {} }, people.ola, at(1));
    const byRequester = recorded({ type: 'request.withdrawn', payload: {} }, people.kari, at(2));
    const view = foldRequest([submission, bySubject, byRequester], { now });
    expect(view.status).toBe('withdrawn');
    expect(view.anomalies.map((anomaly) => anomaly.reason)).toEqual(['anomaly.notEntitled']);
  });

  it('cannot be withdrawn once approved', () => {
    const approved = recorded({ type: 'request.approved', payload: {} }, people.sigrid, at(5));
    const withdrawal = recorded({ type: 'request.withdrawn', payload: {} }, people.kari, at(6));
    const view = foldRequest([submission, approved, withdrawal], { now });
    expect(view.status).toBe('approved');
    expect(reasons([submission, approved, withdrawal])).toEqual(['anomaly.alreadyDecided']);
  });
});

describe('Ola Hansen cannot order for anyone', () => {
  it('ignores an order he makes for a colleague, and flags it', () => {
    const order = recorded(submitted(newUserOrder(people.ingrid)), people.ola, at(0));
    const view = foldRequest([order], { now });
    expect(view.status).toBeNull();
    expect(view.request).toBeNull();
    expect(view.anomalies).toMatchObject([{ reason: 'anomaly.notEntitled', author: people.ola }]);
    expect(deviationsToReport(view.anomalies)).toMatchObject([
      { key: 'rule.r13.notEntitled', params: { author: 'Ola Hansen' } },
    ]);
  });

  it('ignores an order he makes for himself as a self-order', () => {
    const order = recorded(submitted(newUserOrder(people.ola)), people.ola, at(0));
    expect(reasons([order])).toEqual(['anomaly.selfOrder']);
  });

  it('ignores Kari ordering for Lise Olsen, who is not in her reporting line', () => {
    const order = recorded(submitted(newUserOrder(people.lise)), people.kari, at(0));
    expect(reasons([order])).toEqual(['anomaly.notEntitled']);
  });
});

describe('delegation', () => {
  const granted = recorded(
    {
      type: 'delegation.granted',
      payload: {
        leader: people.per,
        delegate: people.ingrid,
        validFrom: '2025-03-01',
        validTo: '2025-03-31',
      },
    },
    people.tor,
    at(-60),
    { streamId: 'delegation-1' },
  );

  it("lets a delegate of Lise's leader order for her while the delegation is in force", () => {
    const delegations = foldDelegations([granted], now);
    expect(delegations.anomalies).toEqual([]);
    const order = recorded(submitted(newUserOrder(people.lise)), people.ingrid, at(0), {
      facts: factsWith(delegations.delegations),
    });
    const view = foldRequest([order], { now, delegations: delegations.delegations });
    expect(view.status).toBe('submitted');
    expect(view.timeline[0]).toMatchObject({ capacity: 'delegate', onBehalfOf: people.per.id });
  });

  it('no longer counts once revoked', () => {
    const revoked = recorded({ type: 'delegation.revoked', payload: {} }, people.per, at(-10), {
      streamId: 'delegation-1',
    });
    const delegations = foldDelegations([granted, revoked], now);
    // Written by a client that still knew the delegation: the ledger says it was revoked.
    const order = recorded(submitted(newUserOrder(people.lise)), people.ingrid, at(0), {
      facts: factsWith(foldDelegations([granted], now).delegations),
    });
    const view = foldRequest([order], { now, delegations: delegations.delegations });
    expect(view.status).toBeNull();
  });
});

describe('folder access: Ola Hansen asks for write access to an elevsak folder', () => {
  const request = recorded(submitted(folderRequest(people.ola, 'write')), people.ola, at(0));

  it('goes straight to systemansvarlig, for the folder only', () => {
    const view = foldRequest([request], { now });
    expect(view.status).toBe('submitted');
    expect(view.requiredStages).toEqual(['systemansvarlig']);
    expect(view.request).toMatchObject({ grading: 'elevsak', right: 'write', scope: 'folder' });
    expect(view.timeline[0]).toMatchObject({
      capacity: 'requester',
      textId: 'text-justification-1',
    });
  });

  it('is refused when made on someone else’s behalf', () => {
    const forOther = recorded(submitted(folderRequest(people.ingrid)), people.ola, at(0));
    expect(reasons([forOther])).toEqual(['anomaly.notEntitled']);
  });

  it('does not let a grant wider than the request count (R6)', () => {
    const readOnly = recorded(submitted(folderRequest(people.ola, 'read')), people.ola, at(0));
    const approved = recorded({ type: 'request.approved', payload: {} }, people.sigrid, at(1));
    const tooWide = recorded(
      {
        type: 'request.carried-out',
        payload: { elementsReference: '2024/1537', grantedRight: 'write', scope: 'folder' },
      },
      people.sigrid,
      at(2),
    );
    const view = foldRequest([readOnly, approved, tooWide], { now });
    expect(view.status).toBe('approved');
    expect(view.anomalies.map((anomaly) => anomaly.reason)).toEqual([
      'anomaly.grantExceedsRequest',
    ]);
  });
});

describe('R8: extended access travels Ola → Kari → Hilde Arnesen → Sigrid Lund', () => {
  const request = recorded(submitted(extendedAccessRequest(people.ola)), people.ola, at(0));
  const leader = recorded(
    { type: 'request.leader-confirmed', payload: { confirmationTextId: 'confirm-1' } },
    people.kari,
    at(10),
  );
  const arkivleder = recorded(
    { type: 'request.arkivleder-approved', payload: {} },
    people.hilde,
    at(20),
  );
  const approved = recorded({ type: 'request.approved', payload: {} }, people.sigrid, at(30));

  it('waits for each in turn', () => {
    const steps = [request, leader, arkivleder, approved];
    const statuses = steps.map(
      (_, index) => foldRequest(steps.slice(0, index + 1), { now }).status,
    );
    expect(statuses).toEqual([
      'awaiting-leader',
      'awaiting-arkivleder',
      'awaiting-systemansvarlig',
      'approved',
    ]);
    const first = foldRequest([request], { now });
    expect(first.waitingFor).toEqual({ step: 'leader', personId: people.kari.id, group: null });
    const done = foldRequest(steps, { now });
    expect(done.stagesPassed).toEqual(['leader', 'arkivleder', 'systemansvarlig']);
    expect(checkR8Route(done)).toEqual([]);
    expect(done.anomalies).toEqual([]);
  });

  it('does not let systemansvarlig skip the leader and the arkivleder', () => {
    const early = recorded({ type: 'request.approved', payload: {} }, people.sigrid, at(5));
    const view = foldRequest([request, early], { now });
    expect(view.status).toBe('awaiting-leader');
    expect(view.anomalies.map((anomaly) => anomaly.reason)).toEqual(['anomaly.outOfOrder']);
    expect(checkR8Route(view)).toEqual([
      { key: 'rule.r8.leaderConfirmationMissing' },
      { key: 'rule.r8.arkivlederApprovalMissing' },
    ]);
  });

  it("does not take Per Johansen's confirmation: he is not Ola's leader", () => {
    const wrongLeader = recorded(
      { type: 'request.leader-confirmed', payload: { confirmationTextId: 'c' } },
      people.per,
      at(10),
    );
    const view = foldRequest([request, wrongLeader], { now });
    expect(view.status).toBe('awaiting-leader');
    expect(view.anomalies.map((anomaly) => anomaly.reason)).toEqual(['anomaly.notEntitled']);
  });

  it('does not let Ola confirm his own service need', () => {
    const self = recorded(
      { type: 'request.leader-confirmed', payload: { confirmationTextId: 'c' } },
      people.ola,
      at(10),
    );
    expect(reasons([request, self])).toEqual(['anomaly.ownRequest']);
  });

  it('needs a member of Arkivleder for the second step: only they can write where it counts', () => {
    // Sigrid cannot add to the Arkivleder list; a modified client can put the event in a staff list.
    const notArkivleder = recorded(
      { type: 'request.arkivleder-approved', payload: {} },
      people.sigrid,
      at(20),
      { r8: true },
    );
    const view = foldRequest([request, leader, notArkivleder], { now });
    expect(notArkivleder.list).toBe('r8');
    expect(view.status).toBe('awaiting-arkivleder');
    expect(view.anomalies.map((anomaly) => anomaly.reason)).toEqual(['anomaly.wrongList']);
  });

  it('ends when the leader declines', () => {
    const declined = recorded(
      { type: 'request.leader-declined', payload: { reasonTextId: 'no' } },
      people.kari,
      at(10),
    );
    const view = foldRequest([request, declined, arkivleder], { now });
    expect(view.status).toBe('rejected');
    expect(view.decision).toMatchObject({ stage: 'leader', by: people.kari });
  });

  it('rejects leader steps on a kind that has none', () => {
    const order = recorded(submitted(newUserOrder()), people.kari, at(0));
    const confirm = recorded(
      { type: 'request.leader-confirmed', payload: { confirmationTextId: 'c' } },
      people.marit,
      at(1),
    );
    expect(reasons([order, confirm])).toEqual(['anomaly.notApplicable']);
  });
});

describe('nobody decides their own request', () => {
  it('ignores and flags Sigrid Lund approving a folder request she made herself', () => {
    const own = recorded(submitted(folderRequest(people.sigrid, 'read')), people.sigrid, at(0));
    const selfApproval = recorded({ type: 'request.approved', payload: {} }, people.sigrid, at(1));
    const view = foldRequest([own, selfApproval], { now });
    expect(view.status).toBe('submitted');
    expect(view.anomalies).toMatchObject([{ reason: 'anomaly.ownRequest', author: people.sigrid }]);
    expect(deviationsToReport(view.anomalies).map((item) => item.key)).toEqual([
      'rule.r13.ownRequest',
    ]);

    const byColleague = recorded({ type: 'request.approved', payload: {} }, people.anders, at(2));
    expect(foldRequest([own, selfApproval, byColleague], { now }).status).toBe('approved');
  });

  it('ignores Anders Moe approving an order that concerns him', () => {
    const order = recorded(submitted(newUserOrder(people.anders)), people.hilde, at(0));
    const approval = recorded({ type: 'request.approved', payload: {} }, people.anders, at(1));
    expect(reasons([order, approval])).toEqual(['anomaly.ownRequest']);
  });

  it('ignores a staff member deciding anything: the decision is not in the Systemansvarlig list', () => {
    const order = recorded(submitted(newUserOrder()), people.kari, at(0));
    const approval = recorded({ type: 'request.approved', payload: {} }, people.ingrid, at(1));
    const view = foldRequest([order, approval], { now });
    expect(approval.list).toBe('requests');
    expect(view.status).toBe('submitted');
    expect(view.anomalies.map((anomaly) => anomaly.reason)).toEqual(['anomaly.wrongList']);
  });
});

describe('external consultants (R10)', () => {
  const order = recorded(submitted(externalConsultantOrder()), people.kari, at(0));
  const approved = recorded({ type: 'request.approved', payload: {} }, people.sigrid, at(1));
  const carriedOut = recorded(
    { type: 'request.carried-out', payload: { elementsReference: '2025/99' } },
    people.sigrid,
    at(3),
  );

  it('go to Atea after approval, before they can be carried out', () => {
    const before = foldRequest([order, approved, carriedOut], { now });
    expect(before.status).toBe('approved');
    expect(before.waitingFor?.step).toBe('send-to-atea');
    expect(before.anomalies.map((anomaly) => anomaly.reason)).toEqual(['anomaly.outOfOrder']);

    const sent = recorded({ type: 'request.sent-to-atea', payload: {} }, people.sigrid, at(2));
    const after = foldRequest([order, approved, sent, carriedOut], { now });
    expect(after.status).toBe('carried-out');
    expect(after.sentToAteaAt).toBe(at(2));
    expect(after.endDate).toBe('2025-09-30');
  });

  it('expire after the period, judged from now, and become a removal task', () => {
    const sent = recorded({ type: 'request.sent-to-atea', payload: {} }, people.sigrid, at(2));
    const events = [order, approved, sent, carriedOut];
    const during = foldRequest(events, { now: new Date('2025-09-30T21:00:00Z') });
    expect(during.status).toBe('carried-out');
    expect(during.daysUntilExpiry).toBe(0);
    const after = foldRequest(events, { now: new Date('2025-09-30T22:30:00Z') });
    expect(after.status).toBe('expired');
    expect(after.waitingFor?.step).toBe('remove-expired');
    expect(after.carriedOut?.elementsReference).toBe('2025/99');
  });

  it('are not ordered by someone who leads nobody', () => {
    const byOla = recorded(submitted(externalConsultantOrder()), people.ola, at(0));
    expect(reasons([byOla])).toEqual(['anomaly.notEntitled']);
  });
});

describe('reading the ledger', () => {
  it('reports an unreadable item as an anomaly and goes on', () => {
    const order = recorded(submitted(newUserOrder()), people.kari, at(0));
    const broken = parseRecordedEvent({ ...order, eventId: 'broken', payload: '{not json' });
    expect(broken.ok).toBe(false);
    if (broken.ok) return;
    const view = foldRequest([order, broken.unreadable], { now });
    expect(view.status).toBe('submitted');
    expect(view.anomalies).toMatchObject([{ eventId: 'broken', reason: 'anomaly.unparseable' }]);
  });

  it('keeps the earliest of two different events with the same id', () => {
    const order = recorded(submitted(newUserOrder()), people.kari, at(0));
    const approval = recorded({ type: 'request.approved', payload: {} }, people.sigrid, at(2), {
      eventId: 'same',
    });
    const forged = recorded(
      { type: 'request.rejected', payload: { reasonTextId: 'x' } },
      people.sigrid,
      at(3),
      { eventId: 'same' },
    );
    const view = foldRequest([forged, order, approval], { now });
    expect(view.status).toBe('approved');
    expect(view.anomalies).toMatchObject([
      { eventId: 'same', reason: 'anomaly.duplicateConflict' },
    ]);
  });

  it('ignores a second submission and events from other streams', () => {
    const order = recorded(submitted(newUserOrder()), people.kari, at(0));
    const again = recorded(submitted(newUserOrder(people.ingrid)), people.kari, at(1));
    const other = recorded({ type: 'request.approved', payload: {} }, people.sigrid, at(2), {
      streamId: 'request-2',
    });
    expect(reasons([order, again, other])).toEqual([
      'anomaly.duplicateSubmission',
      'anomaly.wrongStream',
    ]);
  });

  it('has no state before a submission', () => {
    const approval = recorded({ type: 'request.approved', payload: {} }, people.sigrid, at(2));
    const view = foldRequest([approval], { now });
    expect(view.status).toBeNull();
    expect(view.anomalies.map((anomaly) => anomaly.reason)).toEqual(['anomaly.outOfOrder']);
    expect(foldRequest([], { now })).toMatchObject({
      requestId: null,
      status: null,
      timeline: [],
    });
  });
});

describe('expiry of an approval never carried out', () => {
  it('lapses without becoming a removal task', () => {
    const order = recorded(
      submitted({ ...newUserOrder(), endDate: '2025-03-31' }),
      people.kari,
      at(0),
    );
    const approved = recorded({ type: 'request.approved', payload: {} }, people.sigrid, at(1));
    const view = foldRequest([order, approved], { now: new Date('2025-04-02T10:00:00Z') });
    expect(view.status).toBe('expired');
    expect(view.waitingFor).toBeNull();
    expect(view.daysUntilExpiry).toBe(-2);
  });
});
