import { render, type RenderResult } from '@testing-library/react';
import type { ReactNode } from 'react';
import { PageProviders, createQueryClient } from '../../../src/app/providers.tsx';
import type { Locale } from '../../../src/domain/locale.ts';
import { ServicesProvider, type Services } from '../../../src/features/services/services.tsx';
import type { Directory } from '../../../src/m365/directory.ts';
import type { Mailbox } from '../../../src/m365/mailbox.ts';
import '../requests/jsdom-layout.ts';

const unusedDirectory: Directory = {
  getMe: () => Promise.reject(new Error('the mailbox view does not ask for /me')),
};

export interface MailboxRenderOptions {
  locale?: Locale;
  principal?: string;
}

function page(ui: ReactNode, mailbox: Mailbox | undefined, options: MailboxRenderOptions) {
  const services: Services = {
    directory: unusedDirectory,
    principal: options.principal ?? 'ola',
    ...(mailbox ? { mailbox } : {}),
  };
  return (
    <ServicesProvider services={services}>
      <main>{ui}</main>
    </ServicesProvider>
  );
}

/**
 * Renders `ui` in the workbench's providers with `mailbox` as the signed-in
 * person's mailbox; `rerenderAs` signs in as someone else with the same cache.
 */
export function renderWithMailbox(
  ui: ReactNode,
  mailbox: Mailbox | undefined,
  options: MailboxRenderOptions = {},
): RenderResult & { rerenderAs: (principal: string, next: Mailbox) => void } {
  const queryClient = createQueryClient();
  const wrap = (content: ReactNode) => (
    <PageProviders
      hostKind="workbench"
      theme="light"
      locale={options.locale ?? 'nb'}
      queryClient={queryClient}
    >
      {content}
    </PageProviders>
  );
  const result = render(wrap(page(ui, mailbox, options)));
  return {
    ...result,
    rerenderAs: (principal, next) =>
      result.rerender(wrap(page(ui, next, { ...options, principal }))),
  };
}
