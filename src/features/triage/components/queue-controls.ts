import type { Grading } from '../../../domain/catalogue.ts';
import type { RequestStatus } from '../../../domain/request-fold.ts';
import type { RequestKind } from '../../../domain/requests.ts';
import type { QueueFilter, QueueSort } from '../triage-desk.ts';

/** Rows fetched at a time ("Vis flere" appends another page of the same size). */
export const queuePageSizes = [50, 200, 500] as const;
export type QueuePageSize = (typeof queuePageSizes)[number];

/** What the queue's controls hold, as typed; kept by the workspace so "back" returns to it. */
export interface QueueControls {
  /** `open`: every status someone still has to act on. */
  readonly status: RequestStatus | 'open';
  readonly base: string | null;
  readonly kind: RequestKind | null;
  readonly grading: Grading | null;
  /** As typed; only a whole number of days narrows the queue. */
  readonly olderThanDays: string;
  readonly search: string;
  readonly sort: QueueSort;
  /** Rows a page; the table is virtualised, so a long page renders only what is in view. */
  readonly pageSize: QueuePageSize;
}

export const initialQueueControls: QueueControls = {
  status: 'open',
  base: null,
  kind: null,
  grading: null,
  olderThanDays: '',
  search: '',
  sort: 'oldest',
  pageSize: 50,
};

/** The desk's filter for the controls, with the (debounced) search text. */
export function queueFilterOf(controls: QueueControls, search: string): QueueFilter {
  const days = /^\d{1,4}$/.test(controls.olderThanDays.trim())
    ? Number(controls.olderThanDays.trim())
    : null;
  const text = search.trim();
  return {
    ...(controls.status === 'open' ? {} : { status: controls.status }),
    ...(controls.base === null ? {} : { base: controls.base }),
    ...(controls.kind === null ? {} : { kind: controls.kind }),
    ...(controls.grading === null ? {} : { grading: controls.grading }),
    ...(days === null || days === 0 ? {} : { olderThanDays: days }),
    ...(text === '' ? {} : { search: text }),
  };
}
