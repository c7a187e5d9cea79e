// @vitest-environment node
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isUnreadable,
  parseRecordedEvent,
  parseRecordedEvents,
  toEnvelope,
} from '../../src/domain/events.ts';
import { at, folderRequest, newUserOrder, people, submitted } from './fixtures.ts';

/** A list item as the Graph adapter maps it: columns, Payload as JSON text, SharePoint's author and Created. */
function storedItem(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const envelope = toEnvelope(submitted(newUserOrder()), {
    eventId: 'ev-1',
    streamId: 'req-1',
    occurredAt: new Date('2025-03-10T09:00:00Z'),
  });
  const { type, payload, ...columns } = envelope;
  return {
    ...columns,
    type,
    payload: JSON.stringify(payload),
    author: { id: people.kari.id, displayName: 'Kari Nordmann' },
    recordedAt: '2025-03-10T09:00:02Z',
    ...overrides,
  };
}

describe('toEnvelope', () => {
  it('fills stream kind, index columns and schema version', () => {
    const envelope = toEnvelope(submitted(folderRequest()), {
      eventId: 'e',
      streamId: 's',
      occurredAt: '2025-03-10T10:00:00+01:00',
    });
    expect(envelope).toMatchObject({
      eventId: 'e',
      streamId: 's',
      streamKind: 'request',
      type: 'request.submitted',
      subjectId: people.ola.id,
      base: 'bodo',
      schemaVersion: 2,
      occurredAt: '2025-03-10T10:00:00+01:00',
      list: 'requests',
    });
    const answer = toEnvelope(
      {
        type: 'campaign.answered',
        payload: { answers: [{ lineId: 'l', decision: 'keep' }], channel: 'task-pane' },
      },
      { eventId: 'e2', streamId: 'c', occurredAt: at(0) },
    );
    expect(answer.streamKind).toBe('campaign');
    expect(answer.subjectId).toBeUndefined();
    // Each type goes to its home list (decision 014): answers with the staff events.
    expect(answer.list).toBe('requests');
    const approval = toEnvelope(
      { type: 'request.approved', payload: {} },
      { eventId: 'e3', streamId: 's', occurredAt: at(0) },
    );
    expect(approval.list).toBe('systemansvarlig');
    const r8Answer = toEnvelope(
      { type: 'request.information-provided', payload: { answerTextId: 't' } },
      { eventId: 'e4', streamId: 's', occurredAt: at(0), home: { r8: true } },
    );
    expect(r8Answer.list).toBe('r8');
  });
});

describe('parseRecordedEvent', () => {
  it('reads a stored item back, with the payload given as JSON text', () => {
    const parsed = parseRecordedEvent(storedItem());
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.event).toMatchObject({
      eventId: 'ev-1',
      type: 'request.submitted',
      author: { id: people.kari.id, displayName: 'Kari Nordmann' },
      recordedAt: '2025-03-10T09:00:02Z',
    });
  });

  it('takes null columns and a missing display name as absent', () => {
    const parsed = parseRecordedEvent(
      storedItem({ author: { id: people.kari.id, displayName: null } }),
    );
    expect(parsed.ok && parsed.event.author).toEqual({ id: people.kari.id });
    const approval = toEnvelope(
      { type: 'request.approved', payload: {} },
      { eventId: 'a', streamId: 'req-1', occurredAt: at(1) },
    );
    const withNulls = parseRecordedEvent({
      ...approval,
      subjectId: null,
      base: null,
      author: people.sigrid,
      recordedAt: at(1),
    });
    expect(withNulls.ok).toBe(true);
  });

  it.each([
    ['broken JSON', { payload: '{' }],
    ['an unknown type', { type: 'request.teleported' }],
    [
      'a payload that does not fit its type',
      { payload: JSON.stringify({ request: { kind: 'order.new-user' } }) },
    ],
    ['a stream kind that contradicts the type', { streamKind: 'campaign' }],
    ['a base column that contradicts the payload', { base: 'rost' }],
    ['a subject column that contradicts the payload', { subjectId: people.ingrid.id }],
    ['no author', { author: undefined }],
    ['no Created', { recordedAt: 'yesterday' }],
    ['a future schema version', { schemaVersion: 3 }],
    ['no list', { list: undefined }],
    ['a list the ledger does not have', { list: 'everyone' }],
    ['a context that is not the schema', { context: JSON.stringify({ basedOn: 'all' }) }],
  ])('reports %s as unreadable', (_, overrides) => {
    const parsed = parseRecordedEvent(storedItem(overrides));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.unreadable).toMatchObject({ unreadable: true, eventId: 'ev-1' });
    expect(parsed.unreadable.issues.length).toBeGreaterThan(0);
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), (raw) => {
        const parsed = parseRecordedEvent(raw);
        expect(typeof parsed.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
    expect(parseRecordedEvents([null, storedItem()]).map(isUnreadable)).toEqual([true, false]);
  });
});
