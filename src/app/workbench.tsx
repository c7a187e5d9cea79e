import { useQuery } from '@tanstack/react-query';
import { Suspense, lazy, useMemo, useState } from 'react';
import { resolveLocale, type Locale } from '../domain/locale.ts';
import { useI18n } from '../features/i18n/i18n.tsx';
import { ServicesProvider } from '../features/services/services.tsx';
import { AppShell } from '../features/shell/app-shell.tsx';
import { Connecting, HostMessage } from '../features/shell/host-message.tsx';
import { Spinner } from '@fluentui/react-components';
import { ConfigErrorMessage } from '../features/shell/page-messages.tsx';
import {
  WorkbenchControls,
  isWorkbenchSurface,
  type WorkbenchSurface,
} from '../features/shell/workbench-controls.tsx';
import {
  connectWorkbench,
  listDemoIdentities,
  workbenchPreferences,
  type DemoIdentity,
} from '../hosts/local/workbench-host.ts';
import type { HostTheme } from '../m365/host.ts';
import type { AppConfig } from './config.ts';
import { requestIdFrom, workbenchRequestLink } from './links.ts';
import { createM365Services } from './m365-services.ts';
import { createPageRoot, readConfig } from './page-root.tsx';
import { PageProviders, createQueryClient } from './providers.tsx';

/**
 * index.html: the local workbench. The Microsoft 365 emulator, mounted on this
 * origin by the dev server, stands in for Graph; the header lets you sign in
 * as any demo person and pick what a host would decide: theme and language.
 */
const emulatorRoot = window.location.origin;
const defaultIdentityMail = 'kari.nordmann@bodo.example';
const configResult = readConfig();
// The journeys load after the header: the first paint needs only the shell and the identity list.
const RequestsWorkspace = lazy(() =>
  import('../features/requests/components/requests-workspace.tsx').then((module) => ({
    default: module.RequestsWorkspace,
  })),
);
const WorkbenchChannel = lazy(() =>
  import('./workbench-channel.tsx').then((module) => ({ default: module.WorkbenchChannel })),
);
const MailboxView = lazy(() =>
  import('../features/mailbox/components/mailbox-view.tsx').then((module) => ({
    default: module.MailboxView,
  })),
);
const searchParams = new URLSearchParams(window.location.search);
/** A request to open at once (a link from an e-mail or the channel). */
const linkedRequestId = requestIdFrom(searchParams.get('request'));
/** A surface to show at once (`?surface=mailbox`), ahead of the one kept for the tab. */
const rawLinkedSurface = searchParams.get('surface');
const linkedSurface = isWorkbenchSurface(rawLinkedSurface) ? rawLinkedSurface : null;

interface HostChoices {
  surface: WorkbenchSurface;
  onSurfaceChange: (surface: WorkbenchSurface) => void;
  theme: HostTheme;
  onThemeChange: (theme: HostTheme) => void;
  onLocaleChange: (locale: Locale) => void;
}

function Workbench(choices: HostChoices & { config: AppConfig }) {
  const { t } = useI18n();
  const identities = useQuery({
    queryKey: ['workbench', 'identities'],
    queryFn: () => listDemoIdentities(emulatorRoot),
    staleTime: Infinity,
  });
  if (identities.isPending) {
    return <Connecting label={t('shell.connecting', { host: t('host.workbench') })} />;
  }
  const fallback = identities.data?.find((person) => person.mail === defaultIdentityMail);
  if (identities.isError || !fallback) {
    return (
      <HostMessage intent="error" title={t('workbench.identitiesError')}>
        {identities.error?.message}
      </HostMessage>
    );
  }
  return (
    <SignedInWorkbench {...choices} identities={identities.data} defaultIdentity={fallback.id} />
  );
}

function SignedInWorkbench({
  identities,
  defaultIdentity,
  config,
  ...choices
}: HostChoices & {
  identities: readonly DemoIdentity[];
  defaultIdentity: string;
  config: AppConfig;
}) {
  const { locale } = useI18n();
  const [connection] = useState(() =>
    connectWorkbench({ emulatorRoot, defaultIdentity, theme: choices.theme, locale }),
  );
  const [identityId, setIdentityId] = useState(() => {
    const current = connection.identity.current();
    if (current && identities.some((person) => person.id === current)) return current;
    connection.identity.set(defaultIdentity);
    return defaultIdentity;
  });
  // One set of ports per identity: the desk remembers who "me" is.
  const services = useMemo(
    () =>
      createM365Services({
        tokenSource: connection.session.tokenSource,
        graphRoot: `${emulatorRoot}/graph`,
        config,
        principal: identityId,
        requestLink: (requestId) => workbenchRequestLink(emulatorRoot, requestId),
      }),
    [connection, config, identityId],
  );
  return (
    <ServicesProvider services={services}>
      <AppShell
        hostKind="workbench"
        headerTools={
          <WorkbenchControls
            identities={identities}
            identityId={identityId}
            onIdentityChange={(id) => {
              connection.identity.set(id);
              setIdentityId(id);
            }}
            theme={choices.theme}
            onThemeChange={choices.onThemeChange}
            locale={locale}
            onLocaleChange={choices.onLocaleChange}
            surface={choices.surface}
            onSurfaceChange={choices.onSurfaceChange}
          />
        }
      >
        <Suspense fallback={<Spinner />}>
          {choices.surface === 'mailbox' ? (
            <MailboxView theme={choices.theme} />
          ) : choices.surface === 'channel' ? (
            <WorkbenchChannel
              initialView={
                searchParams.get('view') === 'reviews' && !linkedRequestId ? 'reviews' : 'triage'
              }
              {...(linkedRequestId ? { linkedRequestId } : {})}
            />
          ) : (
            <RequestsWorkspace
              {...(linkedRequestId ? { initialRequestId: linkedRequestId } : {})}
            />
          )}
        </Suspense>
      </AppShell>
    </ServicesProvider>
  );
}

function WorkbenchRoot() {
  const [queryClient] = useState(createQueryClient);
  const [theme, setTheme] = useState<HostTheme>(() => workbenchPreferences.theme());
  const [surface, setSurface] = useState<WorkbenchSurface>(
    () => linkedSurface ?? workbenchPreferences.surface(),
  );
  const [locale, setLocale] = useState<Locale>(() => resolveLocale(workbenchPreferences.locale()));
  return (
    <PageProviders hostKind="workbench" theme={theme} locale={locale} queryClient={queryClient}>
      {configResult.ok ? (
        <Workbench
          config={configResult.config}
          surface={surface}
          onSurfaceChange={(next) => {
            workbenchPreferences.setSurface(next);
            setSurface(next);
          }}
          theme={theme}
          onThemeChange={(next) => {
            workbenchPreferences.setTheme(next);
            setTheme(next);
          }}
          onLocaleChange={(next) => {
            workbenchPreferences.setLocale(next);
            setLocale(next);
          }}
        />
      ) : (
        <ConfigErrorMessage problems={configResult.problems} />
      )}
    </PageProviders>
  );
}

createPageRoot().render(<WorkbenchRoot />);
