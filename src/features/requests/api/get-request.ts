import { useQuery } from '@tanstack/react-query';
import type { RequestDetail } from '../request-desk.ts';
import { requestKeys } from './query-keys.ts';
import { useRequestDesk } from './use-request-desk.ts';

/** One request with its timeline, readable texts and the actions the person may take. */
export function useRequest(requestId: string) {
  const { desk, principal } = useRequestDesk();
  return useQuery<RequestDetail>({
    queryKey: requestKeys.detail(principal, requestId),
    queryFn: () => desk.getRequest(requestId),
  });
}
