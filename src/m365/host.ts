import type { TokenSource } from './token-source.ts';

/** Where the app runs. */
export type HostKind = 'teams' | 'outlook' | 'workbench';

/** The host's theme, reduced to what the UI needs to choose its Fluent theme. */
export type HostTheme = 'light' | 'dark' | 'contrast';

/**
 * A connected host: what the shell needs to render in the host's theme and
 * locale and to call Graph as the signed-in user.
 */
export interface HostSession {
  readonly kind: HostKind;
  /** BCP-47 tag reported by the host, e.g. `nb-NO`. */
  readonly locale: string;
  readonly theme: HostTheme;
  /** Subscribes to theme changes in the host; returns an unsubscribe function. */
  onThemeChange(listener: (theme: HostTheme) => void): () => void;
  readonly tokenSource: TokenSource;
}
