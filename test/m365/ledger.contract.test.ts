// @vitest-environment node
import { z } from 'zod';
import { beforeEach, describe, expect, it } from 'vitest';
import { demoPersonIds } from '../../emulator/directory-data.ts';
import { createGraphLedger, type EventEnvelope } from '../../src/m365/ledger.ts';
import { eventsList } from '../../src/m365/ledger-schema.ts';
import {
  countingFetch,
  graphAs,
  provisionedEmulator,
  SITE_URL,
  type Emulator,
} from './emulator-kit.ts';

let emulator: Emulator;

beforeEach(async () => {
  emulator = await provisionedEmulator();
});

function ledgerAs(user: string, options: { batch?: boolean } = {}) {
  const { fetch, counter } = countingFetch(emulator);
  const ledger = createGraphLedger(graphAs(emulator, user, { fetch }), { site: SITE_URL }, options);
  return { ledger, counter };
}

let sequence = 0;
function envelope(overrides: Partial<EventEnvelope> = {}): EventEnvelope {
  sequence += 1;
  return {
    eventId: crypto.randomUUID(),
    streamId: 'request-1',
    streamKind: 'request',
    type: 'request.submitted',
    subjectId: demoPersonIds.olaHansen,
    base: 'Bodø',
    occurredAt: `2026-11-28T09:00:${String(sequence % 60).padStart(2, '0')}Z`,
    payload: { module: 'Arkiv', nested: { list: [1, 'two', null] } },
    schemaVersion: 1,
    ...overrides,
  };
}

describe('Graph ledger against the emulator', () => {
  it('appends an event and returns it with the author and time SharePoint stamped', async () => {
    const { ledger } = ledgerAs('ola.hansen@bodo.example');
    const sent = envelope();
    const stored = await ledger.append(sent);
    expect(stored).toMatchObject(sent);
    expect(stored.author).toMatchObject({ id: demoPersonIds.olaHansen, displayName: 'Ola Hansen' });
    expect(stored.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(stored.itemId).toMatch(/^\d+$/);
    expect(stored.eTag).toMatch(/^".+,1"$/);
  });

  it('never stores the same event twice: a repeated append returns the first', async () => {
    const { ledger } = ledgerAs('ola.hansen@bodo.example');
    const sent = envelope({ streamId: 'request-twice' });
    const first = await ledger.append(sent);
    const again = await ledger.append(sent);
    expect(again.itemId).toBe(first.itemId);
    expect((await ledger.readStream('request-twice')).events).toHaveLength(1);
  });

  it('refuses a different event that reuses an id', async () => {
    const { ledger } = ledgerAs('ola.hansen@bodo.example');
    const sent = envelope();
    await ledger.append(sent);
    await expect(ledger.append({ ...sent, payload: { other: true } })).rejects.toMatchObject({
      kind: 'conflict',
    });
  });

  it('reads a stream: only its events, in stored order, whoever wrote them', async () => {
    const ola = ledgerAs('ola.hansen@bodo.example').ledger;
    const kari = ledgerAs('kari.nordmann@bodo.example').ledger;
    const a = await ola.append(envelope({ streamId: 'request-a' }));
    await ola.append(envelope({ streamId: 'request-b' }));
    const c = await kari.append(envelope({ streamId: 'request-a', type: 'request.confirmed' }));
    const stream = await kari.readStream('request-a');
    expect(stream.events.map((event) => event.eventId)).toEqual([a.eventId, c.eventId]);
    expect(stream.events.map((event) => event.author.id)).toEqual([
      demoPersonIds.olaHansen,
      demoPersonIds.kariNordmann,
    ]);
    expect(stream.malformed).toEqual([]);
  });

  it('reads many streams in $batches with fewer round trips, with the same result', async () => {
    const { ledger: writer } = ledgerAs('ola.hansen@bodo.example');
    const streamIds = Array.from({ length: 25 }, (_, index) => `request-${index}`);
    await writer.appendMany(
      streamIds.flatMap((streamId) => [envelope({ streamId }), envelope({ streamId, type: 'x' })]),
    );
    const batched = ledgerAs('kari.nordmann@bodo.example', { batch: true });
    const plain = ledgerAs('kari.nordmann@bodo.example', { batch: false });
    const viaBatch = await batched.ledger.readStreams([...streamIds, 'request-none']);
    const oneByOne = await plain.ledger.readStreams([...streamIds, 'request-none']);
    expect(viaBatch.map((stream) => stream.events.map((event) => event.eventId))).toEqual(
      oneByOne.map((stream) => stream.events.map((event) => event.eventId)),
    );
    expect(viaBatch.map((stream) => stream.events.length)).toEqual([...streamIds.map(() => 2), 0]);
    expect(batched.counter.calls).toBe(2);
    expect(plain.counter.calls).toBe(26);
  });

  it('appends many in $batches of 20, in input order', async () => {
    const { ledger, counter } = ledgerAs('ola.hansen@bodo.example');
    const sent = Array.from({ length: 45 }, () => envelope({ streamId: 'request-many' }));
    const stored = await ledger.appendMany(sent);
    expect(stored.map((event) => event.eventId)).toEqual(sent.map((event) => event.eventId));
    expect(counter.calls).toBe(3);
    // Again: every one is already there, nothing is duplicated.
    await ledger.appendMany(sent);
    expect((await ledger.readStream('request-many')).events).toHaveLength(45);
  });

  it('lists by subject, base, type and stream kind, page by page', async () => {
    const { ledger } = ledgerAs('ola.hansen@bodo.example');
    await ledger.appendMany([
      ...Array.from({ length: 7 }, () => envelope({ subjectId: 'subject-x', base: 'Røst' })),
      envelope({ subjectId: 'subject-y', type: 'campaign.started', streamKind: 'campaign' }),
    ]);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await ledger.list({ by: 'subject', value: 'subject-x', pageSize: 3, cursor });
      seen.push(...page.events.map((event) => event.eventId));
      cursor = page.cursor;
      pages += 1;
    } while (cursor !== undefined);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(7);
    expect((await ledger.list({ by: 'base', value: 'Røst' })).events).toHaveLength(7);
    expect((await ledger.list({ by: 'type', value: 'campaign.started' })).events).toHaveLength(1);
    expect((await ledger.list({ by: 'streamKind', value: 'campaign' })).events).toHaveLength(1);
  });

  it('refuses a cursor that is not a page of the events list', async () => {
    const { ledger } = ledgerAs('ola.hansen@bodo.example');
    await expect(
      ledger.list({ by: 'subject', value: 'x', cursor: 'https://evil.example/steal?token' }),
    ).rejects.toMatchObject({ kind: 'invalid-response' });
  });

  it('keeps sensitive text readable only by its author and the deciders', async () => {
    const ola = ledgerAs('ola.hansen@bodo.example').ledger;
    const text = await ola.appendText({
      textId: crypto.randomUUID(),
      streamId: 'request-secret',
      purpose: 'justification',
      body: 'Trenger tilgang til elevmappe for sak om <barn>.',
    });
    expect(text.author.id).toBe(demoPersonIds.olaHansen);
    expect(await ola.readTexts('request-secret')).toHaveLength(1);
    expect(await ledgerAs('ingrid.berg@bodo.example').ledger.readTexts('request-secret')).toEqual(
      [],
    );
    const forSigrid = await ledgerAs('sigrid.lund@bodo.example').ledger.readTexts('request-secret');
    expect(forSigrid.map((stored) => stored.body)).toEqual([text.body]);
    const forHilde = await ledgerAs('hilde.arnesen@bodo.example').ledger.readTexts(
      'request-secret',
    );
    expect(forHilde).toHaveLength(1);
  });

  it('reports an item a site owner typed in by hand as malformed, with its author', async () => {
    const owner = graphAs(emulator, demoPersonIds.hakonOdegard);
    await owner.request(
      'POST',
      `/sites/bodokommune.sharepoint.example:/sites/dokumentsenteret:/lists/${encodeURIComponent(eventsList.displayName)}/items`,
      z.unknown(),
      {
        scopes: [],
        body: {
          fields: {
            EventId: 'by-hand',
            StreamId: 'request-hand',
            StreamKind: 'request',
            EventType: 'request.approved',
            OccurredAt: '2026-11-28T10:00:00Z',
            Payload: 'approved!',
            SchemaVersion: 1,
          },
        },
      },
    );
    const stream = await ledgerAs('sigrid.lund@bodo.example').ledger.readStream('request-hand');
    expect(stream.events).toEqual([]);
    expect(stream.malformed).toHaveLength(1);
    expect(stream.malformed[0]?.reason).toBe('payload');
    expect(stream.malformed[0]?.author.id).toBe(demoPersonIds.hakonOdegard);
  });
});
