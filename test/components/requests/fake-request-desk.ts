import type { Reason } from '../../../src/domain/messages.ts';
import type { EventListKey } from '../../../src/domain/ledger-lists.ts';
import type { PersonRef } from '../../../src/domain/person.ts';
import type {
  RequestStatus,
  RequestView,
  TimelineEntry,
  WaitingFor,
} from '../../../src/domain/request-fold.ts';
import {
  accessRequestSchema,
  isR8Kind,
  requestEndDate,
  requiredStages,
  type AccessRequest,
} from '../../../src/domain/requests.ts';
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
} from '../../../src/features/requests/request-desk.ts';
import type { DirectoryPerson } from '../../../src/m365/directory.ts';
import { GraphError } from '../../../src/m365/errors.ts';

const person = (
  id: string,
  displayName: string,
  jobTitle: string,
  department: string,
): DirectoryPerson => ({
  id,
  displayName,
  jobTitle,
  department,
  mail: `${displayName.toLowerCase().replace(/ /g, '.')}@bodo.example`,
  userPrincipalName: `${displayName.toLowerCase().replace(/ /g, '.')}@bodo.example`,
});

/** The demo organisation: Kari Nordmann leads Ola Hansen and Ingrid Berg; Hilde Arnesen is arkivleder. */
export const people = {
  kari: person('kari-nordmann', 'Kari Nordmann', 'Enhetsleder', 'Skolekontoret'),
  ola: person('ola-hansen', 'Ola Hansen', 'Rådgiver', 'Skolekontoret'),
  ingrid: person('ingrid-berg', 'Ingrid Berg', 'Konsulent', 'Skolekontoret'),
  olav: person('olav-dahl', 'Olav Dahl', 'Ingeniør', 'Teknisk'),
  per: person('per-johansen', 'Per Johansen', 'Avdelingsleder', 'Teknisk'),
  hilde: person('hilde-arnesen', 'Hilde Arnesen', 'Arkivleder', 'Dokumentsenteret'),
  sigrid: person('sigrid-lund', 'Sigrid Lund', 'Systemansvarlig', 'Dokumentsenteret'),
  anders: person('anders-moe', 'Anders Moe', 'Systemansvarlig', 'Dokumentsenteret'),
} as const;

const directory: readonly DirectoryPerson[] = Object.values(people);
const managerOf: Readonly<Record<string, string>> = {
  [people.ola.id]: people.kari.id,
  [people.ingrid.id]: people.kari.id,
  [people.olav.id]: people.per.id,
  [people.sigrid.id]: people.hilde.id,
  [people.anders.id]: people.hilde.id,
};

export type DeskMethod = keyof RequestDesk;
export interface DeskCall {
  readonly method: DeskMethod;
  readonly args: readonly unknown[];
}

interface Stored {
  view: MutableView;
  texts: ReadableText[];
  actions: RequestDetail['actions'];
}

/** The list a step of this kind goes to (decision 014), as the real desks write it. */
function listOf(type: TimelineEntry['type'], capacity: TimelineEntry['capacity']): EventListKey {
  if (type === 'request.leader-confirmed' || type === 'request.leader-declined') return 'shared';
  if (capacity === 'arkivleder') return 'arkivleder';
  if (capacity === 'systemansvarlig') return 'systemansvarlig';
  return 'requests';
}

const ref = (someone: DirectoryPerson): PersonRef => ({
  id: someone.id,
  displayName: someone.displayName,
});

/**
 * An in-memory request desk for component tests: it keeps requests, answers
 * as the real one would for the signed-in person, records every call, and
 * can be told to fail, refuse or hold the next call of a method.
 * Idempotent like the real desk: a submit with ids already stored returns the
 * stored request and makes no second one.
 */
export class FakeRequestDesk implements RequestDesk {
  /** Every call, in order. */
  readonly calls: DeskCall[] = [];
  /** Every `submitOrder` call, typed. */
  readonly orders: { order: OrderInput; ids: WriteIds }[] = [];
  /** Every `submitWithJustification` call, typed. */
  readonly textRequests: {
    request: TextRequestInput;
    justification: string;
    ids: Required<WriteIds>;
  }[] = [];
  /** Every `withdraw`, `leaderStep` and `arkivlederStep` call, typed. */
  readonly withdrawals: { requestId: string; eventId: string }[] = [];
  readonly steps: {
    method: 'leaderStep' | 'arkivlederStep' | 'provideInformation';
    requestId: string;
    decision: string | null;
    text: string;
    ids: { eventId: string; textId: string };
  }[] = [];
  private readonly stored = new Map<string, Stored>();
  private readonly failures = new Map<DeskMethod, Error[]>();
  private readonly holds = new Map<DeskMethod, Promise<void>>();
  private clock = Date.parse('2025-03-10T11:00:00Z');
  channelNotified = true;

  constructor(
    readonly me: DirectoryPerson = people.kari,
    private readonly options: { canOrder?: boolean; reasons?: readonly Reason[] } = {},
  ) {}

  /** The next call of `method` fails with `error` (once per call to this). */
  failNext(method: DeskMethod, error: Error): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), error]);
  }

  /** The next call of `method` is refused with these reasons. */
  refuseNext(method: DeskMethod, reasons: readonly Reason[]): void {
    this.failNext(method, new RequestRefused(reasons));
  }

  /** Calls of `method` wait until the returned function is called. */
  hold(method: DeskMethod): () => void {
    let release: () => void = () => undefined;
    this.holds.set(
      method,
      new Promise<void>((resolve) => {
        release = () => {
          this.holds.delete(method);
          resolve();
        };
      }),
    );
    return release;
  }

  callsOf(method: DeskMethod): readonly (readonly unknown[])[] {
    return this.calls.filter((call) => call.method === method).map((call) => call.args);
  }

  /** A request by someone else that waits for the signed-in person (R8). */
  seedWaiting(
    request: AccessRequest & { kind: 'extended-access' | 'case-owner' },
    stage: 'leader' | 'arkivleder',
    requester: DirectoryPerson,
    justification: string,
  ): string {
    const requestId = `seeded-${this.stored.size + 1}`;
    const view = this.newView(requestId, request, ref(requester));
    const submitted = view.timeline[0];
    if (stage === 'arkivleder' && submitted) {
      view.stagesPassed = ['leader'];
      view.timeline.push(this.entry('request.leader-confirmed', people.kari, 'leader', 'text-lc'));
    }
    view.status = stage === 'leader' ? 'awaiting-leader' : 'awaiting-arkivleder';
    view.waitingFor = { step: stage, personId: this.me.id, group: null };
    this.stored.set(requestId, {
      view,
      texts: [
        {
          textId: 'justificationTextId' in request ? request.justificationTextId : 'text',
          purpose: 'justification',
          body: justification,
          author: ref(requester),
          recordedAt: view.submittedAt ?? '',
        },
      ],
      actions: {
        withdraw: false,
        confirmAsLeader: stage === 'leader',
        decideAsArkivleder: stage === 'arkivleder',
        provideInformation: false,
      },
    });
    return requestId;
  }

  private async enter(method: DeskMethod, args: readonly unknown[]): Promise<void> {
    this.calls.push({ method, args });
    await this.holds.get(method);
    // A network round trip: the caller sees the pending state before the answer.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const failure = this.failures.get(method)?.shift();
    if (failure) throw failure;
  }

  private now(): string {
    this.clock += 60_000;
    return new Date(this.clock).toISOString();
  }

  private entry(
    type: TimelineEntry['type'],
    author: DirectoryPerson,
    capacity: TimelineEntry['capacity'],
    textId: string | null,
  ): Mutable<TimelineEntry> {
    const at = this.now();
    return {
      eventId: crypto.randomUUID(),
      type,
      author: ref(author),
      capacity,
      onBehalfOf: null,
      recordedAt: at,
      occurredAt: at,
      textId,
      list: listOf(type, capacity),
      justificationMac: null,
    };
  }

  private newView(requestId: string, request: AccessRequest, requester: PersonRef): MutableView {
    const at = this.now();
    const r8 = isR8Kind(request.kind);
    const waitingFor: WaitingFor = r8
      ? { step: 'leader', personId: managerOf[requester.id] ?? null, group: null }
      : { step: 'systemansvarlig', personId: null, group: 'systemansvarlig' };
    return {
      requestId,
      status: r8 ? 'awaiting-leader' : 'submitted',
      request,
      kind: request.kind,
      requester,
      submittedAt: at,
      requiredStages: requiredStages(request.kind),
      stagesPassed: [],
      waitingFor,
      pendingQuestion: null,
      decision: null,
      sentToAteaAt: null,
      carriedOut: null,
      withdrawnAt: null,
      endDate: requestEndDate(request),
      daysUntilExpiry: null,
      timeline: [
        {
          eventId: crypto.randomUUID(),
          type: 'request.submitted',
          author: requester,
          capacity: request.kind.startsWith('order.') ? 'leader' : 'requester',
          onBehalfOf: null,
          recordedAt: at,
          occurredAt: at,
          textId: 'justificationTextId' in request ? request.justificationTextId : null,
          list: r8 ? 'r8' : 'requests',
          justificationMac: null,
        },
      ],
      anomalies: [],
      blindKey: null,
    };
  }

  private summaryOf(view: RequestView): RequestSummary {
    const request = view.request;
    return {
      requestId: view.requestId ?? '',
      kind: view.kind,
      status: view.status,
      base: request?.base ?? null,
      subject: request && 'subject' in request ? request.subject : null,
      requester: view.requester,
      submittedAt: view.submittedAt,
      waitingFor: view.waitingFor,
      caseNumber: request && 'caseNumber' in request ? request.caseNumber : null,
      grading: request && 'grading' in request ? (request.grading ?? null) : null,
    };
  }

  private store(requestId: string, request: AccessRequest, texts: ReadableText[]): SubmitResult {
    const view = this.newView(requestId, request, ref(this.me));
    this.stored.set(requestId, {
      view,
      texts,
      actions: {
        withdraw: true,
        confirmAsLeader: false,
        decideAsArkivleder: false,
        provideInformation: false,
      },
    });
    return {
      requestId,
      channelNotified: this.channelNotified,
      waitingMailSent: isR8Kind(request.kind) ? true : null,
    };
  }

  private existing(requestId: string): SubmitResult | null {
    const found = this.stored.get(requestId);
    if (!found) return null;
    return {
      requestId,
      channelNotified: this.channelNotified,
      waitingMailSent: found.view.kind && isR8Kind(found.view.kind) ? true : null,
    };
  }

  async standing(): Promise<Standing> {
    await this.enter('standing', []);
    const reports = directory.filter((someone) => managerOf[someone.id] === this.me.id);
    const canOrder = this.options.canOrder ?? reports.length > 0;
    return {
      me: this.me,
      reports,
      delegations: [],
      canOrder,
      reasons: canOrder ? [] : (this.options.reasons ?? [{ key: 'rule.r1.nobodysLeader' }]),
      isSystemansvarlig: this.me.jobTitle === 'Systemansvarlig',
      isArkivleder: this.me.id === people.hilde.id,
    };
  }

  async searchPeople(text: string): Promise<readonly DirectoryPerson[]> {
    await this.enter('searchPeople', [text]);
    const query = text.trim().toLowerCase();
    const found = directory.filter(
      (someone) =>
        someone.displayName
          .toLowerCase()
          .split(' ')
          .some((part) => part.startsWith(query)) ||
        someone.displayName.toLowerCase().startsWith(query) ||
        (someone.mail ?? '').startsWith(query),
    );
    const own = (someone: DirectoryPerson) => (managerOf[someone.id] === this.me.id ? 0 : 1);
    return [...found].sort((a, b) => own(a) - own(b));
  }

  async systemansvarlige(): Promise<readonly DirectoryPerson[]> {
    await this.enter('systemansvarlige', []);
    return [people.sigrid, people.anders];
  }

  async existingGrants(subjectId: string): Promise<readonly RequestSummary[]> {
    await this.enter('existingGrants', [subjectId]);
    if (subjectId !== people.ola.id) return [];
    return [
      {
        requestId: 'grant-ola-1',
        kind: 'order.new-user',
        status: 'carried-out',
        base: 'bodo',
        subject: ref(people.ola),
        requester: ref(people.kari),
        submittedAt: '2024-08-01T08:00:00Z',
        waitingFor: null,
        caseNumber: null,
        grading: null,
      },
    ];
  }

  async submitOrder(order: OrderInput, ids: WriteIds): Promise<SubmitResult> {
    this.orders.push({ order, ids });
    await this.enter('submitOrder', [order, ids]);
    const again = this.existing(ids.requestId);
    if (again) return again;
    if (order.kind !== 'order.external-consultant' && order.subject.id === this.me.id) {
      throw new RequestRefused([{ key: 'rule.r1.selfOrder', field: 'subject' }]);
    }
    return this.store(ids.requestId, order, []);
  }

  async submitWithJustification(
    request: TextRequestInput,
    justification: string,
    ids: Required<WriteIds>,
  ): Promise<SubmitResult> {
    this.textRequests.push({ request, justification, ids });
    await this.enter('submitWithJustification', [request, justification, ids]);
    const again = this.existing(ids.requestId);
    if (again) return again;
    const parsed = accessRequestSchema.safeParse({
      ...request,
      justificationTextId: ids.textId,
    });
    if (!parsed.success) throw new RequestRefused([{ key: 'validation.invalid' }]);
    return this.store(ids.requestId, parsed.data, [
      {
        textId: ids.textId,
        purpose: 'justification',
        body: justification,
        author: ref(this.me),
        recordedAt: new Date(this.clock).toISOString(),
      },
    ]);
  }

  async myRequests(): Promise<readonly RequestSummary[]> {
    await this.enter('myRequests', []);
    return [...this.stored.values()]
      .filter(({ view }) => view.requester?.id === this.me.id)
      .map(({ view }) => this.summaryOf(view))
      .reverse();
  }

  async waitingForMe(): Promise<readonly RequestSummary[]> {
    await this.enter('waitingForMe', []);
    return [...this.stored.values()]
      .filter(({ actions }) => actions.confirmAsLeader || actions.decideAsArkivleder)
      .map(({ view }) => this.summaryOf(view));
  }

  async getRequest(requestId: string): Promise<RequestDetail> {
    await this.enter('getRequest', [requestId]);
    const found = this.stored.get(requestId);
    if (!found) throw new GraphError('not-found', 'No such request', 404);
    const names: Record<string, string> = {};
    for (const entry of found.view.timeline) {
      const known = directory.find((someone) => someone.id === entry.author.id);
      if (known) names[known.id] = known.displayName;
    }
    return {
      requestId,
      view: { ...found.view, timeline: [...found.view.timeline] },
      texts: [...found.texts],
      names,
      actions: { ...found.actions },
    };
  }

  async withdraw(requestId: string, eventId: string): Promise<void> {
    this.withdrawals.push({ requestId, eventId });
    await this.enter('withdraw', [requestId, eventId]);
    const found = this.stored.get(requestId);
    if (!found) throw new GraphError('not-found', 'No such request', 404);
    if (found.view.status === 'withdrawn') return;
    const view = found.view;
    view.status = 'withdrawn';
    view.waitingFor = null;
    view.withdrawnAt = this.now();
    view.timeline.push({ ...this.entry('request.withdrawn', this.me, 'requester', null), eventId });
    found.actions = { ...found.actions, withdraw: false };
  }

  async leaderStep(
    requestId: string,
    decision: 'confirm' | 'decline',
    text: string,
    ids: { eventId: string; textId: string },
  ): Promise<void> {
    this.steps.push({ method: 'leaderStep', requestId, decision, text, ids });
    await this.enter('leaderStep', [requestId, decision, text, ids]);
    this.decide(
      requestId,
      decision === 'confirm' ? 'request.leader-confirmed' : 'request.leader-declined',
      decision === 'confirm' ? 'awaiting-arkivleder' : 'rejected',
      'leader',
      text,
      ids,
    );
  }

  async arkivlederStep(
    requestId: string,
    decision: 'approve' | 'reject',
    text: string,
    ids: { eventId: string; textId: string },
  ): Promise<void> {
    this.steps.push({ method: 'arkivlederStep', requestId, decision, text, ids });
    await this.enter('arkivlederStep', [requestId, decision, text, ids]);
    if (decision === 'reject' && text.trim() === '') {
      throw new RequestRefused([{ key: 'validation.required', field: 'text' }]);
    }
    this.decide(
      requestId,
      decision === 'approve' ? 'request.arkivleder-approved' : 'request.arkivleder-rejected',
      decision === 'approve' ? 'awaiting-systemansvarlig' : 'rejected',
      'arkivleder',
      text,
      ids,
    );
  }

  async provideInformation(
    requestId: string,
    text: string,
    ids: { eventId: string; textId: string },
  ): Promise<void> {
    this.steps.push({ method: 'provideInformation', requestId, decision: null, text, ids });
    await this.enter('provideInformation', [requestId, text, ids]);
    this.decide(
      requestId,
      'request.information-provided',
      'awaiting-systemansvarlig',
      'requester',
      text,
      ids,
    );
  }

  private decide(
    requestId: string,
    type: TimelineEntry['type'],
    status: RequestStatus,
    capacity: TimelineEntry['capacity'],
    text: string,
    ids: { eventId: string; textId: string },
  ): void {
    const found = this.stored.get(requestId);
    if (!found) throw new GraphError('not-found', 'No such request', 404);
    const view = found.view;
    view.status = status;
    view.waitingFor = null;
    view.timeline.push({
      ...this.entry(type, this.me, capacity, ids.textId),
      eventId: ids.eventId,
    });
    if (text !== '') {
      found.texts.push({
        textId: ids.textId,
        purpose: type,
        body: text,
        author: ref(this.me),
        recordedAt: this.now(),
      });
    }
    found.actions = {
      withdraw: false,
      confirmAsLeader: false,
      decideAsArkivleder: false,
      provideInformation: false,
    };
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type MutableView = Omit<Mutable<RequestView>, 'timeline' | 'stagesPassed'> & {
  timeline: Mutable<TimelineEntry>[];
  stagesPassed: RequestView['stagesPassed'];
};
