/**
 * npm run validate:manifest [-- --mode <mode>]
 * Validates manifest/manifest.template.json filled with fictional demo values (or, with
 * --mode, with the values from .env.<mode> / the environment) against the JSON schema
 * bundled in @microsoft/app-manifest, without network access, and checks the icons.
 */
import { parseArgs } from 'node:util';
import {
  ConfigError,
  buildManifest,
  collectProblems,
  demoPackageConfig,
  loadPackageConfig,
} from './lib/manifest-build.ts';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { mode: { type: 'string' } } });
  try {
    const config =
      values.mode === undefined ? demoPackageConfig() : loadPackageConfig({ mode: values.mode });
    const manifest = buildManifest(config);
    const { problems } = await collectProblems(manifest);
    const source = values.mode === undefined ? 'demo values' : `mode ${values.mode}`;
    if (problems.length > 0) {
      console.error(`Manifest validation failed (${source}):`);
      for (const problem of problems) console.error(`  - ${problem}`);
      return 1;
    }
    const version = manifest['manifestVersion'];
    console.log(
      `Manifest ${typeof version === 'string' ? version : ''} is valid (${source}); icons are OK.`,
    );
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main();
