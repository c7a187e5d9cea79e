import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests in Debian's Chromium (`npx playwright install` cannot work
 * here: the test command installs Chromium from apt where it is missing). They
 * run against a build served by `vite preview` with the Microsoft 365
 * emulator and the local office.js copy mounted, as `npm start` has them.
 */
const port = Number(process.env.E2E_PORT ?? 4174);
/** Another build directory lets two builds be tried side by side (`vite build --mode e2e --outDir …`). */
const outDir = process.env.E2E_OUT_DIR ?? 'dist-e2e';

export default defineConfig({
  testDir: 'test/e2e',
  // One worker: the journeys share one emulator, and a fault a test injects there
  // (a dropped connection on the next write) must not land on another test's write.
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: [['list']],
  timeout: 30_000,
  use: {
    baseURL: `http://localhost:${port}`,
    browserName: 'chromium',
    locale: 'nb-NO',
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'off',
  },
  webServer: {
    command: `npx vite preview --mode e2e --outDir ${outDir} --port ${port} --strictPort`,
    url: `http://localhost:${port}/index.html`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
