/**
 * Exchange's timing (mail-delivery.ts, mail-limits.ts): sendMail answers 202 with the message in
 * the sender's Drafts; the Sent Items copy and the recipients' copies come later; over the
 * per-minute rate the mail is queued and sent late, not refused. All on a clock the test moves.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createManualClock, type ManualClock } from '../../emulator/emulator-clock.ts';
import { createMemoryStorage } from '../../emulator/emulator-storage.ts';
import { createGraphEmulator, type GraphEmulator } from '../../emulator/graph-emulator.ts';
import {
  DEFAULT_INBOX_DELAY_MS,
  DEFAULT_SENT_ITEMS_DELAY_MS,
  submissionReleaseAt,
} from '../../emulator/mail-limits.ts';
import {
  clientFor,
  type EmulatorClient,
  expectJson,
  expectStatus,
  ORIGIN,
} from './emulator-test-kit.ts';

const messagesSchema = z.object({
  value: z.array(
    z.object({
      id: z.string(),
      internetMessageId: z.string(),
      isDraft: z.boolean().optional(),
      sentDateTime: z.string().optional(),
      subject: z.string().optional(),
    }),
  ),
});
const OLA = 'ola.hansen@bodo.example';
const KARI = 'kari.nordmann@bodo.example';

let clock: ManualClock;
let emulator: GraphEmulator;
let kari: EmulatorClient;
let ola: EmulatorClient;

function mail(id: string, subject = 'Gjennomgang'): Record<string, unknown> {
  return {
    message: {
      subject,
      internetMessageId: id,
      body: { contentType: 'Text', content: 'Hei' },
      toRecipients: [{ emailAddress: { address: OLA } }],
    },
  };
}

async function ids(client: EmulatorClient, path: string): Promise<string[]> {
  const page = await expectJson(
    await client.get(`${path}${path.includes('?') ? '&' : '?'}$top=1000`),
    200,
    messagesSchema,
  );
  return page.value.map((message) => message.internetMessageId);
}

const folders = {
  drafts: '/me/mailFolders/drafts/messages',
  sent: '/me/mailFolders/sentitems/messages',
  inbox: '/me/mailFolders/inbox/messages',
};

beforeEach(async () => {
  clock = createManualClock('2026-11-28T08:00:00.000Z');
  emulator = createGraphEmulator({ now: clock.now });
  kari = await clientFor(emulator, KARI);
  ola = await clientFor(emulator, OLA);
});

describe('delivery takes time', () => {
  it('answers 202 with the message in Drafts; Sent Items and the Inbox get it seconds later', async () => {
    const id = '<a.1@bodo.example>';
    await expectStatus(await kari.call('POST', '/me/sendMail', mail(id)), 202);

    expect(await ids(kari, folders.drafts)).toEqual([id]);
    expect(await ids(kari, folders.sent)).toEqual([]);
    expect(await ids(ola, folders.inbox)).toEqual([]);
    const [draft] = (await expectJson(await kari.get(folders.drafts), 200, messagesSchema)).value;
    expect(draft?.isDraft).toBe(true);
    // The whole mailbox (any folder) has it from the start: it moves, it is never absent.
    expect(await ids(kari, `/me/messages?$filter=internetMessageId eq '${id}'`)).toEqual([id]);

    clock.advance(DEFAULT_SENT_ITEMS_DELAY_MS - 1);
    expect(await ids(kari, folders.sent)).toEqual([]);
    clock.advance(1);
    expect(await ids(kari, folders.sent)).toEqual([id]);
    expect(await ids(kari, folders.drafts)).toEqual([]);
    expect(await ids(ola, folders.inbox)).toEqual([]);

    clock.advance(DEFAULT_INBOX_DELAY_MS - DEFAULT_SENT_ITEMS_DELAY_MS);
    expect(await ids(ola, folders.inbox)).toEqual([id]);
    // The sent log is the acceptance record: it had the send from the start.
    expect(emulator.sentMail().map((entry) => entry.internetMessageId)).toEqual([id]);
  });

  it('takes delays of minutes, with seeded jitter, through options and the control route', async () => {
    const control = (method: string, body?: unknown) =>
      emulator.handle(
        new Request(`${ORIGIN}/_emulator/mail-limits`, {
          method,
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
          body: body === undefined ? null : JSON.stringify(body),
        }),
      );
    await expectStatus(
      await control('PUT', { sentItemsDelayMs: 5 * 60_000, inboxDelayMs: 6 * 60_000, jitterMs: 0 }),
      200,
    );
    expect((await control('PUT', { sentItemsDelayMs: -1 })).status).toBe(400);
    await expectStatus(await kari.call('POST', '/me/sendMail', mail('<b.1@bodo.example>')), 202);
    clock.advance(4 * 60_000);
    expect(await ids(kari, folders.sent)).toEqual([]);
    expect(await ids(kari, folders.drafts)).toEqual(['<b.1@bodo.example>']);
    clock.advance(60_000);
    expect(await ids(kari, folders.sent)).toEqual(['<b.1@bodo.example>']);
    expect(await ids(ola, folders.inbox)).toEqual([]);
    clock.advance(60_000);
    expect(await ids(ola, folders.inbox)).toEqual(['<b.1@bodo.example>']);
    await expectStatus(await control('DELETE'), 200);
    expect(emulator.mailLimits.settings().sentItemsDelayMs).toBe(DEFAULT_SENT_ITEMS_DELAY_MS);

    // Jitter: each copy between the delay and delay + jitter, the same for the same seed.
    const arrivals = async (seed: number): Promise<number[]> => {
      const clockB = createManualClock('2026-11-28T08:00:00.000Z');
      const other = createGraphEmulator({
        now: clockB.now,
        mailLimits: { sentItemsDelayMs: 1_000, jitterMs: 10_000, seed, messagesPerMinute: null },
      });
      const sender = await clientFor(other, KARI);
      for (let index = 0; index < 5; index += 1) {
        await expectStatus(
          await sender.call('POST', '/me/sendMail', mail(`<j.${index}@bodo.example>`)),
          202,
        );
      }
      const seen: number[] = [];
      for (let second = 0; second <= 11; second += 1) {
        const now = (await ids(sender, folders.sent)).length;
        while (seen.length < now) seen.push(second);
        clockB.advance(1_000);
      }
      return seen;
    };
    const first = await arrivals(7);
    expect(first).toHaveLength(5);
    expect(Math.min(...first)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...first)).toBeLessThanOrEqual(11);
    expect(await arrivals(7)).toEqual(first);
  });

  it('deletes the sender’s copy once sent when saveToSentItems is false', async () => {
    await expectStatus(
      await kari.call('POST', '/me/sendMail', {
        ...mail('<c.1@bodo.example>'),
        saveToSentItems: false,
      }),
      202,
    );
    expect(await ids(kari, folders.drafts)).toEqual(['<c.1@bodo.example>']);
    clock.advance(DEFAULT_INBOX_DELAY_MS);
    expect(await ids(kari, '/me/messages')).toEqual([]);
    expect(await ids(ola, folders.inbox)).toEqual(['<c.1@bodo.example>']);
  });

  it('keeps mail in transit across a restart of a persisted emulator', async () => {
    const storage = createMemoryStorage();
    const first = createGraphEmulator({ storage, now: clock.now });
    const sender = await clientFor(first, KARI);
    await expectStatus(await sender.call('POST', '/me/sendMail', mail('<d.1@bodo.example>')), 202);
    await first.flush();
    const second = createGraphEmulator({ storage, now: clock.now });
    const reader = await clientFor(second, OLA);
    expect(await ids(reader, folders.inbox)).toEqual([]);
    clock.advance(DEFAULT_INBOX_DELAY_MS);
    expect(await ids(reader, folders.inbox)).toEqual(['<d.1@bodo.example>']);
  });
});

describe('over the per-minute rate', () => {
  it('accepts every send (202) and delivers the ones over 30 a minute late, in order', async () => {
    for (let index = 0; index < 45; index += 1) {
      await expectStatus(
        await kari.call('POST', '/me/sendMail', mail(`<q.${index}@bodo.example>`)),
        202,
      );
    }
    // All 45 are in transit (Drafts); 30 go out now, the rest a minute later.
    expect(await ids(kari, folders.drafts)).toHaveLength(45);
    clock.advance(DEFAULT_INBOX_DELAY_MS);
    expect(await ids(ola, folders.inbox)).toHaveLength(30);
    expect(await ids(kari, folders.sent)).toHaveLength(30);
    clock.advance(60_000);
    expect(await ids(ola, folders.inbox)).toHaveLength(45);
    expect(await ids(kari, folders.sent)).toHaveLength(45);
    const released = emulator.sentMail().map((entry) => entry.releasedAt);
    expect(released[29]).toBe('2026-11-28T08:00:00.000Z');
    expect(released[30]).toBe('2026-11-28T08:01:00.000Z');
  });

  it('refuses with 429 and Retry-After instead when set to throttle', async () => {
    emulator.mailLimits.configure({ overLimit: 'throttle', messagesPerMinute: 2 });
    await expectStatus(await kari.call('POST', '/me/sendMail', mail('<t.1@bodo.example>')), 202);
    await expectStatus(await kari.call('POST', '/me/sendMail', mail('<t.2@bodo.example>')), 202);
    const refused = await kari.call('POST', '/me/sendMail', mail('<t.3@bodo.example>'));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(emulator.sentMail()).toHaveLength(2);
  });

  it('releases at the first instant the sliding window allows', () => {
    const at = (seconds: number) => new Date(Date.UTC(2026, 10, 28, 8, 0, seconds)).toISOString();
    const log = [0, 10, 20].map((seconds) => ({ senderId: 'k', submittedAt: at(seconds) }));
    const now = Date.parse(at(30));
    expect(submissionReleaseAt(log, 'k', now, 3)).toBe(Date.parse(at(60)));
    expect(submissionReleaseAt(log, 'k', now, 4)).toBe(now);
    expect(submissionReleaseAt(log, 'other', now, 1)).toBe(now);
    expect(submissionReleaseAt(log, 'k', now, null)).toBe(now);
    // Queued ones count where they were released.
    const queued = [...log, { senderId: 'k', submittedAt: at(30), releasedAt: at(60) }];
    expect(submissionReleaseAt(queued, 'k', now, 3)).toBe(Date.parse(at(70)));
  });
});
