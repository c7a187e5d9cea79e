import { connectOutlook, type OutlookConnection } from '../hosts/outlook/outlook-host.ts';
import { startHostPage } from './start-host-page.tsx';

/**
 * taskpane.html: the Outlook mail-read task pane. office.js is loaded by the
 * HTML page as a classic script; there is no history-API routing here because
 * office.js replaces pushState/replaceState.
 */
startHostPage<OutlookConnection>({
  host: 'outlook',
  connect: (config) => connectOutlook({ clientId: config.clientId, tenantId: config.tenantId }),
  loadApp: () => import('./taskpane-app.tsx').then((module) => module.renderTaskpane),
});
