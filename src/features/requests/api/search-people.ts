import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { DirectoryPerson } from '../../../m365/directory.ts';
import { requestKeys } from './query-keys.ts';
import { useRequestDesk } from './use-request-desk.ts';

/** People whose name or address starts with `text`; nothing is asked for blank text. */
export function useSearchPeople(text: string) {
  const { desk, principal } = useRequestDesk();
  const query = text.trim();
  return useQuery<readonly DirectoryPerson[]>({
    queryKey: requestKeys.people(principal, query.toLowerCase()),
    queryFn: () => desk.searchPeople(query),
    enabled: query.length > 0,
    staleTime: 60 * 1000,
    // Keep the last answer on screen while the next one is on its way.
    placeholderData: keepPreviousData,
  });
}
