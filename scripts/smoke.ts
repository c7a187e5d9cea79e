/**
 * npm run smoke -- --tenant <id> --client-id <guid> --site <url> --mailbox <address> [--dry-run] …
 * Settles, on a real tenant's test site and test mailbox, what Elements tilgang assumes of
 * Microsoft 365, and prints it as a table (docs/provisioning.md, "Smoke run on a real tenant").
 */
import { runSmokeCli } from './lib/smoke/smoke-cli.ts';

process.exitCode = await runSmokeCli(process.argv.slice(2), process.env, {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});
