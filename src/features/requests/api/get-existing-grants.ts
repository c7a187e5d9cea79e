import { useQuery } from '@tanstack/react-query';
import type { RequestSummary } from '../request-desk.ts';
import { requestKeys } from './query-keys.ts';
import { useRequestDesk } from './use-request-desk.ts';

/** The access an employee holds through carried-out orders (for removal); idle without an employee. */
export function useExistingGrants(subjectId: string | null) {
  const { desk, principal } = useRequestDesk();
  return useQuery<readonly RequestSummary[]>({
    queryKey: requestKeys.grants(principal, subjectId ?? ''),
    queryFn: () => desk.existingGrants(subjectId ?? ''),
    enabled: subjectId !== null,
  });
}
