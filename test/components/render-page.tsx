import { render, type RenderResult } from '@testing-library/react';
import type { ReactNode } from 'react';
import { PageProviders, createQueryClient } from '../../src/app/providers.tsx';
import type { Locale } from '../../src/domain/locale.ts';
import { ServicesProvider } from '../../src/features/services/services.tsx';
import type { Directory } from '../../src/m365/directory.ts';
import type { HostKind, HostTheme } from '../../src/m365/host.ts';

export interface RenderPageOptions {
  hostKind?: HostKind;
  theme?: HostTheme;
  locale?: Locale;
  /** The directory the page reads `/me` from; by default one that is never asked. */
  directory?: Directory;
}

const unusedDirectory: Directory = {
  getMe: () => Promise.reject(new Error('this test did not expect a call to getMe')),
};

/** Renders `ui` inside a page's providers, with a fresh query cache per call. */
export function renderPage(ui: ReactNode, options: RenderPageOptions = {}): RenderResult {
  const services = { directory: options.directory ?? unusedDirectory, principal: 'test-user' };
  return render(
    <PageProviders
      hostKind={options.hostKind ?? 'teams'}
      theme={options.theme ?? 'light'}
      locale={options.locale ?? 'nb'}
      queryClient={createQueryClient()}
    >
      <ServicesProvider services={services}>{ui}</ServicesProvider>
    </PageProviders>,
  );
}
