import { useEffect } from 'react';
import { RequestsWorkspace } from '../features/requests/components/requests-workspace.tsx';
import { Home, parseViewId } from '../features/shell/home.tsx';
import { ReviewsWorkspace } from '../features/reviews/components/reviews-workspace.tsx';
import { TriageWorkspace } from '../features/triage/components/triage-workspace.tsx';
import type { TeamsConnection } from '../hosts/teams/teams-host.ts';
import type { AppConfig } from './config.ts';
import { HostApp } from './host-app.tsx';
import { requestIdFrom } from './links.ts';

function TeamsTab({ connection, config }: { connection: TeamsConnection; config: AppConfig }) {
  useEffect(() => connection.notifySuccess(), [connection]);
  const view = parseViewId(
    new URLSearchParams(window.location.search).get('view') ?? connection.entityId,
  );
  const linked = requestIdFrom(connection.subPageId);
  return (
    <HostApp session={connection.session} config={config}>
      {view === 'home' ? (
        <RequestsWorkspace {...(linked ? { initialRequestId: linked } : {})} />
      ) : view === 'triage' ? (
        <TriageWorkspace {...(linked ? { initialRequestId: linked } : {})} />
      ) : view === 'reviews' ? (
        <ReviewsWorkspace />
      ) : (
        <Home view={view} />
      )}
    </HostApp>
  );
}

/** The signed-in Teams tab, loaded after the page's first paint. */
export function renderTeamsTab(connection: TeamsConnection, config: AppConfig) {
  return <TeamsTab connection={connection} config={config} />;
}
