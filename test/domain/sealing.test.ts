// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { foldRequest } from '../../src/domain/request-fold.ts';
import { seal, unseal } from '../../src/domain/sealing.ts';
import { recordedFacts } from '../../src/domain/directory-facts.ts';
import { facts, newUserOrder, people, recorded, submitted } from './fixtures.ts';

const key = '0123456789abcdef0123456789abcdef';
const otherKey = 'fedcba9876543210fedcba9876543210';
const grant = { elementsReference: '2025/412-3', grantedRight: 'read', scope: 'folder' };
const now = new Date('2025-03-20T12:00:00Z');

describe('sealed facts (decision 014)', () => {
  it('opens with the request’s key and the event’s id, and with nothing else', () => {
    const sealed = seal(key, 'e-1', grant);
    expect(sealed).toMatch(/^[0-9a-f]+$/);
    expect(sealed).not.toContain('2025');
    expect(unseal(key, 'e-1', sealed)).toEqual(grant);
    expect(unseal(otherKey, 'e-1', sealed)).toBeNull();
    // Copied onto another event, it does not open: the nonce is the event's.
    expect(unseal(key, 'e-2', sealed)).toBeNull();
  });

  it('does not open once changed, by a single bit', () => {
    const sealed = seal(key, 'e-1', grant);
    const last = sealed.at(-1) === '0' ? '1' : '0';
    expect(unseal(key, 'e-1', `${sealed.slice(0, -1)}${last}`)).toBeNull();
    expect(unseal(key, 'e-1', 'not hex')).toBeNull();
  });

  describe('in the fold', () => {
    const submission = recorded(
      submitted(newUserOrder(people.ola)),
      people.kari,
      '2025-03-10T09:00:00Z',
      {
        context: {
          seen: recordedFacts(
            people.kari.id,
            people.ola.id,
            facts,
            new Date('2025-03-10T09:00:00Z'),
          ),
          blindKey: key,
        },
      },
    );
    const approved = recorded(
      { type: 'request.approved', payload: {} },
      people.sigrid,
      '2025-03-11T09:00:00Z',
      {
        basedOn: [submission],
      },
    );
    const carriedOut = (sealed: string, eventId = 'co-1') =>
      recorded(
        { type: 'request.carried-out', payload: { sealed } },
        people.sigrid,
        '2025-03-12T09:00:00Z',
        {
          eventId,
          basedOn: [submission, approved],
        },
      );

    it('reads the Elements reference a sealed step carries, for whoever holds the submission', () => {
      const view = foldRequest(
        [submission, approved, carriedOut(seal(key, 'co-1', { elementsReference: '2025/412-3' }))],
        { now },
      );
      expect(view.status).toBe('carried-out');
      expect(view.carriedOut?.elementsReference).toBe('2025/412-3');
      expect(view.anomalies).toEqual([]);
    });

    it('does not count a step sealed under another key, and says it could not be read', () => {
      const view = foldRequest(
        [
          submission,
          approved,
          carriedOut(seal(otherKey, 'co-1', { elementsReference: '2025/412-3' })),
        ],
        { now },
      );
      expect(view.status).toBe('approved');
      expect(view.carriedOut).toBeNull();
      expect(view.anomalies.map((anomaly) => [anomaly.eventId, anomaly.reason])).toEqual([
        ['co-1', 'anomaly.unparseable'],
      ]);
    });
  });
});
