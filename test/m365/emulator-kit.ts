/**
 * An emulator provisioned by our own provisioner (as the site's owner), and
 * Graph clients for any demo person that call it in-process through
 * `emulator.handle` with a fake clock, so retries cost no time.
 */
import { demoGroupIds, demoPersonIds } from '../../emulator/directory-data.ts';
import { DEMO_TENANT_ID } from '../../emulator/emulator-config.ts';
import { createGraphEmulator, type GraphEmulatorOptions } from '../../emulator/graph-emulator.ts';
import { buildPlan } from '../../scripts/lib/provision-plan.ts';
import { provision, type ProvisionResult } from '../../scripts/lib/provision-run.ts';
import { createGraphClient, type GraphClient } from '../../src/m365/graph-client.ts';
import type { FetchLike } from '../../src/m365/http-pipeline.ts';
import { createRetryPolicy, type RetryOptions } from '../../src/m365/retry-policy.ts';
import type { TokenSource } from '../../src/m365/token-source.ts';
import { fakeClock, seededRandom } from './fake-graph.ts';

export const GRAPH_ROOT = 'https://graph.emulator.test/graph';
export const SITE_URL = 'https://bodokommune.sharepoint.example/sites/dokumentsenteret';
export const SITE_OWNER = demoPersonIds.hakonOdegard;

export const provisionOptions = {
  siteUrl: SITE_URL,
  tenantId: DEMO_TENANT_ID,
  groups: { systemansvarlig: demoGroupIds.systemansvarlig, arkivleder: demoGroupIds.arkivleder },
};

export type Emulator = ReturnType<typeof createGraphEmulator>;

export function tokenFor(emulator: Emulator, user: string): TokenSource {
  return { getAccessToken: () => emulator.issueToken(user) };
}

/** Counts every HTTP round trip that reaches the emulator. */
export function countingFetch(emulator: Emulator) {
  const counter = { calls: 0 };
  const fetchFn: FetchLike = (request) => {
    counter.calls += 1;
    return emulator.handle(request);
  };
  return { fetch: fetchFn, counter };
}

export function runProvisioning(emulator: Emulator): Promise<ProvisionResult> {
  return provision(buildPlan(provisionOptions), {
    fetch: (request) => emulator.handle(request),
    graphRoot: GRAPH_ROOT,
    graphToken: tokenFor(emulator, SITE_OWNER),
    sharePointToken: tokenFor(emulator, SITE_OWNER),
    retry: { sleep: () => Promise.resolve() },
  });
}

export async function provisionedEmulator(options: GraphEmulatorOptions = {}) {
  const emulator = createGraphEmulator(options);
  await runProvisioning(emulator);
  return emulator;
}

/** A Graph client acting as `user` (id or userPrincipalName) against `emulator`. */
export function graphAs(
  emulator: Emulator,
  user: string,
  options: { fetch?: FetchLike; retry?: RetryOptions } = {},
): GraphClient {
  const clock = fakeClock();
  return createGraphClient(tokenFor(emulator, user), GRAPH_ROOT, {
    fetch: options.fetch ?? ((request) => emulator.handle(request)),
    retry: createRetryPolicy({
      sleep: clock.sleep,
      now: clock.now,
      random: seededRandom(3),
      ...options.retry,
    }),
  });
}
