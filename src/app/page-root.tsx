import { StrictMode, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { resolveLocale, type Locale } from '../domain/locale.ts';
import { ConfigError, parseConfig, type AppConfig } from './config.ts';

/** Creates the React root on the page's `#root` element. */
export function createPageRoot(): { render(node: ReactNode): void } {
  const element = document.getElementById('root');
  if (!element) throw new Error('The page has no #root element');
  const root: Root = createRoot(element);
  return { render: (node) => root.render(<StrictMode>{node}</StrictMode>) };
}

/** The browser's language, used before a host has told us its own. */
export function browserLocale(): Locale {
  return resolveLocale(navigator.language);
}

export type ConfigResult =
  { ok: true; config: AppConfig } | { ok: false; problems: readonly string[] };

/** Reads the build's configuration once, at start-up. */
export function readConfig(): ConfigResult {
  try {
    return { ok: true, config: parseConfig(import.meta.env) };
  } catch (error) {
    if (error instanceof ConfigError) return { ok: false, problems: error.problems };
    throw error;
  }
}
