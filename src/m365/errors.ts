/**
 * Typed Graph failures the UI can explain. `kind` is stable and maps to a
 * message key; `status` and `code` are kept for diagnostics, never personal data.
 */
export type GraphErrorKind =
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'throttled'
  | 'unavailable'
  | 'network'
  | 'invalid-response'
  | 'unknown';

export class GraphError extends Error {
  constructor(
    readonly kind: GraphErrorKind,
    message: string,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'GraphError';
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
