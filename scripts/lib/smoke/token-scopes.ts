/**
 * What an access token says about its own scopes. On the Microsoft identity platform a delegated
 * Graph token carries, in its `scp` claim (space-separated), the scopes consented for the app;
 * asking for fewer does not take the others out. So "without a scope" can only be observed as
 * "the scope is absent from the token". Only the claims are read: the signature is Graph's to
 * check, and the token itself is never printed.
 */
import { z } from 'zod';

const claimsSchema = z
  .object({
    scp: z.union([z.string(), z.array(z.string())]).optional(),
    /** Application tokens carry `roles` instead: the smoke run is delegated only. */
    roles: z.array(z.string()).optional(),
  })
  .loose();

export interface TokenScopes {
  /** The delegated scopes in `scp`, or null when the token has no readable `scp` claim. */
  readonly scopes: readonly string[] | null;
  /** True when the token carries application `roles` (not what this run is meant for). */
  readonly application: boolean;
}

function base64UrlToText(part: string): string | null {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(part)) return null;
  try {
    return Buffer.from(part, 'base64url').toString('utf8');
  } catch {
    return null;
  }
}

/**
 * Reads the scopes of a JWT (`header.claims.signature`). The local emulator's tokens
 * (`emu.claims.signature`) have their claims in the same place.
 */
export function tokenScopes(token: string): TokenScopes {
  const claimsPart = token.split('.')[1];
  const text = claimsPart === undefined ? null : base64UrlToText(claimsPart);
  if (text === null) return { scopes: null, application: false };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { scopes: null, application: false };
  }
  const parsed = claimsSchema.safeParse(json);
  if (!parsed.success) return { scopes: null, application: false };
  const { scp, roles } = parsed.data;
  const scopes =
    scp === undefined
      ? null
      : (typeof scp === 'string' ? scp.split(/\s+/) : scp).filter((scope) => scope !== '');
  return { scopes, application: (roles?.length ?? 0) > 0 };
}

/** Case-insensitive, as Entra compares scope names. */
export function hasScope(scopes: readonly string[], wanted: string): boolean {
  return scopes.some((scope) => scope.toLowerCase() === wanted.toLowerCase());
}

/**
 * Whether a token with `granted` satisfies a call that asks for `needed`. A `.ReadWrite`
 * scope covers its `.Read` (Sites.ReadWrite.All covers Sites.Read.All), and `User.Read.All`
 * covers `User.ReadBasic.All`, as Graph's permission reference lists them as higher privileged.
 */
export function scopeSatisfied(granted: readonly string[], needed: string): boolean {
  if (hasScope(granted, needed)) return true;
  const higher = [
    needed.replace(/\.Read(\.|$)/, '.ReadWrite$1'),
    needed === 'User.ReadBasic.All' ? 'User.Read.All' : '',
    needed === 'Sites.Read.All' || needed === 'Sites.ReadWrite.All' ? 'Sites.Manage.All' : '',
    needed.startsWith('Sites.') ? 'Sites.FullControl.All' : '',
  ].filter((scope) => scope !== '' && scope !== needed);
  return higher.some((scope) => hasScope(granted, scope));
}
