import { useServices } from '../../services/services.tsx';
import type { RequestDesk } from '../request-desk.ts';

/** The request desk and the principal its cached answers belong to. */
export function useRequestDesk(): { desk: RequestDesk; principal: string } {
  const { requestDesk, principal } = useServices();
  if (!requestDesk) {
    throw new Error('The requests screens need a requestDesk in <ServicesProvider>');
  }
  return { desk: requestDesk, principal };
}
