/**
 * The delegation desk: recording that someone may order access on a leader's
 * behalf (issue 4, R1 "leder eller andre med delegert ansvar"). Only someone
 * above the leader in the manager chain may grant; the leader, the delegate or
 * anyone above the leader may revoke (src/domain/README.md). The request desk
 * already honours what is recorded here.
 *
 * Refusals are `RequestRefused` (from the request desk) with domain reasons,
 * each naming the field it belongs to: `leaderId`, `delegateId`, `validFrom`
 * or `validTo`.
 */
import type { IsoDate } from '../../domain/dates.ts';
import type { PersonRef } from '../../domain/person.ts';
import type { DirectoryPerson } from '../../m365/directory.ts';

export interface DelegationInput {
  /** The leader whose authority to order is delegated. */
  readonly leaderId: string;
  /** Who may order on the leader's behalf. */
  readonly delegateId: string;
  readonly validFrom: IsoDate;
  /** Open-ended when left out. */
  readonly validTo?: IsoDate;
}

/** Ids the client made before the first attempt and reuses on every retry. */
export interface DelegationIds {
  /** The delegation's stream id (a UUID); also its `delegationId`. */
  readonly streamId: string;
  readonly eventId: string;
}

/** Where a delegation stands today. */
export type DelegationStatus = 'active' | 'upcoming' | 'ended' | 'revoked';

/** A delegation as the panel lists it: names filled in. */
export interface DelegationSummary {
  readonly delegationId: string;
  readonly leader: PersonRef;
  readonly delegate: PersonRef;
  readonly grantedBy: PersonRef;
  readonly revokedBy: PersonRef | null;
  readonly validFrom: IsoDate;
  readonly validTo: IsoDate | null;
  readonly grantedAt: string;
  readonly revokedAt: string | null;
  readonly status: DelegationStatus;
  /** Whether the signed-in person may revoke it now. */
  readonly mayRevoke: boolean;
}

export interface DelegationDesk {
  /**
   * People in the signed-in person's reporting line (at any depth) who
   * themselves have direct reports: the leaders they may delegate for.
   */
  leadersBelowMe(): Promise<readonly DirectoryPerson[]>;
  /**
   * Delegations the signed-in person granted or holds, that are for them, or
   * that concern a leader below them; active and past, newest first.
   */
  delegations(): Promise<readonly DelegationSummary[]>;
  /** People whose name or address starts with `text` (for picking the delegate). */
  searchPeople(text: string): Promise<readonly DirectoryPerson[]>;
  /** Records a delegation; the same ids again make no second one. */
  grant(input: DelegationInput, ids: DelegationIds): Promise<{ readonly delegationId: string }>;
  /** Ends a delegation now; the same event id again revokes once. */
  revoke(delegationId: string, eventId: string): Promise<void>;
}
