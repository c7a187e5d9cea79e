import { expect } from '@playwright/test';
import { graphScopes } from '../../src/m365/token-source.ts';
import { test } from './host-bridge/fixture.ts';
import type { BridgeAnswer, BridgeRequest } from './host-bridge/naa-protocol.ts';

/**
 * The Teams tab's whole sign-in path with the real teams-js and MSAL, against a simulated Teams
 * that answers the host messages and the Nested App Authentication bridge with real emulator
 * tokens (test/e2e/host-bridge/, docs/naa-host-bridge.md).
 */

const scopeSets: readonly string[] = Object.values(graphScopes).map((scopes) => scopes.join(' '));

test('the tab signs in through the NAA bridge and shows the signed-in user read from Graph', async ({
  openTeams,
}) => {
  const teams = await openTeams({ user: 'kari' });
  await expect(teams.app.getByTestId('signed-in-user')).toContainText('Kari Nordmann');
  await expect(teams.app.getByTestId('host-kind')).toHaveText('Kjører i Microsoft Teams');

  // teams-js handshake first; MSAL is created only after it, and asks the bridge for its context
  // before any token.
  const funcs = teams.calls.map((call) => call.method ?? call.func);
  expect(funcs.slice(0, 2)).toEqual(['initialize', 'getContext']);
  const firstBridge = funcs.findIndex((func) => func.startsWith('Get'));
  expect(funcs[firstBridge]).toBe('GetInitContext');
  expect(teams.bridgeRequests.filter((r) => r.method === 'GetInitContext')).toHaveLength(1);

  // Each token is asked for with exactly one call's smallest scopes, never `.default` or a union.
  const asked = teams.tokenScopes();
  expect(asked.length).toBeGreaterThan(0);
  for (const scopes of asked) expect(scopeSets).toContain(scopes.join(' '));
  expect(asked).toContainEqual(['User.Read']);
  for (const request of teams.bridgeRequests) {
    if (request.tokenParams)
      expect(request.tokenParams.clientId).toBe('11111111-2222-4333-8444-555555555555');
  }
  // Silent only: nobody was asked to consent, and the identity platform was never called directly.
  expect(teams.bridgeRequests.map((r) => r.method)).not.toContain('GetTokenPopup');
  expect(teams.identityPlatformRequests).toEqual([]);
});

test('consent required: the silent bridge request fails, the host consents interactively, the user is shown', async ({
  openTeams,
}) => {
  const teams = await openTeams({
    user: 'sigrid',
    bridge: (request) =>
      request.method === 'GetToken'
        ? {
            kind: 'fail',
            error: {
              status: 'USER_INTERACTION_REQUIRED',
              code: 'consent_required',
              description:
                'AADSTS65001: The user or administrator has not consented to use the application.',
            },
          }
        : { kind: 'grant' },
  });
  await expect(teams.app.getByTestId('signed-in-user')).toContainText('Sigrid Lund');
  // Every token request first went silently (GetToken), was refused, then interactively.
  const methods = teams.bridgeRequests.map((r) => r.method);
  expect(methods[0]).toBe('GetInitContext');
  expect(methods).toContain('GetTokenPopup');
  for (const popup of teams.bridgeRequests.filter((r) => r.method === 'GetTokenPopup')) {
    expect(scopeSets).toContain(popup.tokenParams?.scope);
    const silentFirst = teams.bridgeRequests.findIndex(
      (r) => r.method === 'GetToken' && r.tokenParams?.scope === popup.tokenParams?.scope,
    );
    expect(silentFirst).toBeGreaterThan(-1);
    expect(silentFirst).toBeLessThan(teams.bridgeRequests.indexOf(popup));
  }
});

test('the host refuses the sign-in: a Norwegian message and "Prøv igjen", which signs in once the host agrees', async ({
  openTeams,
}) => {
  let refuse = true;
  const policy = (request: BridgeRequest): BridgeAnswer => {
    if (request.method === 'GetInitContext' || !refuse) return { kind: 'grant' };
    return request.method === 'GetToken'
      ? { kind: 'fail', error: { status: 'USER_INTERACTION_REQUIRED', code: 'consent_required' } }
      : { kind: 'fail', error: { status: 'USER_CANCEL', code: 'user_cancelled' } };
  };
  const teams = await openTeams({ user: 'kari', bridge: policy });
  const alert = teams.app.getByRole('alert').filter({ hasText: 'Vi fikk ikke hentet hvem du er' });
  await expect(alert).toBeVisible();
  refuse = false;
  await alert.getByRole('button', { name: 'Prøv igjen' }).click();
  await expect(teams.app.getByTestId('signed-in-user')).toContainText('Kari Nordmann');
});

test('a bridge that never answers ends in a message within the handshake timeout, and "Prøv igjen" starts over', async ({
  openTeams,
}) => {
  let answer = false;
  const teams = await openTeams({
    user: 'kari',
    bridge: () => (answer ? { kind: 'grant' } : { kind: 'ignore' }),
  });
  const alert = teams.app.getByRole('alert').filter({ hasText: 'Vi fikk ikke hentet hvem du er' });
  // hostHandshakeTimeoutMs (3.5 s) after MSAL asked for GetInitContext.
  await expect(alert).toBeVisible({ timeout: 8_000 });
  expect(teams.bridgeRequests.map((r) => r.method)).toEqual(['GetInitContext']);
  // The failed start is not remembered: "Prøv igjen" asks the bridge again.
  answer = true;
  await alert.getByRole('button', { name: 'Prøv igjen' }).click();
  await expect(teams.app.getByTestId('signed-in-user')).toContainText('Kari Nordmann');
  expect(teams.bridgeRequests.filter((r) => r.method === 'GetInitContext')).toHaveLength(2);
});

test('a bridge that stops answering token requests ends in a message, and "Prøv igjen" starts over', async ({
  openTeams,
}) => {
  let answer = false;
  const teams = await openTeams({
    user: 'kari',
    bridge: (request) =>
      request.method === 'GetInitContext' || answer ? { kind: 'grant' } : { kind: 'ignore' },
  });
  const alert = teams.app.getByRole('alert').filter({ hasText: 'Vi fikk ikke hentet hvem du er' });
  // silentTokenTimeoutMs (12 s).
  await expect(alert).toBeVisible({ timeout: 16_000 });
  answer = true;
  await alert.getByRole('button', { name: 'Prøv igjen' }).click();
  await expect(teams.app.getByTestId('signed-in-user')).toContainText('Kari Nordmann');
});

test('a parent that never answers the teams-js handshake gets the "open it in Teams" message', async ({
  openTeams,
}) => {
  const teams = await openTeams({ user: 'kari', initialize: 'ignore' });
  await expect(
    teams.app.getByRole('heading', { name: 'Åpne Elements tilgang i Microsoft Teams' }),
  ).toBeVisible({ timeout: 5_000 });
  expect(teams.bridgeRequests).toEqual([]);
});
