import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig, loadEnv } from 'vite';
import { ConfigError, parseConfig } from './src/app/config.ts';
import { localOfficeJs, m365Emulator } from './scripts/vite-plugins.ts';

const pages = {
  index: 'index.html',
  tab: 'tab.html',
  config: 'config.html',
  taskpane: 'taskpane.html',
  'auth-redirect': 'auth-redirect.html',
};

export default defineConfig(({ command, mode }) => {
  const env = loadEnv(mode, process.cwd(), 'VITE_');
  if (command === 'build') {
    // Fail the build, not the user's first page load, on a missing or bad setting.
    try {
      parseConfig(env);
    } catch (error) {
      if (error instanceof ConfigError) throw new Error(`${error.message}\nSee .env.example.`);
      throw error;
    }
  }
  const port = Number(process.env.PORT ?? 5173);
  return {
    plugins: [react(), m365Emulator({ persistTo: '.data/emulator.json' }), localOfficeJs()],
    server: { port, strictPort: true },
    preview: { port, strictPort: true },
    build: {
      outDir: mode === 'production' ? 'dist' : `dist-${mode}`,
      manifest: true,
      sourcemap: true,
      rollupOptions: {
        input: Object.fromEntries(
          Object.entries(pages).map(([name, file]) => [name, resolve(import.meta.dirname, file)]),
        ),
      },
    },
  };
});
