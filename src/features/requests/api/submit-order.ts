import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { OrderInput, SubmitResult, WriteIds } from '../request-desk.ts';
import { invalidateAfterWrite } from './invalidate-requests.ts';
import { useRequestDesk } from './use-request-desk.ts';

export interface SubmitOrderVariables {
  order: OrderInput;
  /** Made once per draft and reused on every retry, so a retry makes no second request. */
  ids: WriteIds;
}

/** Sends an order (R1-R3, R10) to Dokumentsenteret. */
export function useSubmitOrder() {
  const { desk, principal } = useRequestDesk();
  const queryClient = useQueryClient();
  return useMutation<SubmitResult, Error, SubmitOrderVariables>({
    mutationFn: ({ order, ids }) => desk.submitOrder(order, ids),
    onSuccess: (result) => invalidateAfterWrite(queryClient, principal, result.requestId),
  });
}
