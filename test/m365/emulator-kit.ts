/**
 * An emulator provisioned by our own provisioner (as the site's owner), and
 * Graph clients for any demo person that call it in-process through
 * `emulator.handle` with a fake clock, so retries cost no time.
 */
import { demoGroupIds, demoPersonIds } from '../../emulator/directory-data.ts';
import { DEMO_TENANT_ID } from '../../emulator/emulator-config.ts';
import { expect } from 'vitest';
import { asSeenByPage } from '../../emulator/cors-exposure.ts';
import type { FaultSettingsInput } from '../../emulator/faults.ts';
import { INSTANT_DELIVERY } from '../../emulator/mail-limits.ts';
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

/** Tokens with exactly the scopes each call asks for, so the emulator checks every call's. */
export function tokenFor(emulator: Emulator, user: string): TokenSource {
  return { getAccessToken: (scopes) => emulator.issueToken(user, { scopes }) };
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
  // Mail arrives at once here unless a kit asks for Exchange's delays (the review kit does):
  // the tests on this kit are about requests and triage, not about when mail arrives.
  const emulator = createGraphEmulator({
    ...options,
    mailLimits: { ...INSTANT_DELIVERY, ...options.mailLimits },
  });
  await runProvisioning(emulator);
  return emulator;
}

/**
 * The ways Microsoft 365 differs from its documentation's examples, which every contract test
 * runs against (`describe.each(contractVariants)`), each with a fixed seed:
 * - as documented: no faults, every header visible (a Node caller's view);
 * - a page behind Graph's CORS (no `Retry-After` to read), with 429/502/503/504 on a tenth of
 *   the calls that are safe to repeat or are the ledger's write-once item POSTs;
 * - unique conflicts answered 409/400/500, `$batch` responses out of order, short and empty
 *   pages with next links, and directory results with org contacts, devices, roles...
 */
export interface ContractVariant {
  readonly name: string;
  readonly faults: FaultSettingsInput | null;
  /** Responses as browser code sees them (cors-exposure.ts). */
  readonly page: boolean;
}

// Sending mail, replying and posting to a channel are not repeatable; they stay unfaulted.
const REPEATABLE = '^(?!.*(/sendMail|/reply|/replyAll|/forward|/channels/[^/]+/messages)).*$';

export const contractVariants: readonly ContractVariant[] = [
  { name: 'as documented', faults: null, page: false },
  {
    name: 'a page throttled without Retry-After',
    faults: {
      rate: 0.1,
      kinds: ['429', '502', '503', '504'],
      retryAfter429: 'never',
      retryAfter503: 'sometimes',
      pathPattern: REPEATABLE,
      seed: 11,
    },
    page: true,
  },
  {
    name: 'odd conflicts, shuffled batches, short pages, mixed directory',
    faults: {
      rate: 0,
      uniqueConflict: 'mixed',
      batchOrder: 'shuffled',
      paging: 'varied',
      directoryObjects: 'mixed',
      seed: 7,
    },
    page: true,
  },
];

let currentVariant: ContractVariant = contractVariants[0] ?? {
  name: 'as documented',
  faults: null,
  page: false,
};
const configuredBy = new WeakMap<Emulator, ContractVariant>();

/** Selects the variant the next `graphAs` clients run against (call it in `beforeEach`). */
export function useContractVariant(variant: ContractVariant): void {
  currentVariant = variant;
}

export function contractVariant(): ContractVariant {
  return currentVariant;
}

/**
 * Round trips: exactly `expected` as documented; at least that many where faults and short
 * pages make the product ask again.
 */
export function expectRoundTrips(actual: number, expected: number): void {
  if (currentVariant.faults === null) expect(actual).toBe(expected);
  else expect(actual).toBeGreaterThanOrEqual(expected);
}

/** Puts the current variant's faults on an emulator, unless a test configured its own. */
function applyVariant(emulator: Emulator): void {
  const configured = configuredBy.get(emulator);
  if (configured === currentVariant) return;
  if (configured === undefined && emulator.faults.settings() !== null) return;
  if (currentVariant.faults === null) emulator.faults.clear();
  else emulator.faults.configure(currentVariant.faults);
  configuredBy.set(emulator, currentVariant);
}

/** A Graph client acting as `user` (id or userPrincipalName) against `emulator`. */
export function graphAs(
  emulator: Emulator,
  user: string,
  options: { fetch?: FetchLike; retry?: RetryOptions } = {},
): GraphClient {
  const clock = fakeClock();
  applyVariant(emulator);
  const send: FetchLike = options.fetch ?? ((request) => emulator.handle(request));
  const page = currentVariant.page;
  return createGraphClient(tokenFor(emulator, user), GRAPH_ROOT, {
    fetch: page ? async (request) => asSeenByPage(await send(request)) : send,
    retry: createRetryPolicy({
      sleep: clock.sleep,
      now: clock.now,
      random: seededRandom(3),
      ...options.retry,
    }),
  });
}
