// @vitest-environment node
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldCampaign } from '../../src/domain/campaign-fold.ts';
import type { CampaignLine } from '../../src/domain/campaigns.ts';
import type { LedgerEvent, RecordedEvent } from '../../src/domain/events.ts';
import type { PersonRef } from '../../src/domain/person.ts';
import { people, recorded } from './fixtures.ts';

const day = (date: string, time = '09:00:00'): string => `${date}T${time}Z`;
const inCampaign = { streamId: 'campaign-1' };

const line = (lineId: string, person: PersonRef, subUnit: string, right: string): CampaignLine => ({
  lineId,
  person,
  module: 'svarut',
  subUnit,
  right,
});

const lines = [
  line('l-ola-1', people.ola, 'Skolekontoret', 'send'),
  line('l-ola-2', people.ola, 'Oppvekst', 'full'),
  line('l-lise', people.lise, 'Byggesak', 'send'),
  line('l-ingrid', people.ingrid, 'Skolekontoret', 'send'),
];

function history(): RecordedEvent[] {
  const by = (event: LedgerEvent, author: PersonRef, when: string) =>
    recorded(event, author, when, inCampaign);
  return [
    by(
      {
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
      },
      people.sigrid,
      day('2025-03-03'),
    ),
    ...lines.map((item) =>
      by(
        { type: 'campaign.line-added', payload: { line: item } },
        people.sigrid,
        day('2025-03-03', '09:01:00'),
      ),
    ),
    ...[people.ola, people.lise, people.ingrid].map((person) =>
      by(
        {
          type: 'campaign.mail-sent',
          payload: {
            personId: person.id,
            lineIds: lines
              .filter((item) => item.person.id === person.id)
              .map((item) => item.lineId),
          },
        },
        people.sigrid,
        day('2025-03-03', '10:00:00'),
      ),
    ),
    by(
      {
        type: 'campaign.answered',
        payload: {
          answers: [
            { lineId: 'l-ola-1', decision: 'keep' },
            { lineId: 'l-ola-2', decision: 'remove', comment: 'Byttet oppgaver i januar.' },
          ],
          channel: 'task-pane',
        },
      },
      people.ola,
      day('2025-03-04'),
    ),
    by(
      {
        type: 'campaign.reply-recorded',
        payload: {
          personId: people.lise.id,
          decision: 'remove',
          messageId: '<nei@bodo>',
          evidence: {
            from: 'lise.olsen@bodo.example',
            internetMessageId: '<nei@bodo>',
            receivedAt: day('2025-03-05', '08:55:00'),
          },
        },
      },
      people.anders,
      day('2025-03-05'),
    ),
  ];
}

describe('a quarterly SvarUt review', () => {
  it('shows who answered what, who has not, and what to remove', () => {
    const view = foldCampaign(history(), new Date(day('2025-03-08')));
    expect(view.status).toBe('open');
    expect(view.anomalies).toEqual([]);
    expect(view.lines.map((item) => [item.line.lineId, item.answer?.decision ?? null])).toEqual([
      ['l-ola-1', 'keep'],
      ['l-ola-2', 'remove'],
      ['l-lise', 'remove'],
      ['l-ingrid', null],
    ]);
    expect(view.lines[2]?.answer).toMatchObject({ channel: 'reply', recordedBy: people.anders });
    expect(view.notAnswered).toEqual([people.ingrid]);
    expect(view.removalList.map((item) => item.line.lineId)).toEqual(['l-ola-2', 'l-lise']);
    expect(view.summary).toEqual({
      lines: 4,
      kept: 1,
      toRemove: 2,
      unanswered: 1,
      removalsConfirmed: 0,
      removalsPending: 2,
      leavers: 0,
      movers: 0,
    });
    expect(view.dueForReminder).toEqual([]);
  });

  it('reminds only those who have not answered, once per cadence', () => {
    const dueOn = foldCampaign(history(), new Date(day('2025-03-10')));
    expect(dueOn.dueForReminder).toEqual([people.ingrid]);
    const reminded = recorded(
      { type: 'campaign.reminded', payload: { personId: people.ingrid.id } },
      people.sigrid,
      day('2025-03-10', '10:00:00'),
      inCampaign,
    );
    const after = foldCampaign([...history(), reminded], new Date(day('2025-03-12')));
    expect(after.dueForReminder).toEqual([]);
    expect(after.people.find((item) => item.person.id === people.ingrid.id)?.remindedAt).toEqual([
      day('2025-03-10', '10:00:00'),
    ]);
  });

  it('counts an answer only from the person the line is about', () => {
    const forOla = recorded(
      {
        type: 'campaign.answered',
        payload: { answers: [{ lineId: 'l-ola-1', decision: 'remove' }], channel: 'task-pane' },
      },
      people.kari,
      day('2025-03-06'),
      inCampaign,
    );
    const view = foldCampaign([...history(), forOla], new Date(day('2025-03-08')));
    expect(view.lines[0]?.answer?.decision).toBe('keep');
    expect(view.anomalies.map((anomaly) => anomaly.reason)).toEqual(['anomaly.notEntitled']);
  });

  it('refuses an answer whose indexed person is not its author, even for the author’s own lines', () => {
    const mislabelled = recorded(
      {
        type: 'campaign.answered',
        payload: {
          personId: people.kari.id,
          answers: [{ lineId: 'l-ola-1', decision: 'remove' }],
          channel: 'task-pane',
        },
      },
      people.ola,
      day('2025-03-06'),
      inCampaign,
    );
    const view = foldCampaign([...history(), mislabelled], new Date(day('2025-03-08')));
    expect(view.lines[0]?.answer?.decision).toBe('keep');
    expect(view.anomalies.map((anomaly) => anomaly.reason)).toEqual(['anomaly.notEntitled']);
  });

  it('lists non-answers after the deadline, confirms removals and closes', () => {
    const confirm = (lineId: string, when: string) =>
      recorded(
        { type: 'campaign.removal-confirmed', payload: { lineId, where: 'ks-fiks' } },
        people.sigrid,
        when,
        inCampaign,
      );
    const closed = recorded(
      { type: 'campaign.closed', payload: { outcome: 'completed', reportReference: '2025/77-4' } },
      people.sigrid,
      day('2025-03-25'),
      inCampaign,
    );
    const late = recorded(
      {
        type: 'campaign.answered',
        payload: { answers: [{ lineId: 'l-ingrid', decision: 'keep' }], channel: 'tab' },
      },
      people.ingrid,
      day('2025-03-26'),
      inCampaign,
    );
    const open = foldCampaign(
      [
        ...history(),
        confirm('l-ola-2', day('2025-03-22')),
        confirm('l-ola-2', day('2025-03-22', '10:00:00')),
      ],
      new Date(day('2025-03-23')),
    );
    expect(open.overdue).toBe(true);
    expect(open.unansweredAfterDeadline.map((item) => item.line.lineId)).toEqual(['l-ingrid']);
    expect(open.removalList.map((item) => item.line.lineId)).toEqual(['l-lise']);
    expect(open.anomalies.map((anomaly) => anomaly.reason)).toEqual(['anomaly.alreadyDecided']);

    const done = foldCampaign(
      [
        ...history(),
        confirm('l-ola-2', day('2025-03-22')),
        confirm('l-lise', day('2025-03-23')),
        closed,
        late,
      ],
      new Date(day('2025-03-27')),
    );
    expect(done.status).toBe('closed');
    expect(done.overdue).toBe(false);
    expect(done.outcome).toMatchObject({
      result: 'completed',
      reportReference: '2025/77-4',
      closedBy: people.sigrid,
    });
    expect(done.summary).toMatchObject({ removalsConfirmed: 2, removalsPending: 0, unanswered: 1 });
    expect(done.anomalies.map((anomaly) => anomaly.reason)).toEqual(['anomaly.afterFinal']);
  });

  it('is created and run only by systemansvarlig', () => {
    const byStaff = recorded(
      {
        type: 'campaign.created',
        payload: {
          campaign: {
            kind: 'annual-role',
            target: 'ar1',
            base: 'bodo',
            deadline: '2025-04-01',
            reminderEveryDays: 7,
          },
        },
      },
      people.kari,
      day('2025-03-01'),
      inCampaign,
    );
    // Kari cannot add to the Systemansvarlig list; a modified client can only put it in a staff list.
    expect(byStaff.list).toBe('requests');
    const view = foldCampaign([byStaff], new Date(day('2025-03-08')));
    expect(view.status).toBeNull();
    expect(view.anomalies.map((anomaly) => anomaly.reason)).toEqual(['anomaly.wrongList']);
  });

  it('gives the same result for any listing order and with duplicates', () => {
    const events = history();
    const expected = foldCampaign(events, new Date(day('2025-03-10')));
    fc.assert(
      fc.property(
        fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
        fc.subarray(events),
        (shuffled, copies) => {
          expect(foldCampaign([...shuffled, ...copies], new Date(day('2025-03-10')))).toEqual(
            expected,
          );
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('a plain reply recorded by version 1, migrated (decision 014)', () => {
  const reply = {
    type: 'campaign.reply-recorded',
    payload: { personId: people.lise.id, decision: 'remove', messageId: '<nei.v1@bodo>' },
  } as const satisfies LedgerEvent;
  const withoutEvidence = history().filter((event) => event.type !== 'campaign.reply-recorded');
  const lise = (view: ReturnType<typeof foldCampaign>) =>
    view.lines.find((item) => item.line.lineId === 'l-lise')?.answer ?? null;

  it('counts the copy without evidence: version 1 recorded none, and its original counted', () => {
    const original: RecordedEvent = {
      ...recorded(reply, people.anders, day('2025-03-05'), {
        ...inCampaign,
        eventId: 'y:lise-v1',
        list: 'requests',
      }),
      schemaVersion: 1,
    };
    const copy = recorded(reply, people.anders, day('2025-03-05'), {
      ...inCampaign,
      eventId: 'y:lise-v1.v2',
      context: { migratedFrom: { itemId: 41, eventId: 'y:lise-v1' } },
    });
    expect(copy).toMatchObject({ list: 'reviews', schemaVersion: 2 });
    const view = foldCampaign([...withoutEvidence, original, copy], new Date(day('2025-03-08')));
    expect(lise(view)).toMatchObject({
      decision: 'remove',
      channel: 'reply',
      recordedBy: people.anders,
    });
    expect(view.anomalies).toEqual([]);
  });

  it('does not excuse a reply that claims to be a copy of an event the stream does not hold', () => {
    const claimed = recorded(reply, people.anders, day('2025-03-05'), {
      ...inCampaign,
      eventId: 'y:lise-claimed',
      context: { migratedFrom: { itemId: 41, eventId: 'y:never-written' } },
    });
    const view = foldCampaign([...withoutEvidence, claimed], new Date(day('2025-03-08')));
    expect(lise(view)).toBeNull();
    expect(view.anomalies.map((anomaly) => [anomaly.eventId, anomaly.reason])).toEqual([
      ['y:lise-claimed', 'anomaly.noEvidence'],
    ]);
  });

  it('still refuses a version 2 reply without evidence that is no copy', () => {
    const fresh = recorded(reply, people.anders, day('2025-03-05'), {
      ...inCampaign,
      eventId: 'y:lise-v2',
    });
    const view = foldCampaign([...withoutEvidence, fresh], new Date(day('2025-03-08')));
    expect(lise(view)).toBeNull();
    expect(view.anomalies.map((anomaly) => [anomaly.eventId, anomaly.reason])).toEqual([
      ['y:lise-v2', 'anomaly.noEvidence'],
    ]);
  });
});
