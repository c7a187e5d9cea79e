/**
 * A simulated Microsoft identity platform (login.microsoftonline.com) for MSAL's standard
 * browser flow, the fallback outside a NAA-capable host: OpenID metadata, the v2.0 authorize
 * endpoint (redirecting back with a code, or `login_required` for `prompt=none`) and the token
 * endpoint (checking the PKCE verifier, returning an ID token with MSAL's nonce and a real
 * emulator access token). Served by `BrowserContext.route`, so the popup MSAL opens is covered.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { BrowserContext, Route } from '@playwright/test';
import { DEMO_TENANT_ID } from '../../../emulator/emulator-config.ts';
import { emulatorToken, idToken, type Identity } from './naa-protocol.ts';

const LOGIN = 'https://login.microsoftonline.com';

/** One authorize request as the simulated platform saw it (no secrets). */
export interface AuthorizeRequest {
  readonly prompt: string | null;
  readonly scope: string;
  readonly redirectUri: string;
  readonly responseMode: string | null;
  readonly codeChallengeMethod: string | null;
  readonly hasState: boolean;
  readonly hasNonce: boolean;
  readonly loginHint: string | null;
}

/** One token request: whether PKCE held and what was redeemed. */
export interface TokenRedemption {
  /** `authorization_code` (after the popup) or `refresh_token` (silent, more scopes). */
  readonly grantType: string;
  readonly pkceVerified: boolean;
  readonly scope: string;
}

interface IssuedCode {
  readonly codeChallenge: string;
  readonly nonce: string;
  readonly scope: string;
  readonly clientId: string;
  readonly redirectUri: string;
}

function clientInfo(identity: Identity): string {
  return Buffer.from(JSON.stringify({ uid: identity.id, utid: DEMO_TENANT_ID })).toString(
    'base64url',
  );
}

function metadata(tenant: string) {
  const base = `${LOGIN}/${tenant}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt'],
    jwks_uri: `${LOGIN}/${tenant}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${LOGIN}/${tenant}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nonce', 'oid', 'tid', 'name'],
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: 'EU',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  };
}

export class SimulatedIdentityPlatform {
  readonly authorizeRequests: AuthorizeRequest[] = [];
  readonly redemptions: TokenRedemption[] = [];
  private readonly codes = new Map<string, IssuedCode>();
  private readonly refreshTokens = new Set<string>();

  private constructor(
    private readonly context: BrowserContext,
    private readonly baseURL: string,
    private readonly identity: Identity,
  ) {}

  /** Routes login.microsoftonline.com for every page of `context`, signing in `identity`. */
  static async install(
    context: BrowserContext,
    baseURL: string,
    identity: Identity,
  ): Promise<SimulatedIdentityPlatform> {
    const platform = new SimulatedIdentityPlatform(context, baseURL, identity);
    await context.route(`${LOGIN}/**`, (route) => platform.handle(route));
    return platform;
  }

  private async handle(route: Route): Promise<void> {
    const request = route.request();
    const url = new URL(request.url());
    const cors = {
      'access-control-allow-origin': request.headers().origin ?? '*',
      'access-control-allow-headers': '*',
      'access-control-allow-methods': 'GET, POST',
    };
    if (request.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: cors });
    const json = (status: number, body: unknown) =>
      route.fulfill({ status, headers: cors, contentType: 'application/json', json: body });

    const [, tenant = 'common', ...rest] = url.pathname.split('/');
    const endpoint = rest.join('/');
    if (endpoint === 'v2.0/.well-known/openid-configuration') return json(200, metadata(tenant));
    if (tenant === 'common' && endpoint === 'discovery/instance') {
      return json(200, {
        tenant_discovery_endpoint: `${LOGIN}/${DEMO_TENANT_ID}/v2.0/.well-known/openid-configuration`,
        'api-version': '1.1',
        metadata: [
          {
            preferred_network: 'login.microsoftonline.com',
            preferred_cache: 'login.windows.net',
            aliases: ['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com'],
          },
        ],
      });
    }
    if (endpoint === 'oauth2/v2.0/authorize') return this.authorize(route, url);
    if (endpoint === 'oauth2/v2.0/token' && request.method() === 'POST') {
      const { status, body } = await this.token(new URLSearchParams(request.postData() ?? ''));
      return json(status, body);
    }
    return json(404, { error: 'not_found', error_description: `Not simulated: ${url.pathname}` });
  }

  private authorize(route: Route, url: URL): Promise<void> {
    const query = url.searchParams;
    const redirectUri = query.get('redirect_uri') ?? '';
    const state = query.get('state') ?? '';
    this.authorizeRequests.push({
      prompt: query.get('prompt'),
      scope: query.get('scope') ?? '',
      redirectUri,
      responseMode: query.get('response_mode'),
      codeChallengeMethod: query.get('code_challenge_method'),
      hasState: state !== '',
      hasNonce: (query.get('nonce') ?? '') !== '',
      loginHint: query.get('login_hint'),
    });
    const back = new URLSearchParams({ state });
    if (query.get('prompt') === 'none') {
      // A hidden iframe in a third-party frame has no session cookie to sign in with.
      back.set('error', 'login_required');
      back.set(
        'error_description',
        'AADSTS50058: A silent sign-in request was sent but no user is signed in.',
      );
    } else {
      const code = randomUUID();
      this.codes.set(code, {
        codeChallenge: query.get('code_challenge') ?? '',
        nonce: query.get('nonce') ?? '',
        scope: query.get('scope') ?? '',
        clientId: query.get('client_id') ?? '',
        redirectUri,
      });
      back.set('code', code);
      back.set('client_info', clientInfo(this.identity));
    }
    const separator = query.get('response_mode') === 'query' ? '?' : '#';
    // A page that navigates on, not a 302: Playwright does not route the request a fulfilled
    // redirect leads to, and the app's origin exists only as a route here.
    const target = JSON.stringify(`${redirectUri}${separator}${back.toString()}`);
    return route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><title>Logger inn</title><script>location.replace(${target})</script>`,
    });
  }

  private async token(form: URLSearchParams): Promise<{ status: number; body: unknown }> {
    const grantType = form.get('grant_type') ?? '';
    if (grantType === 'refresh_token') return this.refresh(form);
    const issued = this.codes.get(form.get('code') ?? '');
    const verifier = form.get('code_verifier') ?? '';
    const pkceVerified =
      issued !== undefined &&
      createHash('sha256').update(verifier).digest('base64url') === issued.codeChallenge;
    this.redemptions.push({ grantType, pkceVerified, scope: form.get('scope') ?? '' });
    if (
      grantType !== 'authorization_code' ||
      issued === undefined ||
      !pkceVerified ||
      form.get('client_id') !== issued.clientId ||
      form.get('redirect_uri') !== issued.redirectUri
    ) {
      return {
        status: 400,
        body: {
          error: 'invalid_grant',
          error_description:
            'AADSTS70008: The provided authorization code or PKCE verifier is invalid.',
        },
      };
    }
    this.codes.delete(form.get('code') ?? '');
    return this.tokenResponse(issued.scope, issued.clientId, issued.nonce);
  }

  /** MSAL's `acquireTokenSilent` for more scopes, once it holds a refresh token. */
  private async refresh(form: URLSearchParams): Promise<{ status: number; body: unknown }> {
    const known = this.refreshTokens.has(form.get('refresh_token') ?? '');
    this.redemptions.push({
      grantType: 'refresh_token',
      pkceVerified: false,
      scope: form.get('scope') ?? '',
    });
    if (!known) {
      return {
        status: 400,
        body: { error: 'invalid_grant', error_description: 'AADSTS70000: Invalid refresh token.' },
      };
    }
    return this.tokenResponse(form.get('scope') ?? '', form.get('client_id') ?? '', undefined);
  }

  private async tokenResponse(
    scope: string,
    clientId: string,
    nonce: string | undefined,
  ): Promise<{ status: number; body: unknown }> {
    const oidc = new Set(['openid', 'profile', 'offline_access', 'email']);
    const scopes = scope.split(' ').filter((name) => name !== '' && !oidc.has(name));
    const token = await emulatorToken(
      this.context.request,
      this.baseURL,
      this.identity.userPrincipalName,
      scopes,
    );
    if (!token.ok) {
      return { status: 400, body: { error: 'invalid_grant', error_description: token.message } };
    }
    const refreshToken = randomUUID();
    this.refreshTokens.add(refreshToken);
    return {
      status: 200,
      body: {
        token_type: 'Bearer',
        scope: scopes.join(' '),
        expires_in: token.expiresIn,
        ext_expires_in: token.expiresIn,
        access_token: token.accessToken,
        id_token: idToken(this.identity, {
          clientId,
          tenantId: DEMO_TENANT_ID,
          ...(nonce === undefined ? {} : { nonce }),
        }),
        refresh_token: refreshToken,
        client_info: clientInfo(this.identity),
      },
    };
  }
}
