import { connectTeams, type TeamsConnection } from '../hosts/teams/teams-host.ts';
import { startHostPage } from './start-host-page.tsx';

/** config.html: the channel-tab configuration page. Never loads office.js. */
startHostPage<TeamsConnection>({
  host: 'teams',
  connect: (config) => connectTeams({ clientId: config.clientId, tenantId: config.tenantId }),
  loadApp: () => import('./tab-config-app.tsx').then((module) => module.renderTabConfig),
});
