/**
 * `npm run emulator:reset`: start the workbench's emulator clean. Deletes the state file, and
 * asks a running dev server to reset too (otherwise its next save would write the old state
 * back). Usage: `tsx emulator/reset-cli.ts [--file <path>] [--server <origin> | --no-server]`.
 */
import { resolve } from 'node:path';
import { DEFAULT_EMULATOR_FILE, createFileStorage } from './file-storage.ts';

interface ResetArguments {
  readonly file: string;
  readonly server: string | null;
}

function parseArguments(argv: readonly string[]): ResetArguments {
  let file = DEFAULT_EMULATOR_FILE;
  let server: string | null = `http://localhost:${process.env['PORT'] ?? '5173'}`;
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    const value = argv[index + 1];
    if (argument === '--file' && value !== undefined) {
      file = value;
      index += 1;
    } else if (argument === '--server' && value !== undefined) {
      server = value.replace(/\/+$/, '');
      index += 1;
    } else if (argument === '--no-server') {
      server = null;
    } else if (argument === '--help' || argument === '-h') {
      console.log(
        'Usage: tsx emulator/reset-cli.ts [--file <path>] [--server <origin> | --no-server]',
      );
      process.exit(0);
    } else {
      console.error(`Unknown argument '${argument ?? ''}'. Try --help.`);
      process.exit(2);
    }
  }
  return { file, server };
}

/** Resets a running emulator; false when nothing answers there. */
async function resetServer(origin: string): Promise<boolean> {
  try {
    const response = await fetch(`${origin}/_emulator/reset`, {
      method: 'POST',
      signal: AbortSignal.timeout(1500),
    });
    return response.status === 204;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const options = parseArguments(process.argv.slice(2));
  await createFileStorage(options.file).clear();
  console.log(`Deleted the emulator's state file ${resolve(options.file)} (if there was one).`);
  if (options.server !== null) {
    if (await resetServer(options.server)) {
      console.log(`The emulator at ${options.server} was reset as well.`);
    } else {
      console.log(`No running emulator answered at ${options.server}; nothing else to reset.`);
    }
  }
}

await main();
