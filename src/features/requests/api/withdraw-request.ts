import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateAfterWrite } from './invalidate-requests.ts';
import { useRequestDesk } from './use-request-desk.ts';

export interface WithdrawVariables {
  requestId: string;
  eventId: string;
}

/** The requester withdraws an undecided request. */
export function useWithdrawRequest() {
  const { desk, principal } = useRequestDesk();
  const queryClient = useQueryClient();
  return useMutation<void, Error, WithdrawVariables>({
    mutationFn: ({ requestId, eventId }) => desk.withdraw(requestId, eventId),
    onSuccess: (_result, { requestId }) => invalidateAfterWrite(queryClient, principal, requestId),
  });
}
