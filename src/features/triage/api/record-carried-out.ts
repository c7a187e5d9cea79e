import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CarriedOutInput, DecisionOutcome } from '../triage-desk.ts';
import { invalidateAfterStep } from './invalidate-triage.ts';
import { useRequiredTriageDesk } from './use-triage-desk.ts';

export interface RecordCarriedOutVariables {
  requestId: string;
  input: CarriedOutInput;
  /** Made once per open form and reused on every retry. */
  eventId: string;
}

/** R9: the access was granted in Elements by hand and archived there. */
export function useRecordCarriedOut() {
  const { desk, principal } = useRequiredTriageDesk();
  const queryClient = useQueryClient();
  return useMutation<DecisionOutcome, Error, RecordCarriedOutVariables>({
    mutationFn: ({ requestId, input, eventId }) =>
      desk.recordCarriedOut(requestId, input, { eventId }),
    onSettled: (_result, _error, { requestId }) =>
      invalidateAfterStep(queryClient, principal, requestId),
  });
}
