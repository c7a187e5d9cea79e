import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateAfterWrite } from './invalidate-requests.ts';
import type { StepIds } from './step-ids.ts';
import { useRequestDesk } from './use-request-desk.ts';

export interface ProvideInformationVariables {
  requestId: string;
  text: string;
  ids: StepIds;
}

/** The requester answers a question from the deciders. */
export function useProvideInformation() {
  const { desk, principal } = useRequestDesk();
  const queryClient = useQueryClient();
  return useMutation<void, Error, ProvideInformationVariables>({
    mutationFn: ({ requestId, text, ids }) => desk.provideInformation(requestId, text, ids),
    onSuccess: (_result, { requestId }) => invalidateAfterWrite(queryClient, principal, requestId),
  });
}
