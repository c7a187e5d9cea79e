/**
 * The emulator's own endpoints under `/_emulator/`: sign-in for the workbench and tests, and the
 * switches end-to-end tests need (faults, outbox, reset). Not part of Graph; never faulted.
 */
import { z } from 'zod';
import { findPerson } from './directory-data.ts';
import type { RequestContext } from './emulator-context.ts';
import { type FaultController, faultSettingsSchema } from './faults.ts';
import { badRequest, jsonResponse, type JsonValue } from './graph-response.ts';
import { readBody } from './request-body.ts';
import { type Route, route } from './router.ts';

export interface EmulatorControls {
  readonly faults: FaultController;
  reset(): Promise<void>;
}

export interface ControlContext extends RequestContext {
  readonly controls: EmulatorControls;
}

export type ControlRoute = Route<ControlContext>;

const tokenRequestSchema = z.object({ userId: z.string().trim().min(1) });

async function issueToken(context: ControlContext): Promise<Response> {
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

function listIdentities(context: ControlContext): Response {
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

function faultState(context: ControlContext): Response {
  const settings = context.controls.faults.settings();
  const counters = context.controls.faults.counters();
  const body: Record<string, JsonValue> = {
    settings:
      settings === null
        ? null
        : {
            rate: settings.rate,
            kinds: [...settings.kinds],
            retryAfterSeconds: settings.retryAfterSeconds,
            latencyMs: settings.latencyMs,
            seed: settings.seed,
            methods: settings.methods === undefined ? null : [...settings.methods],
            pathPattern: settings.pathPattern ?? null,
            maxFaults: settings.maxFaults ?? null,
          },
    counters: {
      eligible: counters.eligible,
      injected: { ...counters.injected },
      total: counters.total,
    },
  };
  return jsonResponse(context.meta, 200, body);
}

async function configureFaults(context: ControlContext): Promise<Response> {
  const input = await readBody(context.request, faultSettingsSchema, (message) =>
    badRequest(message),
  );
  if (input.pathPattern !== undefined) {
    try {
      new RegExp(input.pathPattern);
    } catch {
      throw badRequest(`pathPattern '${input.pathPattern}' is not a valid regular expression.`);
    }
  }
  context.controls.faults.configure(input);
  return faultState(context);
}

function noContent(context: ControlContext): Response {
  return new Response(null, { status: 204, headers: { 'request-id': context.meta.requestId } });
}

export function createControlRoutes(): readonly ControlRoute[] {
  return [
    route('POST', '/token', issueToken),
    route('GET', '/identities', listIdentities),
    route('GET', '/faults', faultState),
    route('POST', '/faults', configureFaults),
    route('DELETE', '/faults', (context) => {
      context.controls.faults.clear();
      if (context.url.searchParams.get('counters') === 'reset')
        context.controls.faults.resetCounters();
      return noContent(context);
    }),
    route('GET', '/outbox', (context) =>
      jsonResponse(context.meta, 200, { value: context.state.data.mail.outbox }),
    ),
    route('GET', '/undeliverable', (context) =>
      jsonResponse(context.meta, 200, { value: context.state.data.mail.undeliverable }),
    ),
    route('POST', '/reset', async (context) => {
      await context.controls.reset();
      return noContent(context);
    }),
  ];
}
