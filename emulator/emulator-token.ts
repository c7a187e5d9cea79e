/**
 * Emulator access tokens: `emu.<base64url(JSON claims)>.<base64url(HMAC-SHA256)>`.
 * The HMAC key is random per emulator state, so a client cannot edit the claims to act as
 * someone else. A persisted emulator keeps its key (tokens survive a dev-server restart); a reset
 * makes a new one, so tokens from before the reset are refused (the client simply asks again).
 */
import { z } from 'zod';
import {
  base64UrlToBytes,
  base64UrlToText,
  bytesToBase64Url,
  textToBase64Url,
} from './base64url.ts';

export const TOKEN_PREFIX = 'emu';
export const TOKEN_LIFETIME_SECONDS = 3600;

const claimsSchema = z.object({
  oid: z.string().min(1),
  upn: z.string().min(1),
  /** The resource the token is for: Graph, or the SharePoint tenant (`https://<host>`). */
  aud: z.string().min(1),
  /** Delegated scopes, space-separated, as Entra ID writes them. */
  scp: z.string(),
  iat: z.number().int(),
  exp: z.number().int(),
});

export type TokenClaims = z.infer<typeof claimsSchema>;

export type TokenVerification =
  | { readonly ok: true; readonly claims: TokenClaims }
  | { readonly ok: false; readonly reason: 'malformed' | 'signature' | 'expired' };

export interface IssuedToken {
  readonly accessToken: string;
  readonly expiresIn: number;
}

/** What a token is for: its audience and its delegated scopes (see oauth-scopes.ts). */
export interface TokenGrant {
  readonly audience: string;
  readonly scopes: readonly string[];
}

export interface TokenService {
  issue(
    subject: { readonly id: string; readonly userPrincipalName: string },
    grant: TokenGrant,
  ): Promise<IssuedToken>;
  verify(token: string): Promise<TokenVerification>;
}

/** 32 random bytes for a new signing key. */
export function newTokenKey(): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(32));
}

export function createTokenService(
  now: () => Date,
  rawKey: Uint8Array<ArrayBuffer> = newTokenKey(),
): TokenService {
  const encoder = new TextEncoder();
  const key = crypto.subtle.importKey('raw', rawKey, { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ]);

  const nowSeconds = (): number => Math.floor(now().getTime() / 1000);

  return {
    async issue(subject, grant) {
      const iat = nowSeconds();
      const claims: TokenClaims = {
        oid: subject.id,
        upn: subject.userPrincipalName,
        aud: grant.audience,
        scp: grant.scopes.join(' '),
        iat,
        exp: iat + TOKEN_LIFETIME_SECONDS,
      };
      const signedPart = `${TOKEN_PREFIX}.${textToBase64Url(JSON.stringify(claims))}`;
      const signature = await crypto.subtle.sign('HMAC', await key, encoder.encode(signedPart));
      return {
        accessToken: `${signedPart}.${bytesToBase64Url(new Uint8Array(signature))}`,
        expiresIn: TOKEN_LIFETIME_SECONDS,
      };
    },

    async verify(token) {
      const parts = token.split('.');
      const [prefix, payload, signature] = parts;
      if (parts.length !== 3 || prefix !== TOKEN_PREFIX || !payload || !signature) {
        return { ok: false, reason: 'malformed' };
      }
      const signatureBytes = base64UrlToBytes(signature);
      if (signatureBytes === null) return { ok: false, reason: 'malformed' };
      const valid = await crypto.subtle.verify(
        'HMAC',
        await key,
        signatureBytes,
        encoder.encode(`${prefix}.${payload}`),
      );
      if (!valid) return { ok: false, reason: 'signature' };

      const json = base64UrlToText(payload);
      if (json === null) return { ok: false, reason: 'malformed' };
      let parsed: unknown;
      try {
        parsed = JSON.parse(json);
      } catch {
        return { ok: false, reason: 'malformed' };
      }
      const claims = claimsSchema.safeParse(parsed);
      if (!claims.success) return { ok: false, reason: 'malformed' };
      if (claims.data.exp <= nowSeconds()) return { ok: false, reason: 'expired' };
      return { ok: true, claims: claims.data };
    },
  };
}
