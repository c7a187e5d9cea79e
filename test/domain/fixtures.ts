import {
  createDirectoryFacts,
  recordedFacts,
  withDelegations,
  type Delegation,
  type DirectoryFacts,
} from '../../src/domain/directory-facts.ts';
import {
  toEnvelope,
  type EventContext,
  type LedgerEvent,
  type RecordedEvent,
} from '../../src/domain/events.ts';
import { homeListOf, roleOfList, type EventListKey } from '../../src/domain/ledger-lists.ts';
import type { PersonRef } from '../../src/domain/person.ts';
import {
  isR8Kind,
  requestSubjectId,
  type AccessRequest,
  type ApprovalStage,
  type NewUserOrder,
} from '../../src/domain/requests.ts';

/**
 * The demo organisation, small: Kari Nordmann leads Ola Hansen and Ingrid
 * Berg; Per Johansen leads Lise Olsen; Hilde Arnesen is arkivleder and leads
 * Sigrid Lund and Anders Moe, both systemansvarlig. Above them: Marit Solberg
 * (Kari), Tor Eriksen (Per), Jan Pedersen (Hilde), and Rolf Kristiansen at the top.
 */
export const people = {
  rolf: { id: 'rolf-kristiansen', displayName: 'Rolf Kristiansen' },
  marit: { id: 'marit-solberg', displayName: 'Marit Solberg' },
  tor: { id: 'tor-eriksen', displayName: 'Tor Eriksen' },
  jan: { id: 'jan-pedersen', displayName: 'Jan Pedersen' },
  kari: { id: 'kari-nordmann', displayName: 'Kari Nordmann' },
  ola: { id: 'ola-hansen', displayName: 'Ola Hansen' },
  ingrid: { id: 'ingrid-berg', displayName: 'Ingrid Berg' },
  per: { id: 'per-johansen', displayName: 'Per Johansen' },
  lise: { id: 'lise-olsen', displayName: 'Lise Olsen' },
  hilde: { id: 'hilde-arnesen', displayName: 'Hilde Arnesen' },
  sigrid: { id: 'sigrid-lund', displayName: 'Sigrid Lund' },
  anders: { id: 'anders-moe', displayName: 'Anders Moe' },
} as const satisfies Record<string, PersonRef>;

export type PersonName = keyof typeof people;
export const everyone: readonly PersonRef[] = Object.values(people);

export const facts: DirectoryFacts = createDirectoryFacts({
  managers: {
    [people.rolf.id]: null,
    [people.marit.id]: people.rolf.id,
    [people.tor.id]: people.rolf.id,
    [people.jan.id]: people.rolf.id,
    [people.kari.id]: people.marit.id,
    [people.ola.id]: people.kari.id,
    [people.ingrid.id]: people.kari.id,
    [people.per.id]: people.tor.id,
    [people.lise.id]: people.per.id,
    [people.hilde.id]: people.jan.id,
    [people.sigrid.id]: people.hilde.id,
    [people.anders.id]: people.hilde.id,
  },
  groups: {
    arkivleder: [people.hilde.id],
    systemansvarlig: [people.sigrid.id, people.anders.id],
  },
});

export function factsWith(delegations: readonly Delegation[]): DirectoryFacts {
  return withDelegations(facts, delegations);
}

/** A fixed "now" in the middle of things: 10 March 2025, 12:00 in Bodø. */
export const now = new Date('2025-03-10T11:00:00Z');

/** Minutes after 10 March 2025 09:00 UTC, as SharePoint would stamp Created. */
export function at(minutes: number): string {
  return new Date(Date.UTC(2025, 2, 10, 9, minutes)).toISOString();
}

let sequence = 0;
/** Per stream: the subject of its latest submission (whose manager chain leader steps record). */
const subjects = new Map<string, string | null>();

export interface RecordOptions {
  readonly eventId?: string;
  readonly streamId?: string;
  /** Default: where the writer could put it (below). */
  readonly list?: EventListKey;
  /** Default: what an honest desk would record (below). */
  readonly context?: EventContext;
  /** The directory the writer's client read (default: `facts`). */
  readonly facts?: DirectoryFacts;
  /** For a leader's or another stage's question: which stage asks. */
  readonly stage?: ApprovalStage;
  /** The stream is an R8 request (its staff steps go to the R8 list). */
  readonly r8?: boolean;
  /** A protected step: the events it was based on (default: none recorded, ordered by Created). */
  readonly basedOn?: readonly RecordedEvent[];
}

/** Could this author add to a role's list, per the directory at write time? */
function mayAdd(list: EventListKey, author: PersonRef, directory: DirectoryFacts): boolean {
  const role = roleOfList(list);
  return role === null || directory.isMember(author.id, role);
}

function stageOfAuthor(author: PersonRef, directory: DirectoryFacts): ApprovalStage {
  if (directory.isMember(author.id, 'systemansvarlig')) return 'systemansvarlig';
  if (directory.isMember(author.id, 'arkivleder')) return 'arkivleder';
  return 'leader';
}

const leaderSteps = new Set([
  'request.submitted',
  'request.leader-confirmed',
  'request.leader-declined',
  'request.information-requested',
]);

/**
 * A recorded event as the Graph adapter would hand it to the fold, written the
 * way the desks write (decision 014): to its home list when the author may add
 * there, else (a forger) to the staff list anyone may add to; staff steps
 * carry the directory facts the writer saw, protected steps the ids of the
 * stream's events written before them. SharePoint's item ids only grow.
 */
export function recorded(
  event: LedgerEvent,
  author: PersonRef,
  recordedAt: string,
  options: RecordOptions = {},
): RecordedEvent {
  sequence += 1;
  const streamId = options.streamId ?? 'request-1';
  const directory = options.facts ?? facts;
  if (event.type === 'request.submitted') {
    subjects.set(streamId, requestSubjectId(event.payload.request));
  }
  const r8 =
    options.r8 ?? (event.type === 'request.submitted' && isR8Kind(event.payload.request.kind));
  const stage =
    options.stage ??
    (event.type === 'request.information-requested' ? stageOfAuthor(author, directory) : undefined);
  const home = homeListOf(event, { r8, ...(stage === undefined ? {} : { stage }) });
  const list = options.list ?? (mayAdd(home, author, directory) ? home : r8 ? 'r8' : 'requests');
  const eventId = options.eventId ?? `event-${String(sequence).padStart(4, '0')}`;
  const at = new Date(recordedAt);
  let context: EventContext | undefined = options.context;
  if (context === undefined) {
    if (options.basedOn !== undefined) {
      context = { basedOn: options.basedOn.map((item) => item.eventId) };
    } else if (event.type === 'delegation.granted') {
      context = { seen: recordedFacts(author.id, event.payload.leader.id, directory, at) };
    } else if (leaderSteps.has(event.type) && roleOfList(list) === null) {
      context = { seen: recordedFacts(author.id, subjects.get(streamId) ?? null, directory, at) };
    }
  }
  return {
    ...toEnvelope(event, {
      eventId,
      streamId,
      occurredAt: recordedAt,
      list,
      ...(context === undefined ? {} : { context }),
    }),
    author,
    recordedAt,
    // SharePoint's item ids grow with the writes: here with Created, ties in the order written.
    sequence: Date.parse(recordedAt) * 1000 + (sequence % 1000),
  };
}

export const serviceNeed =
  'Skal saksbehandle elevsaker for skolekontoret og trenger tilgang til arkivet.';

export function newUserOrder(subject: PersonRef = people.ola): NewUserOrder {
  return {
    kind: 'order.new-user',
    subject,
    base: 'bodo',
    administrativeUnit: 'Skolekontoret',
    roles: ['saksbehandler'],
    accessCodes: ['e'],
    startDate: '2025-03-15',
    serviceNeed,
  };
}

export function folderRequest(
  subject: PersonRef = people.ola,
  right: 'read' | 'write' = 'write',
): AccessRequest {
  return {
    kind: 'folder-access',
    subject,
    base: 'bodo',
    caseNumber: '2024/1537',
    grading: 'elevsak',
    right,
    justificationTextId: 'text-justification-1',
    scope: 'folder',
  };
}

export function extendedAccessRequest(subject: PersonRef = people.ola): AccessRequest {
  return {
    kind: 'extended-access',
    subject,
    base: 'bodo',
    administrativeUnit: 'Skolekontoret',
    grading: 'personalsak',
    right: 'read',
    startDate: '2025-03-15',
    justificationTextId: 'text-justification-r8',
  };
}

export function externalConsultantOrder(
  period: { start: string; end: string } = { start: '2025-04-01', end: '2025-09-30' },
): AccessRequest {
  return {
    kind: 'order.external-consultant',
    consultant: { name: 'Eva Ekstern', company: 'Konsulent AS', email: 'eva@konsulent.example' },
    confidentialityDeclaration: { confirmed: true, storedAt: 'Elements 2025/88-2' },
    period,
    agreedWith: people.sigrid,
    base: 'bodo',
    administrativeUnit: 'Skolekontoret',
    roles: ['saksbehandler'],
    accessCodes: [],
    serviceNeed,
  };
}

export function submitted(request: AccessRequest): LedgerEvent {
  return { type: 'request.submitted', payload: { request } };
}
