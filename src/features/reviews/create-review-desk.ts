/**
 * The review desk over the ledger, the directory and the campaign mailbox.
 * The fold (`foldCampaign`) owns the rules; the desk refuses early, with a
 * reason, what the fold would ignore, so nothing unentitled is written.
 */
import { foldCampaign, type CampaignView } from '../../domain/campaign-fold.ts';
import { campaignLineSchema, parseReviewReply, type CampaignLine } from '../../domain/campaigns.ts';
import { defaultCatalogue, type Catalogue } from '../../domain/catalogue.ts';
import { osloDate } from '../../domain/dates.ts';
import type { DirectoryFacts } from '../../domain/directory-facts.ts';
import {
  isUnreadable,
  parseRecordedEvents,
  toEnvelope,
  type LedgerEntry,
  type LedgerEvent,
  type RecordedEvent,
} from '../../domain/events.ts';
import type { DomainMessageKey } from '../../domain/messages.ts';
import type { PersonRef } from '../../domain/person.ts';
import {
  parseRoundMessageId,
  reminderRound,
  roundEventId,
  type ReviewMailReference,
  type ReviewRound,
} from '../../domain/review-rounds.ts';
import type { CampaignMailbox } from '../../m365/campaign-mailbox.ts';
import type { DirectoryPerson, PeopleDirectory } from '../../m365/directory.ts';
import type { Ledger } from '../../m365/ledger.ts';
import type { Mailer } from '../../m365/mailer.ts';
import { entriesOf, listAll, readStreams } from '../requests/desk-context.ts';
import type { RoleGroups } from '../requests/load-facts.ts';
import { RequestRefused } from '../requests/request-desk.ts';
import type {
  CampaignDetail,
  CampaignListRow,
  FlaggedReply,
  LineInput,
  MyReview,
  ReplyReading,
  ReviewDesk,
  SendPreview,
} from './review-desk.ts';
import { reviewMail, targetName } from './review-mails.ts';
import {
  sendRound,
  type ExistingClaim,
  type RoundRecipient,
  type SendQueueDeps,
} from './send-queue.ts';

/** Remembers a sending run's id per campaign and round, so a reloaded tab resumes its own claims. */
export interface RunIdStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
}

export interface ReviewDeskDeps {
  readonly ledger: Ledger;
  readonly directory: PeopleDirectory;
  readonly mailer: Mailer;
  readonly campaignMailbox: CampaignMailbox;
  readonly me: () => Promise<DirectoryPerson>;
  readonly groups: RoleGroups;
  readonly catalogue?: Catalogue;
  /** Default: the system clock. */
  readonly now?: () => Date;
  /** Default: a timer that an abort signal cuts short. */
  readonly sleep?: SendQueueDeps['sleep'];
  /** Sends per minute (Exchange Online: 30 per mailbox). */
  readonly perMinute?: number;
  /** Send from this shared mailbox instead of the signed-in user's. */
  readonly fromMailbox?: string;
  /** Default: in memory (a reload starts a new run, whose claims wait `staleClaimMs`). */
  readonly runIds?: RunIdStore;
  readonly staleClaimMs?: number;
  readonly newId?: () => string;
}

function refuse(key: DomainMessageKey): never {
  throw new RequestRefused([{ key }]);
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason instanceof Error ? signal.reason : new Error('Aborted'));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason instanceof Error ? signal.reason : new Error('Aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function memoryRunIds(): RunIdStore {
  const ids = new Map<string, string>();
  return { get: (key) => ids.get(key) ?? null, set: (key, value) => void ids.set(key, value) };
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

function recorded(entries: readonly LedgerEntry[]): RecordedEvent[] {
  return entries.filter((entry): entry is RecordedEvent => !isUnreadable(entry));
}

export function createReviewDesk(deps: ReviewDeskDeps): ReviewDesk {
  const { ledger, directory, mailer, campaignMailbox, groups } = deps;
  const catalogue = deps.catalogue ?? defaultCatalogue;
  const now = deps.now ?? (() => new Date());
  const perMinute = deps.perMinute ?? 30;
  const runIds = deps.runIds ?? memoryRunIds();
  const newId = deps.newId ?? (() => crypto.randomUUID());
  const membership = new Map<string, Promise<boolean>>();

  function isSystemansvarlig(personId: string): Promise<boolean> {
    const known = membership.get(personId);
    if (known !== undefined) return known;
    const asked = directory
      .memberOfGroups(personId, [groups.systemansvarlig])
      .then((ids) => ids.length > 0);
    membership.set(personId, asked);
    asked.catch(() => membership.delete(personId));
    return asked;
  }

  /**
   * What the campaign fold needs: only whether the authors of staff steps are
   * systemansvarlig. Answers are judged by comparing author and line, so the
   * (many) people who answer are not looked up.
   */
  async function factsFor(entries: readonly LedgerEntry[]): Promise<DirectoryFacts> {
    const staff = new Set<string>();
    for (const entry of recorded(entries)) {
      if (entry.type !== 'campaign.answered') staff.add(entry.author.id);
    }
    const members = new Set<string>();
    await Promise.all(
      [...staff].map(async (id) => {
        if (await isSystemansvarlig(id)) members.add(id);
      }),
    );
    return {
      managerOf: () => null,
      hasDirectReports: () => false,
      isMember: (personId, group) => group === 'systemansvarlig' && members.has(personId),
      delegations: [],
    };
  }

  async function load(campaignId: string) {
    const stream = await ledger.readStream(campaignId);
    const entries = entriesOf(stream);
    const view = foldCampaign(entries, await factsFor(entries), now());
    if (view.definition === null) refuse('campaign.notFound');
    return { entries, view };
  }

  async function requireManager(): Promise<DirectoryPerson> {
    const me = await deps.me();
    if (!(await isSystemansvarlig(me.id))) refuse('campaign.notSystemansvarlig');
    return me;
  }

  async function requireOpen(campaignId: string) {
    const me = await requireManager();
    const loaded = await load(campaignId);
    if (loaded.view.status === 'closed') refuse('campaign.closed');
    return { me, ...loaded };
  }

  async function append(campaignId: string, event: LedgerEvent, eventId: string): Promise<void> {
    await ledger.append(toEnvelope(event, { eventId, streamId: campaignId, occurredAt: now() }));
  }

  function previewSend(people: number): SendPreview {
    return { people, emails: people, perMinute, minutes: Math.ceil(people / perMinute) };
  }

  function namesOf(view: CampaignView): Record<string, string> {
    const names: Record<string, string> = {};
    const add = (ref: PersonRef | null) => {
      if (ref?.displayName !== undefined) names[ref.id] = ref.displayName;
    };
    for (const line of view.lines) add(line.line.person);
    for (const entry of view.timeline) add(entry.author);
    add(view.createdBy);
    for (const line of view.lines) {
      add(line.answer?.recordedBy ?? null);
      add(line.removal?.by ?? null);
    }
    add(view.outcome?.closedBy ?? null);
    return names;
  }

  function addressOf(view: CampaignView, personId: string): string | null {
    for (const line of view.lines) {
      if (line.line.person.id === personId && line.line.email !== undefined) return line.line.email;
    }
    return null;
  }

  /** Sent Items and replies are read from a minute before the campaign began. */
  function mailedSince(view: CampaignView): Date {
    return new Date(Date.parse(view.createdAt ?? now().toISOString()) - 60_000);
  }

  /** The claims of a round (its mails, or its reminders), by person id. */
  function claimsOf(entries: readonly LedgerEntry[], campaignId: string, round: ReviewRound) {
    const claims = new Map<string, ExistingClaim>();
    for (const entry of recorded(entries)) {
      if (entry.type !== 'campaign.mail-sent' && entry.type !== 'campaign.reminded') continue;
      const { personId } = entry.payload;
      if (entry.eventId !== roundEventId(campaignId, personId, round)) continue;
      claims.set(personId, {
        dispatchId: entry.payload.dispatchId ?? null,
        recordedAt: entry.recordedAt,
        authorId: entry.author.id,
        messageId: entry.payload.messageId ?? null,
      });
    }
    return claims;
  }

  function remindable(entries: readonly LedgerEntry[], view: CampaignView, campaignId: string) {
    const today = reminderRound(osloDate(now()));
    const remindedToday = claimsOf(entries, campaignId, today);
    const notAnswered = new Set(view.notAnswered.map((person) => person.id));
    return view.people
      .filter(
        (person) =>
          notAnswered.has(person.person.id) &&
          person.mailedAt.length > 0 &&
          !remindedToday.has(person.person.id),
      )
      .map((person) => person.person);
  }

  /**
   * Claims of the review round and of today's reminders that this person's runs could have sent
   * (a shared mailbox, or their own claims) and whose Message-ID is not in Sent Items. One Sent
   * Items read per 1,000 mails, only when there are such claims.
   */
  async function unsentClaims(
    entries: readonly LedgerEntry[],
    view: CampaignView,
    campaignId: string,
    meId: string,
  ): Promise<{ unsent: number; unsentReminders: number }> {
    const today = reminderRound(osloDate(now()));
    const verifiable = (['review', today] as const).flatMap((round) =>
      [...claimsOf(entries, campaignId, round).values()].flatMap((claim) =>
        (deps.fromMailbox !== undefined || claim.authorId === meId) && claim.messageId !== null
          ? [{ round, messageId: claim.messageId }]
          : [],
      ),
    );
    if (verifiable.length === 0) return { unsent: 0, unsentReminders: 0 };
    const since = mailedSince(view);
    const sent = await campaignMailbox.sentMessageIds(since);
    const missing = verifiable.filter((claim) => !sent.has(claim.messageId));
    return {
      unsent: missing.filter((claim) => claim.round === 'review').length,
      unsentReminders: missing.filter((claim) => claim.round !== 'review').length,
    };
  }

  /**
   * One person's part of a campaign, for the task pane: the events about them (their lines,
   * mails, reminders, replies and answers, by the SubjectId index) and the campaign's creation
   * and closing, folded as the whole campaign would be for their lines. Three listings in
   * parallel, however large the campaign.
   */
  async function personsPart(
    reference: Pick<ReviewMailReference, 'campaignId' | 'personId'>,
  ): Promise<CampaignView> {
    const [about, created, closed] = await Promise.all([
      listAll(ledger, { by: 'subject', value: reference.personId }),
      listAll(ledger, { by: 'type', value: 'campaign.created' }),
      listAll(ledger, { by: 'type', value: 'campaign.closed' }),
    ]);
    const entries = parseRecordedEvents(
      [...about, ...created, ...closed].filter((event) => event.streamId === reference.campaignId),
    );
    return foldCampaign(entries, await factsFor(entries), now());
  }

  return {
    async canManage() {
      const me = await deps.me();
      return isSystemansvarlig(me.id);
    },

    async listCampaigns() {
      const created = await listAll(ledger, { by: 'type', value: 'campaign.created' });
      const streams = await readStreams(
        ledger,
        created.map((event) => event.streamId),
      );
      const rows: CampaignListRow[] = [];
      for (const stream of streams) {
        const entries = entriesOf(stream);
        const view = foldCampaign(entries, await factsFor(entries), now());
        // A creation whose lines never got written (it failed and was started again) is no campaign.
        if (view.definition === null || view.campaignId === null || view.lines.length === 0)
          continue;
        rows.push({
          campaignId: view.campaignId,
          definition: view.definition,
          createdAt: view.createdAt,
          createdBy: view.createdBy,
          status: view.status,
          overdue: view.overdue,
          people: view.people.length,
          summary: view.summary,
        });
      }
      return rows.sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
    },

    async resolveLines(lines) {
      const byAddress = new Map<string, Promise<DirectoryPerson | null>>();
      const lookup = (address: string) => {
        const key = address.trim().toLowerCase();
        let found = byAddress.get(key);
        if (found === undefined) {
          // The userPrincipalName first (one GET), then `mail` for tenants where they differ.
          found = directory
            .getPerson(key)
            .then((person) => person ?? directory.findPersonByMail(key));
          byAddress.set(key, found);
        }
        return found;
      };
      const resolved: (LineInput & { person: PersonRef })[] = [];
      const unknown: LineInput[] = [];
      // At most 8 lookups at a time: a 1,000-line file must not open 1,000 requests at once.
      const queue = [...lines];
      await Promise.all(
        Array.from({ length: Math.min(8, queue.length) }, async () => {
          for (let line = queue.shift(); line !== undefined; line = queue.shift()) {
            const person = await lookup(line.email);
            if (person === null) unknown.push(line);
            else
              resolved.push({
                ...line,
                person: { id: person.id, displayName: person.displayName },
              });
          }
        }),
      );
      const order = new Map(lines.map((line, index) => [line.lineId, index]));
      const byOrder = (a: LineInput, b: LineInput) =>
        (order.get(a.lineId) ?? 0) - (order.get(b.lineId) ?? 0);
      return { resolved: resolved.sort(byOrder), unknown: unknown.sort(byOrder) };
    },

    async createCampaign({ definition, lines }, { campaignId }) {
      await requireManager();
      if (lines.length === 0) refuse('campaign.noLines');
      const events: LedgerEvent[] = [
        { type: 'campaign.created', payload: { campaign: definition } },
        ...lines.map((line): LedgerEvent => {
          const parsed: CampaignLine = campaignLineSchema.parse({
            lineId: line.lineId,
            person: line.person,
            email: line.email.trim().toLowerCase(),
            module: definition.target,
            subUnit: line.subUnit,
            right: line.right,
          });
          return { type: 'campaign.line-added', payload: { line: parsed } };
        }),
      ];
      const at = now();
      // The creation first and alone: a line written before it would be out of order.
      const [created, ...rest] = events.map((event, index) =>
        toEnvelope(event, {
          eventId: index === 0 ? `c:${campaignId}` : `l:${lines[index - 1]?.lineId ?? index}`,
          streamId: campaignId,
          occurredAt: at,
        }),
      );
      if (created === undefined) return;
      await ledger.append(created);
      await ledger.appendMany(rest);
    },

    async getCampaign(campaignId) {
      const me = await deps.me();
      const [{ entries, view }, canManage] = await Promise.all([
        load(campaignId),
        isSystemansvarlig(me.id),
      ]);
      const emails: Record<string, string> = {};
      for (const line of view.lines) {
        if (line.line.email !== undefined) emails[line.line.lineId] = line.line.email;
      }
      const detail: CampaignDetail = {
        view,
        campaignId,
        names: namesOf(view),
        emails,
        preview: previewSend(view.people.length),
        sending: {
          mailed: view.people.filter((person) => person.mailedAt.length > 0).length,
          people: view.people.length,
          remindable: remindable(entries, view, campaignId),
          dueByCadence: view.dueForReminder,
          ...(canManage && view.status === 'open'
            ? await unsentClaims(entries, view, campaignId, me.id)
            : { unsent: 0, unsentReminders: 0 }),
        },
        canManage,
      };
      return detail;
    },

    previewSend,

    async send(campaignId, kind, options = {}) {
      const { me, entries, view } = await requireOpen(campaignId);
      const round: ReviewRound = kind === 'review' ? 'review' : reminderRound(osloDate(now()));
      if (kind === 'reminders' && view.people.every((person) => person.mailedAt.length === 0)) {
        refuse('campaign.notMailed');
      }
      const people =
        kind === 'review'
          ? view.people.map((person) => person.person)
          : remindable(entries, view, campaignId);
      const linesOf = (personId: string) =>
        view.lines.filter((line) => line.line.person.id === personId).map((line) => line.line);
      const recipients: RoundRecipient[] = [];
      for (const person of people) {
        const address = addressOf(view, person.id) ?? (await directory.getPerson(person.id))?.mail;
        if (!address) continue;
        recipients.push({
          person,
          address,
          lineIds: linesOf(person.id).map((line) => line.lineId),
        });
      }
      const runKey = `${campaignId}:${round}`;
      let dispatchId = runIds.get(runKey);
      if (dispatchId === null) {
        dispatchId = newId();
        runIds.set(runKey, dispatchId);
      }
      const sender = deps.fromMailbox ?? me.mail ?? me.userPrincipalName ?? '';
      const domain = sender.split('@')[1] ?? 'localhost';
      const definition = view.definition;
      if (definition === null) refuse('campaign.notFound');
      return sendRound(
        {
          ledger,
          mailer,
          sentItems: campaignMailbox,
          now,
          sleep: deps.sleep ?? abortableSleep,
          perMinute,
          ...(deps.staleClaimMs === undefined ? {} : { staleClaimMs: deps.staleClaimMs }),
          ...(deps.fromMailbox === undefined ? {} : { fromMailbox: deps.fromMailbox }),
        },
        {
          campaignId,
          round,
          domain,
          recipients,
          claims: claimsOf(entries, campaignId, round),
          sentSince: mailedSince(view),
          dispatchId,
          senderId: me.id,
          sharedMailbox: deps.fromMailbox !== undefined,
          compose: (recipient) =>
            reviewMail({
              definition,
              catalogue,
              recipientName: recipient.person.displayName ?? recipient.address,
              lines: linesOf(recipient.person.id),
              reminder: kind === 'reminders',
              senderName: me.displayName,
            }),
          ...(kind === 'reminders'
            ? {
                stillDue: async () => {
                  const fresh = await load(campaignId);
                  return new Set(fresh.view.notAnswered.map((person) => person.id));
                },
              }
            : {}),
        },
        options,
      );
    },

    async readReplies(campaignId) {
      const { entries, view } = await requireOpen(campaignId);
      const since = mailedSince(view);
      const replies = await campaignMailbox.repliesSince(since);
      const existing = new Set(recorded(entries).map((entry) => entry.eventId));
      // Replies systemansvarlig recorded by hand after reading them count as well.
      const recordedMessages = new Set(
        recorded(entries).flatMap((entry) =>
          entry.type === 'campaign.reply-recorded' ? [entry.payload.messageId] : [],
        ),
      );
      const flagged: FlaggedReply[] = [];
      const toRecord: { eventId: string; event: LedgerEvent }[] = [];
      let alreadyCounted = 0;
      const names = namesOf(view);
      for (const reply of replies) {
        const reference = reply.inReplyTo === null ? null : parseRoundMessageId(reply.inReplyTo);
        if (reference === null || reference.campaignId !== campaignId) continue;
        const person = view.people.find((candidate) => candidate.person.id === reference.personId);
        const flag = (reason: FlaggedReply['reason']) =>
          flagged.push({
            messageId: reply.internetMessageId ?? reply.messageId,
            personId: person?.person.id ?? null,
            personName: person === undefined ? null : (names[person.person.id] ?? null),
            fromAddress: reply.fromAddress,
            receivedDateTime: reply.receivedDateTime,
            subject: reply.subject,
            excerpt: reply.text.trim().split(/\r?\n/).slice(0, 6).join('\n').slice(0, 500),
            reason,
          });
        if (person === undefined) {
          flag('unknown-person');
          continue;
        }
        const expected = new Set(
          view.lines
            .filter((line) => line.line.person.id === person.person.id)
            .map((line) => line.line.email?.toLowerCase())
            .filter((address): address is string => address !== undefined),
        );
        if (reply.fromAddress === null || !expected.has(reply.fromAddress.toLowerCase())) {
          flag('not-from-recipient');
          continue;
        }
        const eventId = `y:${(await sha256Hex(reply.internetMessageId ?? reply.messageId)).slice(0, 40)}`;
        if (
          existing.has(eventId) ||
          recordedMessages.has(reply.internetMessageId ?? reply.messageId)
        ) {
          alreadyCounted += 1;
          continue;
        }
        const decision = parseReviewReply(reply.text);
        if (decision === null) {
          flag('unreadable');
          continue;
        }
        // An answer given later in the task pane is the newer word: the reply does not override it.
        const received = reply.receivedDateTime ?? '';
        const answeredLater = view.lines
          .filter((line) => line.line.person.id === person.person.id)
          .every(
            (line) =>
              line.answer !== null && line.answer.channel !== 'reply' && line.answer.at > received,
          );
        if (answeredLater) {
          alreadyCounted += 1;
          continue;
        }
        existing.add(eventId);
        toRecord.push({
          eventId,
          event: {
            type: 'campaign.reply-recorded',
            payload: {
              personId: person.person.id,
              decision,
              messageId: reply.internetMessageId ?? reply.messageId,
            },
          },
        });
      }
      if (toRecord.length > 0) {
        const at = now();
        await ledger.appendMany(
          toRecord.map(({ eventId, event }) =>
            toEnvelope(event, { eventId, streamId: campaignId, occurredAt: at }),
          ),
        );
      }
      const reading: ReplyReading = { recorded: toRecord.length, alreadyCounted, flagged };
      return reading;
    },

    async recordReply(campaignId, { personId, decision, messageId }, { eventId }) {
      const { me, view } = await requireOpen(campaignId);
      if (personId === me.id) refuse('campaign.notYourLine');
      if (!view.people.some((person) => person.person.id === personId)) {
        refuse('campaign.lineNotFound');
      }
      await append(
        campaignId,
        { type: 'campaign.reply-recorded', payload: { personId, decision, messageId } },
        eventId,
      );
    },

    async confirmRemoval(campaignId, { lineId, where, reference }, { eventId }) {
      const { view } = await requireOpen(campaignId);
      const line = view.lines.find((candidate) => candidate.line.lineId === lineId);
      if (line === undefined) refuse('campaign.lineNotFound');
      if (line.removal !== null) refuse('campaign.alreadyRemoved');
      const trimmed = reference?.trim();
      await append(
        campaignId,
        {
          type: 'campaign.removal-confirmed',
          payload: { lineId, where, ...(trimmed ? { reference: trimmed } : {}) },
        },
        eventId,
      );
    },

    async closeCampaign(campaignId, { reportReference }, { eventId }) {
      await requireOpen(campaignId);
      const trimmed = reportReference?.trim();
      await append(
        campaignId,
        {
          type: 'campaign.closed',
          payload: { outcome: 'completed', ...(trimmed ? { reportReference: trimmed } : {}) },
        },
        eventId,
      );
    },

    async report(campaignId) {
      const me = await requireManager();
      const { view } = await load(campaignId);
      const definition = view.definition;
      if (definition === null) refuse('campaign.notFound');
      const names = namesOf(view);
      // The report's code is only needed when one is asked for: not in every page's services.
      const { campaignCsv, campaignReportHtml } = await import('./campaign-exports.ts');
      const target = targetName(definition, catalogue)
        .toLowerCase()
        .replace(/[^a-z0-9æøå]+/g, '-');
      return {
        html: campaignReportHtml(view, {
          names,
          catalogue,
          generatedAt: now(),
          generatedBy: me.displayName,
        }),
        csv: campaignCsv(view, names),
        fileName: `tilgangsgjennomgang-${target}-${osloDate(now())}`,
      };
    },

    async myReview(reference) {
      const [me, view] = await Promise.all([deps.me(), personsPart(reference)]);
      if (view.definition === null) return { kind: 'unknown' };
      if (reference.personId !== me.id) {
        const person = view.people.find((candidate) => candidate.person.id === reference.personId);
        return { kind: 'not-yours', recipientName: person?.person.displayName ?? null };
      }
      const definition = view.definition;
      if (definition === null || view.campaignId === null) return { kind: 'unknown' };
      const review: MyReview = {
        kind: 'mine',
        campaignId: view.campaignId,
        definition,
        lines: view.lines
          .filter((line) => line.line.person.id === me.id)
          .map((line) => ({
            line: line.line,
            answer:
              line.answer === null
                ? null
                : { decision: line.answer.decision, comment: line.answer.comment },
          })),
        closed: view.status === 'closed',
        overdue: view.overdue,
      };
      return review;
    },

    async answer(campaignId, answers, channel, { eventId }) {
      const me = await deps.me();
      // Only the signed-in person's part: a line that is not in it is someone else's (or none).
      const view = await personsPart({ campaignId, personId: me.id });
      if (view.definition === null) refuse('campaign.notFound');
      if (view.status === 'closed') refuse('campaign.closed');
      if (answers.length === 0) refuse('campaign.decisionRequired');
      for (const answer of answers) {
        const line = view.lines.find((candidate) => candidate.line.lineId === answer.lineId);
        if (line === undefined || line.line.person.id !== me.id) refuse('campaign.notYourLine');
      }
      await append(
        campaignId,
        {
          type: 'campaign.answered',
          payload: {
            personId: me.id,
            answers: answers.map((answer) => ({
              lineId: answer.lineId,
              decision: answer.decision,
              ...(answer.comment?.trim() ? { comment: answer.comment.trim() } : {}),
            })),
            channel,
          },
        },
        eventId,
      );
    },
  };
}
