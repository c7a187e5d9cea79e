/**
 * The emulator's own endpoints under `/_emulator/`: they stand in for Entra ID sign-in in the
 * workbench and in tests. Not part of Graph.
 */
import { z } from 'zod';
import { findPerson } from './directory-data.ts';
import type { ControlRoute, RequestContext } from './emulator-context.ts';
import { badRequest, jsonResponse } from './graph-response.ts';
import { route } from './router.ts';

const tokenRequestSchema = z.object({ userId: z.string().trim().min(1) });

async function issueToken(context: RequestContext): Promise<Response> {
  let body: unknown;
  try {
    body = await context.request.json();
  } catch {
    throw badRequest('The request body must be JSON: { "userId": "<id or userPrincipalName>" }.');
  }
  const parsed = tokenRequestSchema.safeParse(body);
  if (!parsed.success) {
    throw badRequest('The request body must be JSON: { "userId": "<id or userPrincipalName>" }.');
  }
  const user = findPerson(parsed.data.userId, context.state.directory);
  if (user === undefined) throw badRequest(`Unknown user '${parsed.data.userId}'.`, 'UnknownUser');
  const issued = await context.tokens.issue(user);
  return jsonResponse(context.meta, 200, {
    token_type: 'Bearer',
    access_token: issued.accessToken,
    expires_in: issued.expiresIn,
  });
}

function listIdentities(context: RequestContext): Response {
  return jsonResponse(context.meta, 200, {
    value: context.state.directory.people.map((person) => ({
      id: person.id,
      displayName: person.displayName,
      jobTitle: person.jobTitle,
      department: person.department,
      mail: person.mail,
    })),
  });
}

export function createControlRoutes(): readonly ControlRoute[] {
  return [route('POST', '/token', issueToken), route('GET', '/identities', listIdentities)];
}
