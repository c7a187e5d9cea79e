import {
  keepPreviousData,
  useInfiniteQuery,
  type InfiniteData,
  type QueryKey,
} from '@tanstack/react-query';
import type { QueueFilter, QueuePage, QueueSort } from '../triage-desk.ts';
import { triageKeys } from './triage-keys.ts';
import { useRequiredTriageDesk } from './use-triage-desk.ts';

/** Rows per page: enough to fill a screen twice, few enough to render at once. */
export const queuePageSize = 50;

/**
 * The queue for a filter, a page at a time ("Vis flere" fetches the next by
 * cursor). The previous filter's rows stay on screen while a new one loads.
 */
export function useQueue(filter: QueueFilter, sort: QueueSort) {
  const { desk, principal } = useRequiredTriageDesk();
  return useInfiniteQuery<
    QueuePage,
    Error,
    InfiniteData<QueuePage, string | undefined>,
    QueryKey,
    string | undefined
  >({
    queryKey: triageKeys.queue(principal, filter, sort),
    queryFn: ({ pageParam }) =>
      desk.queue({
        ...filter,
        sort,
        pageSize: queuePageSize,
        ...(pageParam === undefined ? {} : { cursor: pageParam }),
      }),
    initialPageParam: undefined,
    getNextPageParam: (last) => last.cursor,
    placeholderData: keepPreviousData,
  });
}
