// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  parseRecordedEvent,
  toEnvelope,
  type EventEnvelope as DomainEnvelope,
} from '../../src/domain/events.ts';
import { createGraphLedger, type EventEnvelope } from '../../src/m365/ledger.ts';
import { graphAs, provisionedEmulator, SITE_URL } from './emulator-kit.ts';

/** The domain builds envelopes; the ledger port must take them as they are (checked by tsc). */
function accepts(envelope: DomainEnvelope): EventEnvelope {
  return envelope;
}

describe('the ledger port and the domain', () => {
  it("stores the domain's envelopes as they are, and the domain reads them back with the author", async () => {
    const emulator = await provisionedEmulator();
    const ledger = createGraphLedger(graphAs(emulator, 'kari.nordmann@bodo.example'), {
      site: SITE_URL,
    });
    const envelope = toEnvelope(
      { type: 'request.leader-confirmed', payload: { confirmationTextId: crypto.randomUUID() } },
      { eventId: crypto.randomUUID(), streamId: 'request-42', occurredAt: '2026-11-28T09:00:00Z' },
    );
    const stored = await ledger.append(accepts(envelope));
    const parsed = parseRecordedEvent(stored);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.event.author.id).toBe(stored.author.id);
      expect(parsed.event.recordedAt).toBe(stored.recordedAt);
      expect(parsed.event.type).toBe('request.leader-confirmed');
    }
  });
});
