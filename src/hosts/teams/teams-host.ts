import { app, pages } from '@microsoft/teams-js';
import type { HostSession, HostTheme } from '../../m365/host.ts';
import { createMsalTokenSource } from '../msal-token-source.ts';
import { NotInHostError, hostHandshakeTimeoutMs, withTimeout } from '../not-in-host-error.ts';

export interface TeamsConnection {
  session: HostSession;
  /** `content` for a tab, `settings` for the configuration page. */
  frameContext: string;
  /** The view chosen when the channel tab was configured, from the tab's `entityId`. */
  entityId: string | null;
  /** What a deep link asked to open (`subEntityId`), e.g. `request:<id>`. */
  subPageId: string | null;
  /** Tells Teams the app has loaded, hiding its loading indicator. */
  notifySuccess(): void;
}

function toHostTheme(theme: string | undefined): HostTheme {
  if (theme === 'dark') return 'dark';
  if (theme === 'contrast') return 'contrast';
  return 'light';
}

/**
 * Connects to Teams. `app.initialize()` installs the NAA bridge, so MSAL is
 * created only after it resolves. Outside Teams it rejects with
 * {@link NotInHostError} instead of waiting forever.
 */
export async function connectTeams(settings: {
  clientId: string;
  tenantId: string;
  timeoutMs?: number;
}): Promise<TeamsConnection> {
  const timeoutMs = settings.timeoutMs ?? hostHandshakeTimeoutMs;
  try {
    await withTimeout(app.initialize(), timeoutMs, () => new NotInHostError('teams', 'timeout'));
  } catch (error) {
    throw error instanceof NotInHostError ? error : new NotInHostError('teams', 'no-host');
  }
  const context = await app.getContext();
  const loginHint = context.user?.loginHint ?? context.user?.userPrincipalName;
  const tokenSource = createMsalTokenSource({
    clientId: settings.clientId,
    tenantId: settings.tenantId,
    ...(loginHint ? { loginHint } : {}),
  });
  const listeners = new Set<(theme: HostTheme) => void>();
  app.registerOnThemeChangeHandler((theme) => {
    for (const listener of listeners) listener(toHostTheme(theme));
  });
  return {
    session: {
      kind: 'teams',
      locale: context.app.locale,
      theme: toHostTheme(context.app.theme),
      onThemeChange(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      tokenSource,
    },
    frameContext: context.page.frameContext ?? 'content',
    entityId: context.page.id || null,
    subPageId: context.page.subPageId || null,
    notifySuccess: () => {
      // Only hides Teams' loading indicator; the tab works whether or not it lands.
      app.notifySuccess().catch(() => undefined);
    },
  };
}

/**
 * Wires the channel-tab configuration page: Teams enables Save when the choice
 * is valid, and on Save stores the tab pointing at `tab.html` with the view.
 */
export function registerTabConfiguration(options: {
  getChoice: () => { entityId: string; displayName: string } | null;
}): { setValid(valid: boolean): void } {
  pages.config.registerOnSaveHandler((saveEvent) => {
    const choice = options.getChoice();
    if (!choice) {
      saveEvent.notifyFailure('No view chosen');
      return;
    }
    const contentUrl = new URL('tab.html', window.location.href);
    contentUrl.searchParams.set('view', choice.entityId);
    pages.config
      .setConfig({
        entityId: choice.entityId,
        contentUrl: contentUrl.toString(),
        suggestedDisplayName: choice.displayName,
      })
      .then(
        () => saveEvent.notifySuccess(),
        (error: unknown) =>
          saveEvent.notifyFailure(error instanceof Error ? error.message : String(error)),
      );
  });
  return { setValid: (valid) => pages.config.setValidityState(valid) };
}
