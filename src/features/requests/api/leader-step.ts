import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateAfterWrite } from './invalidate-requests.ts';
import type { StepIds } from './step-ids.ts';
import { useRequestDesk } from './use-request-desk.ts';

export interface LeaderStepVariables {
  requestId: string;
  decision: 'confirm' | 'decline';
  text: string;
  ids: StepIds;
}

/** R8: the leader confirms the service need in writing, or declines. */
export function useLeaderStep() {
  const { desk, principal } = useRequestDesk();
  const queryClient = useQueryClient();
  return useMutation<void, Error, LeaderStepVariables>({
    mutationFn: ({ requestId, decision, text, ids }) =>
      desk.leaderStep(requestId, decision, text, ids),
    onSuccess: (_result, { requestId }) => invalidateAfterWrite(queryClient, principal, requestId),
  });
}
