import type { QueryClient } from '@tanstack/react-query';
import { requestKeys } from './query-keys.ts';

/**
 * After any write: the lists, the request itself and its grants may all have
 * changed. People search, standing and systemansvarlige have not.
 */
export async function invalidateAfterWrite(
  queryClient: QueryClient,
  principal: string,
  requestId: string | null,
): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: requestKeys.mine(principal) }),
    queryClient.invalidateQueries({ queryKey: requestKeys.waiting(principal) }),
    queryClient.invalidateQueries({ queryKey: [...requestKeys.all(principal), 'grants'] }),
    requestId === null
      ? Promise.resolve()
      : queryClient.invalidateQueries({ queryKey: requestKeys.detail(principal, requestId) }),
  ]);
}
