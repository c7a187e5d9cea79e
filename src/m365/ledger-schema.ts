/**
 * The access ledger's storage layout on the Dokumentsenteret SharePoint site:
 * lists, columns, indexes and the permission set-up. One definition serves the
 * provisioning script (real tenant), the emulator's provisioning in the
 * workbench and tests, and the Graph adapters that read and write the lists.
 *
 * One list per writer role and reader set (decision 014): which list an item
 * is in is the one fact about it nobody can forge, because SharePoint checks
 * the writer's permission on that list when the item is added. So a role's
 * steps go where only that role's Entra group can add, staff steps where
 * anyone can add but (for requests) only the author and those who decide can
 * read, and nothing is ever edited or deleted but by site owners.
 */
import type { EventListKey, TextListKey } from '../domain/ledger-lists.ts';

/** SharePoint column kinds the ledger uses (Graph columnDefinition facets). */
export type LedgerColumnType = 'text' | 'note' | 'dateTime' | 'number';

export interface LedgerColumn {
  /** Internal name (Graph `name`), also the key under `fields`. */
  readonly name: string;
  readonly type: LedgerColumnType;
  readonly required: boolean;
  /** Indexed columns are the only ones `$filter` may use (SharePoint refuses others on large lists). */
  readonly indexed: boolean;
  /** Enforced unique by SharePoint; needs `indexed`. Used for client-generated ids. */
  readonly unique: boolean;
  readonly description: string;
}

/**
 * SharePoint base permissions (SP.PermissionKind) the custom permission levels
 * are made of. Values are bit positions + 1 as in SP.PermissionKind.
 */
export const permissionKinds = {
  viewListItems: 1,
  addListItems: 2,
  editListItems: 3,
  deleteListItems: 4,
  openItems: 6,
  /** "Override List Behaviors" in the UI: read items others created despite ReadSecurity = 2. */
  cancelCheckout: 9,
  manageLists: 12,
  open: 17,
  viewPages: 18,
} as const;

export type PermissionKind = keyof typeof permissionKinds;

export interface PermissionLevel {
  /** Role definition name on the site. */
  readonly name: string;
  readonly description: string;
  readonly permissions: readonly PermissionKind[];
}

/** Who a role assignment is for. Entra groups are named by key and resolved from configuration. */
export type LedgerPrincipal =
  | { readonly kind: 'all-staff' }
  | { readonly kind: 'entra-group'; readonly group: 'systemansvarlig' | 'arkivleder' }
  | { readonly kind: 'site-owners' };

export interface LedgerRoleAssignment {
  readonly principal: LedgerPrincipal;
  /** A {@link PermissionLevel} name, or the built-in "Full Control". */
  readonly level: string;
}

export interface LedgerList {
  /** What the list is for, as the domain names it (ledger-lists.ts). */
  readonly key: EventListKey | TextListKey;
  /** List name in URLs and Graph (`lists/{name}`); never shown to users. */
  readonly name: string;
  readonly displayName: string;
  readonly description: string;
  readonly columns: readonly LedgerColumn[];
  /** 1: read all items; 2: read only items the user created (unless Override List Behaviors). */
  readonly readSecurity: 1 | 2;
  /** 2: create items and edit only your own; with no Edit permission nobody edits anyway. */
  readonly writeSecurity: 1 | 2 | 4;
  /** The list stops inheriting the site's permissions and gets exactly these. */
  readonly roleAssignments: readonly LedgerRoleAssignment[];
  /**
   * Assignments an earlier version of this plan gave and this one takes back:
   * provisioning removes exactly these (and nothing else it does not know).
   */
  readonly revokedAssignments?: readonly LedgerRoleAssignment[];
}

/** Every ledger list is kept out of search (SharePoint's `NoCrawl`) and keeps versions. */
export const listSettings = { noCrawl: true, enableVersioning: true } as const;

const column = (
  name: string,
  type: LedgerColumnType,
  description: string,
  options: { required?: boolean; indexed?: boolean; unique?: boolean } = {},
): LedgerColumn => ({
  name,
  type,
  description,
  required: options.required ?? false,
  indexed: options.indexed ?? options.unique ?? false,
  unique: options.unique ?? false,
});

/** Add and read, never edit or delete: the ledger is append-only for everyone but site owners. */
export const appendAndReadLevel: PermissionLevel = {
  name: 'Elements tilgang – legg til og les',
  description: 'Legge til og lese elementer. Ingen kan endre eller slette historikken.',
  permissions: ['viewListItems', 'addListItems', 'openItems', 'viewPages', 'open'],
};

/** Append and read everyone's items in a list that otherwise shows people only their own. */
export const appendAndReadAllLevel: PermissionLevel = {
  name: 'Elements tilgang – legg til og les alle',
  description: 'Legge til og lese alle elementer, også andres begrunnelser. For dem som behandler.',
  permissions: [
    'viewListItems',
    'addListItems',
    'openItems',
    'viewPages',
    'open',
    'cancelCheckout',
  ],
};

/** Read what the list shows you; add nothing. For everyone on the decision lists. */
export const readLevel: PermissionLevel = {
  name: 'Elements tilgang – les',
  description: 'Lese elementer. Ingen kan legge til, endre eller slette.',
  permissions: ['viewListItems', 'openItems', 'viewPages', 'open'],
};

export const permissionLevels: readonly PermissionLevel[] = [
  appendAndReadLevel,
  appendAndReadAllLevel,
  readLevel,
];

const owners: LedgerRoleAssignment = { principal: { kind: 'site-owners' }, level: 'Full Control' };
const staffAdd: LedgerRoleAssignment = {
  principal: { kind: 'all-staff' },
  level: appendAndReadLevel.name,
};
const staffRead: LedgerRoleAssignment = { principal: { kind: 'all-staff' }, level: readLevel.name };
const group = (
  name: 'systemansvarlig' | 'arkivleder',
  level: PermissionLevel,
): LedgerRoleAssignment => ({ principal: { kind: 'entra-group', group: name }, level: level.name });

const eventColumns: readonly LedgerColumn[] = [
  column(
    'EventId',
    'text',
    'Client-generated UUID of the event; unique, so a retried write never duplicates.',
    { required: true, unique: true },
  ),
  column('StreamId', 'text', 'The request, campaign or delegation the event belongs to.', {
    required: true,
    indexed: true,
  }),
  column('StreamKind', 'text', 'request | campaign | delegation', {
    required: true,
    indexed: true,
  }),
  column('EventType', 'text', 'Event type, e.g. request.submitted.', {
    required: true,
    indexed: true,
  }),
  column('SubjectId', 'text', 'Entra object id of the person the stream is about.', {
    indexed: true,
  }),
  column(
    'RequesterId',
    'text',
    'Entra object id of who submitted the stream, for listing only (the author is what counts).',
    { indexed: true },
  ),
  column('Base', 'text', 'Elements base the stream concerns (Bodø, Røst, ...).', {
    indexed: true,
  }),
  column(
    'OccurredAt',
    'dateTime',
    "The author's clock when the event happened (the list's Created is the server's).",
  ),
  column(
    'Payload',
    'note',
    'The event body as JSON. Never sensitive free text: that goes to the texts list.',
    { required: true },
  ),
  column('SchemaVersion', 'number', 'Version of the payload schema.', { required: true }),
  column(
    'Context',
    'note',
    'What the writer saw (JSON): recorded directory facts, the events a decision was based on.',
  ),
];

const textColumns: readonly LedgerColumn[] = [
  column('TextId', 'text', 'Client-generated UUID, referenced from the event payload; unique.', {
    required: true,
    unique: true,
  }),
  column('StreamId', 'text', 'The request the text belongs to.', {
    required: true,
    indexed: true,
  }),
  column('Purpose', 'text', 'justification | leader-confirmation | decision-reason | information', {
    required: true,
  }),
  column('Body', 'note', 'The text itself.', { required: true }),
];

/** Orders and folder requests, their staff steps, and review answers: the author and systemansvarlig read them. */
export const eventsList: LedgerList = {
  key: 'requests',
  name: 'ElementsTilgangHendelser',
  displayName: 'Elements tilgang – hendelser',
  description:
    'Orders and folder requests with their staff steps, and review answers (Elements tilgang).',
  columns: eventColumns,
  readSecurity: 2,
  writeSecurity: 2,
  roleAssignments: [owners, staffAdd, group('systemansvarlig', appendAndReadAllLevel)],
};

/** R8 requests (extended access, case owner): the arkivleder reads them too. */
export const r8EventsList: LedgerList = {
  key: 'r8',
  name: 'ElementsTilgangR8Hendelser',
  displayName: 'Elements tilgang – utvidet tilgang',
  description: 'R8 requests and their staff steps (Elements tilgang).',
  columns: eventColumns,
  readSecurity: 2,
  writeSecurity: 2,
  roleAssignments: [
    owners,
    staffAdd,
    group('systemansvarlig', appendAndReadAllLevel),
    group('arkivleder', appendAndReadAllLevel),
  ],
};

/** Systemansvarlig's steps: only that group adds; everyone reads (stream ids and text ids, no personal data). */
export const systemansvarligList: LedgerList = {
  key: 'systemansvarlig',
  name: 'ElementsTilgangSystemansvarlig',
  displayName: 'Elements tilgang – systemansvarlig',
  description: "Systemansvarlig's decisions and steps; a campaign's creation and close.",
  columns: eventColumns,
  readSecurity: 1,
  writeSecurity: 2,
  roleAssignments: [owners, staffRead, group('systemansvarlig', appendAndReadLevel)],
};

/** The arkivleder's steps on R8 requests: only that group adds; everyone reads. */
export const arkivlederList: LedgerList = {
  key: 'arkivleder',
  name: 'ElementsTilgangArkivleder',
  displayName: 'Elements tilgang – arkivleder',
  description: "The arkivleder's decisions on R8 requests.",
  columns: eventColumns,
  readSecurity: 1,
  writeSecurity: 2,
  roleAssignments: [owners, staffRead, group('arkivleder', appendAndReadLevel)],
};

/** A campaign's lines, mail claims, reminders, recorded replies and removals: systemansvarlig only. */
export const reviewsList: LedgerList = {
  key: 'reviews',
  name: 'ElementsTilgangGjennomganger',
  displayName: 'Elements tilgang – gjennomganger',
  description:
    'Access-review lines, claims, reminders, replies and removals (systemansvarlig only).',
  columns: eventColumns,
  readSecurity: 1,
  writeSecurity: 2,
  roleAssignments: [owners, group('systemansvarlig', appendAndReadLevel)],
};

/** Delegations and a leader's steps on R8 requests: anyone adds and reads (ids only, no case facts). */
export const sharedList: LedgerList = {
  key: 'shared',
  name: 'ElementsTilgangDelegeringer',
  displayName: 'Elements tilgang – delegeringer og lederbekreftelser',
  description: "Delegations, and leaders' confirmations of R8 requests (ids, no case facts).",
  columns: eventColumns,
  readSecurity: 1,
  writeSecurity: 2,
  roleAssignments: [owners, staffAdd],
};

/** Justifications and other free text of ordinary requests: the author and systemansvarlig. */
export const textsList: LedgerList = {
  key: 'texts',
  name: 'ElementsTilgangTekster',
  displayName: 'Elements tilgang – begrunnelser',
  description:
    'Sensitive free text (justifications) of orders and folder requests: its author and systemansvarlig.',
  columns: textColumns,
  readSecurity: 2,
  writeSecurity: 2,
  roleAssignments: [owners, staffAdd, group('systemansvarlig', appendAndReadAllLevel)],
  // Version 1 let the arkivleder read every justification; only R8 ones are theirs (r8-texts).
  revokedAssignments: [group('arkivleder', appendAndReadAllLevel)],
};

/** The same for R8 requests: the arkivleder reads them too. */
export const r8TextsList: LedgerList = {
  key: 'r8-texts',
  name: 'ElementsTilgangR8Tekster',
  displayName: 'Elements tilgang – begrunnelser utvidet tilgang',
  description:
    'Sensitive free text of R8 requests: its author, systemansvarlig and the arkivleder.',
  columns: textColumns,
  readSecurity: 2,
  writeSecurity: 2,
  roleAssignments: [
    owners,
    staffAdd,
    group('systemansvarlig', appendAndReadAllLevel),
    group('arkivleder', appendAndReadAllLevel),
  ],
};

export const eventLists: readonly LedgerList[] = [
  eventsList,
  r8EventsList,
  systemansvarligList,
  arkivlederList,
  reviewsList,
  sharedList,
];
export const textLists: readonly LedgerList[] = [textsList, r8TextsList];
export const ledgerLists: readonly LedgerList[] = [...eventLists, ...textLists];

/** The list of a key. */
export function ledgerList(key: EventListKey | TextListKey): LedgerList {
  const found = ledgerLists.find((list) => list.key === key);
  if (found === undefined) throw new Error(`No ledger list for '${key}'.`);
  return found;
}
