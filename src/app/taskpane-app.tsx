import { useEffect, useState } from 'react';
import { ReviewTaskPane } from '../features/reviews/components/review-task-pane.tsx';
import { Home } from '../features/shell/home.tsx';
import type { OutlookConnection } from '../hosts/outlook/outlook-host.ts';
import type { HostMailItem } from '../m365/host.ts';
import type { AppConfig } from './config.ts';
import { HostApp } from './host-app.tsx';

/**
 * The review pane on the open e-mail. Pinned, the pane stays open while the
 * user selects other e-mails: it follows `ItemChanged` and shows the new one.
 */
function Taskpane({ connection }: { connection: OutlookConnection }) {
  const [item, setItem] = useState<HostMailItem | null>(connection.mailItem);
  useEffect(() => connection.onMailItemChanged(setItem), [connection]);
  return item === null ? (
    <Home view="review" />
  ) : (
    <ReviewTaskPane key={`${item.internetMessageId ?? ''}|${item.subject}`} item={item} />
  );
}

/** The signed-in Outlook task pane, loaded after the page's first paint. */
export function renderTaskpane(connection: OutlookConnection, config: AppConfig) {
  return (
    <HostApp session={connection.session} config={config}>
      <Taskpane connection={connection} />
    </HostApp>
  );
}
