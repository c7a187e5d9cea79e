/**
 * The request desk over the Graph ports: what the ordering and folder-request
 * screens call (request-desk.ts), built from the ledger, the directory, mail
 * and the channel notifier, with the domain deciding everything that matters.
 *
 * - **Never trust the client.** Every write is checked as the fold will judge
 *   it (R1 with directory facts, the catalogue, R2, R4-R7, R10), and a step
 *   the fold would ignore is refused up front with the fold's own reason. The
 *   fold still has the last word on what was written.
 * - **Sensitive text** goes to the texts list first; events only point at it.
 *   No notice or mail carries it (notifications.ts).
 * - **Idempotent.** Writes use the caller's ids. Each call reads the stream
 *   first and skips what is there; two calls with the same ids at the same
 *   time share one run. Notices go out only from the run that wrote the event
 *   (or, after a run in this session wrote it and then failed before telling
 *   anyone, from the retry), so a double submit or a retry makes one request
 *   and one channel message.
 * - **Notices never fail a write.** A stored request whose channel message
 *   could not be sent says so in its result; it is in the queue regardless.
 */
import { parseCaseNumber } from '../../domain/case-number.ts';
import { blind } from '../../domain/blinding.ts';
import {
  blindedFacts,
  delegationsHeldBy,
  recordedFacts,
  type Delegation,
  type DirectoryFacts,
} from '../../domain/directory-facts.ts';
import {
  isUnreadable,
  parseRecordedEvents,
  toEnvelope,
  type LedgerEntry,
  type LedgerEvent,
} from '../../domain/events.ts';
import { staffListOf, textListOf } from '../../domain/ledger-lists.ts';
import type { Reason } from '../../domain/messages.ts';
import type { PersonRef } from '../../domain/person.ts';
import { foldRequest, type RequestView } from '../../domain/request-fold.ts';
import { requestSubjectId, type AccessRequest } from '../../domain/requests.ts';
import {
  checkR10ExternalConsultant,
  checkR1CanOrder,
  checkR1MayOrder,
  checkR2ServiceNeed,
  checkR4FolderRequest,
  checkR5Grading,
  checkR6Right,
  checkR7FolderOnly,
  justificationLength,
} from '../../domain/rules.ts';
import { validateAccessRequest } from '../../domain/validation.ts';
import { utf8TextToBase64 } from '../../m365/base64.ts';
import type { DirectoryPerson } from '../../m365/directory.ts';
import type { StreamEvents } from '../../m365/ledger.ts';
import {
  appendTextOnce,
  basedOnOf,
  createDeskContext,
  namesFromTexts,
  RECORDED_NAMES,
  entriesOf,
  listAll,
  mailAddressOf,
  newestFirst,
  peopleIn,
  personRef,
  readStreams,
  requestLists,
  requestNotFound,
  summarize,
  wouldRefuse,
  type ProbeTarget,
  type RequestDeskDeps,
} from './desk-context.ts';
import {
  LEADER_SNAPSHOT_FILE,
  LEADER_SNAPSHOT_TYPE,
  leaderMailMessageId,
  sha256Hex,
  witnessedSubmission,
  type LeaderSnapshot,
  type WitnessedRequest,
} from './leader-mail.ts';
import {
  arkivlederStepMail,
  informationProvidedMail,
  leaderStepMail,
  refusedMail,
  sendTriageNotice,
  triageNotice,
  warnNotSent,
  type StepMail,
  type TriageOccasion,
} from './notifications.ts';
import {
  RequestRefused,
  type OrderInput,
  type ReadableText,
  type RequestDesk,
  type RequestDetail,
  type RequestSummary,
  type Standing,
  type SubmitResult,
  type TextRequestInput,
  type WriteIds,
} from './request-desk.ts';

export type { RequestDeskDeps } from './desk-context.ts';

/**
 * Texts a step carries (field `text`): a leader's confirmation is the written
 * confirmation of the service need (R8), so it is held to R2's bounds
 * (`serviceNeedLength`); reasons, notes and answers must say something and
 * stay within this.
 */
export const stepTextLength = { max: justificationLength.max } as const;

/** Reasons for the form: the first per field, and none under a field that already has one. */
function firstPerField(reasons: readonly Reason[]): Reason[] {
  const kept: Reason[] = [];
  const fields: string[] = [];
  const keys = new Set<string>();
  for (const reason of reasons) {
    if (reason.field === undefined) {
      if (keys.has(reason.key)) continue;
      keys.add(reason.key);
      kept.push(reason);
      continue;
    }
    const field = reason.field;
    if (fields.some((known) => field === known || field.startsWith(`${known}.`))) continue;
    fields.push(field);
    kept.push(reason);
  }
  return kept;
}

/** A value the screens typed as text, read defensively: the desk does not trust its caller. */
function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** R4: the justification, required and long enough to be judged on its own. */
function checkJustification(text: string): Reason[] {
  const length = text.trim().length;
  if (length === 0) return [{ key: 'rule.r4.justificationMissing', field: 'justification' }];
  if (length < justificationLength.min) {
    return [
      {
        key: 'rule.r4.justificationTooShort',
        params: { min: justificationLength.min },
        field: 'justification',
      },
    ];
  }
  if (length > justificationLength.max) {
    return [
      {
        key: 'rule.r4.justificationTooLong',
        params: { max: justificationLength.max },
        field: 'justification',
      },
    ];
  }
  return [];
}

/** A step's text (field `text`): required unless `optional`, and within the list's bounds. */
function checkStepText(text: string, options: { optional?: boolean } = {}): Reason[] {
  const length = text.trim().length;
  if (length === 0) return options.optional ? [] : [{ key: 'validation.required', field: 'text' }];
  if (length > stepTextLength.max) return [{ key: 'validation.tooLong', field: 'text' }];
  return [];
}

/** R8: the leader's written confirmation states the service need, as an order does (R2). */
function checkLeaderConfirmation(text: string): Reason[] {
  return checkR2ServiceNeed(text).map((reason) => ({ ...reason, field: 'text' }));
}

const openStatuses: ReadonlySet<string> = new Set([
  'submitted',
  'awaiting-leader',
  'awaiting-arkivleder',
  'awaiting-systemansvarlig',
  'needs-information',
]);

interface Remembered<T> {
  readonly eventId: string;
  readonly result: T;
}

export function createRequestDesk(deps: RequestDeskDeps): RequestDesk {
  const context = createDeskContext(deps);
  const { ledger, directory, groups, links } = deps;
  const { catalogue, config, now, factsFor, foldStreams } = context;

  /** Runs in flight, by request id (submissions) or event id (steps): a double click joins the first. */
  const inFlight = new Map<string, Promise<unknown>>();
  /** Submissions this desk completed, so a repeat returns what the first one said. */
  const submitted = new Map<string, Remembered<SubmitResult>>();
  /**
   * Events this desk started writing and has not yet notified about. If the
   * write fails after it landed (the answer was lost), the retry finds the
   * event stored and still sends the notices nobody has sent.
   */
  const unannounced = new Set<string>();

  function once<T>(key: string, run: () => Promise<T>): Promise<T> {
    const running = inFlight.get(key);
    // A second call with the same ids waits for the first, then runs: it finds what the first
    // stored (and the result it remembered) instead of racing it to the ledger and the channel.
    if (running !== undefined) return running.then(() => once(key, run));
    const started = run().finally(() => inFlight.delete(key));
    inFlight.set(
      key,
      started.catch(() => undefined),
    );
    return started;
  }

  async function personName(id: string): Promise<string> {
    const person = await directory.getPerson(id).catch(() => null);
    return person?.displayName ?? id;
  }

  async function sendStepMail(recipients: readonly DirectoryPerson[], mail: StepMail) {
    const to = recipients.flatMap((person) => {
      const address = mailAddressOf(person);
      return address === null ? [] : [address];
    });
    if (to.length === 0) return false;
    try {
      await deps.mailer.sendMail({ to, ...mail });
      return true;
    } catch (error) {
      warnNotSent('step mail', error);
      return false;
    }
  }

  function notifyTriage(
    me: DirectoryPerson,
    requestId: string,
    view: RequestView,
    occasion: TriageOccasion,
  ): Promise<boolean> {
    const notice = triageNotice({
      requestId,
      view,
      occasion,
      link: (links.triage ?? links.request)(requestId),
      catalogue,
      now: now(),
    });
    if (notice === null) return Promise.resolve(false);
    return sendTriageNotice(
      {
        channel: deps.channel,
        triage: deps.triage,
        isTeamMember: () => context.isTeamMember(me.id),
      },
      notice,
    );
  }

  /**
   * The names a step mail uses, from the directory: the display name in a
   * payload is the client's copy and could say anyone.
   */
  async function mailNames(view: RequestView, actor: DirectoryPerson) {
    const request = view.request;
    const subjectName =
      request === null || request.kind === 'order.external-consultant'
        ? (request?.consultant.name ?? '')
        : await personName(request.subject.id);
    return { actorName: actor.displayName, subjectName };
  }

  // --- submissions ------------------------------------------------------------------------------

  /**
   * What a submission records (decision 014): the subject's chain as read now,
   * and the key that blinds the request's steps in public lists (blinding.ts).
   */
  function submissionTarget(
    request: AccessRequest,
    me: DirectoryPerson,
    facts: DirectoryFacts,
    blindKey: string,
  ) {
    return {
      list: staffListOf(request.kind),
      context: { seen: recordedFacts(me.id, requestSubjectId(request), facts, now()), blindKey },
    } satisfies ProbeTarget;
  }

  /** A fresh blinding key: 128 random bits, hex. */
  function newBlindKey(): string {
    return crypto.randomUUID().replace(/-/g, '');
  }

  function validateOrder(
    order: OrderInput,
    me: DirectoryPerson,
    facts: DirectoryFacts,
    held: readonly Delegation[],
  ): { reasons: Reason[]; request: AccessRequest | null } {
    const at = now();
    const reasons: Reason[] = [];
    if (order.kind === 'order.external-consultant') {
      reasons.push(...checkR1MayOrder(personRef(me), facts, at));
      // R10's own wording for the period and the declaration beats the schema's.
      reasons.push(...checkR10ExternalConsultant(order, config, facts));
    } else if (typeof order.subject?.id === 'string') {
      // "Not your employee" and "not yourself" belong next to the employee picker; "you lead
      // nobody" is about the person, not the field.
      reasons.push(
        ...checkR1CanOrder(personRef(me), order.subject, facts, at).map((reason) =>
          reason.key === 'rule.r1.nobodysLeader' ? reason : { ...reason, field: 'subject' },
        ),
      );
    }
    reasons.push(...checkR2ServiceNeed(textOf(order.serviceNeed)));
    const validated = validateAccessRequest(order, { catalogue, config, facts });
    if (!validated.ok) {
      reasons.push(...validated.reasons);
      return { reasons: firstPerField(reasons), request: null };
    }
    if (reasons.length === 0) {
      // Belt and braces: whatever the checks above missed, the fold must accept it.
      reasons.push(
        ...wouldRefuse(
          [],
          'new',
          { type: 'request.submitted', payload: { request: validated.value } },
          personRef(me),
          submissionTarget(validated.value, me, facts, newBlindKey()),
          at,
          held,
        ),
      );
    }
    return { reasons: firstPerField(reasons), request: validated.value };
  }

  function validateTextRequest(
    input: TextRequestInput,
    justification: string,
    textId: string,
    me: DirectoryPerson,
    facts: DirectoryFacts,
    held: readonly Delegation[],
  ): { reasons: Reason[]; request: AccessRequest | null } {
    // Read as plain fields: the desk checks what arrived, not what the type promises.
    const fields: Readonly<Record<string, unknown>> = { ...input };
    const caseNumber = parseCaseNumber(textOf(fields['caseNumber']));
    const reasons: Reason[] = [];
    if (input.kind === 'folder-access') {
      reasons.push(
        ...checkR4FolderRequest({
          caseNumber: textOf(fields['caseNumber']),
          justification,
          grading: textOf(fields['grading']),
          right: textOf(fields['right']),
        }),
        ...checkR7FolderOnly(textOf(fields['scope'] ?? 'folder')),
      );
    } else {
      reasons.push(...checkJustification(justification));
      if (input.kind === 'extended-access') {
        if (fields['grading'] !== undefined) {
          reasons.push(...checkR5Grading(textOf(fields['grading'])));
        }
        reasons.push(...checkR6Right(textOf(fields['right'])));
      }
      if (input.kind === 'case-owner' && !caseNumber.ok) {
        reasons.push({ ...caseNumber.reason, field: 'caseNumber' });
      }
    }
    const validated = validateAccessRequest(
      {
        ...fields,
        // `2024 / 1537` as typed is stored as `2024/1537`.
        ...(caseNumber.ok ? { caseNumber: caseNumber.caseNumber.value } : {}),
        justificationTextId: textId,
      },
      { catalogue, config, facts },
    );
    if (!validated.ok) {
      reasons.push(...validated.reasons);
      return { reasons: firstPerField(reasons), request: null };
    }
    // R4 and R8: who may ask for this, as the fold will judge it (one's own folder; R8 also the leader).
    const refusal = wouldRefuse(
      [],
      'new',
      { type: 'request.submitted', payload: { request: validated.value } },
      personRef(me),
      submissionTarget(validated.value, me, facts, newBlindKey()),
      now(),
      held,
    );
    return { reasons: firstPerField([...refusal, ...reasons]), request: validated.value };
  }

  async function submit(
    ids: WriteIds,
    check: (
      me: DirectoryPerson,
      facts: DirectoryFacts,
      held: readonly Delegation[],
    ) => { reasons: Reason[]; request: AccessRequest | null },
    people: readonly string[],
    justification: string | null,
  ): Promise<SubmitResult> {
    const remembered = submitted.get(ids.requestId);
    if (remembered !== undefined && remembered.eventId === ids.eventId) return remembered.result;
    const me = await deps.me();
    const [stream, facts, held] = await Promise.all([
      ledger.readStream(ids.requestId, requestLists),
      factsFor([me.id, ...people]),
      context.delegations(),
    ]);
    let entries = entriesOf(stream);
    const stored = stream.events.some((event) => event.eventId === ids.eventId);
    if (stored && !unannounced.has(ids.eventId)) {
      // An earlier attempt (another session) stored it; whether it told the channel is unknown,
      // and a second channel message is worse than none: the request is in the queue regardless.
      return { requestId: ids.requestId, channelNotified: false, waitingMailSent: null };
    }
    if (!stored) {
      // Someone else's stream under this id: a client-made id was reused.
      if (stream.events.length > 0 || stream.malformed.length > 0) {
        throw new RequestRefused([{ key: 'anomaly.duplicateSubmission' }]);
      }
      const { reasons, request } = check(me, facts, held);
      if (reasons.length > 0 || request === null) throw new RequestRefused(reasons);
      unannounced.add(ids.eventId);
      let toStore = request;
      if (justification !== null && 'justificationTextId' in request) {
        const textId = await appendTextOnce(ledger, {
          textId: request.justificationTextId,
          streamId: ids.requestId,
          purpose: 'justification',
          body: justification.trim(),
          list: textListOf(request.kind),
        });
        toStore = { ...request, justificationTextId: textId };
      }
      const event: LedgerEvent = { type: 'request.submitted', payload: { request: toStore } };
      const written = await ledger.append({
        ...toEnvelope(event, {
          eventId: ids.eventId,
          streamId: ids.requestId,
          occurredAt: now(),
          ...submissionTarget(toStore, me, facts, newBlindKey()),
        }),
        requesterId: me.id,
      });
      entries = [...entries, ...parseRecordedEvents([written])];
    }

    const view = foldRequest(entries, { now: now(), delegations: held });
    const [channelNotified, waitingMailSent] = await Promise.all([
      notifyTriage(me, ids.requestId, view, 'new'),
      mailWaitingLeader(
        me,
        ids.requestId,
        view,
        entries.find((entry) => entry.eventId === ids.eventId),
        justification,
      ),
    ]);
    unannounced.delete(ids.eventId);
    const result: SubmitResult = { requestId: ids.requestId, channelNotified, waitingMailSent };
    submitted.set(ids.requestId, { eventId: ids.eventId, result });
    return result;
  }

  /**
   * R8: the leader is told a step waits for them (not when the leader is the
   * one submitting), from the employee's own mailbox, with the request and the
   * justification attached for the leader's app (leader-mail.ts). The mail has
   * a Message-ID made from the request, so the leader's app finds it again.
   */
  async function mailWaitingLeader(
    me: DirectoryPerson,
    requestId: string,
    view: RequestView,
    submission: LedgerEntry | undefined,
    justification: string | null,
  ): Promise<boolean | null> {
    const waiting = view.waitingFor;
    if (view.request === null || waiting?.step !== 'leader' || waiting.personId === null) {
      return null;
    }
    if (waiting.personId === me.id) return null;
    const leader = await directory.getPerson(waiting.personId).catch(() => null);
    const address = mailAddressOf(leader);
    const from = mailAddressOf(me);
    if (
      leader === null ||
      address === null ||
      from === null ||
      justification === null ||
      submission === undefined ||
      isUnreadable(submission) ||
      submission.type !== 'request.submitted'
    ) {
      return false;
    }
    const names = await mailNames(view, me);
    const text = justification.trim();
    const snapshot: LeaderSnapshot = {
      kind: 'elements-tilgang.r8-request',
      version: 1,
      requestId,
      submission: {
        eventId: submission.eventId,
        recordedAt: submission.recordedAt,
        requesterId: me.id,
        request: submission.payload.request,
        ...(submission.context === undefined ? {} : { context: submission.context }),
      },
      justification: text,
      justificationSha256: await sha256Hex(text),
    };
    try {
      await deps.mailer.sendMail({
        to: [address],
        ...leaderStepMail({
          requestId,
          request: view.request,
          link: links.request(requestId),
          catalogue,
          recipientName: leader.displayName,
          justification: text,
          ...names,
        }),
        internetMessageId: leaderMailMessageId(requestId, from.split('@')[1] ?? 'localhost'),
        attachments: [
          {
            name: LEADER_SNAPSHOT_FILE,
            contentType: LEADER_SNAPSHOT_TYPE,
            contentBytes: utf8TextToBase64(JSON.stringify(snapshot)),
          },
        ],
      });
      return true;
    } catch (error) {
      warnNotSent('leader mail', error);
      return false;
    }
  }

  // --- steps ------------------------------------------------------------------------------------

  interface StepSpec {
    readonly requestId: string;
    readonly eventId: string;
    /** The text to store first, if any. */
    readonly text: {
      readonly textId: string;
      readonly purpose: string;
      readonly body: string;
    } | null;
    /** Reasons the text is refused (checked after the fold's verdict on the step itself). */
    readonly textReasons: readonly Reason[];
    /** The event, pointing at the stored text's id. */
    readonly event: (textId: string | null) => LedgerEvent;
    /** The role whose list the step is written to, if any. */
    readonly role?: 'arkivleder';
    /** Where it is written and what it records, from the request as it stands. */
    readonly target: (
      before: RequestView,
      entries: readonly LedgerEntry[],
      me: DirectoryPerson,
      facts: DirectoryFacts,
      witnessed: WitnessedRequest | null,
    ) => ProbeTarget | Promise<ProbeTarget>;
    /** The notices of the next step, from the views before and after. */
    readonly next: (before: RequestView, after: RequestView, me: DirectoryPerson) => Promise<void>;
  }

  function runStep(spec: StepSpec): Promise<void> {
    return once(spec.eventId, async () => {
      const me = await deps.me();
      const read = await readForMe(spec.requestId);
      const stream: StreamEvents = read.stream;
      let entries: LedgerEntry[] = read.entries;
      if (entries.length === 0) throw requestNotFound();
      const stored = stream.events.some((event) => event.eventId === spec.eventId);
      if (stored && !unannounced.has(spec.eventId)) return;
      const [facts, held] = await Promise.all([
        factsFor([...peopleIn(entries), me.id]),
        context.delegations(),
      ]);
      const before = foldRequest(entries, { now: now(), delegations: held });
      if (!stored) {
        const role = spec.role;
        // Only the group may add to its list: SharePoint would refuse anyone else (decision 014).
        if (role !== undefined && !facts.isMember(me.id, role)) {
          throw new RequestRefused([{ key: 'anomaly.notEntitled' }]);
        }
        const target = await spec.target(before, entries, me, facts, read.witnessed);
        const refusal = wouldRefuse(
          entries,
          spec.requestId,
          spec.event(spec.text === null ? null : spec.text.textId),
          personRef(me),
          target,
          now(),
          held,
        );
        if (refusal.length > 0) throw new RequestRefused(refusal);
        if (spec.textReasons.length > 0) throw new RequestRefused(spec.textReasons);
        unannounced.add(spec.eventId);
        const textId =
          spec.text === null
            ? null
            : await appendTextOnce(ledger, {
                textId: spec.text.textId,
                streamId: spec.requestId,
                purpose: spec.text.purpose,
                body: spec.text.body.trim(),
                list: before.kind === null ? 'texts' : textListOf(before.kind),
              });
        if (role !== undefined) await context.recordNames(before, spec.eventId);
        const written = await ledger.append(
          toEnvelope(spec.event(textId), {
            eventId: spec.eventId,
            streamId: spec.requestId,
            occurredAt: now(),
            ...target,
          }),
        );
        entries = [...entries, ...parseRecordedEvents([written])];
      }
      const after = foldRequest(entries, { now: now(), delegations: held });
      try {
        await spec.next(before, after, me);
      } catch (error) {
        // The step is stored; a notice that could not go out must not undo that for the user.
        warnNotSent('next-step notice', error);
      }
      unannounced.delete(spec.eventId);
    });
  }

  /**
   * A protected step (the arkivleder's): in the role's list, with every event
   * it read and the names of the people it concerns as the directory has them.
   */
  const protectedTarget =
    (list: 'arkivleder' | 'systemansvarlig') =>
    (_before: RequestView, entries: readonly LedgerEntry[]): ProbeTarget => ({
      list,
      context: { basedOn: basedOnOf(entries) },
    });

  /** A staff step of the requester (an answer, a withdrawal): in the request's own staff list. */
  const requesterTarget = (before: RequestView): ProbeTarget => ({
    list: before.kind === null ? 'requests' : staffListOf(before.kind),
  });

  /**
   * A leader's step: in the shared list, with the subject's manager chain as
   * read now, and for a confirmation the SHA-256 of the justification the
   * leader read in the employee's mail (a leader who submitted the request
   * themself reads it in the texts list).
   */
  const leaderTarget =
    (confirm: boolean) =>
    async (
      before: RequestView,
      _entries: readonly LedgerEntry[],
      me: DirectoryPerson,
      facts: DirectoryFacts,
      witnessed: WitnessedRequest | null,
    ): Promise<ProbeTarget> => {
      const key = before.blindKey;
      let justification: string | undefined;
      if (confirm && witnessed !== null) {
        justification = witnessed.snapshot.justification;
      } else if (confirm && before.request !== null && 'justificationTextId' in before.request) {
        const textId = before.request.justificationTextId;
        const text = (await ledger.readTexts(before.requestId ?? '')).find(
          (item) => item.textId === textId && item.author.id === before.requester?.id,
        );
        justification = text?.body;
      }
      const seen = recordedFacts(
        me.id,
        before.request === null ? null : requestSubjectId(before.request),
        facts,
        now(),
      );
      return {
        // The shared list is readable by everyone: the facts are blinded (decision 014).
        list: 'shared',
        context: {
          seen: blindedFacts(seen, key),
          ...(justification === undefined || key === null
            ? {}
            : { justificationMac: blind(key, justification) }),
        },
      };
    };

  async function mailRequesterRefused(
    requestId: string,
    view: RequestView,
    me: DirectoryPerson,
    by: 'leader' | 'arkivleder',
    reason: string,
  ): Promise<void> {
    if (view.request === null || view.requester === null || view.requester.id === me.id) return;
    const requester = await directory.getPerson(view.requester.id).catch(() => null);
    if (requester === null) return;
    await sendStepMail(
      [requester],
      refusedMail({
        requestId,
        request: view.request,
        link: links.request(requestId),
        catalogue,
        recipientName: requester.displayName,
        by,
        reason,
        ...(await mailNames(view, me)),
      }),
    );
  }

  // --- reading ----------------------------------------------------------------------------------

  /**
   * Whether Exchange's sender of a leader mail is the person its attachment
   * says submitted the request: only then does the leader's view take it in.
   */
  async function verifiedRequester(witnessed: WitnessedRequest) {
    const requester = await directory
      .getPerson(witnessed.snapshot.submission.requesterId)
      .catch(() => null);
    const address = mailAddressOf(requester);
    if (requester === null || address === null) return null;
    const from = witnessed.from.toLowerCase();
    const known = [address, requester.mail ?? '', requester.userPrincipalName ?? ''].map((value) =>
      value.toLowerCase(),
    );
    return known.includes(from) ? personRef(requester) : null;
  }

  async function witnessedForMe(me: DirectoryPerson) {
    const mails = (await deps.leaderMail?.list()) ?? [];
    const found: { witnessed: WitnessedRequest; requester: PersonRef }[] = [];
    const seen = new Set<string>();
    for (const witnessed of mails) {
      if (seen.has(witnessed.snapshot.requestId)) continue;
      const requester = await verifiedRequester(witnessed);
      if (requester === null || requester.id === me.id) continue;
      seen.add(witnessed.snapshot.requestId);
      found.push({ witnessed, requester });
    }
    return found;
  }

  /**
   * A request as the signed-in person may read it: the lists, and for a leader
   * who cannot read the employee's submission, the submission the employee
   * mailed them (with its justification), when Exchange confirms the sender.
   */
  async function readForMe(requestId: string) {
    const stream = await ledger.readStream(requestId, requestLists);
    const entries = entriesOf(stream);
    const hasSubmission = entries.some(
      (entry) => !isUnreadable(entry) && entry.type === 'request.submitted',
    );
    if (hasSubmission || deps.leaderMail === undefined) {
      return { stream, entries, witnessed: null };
    }
    const witnessed = await deps.leaderMail.find(requestId);
    const requester = witnessed === null ? null : await verifiedRequester(witnessed);
    if (witnessed === null || requester === null) return { stream, entries, witnessed: null };
    return {
      stream,
      entries: [...entries, witnessedSubmission(witnessed, requester)],
      witnessed,
    };
  }

  async function namesFor(
    entries: readonly LedgerEntry[],
    view: RequestView,
    texts: readonly ReadableText[],
    recorded: Parameters<typeof namesFromTexts>[0],
  ): Promise<Record<string, string>> {
    const names: Record<string, string> = {};
    const wanted = new Set<string>();
    const note = (id: string | null | undefined, name?: string | null) => {
      if (id === null || id === undefined) return;
      if (name !== null && name !== undefined && name !== '') names[id] = name;
      else wanted.add(id);
    };
    // Authors' names are SharePoint's, stamped from the token.
    for (const entry of entries) note(entry.author?.id, entry.author?.displayName);
    for (const text of texts) note(text.author.id, text.author.displayName);
    // Names the deciders recorded from the directory stay as they were (decision 014).
    Object.assign(names, namesFromTexts(recorded, view.timeline));
    // People a payload names are looked up: its display names are the client's copies.
    const request = view.request;
    if (request !== null) {
      note(
        request.kind === 'order.external-consultant' ? request.agreedWith.id : request.subject.id,
      );
    }
    for (const entry of view.timeline) note(entry.onBehalfOf);
    note(view.waitingFor?.personId);
    note(view.pendingQuestion?.askedBy.id, view.pendingQuestion?.askedBy.displayName);
    const missing = [...wanted].filter((id) => names[id] === undefined);
    const found = await Promise.all(missing.map(async (id) => [id, await personName(id)] as const));
    for (const [id, name] of found) names[id] = name;
    return names;
  }

  async function foldedSummaries(
    streamIds: Iterable<string>,
    keep: (view: RequestView, entries: readonly LedgerEntry[]) => boolean,
  ): Promise<RequestSummary[]> {
    const streams = await readStreams(ledger, streamIds);
    const folded = await foldStreams(streams);
    return folded
      .filter(({ view, entries }) => keep(view, entries))
      .map(({ streamId, view }) => summarize(streamId, view))
      .sort(newestFirst);
  }

  const requestStreamIds = (events: readonly { streamKind: string; streamId: string }[]) =>
    events.filter((event) => event.streamKind === 'request').map((event) => event.streamId);

  return {
    async standing(): Promise<Standing> {
      const me = await deps.me();
      const [facts, reports] = await Promise.all([
        factsFor([me.id]),
        directory.getDirectReports(me.id),
      ]);
      const at = now();
      const reasons = checkR1MayOrder(personRef(me), facts, at);
      return {
        me,
        reports,
        delegations: delegationsHeldBy(me.id, facts, at),
        canOrder: reasons.length === 0,
        reasons,
        isSystemansvarlig: facts.isMember(me.id, 'systemansvarlig'),
        isArkivleder: facts.isMember(me.id, 'arkivleder'),
      };
    },

    async searchPeople(text) {
      const term = text.trim().toLowerCase();
      if (term === '') return [];
      const me = await deps.me();
      const [found, reports] = await Promise.all([
        directory.searchPeople(term),
        directory.getDirectReports(me.id),
      ]);
      const matches = (person: DirectoryPerson) =>
        [person.displayName, ...person.displayName.split(/\s+/), person.mail ?? '']
          .map((value) => value.toLowerCase())
          .some((value) => value.startsWith(term));
      const first = reports.filter(matches);
      const ids = new Set(first.map((person) => person.id));
      return [...first, ...found.filter((person) => !ids.has(person.id))];
    },

    async systemansvarlige() {
      const members = await directory.getGroupMembers(groups.systemansvarlig);
      return [...members].sort((a, b) => a.displayName.localeCompare(b.displayName, 'nb'));
    },

    async existingGrants(subjectId) {
      // The orders this leader can read (their own: decision 014 keeps others' private).
      const events = await listAll(ledger, { list: 'requests', by: 'subject', value: subjectId });
      const streams = await readStreams(ledger, requestStreamIds(events));
      const folded = await foldStreams(streams);
      const standing = new Set(['carried-out', 'expired']);
      // Grants a removal already covers (named, and not rejected or withdrawn) are not offered again.
      const removed = new Set<string>();
      for (const { view } of folded) {
        if (view.request?.kind !== 'order.removal') continue;
        if (view.status === 'rejected' || view.status === 'withdrawn') continue;
        for (const id of view.request.fromGrants ?? []) removed.add(id);
      }
      return folded
        .filter(
          ({ streamId, view }) =>
            (view.kind === 'order.new-user' || view.kind === 'order.change') &&
            view.status !== null &&
            standing.has(view.status) &&
            !removed.has(streamId),
        )
        .map(({ streamId, view }) => summarize(streamId, view))
        .sort(newestFirst);
    },

    submitOrder(order, ids) {
      return once(ids.requestId, () =>
        submit(
          ids,
          (me, facts, held) => validateOrder(order, me, facts, held),
          order.kind === 'order.external-consultant'
            ? [textOf(order.agreedWith?.id)].filter((id) => id !== '')
            : [textOf(order.subject?.id)].filter((id) => id !== ''),
          null,
        ),
      );
    },

    submitWithJustification(request, justification, ids) {
      return once(ids.requestId, () =>
        submit(
          ids,
          (me, facts, held) =>
            validateTextRequest(request, textOf(justification), ids.textId, me, facts, held),
          [textOf(request.subject?.id)].filter((id) => id !== ''),
          textOf(justification),
        ),
      );
    },

    async myRequests() {
      const me = await deps.me();
      // The lists show each person their own items only (decision 014): these are what I sent.
      const [ordinary, r8] = await Promise.all([
        listAll(ledger, { list: 'requests', by: 'requester', value: me.id }),
        listAll(ledger, { list: 'r8', by: 'requester', value: me.id }),
      ]);
      return foldedSummaries(
        [...requestStreamIds(ordinary), ...requestStreamIds(r8)],
        (view, entries) =>
          // Accepted requests, and the person's own submissions the fold did not accept.
          view.request !== null ||
          entries.some((entry) => !isUnreadable(entry) && entry.author.id === me.id),
      );
    },

    async waitingForMe() {
      const me = await deps.me();
      const arkivleder = await directory.memberOfGroups(me.id, [groups.arkivleder]);
      const isArkivleder = arkivleder.length > 0;
      const [asLeader, asArkivleder] = await Promise.all([
        // What waits for a leader arrived in their mailbox, from the employee.
        deps.leaderMail === undefined ? Promise.resolve([]) : witnessedForMe(me),
        isArkivleder
          ? listAll(ledger, { list: 'shared', by: 'type', value: 'request.leader-confirmed' })
          : Promise.resolve([]),
      ]);
      const summaries: RequestSummary[] = [];
      const held = await context.delegations();
      for (const { witnessed, requester } of asLeader) {
        const requestId = witnessed.snapshot.requestId;
        const stream = await ledger.readStream(requestId, requestLists);
        const entries = [...entriesOf(stream), witnessedSubmission(witnessed, requester)];
        const view = foldRequest(entries, { now: now(), delegations: held });
        if (view.waitingFor?.step === 'leader') summaries.push(summarize(requestId, view));
      }
      const forArkivleder = await foldedSummaries(
        asArkivleder.map((event) => event.streamId),
        (view, entries) =>
          isArkivleder &&
          view.status === 'awaiting-arkivleder' &&
          view.requestId !== null &&
          // Not one of one's own, nor one already confirmed as its leader (one person, one stage).
          wouldRefuse(
            entries,
            view.requestId,
            { type: 'request.arkivleder-approved', payload: {} },
            personRef(me),
            { list: 'arkivleder', context: { basedOn: basedOnOf(entries) } },
            now(),
            held,
          ).length === 0,
      );
      return [...summaries, ...forArkivleder].sort(newestFirst);
    },

    async getRequest(requestId): Promise<RequestDetail> {
      const me = await deps.me();
      const [read, storedTexts, held] = await Promise.all([
        readForMe(requestId),
        ledger.readTexts(requestId),
        context.delegations(),
      ]);
      const { entries, witnessed } = read;
      if (entries.length === 0) throw requestNotFound();
      const facts = await factsFor([...peopleIn(entries), me.id]);
      const at = now();
      const view = foldRequest(entries, { now: at, delegations: held });
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
      // A leader reads the justification in the employee's mail: it is the text they confirm.
      if (
        witnessed !== null &&
        view.request !== null &&
        'justificationTextId' in view.request &&
        !texts.some((text) => text.purpose === 'justification')
      ) {
        texts.unshift({
          textId: view.request.justificationTextId,
          purpose: 'justification',
          body: witnessed.snapshot.justification,
          author: view.requester ?? { id: witnessed.snapshot.submission.requesterId },
          recordedAt: witnessed.snapshot.submission.recordedAt,
        });
      }
      const subjectId = view.request === null ? null : requestSubjectId(view.request);
      const seen = recordedFacts(me.id, subjectId, facts, at);
      const accepts = (event: LedgerEvent, target: ProbeTarget) =>
        wouldRefuse(entries, requestId, event, personRef(me), target, at, held).length === 0;
      const staff: ProbeTarget = requesterTarget(view);
      const step = view.waitingFor?.step;
      return {
        requestId,
        view,
        texts,
        names: await namesFor(entries, view, texts, storedTexts),
        actions: {
          withdraw:
            view.status !== null &&
            openStatuses.has(view.status) &&
            accepts({ type: 'request.withdrawn', payload: {} }, staff),
          confirmAsLeader:
            step === 'leader' &&
            accepts(
              { type: 'request.leader-confirmed', payload: { confirmationTextId: 'probe' } },
              { list: 'shared', context: { seen: blindedFacts(seen, view.blindKey) } },
            ),
          decideAsArkivleder:
            step === 'arkivleder' &&
            facts.isMember(me.id, 'arkivleder') &&
            accepts(
              { type: 'request.arkivleder-approved', payload: {} },
              { list: 'arkivleder', context: { basedOn: basedOnOf(entries) } },
            ),
          provideInformation:
            view.status === 'needs-information' &&
            accepts(
              { type: 'request.information-provided', payload: { answerTextId: 'probe' } },
              staff,
            ),
        },
      };
    },

    withdraw(requestId, eventId) {
      return runStep({
        requestId,
        eventId,
        text: null,
        textReasons: [],
        event: () => ({ type: 'request.withdrawn', payload: {} }),
        target: requesterTarget,
        next: () => Promise.resolve(),
      });
    },

    leaderStep(requestId, decision, text, ids) {
      const body = textOf(text);
      const confirm = decision === 'confirm';
      return runStep({
        requestId,
        eventId: ids.eventId,
        text: {
          textId: ids.textId,
          purpose: confirm ? 'leader-confirmation' : 'decision-reason',
          body,
        },
        textReasons: confirm ? checkLeaderConfirmation(body) : checkStepText(body),
        event: (textId) =>
          confirm
            ? {
                type: 'request.leader-confirmed',
                payload: { confirmationTextId: textId ?? ids.textId },
              }
            : { type: 'request.leader-declined', payload: { reasonTextId: textId ?? ids.textId } },
        target: leaderTarget(confirm),
        next: async (_before, after, me) => {
          if (!confirm) {
            await mailRequesterRefused(requestId, after, me, 'leader', body);
            return;
          }
          if (after.status !== 'awaiting-arkivleder' || after.request === null) return;
          const members = (await directory.getGroupMembers(groups.arkivleder)).filter(
            (person) => person.id !== me.id,
          );
          const names = await mailNames(after, me);
          await sendStepMail(
            members,
            arkivlederStepMail({
              requestId,
              request: after.request,
              link: links.request(requestId),
              catalogue,
              recipientName: members.length === 1 ? (members[0]?.displayName ?? null) : null,
              ...names,
            }),
          );
        },
      });
    },

    arkivlederStep(requestId, decision, text, ids) {
      const body = textOf(text);
      const approve = decision === 'approve';
      const hasText = body.trim() !== '';
      return runStep({
        requestId,
        eventId: ids.eventId,
        text:
          approve && !hasText
            ? null
            : { textId: ids.textId, purpose: approve ? 'decision-note' : 'decision-reason', body },
        textReasons: checkStepText(body, { optional: approve }),
        event: (textId) =>
          approve
            ? {
                type: 'request.arkivleder-approved',
                payload: textId === null ? {} : { noteTextId: textId },
              }
            : {
                type: 'request.arkivleder-rejected',
                payload: { reasonTextId: textId ?? ids.textId },
              },
        role: 'arkivleder',
        target: protectedTarget('arkivleder'),
        next: async (_before, after, me) => {
          if (!approve) {
            await mailRequesterRefused(requestId, after, me, 'arkivleder', body);
            return;
          }
          // R8 done: the request is systemansvarlig's now, and they hear of it where they triage.
          if (after.status === 'awaiting-systemansvarlig') {
            await notifyTriage(me, requestId, after, 'ready-for-systemansvarlig');
          }
        },
      });
    },

    provideInformation(requestId, text, ids) {
      const body = textOf(text);
      return runStep({
        requestId,
        eventId: ids.eventId,
        text: { textId: ids.textId, purpose: 'information', body },
        textReasons: checkStepText(body),
        event: (textId) => ({
          type: 'request.information-provided',
          payload: { answerTextId: textId ?? ids.textId },
        }),
        target: requesterTarget,
        next: async (before, after, me) => {
          const asker = before.pendingQuestion?.askedBy;
          if (asker === undefined || asker.id === me.id || after.request === null) return;
          const person = await directory.getPerson(asker.id).catch(() => null);
          if (person === null) return;
          await sendStepMail(
            [person],
            informationProvidedMail({
              requestId,
              request: after.request,
              // The one who asked is systemansvarlig: they answer from the channel tab.
              link: (links.triage ?? links.request)(requestId),
              catalogue,
              recipientName: person.displayName,
              ...(await mailNames(after, me)),
            }),
          );
        },
      });
    },
  };
}
