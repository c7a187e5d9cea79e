import type { QueryClient } from '@tanstack/react-query';
import { triageKeys } from './triage-keys.ts';

/** After any step: the request and every cached queue (its row may have moved or gone). */
export async function invalidateAfterStep(
  queryClient: QueryClient,
  principal: string,
  requestId: string,
): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: triageKeys.queues(principal) }),
    queryClient.invalidateQueries({ queryKey: triageKeys.detail(principal, requestId) }),
  ]);
}
