/**
 * npm run package [-- --mode <mode>]
 * Fills manifest/manifest.template.json from .env.<mode> / the environment, validates it
 * offline against the bundled JSON schema, checks the icons and writes
 * dist-package/elements-tilgang-<version>.zip.
 */
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { findSourceMaps, findSourceMapsInZip } from './lib/csp-build.ts';
import {
  ConfigError,
  ManifestValidationError,
  DEMO_ENV,
  PROJECT_ROOT,
  displayPath,
  loadPackageConfig,
  packageApp,
  type PackageConfig,
} from './lib/manifest-build.ts';

function warnAboutMissingPages(config: PackageConfig): void {
  const pages = [
    { url: config.privacyUrl, file: 'privacy.html', variable: 'PRIVACY_URL' },
    { url: config.termsUrl, file: 'terms.html', variable: 'TERMS_URL' },
  ];
  for (const page of pages) {
    const isDefault = page.url === `${config.appBaseUrl}/${page.file}`;
    // The page can be a Vite entry at the root or a static file in public/.
    const exists = [page.file, join('public', page.file)].some((file) =>
      existsSync(join(PROJECT_ROOT, file)),
    );
    if (isDefault && !exists) {
      console.warn(
        `warning: ${page.variable} defaults to ${page.url}, but neither ${page.file} nor ` +
          `public/${page.file} exists; add the page or set ${page.variable}.`,
      );
    }
  }
}

function warnAboutDemoValues(config: PackageConfig): void {
  const demo = [
    config.clientId === DEMO_ENV.VITE_CLIENT_ID && 'VITE_CLIENT_ID',
    config.teamsAppId === DEMO_ENV.TEAMS_APP_ID && 'TEAMS_APP_ID',
    config.appHost.endsWith('.example') && 'APP_BASE_URL',
  ].filter((name) => name !== false);
  if (demo.length > 0) {
    console.warn(
      `warning: ${demo.join(', ')} still hold the fictional demo values; this package cannot be ` +
        'installed in a real tenant. Override them in .env.<mode>.local or the environment.',
    );
  }
}

/**
 * Source maps would publish the source to anyone: none in the package, none in the
 * build beside it that is hosted at APP_BASE_URL (`npm run build` writes `dist/`).
 */
async function sourceMapProblems(zipPath: string): Promise<string[]> {
  const inPackage = findSourceMapsInZip(await readFile(zipPath)).map(
    (name) => `  - ${displayPath(zipPath)}: ${name}`,
  );
  const dist = join(PROJECT_ROOT, 'dist');
  const inBuild = existsSync(dist)
    ? findSourceMaps(dist).map((file) => `  - dist/${file} (rebuild with npm run build)`)
    : [];
  return [...inPackage, ...inBuild];
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      mode: { type: 'string', default: 'production' },
      'out-dir': { type: 'string' },
    },
  });
  try {
    const config = loadPackageConfig({ mode: values.mode });
    warnAboutDemoValues(config);
    warnAboutMissingPages(config);
    const result = await packageApp({ config, outDir: values['out-dir'] });
    const problems = await sourceMapProblems(result.zipPath);
    if (problems.length > 0) {
      await rm(result.zipPath, { force: true });
      const shown = problems.slice(0, 10).join('\n');
      const more = problems.length > 10 ? `\n  … and ${problems.length - 10} more` : '';
      console.error(`Source maps must not ship (decision 015):\n${shown}${more}`);
      return 1;
    }
    const kib = (result.size / 1024).toFixed(1);
    console.log(
      `Packaged Elements tilgang ${config.version} for ${config.appBaseUrl} (mode ${values.mode}).`,
    );
    console.log(`${displayPath(result.zipPath)} (${result.size} bytes, ${kib} KiB)`);
    return 0;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof ManifestValidationError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main();
