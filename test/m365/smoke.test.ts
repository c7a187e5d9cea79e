// @vitest-environment node
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { demoPeople, demoPersonIds } from '../../emulator/directory-data.ts';
import { createManualClock } from '../../emulator/emulator-clock.ts';
import { DOKUMENTSENTERET_MAILBOX } from '../../emulator/emulator-config.ts';
import { createGraphEmulator, type GraphEmulatorOptions } from '../../emulator/graph-emulator.ts';
import { runSmokeCli, type SmokeDeps } from '../../scripts/lib/smoke/smoke-cli.ts';
import { productCalls, productScopes } from '../../scripts/lib/smoke/product-calls.ts';
import { formatTable, wrap } from '../../scripts/lib/smoke/smoke-report.ts';
import { scopeSatisfied, tokenScopes } from '../../scripts/lib/smoke/token-scopes.ts';
import type { FetchLike } from '../../src/m365/http-pipeline.ts';
import { GRAPH_ROOT } from './emulator-kit.ts';

const SIGRID = demoPersonIds.sigridLund;
const SIGRID_MAIL = demoPeople.find((person) => person.id === SIGRID)?.mail ?? '';
const SHARED = DOKUMENTSENTERET_MAILBOX.mail;
const TENANT = '00000000-0000-4000-8000-000000000b0d';
const CLIENT = '11111111-2222-4333-8444-555555555555';
const GRAPH_DEFAULT = ['https://graph.microsoft.com/.default'];

/** An emulator whose site Sigrid (systemansvarlig, Full Access to the shared mailbox) owns. */
function setUp(options: Omit<GraphEmulatorOptions, 'now' | 'site'> = {}) {
  const clock = createManualClock('2026-03-02T08:00:00Z');
  const emulator = createGraphEmulator({
    ...options,
    now: clock.now,
    site: { ownerIds: [SIGRID] },
  });
  const requests: { method: string; url: string }[] = [];
  const fetchFn: FetchLike = (request) => {
    requests.push({ method: request.method, url: request.url });
    return emulator.handle(request);
  };
  const smokeClock = {
    now: () => clock.now().getTime(),
    sleep: (ms: number) => {
      clock.advance(ms);
      return Promise.resolve();
    },
  };
  return { clock, emulator, requests, fetch: fetchFn, smokeClock };
}

type Kit = ReturnType<typeof setUp>;

const baseArgs = (kit: Kit, extra: string[] = []) => [
  '--tenant',
  TENANT,
  '--client-id',
  CLIENT,
  '--site',
  kit.emulator.site.url,
  '--mailbox',
  SIGRID_MAIL,
  '--graph-root',
  GRAPH_ROOT,
  ...extra,
];

async function run(
  kit: Kit,
  argv: string[],
  options: { appScopes?: readonly string[]; user?: string; env?: Record<string, string> } = {},
) {
  const out: string[] = [];
  const err: string[] = [];
  let signIns = 0;
  const deps: SmokeDeps = {
    fetch: kit.fetch,
    clock: kit.smokeClock,
    runId: 'r1',
    signIn: () => {
      signIns += 1;
      // As MSAL's `.default`: one token with the app registration's consented scopes.
      return {
        getAccessToken: () =>
          kit.emulator.issueToken(options.user ?? SIGRID, {
            scopes: options.appScopes ?? GRAPH_DEFAULT,
          }),
      };
    },
  };
  const code = await runSmokeCli(
    argv,
    options.env ?? {},
    { out: (line) => out.push(line), err: (line) => err.push(line) },
    deps,
  );
  return { code, out: out.join('\n'), err: err.join('\n'), signIns: () => signIns };
}

const rowSchema = z.object({
  check: z.string(),
  outcome: z.enum(['pass', 'warn', 'fail', 'info', 'not run', 'skipped']),
  evidence: z.string(),
  assumes: z.string(),
  relied: z.boolean(),
});
const reportSchema = z.object({
  runId: z.string(),
  exitCode: z.union([z.literal(0), z.literal(1)]),
  rows: z.array(rowSchema),
  calls: z.array(
    z.object({
      id: z.string(),
      method: z.string(),
      outcome: z.enum(['pass', 'fail', 'not run']),
      evidence: z.string(),
      scopes: z.array(z.string()),
    }),
  ),
  burst: z.array(
    z.object({ n: z.number(), status: z.number(), retryAfter: z.string().nullable() }),
  ),
});

function rowOf(report: z.infer<typeof reportSchema>, check: string | RegExp) {
  const found = report.rows.find((row) =>
    typeof check === 'string' ? row.check === check : check.test(row.check),
  );
  if (found === undefined) throw new Error(`no row ${String(check)}`);
  return found;
}

async function setupToken(kit: Kit): Promise<string> {
  return kit.emulator.issueToken(SIGRID, {
    scopes: ['User.Read', 'Sites.Manage.All', 'Mail.ReadWrite'],
  });
}

const listSchema = z.object({
  value: z.array(z.object({ id: z.string(), displayName: z.string() })),
});
const messagesSchema = z.object({ value: z.array(z.object({ subject: z.string().nullish() })) });

/** As Sigrid with the scope a look needs: what the site's owner and the mailbox's owner see. */
async function lookAs(kit: Kit, path: string): Promise<unknown> {
  const scope = path.startsWith('/me') ? 'Mail.ReadWrite' : 'Sites.Manage.All';
  const token = await kit.emulator.issueToken(SIGRID, { scopes: [scope] });
  const response = await kit.emulator.handle(
    new Request(`${GRAPH_ROOT}/v1.0${path}`, { headers: { authorization: `Bearer ${token}` } }),
  );
  expect(response.status).toBe(200);
  return response.json();
}

const smokeLists = async (kit: Kit) =>
  listSchema
    .parse(await lookAs(kit, `/sites/${kit.emulator.site.id}/lists?$select=id,displayName`))
    .value.filter((list) => list.displayName.startsWith('ElementsTilgangSmoke'));

/** Every step that changes something: the run's writes. */
const writes = (kit: Kit) => kit.requests.filter((request) => request.method !== 'GET');

describe('npm run smoke against the emulator', () => {
  it('settles every check, lists every product call, and says what it could not clean up', async () => {
    const kit = setUp();
    const result = await run(kit, baseArgs(kit, ['--shared-mailbox', SHARED, '--json']), {
      env: { GRAPH_TOKEN: await setupToken(kit) },
    });
    const report = reportSchema.parse(JSON.parse(result.out));

    expect(rowOf(report, 'Token scopes').outcome).toBe('pass');
    expect(rowOf(report, 'Signed-in account').outcome).toBe('pass');
    expect(rowOf(report, 'Temporary list on the test site').outcome).toBe('pass');

    // Whatever status the emulator gives a duplicate, the row reports it, and only 409 passes.
    const unique = rowOf(report, 'Unique-column duplicate');
    const status = /second add: (\d{3})/.exec(unique.evidence)?.[1];
    expect(status).toBeDefined();
    expect(unique.outcome === 'pass').toBe(status === '409');
    expect(unique.evidence).toMatch(
      /createItemOnce with the same id (returned the stored item|failed)/,
    );

    const kept = rowOf(report, 'internetMessageId kept');
    expect(kept).toMatchObject({ outcome: 'pass' });
    expect(kept.evidence).toContain('<smoke.r1.1@bodo.example>');
    // The emulator files the Sent Items copy after its configured delay: the run waits for it.
    const delay = rowOf(report, 'Sent Items delay');
    const seconds = Number(/Sent Items copy after (\d+\.\d) s/.exec(delay.evidence)?.[1]);
    expect(seconds).toBeGreaterThanOrEqual(0);
    expect(delay.outcome).toBe(seconds <= 2 ? 'pass' : 'warn');
    expect(rowOf(report, /x-elements-tilgang header/).outcome).toBe('pass');

    // Every product call is listed; none failed with the app's scopes.
    expect(report.calls.map((call) => call.id).sort()).toEqual(
      productCalls.map((call) => call.id).sort(),
    );
    expect(report.calls.filter((call) => call.outcome === 'fail')).toEqual([]);
    expect(rowOf(report, /Every product Graph call/).outcome).toBe('pass');
    const byId = new Map(report.calls.map((call) => [call.id, call]));
    expect(byId.get('list-items.createItemOnce')?.outcome).toBe('pass');
    expect(byId.get('mailbox.reply')?.outcome).toBe('pass');
    expect(byId.get('mailer.sendMail (shared mailbox)')?.outcome).toBe('pass');
    expect(byId.get('channel-notifier.postCard')).toMatchObject({ outcome: 'not run' });

    // `.default` carries Mail.Read.Shared here: the row says "without" was not tested.
    const shared = rowOf(report, 'Shared mailbox read');
    expect(shared.evidence).toContain('Inbox 200, Sent Items 200');
    expect(shared.evidence).toContain('reading without it was not tested');

    // 31 sends, each recorded; the row agrees with what came back.
    expect(report.burst).toHaveLength(31);
    expect(report.burst.every((send) => send.status === 202 || send.status === 429)).toBe(true);
    const burstRow = rowOf(report, 'Mail number 31 in a minute');
    const refused = report.burst.find((send) => send.status === 429);
    if (refused !== undefined) {
      expect(burstRow.evidence).toContain(`first refusal at mail ${refused.n}`);
    } else {
      expect(burstRow.evidence).toMatch(/^1-31: 202/);
      expect(burstRow.evidence).toMatch(/of mail 31 (after|not within)/);
    }

    // Cleanup: the temporary list is gone (Graph's DELETE on a list; sharepoint-graph.ts).
    expect(await smokeLists(kit)).toEqual([]);
    expect(rowOf(report, 'Cleanup: temporary list').outcome).toBe('pass');
    // With Mail.ReadWrite (GRAPH_TOKEN) no test mail is left in the test mailbox.
    expect(rowOf(report, 'Cleanup: test mails').outcome).toBe('pass');
    const mails = messagesSchema.parse(await lookAs(kit, '/me/messages?$top=1000&$select=subject'));
    expect(mails.value.filter((mail) => mail.subject?.includes('smoke r1'))).toEqual([]);

    const expectedExit = report.rows.some(
      (row) => row.relied && (row.outcome === 'fail' || row.outcome === 'not run'),
    )
      ? 1
      : 0;
    expect(result.code).toBe(expectedExit);
    expect(report.exitCode).toBe(expectedExit);
    // No token in any output.
    const token = await setupToken(kit);
    expect(result.out + result.err).not.toContain(token.split('.')[2] ?? 'x');
    expect(result.out + result.err).not.toMatch(/emu\.[A-Za-z0-9_-]{20,}/);
  }, 60_000);

  it('prints a table with a row per check and per product call', async () => {
    const kit = setUp();
    const result = await run(kit, baseArgs(kit, ['--burst', '3']), {
      env: { GRAPH_TOKEN: await setupToken(kit) },
    });
    const lines = result.out.split('\n');
    if (process.env['SHOW_SMOKE'] === '1') process.stdout.write(`${result.out}\n`);
    expect(lines[0]).toBe(
      `Elements tilgang smoke run r1: ${kit.emulator.site.url}, ${SIGRID_MAIL}`,
    );
    expect(result.out).toMatch(/^Check +\| Result +\| Evidence +\| What the product assumes$/m);
    expect(result.out).toMatch(/^internetMessageId kept +\| PASS +\| Sent Items and Inbox copies/m);
    expect(result.out).toMatch(/^Shared mailbox read +\| SKIPPED +\| no --shared-mailbox given/m);
    expect(result.out).toMatch(/^Mail number 3 in a minute +\| INFO +\| 1-3: 202/m);
    for (const call of productCalls) expect(result.out).toContain(call.id.split(' ')[0]);
    expect(result.err).toContain('Sending 3 mails to the test mailbox');
  }, 60_000);

  it("with the app's scopes alone: no list can be made, and the shared mailbox needs Mail.Read.Shared", async () => {
    const kit = setUp();
    // The scopes the product declares, as a token that carries exactly them (no .default).
    const result = await run(
      kit,
      baseArgs(kit, ['--shared-mailbox', SHARED, '--json', '--burst', '1']),
      {
        appScopes: productScopes().filter((scope) => scope !== 'Mail.Read.Shared'),
      },
    );
    const report = reportSchema.parse(JSON.parse(result.out));
    const list = rowOf(report, 'Temporary list on the test site');
    expect(list.outcome).toBe('fail');
    expect(list.evidence).toContain("POST lists with the app's token answered 403");
    expect(rowOf(report, 'Unique-column duplicate').outcome).toBe('not run');
    const shared = rowOf(report, 'Shared mailbox read');
    expect(shared.outcome).toBe('fail');
    expect(shared.evidence).toContain('the token does not carry Mail.Read.Shared');
    // Deleting mail needs Mail.ReadWrite: the copies stay, and the row says how to find them.
    const mails = rowOf(report, 'Cleanup: test mails');
    expect(mails.outcome).toBe('warn');
    expect(mails.evidence).toContain('[Elements tilgang smoke r1]');
    expect(await smokeLists(kit)).toEqual([]);
    expect(result.code).toBe(1);
  }, 60_000);

  it('records the 429 and Retry-After of the first mail over the limit when Exchange refuses it', async () => {
    const kit = setUp({ mailLimits: { overLimit: 'throttle' } });
    const result = await run(kit, baseArgs(kit, ['--json']), {
      env: { GRAPH_TOKEN: await setupToken(kit) },
    });
    const report = reportSchema.parse(JSON.parse(result.out));
    expect(report.burst.slice(0, 30).every((send) => send.status === 202)).toBe(true);
    expect(report.burst[30]).toMatchObject({ n: 31, status: 429 });
    expect(report.burst[30]?.retryAfter).toMatch(/^\d+$/);
    const row = rowOf(report, 'Mail number 31 in a minute');
    expect(row.outcome).toBe('pass');
    expect(row.evidence).toMatch(
      /^1-30: 202; 31: 429 ApplicationThrottled \(Retry-After \d+\); first refusal at mail 31/,
    );
  }, 60_000);

  it('refuses to write anything when the signed-in account is not --mailbox', async () => {
    const kit = setUp();
    const result = await run(kit, baseArgs(kit), { user: demoPersonIds.andersMoe });
    expect(result.code).toBe(1);
    expect(result.out).toContain('the account signed in is not --mailbox');
    expect(writes(kit)).toEqual([]);
  });

  it('a dry run prints every call with method, scope and whether it writes, and touches nothing', async () => {
    const kit = setUp();
    const result = await run(kit, ['--dry-run', ...baseArgs(kit, ['--shared-mailbox', SHARED])]);
    expect(result.code).toBe(0);
    expect(kit.requests).toEqual([]);
    expect(result.signIns()).toBe(0);
    expect(result.out).toMatch(
      /^ {2}W POST {3}\/me\/sendMail × 31 .*\[Mail\.Send\] -> test mailbox$/m,
    );
    expect(result.out).toMatch(
      /^ {4}GET {4}\/me\?\$select=id,mail,userPrincipalName \[User\.Read\]$/m,
    );
    for (const call of productCalls) expect(result.out).toContain(`Product call ${call.id}`);
    expect(result.out).toContain('Warning: the burst sends 31 mails');
    expect(result.out).toContain('Dry run: nobody signed in, nothing was sent anywhere.');
  });

  it('a dry run without options shows placeholders and still sends nothing', async () => {
    const kit = setUp();
    const result = await run(kit, ['--dry-run']);
    expect(result.code).toBe(0);
    expect(kit.requests).toEqual([]);
    expect(result.out).toContain('Placeholders shown for --tenant, --client-id, --site, --mailbox');
  });
});

describe('npm run smoke arguments', () => {
  const refused = async (argv: string[]) => {
    const kit = setUp();
    const result = await run(kit, argv);
    expect(result.code).toBe(2);
    expect(kit.requests).toEqual([]);
    expect(result.signIns()).toBe(0);
    return result.err;
  };
  const valid = (kit: Kit) => baseArgs(kit);

  it('names every missing required option', async () => {
    const err = await refused(['--tenant', TENANT]);
    expect(err).toContain('--client-id is required');
    expect(err).toContain('--site is required');
    expect(err).toContain('--mailbox is required');
    expect(err).toContain('Usage:');
  });

  it('explains malformed values', async () => {
    const kit = setUp();
    const args = valid(kit);
    const replace = (name: string, value: string) => {
      const copy = [...args];
      copy[copy.indexOf(name) + 1] = value;
      return copy;
    };
    expect(await refused(replace('--site', 'http://bodo.sharepoint.com/sites/x'))).toContain(
      '--site must be an https URL',
    );
    expect(await refused(replace('--site', 'https://bodo.sharepoint.com'))).toContain(
      '--site must name a site',
    );
    expect(await refused(replace('--mailbox', 'not-an-address'))).toContain(
      '--mailbox must be an e-mail address',
    );
    expect(await refused(replace('--client-id', 'abc'))).toContain('--client-id must be a GUID');
    expect(await refused([...args, '--burst', '0'])).toContain('--burst must be at least 1');
    expect(await refused([...args, '--burst', '500'])).toContain('--burst must be at most 100');
    expect(await refused([...args, '--team-id', CLIENT])).toContain(
      '--team-id and --channel-id go together',
    );
    expect(await refused([...args, '--device-code', '--browser'])).toContain('Choose one sign-in');
    expect(await refused([...args, '--secret', 'x'])).toContain("Unknown option '--secret'");
  });
});

describe('token scopes', () => {
  const jwt = (claims: unknown) =>
    `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

  it("reads a delegated token's scp claim, and says when there is none", () => {
    expect(tokenScopes(jwt({ scp: 'User.Read Mail.Send' }))).toEqual({
      scopes: ['User.Read', 'Mail.Send'],
      application: false,
    });
    expect(tokenScopes(jwt({ roles: ['Mail.Send'] }))).toEqual({ scopes: null, application: true });
    expect(tokenScopes('opaque')).toEqual({ scopes: null, application: false });
  });

  it('counts a higher scope as covering a lower one', () => {
    expect(scopeSatisfied(['Sites.ReadWrite.All'], 'Sites.Read.All')).toBe(true);
    expect(scopeSatisfied(['User.Read.All'], 'User.ReadBasic.All')).toBe(true);
    expect(scopeSatisfied(['Mail.Read'], 'Mail.Read.Shared')).toBe(false);
    expect(scopeSatisfied(['mail.send'], 'Mail.Send')).toBe(true);
  });
});

describe('the table', () => {
  it('wraps cells to their column', () => {
    expect(wrap('one two three four', 9)).toEqual(['one two', 'three', 'four']);
    expect(formatTable(['A', 'B'], [['x y z', 'w']], [3, 1])).toBe(
      ['A   | B', '----+--', 'x y | w', 'z'].join('\n'),
    );
  });
});
