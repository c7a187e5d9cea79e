import { connectTeams, type TeamsConnection } from '../hosts/teams/teams-host.ts';
import { startHostPage } from './start-host-page.tsx';

/** tab.html: the Teams personal tab and the Dokumentsenteret channel tab. Never loads office.js. */
startHostPage<TeamsConnection>({
  host: 'teams',
  connect: (config) => connectTeams({ clientId: config.clientId, tenantId: config.tenantId }),
  loadApp: () => import('./tab-app.tsx').then((module) => module.renderTeamsTab),
});
