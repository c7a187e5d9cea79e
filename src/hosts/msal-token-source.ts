import type { TokenSource } from '../m365/token-source.ts';
import { hostHandshakeTimeoutMs, withTimeout } from './not-in-host-error.ts';

/**
 * How long a silent token request may take. MSAL's NAA bridge waits forever for a host that
 * does not answer (its pending-request registry has no timeout); its own hidden-iframe flow
 * gives up after 10 s (`iframeBridgeTimeout`), so this bound never cuts that one short.
 */
export const silentTokenTimeoutMs = 12_000;

/** The host's sign-in bridge did not answer in time. */
export class TokenTimeoutError extends Error {
  constructor(readonly step: 'bridge' | 'silent') {
    super(
      step === 'bridge'
        ? 'The host did not answer the sign-in bridge'
        : 'The host did not answer a silent token request',
    );
    this.name = 'TokenTimeoutError';
  }
}

export interface MsalSettings {
  clientId: string;
  tenantId: string;
  /** Hints the account to use for silent SSO (Teams' `user.loginHint`, Outlook's address). */
  loginHint?: string;
}

/**
 * A token source on MSAL Nested App Authentication. Call only after the host
 * SDK is initialised (`app.initialize()` / `Office.onReady`): NAA finds the
 * host's bridge at creation time. Outside a NAA-capable host MSAL falls back to
 * its standard browser flow (popup through `/auth-redirect.html`).
 *
 * MSAL is loaded on first use so it stays out of the page's first paint.
 * Tokens are kept in memory only, never in localStorage.
 */
export function createMsalTokenSource(settings: MsalSettings): TokenSource {
  let pending: ReturnType<typeof createClient> | undefined;

  async function createClient() {
    const msal = await import('@azure/msal-browser');
    // NAA asks the host for its context (`GetInitContext`) here; a host that never answers would
    // leave every Graph call waiting forever.
    const created = msal.createNestablePublicClientApplication({
      auth: {
        clientId: settings.clientId,
        authority: `https://login.microsoftonline.com/${settings.tenantId}`,
        redirectUri: `${window.location.origin}/auth-redirect.html`,
        // The standard flow's popup runs through a first-party relay: the app is always framed
        // by its host, and a popup cannot answer a frame over a partitioned BroadcastChannel.
        popupRelayUri: `${window.location.origin}/popup-relay.html`,
        popupRelayProtocolVersion: 2,
      },
      cache: { cacheLocation: msal.BrowserCacheLocation.MemoryStorage },
      system: { loggerOptions: { piiLoggingEnabled: false } },
    });
    const pca = await withTimeout(
      created,
      hostHandshakeTimeoutMs,
      () => new TokenTimeoutError('bridge'),
    );
    return { msal, pca };
  }

  /** The client, created once; a failed creation is tried again on the next request. */
  function client() {
    pending ??= createClient().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  }

  /** The interactive attempt in flight: MSAL allows one, and a user should see one prompt. */
  let interactive: Promise<unknown> | undefined;

  return {
    async getAccessToken(scopes) {
      const { msal, pca } = await client();
      const request = { scopes: [...scopes] };
      for (;;) {
        const account = pca.getActiveAccount() ?? pca.getAllAccounts()[0];
        try {
          const result = await withTimeout(
            account
              ? pca.acquireTokenSilent({ ...request, account })
              : pca.ssoSilent({ ...request, loginHint: settings.loginHint }),
            silentTokenTimeoutMs,
            () => new TokenTimeoutError('silent'),
          );
          pca.setActiveAccount(result.account);
          return result.accessToken;
        } catch (error) {
          if (!(error instanceof msal.InteractionRequiredAuthError)) throw error;
          if (interactive) {
            // Another call is signing in: wait for it, then try silently again with its
            // account. If the user cancelled that one, do not ask again straight away.
            const signedIn = await interactive.then(
              () => true,
              () => false,
            );
            if (!signedIn) throw error;
            continue;
          }
        }
        const popup = pca.acquireTokenPopup(request);
        interactive = popup;
        try {
          const result = await popup;
          pca.setActiveAccount(result.account);
          return result.accessToken;
        } finally {
          interactive = undefined;
        }
      }
    },
  };
}
