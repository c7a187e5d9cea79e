/**
 * npm run provision -- --site <url> [--dry-run] …
 * Creates the access ledger's lists, columns, indexes and permissions on the
 * Dokumentsenteret SharePoint site (docs/provisioning.md). Safe to run twice.
 */
import { runProvisionCli } from './lib/provision-cli.ts';

process.exitCode = await runProvisionCli(process.argv.slice(2), process.env, {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});
