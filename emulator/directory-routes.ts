/**
 * Graph's directory surface: users, me, manager, directReports, memberOf, group members.
 *
 * With the fault controller's `directoryObjects: 'mixed'`, relationships also hold the other
 * object types Graph returns there (user resource: manager and directReports are
 * `directoryObject`s, users or org contacts; memberOf holds groups, directory roles and
 * administrative units; a group's members can be users, groups, devices, service principals and
 * org contacts).
 */
import {
  type DirectoryPerson,
  directReportsOf,
  findGroup,
  findPerson,
  groupsOf,
} from './directory-data.ts';
import type { GraphContext, GraphRoute } from './emulator-context.ts';
import { groupEntity, userEntity } from './graph-entities.ts';
import { type JsonObject, jsonResponse, resourceNotFound } from './graph-response.ts';
import { collectionResponse, entityResponse } from './odata-query.ts';
import { route } from './router.ts';

function userParam(
  context: GraphContext,
  params: Readonly<Record<string, string>>,
): DirectoryPerson {
  const key = params['user'] ?? '';
  const user = findPerson(key, context.state.directory);
  if (user === undefined) throw resourceNotFound(key);
  return user;
}

function userResponse(context: GraphContext, user: DirectoryPerson): Response {
  return entityResponse(context, userEntity, user, {
    contextPath: 'users',
    includeODataType: false,
  });
}

// Fixed, made-up ids: the objects are the same in every run.
export const otherDirectoryObjects = {
  orgContact: {
    '@odata.type': '#microsoft.graph.orgContact',
    id: '0c0c0c0c-0000-4000-8000-00000000c001',
    displayName: 'Ekstern konsulent',
    mail: 'konsulent@partner.example',
    jobTitle: 'Konsulent',
    department: null,
  },
  device: {
    '@odata.type': '#microsoft.graph.device',
    id: '0c0c0c0c-0000-4000-8000-00000000d001',
    displayName: 'BODO-PC-0042',
    accountEnabled: true,
  },
  servicePrincipal: {
    '@odata.type': '#microsoft.graph.servicePrincipal',
    id: '0c0c0c0c-0000-4000-8000-00000000e001',
    displayName: 'Elements integrasjon',
    appId: '0c0c0c0c-0000-4000-8000-00000000e0a1',
  },
  nestedGroup: {
    '@odata.type': '#microsoft.graph.group',
    id: '0c0c0c0c-0000-4000-8000-00000000f001',
    displayName: 'Tom undergruppe',
    mail: null,
  },
  directoryRole: {
    '@odata.type': '#microsoft.graph.directoryRole',
    id: '0c0c0c0c-0000-4000-8000-00000000a001',
    displayName: 'Global Reader',
    description: 'Can read everything that a Global Administrator can, but not update anything.',
  },
  administrativeUnit: {
    '@odata.type': '#microsoft.graph.administrativeUnit',
    id: '0c0c0c0c-0000-4000-8000-00000000b001',
    displayName: 'Bodø kommune',
    description: null,
  },
} as const satisfies Readonly<Record<string, JsonObject>>;

function mixed(context: GraphContext, objects: readonly JsonObject[]): readonly JsonObject[] {
  return context.state.faults.mixedDirectoryObjects() ? objects : [];
}

function managerResponse(context: GraphContext, user: DirectoryPerson): Response {
  const manager =
    user.managerId === null ? undefined : findPerson(user.managerId, context.state.directory);
  if (manager === undefined) {
    // The top of the organisation: in a mixed directory its "manager" is an org contact.
    const [contact] = mixed(context, [otherDirectoryObjects.orgContact]);
    if (contact !== undefined) {
      return entityResponseOf(context, contact);
    }
    throw resourceNotFound('manager');
  }
  return entityResponse(context, userEntity, manager, {
    contextPath: 'directoryObjects',
    includeODataType: true,
  });
}

function directReportsResponse(context: GraphContext, user: DirectoryPerson): Response {
  const reports = directReportsOf(user.id, context.state.directory);
  return collectionResponse(context, userEntity, reports, {
    contextPath: 'directoryObjects',
    includeODataType: true,
    others: reports.length === 0 ? [] : mixed(context, [otherDirectoryObjects.orgContact]),
  });
}

/** A single directory object of another type, as `/manager` answers it. */
function entityResponseOf(context: GraphContext, object: JsonObject): Response {
  return jsonResponse(context.meta, 200, {
    '@odata.context': `${context.graphBase}/$metadata#directoryObjects/$entity`,
    ...object,
  });
}

// The demo directory has no nested groups, so transitiveMemberOf equals memberOf.
function memberOfResponse(context: GraphContext, user: DirectoryPerson): Response {
  return collectionResponse(context, groupEntity, groupsOf(user.id, context.state.directory), {
    contextPath: 'directoryObjects',
    includeODataType: true,
    others: mixed(context, [
      otherDirectoryObjects.directoryRole,
      otherDirectoryObjects.administrativeUnit,
    ]),
  });
}

// The demo directory has no nested groups, so transitiveMembers equals members (people only).
function groupMembersResponse(
  context: GraphContext,
  params: Readonly<Record<string, string>>,
): Response {
  const key = params['group'] ?? '';
  const group = findGroup(key, context.state.directory);
  if (group === undefined) throw resourceNotFound(key);
  const members = group.memberIds
    .map((id) => findPerson(id, context.state.directory))
    .filter((person): person is DirectoryPerson => person !== undefined);
  // The nested group is empty, so transitiveMembers still adds no people.
  return collectionResponse(context, userEntity, members, {
    contextPath: 'directoryObjects',
    includeODataType: true,
    others: mixed(context, [
      otherDirectoryObjects.nestedGroup,
      otherDirectoryObjects.orgContact,
      otherDirectoryObjects.device,
      otherDirectoryObjects.servicePrincipal,
    ]),
  });
}

/** Routes for each `/me/...` relationship and its `/users/{id | userPrincipalName}/...` twin. */
function meAndUserRoutes(
  relationship: string,
  respond: (context: GraphContext, user: DirectoryPerson) => Response,
): readonly GraphRoute[] {
  return [
    route('GET', `/me/${relationship}`, (context) => respond(context, context.caller)),
    route('GET', `/users/:user/${relationship}`, (context, params) =>
      respond(context, userParam(context, params)),
    ),
  ];
}

export function createDirectoryRoutes(): readonly GraphRoute[] {
  return [
    route('GET', '/me', (context) => userResponse(context, context.caller)),
    route('GET', '/users', (context) =>
      collectionResponse(context, userEntity, context.state.directory.people, {
        contextPath: 'users',
        includeODataType: false,
      }),
    ),
    route('GET', '/users/:user', (context, params) =>
      userResponse(context, userParam(context, params)),
    ),
    ...meAndUserRoutes('manager', managerResponse),
    ...meAndUserRoutes('directReports', directReportsResponse),
    ...meAndUserRoutes('memberOf', memberOfResponse),
    ...meAndUserRoutes('transitiveMemberOf', memberOfResponse),
    route('GET', '/groups/:group/members', groupMembersResponse),
    route('GET', '/groups/:group/transitiveMembers', groupMembersResponse),
  ];
}
