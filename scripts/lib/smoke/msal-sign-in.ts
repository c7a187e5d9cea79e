/**
 * Signs the administrator in for the smoke run with MSAL for Node: a public client (no secret),
 * delegated, with the device code flow or the system browser (loopback redirect to
 * `http://localhost`). It asks for `https://graph.microsoft.com/.default`, so the token carries
 * exactly the delegated permissions consented for the app registration: the app's scopes, and
 * no consent prompt that would change them. MSAL's cache stays in memory: no token is written to
 * disk, and none is printed.
 */
import { spawn } from 'node:child_process';
import { LogLevel, PublicClientApplication, type AccountInfo } from '@azure/msal-node';
import type { TokenSource } from '../../../src/m365/token-source.ts';
import type { SmokeOptions } from './smoke-options.ts';

export const GRAPH_DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';

function openInBrowser(url: string): Promise<void> {
  const [command, args]: [string, string[]] =
    process.platform === 'win32'
      ? ['cmd', ['/c', 'start', '""', url]]
      : process.platform === 'darwin'
        ? ['open', [url]]
        : ['xdg-open', [url]];
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    // No browser to open (a server without one): the URL is printed for the administrator.
    child.on('error', () => resolve());
    child.unref();
    resolve();
  });
}

/** The graph root's `.default` for national clouds (`https://graph.microsoft.us/.default`). */
function defaultScope(graphRoot: string): string {
  return `${new URL(graphRoot).origin}/.default`;
}

export function createMsalSignIn(
  options: Pick<SmokeOptions, 'tenant' | 'clientId' | 'authorityHost' | 'signIn' | 'graphRoot'>,
  say: (line: string) => void,
): TokenSource {
  const app = new PublicClientApplication({
    auth: {
      clientId: options.clientId,
      authority: `${options.authorityHost}/${options.tenant}`,
    },
    system: {
      loggerOptions: {
        // Warnings only, never personal data.
        logLevel: LogLevel.Warning,
        piiLoggingEnabled: false,
        loggerCallback: (_level, message) => say(`MSAL: ${message}`),
      },
    },
  });
  const scopes = [defaultScope(options.graphRoot)];
  let account: AccountInfo | null = null;

  async function signIn(): Promise<string> {
    if (options.signIn === 'device-code') {
      const result = await app.acquireTokenByDeviceCode({
        scopes,
        // The message names the address and the one-time code to type there; it is not a token.
        deviceCodeCallback: (response) => say(response.message),
      });
      if (result === null) throw new Error('The device code sign-in was cancelled.');
      account = result.account;
      return result.accessToken;
    }
    const result = await app.acquireTokenInteractive({
      scopes,
      openBrowser: async (url) => {
        say(`Opening the browser to sign in. If it does not open, go to:\n${url}`);
        await openInBrowser(url);
      },
      successTemplate:
        '<p>Signed in for the Elements tilgang smoke run. You can close this window.</p>',
      errorTemplate: '<p>The sign-in failed: {error}. See the terminal.</p>',
    });
    account = result.account;
    return result.accessToken;
  }

  return {
    async getAccessToken() {
      // Every call gets the same `.default` token: the consented scopes, whatever a call asks.
      if (account !== null) {
        try {
          return (await app.acquireTokenSilent({ account, scopes })).accessToken;
        } catch {
          // Expired without a refresh token, or revoked: sign in again.
        }
      }
      return signIn();
    },
  };
}
