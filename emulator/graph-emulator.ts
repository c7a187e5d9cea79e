/**
 * The local Microsoft 365 emulator: a faithful subset of Microsoft Graph v1.0 as a Fetch-API
 * function. Paths are matched on the URL's pathname whatever the host, so it serves
 * `http://localhost:5173/graph/v1.0/me` behind the dev server as well as any origin under msw:
 *
 * - `/graph/v1.0/...` (or `/v1.0/...`): Graph, with `Authorization: Bearer <emulator token>`;
 * - `/_emulator/token`, `/_emulator/identities`: the emulator's stand-in for signing in.
 */
import { createControlRoutes } from './control-routes.ts';
import {
  type DirectoryData,
  type DirectoryPerson,
  demoDirectory,
  findPerson,
} from './directory-data.ts';
import { createDirectoryRoutes } from './directory-routes.ts';
import type { EmulatorState, GraphContext, RequestContext } from './emulator-context.ts';
import { createTokenService, type TokenService } from './emulator-token.ts';
import { badRequest, errorResponse, GraphError, type ResponseMeta } from './graph-response.ts';
import { createRouter, type Router } from './router.ts';

export interface GraphEmulatorOptions {
  /** The emulator's clock (token lifetimes, error dates). Defaults to the system clock. */
  readonly now?: () => Date;
  /** The directory to serve. Defaults to the Bodø kommune demo directory. */
  readonly directory?: DirectoryData;
}

export interface GraphEmulator {
  handle(request: Request): Promise<Response>;
  /** A bearer token for a user (id or userPrincipalName), as `POST /_emulator/token` gives. */
  issueToken(userIdOrUserPrincipalName: string): Promise<string>;
}

export const GRAPH_VERSION = 'v1.0';

const wwwAuthenticate =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';

function unauthorized(message: string): GraphError {
  return new GraphError(401, 'InvalidAuthenticationToken', message, {
    'www-authenticate': wwwAuthenticate,
  });
}

async function authenticate(
  request: Request,
  tokens: TokenService,
  state: EmulatorState,
): Promise<DirectoryPerson> {
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
  const caller = findPerson(verification.claims.oid, state.directory);
  if (caller === undefined) {
    throw unauthorized('Access token validation failure. The signed-in user does not exist.');
  }
  return caller;
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
): Promise<Response> {
  const resolution = router.resolve(method, segments);
  switch (resolution.kind) {
    case 'matched':
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

export function createGraphEmulator(options: GraphEmulatorOptions = {}): GraphEmulator {
  const now = options.now ?? (() => new Date());
  const state: EmulatorState = { directory: options.directory ?? demoDirectory };
  const tokens = createTokenService(now);
  const graphRouter = createRouter<GraphContext>(createDirectoryRoutes());
  const controlRouter = createRouter<RequestContext>(createControlRoutes());

  async function route(request: Request, meta: ResponseMeta): Promise<Response> {
    const url = new URL(request.url);
    const base: RequestContext = { request, url, meta, state, tokens, now };
    const [first, ...rest] = pathSegments(url.pathname);

    if (first === '_emulator') {
      return dispatch(
        controlRouter,
        base,
        request.method,
        rest,
        (segment) =>
          new GraphError(
            404,
            'Request_ResourceNotFound',
            `Unknown emulator endpoint '${segment}'.`,
          ),
      );
    }

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

    const caller = await authenticate(request, tokens, state);
    if (version !== GRAPH_VERSION) throw badRequest(`Invalid version: ${version}`);
    const context: GraphContext = {
      ...base,
      caller,
      graphBase: `${url.origin}${prefix}/${GRAPH_VERSION}`,
    };
    return dispatch(graphRouter, context, request.method, graphPath, (segment) =>
      badRequest(`Resource not found for the segment '${segment}'.`),
    );
  }

  return {
    async handle(request) {
      const requestId = crypto.randomUUID();
      const meta: ResponseMeta = {
        requestId,
        clientRequestId: request.headers.get('client-request-id') ?? requestId,
        date: now(),
      };
      try {
        return await route(request, meta);
      } catch (error) {
        if (error instanceof GraphError) return errorResponse(meta, error);
        const message = error instanceof Error ? error.message : String(error);
        return errorResponse(
          meta,
          new GraphError(500, 'InternalServerError', `The emulator failed: ${message}`),
        );
      }
    },

    async issueToken(userIdOrUserPrincipalName) {
      const user = findPerson(userIdOrUserPrincipalName, state.directory);
      if (user === undefined) throw new Error(`Unknown user '${userIdOrUserPrincipalName}'`);
      return (await tokens.issue(user)).accessToken;
    },
  };
}
