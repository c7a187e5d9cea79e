import { useQuery } from '@tanstack/react-query';
import type { Person } from '../../../m365/directory.ts';
import { useServices } from '../../services/services.tsx';

export const meQueryKey = (principal: string) => ['me', principal] as const;

/** The signed-in user, read from Graph `/me`. */
export function useMe() {
  const { directory, principal } = useServices();
  return useQuery<Person>({
    queryKey: meQueryKey(principal),
    queryFn: () => directory.getMe(),
    staleTime: 5 * 60 * 1000,
  });
}
