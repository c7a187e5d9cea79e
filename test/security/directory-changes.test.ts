// @vitest-environment node
/**
 * Trust is fixed when an event is written (decision 014): a closed request or
 * campaign reads the same, byte for byte, after the people in it leave a
 * group, move unit, get a new leader, are deleted or disabled. Everything the
 * record is printed and exported from is captured through the desks before
 * the change and compared after it.
 */
import { describe, expect, it } from 'vitest';
import { requestStatuses } from '../../src/domain/request-fold.ts';
import { queueCsv, recordHtml } from '../../src/features/triage/exports.ts';
import {
  buildRecord,
  createSecurityWorld,
  groups,
  type SecurityRecord,
  type SecurityWorld,
  type Who,
} from './security-world.ts';

/** The "Skrevet ut" time of a printed record: fixed, so two printings compare byte for byte. */
const printedAt = new Date('2026-12-01T09:00:00Z');

interface Captured {
  readonly [what: string]: string;
}

/**
 * Everything the record is made of, as systemansvarlig (Anders, whom no change
 * touches) and the arkivleder read it: each request's folded view and texts and
 * its printable record, the queue's CSV over every status, and the campaign's
 * view, report and CSV.
 */
async function capture(
  world: SecurityWorld,
  record: SecurityRecord,
  arkivleder: Who = 'hilde',
): Promise<Captured> {
  const captured: Record<string, string> = {};
  const triage = world.triageDesk('anders');
  const requests = {
    order: record.order,
    r8: record.r8,
    folder: record.folder,
    rejected: record.rejected,
    consultant: record.consultant,
    delegated: record.delegated,
  };
  for (const [name, requestId] of Object.entries(requests)) {
    const detail = await triage.detail(requestId);
    captured[`${name}.view`] = JSON.stringify(detail.view);
    captured[`${name}.texts`] = JSON.stringify(detail.texts);
    captured[`${name}.anomalies`] = JSON.stringify(detail.anomalies);
    captured[`${name}.record.html`] = recordHtml(detail, { printedAt });
  }
  captured['queue.csv'] = queueCsv(
    await triage.queueRows({ status: requestStatuses, refresh: true }),
  );
  captured['r8.arkivleder.view'] = JSON.stringify(
    (await world.requestDesk(arkivleder).getRequest(record.r8)).view,
  );
  const review = world.reviewDesk('anders');
  captured['campaign.view'] = JSON.stringify((await review.getCampaign(record.campaign)).view);
  const report = await review.report(record.campaign);
  captured['campaign.report.html'] = report.html;
  captured['campaign.csv'] = report.csv;
  captured['campaign.fileName'] = report.fileName;
  return captured;
}

async function recorded() {
  const world = await createSecurityWorld();
  const record = await buildRecord(world);
  const before = await capture(world, record);
  return { world, record, before };
}

/** Equal, part by part, so a difference names the part it is in. */
function expectSame(after: Captured, before: Captured): void {
  expect(Object.keys(after)).toEqual(Object.keys(before));
  for (const key of Object.keys(before)) {
    expect({ [key]: after[key] }).toEqual({ [key]: before[key] });
  }
}

describe('a closed record reads the same after the directory changes', () => {
  it('is what the people involved did, with their names, before anything changes', async () => {
    const { before } = await recorded();
    // The baseline is a real record: not empty pages that would trivially stay equal.
    expect(before['order.record.html']).toContain('Kari Nordmann');
    expect(before['order.record.html']).toContain('Ola Hansen');
    expect(before['order.record.html']).toContain('Utført i Elements');
    expect(before['r8.record.html']).toContain('Hilde Arnesen');
    expect(before['r8.record.html']).toContain('Leder bekreftet tjenstlig behov');
    expect(before['r8.record.html']).toContain('Sigrid Lund');
    expect(before['delegated.record.html']).toContain('for Kari Nordmann');
    expect(before['delegated.record.html']).toContain('Ingrid Berg');
    expect(before['rejected.record.html']).toContain('Anders Moe');
    expect(before['rejected.record.html']).toContain('Avslått');
    expect(before['consultant.record.html']).toContain('Bestilling sendt til Atea');
    expect(before['campaign.report.html']).toContain('Ola Hansen');
    expect(before['campaign.report.html']).toContain('Fjernet i KS Fiks 28.11');
    expect(before['campaign.csv']).toContain('Lise Olsen');
    expect((before['queue.csv'] ?? '').split('\r\n')).toHaveLength(1 + 6 + 1);
    for (const key of Object.keys(before).filter((name) => name.endsWith('.anomalies'))) {
      expect({ [key]: before[key] }).toEqual({ [key]: '[]' });
    }
    expect(JSON.parse(before['campaign.view'] ?? '{}')).toMatchObject({
      status: 'closed',
      anomalies: [],
    });
  });

  it('Sigrid Lund leaves Systemansvarlig: her approvals, carrying out and campaign still count', async () => {
    const { world, record, before } = await recorded();
    await world.emulator.directory.removeFromGroup(groups.systemansvarlig, world.idOf('sigrid'));
    // She really has lost the role: the lists show her nobody's requests but her own (none).
    expect((await world.triageDesk('sigrid').queue({ status: requestStatuses })).total).toBe(0);
    expectSame(await capture(world, record), before);
  });

  it('Ola Hansen moves to another unit', async () => {
    const { world, record, before } = await recorded();
    await world.emulator.directory.setDepartment(world.idOf('ola'), 'Byggesak');
    expectSame(await capture(world, record), before);
  });

  it("Ola Hansen gets Per Johansen as his leader: Kari's order and confirmation still stand", async () => {
    const { world, record, before } = await recorded();
    await world.emulator.directory.setManager(world.idOf('ola'), world.idOf('per'));
    // The live check says so (for the next decision), but the record does not change.
    expect(
      (await world.triageDesk('anders').detail(record.order)).checks.subjectManager?.displayName,
    ).toBe('Per Johansen');
    expectSame(await capture(world, record), before);
  });

  it('Ola Hansen is deleted from the directory: the record still names him', async () => {
    const { world, record, before } = await recorded();
    await world.emulator.directory.deletePerson(world.idOf('ola'));
    expect(await world.requestDeps('anders').directory.getPerson(world.idOf('ola'))).toBeNull();
    expectSame(await capture(world, record), before);
  });

  it('Kari Nordmann, the leader, is disabled', async () => {
    const { world, record, before } = await recorded();
    await world.emulator.directory.disablePerson(world.idOf('kari'));
    await expect(world.requestDesk('kari').myRequests()).rejects.toThrow(/AADSTS50057/);
    expectSame(await capture(world, record), before);
  });

  it('all of it at once, and Lise Olsen and Ingrid Berg deleted too', async () => {
    const { world, record, before } = await recorded();
    const { directory } = world.emulator;
    await directory.removeFromGroup(groups.systemansvarlig, world.idOf('sigrid'));
    await directory.removeFromGroup(groups.arkivleder, world.idOf('hilde'));
    await directory.addToGroup(groups.arkivleder, world.idOf('tone'));
    await directory.setDepartment(world.idOf('ola'), 'Byggesak');
    await directory.setManager(world.idOf('ola'), world.idOf('per'));
    await directory.setManager(world.idOf('kari'), world.idOf('jan'));
    await directory.disablePerson(world.idOf('kari'));
    await directory.deletePerson(world.idOf('ola'));
    await directory.deletePerson(world.idOf('lise'));
    await directory.deletePerson(world.idOf('ingrid'));
    // Hilde is no arkivleder now: Tone, who is, reads the R8 request as Hilde did.
    expectSame(await capture(world, record, 'tone'), before);
  });
});
