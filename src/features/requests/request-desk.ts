/**
 * The request desk: what the ordering and folder-request journeys ask of the
 * access ledger, in the words of the journeys. The screens use only this; its
 * implementation (`create-request-desk.ts`) composes the Graph ports
 * (ledger, directory, mailer, channel notifier) with the domain (validation,
 * rules, the fold).
 *
 * Idempotency: every write takes ids the caller made before the first try
 * (kept in the form's draft), so submitting twice, or retrying after a
 * network failure, makes one request.
 */
import type { Delegation } from '../../domain/directory-facts.ts';
import type { Reason } from '../../domain/messages.ts';
import type { PersonRef } from '../../domain/person.ts';
import type { RequestView } from '../../domain/request-fold.ts';
import type { AccessRequest, RequestKind } from '../../domain/requests.ts';
import type { DirectoryPerson } from '../../m365/directory.ts';

/** Ids made by the client before the first attempt, reused on every retry. */
export interface WriteIds {
  /** The new request's stream id (a UUID); also the id in links. */
  readonly requestId: string;
  /** The submitted event's id. */
  readonly eventId: string;
  /** The sensitive text's id, where the step carries a text. */
  readonly textId?: string;
}

/** The input was refused; each reason is a message key, most with the field it belongs to. */
export class RequestRefused extends Error {
  constructor(readonly reasons: readonly Reason[]) {
    super(`Refused: ${reasons.map((reason) => reason.key).join(', ')}`);
    this.name = 'RequestRefused';
  }
}

/** What the signed-in person may do, and why not. */
export interface Standing {
  readonly me: DirectoryPerson;
  /** Direct reports, shown first in the employee picker. */
  readonly reports: readonly DirectoryPerson[];
  /** Delegations the person holds now (ordering on another leader's behalf). */
  readonly delegations: readonly Delegation[];
  /** Whether the person may order at all (R1); when false, `reasons` say why. */
  readonly canOrder: boolean;
  readonly reasons: readonly Reason[];
  readonly isSystemansvarlig: boolean;
  readonly isArkivleder: boolean;
}

/** One request in a list. */
export interface RequestSummary {
  readonly requestId: string;
  readonly kind: RequestKind | null;
  readonly status: RequestView['status'];
  readonly base: string | null;
  readonly subject: PersonRef | null;
  readonly requester: PersonRef | null;
  readonly submittedAt: string | null;
  readonly waitingFor: RequestView['waitingFor'];
  readonly caseNumber: string | null;
  readonly grading: string | null;
}

/** A sensitive text the signed-in person may read. */
export interface ReadableText {
  readonly textId: string;
  readonly purpose: string;
  readonly body: string;
  readonly author: PersonRef;
  readonly recordedAt: string;
}

/** One request with everything the detail view shows. */
export interface RequestDetail {
  readonly requestId: string;
  readonly view: RequestView;
  /** Texts of the request this person may read (their own; all of them for deciders). */
  readonly texts: readonly ReadableText[];
  /** Display names of everyone the timeline mentions. */
  readonly names: Readonly<Record<string, string>>;
  /** What the signed-in person may do now. */
  readonly actions: {
    readonly withdraw: boolean;
    readonly confirmAsLeader: boolean;
    readonly decideAsArkivleder: boolean;
    readonly provideInformation: boolean;
  };
}

export interface SubmitResult {
  readonly requestId: string;
  /** False when the request was stored but the triage channel could not be told (it still shows in the queue). */
  readonly channelNotified: boolean;
  /** Whom the next step waits for was mailed (R8: the leader); null when nobody is waited for by name. */
  readonly waitingMailSent: boolean | null;
}

/** `Omit` over each member of a union, so the members keep their own fields. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A folder request (R4-R7) or an R8 request, before its justification is stored. */
export type TextRequestInput = DistributiveOmit<
  Extract<AccessRequest, { kind: 'folder-access' | 'extended-access' | 'case-owner' }>,
  'justificationTextId'
>;

/** Any order (R1-R3, R10). */
export type OrderInput = Extract<
  AccessRequest,
  {
    kind: 'order.new-user' | 'order.change' | 'order.removal' | 'order.external-consultant';
  }
>;

export interface RequestDesk {
  standing(): Promise<Standing>;
  /** People whose name or address starts with `text`; the person's own reports first. */
  searchPeople(text: string): Promise<readonly DirectoryPerson[]>;
  /** Systemansvarlig members, for "agreed the period with" (R10). */
  systemansvarlige(): Promise<readonly DirectoryPerson[]>;
  /** Access the person holds through carried-out orders, for removal (leavers and movers). */
  existingGrants(subjectId: string): Promise<readonly RequestSummary[]>;
  submitOrder(order: OrderInput, ids: WriteIds): Promise<SubmitResult>;
  submitWithJustification(
    request: TextRequestInput,
    justification: string,
    ids: Required<WriteIds>,
  ): Promise<SubmitResult>;
  /** Requests the person submitted or is the subject of, newest first. */
  myRequests(): Promise<readonly RequestSummary[]>;
  /** Requests whose next step waits for this person (as leader or arkivleder). */
  waitingForMe(): Promise<readonly RequestSummary[]>;
  getRequest(requestId: string): Promise<RequestDetail>;
  withdraw(requestId: string, eventId: string): Promise<void>;
  /** R8: the leader's written confirmation of the service need (or a refusal). */
  leaderStep(
    requestId: string,
    decision: 'confirm' | 'decline',
    text: string,
    ids: { eventId: string; textId: string },
  ): Promise<void>;
  /** R8: the arkivleder's decision; a rejection needs a reason. */
  arkivlederStep(
    requestId: string,
    decision: 'approve' | 'reject',
    text: string,
    ids: { eventId: string; textId: string },
  ): Promise<void>;
  /** The requester answers a question from the deciders. */
  provideInformation(
    requestId: string,
    text: string,
    ids: { eventId: string; textId: string },
  ): Promise<void>;
}
