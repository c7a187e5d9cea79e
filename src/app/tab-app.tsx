import { useEffect } from 'react';
import { Home, parseViewId } from '../features/shell/home.tsx';
import type { TeamsConnection } from '../hosts/teams/teams-host.ts';
import type { AppConfig } from './config.ts';
import { HostApp } from './host-app.tsx';

function TeamsTab({ connection, config }: { connection: TeamsConnection; config: AppConfig }) {
  useEffect(() => connection.notifySuccess(), [connection]);
  const view = parseViewId(
    new URLSearchParams(window.location.search).get('view') ?? connection.entityId,
  );
  return (
    <HostApp session={connection.session} config={config}>
      <Home view={view} />
    </HostApp>
  );
}

/** The signed-in Teams tab, loaded after the page's first paint. */
export function renderTeamsTab(connection: TeamsConnection, config: AppConfig) {
  return <TeamsTab connection={connection} config={config} />;
}
