import { Home } from '../features/shell/home.tsx';
import type { OutlookConnection } from '../hosts/outlook/outlook-host.ts';
import type { AppConfig } from './config.ts';
import { HostApp } from './host-app.tsx';

/** The signed-in Outlook task pane, loaded after the page's first paint. */
export function renderTaskpane({ session }: OutlookConnection, config: AppConfig) {
  return (
    <HostApp session={session} config={config}>
      <Home view="review" />
    </HostApp>
  );
}
