import { FluentProvider } from '@fluentui/react-components';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import type { Locale } from '../domain/locale.ts';
import { I18nProvider } from '../features/i18n/i18n.tsx';
import { fluentThemeFor } from '../features/shell/theme.ts';
import { GraphError } from '../m365/errors.ts';
import type { HostKind, HostTheme } from '../m365/host.ts';

/** One query client per page. Graph calls retry throttling themselves; a lost connection gets one more try here. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (failureCount, error) =>
          failureCount < 1 && error instanceof GraphError && error.kind === 'network',
        refetchOnWindowFocus: false,
      },
    },
  });
}

export interface PageProvidersProps {
  hostKind: HostKind;
  theme: HostTheme;
  locale: Locale;
  queryClient?: QueryClient;
  children: ReactNode;
}

/** Theme, language and data cache for a page, following its host. */
export function PageProviders({
  hostKind,
  theme,
  locale,
  queryClient,
  children,
}: PageProvidersProps) {
  useEffect(() => {
    document.documentElement.lang = locale === 'nb' ? 'nb-NO' : 'en';
  }, [locale]);
  const content = (
    // No layout class here: Fluent copies the provider's classes onto portal
    // mount nodes, and a full-height class turns every popup into an overlay.
    <FluentProvider theme={fluentThemeFor(hostKind, theme)}>
      <I18nProvider locale={locale}>{children}</I18nProvider>
    </FluentProvider>
  );
  return queryClient ? (
    <QueryClientProvider client={queryClient}>{content}</QueryClientProvider>
  ) : (
    content
  );
}
