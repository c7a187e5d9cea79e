import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { resolveLocale, type Locale } from '../domain/locale.ts';
import { useI18n } from '../features/i18n/i18n.tsx';
import { ServicesProvider } from '../features/services/services.tsx';
import { AppShell } from '../features/shell/app-shell.tsx';
import { Connecting, HostMessage } from '../features/shell/host-message.tsx';
import { Home } from '../features/shell/home.tsx';
import { WorkbenchControls } from '../features/shell/workbench-controls.tsx';
import {
  connectWorkbench,
  listDemoIdentities,
  workbenchPreferences,
  type DemoIdentity,
} from '../hosts/local/workbench-host.ts';
import { createGraphDirectory } from '../m365/directory.ts';
import { createGraphClient } from '../m365/graph-client.ts';
import type { HostTheme } from '../m365/host.ts';
import { createPageRoot } from './page-root.tsx';
import { PageProviders, createQueryClient } from './providers.tsx';

/**
 * index.html: the local workbench. The Microsoft 365 emulator, mounted on this
 * origin by the dev server, stands in for Graph; the header lets you sign in
 * as any demo person and pick what a host would decide: theme and language.
 */
const emulatorRoot = window.location.origin;
const defaultIdentityMail = 'kari.nordmann@bodo.example';

interface HostChoices {
  theme: HostTheme;
  onThemeChange: (theme: HostTheme) => void;
  onLocaleChange: (locale: Locale) => void;
}

function Workbench(choices: HostChoices) {
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
  ...choices
}: HostChoices & { identities: readonly DemoIdentity[]; defaultIdentity: string }) {
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
  const directory = useMemo(
    () =>
      createGraphDirectory(
        createGraphClient(connection.session.tokenSource, `${emulatorRoot}/graph`),
      ),
    [connection],
  );
  const services = useMemo(() => ({ directory, principal: identityId }), [directory, identityId]);
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
          />
        }
      >
        <Home view="home" />
      </AppShell>
    </ServicesProvider>
  );
}

function WorkbenchRoot() {
  const [queryClient] = useState(createQueryClient);
  const [theme, setTheme] = useState<HostTheme>(() => workbenchPreferences.theme());
  const [locale, setLocale] = useState<Locale>(() => resolveLocale(workbenchPreferences.locale()));
  return (
    <PageProviders hostKind="workbench" theme={theme} locale={locale} queryClient={queryClient}>
      <Workbench
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
    </PageProviders>
  );
}

createPageRoot().render(<WorkbenchRoot />);
