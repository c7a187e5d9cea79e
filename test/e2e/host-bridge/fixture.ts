import { test as base } from '@playwright/test';
import { SimulatedTeams, type SimulatedTeamsOptions } from './simulated-teams.ts';

/** Playwright's `test` with `openTeams`: the built tab.html inside a simulated Teams web client. */
export const test = base.extend<{
  /** Opens the built tab.html inside a simulated Teams web client. */
  openTeams: (options: Omit<SimulatedTeamsOptions, 'baseURL'>) => Promise<SimulatedTeams>;
}>({
  openTeams: async ({ page, baseURL }, use) => {
    if (!baseURL) throw new Error('playwright.config.ts sets baseURL');
    await use((options) => SimulatedTeams.open(page, { baseURL, ...options }));
  },
});
