// @vitest-environment node
/**
 * The migration of version 1's ledger (decision 014, scripts/lib/migrate-ledger.ts), end to end:
 * the emulator holds a ledger as version 1 wrote it (every event in the one events list,
 * written by its author at its time), provisioning migrates it as the site owner, and the
 * version 2 adapter and folds read it as version 1 did (`legacy-ledger.golden.json`), for good:
 * a directory change afterwards changes nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { demoGroupIds, demoPersonIds } from '../../emulator/directory-data.ts';
import { createManualClock, type ManualClock } from '../../emulator/emulator-clock.ts';
import { createGraphEmulator } from '../../emulator/graph-emulator.ts';
import { buildPlan } from '../../scripts/lib/provision-plan.ts';
import { provision, type ProvisionResult } from '../../scripts/lib/provision-run.ts';
import { copyIdOf, siteDateTime } from '../../scripts/lib/migrate-ledger.ts';
import { foldCampaign } from '../../src/domain/campaign-fold.ts';
import { foldDelegations } from '../../src/domain/delegation-fold.ts';
import { parseRecordedEvents } from '../../src/domain/events.ts';
import { streamListsOf } from '../../src/domain/ledger-lists.ts';
import { foldRequest } from '../../src/domain/request-fold.ts';
import { entriesOf, listAll, requestLists } from '../../src/features/requests/desk-context.ts';
import { createGraphLedger, type Ledger } from '../../src/m365/ledger.ts';
import { eventsList, ledgerLists, textsList } from '../../src/m365/ledger-schema.ts';
import {
  GRAPH_ROOT,
  graphAs,
  provisionOptions,
  SITE_OWNER,
  SITE_URL,
  tokenFor,
  type Emulator,
} from './emulator-kit.ts';
import golden from './legacy-ledger.golden.json';
import {
  legacyAuthors,
  legacyCampaignId,
  legacyEvents,
  legacyRequestIds,
  legacyTexts,
  type LegacyEvent,
  type LegacyText,
} from './legacy-ledger.ts';
import { campaignSummary, requestSummary } from './legacy-summary.ts';

const SITE = 'bodokommune.sharepoint.example:/sites/dokumentsenteret:';
const itemsOf = (title: string) => `/sites/${SITE}/lists/${encodeURIComponent(title)}/items`;
const created = z.object({ id: z.string() }).loose();

/** When the migration runs: after every version 1 event. */
const MIGRATED_AT = '2026-03-02T12:00:00Z';

/**
 * A request version 1 refused part of: Ola's own folder request, and an approval he wrote
 * himself into the one list anyone could add to (version 1: not in the Systemansvarlig group).
 */
const forged: readonly LegacyEvent[] = [
  {
    author: 'ola',
    at: '2026-02-09T09:00:00Z',
    eventId: 'legacy-forged-1',
    streamId: 'legacy-forged',
    streamKind: 'request',
    type: 'request.submitted',
    subjectId: demoPersonIds.olaHansen,
    base: 'bodo',
    payload: {
      request: {
        kind: 'folder-access',
        subject: { id: demoPersonIds.olaHansen, displayName: 'Ola Hansen' },
        base: 'bodo',
        caseNumber: '2026/4321',
        grading: 'elevsak',
        right: 'read',
        justificationTextId: 'legacy-text-forged',
        scope: 'folder',
      },
    },
  },
  {
    author: 'ola',
    at: '2026-02-09T09:05:00Z',
    eventId: 'legacy-forged-2',
    streamId: 'legacy-forged',
    streamKind: 'request',
    type: 'request.approved',
    payload: {},
  },
];
const forgedText: LegacyText = {
  author: 'ola',
  at: '2026-02-09T09:00:00Z',
  textId: 'legacy-text-forged',
  streamId: 'legacy-forged',
  purpose: 'justification',
  body: 'Jeg må lese referatene i mappen.',
};

let emulator: Emulator;
let clock: ManualClock;
let migration: ProvisionResult;

function runProvisioning(
  on: Emulator = emulator,
  fetch: (request: Request) => Promise<Response> = (request) => on.handle(request),
): Promise<ProvisionResult> {
  return provision(buildPlan(provisionOptions), {
    fetch,
    graphRoot: GRAPH_ROOT,
    graphToken: tokenFor(on, SITE_OWNER),
    sharePointToken: tokenFor(on, SITE_OWNER),
    retry: { sleep: () => Promise.resolve() },
  });
}

/** Writes the version 1 ledger as version 1 did: each item by its author, at its time, via Graph. */
async function seedVersion1(on: Emulator, clock: ManualClock): Promise<void> {
  const writes = [
    ...[...legacyTexts, forgedText].map((text) => ({ at: text.at, rank: 0, text })),
    ...[...legacyEvents, ...forged].map((event) => ({ at: event.at, rank: 1, event })),
  ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.rank - b.rank);
  for (const write of writes) {
    clock.set(write.at);
    if ('text' in write) {
      const { text } = write;
      await graphAs(on, legacyAuthors[text.author]).request(
        'POST',
        itemsOf(textsList.displayName),
        created,
        {
          scopes: [],
          body: {
            fields: {
              TextId: text.textId,
              StreamId: text.streamId,
              Purpose: text.purpose,
              Body: text.body,
            },
          },
        },
      );
      continue;
    }
    const { event } = write;
    await graphAs(on, legacyAuthors[event.author]).request(
      'POST',
      itemsOf(eventsList.displayName),
      created,
      {
        scopes: [],
        body: {
          fields: {
            EventId: event.eventId,
            StreamId: event.streamId,
            StreamKind: event.streamKind,
            EventType: event.type,
            ...(event.subjectId === undefined ? {} : { SubjectId: event.subjectId }),
            ...(event.base === undefined ? {} : { Base: event.base }),
            OccurredAt: event.at,
            Payload: JSON.stringify(event.payload),
            SchemaVersion: 1,
          },
        },
      },
    );
  }
}

function ledgerOf(person: string, on: Emulator = emulator): Ledger {
  return createGraphLedger(graphAs(on, person), { site: SITE_URL });
}

/** What `person` reads of the legacy streams, folded by version 2 (decision 014). */
async function readAs(person: string, on: Emulator = emulator) {
  const ledger = ledgerOf(person, on);
  const now = new Date(MIGRATED_AT);
  const delegations = foldDelegations(
    parseRecordedEvents(
      await listAll(ledger, { list: 'shared', by: 'streamKind', value: 'delegation' }),
    ),
    now,
  ).delegations;
  const summaries: Record<string, unknown> = {};
  for (const requestId of legacyRequestIds) {
    const stream = await ledger.readStream(requestId, requestLists);
    summaries[requestId] = requestSummary(foldRequest(entriesOf(stream), { now, delegations }));
  }
  const campaign = await ledger.readStream(legacyCampaignId, streamListsOf('campaign'));
  summaries[legacyCampaignId] = campaignSummary(foldCampaign(entriesOf(campaign), now));
  return summaries;
}

/** Every item of every ledger list, as the owner sees them: what a run wrote shows here. */
async function itemCounts(on: Emulator = emulator): Promise<Record<string, number>> {
  const owner = graphAs(on, SITE_OWNER);
  const counts: Record<string, number> = {};
  for (const list of ledgerLists) {
    counts[list.key] = (
      await owner.getAll(itemsOf(list.displayName), z.unknown(), { scopes: [] })
    ).length;
  }
  return counts;
}

/** A site whose lists exist (a first provisioning, nothing to migrate) and hold version 1's ledger. */
async function legacySite(): Promise<{ site: Emulator; clock: ManualClock }> {
  const siteClock = createManualClock('2026-01-15T08:00:00Z');
  const site = createGraphEmulator({ now: siteClock.now });
  await runProvisioning(site);
  await seedVersion1(site, siteClock);
  siteClock.set(MIGRATED_AT);
  return { site, clock: siteClock };
}

beforeAll(async () => {
  ({ site: emulator, clock } = await legacySite());
  migration = await runProvisioning();
});

describe('migrating version 1’s ledger by provisioning, as the site owner', () => {
  it('copies every event version 1 honoured and the R8 texts, and says so', () => {
    expect(migration.migrated).toEqual({ events: legacyEvents.length + 1, texts: 2 });
    const said = (outcome: string) =>
      migration.actions.filter((action) => action.outcome === outcome).map((action) => action.what);
    expect(said('created')).toContainEqual(
      expect.stringMatching(/^Version 1 ledger: migrated 25 events, 2 texts \(0 migrated before/),
    );
    expect(said('unchanged').filter((what) => what.includes('did not honour'))).toEqual([
      'Version 1 ledger: 1 events version 1 did not honour either (anomaly.notEntitled ×1) stay version 1 items only; the app shows them as anomalies.',
    ]);
    expect(migration.actions.filter((action) => action.outcome === 'warning')).toEqual([]);
  });

  it('reads as version 1 read it, folded by version 2 as Sigrid (systemansvarlig)', async () => {
    expect(await readAs(demoPersonIds.sigridLund)).toEqual(golden);
  });

  it('keeps the version 1 items, and copies each with its author and time to its home list', async () => {
    const counts = await itemCounts();
    expect(counts).toEqual({
      // The originals, kept, and the copies of four submissions, an answer to a question and a
      // review answer.
      requests: legacyEvents.length + forged.length + 4 + 1 + 1,
      r8: 1,
      // Two orders' and two requests' decisions and steps, a campaign's creation and close.
      systemansvarlig: 3 + 2 + 2 + 2,
      arkivleder: 1,
      reviews: 6,
      shared: 2,
      texts: legacyTexts.length + 1,
      'r8-texts': 2,
    });
    const approval = await ledgerOf(demoPersonIds.andersMoe).readStream('legacy-order', [
      'systemansvarlig',
    ]);
    expect(
      approval.events.map((event) => [event.eventId, event.author.id, event.recordedAt]),
    ).toEqual([
      [copyIdOf('legacy-order-2'), demoPersonIds.sigridLund, '2026-02-01T10:00:00Z'],
      [copyIdOf('legacy-order-3'), demoPersonIds.sigridLund, '2026-02-01T11:00:00Z'],
    ]);
    expect(approval.events[0]).toMatchObject({
      schemaVersion: 2,
      modifiedAt: '2026-02-01T10:00:00Z',
      context: {
        migratedFrom: { eventId: 'legacy-order-2' },
        basedOn: [copyIdOf('legacy-order-1')],
      },
    });
  });

  it('blinds a leader’s facts in the shared list and records what the leader confirmed', async () => {
    const shared = await ledgerOf(demoPersonIds.liseOlsen).readStream('legacy-r8', ['shared']);
    expect(shared.events).toHaveLength(1);
    const context = shared.events[0]?.context;
    expect(context).toMatchObject({ seen: { blinded: true } });
    expect(JSON.stringify(context)).not.toContain(demoPersonIds.olaHansen);
    expect(JSON.stringify(context)).not.toContain(demoPersonIds.kariNordmann);
    expect(context?.['justificationMac']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('lets the arkivleder read the R8 texts, under their ids, and no others', async () => {
    const hilde = ledgerOf(demoPersonIds.hildeArnesen);
    const texts = await hilde.readTexts('legacy-r8');
    expect(texts.map((text) => [text.list, text.textId, text.author.id, text.recordedAt])).toEqual([
      ['r8-texts', 'legacy-text-r8', demoPersonIds.olaHansen, '2026-02-03T09:00:00Z'],
      [
        'r8-texts',
        'legacy-text-r8-confirmation',
        demoPersonIds.kariNordmann,
        '2026-02-03T10:00:00Z',
      ],
    ]);
    expect(await hilde.readTexts('legacy-folder')).toEqual([]);
    // The author still reads their own copy (ReadSecurity 2 goes by the copy's author).
    const ola = await ledgerOf(demoPersonIds.olaHansen).readTexts('legacy-r8');
    expect(ola.filter((text) => text.list === 'r8-texts').map((text) => text.textId)).toEqual([
      'legacy-text-r8',
    ]);
  });

  it('leaves an event version 1 refused as a version 1 item, which still counts for nothing', async () => {
    const stream = await ledgerOf(demoPersonIds.sigridLund).readStream(
      'legacy-forged',
      requestLists,
    );
    const view = foldRequest(entriesOf(stream), { now: new Date(MIGRATED_AT) });
    // As version 1 read it: Ola's request waits for systemansvarlig; his own approval is ignored.
    expect(view.status).toBe('submitted');
    expect(view.decision).toBeNull();
    expect(view.anomalies.map((anomaly) => [anomaly.eventId, anomaly.reason])).toEqual([
      ['legacy-forged-2', 'anomaly.notMigrated'],
    ]);
  });

  it('writes nothing on a second run', async () => {
    const before = await itemCounts();
    clock.set('2026-03-03T12:00:00Z');
    const again = await runProvisioning();
    expect(again.migrated).toEqual({ events: 0, texts: 0 });
    expect(again.changed).toBe(false);
    expect(again.actions.every((action) => action.outcome === 'unchanged')).toBe(true);
    expect(await itemCounts()).toEqual(before);
  });

  it('still reads as version 1 did after Sigrid has left the Systemansvarlig group', async () => {
    await emulator.directory.removeFromGroup(
      demoGroupIds.systemansvarlig,
      demoPersonIds.sigridLund,
    );
    // Version 1 would now refuse every step Sigrid took; the migrated record stands.
    expect(await readAs(demoPersonIds.andersMoe)).toEqual(golden);
    // And provisioning again does not judge the migrated streams again.
    const before = await itemCounts();
    const again = await runProvisioning();
    expect(again.migrated).toEqual({ events: 0, texts: 0 });
    expect(await itemCounts()).toEqual(before);
    expect(await readAs(demoPersonIds.andersMoe)).toEqual(golden);
  });
});

describe('a migration that stops half-way', () => {
  it('goes on where it stopped on the next run, and copies nothing twice', async () => {
    const { site } = await legacySite();
    let adds = 0;
    const flaky = async (request: Request): Promise<Response> => {
      if (!request.url.includes('AddValidateUpdateItemUsingPath')) return site.handle(request);
      adds += 1;
      if (adds === 5) {
        // The copy lands, its answer is lost: the retry finds it by its unique id.
        await site.handle(request);
        throw new TypeError('fetch failed');
      }
      if (adds === 12) {
        return Response.json(
          { 'odata.error': { code: '-1', message: { lang: 'en-US', value: 'Forbidden' } } },
          { status: 403 },
        );
      }
      return site.handle(request);
    };
    await expect(runProvisioning(site, flaky)).rejects.toThrow();
    const partial = await itemCounts(site);
    expect(partial['r8-texts']).toBe(2);
    const rest = await runProvisioning(site);
    // The first run wrote the 2 texts and 8 events (adds 3 to 11, the 6th being the retry of the
    // 5th); the second writes the rest of the 25 version 1 honoured, and no text again.
    expect(rest.migrated).toEqual({
      events: legacyEvents.length + forged.length - 1 - 8,
      texts: 0,
    });
    expect(await itemCounts(site)).toEqual(await itemCounts(emulator));
    expect(await readAs(demoPersonIds.andersMoe, site)).toEqual(golden);
  });
});

describe('the form values of a copy', () => {
  it('writes times as an en-US site in UTC reads them', () => {
    expect(siteDateTime('2026-02-01T09:00:00Z')).toBe('2/1/2026 9:00:00 AM');
    expect(siteDateTime('2026-12-31T23:59:07Z')).toBe('12/31/2026 11:59:07 PM');
    expect(siteDateTime('2026-02-01T00:30:00Z')).toBe('2/1/2026 12:30:00 AM');
    expect(siteDateTime('2026-02-01T12:00:00+01:00')).toBe('2/1/2026 11:00:00 AM');
  });

  it('keeps a copy’s id within the ledger’s 100 characters', () => {
    expect(copyIdOf('legacy-order-1')).toBe('legacy-order-1.v2');
    const long = 'x'.repeat(99);
    expect(copyIdOf(long)).toHaveLength(100);
    expect(copyIdOf(long)).not.toBe(copyIdOf(`${'x'.repeat(98)}y`));
  });
});

describe('a site whose forms read dates in another locale', () => {
  it('refuses to migrate, saying why, and writes nothing', async () => {
    const site = createGraphEmulator({ now: createManualClock('2026-02-01T09:00:00Z').now });
    await runProvisioning(site);
    const [first] = legacyEvents;
    if (first === undefined) throw new Error('no legacy events');
    await graphAs(site, legacyAuthors[first.author]).request(
      'POST',
      itemsOf(eventsList.displayName),
      created,
      {
        scopes: [],
        body: {
          fields: {
            EventId: first.eventId,
            StreamId: first.streamId,
            StreamKind: first.streamKind,
            EventType: first.type,
            SubjectId: first.subjectId,
            Base: first.base,
            OccurredAt: first.at,
            Payload: JSON.stringify(first.payload),
            SchemaVersion: 1,
          },
        },
      },
    );
    // A Norwegian site: nb-NO (1044), W. Europe time.
    const norwegian = async (request: Request): Promise<Response> => {
      const path = new URL(request.url).pathname.toLowerCase();
      if (path.endsWith('/_api/web/regionalsettings')) {
        return Response.json({ LocaleId: 1044, DateSeparator: '.', Time24: true });
      }
      if (path.endsWith('/_api/web/regionalsettings/timezone')) {
        return Response.json({
          Description: '(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna',
          Information: { Bias: -60, DaylightBias: -60, StandardBias: 0 },
        });
      }
      return site.handle(request);
    };
    const before = await itemCounts(site);
    await expect(runProvisioning(site, norwegian)).rejects.toThrow(
      /locale 1044.*English \(United States, 1033\) in UTC/,
    );
    expect(await itemCounts(site)).toEqual(before);
  });
});
