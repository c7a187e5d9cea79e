import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { demoGroupIds, demoPersonIds } from '../../emulator/directory-data.ts';
import { createDirectoryRoutes } from '../../emulator/directory-routes.ts';
import {
  DOKUMENTSENTERET_MAILBOX,
  DOKUMENTSENTERET_TEAM_ID,
  TRIAGE_CHANNEL_ID,
} from '../../emulator/emulator-config.ts';
import { createGraphEmulator, type GraphEmulator } from '../../emulator/graph-emulator.ts';
import { createMailRoutes } from '../../emulator/mail-routes.ts';
import { APP_REGISTRATION_SCOPES } from '../../emulator/oauth-scopes.ts';
import { permissionFor, routePermissions } from '../../emulator/route-scopes.ts';
import { createSharePointGraphRoutes } from '../../emulator/sharepoint-graph.ts';
import { createSharePointItemRoutes } from '../../emulator/sharepoint-items.ts';
import { createTeamsRoutes } from '../../emulator/teams-routes.ts';
import { GRAPH, ORIGIN, expectStatus } from './emulator-test-kit.ts';

const SP_ORIGIN = 'https://bodokommune.sharepoint.example';
const sharedMailbox = DOKUMENTSENTERET_MAILBOX.mail;

const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
const oauthErrorSchema = z.object({ error: z.string(), error_description: z.string() });
const tokenSchema = z.object({ access_token: z.string() });

function claimsOf(token: string): { aud: string; scp: string } {
  const payload = token.split('.')[1] ?? '';
  return z
    .object({ aud: z.string(), scp: z.string() })
    .parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
}

async function call(
  emulator: GraphEmulator,
  token: string,
  method: string,
  url: string,
  body?: unknown,
): Promise<Response> {
  return emulator.handle(
    new Request(url.startsWith('http') ? url : `${GRAPH}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json;odata=nometadata',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? null : JSON.stringify(body),
    }),
  );
}

async function errorCode(response: Response): Promise<[number, string]> {
  return [response.status, errorSchema.parse(await response.json()).error.code];
}

async function tokenEndpoint(emulator: GraphEmulator, body: unknown): Promise<Response> {
  return emulator.handle(
    new Request(`${ORIGIN}/_emulator/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
}

describe('delegated scopes on every Graph route', () => {
  it('has a permission entry, with its reference page, for every route the emulator serves', () => {
    const routes = [
      ...createDirectoryRoutes(),
      ...createSharePointGraphRoutes(),
      ...createSharePointItemRoutes(),
      ...createMailRoutes(),
      ...createTeamsRoutes(),
    ];
    const missing = routes
      .filter((candidate) => permissionFor(candidate.method, candidate.pattern) === undefined)
      .map((candidate) => `${candidate.method} ${candidate.pattern}`);
    expect(missing).toEqual([]);
    for (const entry of routePermissions) {
      expect(entry.doc).toMatch(/^https:\/\/learn\.microsoft\.com\/en-us\/graph\/api\/[a-z-]+/);
      expect(entry.scopes.length).toBeGreaterThan(0);
    }
  });

  it('answers each workload 403 in its own shape when the token lacks the scope', async () => {
    const emulator = createGraphEmulator();
    const hilde = demoPersonIds.hildeArnesen;
    const only = (scope: string) => emulator.issueToken(hilde, { scopes: [scope] });

    // Directory: listing users needs User.ReadBasic.All; User.Read is only oneself.
    expect(await errorCode(await call(emulator, await only('User.Read'), 'GET', '/users'))).toEqual(
      [403, 'Authorization_RequestDenied'],
    );
    await expectStatus(
      await call(emulator, await only('User.ReadBasic.All'), 'GET', '/users'),
      200,
    );

    // Mail: sending gives no read.
    expect(
      await errorCode(await call(emulator, await only('Mail.Send'), 'GET', '/me/messages')),
    ).toEqual([403, 'ErrorAccessDenied']);
    await expectStatus(await call(emulator, await only('Mail.Read'), 'GET', '/me/messages'), 200);

    // SharePoint through Graph: reading gives no list creation.
    const site = emulator.site.id;
    expect(
      await errorCode(
        await call(emulator, await only('Sites.ReadWrite.All'), 'POST', `/sites/${site}/lists`, {
          displayName: 'Prøve',
          list: { template: 'genericList' },
        }),
      ),
    ).toEqual([403, 'accessDenied']);

    // Teams: reading a channel gives no posting.
    const messages = `/teams/${DOKUMENTSENTERET_TEAM_ID}/channels/${encodeURIComponent(TRIAGE_CHANNEL_ID)}/messages`;
    const refused = await call(emulator, await only('ChannelMessage.Read.All'), 'POST', messages, {
      body: { content: 'Hei' },
    });
    expect(refused.status).toBe(403);
    const refusal = errorSchema.parse(await refused.json()).error;
    expect(refusal.code).toBe('Forbidden');
    expect(refusal.message).toContain('ChannelMessage.Send');
    await expectStatus(
      await call(emulator, await only('ChannelMessage.Send'), 'POST', messages, {
        body: { content: 'Hei' },
      }),
      201,
    );
  });

  it('asks more for someone else than for oneself: profiles and managers', async () => {
    const emulator = createGraphEmulator();
    const kari = demoPersonIds.kariNordmann;
    const userRead = await emulator.issueToken(kari, { scopes: ['User.Read'] });
    await expectStatus(await call(emulator, userRead, 'GET', `/users/${kari}`), 200);
    await expectStatus(
      await call(emulator, userRead, 'GET', '/users/kari.nordmann@bodo.example'),
      200,
    );
    expect(
      await errorCode(await call(emulator, userRead, 'GET', `/users/${demoPersonIds.olaHansen}`)),
    ).toEqual([403, 'Authorization_RequestDenied']);

    const basic = await emulator.issueToken(kari, { scopes: ['User.ReadBasic.All'] });
    await expectStatus(
      await call(emulator, basic, 'GET', `/users/${demoPersonIds.olaHansen}`),
      200,
    );
    // A manager is not a basic profile property.
    expect(
      await errorCode(
        await call(emulator, basic, 'GET', `/users/${demoPersonIds.olaHansen}/manager`),
      ),
    ).toEqual([403, 'Authorization_RequestDenied']);
    const full = await emulator.issueToken(kari, { scopes: ['User.Read.All'] });
    await expectStatus(
      await call(emulator, full, 'GET', `/users/${demoPersonIds.olaHansen}/manager`),
      200,
    );
  });

  it('checks each request of a $batch on its own, with the batch token', async () => {
    const emulator = createGraphEmulator();
    const token = await emulator.issueToken(demoPersonIds.kariNordmann, { scopes: ['User.Read'] });
    const response = await call(emulator, token, 'POST', '/$batch', {
      requests: [
        { id: '1', method: 'GET', url: '/me' },
        { id: '2', method: 'GET', url: `/users/${demoPersonIds.olaHansen}` },
      ],
    });
    expect(response.status).toBe(200);
    const body = z
      .object({ responses: z.array(z.object({ id: z.string(), status: z.number() })) })
      .parse(await response.json());
    expect(Object.fromEntries(body.responses.map((entry) => [entry.id, entry.status]))).toEqual({
      '1': 200,
      '2': 403,
    });
  });
});

describe('a shared mailbox', () => {
  const sentItems = `/users/${sharedMailbox}/mailFolders/sentitems/messages`;

  it('is read only with Mail.Read.Shared and Full Access on it', async () => {
    const emulator = createGraphEmulator();
    const sigrid = demoPersonIds.sigridLund;
    const own = await emulator.issueToken(sigrid, { scopes: ['Mail.Read'] });
    expect(await errorCode(await call(emulator, own, 'GET', sentItems))).toEqual([
      403,
      'ErrorAccessDenied',
    ]);
    const shared = await emulator.issueToken(sigrid, { scopes: ['Mail.Read.Shared'] });
    await expectStatus(await call(emulator, shared, 'GET', sentItems), 200);
    // Mail.Read.Shared also reads one's own mailbox.
    await expectStatus(await call(emulator, shared, 'GET', '/me/messages'), 200);

    // The scope is no right on the mailbox: Ola holds none.
    const ola = await emulator.issueToken(demoPersonIds.olaHansen, {
      scopes: ['Mail.Read.Shared'],
    });
    expect(await errorCode(await call(emulator, ola, 'GET', sentItems))).toEqual([
      403,
      'ErrorAccessDenied',
    ]);
  });

  it('keeps Send As and Full Access apart, as Exchange does', async () => {
    const mail = (to: string) => ({
      message: {
        subject: 'Prøve',
        body: { contentType: 'Text', content: 'Hei' },
        toRecipients: [{ emailAddress: { address: to } }],
      },
    });
    const sendAsOnly = createGraphEmulator({
      sharedMailboxes: [
        {
          ...DOKUMENTSENTERET_MAILBOX,
          fullAccessGroupIds: [],
          sendAsGroupIds: [demoGroupIds.systemansvarlig],
        },
      ],
    });
    const scopes = ['Mail.Send.Shared', 'Mail.Read.Shared'];
    let token = await sendAsOnly.issueToken(demoPersonIds.sigridLund, { scopes });
    expect(await errorCode(await call(sendAsOnly, token, 'GET', sentItems))).toEqual([
      403,
      'ErrorAccessDenied',
    ]);
    // `/users/{mailbox}/sendMail` saves to the mailbox's Sent Items: it needs Full Access too.
    expect(
      await errorCode(
        await call(
          sendAsOnly,
          token,
          'POST',
          `/users/${sharedMailbox}/sendMail`,
          mail('ola.hansen@bodo.example'),
        ),
      ),
    ).toEqual([403, 'ErrorAccessDenied']);

    const fullAccessOnly = createGraphEmulator({
      sharedMailboxes: [
        {
          ...DOKUMENTSENTERET_MAILBOX,
          fullAccessGroupIds: [demoGroupIds.systemansvarlig],
          sendAsGroupIds: [],
        },
      ],
    });
    token = await fullAccessOnly.issueToken(demoPersonIds.sigridLund, { scopes });
    await expectStatus(await call(fullAccessOnly, token, 'GET', sentItems), 200);
    expect(
      await errorCode(
        await call(
          fullAccessOnly,
          token,
          'POST',
          `/users/${sharedMailbox}/sendMail`,
          mail('ola.hansen@bodo.example'),
        ),
      ),
    ).toEqual([403, 'ErrorSendAsDenied']);
    expect(fullAccessOnly.sentMail()).toHaveLength(0);

    // With both rights, Mail.Send (own mail only) is still not enough.
    const both = createGraphEmulator();
    const ownSend = await both.issueToken(demoPersonIds.sigridLund, { scopes: ['Mail.Send'] });
    expect(
      await errorCode(
        await call(
          both,
          ownSend,
          'POST',
          `/users/${sharedMailbox}/sendMail`,
          mail('ola.hansen@bodo.example'),
        ),
      ),
    ).toEqual([403, 'ErrorAccessDenied']);
    const sharedSend = await both.issueToken(demoPersonIds.sigridLund, { scopes });
    await expectStatus(
      await call(
        both,
        sharedSend,
        'POST',
        `/users/${sharedMailbox}/sendMail`,
        mail('ola.hansen@bodo.example'),
      ),
      202,
    );
  });
});

describe('audiences', () => {
  it('takes Graph tokens on Graph and SharePoint tokens on SharePoint REST only', async () => {
    const emulator = createGraphEmulator();
    const hakon = demoPersonIds.hakonOdegard;
    const graphToken = await emulator.issueToken(hakon);
    const spToken = await emulator.issueToken(hakon, { scopes: [`${SP_ORIGIN}/AllSites.Read`] });
    expect(claimsOf(spToken)).toEqual({ aud: SP_ORIGIN, scp: 'AllSites.Read' });

    const onGraph = await call(emulator, spToken, 'GET', '/me');
    expect(onGraph.status).toBe(401);
    expect(errorSchema.parse(await onGraph.json()).error.message).toContain('Invalid audience');

    const web = `${emulator.site.url}/_api/web`;
    expect((await call(emulator, graphToken, 'GET', web)).status).toBe(401);
    await expectStatus(await call(emulator, spToken, 'GET', web), 200);
    // AllSites.Read reads; changing the site needs FullControl (and the site's own rights).
    expect(
      (
        await call(emulator, spToken, 'POST', `${emulator.site.url}/_api/web/roledefinitions`, {
          Name: 'Prøve',
          BasePermissions: { High: '0', Low: '1' },
        })
      ).status,
    ).toBe(403);
  });
});

describe('the token endpoint (the app signs in)', () => {
  it('grants exactly the asked scopes, without the OpenID Connect ones', async () => {
    const emulator = createGraphEmulator();
    const response = await tokenEndpoint(emulator, {
      userId: 'kari.nordmann@bodo.example',
      scopes: ['openid', 'profile', 'https://graph.microsoft.com/User.Read', 'mail.read'],
    });
    expect(response.status).toBe(200);
    const token = tokenSchema.parse(await response.json()).access_token;
    expect(claimsOf(token)).toEqual({
      aud: 'https://graph.microsoft.com',
      scp: 'User.Read Mail.Read',
    });
  });

  it('gives the registration’s scopes when none are asked for (.default)', async () => {
    const emulator = createGraphEmulator();
    for (const scopes of [undefined, ['https://graph.microsoft.com/.default']]) {
      const response = await tokenEndpoint(emulator, {
        userId: demoPersonIds.kariNordmann,
        scopes,
      });
      const token = tokenSchema.parse(await response.json()).access_token;
      expect(claimsOf(token).scp.split(' ').sort()).toEqual([...APP_REGISTRATION_SCOPES].sort());
    }
  });

  it('refuses what the app registration does not have, and two resources at once', async () => {
    const emulator = createGraphEmulator();
    const unconsented = await tokenEndpoint(emulator, {
      userId: demoPersonIds.kariNordmann,
      scopes: ['Sites.Manage.All'],
    });
    expect(unconsented.status).toBe(400);
    const consent = oauthErrorSchema.parse(await unconsented.json());
    expect(consent.error).toBe('invalid_grant');
    expect(consent.error_description).toContain('AADSTS65001');

    const twoResources = await tokenEndpoint(emulator, {
      userId: demoPersonIds.kariNordmann,
      scopes: ['User.Read', `${SP_ORIGIN}/AllSites.Read`],
    });
    expect(twoResources.status).toBe(400);
    expect(oauthErrorSchema.parse(await twoResources.json()).error_description).toContain(
      'AADSTS28000',
    );

    // Another client (an administrator's tool) is not bound by the app's registration.
    const admin = await tokenEndpoint(emulator, {
      userId: demoPersonIds.hakonOdegard,
      scopes: ['Sites.Manage.All'],
      client: 'any',
    });
    expect(claimsOf(tokenSchema.parse(await admin.json()).access_token).scp).toBe(
      'Sites.Manage.All',
    );
  });
});
