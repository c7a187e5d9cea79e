import {
  AuthenticationHandlerOptions,
  Client,
  GraphError as SdkGraphError,
  HTTPMessageHandler,
  RetryHandler,
  RetryHandlerOptions,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import type { z } from 'zod';
import { GraphError, graphErrorKindForStatus } from './errors.ts';
import type { TokenSource } from './token-source.ts';

const graphVersion = 'v1.0';

/**
 * Adds the bearer token from our own {@link TokenSource}. graph-client's
 * bundled AuthenticationHandler only signs https requests to Microsoft's
 * hosts, which would leave the workbench's http://localhost emulator
 * unsigned; this one signs exactly the configured Graph root and nothing else,
 * so a token never leaves for another origin (e.g. a foreign nextLink).
 */
class TokenMiddleware implements Middleware {
  private next: Middleware | undefined;

  constructor(
    private readonly tokenSource: TokenSource,
    private readonly graphRoot: string,
  ) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    if (url.startsWith(`${this.graphRoot}/`)) {
      const options = context.middlewareControl?.getMiddlewareOptions(AuthenticationHandlerOptions);
      const scopes =
        options instanceof AuthenticationHandlerOptions
          ? (options.authenticationProviderOptions?.scopes ?? [])
          : [];
      const token = await this.tokenSource.getAccessToken(scopes);
      const headers = new Headers(context.options?.headers);
      headers.set('Authorization', `Bearer ${token}`);
      context.options = { ...context.options, headers };
    }
    if (!this.next) throw new Error('TokenMiddleware must not be the last middleware');
    await this.next.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

/** A Graph client bound to one Graph root and one token source. */
export interface GraphClient {
  /** GET a Graph path (e.g. `/me`) and parse the JSON body with `schema`. */
  get<T>(
    path: string,
    schema: z.ZodType<T>,
    options: { scopes: readonly string[]; select?: readonly string[] },
  ): Promise<T>;
}

/**
 * Creates the Graph client. `graphRoot` is the Graph origin and prefix without
 * version: `https://graph.microsoft.com`, or `http://localhost:5173/graph` for
 * the workbench's emulator.
 */
export function createGraphClient(tokenSource: TokenSource, graphRoot: string): GraphClient {
  const root = graphRoot.replace(/\/+$/, '');
  const client = Client.initWithMiddleware({
    baseUrl: `${root}/`,
    defaultVersion: graphVersion,
    middleware: [
      new TokenMiddleware(tokenSource, root),
      new RetryHandler(new RetryHandlerOptions(1, 3)),
      new HTTPMessageHandler(),
    ],
  });

  return {
    async get(path, schema, { scopes, select }) {
      let request = client
        .api(path)
        .middlewareOptions([new AuthenticationHandlerOptions(undefined, { scopes: [...scopes] })]);
      if (select && select.length > 0) request = request.select([...select]);
      let body: unknown;
      try {
        body = await request.get();
      } catch (error) {
        throw toGraphError(error);
      }
      const parsed = schema.safeParse(body);
      if (!parsed.success) {
        throw new GraphError('invalid-response', `Unexpected response from Graph for ${path}`);
      }
      return parsed.data;
    },
  };
}

function toGraphError(error: unknown): GraphError {
  if (error instanceof GraphError) return error;
  if (error instanceof SdkGraphError) {
    // graph-client reports a failed fetch (no response) as statusCode -1.
    const status = error.statusCode > 0 ? error.statusCode : 0;
    return new GraphError(
      graphErrorKindForStatus(status),
      error.message,
      status,
      error.code ?? undefined,
    );
  }
  if (error instanceof TypeError) return new GraphError('network', error.message, 0);
  return new GraphError('unknown', error instanceof Error ? error.message : String(error));
}
