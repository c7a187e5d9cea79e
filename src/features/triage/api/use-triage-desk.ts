import { useServices } from '../../services/services.tsx';
import type { TriageDesk } from '../triage-desk.ts';

/**
 * The triage desk and the principal its cached answers belong to; `desk` is
 * null when the page composed none (the workspace says so instead of failing).
 */
export function useTriageDesk(): { desk: TriageDesk | null; principal: string } {
  const { triageDesk, principal } = useServices();
  return { desk: triageDesk ?? null, principal };
}

/** The desk, for hooks used only below the workspace's "no desk" check. */
export function useRequiredTriageDesk(): { desk: TriageDesk; principal: string } {
  const { desk, principal } = useTriageDesk();
  if (desk === null) throw new Error('The triage screens need a triageDesk in <ServicesProvider>');
  return { desk, principal };
}
