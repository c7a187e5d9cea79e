import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { DecisionOutcome, StepIds } from '../triage-desk.ts';
import { invalidateAfterStep } from './invalidate-triage.ts';
import { useRequiredTriageDesk } from './use-triage-desk.ts';

export interface AskForInformationVariables {
  requestId: string;
  text: string;
  /** Made once per open form and reused on every retry. */
  ids: StepIds;
}

/** Asks the requester for more; their answer returns the request to the queue. */
export function useAskForInformation() {
  const { desk, principal } = useRequiredTriageDesk();
  const queryClient = useQueryClient();
  return useMutation<DecisionOutcome, Error, AskForInformationVariables>({
    mutationFn: ({ requestId, text, ids }) => desk.askForInformation(requestId, text, ids),
    onSettled: (_result, _error, { requestId }) =>
      invalidateAfterStep(queryClient, principal, requestId),
  });
}
