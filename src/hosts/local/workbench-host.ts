import { z } from 'zod';
import type { HostSession, HostTheme } from '../../m365/host.ts';
import type { TokenSource } from '../../m365/token-source.ts';

/** A demo person the workbench can sign in as. */
export interface DemoIdentity {
  id: string;
  displayName: string;
  jobTitle: string | null;
  department: string | null;
  mail: string | null;
}

const identitiesSchema = z.object({
  value: z.array(
    z.object({
      id: z.string().min(1),
      displayName: z.string(),
      jobTitle: z.string().nullable().optional(),
      department: z.string().nullable().optional(),
      mail: z.string().nullable().optional(),
    }),
  ),
});

const tokenSchema = z.object({
  token_type: z.literal('Bearer'),
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
});

const tokenErrorSchema = z.object({ error: z.string(), error_description: z.string() });

const identityKey = 'elements-tilgang.workbench.identity';

/** The workbench's signed-in identity, chosen in "Logg inn som" and kept per browser tab. */
export interface WorkbenchIdentity {
  current(): string | null;
  set(userId: string): void;
}

function sessionIdentity(): WorkbenchIdentity {
  return {
    current: () => window.sessionStorage.getItem(identityKey),
    set: (userId) => window.sessionStorage.setItem(identityKey, userId),
  };
}

/** Lists the emulator's demo directory for the identity switcher. */
export async function listDemoIdentities(emulatorRoot: string): Promise<DemoIdentity[]> {
  const response = await fetch(`${emulatorRoot}/_emulator/identities`);
  if (!response.ok) throw new Error(`The local emulator answered ${response.status}`);
  const body = identitiesSchema.parse(await response.json());
  return body.value.map((person) => ({
    id: person.id,
    displayName: person.displayName,
    jobTitle: person.jobTitle ?? null,
    department: person.department ?? null,
    mail: person.mail ?? null,
  }));
}

/**
 * Tokens from the emulator's token endpoint for the chosen identity and exactly the scopes a
 * call asks for (the emulator grants no more, and refuses a scope the app registration lacks),
 * as MSAL asks Entra ID. Cached in memory per scope set until shortly before they expire, and
 * dropped when the identity changes.
 */
function emulatorTokenSource(emulatorRoot: string, identity: WorkbenchIdentity): TokenSource {
  // Keyed by identity as well as scopes: a token request still in flight when "Logg inn som"
  // changes must not be filed under the next person (it would show them the previous one's mail).
  const cache = new Map<string, { token: string; expiresAt: number }>();
  return {
    async getAccessToken(scopes) {
      const userId = identity.current();
      if (!userId) throw new Error('No workbench identity chosen');
      for (const key of cache.keys()) if (!key.startsWith(`${userId} `)) cache.delete(key);
      const key = `${userId} ${[...scopes].sort().join(' ')}`;
      const cached = cache.get(key);
      if (cached && cached.expiresAt > Date.now()) return cached.token;
      const response = await fetch(`${emulatorRoot}/_emulator/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId, scopes }),
      });
      if (!response.ok) {
        const detail = tokenErrorSchema.safeParse(await response.json().catch(() => null));
        throw new Error(
          `The local emulator refused a token (${response.status})${detail.success ? `: ${detail.data.error_description}` : ''}`,
        );
      }
      const body = tokenSchema.parse(await response.json());
      // Filed only if it is still this person's turn; the caller gets its own token either way.
      if (identity.current() === userId) {
        cache.set(key, {
          token: body.access_token,
          expiresAt: Date.now() + (body.expires_in - 60) * 1000,
        });
      }
      return body.access_token;
    },
  };
}

export interface WorkbenchConnection {
  session: HostSession;
  identity: WorkbenchIdentity;
}

/**
 * The local workbench host: the emulator on this origin stands in for
 * Microsoft 365. `defaultIdentity` is used until someone is chosen.
 */
export function connectWorkbench(options: {
  emulatorRoot: string;
  defaultIdentity: string;
  theme: HostTheme;
  locale: string;
}): WorkbenchConnection {
  const identity = sessionIdentity();
  if (!identity.current()) identity.set(options.defaultIdentity);
  return {
    identity,
    session: {
      kind: 'workbench',
      locale: options.locale,
      theme: options.theme,
      onThemeChange: () => () => undefined,
      tokenSource: emulatorTokenSource(options.emulatorRoot, identity),
    },
  };
}

const themeKey = 'elements-tilgang.workbench.theme';
const localeKey = 'elements-tilgang.workbench.locale';
const surfaceKey = 'elements-tilgang.workbench.surface';

/** The Teams personal tab, the Teams channel tab, or Outlook's Inbox with the add-in. */
export type WorkbenchSurfacePreference = 'personal' | 'channel' | 'mailbox';

/**
 * What a real host would decide (theme, language), chosen in the workbench
 * header and kept for the browser tab. The first visit follows the browser.
 */
export const workbenchPreferences = {
  theme(): HostTheme {
    const stored = window.sessionStorage.getItem(themeKey);
    if (stored === 'light' || stored === 'dark' || stored === 'contrast') return stored;
    return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  },
  setTheme(theme: HostTheme): void {
    window.sessionStorage.setItem(themeKey, theme);
  },
  locale(): string {
    return window.sessionStorage.getItem(localeKey) ?? navigator.language;
  },
  setLocale(locale: string): void {
    window.sessionStorage.setItem(localeKey, locale);
  },
  /** The surface the workbench shows: the Teams `personal` tab (default), `channel` tab, or `mailbox`. */
  surface(): WorkbenchSurfacePreference {
    const stored = window.sessionStorage.getItem(surfaceKey);
    return stored === 'channel' || stored === 'mailbox' ? stored : 'personal';
  },
  setSurface(surface: WorkbenchSurfacePreference): void {
    window.sessionStorage.setItem(surfaceKey, surface);
  },
};
