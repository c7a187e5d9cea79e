/**
 * Typed Graph failures the UI can explain. `kind` is stable and maps to a
 * message key (`error.<kind>` in src/features/i18n/messages.ts); `status` and
 * `code` are kept for diagnostics, never personal data.
 */
export type GraphErrorKind =
  | 'unauthenticated'
  | 'forbidden'
  /** Posting into a Teams channel whose team the signed-in user is not a member of. */
  | 'not-team-member'
  | 'not-found'
  /** 409 (e.g. a duplicate in a unique column) and 412 (the item changed since it was read). */
  | 'conflict'
  | 'throttled'
  | 'unavailable'
  | 'network'
  | 'invalid-response'
  | 'unknown';

/** Facts about a failure that callers may act on (never shown to users). */
export interface GraphErrorDetails {
  /** How long the service asked us to wait (429/503 `Retry-After`), in milliseconds. */
  readonly retryAfterMs?: number;
  /** Graph's `request-id`, for a support case. */
  readonly requestId?: string;
}

export class GraphError extends Error {
  readonly retryAfterMs: number | undefined;
  readonly requestId: string | undefined;

  constructor(
    readonly kind: GraphErrorKind,
    message: string,
    readonly status?: number,
    readonly code?: string,
    details: GraphErrorDetails = {},
  ) {
    super(message);
    this.name = 'GraphError';
    this.retryAfterMs = details.retryAfterMs;
    this.requestId = details.requestId;
  }
}

/** Maps an HTTP status (0 for no response) to the kind of failure. */
export function graphErrorKindForStatus(status: number): GraphErrorKind {
  if (status === 0) return 'network';
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409 || status === 412) return 'conflict';
  if (status === 429) return 'throttled';
  if (status === 503 || status === 504 || status === 502) return 'unavailable';
  return 'unknown';
}

/**
 * True when a failed write may or may not have reached the service: no
 * response, a timeout, a server error or throttling. The ledger re-checks by
 * id before re-sending after such a failure (docs/permissions.md).
 */
export function isAmbiguousFailure(error: unknown): boolean {
  if (!(error instanceof GraphError)) return false;
  if (error.kind === 'network') return true;
  const status = error.status ?? 0;
  return status === 408 || status === 429 || status >= 500;
}
