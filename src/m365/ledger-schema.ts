/**
 * The access ledger's storage layout on the Dokumentsenteret SharePoint site:
 * lists, columns, indexes and the permission set-up. One definition serves the
 * provisioning script (real tenant), the emulator's provisioning in the
 * workbench and tests, and the Graph adapters that read and write the lists.
 *
 * Why two lists: readers differ. Event metadata (who asked for what kind of
 * access to which base, and every decision) is readable by all staff who use
 * the app; free text about personnel, pupil and child cases is readable only
 * by its author and by those who decide (SharePoint "read own items only",
 * overridden for the Systemansvarlig and Arkivleder groups).
 */

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
}

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

export const permissionLevels: readonly PermissionLevel[] = [
  appendAndReadLevel,
  appendAndReadAllLevel,
];

/** Every step of every request, campaign and delegation: one list item per event. */
export const eventsList: LedgerList = {
  name: 'ElementsTilgangHendelser',
  displayName: 'Elements tilgang – hendelser',
  description: 'Append-only history of access requests, decisions and reviews (Elements tilgang).',
  columns: [
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
      {
        indexed: true,
      },
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
  ],
  readSecurity: 1,
  writeSecurity: 2,
  roleAssignments: [
    { principal: { kind: 'site-owners' }, level: 'Full Control' },
    { principal: { kind: 'all-staff' }, level: appendAndReadLevel.name },
  ],
};

/** Justifications and other free text about personnel, pupil and child cases. */
export const textsList: LedgerList = {
  name: 'ElementsTilgangTekster',
  displayName: 'Elements tilgang – begrunnelser',
  description:
    'Sensitive free text (justifications). Readable by its author and by those who decide.',
  columns: [
    column('TextId', 'text', 'Client-generated UUID, referenced from the event payload; unique.', {
      required: true,
      unique: true,
    }),
    column('StreamId', 'text', 'The request the text belongs to.', {
      required: true,
      indexed: true,
    }),
    column(
      'Purpose',
      'text',
      'justification | leader-confirmation | decision-reason | information',
      { required: true },
    ),
    column('Body', 'note', 'The text itself.', { required: true }),
  ],
  readSecurity: 2,
  writeSecurity: 2,
  roleAssignments: [
    { principal: { kind: 'site-owners' }, level: 'Full Control' },
    { principal: { kind: 'all-staff' }, level: appendAndReadLevel.name },
    {
      principal: { kind: 'entra-group', group: 'systemansvarlig' },
      level: appendAndReadAllLevel.name,
    },
    { principal: { kind: 'entra-group', group: 'arkivleder' }, level: appendAndReadAllLevel.name },
  ],
};

export const ledgerLists: readonly LedgerList[] = [eventsList, textsList];
