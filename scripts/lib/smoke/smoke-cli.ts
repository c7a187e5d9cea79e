/**
 * `npm run smoke -- …`: arguments, sign-in and output, kept apart from scripts/smoke.ts so tests
 * run it with the emulator's fetch and token. The table (or JSON) goes to `out`; progress and
 * the sign-in prompt go to `err`, so `--json > result.json` stays clean.
 */
import type { FetchLike } from '../../../src/m365/http-pipeline.ts';
import type { TokenSource } from '../../../src/m365/token-source.ts';
import { createMsalSignIn } from './msal-sign-in.ts';
import type { SmokeClock } from './smoke-http.ts';
import {
  parseSmokeArgs,
  SMOKE_USAGE,
  SmokeUsageError,
  type SmokeOptions,
} from './smoke-options.ts';
import { formatSmokePlan } from './smoke-plan.ts';
import { formatSmokeReport, smokeReportJson } from './smoke-report.ts';
import { runSmoke } from './smoke-run.ts';

export interface SmokeIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

export interface SmokeDeps {
  readonly fetch?: FetchLike;
  /** The sign-in; default MSAL (msal-sign-in.ts). Tests pass the emulator's tokens. */
  readonly signIn?: (options: SmokeOptions, say: (line: string) => void) => TokenSource;
  readonly clock?: SmokeClock;
  readonly runId?: string;
  readonly pollMs?: number;
}

/** Runs the command; returns the exit code: 0 all relied-on checks passed, 1 not, 2 usage. */
export async function runSmokeCli(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: SmokeIo,
  deps: SmokeDeps = {},
): Promise<number> {
  let parsed;
  try {
    parsed = parseSmokeArgs(argv, env);
  } catch (error) {
    if (!(error instanceof SmokeUsageError)) throw error;
    io.err(`Invalid arguments: ${error.message}`);
    io.err(SMOKE_USAGE);
    return 2;
  }
  if (parsed.kind === 'help') {
    io.out(SMOKE_USAGE);
    return 0;
  }
  if (parsed.kind === 'plan') {
    io.out(formatSmokePlan(parsed.options, parsed.placeholders));
    return 0;
  }
  const { options } = parsed;
  const signIn = deps.signIn ?? createMsalSignIn;
  // Optional, as for provisioning: a Graph token of the same account with Sites.Manage.All and
  // Mail.ReadWrite, for the run's own setup and cleanup. Never printed.
  const setupToken = env['GRAPH_TOKEN'];
  try {
    const report = await runSmoke(options, {
      fetch: deps.fetch ?? ((request) => fetch(request)),
      tokenSource: signIn(options, io.err),
      ...(setupToken === undefined || setupToken === ''
        ? {}
        : { setupTokenSource: { getAccessToken: () => Promise.resolve(setupToken) } }),
      ...(deps.clock === undefined ? {} : { clock: deps.clock }),
      ...(deps.runId === undefined ? {} : { runId: deps.runId }),
      ...(deps.pollMs === undefined ? {} : { pollMs: deps.pollMs }),
      progress: io.err,
    });
    io.out(options.json ? smokeReportJson(report, options) : formatSmokeReport(report, options));
    return report.exitCode;
  } catch (error) {
    io.err(`The smoke run stopped: ${error instanceof Error ? error.message : String(error)}`);
    io.err(
      'If it had begun writing, a list ElementsTilgangSmoke-… on the test site and test mails in the test mailbox may be left: delete them by hand.',
    );
    return 1;
  }
}
