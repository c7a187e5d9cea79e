/**
 * The Nested App Authentication (NAA) bridge protocol as MSAL (`@azure/msal-browser` 5.30,
 * `dist/naa/BridgeProxy.mjs`, types in `types/naa/*.d.ts`) speaks it to a host, and the tokens a
 * simulated host answers with. See docs/naa-host-bridge.md.
 */
import type { APIRequestContext } from '@playwright/test';

/** `BridgeRequestEnvelope.method` in msal-browser 5.30: there is no other method. */
export type BridgeMethod = 'GetInitContext' | 'GetToken' | 'GetTokenPopup';

/** What MSAL posts through `window.nestedAppAuthBridge.postMessage` (a JSON string). */
export interface BridgeRequest {
  readonly method: BridgeMethod;
  readonly requestId: string;
  /** `tokenParams` of GetToken / GetTokenPopup (msal-browser `types/naa/TokenRequest.d.ts`). */
  readonly tokenParams?: {
    readonly clientId: string;
    /** Space-separated, as MSAL joins `request.scopes`. */
    readonly scope: string;
    readonly correlationId: string;
    readonly authority?: string;
    readonly claims?: string;
    readonly forceRefresh?: boolean;
  };
}

/** `BridgeStatusCode` (msal-browser `dist/naa/BridgeStatusCode.mjs`). */
export type BridgeStatus =
  | 'USER_INTERACTION_REQUIRED'
  | 'USER_CANCEL'
  | 'NO_NETWORK'
  | 'TRANSIENT_ERROR'
  | 'PERSISTENT_ERROR'
  | 'DISABLED'
  | 'ACCOUNT_UNAVAILABLE'
  | 'NESTED_APP_AUTH_UNAVAILABLE';

export interface BridgeError {
  readonly status: BridgeStatus;
  readonly code?: string;
  readonly description?: string;
}

/** How the simulated host answers one bridge request. */
export type BridgeAnswer =
  | { readonly kind: 'grant' }
  | { readonly kind: 'fail'; readonly error: BridgeError }
  /** Never answers: MSAL's pending request registry has no timeout of its own. */
  | { readonly kind: 'ignore' };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const methods: readonly string[] = ['GetInitContext', 'GetToken', 'GetTokenPopup'];

function isBridgeMethod(value: unknown): value is BridgeMethod {
  return typeof value === 'string' && methods.includes(value);
}

/** Parses the `data` string teams-js forwards from `nestedAppAuthBridge.postMessage`. */
export function parseBridgeRequest(data: unknown): BridgeRequest {
  const parsed: unknown = typeof data === 'string' ? JSON.parse(data) : null;
  if (!isRecord(parsed) || parsed.messageType !== 'NestedAppAuthRequest') {
    throw new Error(`Not a NestedAppAuthRequest: ${String(data)}`);
  }
  const { method, requestId, tokenParams } = parsed;
  if (!isBridgeMethod(method) || typeof requestId !== 'string') {
    throw new Error(`Unknown bridge request: ${String(data)}`);
  }
  if (!isRecord(tokenParams)) return { method, requestId };
  const { clientId, scope, correlationId, authority, claims, forceRefresh } = tokenParams;
  return {
    method,
    requestId,
    tokenParams: {
      clientId: String(clientId),
      scope: String(scope),
      correlationId: String(correlationId),
      ...(typeof authority === 'string' ? { authority } : {}),
      ...(typeof claims === 'string' ? { claims } : {}),
      ...(typeof forceRefresh === 'boolean' ? { forceRefresh } : {}),
    },
  };
}

/** A demo person as the emulator's directory has them. */
export interface Identity {
  readonly id: string;
  readonly displayName: string;
  readonly userPrincipalName: string;
}

/** Looks a person up in the emulator's directory (`GET /_emulator/identities`). */
export async function findIdentity(
  request: APIRequestContext,
  baseURL: string,
  upn: string,
): Promise<Identity> {
  const response = await request.get(new URL('/_emulator/identities', baseURL).toString());
  const body: unknown = await response.json();
  const people = isRecord(body) && Array.isArray(body.value) ? body.value : [];
  for (const person of people) {
    if (
      isRecord(person) &&
      typeof person.mail === 'string' &&
      person.mail.toLowerCase() === upn.toLowerCase()
    ) {
      return {
        id: String(person.id),
        displayName: String(person.displayName),
        userPrincipalName: upn,
      };
    }
  }
  throw new Error(`No emulator identity with address ${upn}`);
}

export type EmulatorToken =
  | { readonly ok: true; readonly accessToken: string; readonly expiresIn: number }
  | {
      readonly ok: false;
      readonly status: number;
      readonly code: string;
      readonly message: string;
    };

/**
 * A real emulator access token for `upn` (`POST /_emulator/token`), asking for `scopes` where
 * the emulator reads them (the optional `scopes` array of emulator/control-routes.ts).
 */
export async function emulatorToken(
  request: APIRequestContext,
  baseURL: string,
  upn: string,
  scopes: readonly string[],
): Promise<EmulatorToken> {
  const response = await request.post(new URL('/_emulator/token', baseURL).toString(), {
    data: { userId: upn, scopes },
  });
  const body: unknown = await response.json();
  if (response.ok() && isRecord(body) && typeof body.access_token === 'string') {
    return {
      ok: true,
      accessToken: body.access_token,
      expiresIn: typeof body.expires_in === 'number' ? body.expires_in : 3600,
    };
  }
  const error = isRecord(body) && isRecord(body.error) ? body.error : {};
  return {
    ok: false,
    status: response.status(),
    code: typeof error.code === 'string' ? error.code : 'unknown',
    message: typeof error.message === 'string' ? error.message : '',
  };
}

function base64Url(value: string): string {
  return Buffer.from(value, 'utf8').toString('base64url');
}

/**
 * An unsigned ID token with the claims MSAL reads (`oid`, `tid`, `preferred_username`, `name`,
 * `nonce`, `aud`). MSAL in the browser decodes ID tokens and checks `nonce`; it does not verify
 * signatures (it has no keys to), so a fixed signature segment is enough here.
 */
export function idToken(
  identity: Identity,
  settings: { clientId: string; tenantId: string; nonce?: string },
): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { typ: 'JWT', alg: 'RS256', kid: 'naa-harness' };
  const claims = {
    aud: settings.clientId,
    iss: `https://login.microsoftonline.com/${settings.tenantId}/v2.0`,
    iat: now,
    nbf: now,
    exp: now + 3600,
    name: identity.displayName,
    oid: identity.id,
    preferred_username: identity.userPrincipalName,
    sub: `sub-${identity.id}`,
    tid: settings.tenantId,
    ver: '2.0',
    ...(settings.nonce === undefined ? {} : { nonce: settings.nonce }),
  };
  return `${base64Url(JSON.stringify(header))}.${base64Url(JSON.stringify(claims))}.c2lnbmF0dXJl`;
}

/** The account part of a bridge token response (msal-browser `types/naa/AccountInfo.d.ts`). */
export function bridgeAccount(identity: Identity, tenantId: string) {
  return {
    homeAccountId: `${identity.id}.${tenantId}`,
    environment: 'login.microsoftonline.com',
    tenantId,
    username: identity.userPrincipalName,
    localAccountId: identity.id,
    name: identity.displayName,
  };
}
