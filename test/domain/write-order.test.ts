// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { parseRecordedEvent } from '../../src/domain/events.ts';
import { foldRequest } from '../../src/domain/request-fold.ts';
import { at, newUserOrder, now, people, recorded } from './fixtures.ts';

describe('events written in the same second', () => {
  it("are ordered by the store's write order, not by their random ids", () => {
    const second = at(5);
    // The approval's id sorts before the submission's: only the write order tells them apart.
    const submitted = {
      ...recorded(
        { type: 'request.submitted', payload: { request: newUserOrder() } },
        people.kari,
        second,
        {
          eventId: 'zzz-submitted',
        },
      ),
      sequence: 7,
    };
    const approved = {
      ...recorded({ type: 'request.approved', payload: {} }, people.sigrid, second, {
        eventId: 'aaa-approved',
      }),
      sequence: 8,
    };
    expect(foldRequest([approved, submitted], { now }).status).toBe('approved');
    expect(foldRequest([submitted, approved], { now }).status).toBe('approved');
  });

  it("reads the write order from the list item's id", () => {
    const event = recorded({ type: 'request.approved', payload: {} }, people.sigrid, at(5));
    const parsed = parseRecordedEvent({ ...event, itemId: '42' });
    expect(parsed.ok && parsed.event.sequence).toBe(42);
  });
});
