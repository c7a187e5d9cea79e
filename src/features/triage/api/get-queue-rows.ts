import { useMutation } from '@tanstack/react-query';
import type { QueueFilter, QueueRow, QueueSort } from '../triage-desk.ts';
import { useRequiredTriageDesk } from './use-triage-desk.ts';

export interface QueueRowsVariables {
  filter: QueueFilter;
  sort: QueueSort;
}

/**
 * Every row of the queue's current filter, for the CSV export. A mutation,
 * not a query: it is read once per click and never shown from the cache.
 */
export function useQueueRows() {
  const { desk } = useRequiredTriageDesk();
  return useMutation<readonly QueueRow[], Error, QueueRowsVariables>({
    mutationFn: ({ filter, sort }) => desk.queueRows({ ...filter, sort }),
  });
}
