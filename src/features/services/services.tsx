import { createContext, useContext, type ReactNode } from 'react';
import type { Directory } from '../../m365/directory.ts';
import type { Mailbox } from '../../m365/mailbox.ts';
import type { DelegationDesk } from '../delegations/delegation-desk.ts';
import type { RequestDesk } from '../requests/request-desk.ts';
import type { ReviewDesk } from '../reviews/review-desk.ts';
import type { TriageDesk } from '../triage/triage-desk.ts';

/** The Microsoft 365 ports a page's composition root hands to the features. */
export interface Services {
  directory: Directory;
  /**
   * Identifies the signed-in principal in query keys, so cached data of one
   * identity is never shown to another (the workbench switches identities).
   */
  principal: string;
  /**
   * The ordering and folder-request journeys. Optional, so pages that do not
   * show them need not compose it; the requests screens throw without it.
   */
  requestDesk?: RequestDesk;
  /** Recording who may order on a leader's behalf; offered to leaders of leaders. */
  delegationDesk?: DelegationDesk;
  /** Systemansvarlig's queue and decisions ("Behandling"); the triage workspace says so when it is missing. */
  triageDesk?: TriageDesk;
  /** Access reviews by e-mail: campaigns (systemansvarlig) and answers (the task pane). */
  reviewDesk?: ReviewDesk;
  /** The signed-in user's own mailbox (the workbench's Outlook stand-in reads it). */
  mailbox?: Mailbox;
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({
  services,
  children,
}: {
  services: Services;
  children: ReactNode;
}) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices must be used inside <ServicesProvider>');
  return services;
}
