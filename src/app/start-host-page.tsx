import type { ReactNode } from 'react';
import { translate } from '../features/i18n/messages.ts';
import { Connecting, HostMessage } from '../features/shell/host-message.tsx';
import { ConfigErrorMessage, NotInHostMessage } from '../features/shell/page-messages.tsx';
import { NotInHostError } from '../hosts/not-in-host-error.ts';
import type { AppConfig } from './config.ts';
import { browserLocale, createPageRoot, readConfig } from './page-root.tsx';
import { PageProviders } from './providers.tsx';

const hostNames = { teams: 'Microsoft Teams', outlook: 'Outlook' } as const;

/**
 * Starts a host page: checks configuration, shows a spinner while the host
 * handshake runs, then either the app or a clear message that the page must be
 * opened in its host. The handshake is bounded, so nobody waits on a blank page.
 */
export function startHostPage<Connection>(options: {
  host: 'teams' | 'outlook';
  connect(config: AppConfig): Promise<Connection>;
  /**
   * Loads the signed-in app lazily, in parallel with the host handshake, so the
   * first paint fetches only what the spinner and the messages need.
   */
  loadApp(): Promise<(connection: Connection, config: AppConfig) => ReactNode>;
}): void {
  const root = createPageRoot();
  const locale = browserLocale();
  const hostKind = options.host;
  const configResult = readConfig();
  if (!configResult.ok) {
    root.render(
      <PageProviders hostKind={hostKind} theme="light" locale={locale}>
        <ConfigErrorMessage problems={configResult.problems} />
      </PageProviders>,
    );
    return;
  }
  const { config } = configResult;
  root.render(
    <PageProviders hostKind={hostKind} theme="light" locale={locale}>
      <Connecting label={translate(locale, 'shell.connecting', { host: hostNames[hostKind] })} />
    </PageProviders>,
  );
  const app = options.loadApp();
  Promise.all([options.connect(config), app]).then(
    ([connection, renderApp]) => root.render(renderApp(connection, config)),
    (error: unknown) => {
      root.render(
        <PageProviders hostKind={hostKind} theme="light" locale={locale}>
          {error instanceof NotInHostError ? (
            <NotInHostMessage host={hostKind} reason={error.reason} />
          ) : (
            <HostMessage intent="error" title={translate(locale, 'error.unknown')}>
              {translate(locale, 'error.reload')}
            </HostMessage>
          )}
        </PageProviders>,
      );
    },
  );
}
