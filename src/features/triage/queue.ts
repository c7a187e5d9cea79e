/**
 * The queue as pure functions over folded requests: rows, filter, search,
 * sort, counts and paging. The desk folds the ledger once and pages over the
 * result, so a filter or a sort costs no round trip.
 */
import { parseCaseNumber } from '../../domain/case-number.ts';
import { daysBetween, osloDate } from '../../domain/dates.ts';
import {
  requestStatuses,
  type RequestStatus,
  type RequestView,
} from '../../domain/request-fold.ts';
import { summarize } from '../requests/desk-context.ts';
import { shortReference } from '../requests/notifications.ts';
import {
  openStatuses,
  type QueueFilter,
  type QueuePage,
  type QueueQuery,
  type QueueRow,
  type QueueSort,
} from './triage-desk.ts';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export function toQueueRow(streamId: string, view: RequestView, now: Date): QueueRow {
  const summary = summarize(streamId, view);
  const request = view.request;
  const subjectName =
    request === null
      ? null
      : request.kind === 'order.external-consultant'
        ? request.consultant.name
        : (request.subject.displayName ?? null);
  return {
    ...summary,
    requesterName: view.requester?.displayName ?? null,
    subjectName,
    ageDays:
      view.submittedAt === null
        ? null
        : daysBetween(osloDate(new Date(view.submittedAt)), osloDate(now)),
    reference: shortReference(streamId),
  };
}

const normalise = (text: string) => text.trim().toLocaleLowerCase('nb').replace(/\s+/g, ' ');

/** Whether a row matches the search: a case number exactly, else any name or reference containing it. */
function matchesSearch(row: QueueRow, search: string): boolean {
  const term = normalise(search);
  if (term === '') return true;
  const caseNumber = parseCaseNumber(search);
  if (caseNumber.ok) return row.caseNumber === caseNumber.caseNumber.value;
  const haystack = [
    row.subjectName,
    row.requesterName,
    row.reference,
    row.requestId,
    row.caseNumber,
  ]
    .flatMap((value) => (value === null ? [] : [normalise(value)]))
    .join('\n');
  return haystack.includes(term);
}

function statusesOf(filter: QueueFilter): ReadonlySet<RequestStatus> {
  const { status } = filter;
  if (status === undefined) return new Set(openStatuses);
  return new Set(typeof status === 'string' ? [status] : status);
}

/** Every part of the filter except the status. */
function matchesRest(row: QueueRow, filter: QueueFilter): boolean {
  if (row.status === null) return false;
  if (filter.base !== undefined && row.base !== filter.base) return false;
  if (filter.kind !== undefined && row.kind !== filter.kind) return false;
  if (filter.grading !== undefined && row.grading !== filter.grading) return false;
  if (filter.olderThanDays !== undefined && (row.ageDays ?? -1) < filter.olderThanDays) {
    return false;
  }
  return filter.search === undefined || matchesSearch(row, filter.search);
}

const byOldest = (a: QueueRow, b: QueueRow) =>
  (a.submittedAt ?? '').localeCompare(b.submittedAt ?? '') ||
  a.requestId.localeCompare(b.requestId);

const sorters: Record<QueueSort, (a: QueueRow, b: QueueRow) => number> = {
  oldest: byOldest,
  newest: (a, b) => byOldest(b, a),
  status: (a, b) =>
    requestStatuses.indexOf(a.status ?? 'submitted') -
      requestStatuses.indexOf(b.status ?? 'submitted') || byOldest(a, b),
  kind: (a, b) => (a.kind ?? '').localeCompare(b.kind ?? '') || byOldest(a, b),
  base: (a, b) => (a.base ?? '').localeCompare(b.base ?? '') || byOldest(a, b),
};

/** Rows matching the filter, sorted: what the page and the CSV export show. */
export function filterRows(rows: readonly QueueRow[], query: QueueQuery): QueueRow[] {
  const statuses = statusesOf(query);
  return rows
    .filter((row) => row.status !== null && statuses.has(row.status) && matchesRest(row, query))
    .sort(sorters[query.sort ?? 'oldest']);
}

function emptyCounts(): Record<RequestStatus, number> {
  return {
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
  };
}

/** The cursor is the next row's offset in the filtered, sorted rows (opaque to the screens). */
function offsetOf(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const offset = Number.parseInt(cursor, 10);
  return Number.isInteger(offset) && offset >= 0 ? offset : 0;
}

export function pageOf(rows: readonly QueueRow[], query: QueueQuery, loadedAt: string): QueuePage {
  const size = query.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new RangeError(`pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}.`);
  }
  const counts = emptyCounts();
  for (const row of rows) {
    if (row.status !== null && matchesRest(row, query)) counts[row.status] += 1;
  }
  const matching = filterRows(rows, query);
  const offset = offsetOf(query.cursor);
  const next = offset + size;
  return {
    rows: matching.slice(offset, next),
    total: matching.length,
    counts,
    cursor: next < matching.length ? String(next) : undefined,
    loadedAt,
  };
}
