import type { DirectoryData, DirectoryPerson } from './directory-data.ts';
import type { EmulatorConfig } from './emulator-config.ts';
import type { EmulatorData } from './emulator-data.ts';
import type { TokenService } from './emulator-token.ts';
import type { FaultController } from './faults.ts';
import type { ResponseMeta } from './graph-response.ts';
import type { MailLimitsController } from './mail-limits.ts';
import type { Route } from './router.ts';

/**
 * Everything a request can see. `data` is what the emulator remembers (persisted, replaced on
 * reset); `directory` is `data.directory` once something changed it (directory-changes.ts),
 * else the one from the options; `config` comes from the options and never changes while it
 * runs; `mailLimits` and `faults` are run-time settings (not persisted, kept on reset). Routes
 * read `faults` for Graph's variance (conflict statuses, short pages, other directory objects).
 */
export interface EmulatorState {
  readonly directory: DirectoryData;
  readonly config: EmulatorConfig;
  readonly mailLimits: MailLimitsController;
  readonly faults: FaultController;
  data: EmulatorData;
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
