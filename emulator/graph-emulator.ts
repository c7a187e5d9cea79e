/**
 * The local Microsoft 365 emulator: a faithful subset of Microsoft Graph v1.0 (and the bit of
 * SharePoint's REST API that provisioning needs) as a Fetch-API function. Paths are matched on
 * the URL's pathname whatever the host, so it serves `http://localhost:5173/graph/v1.0/me` behind
 * the dev server as well as any origin under msw:
 *
 * - `/graph/v1.0/...` (or `/v1.0/...`): Graph, with `Authorization: Bearer <emulator token>`;
 * - `<site path>/_api/...` (default `/sites/dokumentsenteret/_api/...`): SharePoint REST, same token;
 * - `/_emulator/...`: the emulator's stand-in for signing in, and test controls.
 *
 * Runtime-neutral (Fetch API, Web Crypto, timers); persistence goes through an injected
 * {@link EmulatorStorage} (file-storage.ts for Node).
 */
import { base64UrlToBytes } from './base64url.ts';
import { runBatch, type SubResult } from './batch.ts';
import {
  type ControlContext,
  createControlRoutes,
  type EmulatorControls,
} from './control-routes.ts';
import {
  type DirectoryData,
  type DirectoryPerson,
  demoDirectory,
  findPerson,
} from './directory-data.ts';
import { createDirectoryController, type DirectoryController } from './directory-changes.ts';
import { createDirectoryRoutes } from './directory-routes.ts';
import {
  type ChannelOptions,
  type SharedMailboxConfig,
  createEmulatorConfig,
  type SiteOptions,
  type TeamConfig,
} from './emulator-config.ts';
import type { EmulatorState, GraphContext } from './emulator-context.ts';
import {
  createFreshData,
  type EmulatorData,
  type OutboundMailData,
  parseSnapshot,
  type SentMailData,
} from './emulator-data.ts';
import type { EmulatorStorage } from './emulator-storage.ts';
import { createTokenService, newTokenKey, type TokenService } from './emulator-token.ts';
import {
  createFaultController,
  type FaultController,
  type FaultSettingsInput,
  sleep,
} from './faults.ts';
import { badRequest, errorResponse, GraphError, type ResponseMeta } from './graph-response.ts';
import {
  createMailLimits,
  type MailLimitsController,
  type MailLimitsInput,
} from './mail-limits.ts';
import { createMailRoutes } from './mail-routes.ts';
import { GRAPH_AUDIENCE, grantFor, hasAnyScope } from './oauth-scopes.ts';
import {
  insufficientScope,
  permissionFor,
  requiredScopes,
  sharePointRestScopes,
} from './route-scopes.ts';
import { createRouter, type Router } from './router.ts';
import { createSharePointGraphRoutes, normaliseSiteSegments } from './sharepoint-graph.ts';
import { createSharePointItemRoutes } from './sharepoint-items.ts';
import { backfillRememberedUsers } from './sharepoint-permissions.ts';
import { handleSharePointRest, sharePointErrorResponse } from './sharepoint-rest.ts';
import { createTeamsRoutes } from './teams-routes.ts';

export interface GraphEmulatorOptions {
  /**
   * The emulator's clock (token lifetimes, timestamps, the per-minute sending window). Defaults
   * to the system clock; `createManualClock()` (emulator-clock.ts) gives one a test moves.
   */
  readonly now?: () => Date;
  /**
   * The directory to serve. Defaults to the Bodø kommune demo directory. Changes made through
   * `emulator.directory` (or `POST /_emulator/directory`) are kept in the state and persisted;
   * `reset` brings this one back.
   */
  readonly directory?: DirectoryData;
  /** The tenant id in "everyone" claims and Teams identities; default the demo tenant. */
  readonly tenantId?: string;
  /**
   * The delegated Graph scopes of the app registration `/_emulator/token` signs in for
   * (default `APP_REGISTRATION_SCOPES`, oauth-scopes.ts); other scopes are refused there.
   * `issueToken` is not bound by it.
   */
  readonly appScopes?: readonly string[];
  /** The one SharePoint site (default `bodokommune.sharepoint.example/sites/dokumentsenteret`). */
  readonly site?: SiteOptions;
  /** Extra Teams channels (default: Forespørsler in the Dokumentsenteret team). */
  readonly channels?: readonly ChannelOptions[];
  /** Shared mailboxes (default: Dokumentsenteret's, for the Systemansvarlig group). */
  readonly sharedMailboxes?: readonly SharedMailboxConfig[];
  /** Where to persist state; without it the emulator lives in memory only. */
  readonly storage?: EmulatorStorage;
  /** Faults to inject from the start (the same as `faults.configure`). */
  readonly faults?: FaultSettingsInput;
  /**
   * Exchange's sending limit: `messagesPerMinute` per mailbox (default 30, Exchange Online's;
   * `null`: off). Changeable at run time with `mailLimits.configure` or
   * `PUT /_emulator/mail-limits`; these options are what `DELETE` restores.
   */
  readonly mailLimits?: MailLimitsInput;
}

export interface EmulatedSite {
  /** Graph's site id, `hostname,siteCollectionId,webId`. */
  readonly id: string;
  readonly hostname: string;
  /** Server-relative path, e.g. `/sites/dokumentsenteret`. */
  readonly path: string;
  /** `https://hostname/sites/...`: SharePoint REST lives at `${url}/_api`. */
  readonly url: string;
  readonly displayName: string;
  /** Site collection administrators (directory ids). */
  readonly ownerIds: readonly string[];
}

export interface GraphEmulator {
  handle(request: Request): Promise<Response>;
  /** `handle` as a `fetch`: a dropped connection rejects with a TypeError, as fetch does. */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /** A bearer token for a user (id or userPrincipalName), as `POST /_emulator/token` gives. */
  issueToken(
    userIdOrUserPrincipalName: string,
    options?: { readonly scopes?: readonly string[] },
  ): Promise<string>;
  /** Whether a request path is the emulator's (Graph, SharePoint REST or control). */
  servesPath(pathname: string): boolean;
  readonly site: EmulatedSite;
  readonly teams: readonly TeamConfig[];
  readonly faults: FaultController;
  /** Exchange's per-mailbox sending limit, changeable at run time. */
  readonly mailLimits: MailLimitsController;
  /**
   * Directory changes for tests and the workbench (managers, departments, groups, disabled and
   * deleted accounts); persisted with the state. Unknown people or groups reject with a
   * `DirectoryChangeError` (status 404).
   */
  readonly directory: DirectoryController;
  /** Every send the emulator accepted (sendMail and replies), oldest first. */
  sentMail(): readonly SentMailData[];
  /** Mail that left the tenant (recipients outside its domain), oldest first. */
  externalMail(): readonly OutboundMailData[];
  /** Mail to addresses in the tenant's domain that nobody has (Exchange would send an NDR). */
  undeliverableMail(): readonly OutboundMailData[];
  /** Resolves when a persisted state has been loaded. */
  ready(): Promise<void>;
  /** Resolves when every change so far is in storage. */
  flush(): Promise<void>;
  /** Starts clean: new empty state and signing key; the stored state is deleted. */
  reset(): Promise<void>;
}

export const GRAPH_VERSION = 'v1.0';

const wwwAuthenticate =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';

function unauthorized(message: string): GraphError {
  return new GraphError(401, 'InvalidAuthenticationToken', message, {
    'www-authenticate': wwwAuthenticate,
  });
}

/**
 * The answer to a token whose account was disabled after it was issued. Continuous access
 * evaluation makes Microsoft 365 refuse it on the critical event "User account deleted or
 * disabled" with 401 and a claims challenge (`error="insufficient_claims"`, `claims=` base64 of
 * `{"access_token":{"nbf":{"essential":true,"value":"<time>"}}}`) ("Continuous access
 * evaluation",
 * https://learn.microsoft.com/en-us/entra/identity/conditional-access/concept-continuous-access-evaluation;
 * "How to use Continuous Access Evaluation enabled APIs in your applications",
 * https://learn.microsoft.com/en-us/entra/identity-platform/app-resilience-continuous-access-evaluation).
 * The message Graph gives is not documented; this one is the form users report for revoked
 * sessions (Azure/azure-cli#26504).
 */
function accountDisabled(now: Date): GraphError {
  const claims = btoa(
    JSON.stringify({
      access_token: {
        nbf: { essential: true, value: String(Math.floor(now.getTime() / 1000)) },
      },
    }),
  );
  return new GraphError(
    401,
    'InvalidAuthenticationToken',
    'Continuous access evaluation resulted in challenge with result: InteractionRequired and code: TokenIssuedBeforeRevocationTimestamp',
    {
      'www-authenticate': `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000", error="insufficient_claims", claims="${claims}"`,
    },
  );
}

interface Authenticated {
  readonly caller: DirectoryPerson;
  /** The token's delegated scopes, space-separated. */
  readonly scp: string;
}

/**
 * A token for another resource is refused before anything else: Graph answers 401
 * `InvalidAuthenticationToken` "Access token validation failure. Invalid audience."
 * (https://learn.microsoft.com/en-us/graph/resolve-auth-errors).
 */
async function authenticate(
  request: Request,
  tokens: TokenService,
  state: EmulatorState,
  now: () => Date,
  audience: string,
): Promise<Authenticated> {
  const header = request.headers.get('authorization')?.trim() ?? '';
  if (header === '') throw unauthorized('Access token is empty.');
  const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (bearer === undefined)
    throw unauthorized('Access token validation failure. Expected a Bearer token.');
  const verification = await tokens.verify(bearer);
  if (!verification.ok) {
    switch (verification.reason) {
      case 'expired':
        throw unauthorized('Lifetime validation failed, the token is expired.');
      case 'signature':
        throw unauthorized('Access token validation failure. Invalid signature.');
      case 'malformed':
        throw unauthorized('Access token validation failure. The token is not well formed.');
    }
  }
  if (verification.claims.aud.toLowerCase() !== audience.toLowerCase()) {
    throw unauthorized('Access token validation failure. Invalid audience.');
  }
  const caller = findPerson(verification.claims.oid, state.directory);
  if (caller === undefined) {
    throw unauthorized('Access token validation failure. The signed-in user does not exist.');
  }
  if (caller.accountEnabled === false) throw accountDisabled(now());
  return { caller, scp: verification.claims.scp };
}

/**
 * SharePoint REST with a token lacking the scope: 403 as for any other refusal
 * (`System.UnauthorizedAccessException`), before the site's own permission check.
 */
function requireSharePointScope(
  request: Request,
  apiSegments: readonly string[],
  scp: string,
): void {
  const override = request.headers.get('x-http-method');
  const method = override ?? request.method;
  if (!hasAnyScope(scp, sharePointRestScopes(method, apiSegments))) {
    throw new GraphError(
      403,
      '-2147024891, System.UnauthorizedAccessException',
      'Access denied. You do not have permission to perform this action or access this resource.',
    );
  }
}

function pathSegments(pathname: string): readonly string[] {
  return pathname
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        throw badRequest(`Invalid URL segment '${segment}'.`);
      }
    });
}

async function dispatch<C>(
  router: Router<C>,
  context: C,
  method: string,
  segments: readonly string[],
  notFound: (segment: string) => GraphError,
  /** Throws when the caller may not call the matched route (its token's scopes). */
  authorize: (
    pattern: string,
    method: string,
    params: Readonly<Record<string, string>>,
  ) => void = () => undefined,
): Promise<Response> {
  const resolution = router.resolve(method, segments);
  switch (resolution.kind) {
    case 'matched':
      authorize(resolution.pattern, resolution.method, resolution.params);
      return resolution.handler(context, resolution.params);
    case 'method-not-allowed':
      throw new GraphError(
        405,
        'Request_BadRequest',
        'Specified HTTP method is not allowed for the request target.',
        { allow: resolution.allow.join(', ') },
      );
    case 'not-found':
      throw notFound(resolution.segment);
  }
}

function internalError(error: unknown): GraphError {
  const message = error instanceof Error ? error.message : String(error);
  return new GraphError(500, 'InternalServerError', `The emulator failed: ${message}`);
}

function newMeta(request: Request, now: () => Date): ResponseMeta {
  const requestId = crypto.randomUUID();
  return {
    requestId,
    clientRequestId: request.headers.get('client-request-id') ?? requestId,
    date: now(),
  };
}

function isMutating(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
}

type Surface = 'graph' | 'sharepoint';

export function createGraphEmulator(options: GraphEmulatorOptions = {}): GraphEmulator {
  const now = options.now ?? (() => new Date());
  const directory = options.directory ?? demoDirectory;
  const config = createEmulatorConfig(directory, options);
  const faults = createFaultController(options.faults);
  const state: EmulatorState = {
    // The state's own copy once something changed it (persisted), else the configured one.
    get directory(): DirectoryData {
      return state.data.directory ?? directory;
    },
    config,
    mailLimits: createMailLimits(options.mailLimits),
    faults,
    data: createFreshData(config, now(), directory),
  };
  const tokenServiceFor = (data: EmulatorData): TokenService =>
    createTokenService(now, base64UrlToBytes(data.tokenKey) ?? newTokenKey());
  let tokens = tokenServiceFor(state.data);
  const storage = options.storage ?? null;
  const sitePath = pathSegments(config.site.path).map((segment) => segment.toLowerCase());
  const sharePointAudience = `https://${config.site.hostname}`;

  const graphRouter = createRouter<GraphContext>([
    ...createDirectoryRoutes(),
    ...createSharePointGraphRoutes(),
    ...createSharePointItemRoutes(),
    ...createMailRoutes(),
    ...createTeamsRoutes(),
  ]);
  const controlRouter = createRouter<ControlContext>(createControlRoutes());

  // --- persistence: every change is saved before its response is sent ----------------------
  let loadError: string | null = null;
  let saveChain: Promise<void> = Promise.resolve();
  let queuedSave: Promise<void> | null = null;

  async function load(): Promise<void> {
    if (storage === null) return;
    try {
      const text = await storage.load();
      if (text === null) return;
      const result = parseSnapshot(text, config);
      if (!result.ok) {
        loadError = result.reason;
        return;
      }
      state.data = result.data;
      backfillRememberedUsers(state);
      tokens = tokenServiceFor(state.data);
    } catch (error) {
      loadError = error instanceof Error ? error.message : String(error);
    }
  }
  const loaded = load();

  /** Coalesces: requests that change state while a save runs share the next save. */
  function persist(): Promise<void> {
    if (storage === null || loadError !== null) return Promise.resolve();
    if (queuedSave !== null) return queuedSave;
    const run = saveChain.then(async () => {
      queuedSave = null;
      await storage.save(JSON.stringify(state.data));
    });
    queuedSave = run;
    saveChain = run.catch(() => undefined);
    return run;
  }

  async function persistOrWarn(): Promise<void> {
    try {
      await persist();
    } catch (error) {
      console.error('The M365 emulator could not save its state:', error);
    }
  }

  async function reset(): Promise<void> {
    await loaded;
    state.data = createFreshData(config, now(), directory);
    tokens = tokenServiceFor(state.data);
    loadError = null;
    await saveChain;
    if (storage !== null) await storage.clear();
  }

  const directoryController = createDirectoryController(
    state,
    async () => {
      await loaded;
      if (loadError !== null) {
        throw new Error(`The emulator could not load its stored state: ${loadError}`);
      }
    },
    persistOrWarn,
  );

  const controls: EmulatorControls = { faults, reset, directory: directoryController };

  // --- faults -------------------------------------------------------------------------------

  function faultResponse(
    surface: Surface,
    meta: ResponseMeta,
    status: 429 | 503 | 502 | 504,
    url: URL,
  ): Response {
    if (status === 502) {
      // A gateway in front of Graph answers for it: an HTML page, not a Graph error body.
      return new Response(
        '<html><head><title>502 - Bad Gateway</title></head><body><h1>502 - Web server received an invalid response while acting as a gateway or proxy server.</h1></body></html>',
        {
          status: 502,
          headers: {
            'content-type': 'text/html',
            'request-id': meta.requestId,
            'client-request-id': meta.clientRequestId,
          },
        },
      );
    }
    const settings = faults.settings();
    const retryAfter = String(settings?.retryAfterSeconds ?? 1);
    const headers: Record<string, string> =
      (status === 429 || status === 503) && faults.retryAfterFor(status)
        ? { 'retry-after': retryAfter }
        : {};
    const onSites = /\/sites\//i.test(url.pathname);
    const error =
      status === 429
        ? new GraphError(
            429,
            surface === 'sharepoint'
              ? '-2147024860, Microsoft.SharePoint.SPRequestThrottledException'
              : onSites
                ? 'activityLimitReached'
                : 'TooManyRequests',
            'The request has been throttled. Retry after the time given in Retry-After.',
            headers,
          )
        : status === 503
          ? new GraphError(
              503,
              surface === 'sharepoint'
                ? '-2146232832, Microsoft.SharePoint.SPException'
                : onSites
                  ? 'serviceNotAvailable'
                  : 'ServiceNotAvailable',
              'The service is temporarily unavailable. Retry later.',
              headers,
            )
          : // 504 as Graph's gateway gives it: code UnknownError, an empty message.
            new GraphError(504, 'UnknownError', '');
    return surface === 'sharepoint' && status !== 504
      ? sharePointErrorResponse(meta, error)
      : errorResponse(meta, error);
  }

  async function withFaults(
    surface: Surface,
    request: Request,
    meta: ResponseMeta,
    perform: () => Promise<SubResult>,
  ): Promise<SubResult> {
    const url = new URL(request.url);
    const fault = faults.draw(request.method, url.pathname);
    switch (fault) {
      case '429':
      case '503':
      case '502':
        return {
          kind: 'response',
          response: faultResponse(
            surface,
            meta,
            fault === '429' ? 429 : fault === '503' ? 503 : 502,
            url,
          ),
        };
      case '504': {
        // The gateway gave up waiting; the service may still have done the work.
        const result = await perform();
        if (result.kind === 'response') await result.response.arrayBuffer();
        return { kind: 'response', response: faultResponse(surface, meta, 504, url) };
      }
      case 'latency':
        await sleep(faults.settings()?.latencyMs ?? 0);
        return perform();
      case 'drop-after-write': {
        // The server does the work; only the answer is lost.
        const result = await perform();
        if (result.kind === 'response') await result.response.arrayBuffer();
        return { kind: 'dropped' };
      }
      case null:
        return perform();
    }
  }

  // --- surfaces -----------------------------------------------------------------------------

  async function graphOutcome(
    request: Request,
    meta: ResponseMeta,
    inBatch: boolean,
  ): Promise<SubResult> {
    try {
      const url = new URL(request.url);
      const [first, ...rest] = pathSegments(url.pathname);
      // `/graph/v1.0/...` behind the dev server; `/v1.0/...` when msw stands in for graph.microsoft.com.
      const prefix = first === 'graph' ? '/graph' : '';
      const [version, ...graphPath] =
        first === 'graph' || first === undefined ? rest : [first, ...rest];
      if (version === undefined || (prefix === '' && version !== GRAPH_VERSION)) {
        throw new GraphError(
          404,
          'Request_ResourceNotFound',
          `No emulator resource at '${url.pathname}'.`,
        );
      }
      const { caller, scp } = await authenticate(request, tokens, state, now, GRAPH_AUDIENCE);
      if (version !== GRAPH_VERSION) throw badRequest(`Invalid version: ${version}`);
      const context: GraphContext = {
        request,
        url,
        meta,
        state,
        tokens,
        now,
        caller,
        graphBase: `${url.origin}${prefix}/${GRAPH_VERSION}`,
      };
      const path = normaliseSiteSegments(graphPath, config);
      if (path.length === 1 && path[0]?.toLowerCase() === '$batch') {
        if (inBatch) throw badRequest('A batch cannot contain another $batch request.');
        if (request.method.toUpperCase() !== 'POST') {
          throw new GraphError(
            405,
            'Request_BadRequest',
            'Specified HTTP method is not allowed for the request target.',
            { allow: 'POST' },
          );
        }
        const outcome = await runBatch({
          request,
          meta,
          graphRoot: context.graphBase,
          run: (sub) => {
            const subMeta = newMeta(sub, now);
            return withFaults('graph', sub, subMeta, () => graphOutcome(sub, subMeta, true));
          },
          orderResponses: (responses) => faults.orderBatch(responses),
        });
        return outcome.dropped
          ? { kind: 'dropped' }
          : { kind: 'response', response: outcome.response };
      }
      const response = await dispatch(
        graphRouter,
        context,
        request.method,
        path,
        (segment) => badRequest(`Resource not found for the segment '${segment}'.`),
        (pattern, method, params) => {
          const entry = permissionFor(method, pattern);
          // Every route has an entry (test/emulator/scopes.test.ts); none is a bug here.
          if (entry === undefined)
            throw internalError(`no permission entry for ${method} ${pattern}`);
          const needed = requiredScopes(entry, caller, params);
          if (!hasAnyScope(scp, needed)) throw insufficientScope(entry, needed);
        },
      );
      return { kind: 'response', response };
    } catch (error) {
      const graphError = error instanceof GraphError ? error : internalError(error);
      return { kind: 'response', response: errorResponse(meta, graphError) };
    }
  }

  async function sharePointOutcome(
    request: Request,
    meta: ResponseMeta,
    apiSegments: readonly string[],
  ): Promise<SubResult> {
    try {
      const url = new URL(request.url);
      const { caller, scp } = await authenticate(request, tokens, state, now, sharePointAudience);
      requireSharePointScope(request, apiSegments, scp);
      const context: GraphContext = {
        request,
        url,
        meta,
        state,
        tokens,
        now,
        caller,
        graphBase: `${url.origin}${config.site.path}/_api`,
      };
      return { kind: 'response', response: await handleSharePointRest(context, apiSegments) };
    } catch (error) {
      const spError = error instanceof GraphError ? error : internalError(error);
      return { kind: 'response', response: sharePointErrorResponse(meta, spError) };
    }
  }

  async function controlResponse(
    request: Request,
    meta: ResponseMeta,
    segments: readonly string[],
  ): Promise<Response> {
    try {
      const context: ControlContext = {
        request,
        url: new URL(request.url),
        meta,
        state,
        tokens,
        now,
        controls,
      };
      return await dispatch(
        controlRouter,
        context,
        request.method,
        segments,
        (segment) =>
          new GraphError(
            404,
            'Request_ResourceNotFound',
            `Unknown emulator endpoint '${segment}'.`,
          ),
      );
    } catch (error) {
      return errorResponse(meta, error instanceof GraphError ? error : internalError(error));
    }
  }

  /** The part of a path after `<site path>/_api`, or null when it is not SharePoint REST. */
  function sharePointSegments(segments: readonly string[]): readonly string[] | null {
    if (segments.length <= sitePath.length) return null;
    const matches = sitePath.every((part, index) => segments[index]?.toLowerCase() === part);
    if (!matches || segments[sitePath.length]?.toLowerCase() !== '_api') return null;
    return segments.slice(sitePath.length + 1);
  }

  async function handle(request: Request): Promise<Response> {
    const meta = newMeta(request, now);
    let segments: readonly string[];
    try {
      segments = pathSegments(new URL(request.url).pathname);
    } catch (error) {
      return errorResponse(meta, error instanceof GraphError ? error : internalError(error));
    }
    await loaded;
    const [first, ...rest] = segments;
    if (first === '_emulator') return controlResponse(request, meta, rest);
    if (loadError !== null) {
      return errorResponse(
        meta,
        new GraphError(
          500,
          'InternalServerError',
          `The emulator could not load its stored state: ${loadError}. Delete the file (npm run emulator:reset) or POST /_emulator/reset.`,
        ),
      );
    }

    const apiSegments = sharePointSegments(segments);
    const isBatch = apiSegments === null && /\/\$batch\/?$/i.test(new URL(request.url).pathname);
    const perform = (): Promise<SubResult> =>
      apiSegments === null
        ? graphOutcome(request, meta, false)
        : sharePointOutcome(request, meta, apiSegments);
    // A batch is not faulted as a whole: each of its requests is, on its own.
    const outcome = isBatch
      ? await perform()
      : await withFaults(apiSegments === null ? 'graph' : 'sharepoint', request, meta, perform);
    if (isMutating(request.method)) await persistOrWarn();
    return outcome.kind === 'dropped' ? Response.error() : outcome.response;
  }

  const site = config.site;
  return {
    handle,

    async fetch(input, init) {
      const response = await handle(new Request(input, init));
      if (response.type === 'error')
        throw new TypeError('fetch failed: the connection was dropped');
      return response;
    },

    async issueToken(userIdOrUserPrincipalName, issueOptions = {}) {
      await loaded;
      const user = findPerson(userIdOrUserPrincipalName, state.directory);
      if (user === undefined) throw new Error(`Unknown user '${userIdOrUserPrincipalName}'`);
      if (user.accountEnabled === false) {
        throw new Error(
          `AADSTS50057: The user account is disabled ('${userIdOrUserPrincipalName}').`,
        );
      }
      // Any client: the app registration is not enforced here (tests acting as an
      // administrator's tool or another app); `/_emulator/token` is the app's own sign-in.
      const result = grantFor(issueOptions.scopes, { sharePointAudience, registered: null });
      if (!result.ok) throw new Error(result.description);
      return (await tokens.issue(user, result.grant)).accessToken;
    },

    servesPath(pathname) {
      const lower = pathname.toLowerCase();
      const api = `${site.path.toLowerCase()}/_api`;
      return (
        lower.startsWith('/graph/') ||
        lower.startsWith('/_emulator/') ||
        lower === api ||
        lower.startsWith(`${api}/`)
      );
    },

    site: {
      id: site.id,
      hostname: site.hostname,
      path: site.path,
      url: site.webUrl,
      displayName: site.displayName,
      ownerIds: site.ownerIds,
    },
    teams: config.teams,
    faults,
    mailLimits: state.mailLimits,
    directory: directoryController,
    sentMail: () => structuredClone(state.data.mail.sent),
    externalMail: () => structuredClone(state.data.mail.outbox),
    undeliverableMail: () => structuredClone(state.data.mail.undeliverable),
    ready: () => loaded,
    async flush() {
      await loaded;
      await saveChain;
      if (queuedSave !== null) await queuedSave;
    },
    reset,
  };
}
