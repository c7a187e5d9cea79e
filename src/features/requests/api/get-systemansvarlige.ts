import { useQuery } from '@tanstack/react-query';
import type { DirectoryPerson } from '../../../m365/directory.ts';
import { requestKeys } from './query-keys.ts';
import { useRequestDesk } from './use-request-desk.ts';

/** Members of Systemansvarlig, for "the period was agreed with" (R10). */
export function useSystemansvarlige(options: { enabled?: boolean } = {}) {
  const { desk, principal } = useRequestDesk();
  return useQuery<readonly DirectoryPerson[]>({
    queryKey: requestKeys.systemansvarlige(principal),
    queryFn: () => desk.systemansvarlige(),
    enabled: options.enabled ?? true,
    staleTime: 10 * 60 * 1000,
  });
}
