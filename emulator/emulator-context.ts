import type { DirectoryData, DirectoryPerson } from './directory-data.ts';
import type { TokenService } from './emulator-token.ts';
import type { ResponseMeta } from './graph-response.ts';
import type { Route } from './router.ts';

/**
 * Everything the emulator remembers. Later slices add their stores here (lists, mailboxes,
 * channel messages), so that persistence and resets deal with one object.
 */
export interface EmulatorState {
  directory: DirectoryData;
}

/** What every handler gets: the request, its response metadata and the emulator's state. */
export interface RequestContext {
  readonly request: Request;
  readonly url: URL;
  readonly meta: ResponseMeta;
  readonly state: EmulatorState;
  readonly tokens: TokenService;
  readonly now: () => Date;
}

/** A request to the Graph surface, after the bearer token has been verified. */
export interface GraphContext extends RequestContext {
  /** The signed-in user the token was issued to. */
  readonly caller: DirectoryPerson;
  /** Graph's root as the client addressed it, e.g. `http://localhost:5173/graph/v1.0`. */
  readonly graphBase: string;
}

export type GraphRoute = Route<GraphContext>;
export type ControlRoute = Route<RequestContext>;
