import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { DecisionOutcome, StepIds } from '../triage-desk.ts';
import { invalidateAfterStep } from './invalidate-triage.ts';
import { useRequiredTriageDesk } from './use-triage-desk.ts';

export interface RejectVariables {
  requestId: string;
  text: string;
  /** Made once per open form and reused on every retry. */
  ids: StepIds;
}

/** Rejects the request; the reason is required and goes to the requester. */
export function useReject() {
  const { desk, principal } = useRequiredTriageDesk();
  const queryClient = useQueryClient();
  return useMutation<DecisionOutcome, Error, RejectVariables>({
    mutationFn: ({ requestId, text, ids }) => desk.reject(requestId, text, ids),
    onSettled: (_result, _error, { requestId }) =>
      invalidateAfterStep(queryClient, principal, requestId),
  });
}
