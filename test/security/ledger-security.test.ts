// @vitest-environment node
/**
 * The ledger's security, end to end through what runs in production: the
 * Graph adapters, the emulator enforcing the permissions our provisioner sets,
 * and the domain fold judging each event by the list it is in and the facts
 * its writer recorded (decision 014). No test here hands the fold a fact the
 * server did not give it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { demoGroupIds } from '../../emulator/directory-data.ts';
import { recordedFacts } from '../../src/domain/directory-facts.ts';
import {
  toEnvelope,
  parseRecordedEvents,
  type EventContext,
  type LedgerEvent,
} from '../../src/domain/events.ts';
import type { EventListKey, TextListKey } from '../../src/domain/ledger-lists.ts';
import { foldRequest, type RequestView } from '../../src/domain/request-fold.ts';
import { requestSubjectId, type AccessRequest } from '../../src/domain/requests.ts';
import { deviationsToReport } from '../../src/domain/rules.ts';
import { requestLists } from '../../src/features/requests/desk-context.ts';
import { loadDirectoryFacts } from '../../src/features/requests/load-facts.ts';
import { createGraphDirectory } from '../../src/m365/directory.ts';
import { GraphError } from '../../src/m365/errors.ts';
import { createGraphLedger, type Ledger } from '../../src/m365/ledger.ts';
import { graphAs, provisionedEmulator, SITE_URL, type Emulator } from '../m365/emulator-kit.ts';

const upn = {
  kari: 'kari.nordmann@bodo.example',
  ola: 'ola.hansen@bodo.example',
  ingrid: 'ingrid.berg@bodo.example',
  per: 'per.johansen@bodo.example',
  hilde: 'hilde.arnesen@bodo.example',
  sigrid: 'sigrid.lund@bodo.example',
  anders: 'anders.moe@bodo.example',
} as const;
type Who = keyof typeof upn;

const groups = {
  systemansvarlig: demoGroupIds.systemansvarlig,
  arkivleder: demoGroupIds.arkivleder,
};
const now = new Date('2026-11-28T10:00:00Z');

let emulator: Emulator;
const ids = new Map<Who, string>();

beforeAll(async () => {
  emulator = await provisionedEmulator();
  for (const who of Object.keys(upn).filter((key): key is Who => key in upn)) {
    const person = await createGraphDirectory(graphAs(emulator, upn[who])).getPerson(upn[who]);
    if (!person) throw new Error(`${who} is not in the demo directory`);
    ids.set(who, person.id);
  }
});

function idOf(who: Who): string {
  const id = ids.get(who);
  if (!id) throw new Error(`no id for ${who}`);
  return id;
}

function ledgerOf(who: Who): Ledger {
  return createGraphLedger(graphAs(emulator, upn[who]), { site: SITE_URL });
}

/** What `who`'s client reads of the directory about `subjectId`, as it records it with a step. */
async function seen(who: Who, subjectId: string | null): Promise<EventContext> {
  const directory = createGraphDirectory(graphAs(emulator, upn[who]));
  const facts = await loadDirectoryFacts(directory, groups, [
    idOf(who),
    ...(subjectId === null ? [] : [subjectId]),
  ]);
  return { seen: recordedFacts(idOf(who), subjectId, facts, now) };
}

async function append(
  who: Who,
  streamId: string,
  event: LedgerEvent,
  options: { list?: EventListKey; context?: EventContext; r8?: boolean } = {},
) {
  const envelope = toEnvelope(event, {
    eventId: crypto.randomUUID(),
    streamId,
    occurredAt: now.toISOString(),
    ...(options.list === undefined ? {} : { list: options.list }),
    home: { r8: options.r8 ?? false },
    ...(options.context === undefined ? {} : { context: options.context }),
  });
  return ledgerOf(who).append(envelope);
}

/** Submits a request as `who`, its justification first (the event only references it). */
async function submit(who: Who, request: (justificationTextId: string) => AccessRequest) {
  const streamId = crypto.randomUUID();
  const textId = crypto.randomUUID();
  const built = request(textId);
  const r8 = built.kind === 'extended-access' || built.kind === 'case-owner';
  const list: TextListKey = r8 ? 'r8-texts' : 'texts';
  await ledgerOf(who).appendText({
    textId,
    streamId,
    purpose: 'justification',
    body: 'Jeg trenger tilgang for å følge opp saken i teamet mitt.',
    list,
  });
  await append(
    who,
    streamId,
    { type: 'request.submitted', payload: { request: built } },
    { context: await seen(who, requestSubjectId(built)) },
  );
  return streamId;
}

/** Reads the stream as `viewer` and folds it: on the ledger alone (decision 014). */
async function view(viewer: Who, streamId: string): Promise<RequestView> {
  const stream = await ledgerOf(viewer).readStream(streamId, requestLists);
  return foldRequest(parseRecordedEvents(stream.events), { now });
}

const folderRequest =
  (who: Who, right: 'read' | 'write' = 'write') =>
  (justificationTextId: string): AccessRequest => ({
    kind: 'folder-access',
    subject: { id: idOf(who) },
    base: 'bodo',
    caseNumber: '2026/1234',
    grading: 'elevsak',
    right,
    justificationTextId,
    scope: 'folder',
  });

const extendedAccess =
  (who: Who) =>
  (justificationTextId: string): AccessRequest => ({
    kind: 'extended-access',
    subject: { id: idOf(who) },
    base: 'bodo',
    administrativeUnit: 'Skolekontoret',
    grading: 'personalsak',
    right: 'read',
    startDate: '2026-12-01',
    justificationTextId,
  });

describe('the ledger is secure against forged steps', () => {
  it("refuses a staff member's decision in the Systemansvarlig list, and ignores it anywhere else", async () => {
    const streamId = await submit('ola', folderRequest('ola'));
    // SharePoint checks the permission on the list when the item is added: only the group may.
    await expect(
      append('ingrid', streamId, { type: 'request.approved', payload: {} }),
    ).rejects.toMatchObject({ status: 403 });
    // A modified client can only put it where anyone may add: there it proves nothing.
    const forged = await append(
      'ingrid',
      streamId,
      { type: 'request.approved', payload: {} },
      { list: 'requests' },
    );

    const result = await view('sigrid', streamId);
    expect(result.status).not.toBe('approved');
    expect(result.waitingFor?.group).toBe('systemansvarlig');
    expect(result.anomalies).toContainEqual(
      expect.objectContaining({ eventId: forged.eventId, reason: 'anomaly.wrongList' }),
    );
    expect(deviationsToReport(result.anomalies)).not.toEqual([]);
  });

  it('refuses a staff member who tries to rewrite a recorded event', async () => {
    const streamId = await submit('ola', folderRequest('ola'));
    const stored = (await ledgerOf('ola').readStream(streamId, requestLists)).events[0];
    if (!stored) throw new Error('the submission was not stored');
    const graph = graphAs(emulator, upn.ola);
    const site = await graph.get(
      '/sites/bodokommune.sharepoint.example:/sites/dokumentsenteret',
      z.object({ id: z.string() }),
      { scopes: ['Sites.ReadWrite.All'] },
    );
    const edit = graph.request(
      'PATCH',
      `/sites/${site.id}/lists/Elements tilgang – hendelser/items/${stored.itemId}/fields`,
      z.unknown(),
      {
        scopes: ['Sites.ReadWrite.All'],
        body: { EventType: 'request.approved' },
        headers: { 'If-Match': stored.eTag },
      },
    );
    await expect(edit).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(edit).rejects.toBeInstanceOf(GraphError);
  });

  it('ignores a leader who confirms for someone outside their reporting line', async () => {
    const streamId = await submit('ola', extendedAccess('ola'));
    const textId = crypto.randomUUID();
    await ledgerOf('per').appendText({
      textId,
      streamId,
      purpose: 'leader-confirmation',
      body: 'Bekreftet.',
      list: 'r8-texts',
    });
    // Per's client records Ola's chain as the directory has it: Per is not in it.
    const outsider = await append(
      'per',
      streamId,
      { type: 'request.leader-confirmed', payload: { confirmationTextId: textId } },
      { context: await seen('per', idOf('ola')) },
    );

    const before = await view('hilde', streamId);
    expect(before.status).toBe('awaiting-leader');
    expect(before.anomalies).toContainEqual(
      expect.objectContaining({ eventId: outsider.eventId, reason: 'anomaly.notEntitled' }),
    );

    const ownTextId = crypto.randomUUID();
    await ledgerOf('kari').appendText({
      textId: ownTextId,
      streamId,
      purpose: 'leader-confirmation',
      body: 'Ola trenger utvidet tilgang for å følge opp personalsaker i enheten.',
      list: 'r8-texts',
    });
    await append(
      'kari',
      streamId,
      { type: 'request.leader-confirmed', payload: { confirmationTextId: ownTextId } },
      { context: await seen('kari', idOf('ola')) },
    );
    expect((await view('hilde', streamId)).status).toBe('awaiting-arkivleder');
  });

  it("never counts a systemansvarlig's decision on their own request", async () => {
    const streamId = await submit('sigrid', folderRequest('sigrid', 'read'));
    const own = await append('sigrid', streamId, { type: 'request.approved', payload: {} });

    const afterOwn = await view('anders', streamId);
    expect(afterOwn.status).not.toBe('approved');
    expect(afterOwn.anomalies).toContainEqual(
      expect.objectContaining({ eventId: own.eventId, reason: 'anomaly.ownRequest' }),
    );

    await append('anders', streamId, { type: 'request.approved', payload: {} });
    expect((await view('anders', streamId)).status).toBe('approved');
  });
});

describe('justifications are read only by their author and those who decide', () => {
  const readersOf = async (streamId: string) =>
    Object.fromEntries(
      await Promise.all(
        (['ola', 'ingrid', 'per', 'kari', 'sigrid', 'hilde'] as const).map(
          async (who) => [who, (await ledgerOf(who).readTexts(streamId)).length] as const,
        ),
      ),
    );

  it("hides Ola's folder justification from everyone but systemansvarlig, the arkivleder included", async () => {
    const streamId = await submit('ola', folderRequest('ola'));
    expect(await readersOf(streamId)).toEqual({
      ola: 1,
      ingrid: 0,
      per: 0,
      kari: 0,
      sigrid: 1,
      hilde: 0,
    });
  });

  it('shows an R8 justification to the arkivleder too, and still not to other staff', async () => {
    const streamId = await submit('ola', extendedAccess('ola'));
    expect(await readersOf(streamId)).toEqual({
      ola: 1,
      ingrid: 0,
      per: 0,
      kari: 0,
      sigrid: 1,
      hilde: 1,
    });
  });
});
