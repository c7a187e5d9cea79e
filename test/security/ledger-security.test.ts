// @vitest-environment node
/**
 * The ledger's security, end to end through what runs in production: the
 * Graph adapters, the emulator enforcing the permissions our provisioner sets,
 * and the domain fold judging authors against directory facts read through
 * Graph. No test here hands the fold a fact the server did not stamp.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { demoGroupIds } from '../../emulator/directory-data.ts';
import { toEnvelope, parseRecordedEvents, type LedgerEvent } from '../../src/domain/events.ts';
import { foldRequest, type RequestView } from '../../src/domain/request-fold.ts';
import { requestSubjectId, type AccessRequest } from '../../src/domain/requests.ts';
import { deviationsToReport } from '../../src/domain/rules.ts';
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

async function append(who: Who, streamId: string, event: LedgerEvent, subjectId?: string) {
  const envelope = toEnvelope(event, {
    eventId: crypto.randomUUID(),
    streamId,
    occurredAt: now.toISOString(),
  });
  return ledgerOf(who).append({ ...envelope, ...(subjectId ? { subjectId } : {}) });
}

/** Submits a request as `who`, its justification first (the event only references it). */
async function submit(who: Who, request: (justificationTextId: string) => AccessRequest) {
  const streamId = crypto.randomUUID();
  const textId = crypto.randomUUID();
  await ledgerOf(who).appendText({
    textId,
    streamId,
    purpose: 'justification',
    body: 'Jeg trenger tilgang for å følge opp saken i teamet mitt.',
  });
  const built = request(textId);
  await append(
    who,
    streamId,
    { type: 'request.submitted', payload: { request: built } },
    requestSubjectId(built) ?? undefined,
  );
  return streamId;
}

/** Reads the stream as `viewer` and folds it with directory facts read through Graph. */
async function view(viewer: Who, streamId: string): Promise<RequestView> {
  const stream = await ledgerOf(viewer).readStream(streamId);
  const entries = parseRecordedEvents(stream.events);
  const people = new Set<string>();
  for (const event of stream.events) if (event.author.id) people.add(event.author.id);
  for (const entry of entries)
    if ('subjectId' in entry && entry.subjectId) people.add(entry.subjectId);
  const facts = await loadDirectoryFacts(
    createGraphDirectory(graphAs(emulator, upn[viewer])),
    groups,
    people,
  );
  return foldRequest(entries, facts, now);
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
  it("takes a staff member's decision into the list but the fold ignores it and flags it", async () => {
    const streamId = await submit('ola', folderRequest('ola'));
    const forged = await append('ingrid', streamId, { type: 'request.approved', payload: {} });

    const result = await view('sigrid', streamId);
    expect(result.status).not.toBe('approved');
    expect(result.waitingFor?.group).toBe('systemansvarlig');
    expect(result.anomalies).toContainEqual(
      expect.objectContaining({ eventId: forged.eventId, reason: 'anomaly.notEntitled' }),
    );
    expect(deviationsToReport(result.anomalies)).not.toEqual([]);
  });

  it('refuses a staff member who tries to rewrite a recorded event', async () => {
    const streamId = await submit('ola', folderRequest('ola'));
    const stored = (await ledgerOf('ingrid').readStream(streamId)).events[0];
    if (!stored) throw new Error('the submission was not stored');
    const graph = graphAs(emulator, upn.ingrid);
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
    });
    const outsider = await append('per', streamId, {
      type: 'request.leader-confirmed',
      payload: { confirmationTextId: textId },
    });

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
    });
    await append('kari', streamId, {
      type: 'request.leader-confirmed',
      payload: { confirmationTextId: ownTextId },
    });
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
  it("hides Ola's justification from other staff and his leader, shows it to the deciders", async () => {
    const streamId = await submit('ola', folderRequest('ola'));
    const readers = await Promise.all(
      (['ola', 'ingrid', 'per', 'kari', 'sigrid', 'hilde'] as const).map(
        async (who) => [who, (await ledgerOf(who).readTexts(streamId)).length] as const,
      ),
    );
    expect(Object.fromEntries(readers)).toEqual({
      ola: 1,
      ingrid: 0,
      per: 0,
      kari: 0,
      sigrid: 1,
      hilde: 1,
    });
  });
});
