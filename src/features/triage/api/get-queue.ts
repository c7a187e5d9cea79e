import {
  keepPreviousData,
  useInfiniteQuery,
  type InfiniteData,
  type QueryKey,
} from '@tanstack/react-query';
import type { QueueFilter, QueuePage, QueueSort } from '../triage-desk.ts';
import { triageKeys } from './triage-keys.ts';
import { useRequiredTriageDesk } from './use-triage-desk.ts';

/**
 * The queue for a filter, `pageSize` rows at a time ("Vis flere" fetches the
 * next page by cursor and appends it). Every page comes from the desk's one
 * folded reading of the ledger, so paging costs no Graph round trip. The
 * previous filter's rows stay on screen while a new one loads.
 */
export function useQueue(filter: QueueFilter, sort: QueueSort, pageSize: number) {
  const { desk, principal } = useRequiredTriageDesk();
  return useInfiniteQuery<
    QueuePage,
    Error,
    InfiniteData<QueuePage, string | undefined>,
    QueryKey,
    string | undefined
  >({
    queryKey: triageKeys.queue(principal, filter, sort, pageSize),
    queryFn: ({ pageParam }) =>
      desk.queue({
        ...filter,
        sort,
        pageSize,
        ...(pageParam === undefined ? {} : { cursor: pageParam }),
      }),
    initialPageParam: undefined,
    getNextPageParam: (last) => last.cursor,
    placeholderData: keepPreviousData,
  });
}
