// @vitest-environment node
/**
 * Issue 13: Exchange files its copies late (the Sent Items copy after seconds or minutes, mail
 * over 30 a minute queued), and answers get lost after it accepted a mail. No timing of late
 * copies may make the send queue send anyone a second review e-mail. Our real adapters against
 * the emulator on a clock the test moves; nothing of ours is mocked.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RunIdStore } from '../../src/features/reviews/create-review-desk.ts';
import type { FetchLike } from '../../src/m365/http-pipeline.ts';
import { createReviewWorld, line, type ReviewWorld } from './review-kit.ts';

const people = ['ola', 'lise', 'ingrid', 'per', 'anders'] as const;

function memoryStore(): RunIdStore {
  const ids = new Map<string, string>();
  return { get: (key) => ids.get(key) ?? null, set: (key, value) => void ids.set(key, value) };
}

/** Review e-mails each address was sent (the emulator's acceptance log). */
function sendsPerRecipient(world: ReviewWorld): Map<string, number> {
  const counts = new Map<string, number>();
  for (const mail of world.emulator.sentMail()) {
    for (const address of mail.recipients) counts.set(address, (counts.get(address) ?? 0) + 1);
  }
  return counts;
}

async function campaignOf(world: ReviewWorld, who: readonly (typeof people)[number][]) {
  return world.startCampaign(
    who.map((person) => line(person, 'Bodø kommune - Skolekontoret', person)),
  );
}

describe('the send queue under late copies', () => {
  it('sends nobody twice when answers are lost and Sent Items lags ten minutes', async () => {
    const world = await createReviewWorld({
      mailLimits: { sentItemsDelayMs: 10 * 60_000, inboxDelayMs: 10 * 60_000 },
    });
    const campaignId = await campaignOf(world, ['ola', 'lise', 'ingrid']);
    world.emulator.faults.configure({
      rate: 1,
      kinds: ['drop-after-write'],
      methods: ['POST'],
      pathPattern: 'sendMail$',
      maxFaults: 2,
    });
    const result = await world.deskAs('sigrid').send(campaignId, 'review');
    world.emulator.faults.clear();
    expect(result).toMatchObject({ total: 3, sent: 3, unconfirmed: 0, done: true });
    expect([...sendsPerRecipient(world).values()]).toEqual([1, 1, 1]);
    for (const who of ['ola', 'lise', 'ingrid'] as const) {
      expect(await world.reviewMailsOf(who)).toHaveLength(1);
    }
  });

  it('resends a mail that never reached Exchange (503), once the lookup is proven', async () => {
    const world = await createReviewWorld({ mailLimits: { sentItemsDelayMs: 5 * 60_000 } });
    const campaignId = await campaignOf(world, ['ola', 'lise', 'ingrid']);
    // The second send gets a 503 and nothing is delivered.
    let sends = 0;
    const fetch: FetchLike = (request) => {
      if (request.url.endsWith('/sendMail') && ++sends === 2) {
        return Promise.resolve(
          Response.json(
            { error: { code: 'ServiceNotAvailable', message: 'Unavailable' } },
            { status: 503 },
          ),
        );
      }
      return world.emulator.handle(request);
    };
    const result = await world.deskAs('sigrid', { fetch }).send(campaignId, 'review');
    expect(result).toMatchObject({ total: 3, sent: 3, unconfirmed: 0 });
    expect([...sendsPerRecipient(world).values()]).toEqual([1, 1, 1]);
  });

  it('never resends on absence when the mailbox cannot show our Message-IDs: it waits for confirmation', async () => {
    const world = await createReviewWorld();
    const campaignId = await campaignOf(world, ['ola', 'lise', 'ingrid']);
    // A tenant that replaced our Message-IDs: lookups by them find nothing, ever.
    const fetch: FetchLike = async (request) => {
      if (request.method === 'GET' && /\/messages(\?|$)/.test(request.url)) {
        return Response.json({ value: [] });
      }
      return world.emulator.handle(request);
    };
    world.emulator.faults.configure({
      rate: 1,
      kinds: ['drop-after-write'],
      methods: ['POST'],
      pathPattern: 'sendMail$',
      maxFaults: 1,
    });
    const store = memoryStore();
    const first = await world.deskAs('sigrid', { fetch, runIds: store }).send(campaignId, 'review');
    world.emulator.faults.clear();
    expect(first).toMatchObject({ total: 3, sent: 2, unconfirmed: 1, done: true });
    // Running again, even an hour later, sends nothing it cannot prove lost.
    world.clock.advance(60 * 60_000);
    const again = await world.deskAs('sigrid', { fetch, runIds: store }).send(campaignId, 'review');
    expect(again.sent + again.unconfirmed).toBe(3);
    expect([...sendsPerRecipient(world).values()]).toEqual([1, 1, 1]);
  });

  it('is exactly once for any delays, jitter, lost answers, queueing and cut-offs (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          sentItemsDelayMs: fc.integer({ min: 0, max: 20 * 60_000 }),
          inboxDelayMs: fc.integer({ min: 0, max: 20 * 60_000 }),
          jitterMs: fc.integer({ min: 0, max: 10 * 60_000 }),
          seed: fc.integer(),
          messagesPerMinute: fc.constantFrom(1, 2, 30),
          perMinute: fc.constantFrom(30, 120),
          faultRate: fc.constantFrom(0, 0.3, 0.6),
          faultSeed: fc.integer({ min: 1, max: 1000 }),
          cutOffAfter: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
          reloadAfterMs: fc.integer({ min: 0, max: 30 * 60_000 }),
        }),
        async (timing) => {
          const world = await createReviewWorld({
            mailLimits: {
              sentItemsDelayMs: timing.sentItemsDelayMs,
              inboxDelayMs: timing.inboxDelayMs,
              jitterMs: timing.jitterMs,
              seed: timing.seed,
              messagesPerMinute: timing.messagesPerMinute,
            },
          });
          const campaignId = await campaignOf(world, people);
          if (timing.faultRate > 0) {
            world.emulator.faults.configure({
              rate: timing.faultRate,
              kinds: ['503', 'drop-after-write'],
              methods: ['POST'],
              pathPattern: 'sendMail$',
              seed: timing.faultSeed,
            });
          }
          const store = memoryStore();
          const desk = () => world.deskAs('sigrid', { runIds: store, perMinute: timing.perMinute });
          if (timing.cutOffAfter !== null) {
            const cutOff = timing.cutOffAfter;
            const controller = new AbortController();
            await desk()
              .send(campaignId, 'review', {
                signal: controller.signal,
                onProgress: (progress) => {
                  if (progress.sent >= cutOff) controller.abort(new Error('tab closed'));
                },
              })
              .catch((error: unknown) => {
                if (!(error instanceof Error) || error.message !== 'tab closed') throw error;
              });
            world.clock.advance(timing.reloadAfterMs);
          }
          // Runs until done, as systemansvarlig would press "Fortsett" after a pause.
          for (let run = 0; run < 6; run += 1) {
            const result = await desk()
              .send(campaignId, 'review')
              .catch((error: unknown) => {
                if (error instanceof Error && error.name === 'SendPaused') return null;
                throw error;
              });
            if (result !== null && result.sent === people.length) break;
            world.clock.advance(11 * 60_000);
          }
          world.emulator.faults.clear();
          const counts = sendsPerRecipient(world);
          expect([...counts.values()].every((count) => count === 1)).toBe(true);
          expect(counts.size).toBe(people.length);
        },
      ),
      { numRuns: 25, seed: 13 },
    );
  }, 240_000);
});
