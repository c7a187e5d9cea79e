/**
 * What a token request asks for, turned into a token's audience and delegated scopes the way the
 * Microsoft identity platform does it ("Scopes and permissions in the Microsoft identity
 * platform", https://learn.microsoft.com/en-us/entra/identity-platform/scopes-oidc):
 *
 * - a bare name (`User.Read`) or `https://graph.microsoft.com/User.Read` is a Graph scope;
 * - `https://<tenant>.sharepoint.com/AllSites.Write` is a SharePoint one (the site's host);
 * - `<resource>/.default` asks for every scope the app registration has for that resource;
 * - `openid`, `profile`, `offline_access` and `email` are OpenID Connect scopes: they shape the
 *   ID token, not the access token, so they never appear in `scp`;
 * - one access token is for one resource: asking for two gives `AADSTS28000` ("Provided value
 *   for the input parameter scope is not valid because it contains more than one resource",
 *   https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes);
 * - a scope the app registration does not have gives `AADSTS65001` (consent required) where
 *   the registration is enforced (the `/_emulator/token` sign-in the app itself uses).
 *
 * Entra ID puts every consented scope of the resource into the token, not only the asked ones;
 * the emulator grants exactly what was asked (or `.default`'s list), which is stricter: a call
 * whose token was asked for the wrong scopes fails here, where on a tenant it would work only
 * while some other call happened to have asked for the right ones.
 */
import type { TokenGrant } from './emulator-token.ts';

/** Graph's resource (`aud` of a Graph token). */
export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';

const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);

/**
 * The delegated Graph permissions of the Elements tilgang app registration in the demo tenant:
 * the README's app-registration list (a test keeps README, this list and
 * `src/m365/token-source.ts` equal).
 */
export const APP_REGISTRATION_SCOPES: readonly string[] = [
  'User.Read',
  'User.ReadBasic.All',
  'User.Read.All',
  'GroupMember.Read.All',
  'Sites.Read.All',
  'Sites.ReadWrite.All',
  'Mail.Send',
  'Mail.Send.Shared',
  'Mail.Read',
  'Mail.Read.Shared',
  'ChannelMessage.Send',
  'ChannelMessage.Read.All',
];

export type GrantResult =
  | { readonly ok: true; readonly grant: TokenGrant }
  | { readonly ok: false; readonly error: string; readonly description: string };

export interface GrantOptions {
  /** `https://<host>` of the emulated SharePoint tenant. */
  readonly sharePointAudience: string;
  /**
   * The app registration's Graph scopes, enforced: anything else is refused (AADSTS65001).
   * `null`: any scope is granted (a test acting as some other client, or an administrator's tool).
   */
  readonly registered: readonly string[] | null;
}

function splitResource(scope: string, sharePointAudience: string): [string, string] | null {
  const lower = scope.toLowerCase();
  for (const audience of [GRAPH_AUDIENCE, sharePointAudience]) {
    const prefix = `${audience.toLowerCase()}/`;
    if (lower.startsWith(prefix)) return [audience, scope.slice(prefix.length)];
  }
  // `https://other.example/Scope`: a resource this emulator does not serve.
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(scope)) return null;
  return [GRAPH_AUDIENCE, scope];
}

function canonical(name: string, known: readonly string[]): string {
  return known.find((candidate) => candidate.toLowerCase() === name.toLowerCase()) ?? name;
}

/**
 * The grant for a token request's scopes. Nothing asked (or only OpenID Connect scopes) means
 * Graph's `.default`: the registration's scopes.
 */
export function grantFor(
  requested: readonly string[] | undefined,
  options: GrantOptions,
): GrantResult {
  const defaults = options.registered ?? APP_REGISTRATION_SCOPES;
  const asked = (requested ?? []).map((scope) => scope.trim()).filter((scope) => scope !== '');
  const resourceScopes = asked.filter((scope) => !OIDC_SCOPES.has(scope.toLowerCase()));
  if (resourceScopes.length === 0) {
    return { ok: true, grant: { audience: GRAPH_AUDIENCE, scopes: [...defaults] } };
  }

  const audiences = new Set<string>();
  const names: string[] = [];
  for (const scope of resourceScopes) {
    const split = splitResource(scope, options.sharePointAudience);
    if (split === null) {
      return {
        ok: false,
        error: 'invalid_resource',
        description: `AADSTS500011: The resource principal named ${scope} was not found in the tenant.`,
      };
    }
    audiences.add(split[0]);
    names.push(split[1]);
  }
  if (audiences.size > 1) {
    return {
      ok: false,
      error: 'invalid_scope',
      description:
        'AADSTS28000: Provided value for the input parameter scope is not valid because it contains more than one resource.',
    };
  }
  const [audience = GRAPH_AUDIENCE] = audiences;
  const isGraph = audience === GRAPH_AUDIENCE;

  if (names.some((name) => name === '.default')) {
    if (names.length > 1) {
      return {
        ok: false,
        error: 'invalid_scope',
        description:
          'AADSTS70011: The provided value for the input parameter scope is not valid. The .default scope cannot be combined with other scopes.',
      };
    }
    if (!isGraph) {
      // The demo registration has no SharePoint permissions.
      if (options.registered !== null) return consentRequired(audience, '.default');
      return { ok: true, grant: { audience, scopes: ['AllSites.FullControl'] } };
    }
    return { ok: true, grant: { audience, scopes: [...defaults] } };
  }

  if (options.registered !== null) {
    const registered = isGraph ? options.registered : [];
    const missing = names.find(
      (name) => !registered.some((candidate) => candidate.toLowerCase() === name.toLowerCase()),
    );
    if (missing !== undefined) return consentRequired(audience, missing);
  }
  const known = isGraph ? [...APP_REGISTRATION_SCOPES, ...(options.registered ?? [])] : [];
  const scopes = [...new Set(names.map((name) => canonical(name, known)))];
  return { ok: true, grant: { audience, scopes } };
}

function consentRequired(audience: string, scope: string): GrantResult {
  return {
    ok: false,
    error: 'invalid_grant',
    description: `AADSTS65001: The user or administrator has not consented to use the application with ID 'elements-tilgang' named 'Elements tilgang'. Send an interactive authorization request for this user and resource. (scope '${scope}' of '${audience}')`,
  };
}

/** Whether a token's space-separated `scp` holds any one of `accepted` (case-insensitive). */
export function hasAnyScope(scp: string, accepted: readonly string[]): boolean {
  const held = new Set(
    scp
      .split(' ')
      .filter((scope) => scope !== '')
      .map((scope) => scope.toLowerCase()),
  );
  return accepted.some((scope) => held.has(scope.toLowerCase()));
}
