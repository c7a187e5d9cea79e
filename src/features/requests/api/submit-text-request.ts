import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SubmitResult, TextRequestInput, WriteIds } from '../request-desk.ts';
import { invalidateAfterWrite } from './invalidate-requests.ts';
import { useRequestDesk } from './use-request-desk.ts';

export interface SubmitTextRequestVariables {
  request: TextRequestInput;
  justification: string;
  /** Made once per draft and reused on every retry. */
  ids: Required<WriteIds>;
}

/** Sends a folder request (R4-R7) or an R8 request with its justification. */
export function useSubmitTextRequest() {
  const { desk, principal } = useRequestDesk();
  const queryClient = useQueryClient();
  return useMutation<SubmitResult, Error, SubmitTextRequestVariables>({
    mutationFn: ({ request, justification, ids }) =>
      desk.submitWithJustification(request, justification, ids),
    onSuccess: (result) => invalidateAfterWrite(queryClient, principal, result.requestId),
  });
}
