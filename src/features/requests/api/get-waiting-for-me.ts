import { useQuery } from '@tanstack/react-query';
import type { RequestSummary } from '../request-desk.ts';
import { requestKeys } from './query-keys.ts';
import { useRequestDesk } from './use-request-desk.ts';

/** Requests whose next step waits for this person (as leader or arkivleder). */
export function useWaitingForMe() {
  const { desk, principal } = useRequestDesk();
  return useQuery<readonly RequestSummary[]>({
    queryKey: requestKeys.waiting(principal),
    queryFn: () => desk.waitingForMe(),
  });
}
