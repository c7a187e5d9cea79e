import { useQuery } from '@tanstack/react-query';
import type { RequestSummary } from '../request-desk.ts';
import { requestKeys } from './query-keys.ts';
import { useRequestDesk } from './use-request-desk.ts';

/** The requests the person submitted or is the subject of, newest first. */
export function useMyRequests() {
  const { desk, principal } = useRequestDesk();
  return useQuery<readonly RequestSummary[]>({
    queryKey: requestKeys.mine(principal),
    queryFn: () => desk.myRequests(),
  });
}
