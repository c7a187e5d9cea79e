import { expect, type Page } from '@playwright/test';
import { test } from './host-bridge/fixture.ts';

/**
 * MSAL's standard browser flow inside a Teams host without NAA: `createNestablePublicClientApplication`
 * finds no `window.nestedAppAuthBridge` and returns a standard client; its hidden-iframe
 * `ssoSilent` and then its popup run against a simulated Microsoft identity platform
 * (test/e2e/host-bridge/identity-platform.ts, docs/naa-host-bridge.md).
 */
test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // The simulated Teams (a public origin) frames the local build (see SimulatedTeams).
      '--disable-features=LocalNetworkAccessChecks',
    ],
  },
});

test('without NAA in the host, MSAL signs in with its popup (through the relay and auth-redirect.html)', async ({
  openTeams,
  page,
}) => {
  const popupUrls: string[] = [];
  const popups: Page[] = [];
  page.context().on('page', (popup) => {
    popups.push(popup);
    popup.on('framenavigated', (frame) => {
      if (frame === popup.mainFrame()) popupUrls.push(new URL(frame.url()).pathname);
    });
  });
  const teams = await openTeams({
    user: 'kari',
    nestedAppAuth: false,
    identityPlatform: true,
    appOrigin: 'local',
  });
  await expect(teams.app.getByTestId('signed-in-user')).toContainText('Kari Nordmann', {
    timeout: 20_000,
  });
  // Every other call of the page got its token too: one sign-in, then silent refreshes.
  await expect(
    teams.app.getByRole('heading', { name: 'Bestill tilgang til Elements' }),
  ).toBeVisible();
  await expect(teams.app.getByRole('alert')).toHaveCount(0);

  const platform = teams.identityPlatform;
  if (!platform) throw new Error('identityPlatform was asked for');
  // No bridge: teams-js installed none, so MSAL never posted a NAA request.
  expect(teams.bridgeRequests).toEqual([]);
  // First the hidden-iframe SSO with Teams' login hint, refused (no session in a third-party
  // frame), then the interactive popup; both with PKCE (S256), state and nonce.
  const [silent] = platform.authorizeRequests;
  expect(silent?.prompt).toBe('none');
  expect(silent?.loginHint).toBe('kari.nordmann@bodo.example');
  const interactive = platform.authorizeRequests.filter((request) => request.prompt !== 'none');
  expect(interactive).toHaveLength(1);
  for (const request of platform.authorizeRequests) {
    expect(request).toMatchObject({
      codeChallengeMethod: 'S256',
      hasState: true,
      hasNonce: true,
      redirectUri: new URL('/auth-redirect.html', teams.appOrigin).toString(),
    });
  }
  // The code was redeemed once, with the verifier matching the challenge; more scopes came
  // silently with the refresh token.
  const codes = platform.redemptions.filter((r) => r.grantType === 'authorization_code');
  expect(codes).toEqual([expect.objectContaining({ pkceVerified: true })]);
  expect(codes[0]?.scope.split(' ')).toContain('User.Read');
  // The popup path: the first-party relay opened the sign-in window, which came back to
  // auth-redirect.html; both windows closed themselves.
  expect(popupUrls).toContain('/popup-relay.html');
  expect(popupUrls).toContain('/auth-redirect.html');
  await expect.poll(() => popups.every((popup) => popup.isClosed())).toBe(true);
});
