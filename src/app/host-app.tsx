import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { resolveLocale } from '../domain/locale.ts';
import { ServicesProvider } from '../features/services/services.tsx';
import { AppShell } from '../features/shell/app-shell.tsx';
import type { HostSession } from '../m365/host.ts';
import type { AppConfig } from './config.ts';
import { teamsRequestLink, teamsTriageLink } from './links.ts';
import { createM365Services } from './m365-services.ts';
import { PageProviders, createQueryClient } from './providers.tsx';

/** A page inside a real host (Teams or Outlook): host theme and locale, Graph as the signed-in user. */
export function HostApp({
  session,
  config,
  children,
}: {
  session: HostSession;
  config: AppConfig;
  children: ReactNode;
}) {
  const [theme, setTheme] = useState(session.theme);
  useEffect(() => session.onThemeChange(setTheme), [session]);
  const [queryClient] = useState(createQueryClient);
  const services = useMemo(
    () =>
      createM365Services({
        tokenSource: session.tokenSource,
        graphRoot: resolveGraphRoot(config),
        config,
        principal: session.kind,
        // Links in mails and channel messages open the request in the Teams personal tab.
        requestLink: (requestId) => teamsRequestLink(config.teamsAppId, requestId),
        triageLink: (requestId) =>
          teamsTriageLink(config.teamsAppId, config.triageChannelId, requestId),
      }),
    [session, config],
  );
  return (
    <PageProviders
      hostKind={session.kind}
      theme={theme}
      locale={resolveLocale(session.locale)}
      queryClient={queryClient}
    >
      <ServicesProvider services={services}>
        <AppShell hostKind={session.kind}>{children}</AppShell>
      </ServicesProvider>
    </PageProviders>
  );
}

/** Graph's root from configuration; a path (the emulator in development) is on this origin. */
export function resolveGraphRoot(config: AppConfig): string {
  return new URL(config.graphBaseUrl, window.location.origin).toString().replace(/\/+$/, '');
}
