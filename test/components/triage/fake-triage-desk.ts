import type { RequestStatus, RequestView } from '../../../src/domain/request-fold.ts';
import type { FolderAccessRequest } from '../../../src/domain/requests.ts';
import type {
  CarriedOutInput,
  DecisionOutcome,
  QueuePage,
  QueueQuery,
  QueueRow,
  StepIds,
  TriageActionsAllowed,
  TriageDesk,
  TriageDetail,
} from '../../../src/features/triage/triage-desk.ts';
import { RequestRefused } from '../../../src/features/triage/triage-desk.ts';
import type { Person } from '../../../src/m365/directory.ts';

export const sigrid: Person = {
  id: 'sigrid-lund',
  displayName: 'Sigrid Lund',
  jobTitle: 'Systemansvarlig',
  mail: 'sigrid.lund@bodo.example',
};

export interface TriageCall {
  readonly method: keyof TriageDesk;
  readonly args: readonly unknown[];
}

/** A queue row; `overrides` change what the test cares about. */
export function queueRow(index: number, overrides: Partial<QueueRow> = {}): QueueRow {
  return {
    requestId: `request-${index}`,
    kind: 'folder-access',
    status: 'awaiting-systemansvarlig',
    base: 'bodo',
    subject: { id: 'ola-hansen', displayName: 'Ola Hansen' },
    requester: { id: 'ola-hansen', displayName: 'Ola Hansen' },
    submittedAt: '2026-03-01T09:00:00Z',
    waitingFor: null,
    caseNumber: `2026/${1000 + index}`,
    grading: 'elevsak',
    requesterName: 'Ola Hansen',
    subjectName: 'Ola Hansen',
    ageDays: 3,
    reference: `R-${index}`,
    ...overrides,
  };
}

export const olasFolderRequest: FolderAccessRequest = {
  kind: 'folder-access',
  subject: { id: 'ola-hansen', displayName: 'Ola Hansen' },
  base: 'bodo',
  caseNumber: '2026/1537',
  grading: 'elevsak',
  right: 'read',
  justificationTextId: 'text-justification',
  scope: 'folder',
};

const allowed = (overrides: Partial<TriageActionsAllowed> = {}): TriageActionsAllowed => ({
  approve: true,
  reject: true,
  askForInformation: true,
  recordCarriedOut: false,
  sendOrderToAtea: false,
  ...overrides,
});

/** Ola Hansen's folder request waiting for systemansvarlig; `overrides` adjust it. */
export function triageDetail(
  overrides: {
    requestId?: string;
    status?: RequestStatus;
    requester?: { id: string; displayName: string };
    actions?: Partial<TriageActionsAllowed>;
    anomalies?: TriageDetail['anomalies'];
    checks?: Partial<TriageDetail['checks']>;
    /** Replaces parts of the folded view (timeline, decision...). */
    view?: Partial<RequestView>;
  } = {},
): TriageDetail {
  const requestId = overrides.requestId ?? 'request-1';
  const requester = overrides.requester ?? { id: 'ola-hansen', displayName: 'Ola Hansen' };
  const view: RequestView = {
    requestId,
    status: overrides.status ?? 'awaiting-systemansvarlig',
    request: olasFolderRequest,
    kind: 'folder-access',
    requester,
    submittedAt: '2026-03-01T09:00:00Z',
    requiredStages: ['systemansvarlig'],
    stagesPassed: [],
    waitingFor: null,
    pendingQuestion: null,
    decision: null,
    sentToAteaAt: null,
    carriedOut: null,
    withdrawnAt: null,
    endDate: null,
    daysUntilExpiry: null,
    timeline: [
      {
        eventId: 'event-submitted',
        type: 'request.submitted',
        author: requester,
        capacity: 'requester',
        onBehalfOf: null,
        recordedAt: '2026-03-01T09:00:00Z',
        occurredAt: '2026-03-01T09:00:00Z',
        textId: 'text-justification',
        list: 'requests',
        justificationMac: null,
      },
    ],
    anomalies: overrides.anomalies ?? [],
    blindKey: null,
    ...overrides.view,
  };
  return {
    requestId,
    view,
    texts: [
      {
        textId: 'text-justification',
        purpose: 'justification',
        body: 'Jeg er kontaktlærer for eleven.',
        author: requester,
        recordedAt: '2026-03-01T09:00:00Z',
      },
    ],
    names: {
      'ola-hansen': 'Ola Hansen',
      'anders-moe': 'Anders Moe',
      'kari-nordmann': 'Kari Nordmann',
    },
    checks: {
      ordererStanding: 'not-applicable',
      onBehalfOf: null,
      subjectManager: { id: 'kari-nordmann', displayName: 'Kari Nordmann' },
      r8: null,
      iAmSystemansvarlig: true,
      standingNeedsCheck: false,
      justificationConfirmed: null,
      ...overrides.checks,
    },
    anomalies: overrides.anomalies ?? [],
    actions: allowed(overrides.actions),
  };
}

const zeroCounts = (): Record<RequestStatus, number> => ({
  submitted: 0,
  'awaiting-leader': 0,
  'awaiting-arkivleder': 0,
  'awaiting-systemansvarlig': 0,
  'needs-information': 0,
  approved: 0,
  rejected: 0,
  'carried-out': 0,
  expired: 0,
  withdrawn: 0,
});

/**
 * An in-memory triage desk: pages its rows by cursor, counts per status,
 * records every call, and decides once per event id (as the real desk does).
 * Like the real desk, it refuses an approval without `checkedStanding` while
 * the request's current detail says `standingNeedsCheck`.
 */
export class FakeTriageDesk implements TriageDesk {
  readonly calls: TriageCall[] = [];
  rows: QueueRow[] = [];
  details = new Map<string, TriageDetail>();
  /** What the next decision returns instead of `recorded`. */
  nextOutcome: DecisionOutcome | null = null;
  private readonly holds = new Map<keyof TriageDesk, Promise<void>>();

  /** Calls of `method` wait until the returned function is called. */
  hold(method: keyof TriageDesk): () => void {
    let release: () => void = () => undefined;
    this.holds.set(
      method,
      new Promise<void>((resolve) => {
        release = resolve;
      }),
    );
    return () => {
      this.holds.delete(method);
      release();
    };
  }

  callsOf(method: keyof TriageDesk): TriageCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  private matching(query: QueueQuery): QueueRow[] {
    const statuses =
      query.status === undefined
        ? null
        : typeof query.status === 'string'
          ? [query.status]
          : query.status;
    const search = query.search?.toLowerCase();
    return this.rows.filter(
      (row) =>
        (statuses === null || (row.status !== null && statuses.includes(row.status))) &&
        (query.kind === undefined || row.kind === query.kind) &&
        (query.base === undefined || row.base === query.base) &&
        (search === undefined ||
          (row.subjectName ?? '').toLowerCase().includes(search) ||
          (row.caseNumber ?? '').includes(search)),
    );
  }

  async queue(query: QueueQuery = {}): Promise<QueuePage> {
    this.calls.push({ method: 'queue', args: [query] });
    await this.holds.get('queue');
    const rows = this.matching(query);
    const counts = zeroCounts();
    for (const row of this.matching({ ...query, status: undefined })) {
      if (row.status !== null) counts[row.status] += 1;
    }
    const start = query.cursor === undefined ? 0 : Number(query.cursor);
    const size = query.pageSize ?? 50;
    const end = start + size;
    return {
      rows: rows.slice(start, end),
      total: rows.length,
      counts,
      cursor: end < rows.length ? String(end) : undefined,
      loadedAt: '2026-03-04T10:00:00Z',
    };
  }

  async queueRows(query: QueueQuery = {}): Promise<readonly QueueRow[]> {
    this.calls.push({ method: 'queueRows', args: [query] });
    await Promise.resolve();
    return this.matching(query);
  }

  async detail(requestId: string): Promise<TriageDetail> {
    this.calls.push({ method: 'detail', args: [requestId] });
    await Promise.resolve();
    const found = this.details.get(requestId);
    if (found === undefined) throw new Error(`no request ${requestId}`);
    return found;
  }

  private async decide(
    method: 'approve' | 'reject' | 'askForInformation',
    requestId: string,
    text: string,
    ids: StepIds,
    options?: { readonly checkedStanding?: boolean },
  ): Promise<DecisionOutcome> {
    this.calls.push({
      method,
      args: options === undefined ? [requestId, text, ids] : [requestId, text, ids, options],
    });
    await this.holds.get(method);
    if (
      method === 'approve' &&
      this.details.get(requestId)?.checks.standingNeedsCheck === true &&
      options?.checkedStanding !== true
    ) {
      throw new RequestRefused([{ key: 'rule.r3.standingNotChecked' }]);
    }
    const outcome = this.nextOutcome;
    this.nextOutcome = null;
    return (
      outcome ?? {
        outcome: 'recorded',
        requestId,
        status:
          method === 'approve'
            ? 'approved'
            : method === 'reject'
              ? 'rejected'
              : 'needs-information',
        notified: { mail: true, channel: null, atea: null },
      }
    );
  }

  approve(
    requestId: string,
    note: string,
    ids: StepIds,
    options?: { readonly checkedStanding?: boolean },
  ) {
    return this.decide('approve', requestId, note, ids, options);
  }

  reject(requestId: string, reason: string, ids: StepIds) {
    return this.decide('reject', requestId, reason, ids);
  }

  askForInformation(requestId: string, question: string, ids: StepIds) {
    return this.decide('askForInformation', requestId, question, ids);
  }

  async recordCarriedOut(
    requestId: string,
    input: CarriedOutInput,
    ids: Pick<StepIds, 'eventId'>,
  ): Promise<DecisionOutcome> {
    this.calls.push({ method: 'recordCarriedOut', args: [requestId, input, ids] });
    await Promise.resolve();
    return {
      outcome: 'recorded',
      requestId,
      status: 'carried-out',
      notified: { mail: true, channel: null, atea: null },
    };
  }

  sendOrderToAtea(): Promise<never> {
    return Promise.reject(new Error('not used by these tests'));
  }
}
