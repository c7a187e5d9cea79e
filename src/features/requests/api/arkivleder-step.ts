import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateAfterWrite } from './invalidate-requests.ts';
import type { StepIds } from './step-ids.ts';
import { useRequestDesk } from './use-request-desk.ts';

export interface ArkivlederStepVariables {
  requestId: string;
  decision: 'approve' | 'reject';
  text: string;
  ids: StepIds;
}

/** R8: the arkivleder approves, or rejects with a reason. */
export function useArkivlederStep() {
  const { desk, principal } = useRequestDesk();
  const queryClient = useQueryClient();
  return useMutation<void, Error, ArkivlederStepVariables>({
    mutationFn: ({ requestId, decision, text, ids }) =>
      desk.arkivlederStep(requestId, decision, text, ids),
    onSuccess: (_result, { requestId }) => invalidateAfterWrite(queryClient, principal, requestId),
  });
}
