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
  contractVariant,
  contractVariants,
  useContractVariant,
  expectRoundTrips,
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
    schemaVersion: 2,
    list: 'requests',
    ...overrides,
  };
}

describe.each(contractVariants)('Graph ledger against the emulator ($name)', (variant) => {
  beforeEach(() => useContractVariant(variant));

  it('runs under the variant it names: its faults and variance really happen', async () => {
    const { ledger } = ledgerAs('ola.hansen@bodo.example');
    const sent = Array.from({ length: 30 }, () => envelope({ streamId: 'request-variant' }));
    await ledger.appendMany(sent);
    await ledger.appendMany(sent);
    const read = await ledger.readStream('request-variant', ['requests']);
    expect(read.events).toHaveLength(30);
    const { total, variants } = emulator.faults.counters();
    const varied = Object.values(variants).reduce((sum, count) => sum + count, 0);
    if (variant.faults === null) expect(total + varied).toBe(0);
    else expect(total + varied).toBeGreaterThan(0);
  });

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
    expect((await ledger.readStream('request-twice', ['requests'])).events).toHaveLength(1);
  });

  it('refuses a different event that reuses an id', async () => {
    const { ledger } = ledgerAs('ola.hansen@bodo.example');
    const sent = envelope();
    await ledger.append(sent);
    await expect(ledger.append({ ...sent, payload: { other: true } })).rejects.toMatchObject({
      kind: 'conflict',
    });
  });

  it('reads a stream: only its events, in stored order, as each reader may see them', async () => {
    const ola = ledgerAs('ola.hansen@bodo.example').ledger;
    const kari = ledgerAs('kari.nordmann@bodo.example').ledger;
    const a = await ola.append(envelope({ streamId: 'request-a' }));
    await ola.append(envelope({ streamId: 'request-b' }));
    const c = await kari.append(envelope({ streamId: 'request-a', type: 'request.confirmed' }));
    // The requests list shows staff their own items only (decision 014)...
    const forKari = await kari.readStream('request-a', ['requests']);
    expect(forKari.events.map((event) => event.eventId)).toEqual([c.eventId]);
    // ... and systemansvarlig everything.
    const stream = await ledgerAs('sigrid.lund@bodo.example').ledger.readStream('request-a', [
      'requests',
    ]);
    expect(stream.events.map((event) => event.eventId)).toEqual([a.eventId, c.eventId]);
    expect(stream.events.map((event) => event.author.id)).toEqual([
      demoPersonIds.olaHansen,
      demoPersonIds.kariNordmann,
    ]);
    expect(stream.malformed).toEqual([]);
  });

  it('writes each event to its list and reads a stream from several lists in one $batch', async () => {
    const ola = ledgerAs('ola.hansen@bodo.example').ledger;
    const sigrid = ledgerAs('sigrid.lund@bodo.example');
    const submitted = await ola.append(envelope({ streamId: 'request-lists' }));
    const decided = await sigrid.ledger.append(
      envelope({
        streamId: 'request-lists',
        type: 'request.approved',
        list: 'systemansvarlig',
        context: { basedOn: [submitted.eventId] },
      }),
    );
    expect(decided).toMatchObject({
      list: 'systemansvarlig',
      context: { basedOn: [submitted.eventId] },
    });
    const before = sigrid.counter.calls;
    const stream = await sigrid.ledger.readStream('request-lists', [
      'requests',
      'r8',
      'shared',
      'systemansvarlig',
      'arkivleder',
    ]);
    expectRoundTrips(sigrid.counter.calls - before, 1);
    expect(stream.events.map((event) => [event.list, event.eventId])).toEqual([
      ['requests', submitted.eventId],
      ['systemansvarlig', decided.eventId],
    ]);
    // The requester reads the decision: the Systemansvarlig list is readable by everyone.
    const forOla = await ola.readStream('request-lists', ['requests', 'systemansvarlig']);
    expect(forOla.events).toHaveLength(2);
  });

  it('refuses a staff member writing to a role’s list: SharePoint checks it at write time', async () => {
    const { ledger } = ledgerAs('per.johansen@bodo.example');
    await expect(
      ledger.append(envelope({ type: 'request.approved', list: 'systemansvarlig' })),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      ledger.append(
        envelope({ type: 'campaign.mail-sent', list: 'reviews', streamKind: 'campaign' }),
      ),
    ).rejects.toMatchObject({ status: 403 });
  });

  it('reads many streams in $batches with fewer round trips, with the same result', async () => {
    const { ledger: writer } = ledgerAs('ola.hansen@bodo.example');
    const streamIds = Array.from({ length: 25 }, (_, index) => `request-${index}`);
    await writer.appendMany(
      streamIds.flatMap((streamId) => [envelope({ streamId }), envelope({ streamId, type: 'x' })]),
    );
    const batched = ledgerAs('sigrid.lund@bodo.example', { batch: true });
    const plain = ledgerAs('sigrid.lund@bodo.example', { batch: false });
    const viaBatch = await batched.ledger.readStreams([...streamIds, 'request-none'], ['requests']);
    const oneByOne = await plain.ledger.readStreams([...streamIds, 'request-none'], ['requests']);
    expect(viaBatch.map((stream) => stream.events.map((event) => event.eventId))).toEqual(
      oneByOne.map((stream) => stream.events.map((event) => event.eventId)),
    );
    expect(viaBatch.map((stream) => stream.events.length)).toEqual([...streamIds.map(() => 2), 0]);
    expectRoundTrips(batched.counter.calls, 2);
    expectRoundTrips(plain.counter.calls, 26);
  });

  it('appends many in $batches of 20, in input order', async () => {
    const { ledger, counter } = ledgerAs('ola.hansen@bodo.example');
    const sent = Array.from({ length: 45 }, () => envelope({ streamId: 'request-many' }));
    const stored = await ledger.appendMany(sent);
    expect(stored.map((event) => event.eventId)).toEqual(sent.map((event) => event.eventId));
    expectRoundTrips(counter.calls, 3);
    // Again: every one is already there, nothing is duplicated.
    await ledger.appendMany(sent);
    expect((await ledger.readStream('request-many', ['requests'])).events).toHaveLength(45);
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
      const page = await ledger.list({
        list: 'requests',
        by: 'subject',
        value: 'subject-x',
        pageSize: 3,
        cursor,
      });
      seen.push(...page.events.map((event) => event.eventId));
      cursor = page.cursor;
      pages += 1;
    } while (cursor !== undefined);
    // Short pages from SharePoint are filled from the next ones: never more calls than full pages.
    if (contractVariant().faults === null) expect(pages).toBe(3);
    else expect(pages).toBeLessThanOrEqual(4);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    const list = 'requests' as const;
    expect((await ledger.list({ list, by: 'base', value: 'Røst' })).events).toHaveLength(7);
    expect(
      (await ledger.list({ list, by: 'type', value: 'campaign.started' })).events,
    ).toHaveLength(1);
    expect((await ledger.list({ list, by: 'streamKind', value: 'campaign' })).events).toHaveLength(
      1,
    );
  });

  it('refuses a cursor that is not a page of the events list', async () => {
    const { ledger } = ledgerAs('ola.hansen@bodo.example');
    await expect(
      ledger.list({
        list: 'requests',
        by: 'subject',
        value: 'x',
        cursor: 'https://evil.example/steal?token',
      }),
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
    // The arkivleder reads only R8 requests' texts (decision 014).
    const hilde = ledgerAs('hilde.arnesen@bodo.example').ledger;
    expect(await hilde.readTexts('request-secret')).toEqual([]);
    const r8 = await ola.appendText({
      textId: crypto.randomUUID(),
      streamId: 'request-secret',
      purpose: 'justification',
      body: 'Trenger innsyn i personalmappe.',
      list: 'r8-texts',
    });
    expect((await hilde.readTexts('request-secret')).map((stored) => stored.textId)).toEqual([
      r8.textId,
    ]);
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
    const stream = await ledgerAs('sigrid.lund@bodo.example').ledger.readStream('request-hand', [
      'requests',
    ]);
    expect(stream.events).toEqual([]);
    expect(stream.malformed).toHaveLength(1);
    expect(stream.malformed[0]?.reason).toBe('payload');
    expect(stream.malformed[0]?.author.id).toBe(demoPersonIds.hakonOdegard);
  });

  it('shows an owner’s edit: the version goes up and Modified moves', async () => {
    const { ledger } = ledgerAs('ola.hansen@bodo.example');
    const stored = await ledger.append(envelope({ streamId: 'request-edited' }));
    expect(stored).toMatchObject({ version: 1, modifiedAt: stored.recordedAt });
    const owner = graphAs(emulator, demoPersonIds.hakonOdegard);
    await owner.request(
      'PATCH',
      `/sites/bodokommune.sharepoint.example:/sites/dokumentsenteret:/lists/${encodeURIComponent(eventsList.displayName)}/items/${stored.itemId}/fields`,
      z.unknown(),
      { scopes: [], body: { Base: 'Røst' } },
    );
    const [read] = (
      await ledgerAs('sigrid.lund@bodo.example').ledger.readStream('request-edited', ['requests'])
    ).events;
    expect(read?.version).toBe(2);
  });
});
