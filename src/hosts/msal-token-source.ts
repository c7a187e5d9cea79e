import type { TokenSource } from '../m365/token-source.ts';

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
    const pca = await msal.createNestablePublicClientApplication({
      auth: {
        clientId: settings.clientId,
        authority: `https://login.microsoftonline.com/${settings.tenantId}`,
        redirectUri: `${window.location.origin}/auth-redirect.html`,
      },
      cache: { cacheLocation: msal.BrowserCacheLocation.MemoryStorage },
      system: { loggerOptions: { piiLoggingEnabled: false } },
    });
    return { msal, pca };
  }

  return {
    async getAccessToken(scopes) {
      pending ??= createClient();
      const { msal, pca } = await pending;
      const request = { scopes: [...scopes] };
      const account = pca.getActiveAccount() ?? pca.getAllAccounts()[0];
      try {
        const result = account
          ? await pca.acquireTokenSilent({ ...request, account })
          : await pca.ssoSilent({ ...request, loginHint: settings.loginHint });
        pca.setActiveAccount(result.account);
        return result.accessToken;
      } catch (error) {
        if (!(error instanceof msal.InteractionRequiredAuthError)) throw error;
        const result = await pca.acquireTokenPopup(request);
        pca.setActiveAccount(result.account);
        return result.accessToken;
      }
    },
  };
}
