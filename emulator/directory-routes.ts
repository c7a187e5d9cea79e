/** Graph's directory surface: users, me, manager, directReports, memberOf, group members. */
import {
  type DirectoryPerson,
  directReportsOf,
  findGroup,
  findPerson,
  groupsOf,
} from './directory-data.ts';
import type { GraphContext, GraphRoute } from './emulator-context.ts';
import { groupEntity, userEntity } from './graph-entities.ts';
import { resourceNotFound } from './graph-response.ts';
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

function managerResponse(context: GraphContext, user: DirectoryPerson): Response {
  const manager =
    user.managerId === null ? undefined : findPerson(user.managerId, context.state.directory);
  if (manager === undefined) throw resourceNotFound('manager');
  return entityResponse(context, userEntity, manager, {
    contextPath: 'directoryObjects',
    includeODataType: true,
  });
}

function directReportsResponse(context: GraphContext, user: DirectoryPerson): Response {
  return collectionResponse(
    context,
    userEntity,
    directReportsOf(user.id, context.state.directory),
    {
      contextPath: 'directoryObjects',
      includeODataType: true,
    },
  );
}

// The demo directory has no nested groups, so transitiveMemberOf equals memberOf.
function memberOfResponse(context: GraphContext, user: DirectoryPerson): Response {
  return collectionResponse(context, groupEntity, groupsOf(user.id, context.state.directory), {
    contextPath: 'directoryObjects',
    includeODataType: true,
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
  return collectionResponse(context, userEntity, members, {
    contextPath: 'directoryObjects',
    includeODataType: true,
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
