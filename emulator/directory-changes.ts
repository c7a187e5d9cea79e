/**
 * Changes to the emulated directory at run time, for tests and the workbench: a new manager, a
 * new department, group membership, a disabled or deleted account. The first change copies the
 * configured directory (the demo directory by default) into the persisted state, so changes
 * survive a restart and `reset` brings the configured directory back.
 *
 * What each change does follows Entra ID as Graph shows it:
 * - `accountEnabled: false` ("true if the account is enabled; otherwise, false", user resource,
 *   https://learn.microsoft.com/en-us/graph/api/resources/user): the person stays in `/users`
 *   but cannot sign in (Entra's AADSTS50057, "The user account is disabled", Microsoft Entra
 *   authentication and authorization error codes,
 *   https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes), and
 *   Microsoft 365 services refuse the tokens they already have ("User account deleted or
 *   disabled" is a critical event of continuous access evaluation,
 *   https://learn.microsoft.com/en-us/entra/identity/conditional-access/concept-continuous-access-evaluation);
 * - deleting a user removes them from `/users` (404 `Request_ResourceNotFound`), from their
 *   groups, and as manager: their reports have none. (Entra keeps deleted users 30 days in
 *   "deleted items", outside `/users`; not modelled.)
 */
import type { DirectoryGroup, DirectoryPerson } from './directory-data.ts';
import type { EmulatorState } from './emulator-context.ts';
import type { DirectoryStateData } from './emulator-data.ts';
import { refreshRememberedUser } from './sharepoint-permissions.ts';

/** Thrown for an unknown person or group (404) or a change that makes no sense (400). */
export class DirectoryChangeError extends Error {
  readonly status: 400 | 404;

  constructor(status: 400 | 404, message: string) {
    super(message);
    this.name = 'DirectoryChangeError';
    this.status = status;
  }
}

export interface DirectoryController {
  /** Sets (or, with null, removes) the person's manager. */
  setManager(personId: string, managerId: string | null): Promise<void>;
  setDepartment(personId: string, department: string): Promise<void>;
  /** Adds a direct member; adding one already there changes nothing. */
  addToGroup(groupId: string, personId: string): Promise<void>;
  /** Removes a direct member (and owner entry); removing one not there changes nothing. */
  removeFromGroup(groupId: string, personId: string): Promise<void>;
  /** `accountEnabled: false`: no sign-in, existing tokens refused (401). */
  disablePerson(personId: string): Promise<void>;
  /** `accountEnabled: true` again. */
  enablePerson(personId: string): Promise<void>;
  /** Gone from the directory, its groups and as anyone's manager; tokens refused. */
  deletePerson(personId: string): Promise<void>;
}

function personIn(directory: DirectoryStateData, key: string): DirectoryPerson {
  const wanted = key.trim().toLowerCase();
  const person = directory.people.find(
    (candidate) => candidate.id === wanted || candidate.userPrincipalName.toLowerCase() === wanted,
  );
  if (person === undefined) {
    throw new DirectoryChangeError(404, `No person '${key}' in the emulator's directory.`);
  }
  return person;
}

function groupIn(directory: DirectoryStateData, key: string): DirectoryGroup {
  const group = directory.groups.find((candidate) => candidate.id === key.trim().toLowerCase());
  if (group === undefined) {
    throw new DirectoryChangeError(404, `No group '${key}' in the emulator's directory.`);
  }
  return group;
}

function updatePerson(
  directory: DirectoryStateData,
  id: string,
  change: (person: DirectoryStateData['people'][number]) => void,
): void {
  const person = directory.people.find((candidate) => candidate.id === id);
  if (person !== undefined) change(person);
}

/** Applies changes to the state; `afterChange` persists them (write-through, like requests). */
export function createDirectoryController(
  state: EmulatorState,
  ready: () => Promise<void>,
  afterChange: () => Promise<void>,
): DirectoryController {
  async function change(apply: (directory: DirectoryStateData) => void): Promise<void> {
    await ready();
    // Changes are made to a copy, kept only when the whole change is valid.
    const draft =
      state.data.directory === null ? copyOf(state) : structuredClone(state.data.directory);
    apply(draft);
    state.data.directory = draft;
    await afterChange();
  }

  return {
    setManager: (personId, managerId) =>
      change((directory) => {
        const person = personIn(directory, personId);
        const manager = managerId === null ? null : personIn(directory, managerId);
        if (manager?.id === person.id) {
          throw new DirectoryChangeError(400, `${person.displayName} cannot be their own manager.`);
        }
        updatePerson(directory, person.id, (entry) => {
          entry.managerId = manager?.id ?? null;
        });
      }),

    setDepartment: (personId, department) =>
      change((directory) => {
        const person = personIn(directory, personId);
        updatePerson(directory, person.id, (entry) => {
          entry.department = department;
        });
      }),

    addToGroup: (groupId, personId) =>
      change((directory) => {
        const group = groupIn(directory, groupId);
        const person = personIn(directory, personId);
        const entry = directory.groups.find((candidate) => candidate.id === group.id);
        if (entry !== undefined && !entry.memberIds.includes(person.id)) {
          entry.memberIds.push(person.id);
        }
      }),

    removeFromGroup: (groupId, personId) =>
      change((directory) => {
        const group = groupIn(directory, groupId);
        const person = personIn(directory, personId);
        const entry = directory.groups.find((candidate) => candidate.id === group.id);
        if (entry !== undefined) {
          entry.memberIds = entry.memberIds.filter((id) => id !== person.id);
        }
      }),

    disablePerson: (personId) =>
      change((directory) => {
        const person = personIn(directory, personId);
        updatePerson(directory, person.id, (entry) => {
          entry.accountEnabled = false;
        });
      }),

    enablePerson: (personId) =>
      change((directory) => {
        const person = personIn(directory, personId);
        updatePerson(directory, person.id, (entry) => {
          entry.accountEnabled = true;
        });
      }),

    deletePerson: (personId) =>
      change((directory) => {
        const person = personIn(directory, personId);
        // The site's user list keeps what it knew of them (SharePoint keeps deleted users).
        refreshRememberedUser(state, person);
        directory.people = directory.people.filter((candidate) => candidate.id !== person.id);
        for (const entry of directory.people) {
          if (entry.managerId === person.id) entry.managerId = null;
        }
        for (const group of directory.groups) {
          group.memberIds = group.memberIds.filter((id) => id !== person.id);
          group.ownerIds = group.ownerIds.filter((id) => id !== person.id);
        }
      }),
  };
}

/** The configured directory as the state's own, mutable copy. */
function copyOf(state: EmulatorState): DirectoryStateData {
  return {
    people: state.directory.people.map((person) => ({
      ...person,
      accountEnabled: person.accountEnabled ?? true,
    })),
    groups: state.directory.groups.map((group) => ({
      ...group,
      memberIds: [...group.memberIds],
      ownerIds: [...group.ownerIds],
    })),
  };
}
