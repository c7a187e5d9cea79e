import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig, loadEnv } from 'vite';
import { ConfigError, parseConfig, type AppConfig } from './src/app/config.ts';
import { localOfficeJs, m365Emulator, securityHeaders } from './scripts/vite-plugins.ts';

const pages = {
  index: 'index.html',
  tab: 'tab.html',
  config: 'config.html',
  taskpane: 'taskpane.html',
  'auth-redirect': 'auth-redirect.html',
  'popup-relay': 'popup-relay.html',
};

export default defineConfig(({ command, mode }) => {
  const env = loadEnv(mode, process.cwd(), 'VITE_');
  let config: AppConfig | undefined;
  try {
    config = parseConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // Fail the build, not the user's first page load, on a missing or bad setting;
    // the dev server lets the page report it.
    if (command === 'build') throw new Error(`${error.message}\nSee .env.example.`);
  }
  const port = Number(process.env.PORT ?? 5173);
  return {
    plugins: [
      // First, so every response, the emulator's included, gets the security headers.
      securityHeaders(config),
      react(),
      m365Emulator({ persistTo: '.data/emulator.json' }),
      localOfficeJs(),
    ],
    server: { port, strictPort: true },
    preview: { port, strictPort: true },
    build: {
      outDir: mode === 'production' ? 'dist' : `dist-${mode}`,
      manifest: true,
      // No source maps in any build: they would publish the source to anyone, and the
      // build fails if one appears (securityHeaders). The dev server has its own.
      sourcemap: false,
      rollupOptions: {
        input: Object.fromEntries(
          Object.entries(pages).map(([name, file]) => [name, resolve(import.meta.dirname, file)]),
        ),
      },
    },
  };
});
