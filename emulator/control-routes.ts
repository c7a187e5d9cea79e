/**
 * The emulator's own endpoints under `/_emulator/`: sign-in for the workbench and tests, and the
 * switches end-to-end tests need (faults, mail limits, outbox, sent log, directory changes,
 * reset). Not part of Graph; never faulted.
 */
import { z } from 'zod';
import { DirectoryChangeError, type DirectoryController } from './directory-changes.ts';
import { findGroup, findPerson } from './directory-data.ts';
import type { RequestContext } from './emulator-context.ts';
import type { OutboundMailData, SentMailData } from './emulator-data.ts';
import { type FaultController, faultSettingsSchema } from './faults.ts';
import { badRequest, GraphError, jsonResponse, type JsonValue } from './graph-response.ts';
import { releaseDueMail } from './mail-delivery.ts';
import { type MailLimits, mailLimitsInputSchema, SUBMISSION_WINDOW_MS } from './mail-limits.ts';
import { grantFor } from './oauth-scopes.ts';
import { readBody } from './request-body.ts';
import { type Route, route } from './router.ts';

export interface EmulatorControls {
  readonly faults: FaultController;
  readonly directory: DirectoryController;
  reset(): Promise<void>;
}

export interface ControlContext extends RequestContext {
  readonly controls: EmulatorControls;
}

export type ControlRoute = Route<ControlContext>;

const tokenRequestSchema = z.object({
  userId: z.string().trim().min(1),
  /** Delegated scopes, as MSAL asks for them (oauth-scopes.ts); none: Graph's `.default`. */
  scopes: z.array(z.string().max(200)).max(50).optional(),
  /**
   * `app` (default): the Elements tilgang registration signs in, bound by its scopes. `any`:
   * some other client with every consent (an administrator's tool), for tests and scripts.
   */
  client: z.enum(['app', 'any']).optional(),
});

const tokenRequestHelp =
  'The request body must be JSON: { "userId": "<id or userPrincipalName>", "scopes"?: ["User.Read", …], "client"?: "app" | "any" }.';

async function issueToken(context: ControlContext): Promise<Response> {
  let body: unknown;
  try {
    body = await context.request.json();
  } catch {
    throw badRequest(tokenRequestHelp);
  }
  const parsed = tokenRequestSchema.safeParse(body);
  if (!parsed.success) {
    throw badRequest(tokenRequestHelp);
  }
  const user = findPerson(parsed.data.userId, context.state.directory);
  if (user === undefined) throw badRequest(`Unknown user '${parsed.data.userId}'.`, 'UnknownUser');
  // Entra refuses to sign in a disabled account: AADSTS50057 "The user account is disabled"
  // (https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes).
  if (user.accountEnabled === false) {
    throw badRequest(
      `AADSTS50057: The user account is disabled. The user object in Active Directory representing this account ('${parsed.data.userId}') has been disabled.`,
      'UserDisabled',
    );
  }
  // The app's own sign-in: only what its registration has (Entra ID would ask for consent).
  const grant = grantFor(parsed.data.scopes, {
    sharePointAudience: `https://${context.state.config.site.hostname}`,
    registered: parsed.data.client === 'any' ? null : context.state.config.appScopes,
  });
  if (!grant.ok) {
    // Entra's token endpoint errors are OAuth's `{ error, error_description }`, status 400.
    return new Response(
      JSON.stringify({ error: grant.error, error_description: grant.description }),
      { status: 400, headers: { 'content-type': 'application/json; charset=utf-8' } },
    );
  }
  const issued = await context.tokens.issue(user, grant.grant);
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
      accountEnabled: person.accountEnabled !== false,
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
            retryAfter429: settings.retryAfter429,
            retryAfter503: settings.retryAfter503,
            latencyMs: settings.latencyMs,
            seed: settings.seed,
            methods: settings.methods === undefined ? null : [...settings.methods],
            pathPattern: settings.pathPattern ?? null,
            maxFaults: settings.maxFaults ?? null,
            uniqueConflict: settings.uniqueConflict,
            batchOrder: settings.batchOrder,
            paging: settings.paging,
            directoryObjects: settings.directoryObjects,
          },
    counters: {
      eligible: counters.eligible,
      injected: { ...counters.injected },
      total: counters.total,
      variants: { ...counters.variants },
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

function mailLimitsJson(context: ControlContext, limits: MailLimits): Response {
  releaseDueMail(context.state, context.now());
  return jsonResponse(context.meta, 200, {
    ...limits,
    windowSeconds: SUBMISSION_WINDOW_MS / 1000,
    /** Copies accepted and not yet in their mailboxes (mail-delivery.ts). */
    pending: context.state.data.mail.pending.length,
    defaults: { ...context.state.mailLimits.defaults() },
  });
}

async function configureMailLimits(context: ControlContext): Promise<Response> {
  const input = await readBody(context.request, mailLimitsInputSchema, (message) =>
    badRequest(message),
  );
  return mailLimitsJson(context, context.state.mailLimits.configure(input));
}

/**
 * `?header=<name>` (case-insensitive; with `&headerValue=` also its value), `?internetMessageId=`,
 * `?sender=<directory id or address>`: the filters of the mail logs, all optional, combined.
 */
function mailLogFilter(url: URL): (mail: OutboundMailData & { senderId?: string }) => boolean {
  const header = url.searchParams.get('header')?.toLowerCase() ?? null;
  const headerValue = url.searchParams.get('headerValue');
  const internetMessageId = url.searchParams.get('internetMessageId');
  const sender = url.searchParams.get('sender')?.toLowerCase() ?? null;
  return (mail) =>
    (internetMessageId === null || mail.internetMessageId === internetMessageId) &&
    (sender === null ||
      mail.senderId?.toLowerCase() === sender ||
      mail.from.address.toLowerCase() === sender) &&
    ((header === null && headerValue === null) ||
      mail.internetMessageHeaders.some(
        (candidate) =>
          (header === null || candidate.name.toLowerCase() === header) &&
          (headerValue === null || candidate.value === headerValue),
      ));
}

function addresses(recipients: SentMailData['toRecipients']): JsonValue {
  return recipients.map((recipient) => recipient.emailAddress.address);
}

function sentMailJson(mail: SentMailData): JsonValue {
  return {
    id: mail.id,
    internetMessageId: mail.internetMessageId,
    conversationId: mail.conversationId,
    senderId: mail.senderId,
    from: mail.from.address,
    to: addresses(mail.toRecipients),
    cc: addresses(mail.ccRecipients),
    bcc: addresses(mail.bccRecipients),
    subject: mail.subject,
    body: { ...mail.body },
    sentDateTime: mail.sentDateTime,
    submittedAt: mail.submittedAt,
    headers: mail.internetMessageHeaders.map((header) => ({ ...header })),
    inReplyTo: mail.inReplyTo,
    via: mail.via,
    saveToSentItems: mail.saveToSentItems,
  };
}

const personKey = z.string().trim().min(1, 'a person id or userPrincipalName is required');
const groupKey = z.string().trim().min(1, 'a group id is required');

/** `POST /_emulator/directory`: one change to the directory (directory-changes.ts). */
const directoryChangeSchema = z.discriminatedUnion(
  'op',
  [
    z.strictObject({
      op: z.literal('set-manager'),
      personId: personKey,
      managerId: personKey.nullable(),
    }),
    z.strictObject({
      op: z.literal('set-department'),
      personId: personKey,
      department: z.string().trim().max(64),
    }),
    z.strictObject({ op: z.literal('add-to-group'), groupId: groupKey, personId: personKey }),
    z.strictObject({ op: z.literal('remove-from-group'), groupId: groupKey, personId: personKey }),
    z.strictObject({ op: z.literal('disable'), personId: personKey }),
    z.strictObject({ op: z.literal('enable'), personId: personKey }),
    z.strictObject({ op: z.literal('delete'), personId: personKey }),
  ],
  {
    error: () =>
      "'op' must be one of set-manager, set-department, add-to-group, remove-from-group, disable, enable, delete.",
  },
);

function directoryPersonJson(context: ControlContext, key: string): JsonValue {
  const person = findPerson(key, context.state.directory);
  return person === undefined
    ? null
    : {
        id: person.id,
        displayName: person.displayName,
        department: person.department,
        managerId: person.managerId,
        accountEnabled: person.accountEnabled !== false,
      };
}

async function changeDirectory(context: ControlContext): Promise<Response> {
  const input = await readBody(context.request, directoryChangeSchema, (message) =>
    badRequest(`Invalid directory change: ${message}`),
  );
  const directory = context.controls.directory;
  try {
    switch (input.op) {
      case 'set-manager':
        await directory.setManager(input.personId, input.managerId);
        break;
      case 'set-department':
        await directory.setDepartment(input.personId, input.department);
        break;
      case 'add-to-group':
        await directory.addToGroup(input.groupId, input.personId);
        break;
      case 'remove-from-group':
        await directory.removeFromGroup(input.groupId, input.personId);
        break;
      case 'disable':
        await directory.disablePerson(input.personId);
        break;
      case 'enable':
        await directory.enablePerson(input.personId);
        break;
      case 'delete':
        await directory.deletePerson(input.personId);
        return noContent(context);
    }
  } catch (error) {
    if (error instanceof DirectoryChangeError) {
      throw error.status === 404
        ? new GraphError(404, 'Request_ResourceNotFound', error.message)
        : badRequest(error.message);
    }
    throw error;
  }
  if (input.op === 'add-to-group' || input.op === 'remove-from-group') {
    const group = findGroup(input.groupId, context.state.directory);
    return jsonResponse(context.meta, 200, {
      op: input.op,
      group:
        group === undefined
          ? null
          : { id: group.id, displayName: group.displayName, memberIds: [...group.memberIds] },
    });
  }
  return jsonResponse(context.meta, 200, {
    op: input.op,
    person: directoryPersonJson(context, input.personId),
  });
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
    route('GET', '/mail-limits', (context) =>
      mailLimitsJson(context, context.state.mailLimits.settings()),
    ),
    route('PUT', '/mail-limits', configureMailLimits),
    route('DELETE', '/mail-limits', (context) =>
      mailLimitsJson(context, context.state.mailLimits.restoreDefaults()),
    ),
    route('GET', '/mail/sent', (context) =>
      jsonResponse(context.meta, 200, {
        value: context.state.data.mail.sent.filter(mailLogFilter(context.url)).map(sentMailJson),
      }),
    ),
    route('GET', '/outbox', (context) =>
      jsonResponse(context.meta, 200, {
        value: context.state.data.mail.outbox.filter(mailLogFilter(context.url)),
      }),
    ),
    route('GET', '/undeliverable', (context) =>
      jsonResponse(context.meta, 200, {
        value: context.state.data.mail.undeliverable.filter(mailLogFilter(context.url)),
      }),
    ),
    route('POST', '/directory', changeDirectory),
    route('POST', '/reset', async (context) => {
      await context.controls.reset();
      return noContent(context);
    }),
  ];
}
