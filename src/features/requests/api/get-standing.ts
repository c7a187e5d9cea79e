import { useQuery } from '@tanstack/react-query';
import type { Standing } from '../request-desk.ts';
import { requestKeys } from './query-keys.ts';
import { useRequestDesk } from './use-request-desk.ts';

/** What the signed-in person may do (R1), their reports and delegations. */
export function useStanding() {
  const { desk, principal } = useRequestDesk();
  return useQuery<Standing>({
    queryKey: requestKeys.standing(principal),
    queryFn: () => desk.standing(),
    staleTime: 5 * 60 * 1000,
  });
}
