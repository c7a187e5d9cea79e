// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { foldCampaign } from '../../src/domain/campaign-fold.ts';
import type { CampaignLine } from '../../src/domain/campaigns.ts';
import { createDirectoryFacts } from '../../src/domain/directory-facts.ts';
import type { LedgerEvent, RecordedEvent } from '../../src/domain/events.ts';
import type { PersonRef } from '../../src/domain/person.ts';
import { foldRequest } from '../../src/domain/request-fold.ts';
import {
  at,
  extendedAccessRequest,
  folderRequest,
  newUserOrder,
  now,
  people,
  recorded,
  submitted,
} from './fixtures.ts';

/**
 * Decision 014: what counts is fixed when an event is written, by the list it
 * is in and the facts it recorded, and nothing a writer's clock or a later
 * directory says can change a decided request.
 */

const reasons = (view: { anomalies: readonly { reason: string; eventId: string | null }[] }) =>
  view.anomalies.map((anomaly) => [anomaly.eventId, anomaly.reason]);

describe('the leader relation is what the order recorded', () => {
  it('counts Kari as Ola’s leader because her client recorded his manager chain', () => {
    const order = recorded(submitted(newUserOrder(people.ola)), people.kari, at(0));
    expect(order.context?.seen?.chain).toEqual([people.kari.id, people.marit.id, people.rolf.id]);
    expect(foldRequest([order], { now }).timeline[0]).toMatchObject({ capacity: 'leader' });
  });

  it('does not count an order whose recorded chain does not hold its author', () => {
    // What a modified client writes when it claims Per leads Ola: the recorded chain says otherwise.
    const order = recorded(submitted(newUserOrder(people.ola)), people.per, at(0));
    expect(reasons(foldRequest([order], { now }))).toEqual([
      [order.eventId, 'anomaly.notEntitled'],
    ]);
  });

  it('does not count a chain recorded for someone else', () => {
    const order = recorded(submitted(newUserOrder(people.ola)), people.per, at(0), {
      context: { seen: { about: people.lise.id, chain: [people.per.id, people.tor.id] } },
    });
    expect(foldRequest([order], { now }).status).toBeNull();
  });

  it('does not count an order with no recorded facts at all', () => {
    const order = recorded(submitted(newUserOrder(people.ola)), people.kari, at(0), {
      context: {},
    });
    expect(foldRequest([order], { now }).status).toBeNull();
  });

  it('does not honour a delegation the ledger does not hold', () => {
    const order = recorded(submitted(newUserOrder(people.lise)), people.ingrid, at(0), {
      context: {
        seen: {
          about: people.lise.id,
          chain: [people.per.id, people.tor.id],
          delegationId: 'made-up',
        },
      },
    });
    expect(reasons(foldRequest([order], { now }))).toEqual([
      [order.eventId, 'anomaly.notEntitled'],
    ]);
  });
});

describe('a role is proven by the list it wrote to', () => {
  const order = recorded(submitted(newUserOrder(people.ola)), people.kari, at(0), {
    streamId: 'r-list',
  });

  it('ignores an approval in a staff list even when its author is systemansvarlig', () => {
    const misplaced = recorded({ type: 'request.approved', payload: {} }, people.sigrid, at(1), {
      streamId: 'r-list',
      list: 'requests',
    });
    const view = foldRequest([order, misplaced], { now });
    expect(view.status).toBe('submitted');
    expect(reasons(view)).toEqual([[misplaced.eventId, 'anomaly.wrongList']]);
  });

  it('ignores an arkivleder approval in the Systemansvarlig list', () => {
    const request = recorded(submitted(extendedAccessRequest(people.ola)), people.ola, at(0), {
      streamId: 'r-list-2',
    });
    const leader = recorded(
      { type: 'request.leader-confirmed', payload: { confirmationTextId: 'c' } },
      people.kari,
      at(1),
      { streamId: 'r-list-2' },
    );
    const misplaced = recorded(
      { type: 'request.arkivleder-approved', payload: {} },
      people.hilde,
      at(2),
      { streamId: 'r-list-2', list: 'systemansvarlig' },
    );
    const view = foldRequest([request, leader, misplaced], { now });
    expect(view.status).toBe('awaiting-arkivleder');
    expect(reasons(view)).toEqual([[misplaced.eventId, 'anomaly.wrongList']]);
  });
});

describe('one person, one stage', () => {
  it('does not let Hilde pass both the leader and the arkivleder stage of Anders’ request', () => {
    const stream = { streamId: 'two-stages' };
    const request = recorded(
      submitted(extendedAccessRequest(people.anders)),
      people.anders,
      at(0),
      stream,
    );
    const asLeader = recorded(
      { type: 'request.leader-confirmed', payload: { confirmationTextId: 'c' } },
      people.hilde,
      at(1),
      stream,
    );
    const asArkivleder = recorded(
      { type: 'request.arkivleder-approved', payload: {} },
      people.hilde,
      at(2),
      stream,
    );
    const view = foldRequest([request, asLeader, asArkivleder], { now });
    expect(view.status).toBe('awaiting-arkivleder');
    expect(view.stagesPassed).toEqual(['leader']);
    expect(reasons(view)).toEqual([[asArkivleder.eventId, 'anomaly.secondStage']]);
  });

  it('does not let the leader who confirmed approve as systemansvarlig', () => {
    // Kari is both Ola's leader and, in this directory, a member of Systemansvarlig.
    const kariDecides = createDirectoryFacts({
      managers: { [people.ola.id]: people.kari.id, [people.kari.id]: null },
      groups: { systemansvarlig: [people.kari.id], arkivleder: [people.hilde.id] },
    });
    const stream = { streamId: 'leader-then-decider', facts: kariDecides };
    const request = recorded(
      submitted(extendedAccessRequest(people.ola)),
      people.ola,
      at(0),
      stream,
    );
    const confirmed = recorded(
      { type: 'request.leader-confirmed', payload: { confirmationTextId: 'c' } },
      people.kari,
      at(1),
      stream,
    );
    const arkivleder = recorded(
      { type: 'request.arkivleder-approved', payload: {} },
      people.hilde,
      at(2),
      stream,
    );
    const approval = recorded(
      { type: 'request.approved', payload: {} },
      people.kari,
      at(3),
      stream,
    );
    const view = foldRequest([request, confirmed, arkivleder, approval], { now });
    expect(view.status).toBe('awaiting-systemansvarlig');
    expect(reasons(view)).toEqual([[approval.eventId, 'anomaly.secondStage']]);
  });
});

describe('order without trusting anyone’s clock', () => {
  it('keeps a back-dated withdrawal after the approval that did not see it', () => {
    const stream = { streamId: 'backdated' };
    const request = recorded(submitted(folderRequest(people.ola)), people.ola, at(0), stream);
    const approval = recorded({ type: 'request.approved', payload: {} }, people.sigrid, at(10), {
      ...stream,
      basedOn: [request],
    });
    // Written after the approval (a later item id), with Created set back through SharePoint REST.
    const withdrawal: RecordedEvent = {
      ...recorded({ type: 'request.withdrawn', payload: {} }, people.ola, at(11), stream),
      recordedAt: at(5),
    };
    const view = foldRequest([withdrawal, approval, request], { now });
    // As for a withdrawal that truly raced the decision: the decision did not see it, so it stands.
    expect(view.status).toBe('approved');
    expect(reasons(view)).toEqual([[withdrawal.eventId, 'anomaly.alreadyDecided']]);
  });

  it('flags an item whose Created goes back against its own list’s item ids', () => {
    const stream = { streamId: 'backdated-in-list' };
    const request = recorded(submitted(folderRequest(people.ola)), people.ola, at(10), stream);
    const asked = recorded(
      { type: 'request.information-requested', payload: { questionTextId: 'q' } },
      people.sigrid,
      at(11),
      { ...stream, basedOn: [request] },
    );
    const answer: RecordedEvent = {
      ...recorded(
        { type: 'request.information-provided', payload: { answerTextId: 'a' } },
        people.ola,
        at(12),
        stream,
      ),
      recordedAt: at(1),
    };
    const view = foldRequest([answer, asked, request], { now });
    expect(view.status).toBe('awaiting-systemansvarlig');
    expect(reasons(view)).toEqual([[answer.eventId, 'anomaly.backdated']]);
  });

  it('flags an owner’s edit and a decision based on an event that is gone, and still counts them', () => {
    const stream = { streamId: 'tampered' };
    const request = recorded(submitted(folderRequest(people.ola)), people.ola, at(0), stream);
    const lost = recorded(
      { type: 'request.information-provided', payload: { answerTextId: 'a' } },
      people.ola,
      at(1),
      stream,
    );
    const approval: RecordedEvent = {
      ...recorded({ type: 'request.approved', payload: {} }, people.sigrid, at(2), {
        ...stream,
        basedOn: [request, lost],
      }),
      revision: { version: 3, modifiedAt: at(30) },
    };
    const view = foldRequest([request, approval], { now });
    expect(view.status).toBe('approved');
    expect(view.anomalies.map((anomaly) => [anomaly.reason, anomaly.params])).toEqual([
      ['anomaly.edited', { version: 3 }],
      ['anomaly.missingEvent', { count: 1 }],
    ]);
  });
});

describe('version 1 events', () => {
  it('count through their migrated copies, and are reported without one', () => {
    const stream = { streamId: 'legacy' };
    const original: RecordedEvent = {
      ...recorded(submitted(folderRequest(people.ola)), people.ola, at(0), {
        ...stream,
        eventId: 'legacy-submission',
      }),
      schemaVersion: 1,
    };
    const copy = recorded(submitted(folderRequest(people.ola)), people.ola, at(0), {
      ...stream,
      eventId: 'legacy-submission.v2',
      context: { migratedFrom: { itemId: 1, eventId: 'legacy-submission' } },
    });
    expect(foldRequest([original, copy], { now })).toMatchObject({
      status: 'submitted',
      anomalies: [],
    });
    expect(reasons(foldRequest([original], { now }))).toEqual([
      ['legacy-submission', 'anomaly.notMigrated'],
    ]);
  });
});

describe('campaigns', () => {
  const stream = { streamId: 'campaign-trust' };
  const line = (
    lineId: string,
    person: { readonly id: string; readonly displayName?: string },
    extra: Partial<CampaignLine> = {},
  ): CampaignLine => ({
    lineId,
    person,
    module: 'svarut',
    subUnit: 'Skolekontoret',
    right: 'send',
    ...extra,
  });
  const event = (body: LedgerEvent, author: PersonRef = people.sigrid, minute = 0) =>
    recorded(body, author, at(minute), stream);
  const creation: LedgerEvent = {
    type: 'campaign.created',
    payload: {
      campaign: {
        kind: 'quarterly-module',
        target: 'svarut',
        base: 'bodo',
        deadline: '2025-03-21',
        reminderEveryDays: 7,
      },
    },
  };
  const created = event(creation);
  const lines = [
    event({ type: 'campaign.line-added', payload: { line: line('l-ola', people.ola) } }),
    event({
      type: 'campaign.line-added',
      payload: {
        line: line('l-gone', { id: 'mail:tidligere@bodo.example' }, { presence: 'left' }),
      },
    }),
  ];

  it('puts a leaver’s line on the removal list without asking anyone', () => {
    const view = foldCampaign([created, ...lines], now);
    expect(view.notAnswered.map((person) => person.id)).toEqual([people.ola.id]);
    expect(view.removalList.map((item) => [item.line.lineId, item.presence])).toEqual([
      ['l-gone', 'left'],
    ]);
    expect(view.summary).toMatchObject({ leavers: 1, movers: 0, unanswered: 1 });
  });

  it('does not count a recorded reply without what the mailbox showed', () => {
    const reply = event(
      {
        type: 'campaign.reply-recorded',
        payload: { personId: people.ola.id, decision: 'remove', messageId: '<made-up@bodo>' },
      },
      people.anders,
      5,
    );
    const view = foldCampaign([created, ...lines, reply], now);
    expect(view.lines.find((item) => item.line.lineId === 'l-ola')?.answer).toBeNull();
    expect(reasons(view)).toEqual([[reply.eventId, 'anomaly.noEvidence']]);
  });

  it('reads an answer the close did not see as late, whatever its Created says', () => {
    const answer = (minute: number) =>
      event(
        {
          type: 'campaign.answered',
          payload: {
            personId: people.ola.id,
            answers: [{ lineId: 'l-ola', decision: minute < 20 ? 'keep' : 'remove' }],
            channel: 'task-pane',
          },
        },
        people.ola,
        minute,
      );
    const first = answer(10);
    const closed = recorded(
      { type: 'campaign.closed', payload: { outcome: 'completed' } },
      people.sigrid,
      at(30),
      { ...stream, context: { answersSeen: { upTo: first.sequence ?? 0, count: 1 } } },
    );
    const afterClose: RecordedEvent = { ...answer(40), recordedAt: at(15) };
    const view = foldCampaign([created, ...lines, first, closed, afterClose], now);
    expect(view.status).toBe('closed');
    expect(view.lines.find((item) => item.line.lineId === 'l-ola')?.answer?.decision).toBe('keep');
    expect(reasons(view)).toEqual([[afterClose.eventId, 'anomaly.afterFinal']]);
  });

  it('reports an answer the close saw that is no longer there', () => {
    const closed = recorded(
      { type: 'campaign.closed', payload: { outcome: 'completed' } },
      people.sigrid,
      at(30),
      { ...stream, context: { answersSeen: { upTo: 10 ** 16, count: 2 } } },
    );
    const view = foldCampaign([created, ...lines, closed], now);
    expect(view.anomalies.map((anomaly) => [anomaly.reason, anomaly.params])).toEqual([
      ['anomaly.missingEvent', { count: 2 }],
    ]);
  });

  it('proves nothing for a campaign created outside the Systemansvarlig list', () => {
    const forged = recorded(creation, people.sigrid, at(0), {
      streamId: 'campaign-forged',
      list: 'requests',
    });
    const view = foldCampaign([forged], now);
    expect(view.status).toBeNull();
    expect(reasons(view)).toEqual([[forged.eventId, 'anomaly.wrongList']]);
  });
});
