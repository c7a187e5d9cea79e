/** Why a host page could not connect to its host. */
export type NotInHostReason = 'no-host' | 'timeout' | 'sdk-missing';

/** The page was opened outside the host it was built for (or the host never answered). */
export class NotInHostError extends Error {
  constructor(
    readonly host: 'teams' | 'outlook',
    readonly reason: NotInHostReason,
  ) {
    super(`Not running in ${host} (${reason})`);
    this.name = 'NotInHostError';
  }
}

/**
 * Rejects with `onTimeout()` if `promise` has not settled within `ms`. Host SDKs
 * wait forever for a parent that never answers (teams-js inside a foreign
 * frame, office.js outside Office), so every host handshake goes through this.
 */
export function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  onTimeout: () => Error,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** How long a host page waits for its host before telling the user where to open it. */
export const hostHandshakeTimeoutMs = 3500;
