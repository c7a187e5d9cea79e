import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { DecisionOutcome, StepIds } from '../triage-desk.ts';
import { invalidateAfterStep } from './invalidate-triage.ts';
import { useRequiredTriageDesk } from './use-triage-desk.ts';

export interface ApproveVariables {
  requestId: string;
  text: string;
  /** Made once per open form and reused on every retry. */
  ids: StepIds;
  /**
   * Systemansvarlig ticked that she checked by hand the leader relation the
   * request was recorded with (decision 014; `checks.standingNeedsCheck`).
   */
  checkedStanding?: boolean;
}

/** Approves the request (R3); the note is optional. */
export function useApprove() {
  const { desk, principal } = useRequiredTriageDesk();
  const queryClient = useQueryClient();
  return useMutation<DecisionOutcome, Error, ApproveVariables>({
    mutationFn: ({ requestId, text, ids, checkedStanding }) =>
      checkedStanding === true
        ? desk.approve(requestId, text, ids, { checkedStanding: true })
        : desk.approve(requestId, text, ids),
    onSettled: (_result, _error, { requestId }) =>
      invalidateAfterStep(queryClient, principal, requestId),
  });
}
