import { useQuery } from '@tanstack/react-query';
import type { Person } from '../../../m365/directory.ts';
import { useServices } from '../../services/services.tsx';
import { triageKeys } from './triage-keys.ts';

/** The signed-in person, to tell them when a request is their own (nobody decides their own). */
export function useMe() {
  const { directory, principal } = useServices();
  return useQuery<Person>({
    queryKey: triageKeys.me(principal),
    queryFn: () => directory.getMe(),
    staleTime: 10 * 60 * 1000,
  });
}
