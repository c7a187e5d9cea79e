/**
 * The triage desk over the Graph ports (triage-desk.ts), built like the
 * request desk: the fold decides, the desk asks it first.
 *
 * - **Queue.** One listing of every request-stream event (`streamKind`
 *   `request`, 500 to a page) gives whole streams without reading any stream
 *   on its own: the round trips grow with events / 500, never with requests
 *   (a per-stream `readStreams` would be 20 streams to a `$batch`, 250 rounds
 *   for 5,000 requests). The folded rows are kept, so filters, sorts and pages
 *   cost nothing; a step this desk records updates its row; `refresh` reads
 *   again.
 * - **Never trust the client.** R3 (systemansvarlig, not one's own request)
 *   is checked with directory facts, and every step is folded in as a probe
 *   before it is written; a step the fold would ignore is refused up front.
 * - **Two at once.** After writing, the desk reads the stream again and folds
 *   it: if another decision landed first, its own event is an anomaly and the
 *   caller gets `already-decided` with who decided, not a success.
 * - **Idempotent.** Writes use the caller's ids; a repeat finds its event and
 *   sends nothing again (notices go out only from the run that wrote, or its
 *   retry in this session).
 * - **Notices never fail a step.** Mails, the channel reply and the order to
 *   Atea report in the outcome's `notified`.
 */
import { isIsoDate } from '../../domain/dates.ts';
import { leaderBasis } from '../../domain/directory-facts.ts';
import { toEnvelope, type CarriedOutFacts, type LedgerEvent } from '../../domain/events.ts';
import { textListOf, type EventListKey } from '../../domain/ledger-lists.ts';
import type { Reason } from '../../domain/messages.ts';
import type { PersonRef } from '../../domain/person.ts';
import { foldRequest, type RequestView } from '../../domain/request-fold.ts';
import { isOrderKind, isR8Kind, requestSubjectId } from '../../domain/requests.ts';
import {
  checkR3CanDecide,
  checkR6GrantMatchesRequest,
  checkR7FolderOnly,
  checkR9CarriedOut,
  justificationLength,
} from '../../domain/rules.ts';
import type { DirectoryPerson } from '../../m365/directory.ts';
import type { StoredEvent, StreamEvents } from '../../m365/ledger.ts';
import { createTriageActions, type SentToAtea } from '../requests/create-triage-actions.ts';
import {
  appendTextOnce,
  basedOnOf,
  createDeskContext,
  namesFromTexts,
  RECORDED_NAMES,
  entriesOf,
  listAll,
  mailAddressOf,
  peopleIn,
  personRef,
  requestLists,
  requestNotFound,
  wouldRefuse,
  type ProbeTarget,
  type RequestDeskDeps,
} from '../requests/desk-context.ts';
import { blind } from '../../domain/blinding.ts';
import { seal } from '../../domain/sealing.ts';
import { warnNotSent } from '../requests/notifications.ts';
import { RequestRefused, type ReadableText } from '../requests/request-desk.ts';
import { filterRows, pageOf, toQueueRow } from './queue.ts';
import type {
  CarriedOutInput,
  ChannelReplies,
  DecisionOutcome,
  LiveChecks,
  Notified,
  QueueRow,
  TriageDesk,
  TriageDetail,
} from './triage-desk.ts';
import { channelReply, decisionMail, type TriageStep } from './triage-mails.ts';

export interface TriageDeskDeps extends RequestDeskDeps {
  /** Replies in the request's announcement thread; without it the reply is skipped. */
  readonly channelReplies?: ChannelReplies;
}

/** Items per page when listing the whole queue: the ledger's maximum. */
const QUEUE_LIST_PAGE = 500;

/** Bounds for a reason, a question or a note. */
const textMax = justificationLength.max;

type AlreadyDecided = Extract<DecisionOutcome, { outcome: 'already-decided' }>;

/**
 * Whether someone else has already settled what `step` would settle: then the
 * caller is told who, instead of being refused with a bare reason.
 */
function settledBy(requestId: string, view: RequestView, step: TriageStep): AlreadyDecided | null {
  const outcome = (
    what: AlreadyDecided['what'],
    by: PersonRef | null,
    at: string | null,
  ): AlreadyDecided => ({
    outcome: 'already-decided',
    requestId,
    status: view.status,
    what,
    by,
    at,
  });
  if (view.carriedOut !== null) {
    return outcome('carried-out', view.carriedOut.by, view.carriedOut.at);
  }
  if (view.withdrawnAt !== null) return outcome('withdrawn', view.requester, view.withdrawnAt);
  if (view.decision !== null && view.decision.outcome === 'rejected') {
    return outcome('rejected', view.decision.by, view.decision.at);
  }
  if (view.decision !== null && step !== 'carried-out') {
    return outcome('approved', view.decision.by, view.decision.at);
  }
  if (view.pendingQuestion !== null && step === 'information-requested') {
    return outcome(
      'information-requested',
      view.pendingQuestion.askedBy,
      view.pendingQuestion.askedAt,
    );
  }
  return null;
}

/** A step's text: required unless optional, within bounds; reasons under `field`. */
function checkText(text: string, field: string, optional = false): Reason[] {
  const length = text.trim().length;
  if (length === 0) return optional ? [] : [{ key: 'validation.required', field }];
  return length > textMax ? [{ key: 'validation.tooLong', field }] : [];
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

interface StepSpec {
  readonly requestId: string;
  readonly eventId: string;
  readonly step: TriageStep;
  readonly text: {
    readonly textId: string;
    readonly purpose: string;
    readonly body: string;
  } | null;
  readonly textReasons: readonly Reason[];
  /** Reasons from the step's own input, judged against the request (R6, R7, R9). */
  readonly inputReasons: (view: RequestView) => readonly Reason[];
  /** The step's event; `writing` when it is written (not probed), so facts can be sealed for it. */
  readonly event: (
    textId: string | null,
    writing?: { readonly eventId: string; readonly blindKey: string | null },
  ) => LedgerEvent;
  /** An approval on a standing the directory no longer shows, checked by hand. */
  readonly checkedStanding?: boolean;
}

export function createTriageDesk(deps: TriageDeskDeps): TriageDesk {
  const context = createDeskContext(deps);
  const atea = createTriageActions(deps);
  const { ledger, directory, links } = deps;
  const { catalogue, now, factsFor, foldStreams } = context;

  const inFlight = new Map<string, Promise<unknown>>();
  const remembered = new Map<string, DecisionOutcome>();
  const unannounced = new Set<string>();

  let snapshot: Promise<{ loadedAt: string; rows: Map<string, QueueRow> }> | null = null;

  function once<T>(key: string, run: () => Promise<T>): Promise<T> {
    const running = inFlight.get(key);
    // A second call with the same ids waits for the first, then finds what it stored.
    if (running !== undefined) return running.then(() => once(key, run));
    const started = run().finally(() => inFlight.delete(key));
    inFlight.set(
      key,
      started.catch(() => undefined),
    );
    return started;
  }

  async function loadQueue() {
    const loadedAt = now();
    // Every list a request has events in; systemansvarlig reads them all (decision 014).
    const events = (
      await Promise.all(
        requestLists.map((list: EventListKey) =>
          listAll(ledger, { list, by: 'streamKind', value: 'request', pageSize: QUEUE_LIST_PAGE }),
        ),
      )
    ).flat();
    const byStream = new Map<string, StoredEvent[]>();
    for (const event of events) {
      const list = byStream.get(event.streamId);
      if (list === undefined) byStream.set(event.streamId, [event]);
      else list.push(event);
    }
    // Unreadable items carry no stream id; the detail view reads them with the stream.
    const streams: StreamEvents[] = [...byStream].map(([streamId, stored]) => ({
      streamId,
      events: stored,
      malformed: [],
    }));
    const folded = await foldStreams(streams);
    const rows = new Map<string, QueueRow>();
    for (const { streamId, view } of folded) {
      if (view.request !== null) rows.set(streamId, toQueueRow(streamId, view, loadedAt));
    }
    return { loadedAt: loadedAt.toISOString(), rows };
  }

  function currentQueue(refresh: boolean) {
    if (snapshot === null || refresh) {
      const loading = loadQueue();
      snapshot = loading;
      // A failed reading must not be kept.
      loading.catch(() => {
        if (snapshot === loading) snapshot = null;
      });
    }
    return snapshot;
  }

  /** Keeps the kept queue in step with what this desk just saw of one request. */
  function updateRow(requestId: string, view: RequestView): void {
    if (snapshot === null || view.request === null) return;
    void snapshot
      .then((kept) => kept.rows.set(requestId, toQueueRow(requestId, view, now())))
      .catch(() => undefined);
  }

  async function person(id: string): Promise<DirectoryPerson | null> {
    return directory.getPerson(id).catch(() => null);
  }

  async function readJudged(requestId: string, me: DirectoryPerson) {
    const stream = await ledger.readStream(requestId, requestLists);
    if (stream.events.length === 0 && stream.malformed.length === 0) throw requestNotFound();
    const entries = entriesOf(stream);
    const [facts, held] = await Promise.all([
      factsFor([...peopleIn(entries), me.id]),
      context.delegations(),
    ]);
    return {
      stream,
      entries,
      facts,
      held,
      view: foldRequest(entries, { now: now(), delegations: held }),
    };
  }

  /**
   * Whether a leader relation the request counts on (its orderer's, or the R8
   * leader's confirmation) is one the directory no longer shows: the claim was
   * recorded at write time (decision 014), and systemansvarlig checks it by
   * hand before deciding on it.
   */
  function standingNeedsCheck(
    view: RequestView,
    facts: Awaited<ReturnType<typeof readJudged>>['facts'],
  ): boolean {
    const request = view.request;
    const subjectId = request === null ? null : requestSubjectId(request);
    if (subjectId === null) return false;
    const at = now();
    return view.timeline.some(
      (entry) =>
        (entry.capacity === 'leader' || entry.capacity === 'delegate') &&
        leaderBasis(entry.author.id, subjectId, facts, at) === null,
    );
  }

  /**
   * What a step of systemansvarlig records: every event it read (the names it
   * saw go to a private text beside it: `recordNames`).
   */
  function protectedTarget(
    entries: Parameters<typeof basedOnOf>[0],
    extra: { readonly checkedStanding?: boolean } = {},
  ): ProbeTarget {
    return {
      list: 'systemansvarlig',
      context: {
        basedOn: basedOnOf(entries),
        ...(extra.checkedStanding === true ? { checkedStanding: true as const } : {}),
      },
    };
  }

  // --- notices ----------------------------------------------------------------------------------

  /**
   * The requester, and the leader who ordered or confirmed for them where that
   * is someone else (a delegate's order tells the leader they acted for; an R8
   * request tells the leader who confirmed it). Never the person deciding.
   */
  function recipientsOf(view: RequestView, step: TriageStep, me: DirectoryPerson): string[] {
    const ids = new Set<string>();
    if (view.requester !== null) ids.add(view.requester.id);
    if (step !== 'information-requested') {
      for (const entry of view.timeline) {
        if (entry.type === 'request.submitted' && entry.onBehalfOf !== null) {
          ids.add(entry.onBehalfOf);
        }
        if (entry.type === 'request.leader-confirmed') ids.add(entry.author.id);
      }
    }
    ids.delete(me.id);
    return [...ids];
  }

  async function mailParties(
    requestId: string,
    view: RequestView,
    step: TriageStep,
    text: string | null,
    me: DirectoryPerson,
  ): Promise<boolean | null> {
    const request = view.request;
    if (request === null) return null;
    const ids = recipientsOf(view, step, me);
    if (ids.length === 0) return null;
    const subjectId = requestSubjectId(request);
    const subjectName =
      request.kind === 'order.external-consultant'
        ? request.consultant.name
        : ((subjectId === null ? null : await person(subjectId))?.displayName ??
          request.subject.displayName ??
          '');
    const sent = await Promise.all(
      ids.map(async (id) => {
        const recipient = await person(id);
        const address = mailAddressOf(recipient);
        if (recipient === null || address === null) return false;
        const mail = decisionMail({
          requestId,
          request,
          step,
          link: links.request(requestId),
          catalogue,
          recipientName: recipient.displayName,
          actorName: me.displayName,
          subjectName,
          text,
          carriedOut:
            view.carriedOut === null
              ? null
              : {
                  elementsReference: view.carriedOut.elementsReference,
                  on: view.carriedOut.carriedOutOn,
                },
          endDate: view.endDate,
        });
        try {
          await deps.mailer.sendMail({ to: [address], ...mail });
          return true;
        } catch (error) {
          warnNotSent('decision mail', error);
          return false;
        }
      }),
    );
    return sent.every(Boolean);
  }

  async function replyInChannel(requestId: string, step: TriageStep): Promise<boolean | null> {
    const replies = deps.channelReplies;
    if (replies === undefined) return null;
    try {
      return await replies.replyToAnnouncement(
        requestId,
        channelReply(step, links.request(requestId)),
      );
    } catch (error) {
      warnNotSent('channel reply', error);
      return false;
    }
  }

  async function orderToAtea(requestId: string, view: RequestView): Promise<SentToAtea | null> {
    if (view.status !== 'approved' || view.kind !== 'order.external-consultant') return null;
    try {
      return await atea.sendOrderToAtea(requestId);
    } catch (error) {
      warnNotSent('Atea order', error);
      return null;
    }
  }

  async function notify(
    requestId: string,
    view: RequestView,
    spec: StepSpec,
    me: DirectoryPerson,
  ): Promise<Notified> {
    const [mail, channel, sent] = await Promise.all([
      mailParties(requestId, view, spec.step, spec.text?.body.trim() ?? null, me),
      replyInChannel(requestId, spec.step),
      spec.step === 'approved' ? orderToAtea(requestId, view) : Promise.resolve(null),
    ]);
    return { mail, channel, atea: sent };
  }

  // --- steps ------------------------------------------------------------------------------------

  function runStep(spec: StepSpec): Promise<DecisionOutcome> {
    return once(spec.eventId, async () => {
      const known = remembered.get(spec.eventId);
      if (known !== undefined) return known;
      const me = await deps.me();
      const first = await readJudged(spec.requestId, me);
      const stored = first.stream.events.some((event) => event.eventId === spec.eventId);
      if (!stored) {
        const r3 = checkR3CanDecide(personRef(me), first.view, first.facts);
        if (r3.length > 0) throw new RequestRefused(r3);
        if (
          spec.step === 'approved' &&
          standingNeedsCheck(first.view, first.facts) &&
          spec.checkedStanding !== true
        ) {
          throw new RequestRefused([{ key: 'rule.r3.standingNotChecked' }]);
        }
        const target = protectedTarget(first.entries, {
          checkedStanding: spec.checkedStanding === true,
        });
        const settled = settledBy(spec.requestId, first.view, spec.step);
        if (settled !== null) {
          updateRow(spec.requestId, first.view);
          return settled;
        }
        const refusal = wouldRefuse(
          first.entries,
          spec.requestId,
          spec.event(spec.text?.textId ?? null),
          personRef(me),
          target,
          now(),
          first.held,
        );
        if (refusal.length > 0) throw new RequestRefused(refusal);
        const reasons = [...spec.inputReasons(first.view), ...spec.textReasons];
        if (reasons.length > 0) throw new RequestRefused(reasons);
        unannounced.add(spec.eventId);
        const textId =
          spec.text === null
            ? null
            : await appendTextOnce(ledger, {
                textId: spec.text.textId,
                streamId: spec.requestId,
                purpose: spec.text.purpose,
                body: spec.text.body.trim(),
                list: first.view.kind === null ? 'texts' : textListOf(first.view.kind),
              });
        await context.recordNames(first.view, spec.eventId);
        await ledger.append(
          toEnvelope(spec.event(textId, { eventId: spec.eventId, blindKey: first.view.blindKey }), {
            eventId: spec.eventId,
            streamId: spec.requestId,
            occurredAt: now(),
            ...target,
          }),
        );
      }
      // Read again: a decision by someone else may have landed between our reading and our
      // writing, and the fold (on the ledger's order) says which of the two counts.
      const after = await readJudged(spec.requestId, me);
      updateRow(spec.requestId, after.view);
      const counted = after.view.timeline.some((entry) => entry.eventId === spec.eventId);
      if (!counted) {
        unannounced.delete(spec.eventId);
        const settled = settledBy(spec.requestId, after.view, spec.step);
        if (settled !== null) {
          remembered.set(spec.eventId, settled);
          return settled;
        }
        const anomaly = after.view.anomalies.find((entry) => entry.eventId === spec.eventId);
        throw new RequestRefused([{ key: anomaly?.reason ?? 'anomaly.notEntitled' }]);
      }
      const announce = !stored || unannounced.has(spec.eventId);
      const notified: Notified = announce
        ? await notify(spec.requestId, after.view, spec, me)
        : { mail: null, channel: null, atea: null };
      unannounced.delete(spec.eventId);
      const outcome: DecisionOutcome = {
        outcome: 'recorded',
        requestId: spec.requestId,
        status: after.view.status,
        notified,
      };
      remembered.set(spec.eventId, outcome);
      return outcome;
    });
  }

  function carriedOutReasons(input: CarriedOutInput, view: RequestView): Reason[] {
    const request = view.request;
    const reasons: Reason[] = [...checkR9CarriedOut(textOf(input.elementsReference))];
    const on = textOf(input.carriedOutOn);
    if (on === '') reasons.push({ key: 'validation.required', field: 'carriedOutOn' });
    else if (!isIsoDate(on)) reasons.push({ key: 'validation.date', field: 'carriedOutOn' });
    if (request === null) return reasons;
    if (request.kind === 'folder-access') {
      reasons.push(
        ...checkR7FolderOnly(textOf(input.scope)).map((reason) => ({ ...reason, field: 'scope' })),
      );
    }
    if ('right' in request) {
      if (input.grantedRight === undefined) {
        reasons.push({ key: 'rule.r6.rightRequired', field: 'grantedRight' });
      } else {
        reasons.push(
          ...checkR6GrantMatchesRequest(request.right, input.grantedRight).map((reason) => ({
            ...reason,
            field: 'grantedRight',
          })),
        );
      }
    } else if (input.grantedRight !== undefined) {
      reasons.push({ key: 'rule.r6.grantExceedsRequest', field: 'grantedRight' });
    }
    return reasons;
  }

  // --- reading ----------------------------------------------------------------------------------

  async function namesFor(
    view: RequestView,
    authors: readonly PersonRef[],
    more: readonly (string | null)[],
  ): Promise<Record<string, string>> {
    const names: Record<string, string> = {};
    // Authors' names are SharePoint's, stamped from the token.
    for (const author of authors) {
      if (author.displayName !== undefined && author.displayName !== '') {
        names[author.id] = author.displayName;
      }
    }
    const request = view.request;
    const wanted = new Set<string>();
    // People a payload names are looked up: its display names are the client's copies.
    if (request !== null) {
      wanted.add(
        request.kind === 'order.external-consultant' ? request.agreedWith.id : request.subject.id,
      );
    }
    for (const entry of view.timeline) if (entry.onBehalfOf !== null) wanted.add(entry.onBehalfOf);
    for (const id of more) if (id !== null) wanted.add(id);
    const missing = [...wanted].filter((id) => names[id] === undefined);
    const found = await Promise.all(missing.map(async (id) => [id, await person(id)] as const));
    for (const [id, directoryPerson] of found) names[id] = directoryPerson?.displayName ?? id;
    return names;
  }

  return {
    async queue(query = {}) {
      const kept = await currentQueue(query.refresh === true);
      return pageOf([...kept.rows.values()], query, kept.loadedAt);
    },

    async queueRows(query = {}) {
      const kept = await currentQueue(query.refresh === true);
      return filterRows([...kept.rows.values()], query);
    },

    async detail(requestId): Promise<TriageDetail> {
      const me = await deps.me();
      const [{ entries, facts, view, held }, storedTexts] = await Promise.all([
        readJudged(requestId, me),
        ledger.readTexts(requestId),
      ]);
      updateRow(requestId, view);
      const at = now();
      const texts: ReadableText[] = storedTexts.flatMap((text) =>
        text.purpose === RECORDED_NAMES
          ? []
          : text.author.id === null
            ? []
            : [
                {
                  textId: text.textId,
                  purpose: text.purpose,
                  body: text.body,
                  author: {
                    id: text.author.id,
                    ...(text.author.displayName === null
                      ? {}
                      : { displayName: text.author.displayName }),
                  },
                  recordedAt: text.recordedAt,
                },
              ],
      );
      const request = view.request;
      const subjectId = request === null ? null : requestSubjectId(request);
      const requesterId = view.requester?.id ?? null;
      let ordererStanding: LiveChecks['ordererStanding'] = 'not-applicable';
      let onBehalfOf: string | null = null;
      if (
        request !== null &&
        subjectId !== null &&
        requesterId !== null &&
        (isOrderKind(request.kind) || (isR8Kind(request.kind) && requesterId !== subjectId))
      ) {
        const basis = leaderBasis(requesterId, subjectId, facts, at);
        ordererStanding = basis === null ? 'none' : basis.kind;
        if (basis?.kind === 'delegate') onBehalfOf = basis.onBehalfOf;
      }
      const managerId = subjectId === null ? null : facts.managerOf(subjectId);
      const timelineStep = (type: string) => {
        const entry = view.timeline.find((item) => item.type === type);
        return entry === undefined ? null : { by: entry.author, at: entry.recordedAt };
      };
      const names = await namesFor(
        view,
        [
          ...view.timeline.map((entry) => entry.author),
          ...texts.map((text) => text.author),
          ...view.anomalies.flatMap((anomaly) => (anomaly.author === null ? [] : [anomaly.author])),
        ],
        [managerId, onBehalfOf],
      );
      // Names the deciders recorded stay as they were (decision 014): a closed record reads the same.
      Object.assign(names, namesFromTexts(storedTexts, view.timeline));
      const ref = (id: string | null): PersonRef | null =>
        id === null ? null : { id, displayName: names[id] ?? id };
      const target = protectedTarget(entries);
      const accepts = (event: LedgerEvent) =>
        wouldRefuse(entries, requestId, event, personRef(me), target, at, held).length === 0;
      const probeText = 'probe';
      const justificationText =
        request !== null && 'justificationTextId' in request
          ? // The requester's own text: anyone may add a text under an id a decision named.
            texts.find(
              (text) =>
                text.textId === request.justificationTextId &&
                text.author.id === view.requester?.id,
            )
          : undefined;
      const confirmedMac = view.timeline.find(
        (entry) => entry.type === 'request.leader-confirmed',
      )?.justificationMac;
      const justificationConfirmed =
        justificationText === undefined ||
        confirmedMac === undefined ||
        confirmedMac === null ||
        view.blindKey === null
          ? null
          : blind(view.blindKey, justificationText.body) === confirmedMac;
      return {
        requestId,
        view,
        texts,
        names,
        anomalies: view.anomalies,
        checks: {
          ordererStanding,
          onBehalfOf: ref(onBehalfOf),
          subjectManager: ref(managerId),
          r8:
            request !== null && isR8Kind(request.kind)
              ? {
                  leaderConfirmation: timelineStep('request.leader-confirmed'),
                  arkivlederApproval: timelineStep('request.arkivleder-approved'),
                }
              : null,
          iAmSystemansvarlig: facts.isMember(me.id, 'systemansvarlig'),
          standingNeedsCheck: standingNeedsCheck(view, facts),
          justificationConfirmed,
        },
        actions: {
          approve: accepts({ type: 'request.approved', payload: {} }),
          reject: accepts({ type: 'request.rejected', payload: { reasonTextId: probeText } }),
          askForInformation: accepts({
            type: 'request.information-requested',
            payload: { questionTextId: probeText },
          }),
          recordCarriedOut: accepts({
            type: 'request.carried-out',
            payload: { elementsReference: '2000/1' },
          }),
          sendOrderToAtea:
            view.sentToAteaAt === null && accepts({ type: 'request.sent-to-atea', payload: {} }),
        },
      };
    },

    approve(requestId, note, ids, options = {}) {
      const body = textOf(note);
      const hasNote = body.trim() !== '';
      return runStep({
        requestId,
        eventId: ids.eventId,
        step: 'approved',
        checkedStanding: options.checkedStanding === true,
        text: hasNote ? { textId: ids.textId, purpose: 'decision-note', body } : null,
        textReasons: checkText(body, 'note', true),
        inputReasons: () => [],
        event: (textId) => ({
          type: 'request.approved',
          payload: textId === null ? {} : { noteTextId: textId },
        }),
      });
    },

    reject(requestId, reason, ids) {
      const body = textOf(reason);
      return runStep({
        requestId,
        eventId: ids.eventId,
        step: 'rejected',
        text: { textId: ids.textId, purpose: 'decision-reason', body },
        textReasons: checkText(body, 'reason'),
        inputReasons: () => [],
        event: (textId) => ({
          type: 'request.rejected',
          payload: { reasonTextId: textId ?? ids.textId },
        }),
      });
    },

    askForInformation(requestId, question, ids) {
      const body = textOf(question);
      return runStep({
        requestId,
        eventId: ids.eventId,
        step: 'information-requested',
        text: { textId: ids.textId, purpose: 'information', body },
        textReasons: checkText(body, 'question'),
        inputReasons: () => [],
        event: (textId) => ({
          type: 'request.information-requested',
          payload: { questionTextId: textId ?? ids.textId },
        }),
      });
    },

    recordCarriedOut(requestId, input, ids) {
      const reference = textOf(input.elementsReference).trim();
      return runStep({
        requestId,
        eventId: ids.eventId,
        step: 'carried-out',
        text: null,
        textReasons: [],
        inputReasons: (view) => carriedOutReasons(input, view),
        event: (_textId, writing) => {
          const facts: CarriedOutFacts = {
            // The probe before the checks needs a well-formed reference; the checks judge the real one.
            elementsReference: checkR9CarriedOut(reference).length === 0 ? reference : '2000/1',
            ...(isIsoDate(textOf(input.carriedOutOn)) ? { carriedOutOn: input.carriedOutOn } : {}),
            ...(input.grantedRight === undefined ? {} : { grantedRight: input.grantedRight }),
            ...(input.scope === 'folder' ? { scope: 'folder' as const } : {}),
          };
          // The Systemansvarlig list is read by all staff: the facts go sealed for the parties.
          const payload =
            writing === undefined || writing.blindKey === null
              ? facts
              : { sealed: seal(writing.blindKey, writing.eventId, facts) };
          return { type: 'request.carried-out', payload };
        },
      });
    },

    sendOrderToAtea(requestId) {
      return atea.sendOrderToAtea(requestId);
    },
  };
}
