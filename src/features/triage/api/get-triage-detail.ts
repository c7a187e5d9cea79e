import { useQuery } from '@tanstack/react-query';
import type { TriageDetail } from '../triage-desk.ts';
import { triageKeys } from './triage-keys.ts';
import { useRequiredTriageDesk } from './use-triage-desk.ts';

/** One request with its timeline, texts, live directory checks and anomalies. */
export function useTriageDetail(requestId: string) {
  const { desk, principal } = useRequiredTriageDesk();
  return useQuery<TriageDetail>({
    queryKey: triageKeys.detail(principal, requestId),
    queryFn: () => desk.detail(requestId),
  });
}
