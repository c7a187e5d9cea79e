/**
 * The review desk over the ledger, the directory and the campaign mailbox.
 * The fold (`foldCampaign`) owns the rules; the desk refuses early, with a
 * reason, what the fold would ignore, so nothing unentitled is written.
 */
import { foldCampaign, type CampaignView } from '../../domain/campaign-fold.ts';
import { campaignLineSchema, parseReviewReply, type CampaignLine } from '../../domain/campaigns.ts';
import { defaultCatalogue, type Catalogue } from '../../domain/catalogue.ts';
import { osloDate } from '../../domain/dates.ts';
import {
  isUnreadable,
  toEnvelope,
  type EventContext,
  type LedgerEntry,
  type LedgerEvent,
  type RecordedEvent,
} from '../../domain/events.ts';
import { streamListsOf, type EventListKey } from '../../domain/ledger-lists.ts';
import type { DomainMessageKey } from '../../domain/messages.ts';
import { personIdSchema, type PersonRef } from '../../domain/person.ts';
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
  LineResolution,
  MyReview,
  ReplyReading,
  ResolvedLine,
  ReviewDesk,
  SendPreview,
  UnknownLine,
  UnknownReason,
} from './review-desk.ts';
import { reviewMail, targetName } from './review-mails.ts';
import {
  readReviewSnapshot,
  reviewAttachment,
  witnessedLines,
  type ReviewMail,
  type ReviewSnapshot,
} from './review-snapshot.ts';
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
  /** How long a lost answer's mail may still be in flight (send-queue.ts); default 2 minutes. */
  readonly inFlightMs?: number;
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

/**
 * The events of the reviews list, which only Systemansvarlig can add to: the only place a claim,
 * a reminder or a recorded reply is one (decision 014). The same ids in a staff list are anyone's
 * and must not block a mail or a reply.
 */
function inReviewsList(entries: readonly LedgerEntry[]): RecordedEvent[] {
  return recorded(entries).filter((entry) => entry.list === 'reviews');
}

/** A person's unit and leader in the directory, as a campaign line records them. */
type UnitAndLeader = NonNullable<CampaignLine['directory']>;

type Lookup =
  | { readonly kind: 'one'; readonly person: DirectoryPerson }
  | { readonly kind: 'none' }
  | { readonly kind: 'many' };

type Verdict =
  | { readonly kind: 'left'; readonly person: PersonRef }
  | { readonly kind: 'unknown'; readonly reason: UnknownReason };

const lineEmailSchema = campaignLineSchema.shape.email.unwrap();
/** The person reference of a leaver no earlier campaign knew: `mail:<address>`. */
const syntheticPrefix = 'mail:';

function domainOf(address: string): string {
  return address
    .slice(address.lastIndexOf('@') + 1)
    .trim()
    .toLowerCase();
}

/** Case and surrounding space aside; an empty department is none. */
function sameUnitAndLeader(before: UnitAndLeader, now: UnitAndLeader): boolean {
  const unit = (value: string | null) => value?.trim().toLocaleLowerCase('nb') || null;
  const leader = (value: string | null) => value?.trim().toLowerCase() || null;
  return (
    unit(before.department) === unit(now.department) &&
    leader(before.managerId) === leader(now.managerId)
  );
}

/**
 * Who among `people` has moved since the previous campaign of the same target and base: their
 * unit or leader is not what it recorded for them, or it marked them moved and not all of their
 * access there was confirmed removed (a campaign made again does not forget a mover). Without a
 * previous campaign, or without a record of the person in it, there is no baseline: no mover.
 */
function moversSince(
  previous: CampaignView | null,
  people: readonly DirectoryPerson[],
  factsOf: (person: DirectoryPerson) => UnitAndLeader,
): Set<string> {
  const movers = new Set<string>();
  if (previous === null) return movers;
  for (const person of people) {
    const theirs = previous.lines.filter((line) => line.line.person.id === person.id);
    const recorded = theirs.find((line) => line.line.directory !== undefined)?.line.directory;
    const stillMoving = theirs.some((line) => line.presence === 'moved' && line.removal === null);
    if (stillMoving || (recorded !== undefined && !sameUnitAndLeader(recorded, factsOf(person)))) {
      movers.add(person.id);
    }
  }
  return movers;
}

/** Runs `work` on every item, at most 8 at a time: a 1,000-line file must not open 1,000 requests. */
async function inPool<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: Math.min(8, queue.length) }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
}

/** The lists a campaign is read from by systemansvarlig. */
const campaignLists: readonly EventListKey[] = streamListsOf('campaign');
/** What the person under review may read of a campaign: its creation and close, their own answers. */
const personLists: readonly EventListKey[] = ['systemansvarlig', 'requests'];

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

  /** Every campaign with an accepted creation and lines, newest first. */
  async function campaignViews(): Promise<CampaignView[]> {
    const created = await listAll(ledger, {
      list: 'systemansvarlig',
      by: 'type',
      value: 'campaign.created',
    });
    const streams = await readStreams(
      ledger,
      created.map((event) => event.streamId),
      campaignLists,
    );
    return (
      streams
        .map((stream) => foldCampaign(entriesOf(stream), now()))
        // A creation whose lines never got written (it failed and was started again) is no campaign.
        .filter(
          (view) => view.definition !== null && view.campaignId !== null && view.lines.length > 0,
        )
        .sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''))
    );
  }

  /**
   * Who holds an address: the userPrincipalName first (one GET), then `mail` for tenants where
   * they differ. A Graph error is thrown, never taken for "nobody" (only a 404 is that).
   */
  async function lookUp(key: string): Promise<Lookup> {
    const person = await directory.getPerson(key);
    if (person !== null) return { kind: 'one', person };
    const [only, other] = await directory.findPeopleByMail(key);
    if (only === undefined) return { kind: 'none' };
    return other === undefined ? { kind: 'one', person: only } : { kind: 'many' };
  }

  /** A campaign as systemansvarlig reads it; the fold needs nothing but the ledger (decision 014). */
  async function load(campaignId: string) {
    const stream = await ledger.readStream(campaignId, campaignLists);
    const entries = entriesOf(stream);
    const view = foldCampaign(entries, now());
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

  async function append(
    campaignId: string,
    event: LedgerEvent,
    eventId: string,
    context?: EventContext,
  ): Promise<void> {
    await ledger.append(
      toEnvelope(event, {
        eventId,
        streamId: campaignId,
        occurredAt: now(),
        ...(context === undefined ? {} : { context }),
      }),
    );
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
    for (const entry of inReviewsList(entries)) {
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
    // In transit (Drafts) counts: Exchange accepted it, its Sent Items copy is on its way.
    const sent = await campaignMailbox.acceptedMessageIds(since);
    const missing = verifiable.filter((claim) => !sent.has(claim.messageId));
    return {
      unsent: missing.filter((claim) => claim.round === 'review').length,
      unsentReminders: missing.filter((claim) => claim.round !== 'review').length,
    };
  }

  /**
   * Whether a review mail came from where review mails come from: the campaign
   * mailbox, or a member of Systemansvarlig (Exchange stamps the sender).
   */
  async function trustedSender(from: string | null): Promise<PersonRef | null> {
    if (from === null) return null;
    const address = from.trim().toLowerCase();
    if (deps.fromMailbox !== undefined && deps.fromMailbox.toLowerCase() === address) {
      return { id: `mailbox:${address}`, displayName: address };
    }
    const person =
      (await directory.getPerson(address).catch(() => null)) ??
      (await directory.findPersonByMail(address).catch(() => null));
    if (person === null || !(await isSystemansvarlig(person.id))) return null;
    return { id: person.id, displayName: person.displayName };
  }

  /**
   * One person's part of a campaign, for the task pane: the lines the review
   * mail delivered (the reviews list is systemansvarlig's alone), the
   * campaign's creation and close, and the person's own answers, folded as the
   * whole campaign would be for their lines. One `$batch`, however large the
   * campaign.
   */
  async function personsPart(
    reference: Pick<ReviewMailReference, 'campaignId' | 'personId'>,
    mail: ReviewMail,
  ): Promise<{ view: CampaignView; snapshot: ReviewSnapshot } | null> {
    const snapshot = readReviewSnapshot(mail);
    if (
      snapshot === null ||
      snapshot.campaignId !== reference.campaignId ||
      snapshot.personId !== reference.personId
    ) {
      return null;
    }
    const sender = await trustedSender(mail.from);
    if (sender === null) return null;
    const stream = await ledger.readStream(reference.campaignId, personLists);
    const entries = entriesOf(stream);
    const created = recorded(entries).find((entry) => entry.type === 'campaign.created');
    if (created === undefined) return null;
    const view = foldCampaign(
      [...entries, ...witnessedLines(snapshot, sender, created.recordedAt)],
      now(),
    );
    return { view, snapshot };
  }

  return {
    async canManage() {
      const me = await deps.me();
      return isSystemansvarlig(me.id);
    },

    async listCampaigns() {
      const rows: CampaignListRow[] = [];
      for (const view of await campaignViews()) {
        if (view.definition === null || view.campaignId === null) continue;
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
      return rows;
    },

    async resolveLines(lines, scope) {
      const me = await requireManager();
      // The earlier campaigns of this module (role) and base, newest first: where a leaver's
      // reference and a mover's baseline come from. Read while the directory is asked.
      const earlier = campaignViews().then((views) =>
        views.filter(
          (view) => view.definition?.target === scope.target && view.definition.base === scope.base,
        ),
      );
      // A failure here must not wait for the lookups to surface.
      earlier.catch(() => undefined);
      const keyOf = (line: LineInput) => line.email.trim().toLowerCase();
      const addresses = [
        ...new Set(lines.map(keyOf).filter((key) => lineEmailSchema.safeParse(key).success)),
      ];
      const found = new Map<string, Lookup>();
      await inPool(addresses, async (key) => {
        found.set(key, await lookUp(key));
      });
      const campaigns = await earlier;

      const present = new Map<string, DirectoryPerson>();
      for (const result of found.values()) {
        if (result.kind === 'one') present.set(result.person.id, result.person);
      }
      // The nearest manager of everyone found: one `$batch` round.
      const chains =
        present.size === 0
          ? new Map<string, DirectoryPerson[]>()
          : await directory.getManagerChains([...present.keys()], 1);
      const factsOf = (person: DirectoryPerson): UnitAndLeader => ({
        department: person.department?.trim().slice(0, 200) || null,
        managerId: chains.get(person.id)?.[0]?.id ?? null,
      });
      const movers = moversSince(campaigns[0] ?? null, [...present.values()], factsOf);

      // Who the address belonged to in an earlier campaign (the newest that had it).
      const earlierRefs = new Map<string, PersonRef>();
      for (const view of campaigns) {
        for (const { line } of view.lines) {
          const key = line.email?.toLowerCase();
          if (key !== undefined && !earlierRefs.has(key)) earlierRefs.set(key, line.person);
        }
      }
      // Addresses in the organisation's domains: where someone not in the directory has left.
      const ownDomains = new Set(
        [me, ...present.values()]
          .flatMap((person) => [person.mail, person.userPrincipalName])
          .flatMap((address) => (address ? [domainOf(address)] : [])),
      );
      const nameFor = new Map<string, string>();
      for (const line of lines) {
        if (!nameFor.has(keyOf(line)) && line.name.trim() !== '') {
          nameFor.set(keyOf(line), line.name.trim().slice(0, 256));
        }
      }
      const gone = [...found].flatMap(([key, result]) => (result.kind === 'none' ? [key] : []));
      const verdicts = new Map<string, Verdict>();
      await inPool(gone, async (key) => {
        verdicts.set(key, await leaverVerdict(key, earlierRefs.get(key) ?? null));
      });

      async function leaverVerdict(key: string, earlierRef: PersonRef | null): Promise<Verdict> {
        if (earlierRef !== null && !earlierRef.id.startsWith(syntheticPrefix)) {
          // Still in the directory under another address: not a leaver, and not ours to guess.
          const here =
            present.has(earlierRef.id) || (await directory.getPerson(earlierRef.id)) !== null;
          if (here) return { kind: 'unknown', reason: 'elsewhere' };
        }
        const name = nameFor.get(key);
        if (earlierRef !== null) {
          return {
            kind: 'left',
            person: {
              id: earlierRef.id,
              ...((earlierRef.displayName ?? name)
                ? { displayName: earlierRef.displayName ?? name }
                : {}),
            },
          };
        }
        if (!ownDomains.has(domainOf(key))) return { kind: 'unknown', reason: 'outside' };
        const id = personIdSchema.safeParse(`${syntheticPrefix}${key}`);
        if (!id.success) return { kind: 'unknown', reason: 'malformed' };
        return {
          kind: 'left',
          person: { id: id.data, ...(name === undefined ? {} : { displayName: name }) },
        };
      }

      const resolved: ResolvedLine[] = [];
      const leavers: ResolvedLine[] = [];
      const unknown: UnknownLine[] = [];
      for (const line of lines) {
        const key = keyOf(line);
        const result = found.get(key);
        if (result === undefined) {
          unknown.push({ ...line, reason: 'malformed' });
        } else if (result.kind === 'many') {
          unknown.push({ ...line, reason: 'ambiguous' });
        } else if (result.kind === 'one') {
          const { person } = result;
          resolved.push({
            ...line,
            person: { id: person.id, displayName: person.displayName },
            directory: factsOf(person),
            ...(movers.has(person.id) ? { presence: 'moved' as const } : {}),
          });
        } else {
          const verdict = verdicts.get(key);
          if (verdict === undefined || verdict.kind === 'unknown') {
            unknown.push({ ...line, reason: verdict?.reason ?? 'outside' });
          } else {
            leavers.push({ ...line, person: verdict.person, presence: 'left' });
          }
        }
      }
      const resolution: LineResolution = { resolved, leavers, unknown };
      return resolution;
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
            // A leaver or mover goes straight to removal; the facts tell a mover next time (R11).
            ...(line.presence === undefined ? {} : { presence: line.presence }),
            ...(line.directory === undefined ? {} : { directory: line.directory }),
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
      // Leavers and movers are not asked (R11): sending counts those who are.
      const asked = view.people.filter((person) => person.presence === 'present');
      const detail: CampaignDetail = {
        view,
        campaignId,
        names: namesOf(view),
        emails,
        preview: previewSend(asked.length),
        sending: {
          mailed: asked.filter((person) => person.mailedAt.length > 0).length,
          people: asked.length,
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
      // Leavers and movers are not asked: their lines go straight to removal (R11).
      const people =
        kind === 'review'
          ? view.people
              .filter((person) => person.presence === 'present')
              .map((person) => person.person)
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
      // Whether this mailbox showed an accepted mail by its Message-ID (send-queue.ts).
      const lookupKey = `mailbox-lookup:${sender.toLowerCase()}`;
      const domain = sender.split('@')[1] ?? 'localhost';
      const definition = view.definition;
      if (definition === null) refuse('campaign.notFound');
      return sendRound(
        {
          ledger,
          mailer,
          mailbox: campaignMailbox,
          lookupProof: {
            get: () => runIds.get(lookupKey) === 'proven',
            set: () => runIds.set(lookupKey, 'proven'),
          },
          now,
          sleep: deps.sleep ?? abortableSleep,
          perMinute,
          ...(deps.staleClaimMs === undefined ? {} : { staleClaimMs: deps.staleClaimMs }),
          ...(deps.inFlightMs === undefined ? {} : { inFlightMs: deps.inFlightMs }),
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
          compose: (recipient) => ({
            ...reviewMail({
              definition,
              catalogue,
              recipientName: recipient.person.displayName ?? recipient.address,
              lines: linesOf(recipient.person.id),
              reminder: kind === 'reminders',
              senderName: me.displayName,
            }),
            // The person's lines for the task pane: the reviews list is systemansvarlig's alone.
            attachments: [
              reviewAttachment({
                kind: 'elements-tilgang.review',
                version: 1,
                campaignId,
                personId: recipient.person.id,
                definition,
                lines: linesOf(recipient.person.id),
              }),
            ],
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
      const existing = new Set(inReviewsList(entries).map((entry) => entry.eventId));
      // Replies systemansvarlig recorded by hand after reading them count as well.
      const recordedMessages = new Set(
        inReviewsList(entries).flatMap((entry) =>
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
              // What the mailbox shows: the fold counts a recorded reply only with it.
              evidence: {
                from: reply.fromAddress.toLowerCase(),
                internetMessageId: reply.internetMessageId ?? reply.messageId,
                receivedAt: reply.receivedDateTime ?? now().toISOString(),
              },
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
      // A reply is recorded only as the campaign mailbox shows it: from that person, there.
      const addresses = new Set(
        view.lines
          .filter((line) => line.line.person.id === personId)
          .flatMap((line) =>
            line.line.email === undefined ? [] : [line.line.email.toLowerCase()],
          ),
      );
      const replies = await campaignMailbox.repliesSince(mailedSince(view));
      const reply = replies.find(
        (candidate) =>
          candidate.internetMessageId === messageId || candidate.messageId === messageId,
      );
      if (reply === undefined) refuse('campaign.replyNotFound');
      if (reply.fromAddress === null || !addresses.has(reply.fromAddress.toLowerCase())) {
        refuse('campaign.replyNotFromPerson');
      }
      await append(
        campaignId,
        {
          type: 'campaign.reply-recorded',
          payload: {
            personId,
            decision,
            messageId,
            evidence: {
              from: reply.fromAddress.toLowerCase(),
              internetMessageId: reply.internetMessageId ?? reply.messageId,
              receivedAt: reply.receivedDateTime ?? now().toISOString(),
            },
          },
        },
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
      const { view } = await requireOpen(campaignId);
      const trimmed = reportReference?.trim();
      await append(
        campaignId,
        {
          type: 'campaign.closed',
          payload: { outcome: 'completed', ...(trimmed ? { reportReference: trimmed } : {}) },
        },
        eventId,
        // The answers the close saw: a later one is late, a missing one is reported (decision 014).
        { answersSeen: view.answersSeen },
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

    async myReview(reference, mail) {
      const [me, part] = await Promise.all([deps.me(), personsPart(reference, mail)]);
      if (part === null || part.view.definition === null || part.view.campaignId === null) {
        return { kind: 'unknown' };
      }
      const { view, snapshot } = part;
      if (reference.personId !== me.id) {
        const person = snapshot.lines[0]?.person;
        return { kind: 'not-yours', recipientName: person?.displayName ?? null };
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

    async answer(campaignId, answers, channel, { eventId }, mail) {
      const me = await deps.me();
      // Only the signed-in person's part: a line that is not in it is someone else's (or none).
      const part = await personsPart({ campaignId, personId: me.id }, mail);
      if (part === null || part.view.definition === null) refuse('campaign.notFound');
      const { view } = part;
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
