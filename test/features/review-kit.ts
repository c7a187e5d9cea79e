/**
 * A provisioned emulator on a clock the test moves, and review desks for demo
 * people over our real Graph adapters: what the review desk's and the review
 * screens' tests share. Nothing of ours is mocked.
 */
import { expect } from 'vitest';
import { z } from 'zod';
import { demoGroupIds } from '../../emulator/directory-data.ts';
import { createManualClock, type ManualClock } from '../../emulator/emulator-clock.ts';
import {
  DEFAULT_INBOX_DELAY_MS,
  DEFAULT_SENT_ITEMS_DELAY_MS,
  type MailLimitsInput,
} from '../../emulator/mail-limits.ts';
import type { CampaignDefinition } from '../../src/domain/campaigns.ts';
import {
  createReviewDesk,
  type RunIdStore,
} from '../../src/features/reviews/create-review-desk.ts';
import type { LineInput, ReviewDesk } from '../../src/features/reviews/review-desk.ts';
import { createGraphCampaignMailbox } from '../../src/m365/campaign-mailbox.ts';
import { createGraphDirectory } from '../../src/m365/directory.ts';
import type { FetchLike } from '../../src/m365/http-pipeline.ts';
import { createGraphLedger } from '../../src/m365/ledger.ts';
import { findMailReference, type MailReference } from '../../src/m365/mail-reference.ts';
import { createGraphMailer } from '../../src/m365/mailer.ts';
import { base64ToUtf8Text } from '../../src/m365/base64.ts';
import { createGraphMailbox } from '../../src/m365/mailbox.ts';
import type { ReviewMail as PaneMail } from '../../src/features/reviews/review-snapshot.ts';

export type { PaneMail };
import { graphAs, provisionedEmulator, SITE_URL, type Emulator } from '../m365/emulator-kit.ts';

export const upn = {
  ola: 'ola.hansen@bodo.example',
  lise: 'lise.olsen@bodo.example',
  ingrid: 'ingrid.berg@bodo.example',
  per: 'per.johansen@bodo.example',
  sigrid: 'sigrid.lund@bodo.example',
  anders: 'anders.moe@bodo.example',
} as const;
export type Who = keyof typeof upn;

export const definition: CampaignDefinition = {
  kind: 'quarterly-module',
  target: 'svarut',
  base: 'bodo',
  deadline: '2026-12-15',
  reminderEveryDays: 7,
};

export function line(who: Who, subUnit: string, name: string): LineInput {
  return { lineId: crypto.randomUUID(), name, email: upn[who], subUnit, right: 'send' };
}

/** Ola with two lines, Lise and Ingrid with one each. */
export const lines = (): LineInput[] => [
  line('ola', 'Bodø kommune - Skolekontoret', 'Ola Hansen'),
  line('ola', 'Bodø kommune - Oppvekst', 'Ola Hansen'),
  line('lise', 'Bodø kommune - Skolekontoret', 'Lise Olsen'),
  line('ingrid', 'Bodø kommune - Barnevern', 'Ingrid Berg'),
];

const messageSchema = z.object({
  id: z.string(),
  subject: z.string(),
  internetMessageId: z.string(),
  internetMessageHeaders: z.array(z.object({ name: z.string(), value: z.string() })).nullish(),
});

export interface ReviewMail extends z.infer<typeof messageSchema> {
  readonly reference: MailReference | null;
}

export interface DeskOptions {
  readonly fetch?: FetchLike;
  readonly runIds?: RunIdStore;
  readonly staleClaimMs?: number;
  readonly perMinute?: number;
  /** Send from (and read replies in) this shared mailbox. */
  readonly fromMailbox?: string;
}

export interface ReviewWorld {
  readonly emulator: Emulator;
  readonly clock: ManualClock;
  deskAs(who: Who, options?: DeskOptions): ReviewDesk;
  /** Sigrid records a SvarUt campaign of `input` (default {@link lines}); returns its id. */
  startCampaign(input?: LineInput[]): Promise<string>;
  /** The review mails in someone's Inbox, with our header's reference. */
  reviewMailsOf(who: Who): Promise<ReviewMail[]>;
  /** Every mail in someone's Inbox (replies and other mail too), with our header's reference if any. */
  inboxOf(who: Who): Promise<ReviewMail[]>;
  /**
   * What the task pane reads of a mail in someone's mailbox: Exchange's sender and the
   * attachments (as the workbench host reads them through Graph).
   */
  paneMail(who: Who, messageId: string): Promise<PaneMail>;
  /**
   * Moves the clock on, a second at a time, until Exchange has put every accepted copy in its
   * mailbox (at most `maxMs`): what a reader does by looking again a little later.
   */
  waitForDelivery(maxMs?: number): Promise<void>;
}

/**
 * Exchange's timing for the review tests: the emulator's defaults (Sent Items copy and Inbox
 * copies seconds after the 202, mail over 30 a minute queued), or what a test asks for.
 */
export interface WorldOptions {
  readonly mailLimits?: MailLimitsInput;
}

export async function createReviewWorld(options: WorldOptions = {}): Promise<ReviewWorld> {
  const clock = createManualClock('2026-11-28T08:00:00Z');
  const emulator = await provisionedEmulator({
    now: clock.now,
    // Realistic delays even where the shared kit makes delivery instant.
    mailLimits: {
      sentItemsDelayMs: DEFAULT_SENT_ITEMS_DELAY_MS,
      inboxDelayMs: DEFAULT_INBOX_DELAY_MS,
      ...options.mailLimits,
    },
  });

  async function waitForDelivery(maxMs = 30 * 60_000): Promise<void> {
    for (let waited = 0; ; waited += 1_000) {
      const response = await emulator.handle(
        new Request('https://graph.emulator.test/_emulator/mail-limits'),
      );
      const { pending } = z.object({ pending: z.number() }).parse(await response.json());
      if (pending === 0) return;
      if (waited >= maxMs) throw new Error(`${String(pending)} copies still in transit`);
      clock.advance(1_000);
    }
  }

  /** Sleeping moves the emulator's clock: waiting for Exchange costs no real time. */
  async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    clock.advance(ms);
    await Promise.resolve();
  }

  function deskAs(who: Who, options: DeskOptions = {}): ReviewDesk {
    const graph = graphAs(emulator, upn[who], options.fetch ? { fetch: options.fetch } : {});
    const directory = createGraphDirectory(graph);
    return createReviewDesk({
      ledger: createGraphLedger(graph, { site: SITE_URL }),
      directory,
      mailer: createGraphMailer(graph, { retryThrottled: false }),
      campaignMailbox: createGraphCampaignMailbox(graph, options.fromMailbox),
      me: async () => {
        const person = await directory.getPerson(upn[who]);
        if (person === null) throw new Error(`${who} is not in the demo directory`);
        return person;
      },
      groups: {
        systemansvarlig: demoGroupIds.systemansvarlig,
        arkivleder: demoGroupIds.arkivleder,
      },
      now: clock.now,
      sleep,
      perMinute: options.perMinute ?? 30,
      ...(options.runIds ? { runIds: options.runIds } : {}),
      ...(options.staleClaimMs === undefined ? {} : { staleClaimMs: options.staleClaimMs }),
      ...(options.fromMailbox === undefined ? {} : { fromMailbox: options.fromMailbox }),
    });
  }

  async function startCampaign(input: LineInput[] = lines()): Promise<string> {
    const desk = deskAs('sigrid');
    const { resolved, unknown } = await desk.resolveLines(input, definition);
    expect(unknown).toEqual([]);
    const campaignId = crypto.randomUUID();
    await desk.createCampaign({ definition, lines: resolved }, { campaignId });
    return campaignId;
  }

  async function reviewMailsOf(who: Who): Promise<ReviewMail[]> {
    await waitForDelivery();
    const graph = graphAs(emulator, upn[who]);
    const messages = await graph.getAll('/me/mailFolders/inbox/messages', messageSchema, {
      scopes: ['Mail.Read'],
      query: { $select: 'id,subject,internetMessageId,internetMessageHeaders', $top: '100' },
    });
    return messages
      .map((message) => ({
        ...message,
        reference: findMailReference(message.internetMessageHeaders ?? []),
      }))
      .filter((message) => message.reference?.['kind'] === 'review');
  }

  async function inboxOf(who: Who): Promise<ReviewMail[]> {
    await waitForDelivery();
    const graph = graphAs(emulator, upn[who]);
    const messages = await graph.getAll('/me/mailFolders/inbox/messages', messageSchema, {
      scopes: ['Mail.Read'],
      query: { $select: 'id,subject,internetMessageId,internetMessageHeaders', $top: '100' },
    });
    return messages.map((message) => ({
      ...message,
      reference: findMailReference(message.internetMessageHeaders ?? []),
    }));
  }

  async function paneMail(who: Who, messageId: string): Promise<PaneMail> {
    const mailbox = createGraphMailbox(graphAs(emulator, upn[who]));
    const [content, files] = await Promise.all([
      mailbox.getMessageContent(messageId),
      mailbox.getFileAttachments(messageId),
    ]);
    return {
      from: content.from?.address ?? null,
      attachments: files.map((file) => ({
        name: file.name,
        text: base64ToUtf8Text(file.contentBytes),
      })),
    };
  }

  return {
    emulator,
    clock,
    deskAs,
    startCampaign,
    reviewMailsOf,
    inboxOf,
    paneMail,
    waitForDelivery,
  };
}
