// @vitest-environment node
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { demoGroupIds, demoPeople, demoPersonIds } from '../../emulator/directory-data.ts';
import { createGraphEmulator } from '../../emulator/graph-emulator.ts';
import { GRAPH_JSON_CONTENT_TYPE } from '../../emulator/graph-response.ts';
import {
  collectionSchema,
  GRAPH,
  graphErrorSchema,
  graphGet,
  groupSchema,
  looseObjectSchema,
  ORIGIN,
  readJson,
  requestToken,
  userSchema,
} from './emulator-test-kit.ts';

const emulator = createGraphEmulator();
const tokens = new Map<string, string>();

async function tokenOf(upn: string): Promise<string> {
  const cached = tokens.get(upn);
  if (cached !== undefined) return cached;
  const token = await requestToken(emulator, upn);
  tokens.set(upn, token);
  return token;
}

async function getAs(upn: string, path: string, headers: Record<string, string> = {}) {
  return graphGet(emulator, await tokenOf(upn), path, headers);
}

async function expectGraphError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  const body = await readJson(response, graphErrorSchema);
  expect(body.error.code).toBe(code);
  return body.error.message;
}

const managedUserSchema = userSchema.extend({ '@odata.type': z.literal('#microsoft.graph.user') });

describe('GET /me', () => {
  beforeAll(async () => {
    await tokenOf('kari.nordmann@bodo.example');
  });

  it('returns the signed-in user with Graph default properties, for every identity', async () => {
    for (const person of demoPeople) {
      const response = await getAs(person.userPrincipalName, '/me');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(GRAPH_JSON_CONTENT_TYPE);
      expect(response.headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);
      const body = await readJson(response, looseObjectSchema);
      expect(Object.keys(body)).toEqual([
        '@odata.context',
        'businessPhones',
        'displayName',
        'givenName',
        'jobTitle',
        'mail',
        'mobilePhone',
        'officeLocation',
        'preferredLanguage',
        'surname',
        'userPrincipalName',
        'id',
      ]);
      expect(body).toMatchObject({
        '@odata.context': `${GRAPH}/$metadata#users/$entity`,
        id: person.id,
        displayName: person.displayName,
        jobTitle: person.jobTitle,
        mail: person.mail,
        officeLocation: 'Bodø',
      });
    }
  });

  it('honours $select exactly, and department only when selected', async () => {
    const response = await getAs(
      'kari.nordmann@bodo.example',
      '/me?$select=displayName,jobTitle,department',
    );
    expect(await readJson(response, looseObjectSchema)).toEqual({
      '@odata.context': `${GRAPH}/$metadata#users(displayName,jobTitle,department)/$entity`,
      displayName: 'Kari Nordmann',
      jobTitle: 'Enhetsleder',
      department: 'Skolekontoret',
    });
    const plain = await readJson(
      await getAs('kari.nordmann@bodo.example', '/me'),
      looseObjectSchema,
    );
    expect(plain).not.toHaveProperty('department');
  });

  it('refuses an unknown $select property like Graph', async () => {
    const message = await expectGraphError(
      await getAs('kari.nordmann@bodo.example', '/me?$select=displayName,shoeSize'),
      400,
      'BadRequest',
    );
    expect(message).toBe(
      "Could not find a property named 'shoeSize' on type 'microsoft.graph.user'.",
    );
  });
});

describe('GET /users/{id | userPrincipalName}', () => {
  it('finds a user by id and by userPrincipalName', async () => {
    for (const key of [
      demoPersonIds.liseOlsen,
      'lise.olsen@bodo.example',
      'Lise.Olsen%40bodo.example',
    ]) {
      const user = await readJson(
        await getAs('ola.hansen@bodo.example', `/users/${key}`),
        userSchema,
      );
      expect(user).toMatchObject({ id: demoPersonIds.liseOlsen, jobTitle: 'Saksbehandler' });
    }
  });

  it('answers 404 Request_ResourceNotFound for an unknown user', async () => {
    await expectGraphError(
      await getAs('ola.hansen@bodo.example', '/users/nobody@bodo.example'),
      404,
      'Request_ResourceNotFound',
    );
  });
});

describe('manager and directReports', () => {
  it('walks the manager chain from Ola to the kommunedirektør', async () => {
    const chain: string[] = [];
    let path = '/me/manager';
    for (;;) {
      const response = await getAs('ola.hansen@bodo.example', path);
      if (response.status === 404) {
        await expectGraphError(response, 404, 'Request_ResourceNotFound');
        break;
      }
      const manager = await readJson(response, managedUserSchema);
      expect(manager['@odata.context']).toBe(`${GRAPH}/$metadata#directoryObjects/$entity`);
      chain.push(`${manager.displayName} (${manager.jobTitle})`);
      path = `/users/${manager.id}/manager`;
      expect(chain.length).toBeLessThan(10);
    }
    expect(chain).toEqual([
      'Kari Nordmann (Enhetsleder)',
      'Marit Solberg (Kommunalsjef)',
      'Rolf Kristiansen (Kommunedirektør)',
    ]);
  });

  it('gives the top of the organisation no manager', async () => {
    const message = await expectGraphError(
      await getAs('rolf.kristiansen@bodo.example', '/me/manager'),
      404,
      'Request_ResourceNotFound',
    );
    expect(message).toMatch(/manager/);
  });

  it('lists exactly Ola and Ingrid as Kari Nordmann’s direct reports', async () => {
    const schema = collectionSchema(managedUserSchema);
    const mine = await readJson(
      await getAs('kari.nordmann@bodo.example', '/me/directReports'),
      schema,
    );
    expect(mine['@odata.context']).toBe(`${GRAPH}/$metadata#directoryObjects`);
    expect(mine.value.map((user) => user.displayName).sort()).toEqual([
      'Ingrid Berg',
      'Ola Hansen',
    ]);
    const viaUsers = await readJson(
      await getAs('ola.hansen@bodo.example', `/users/${demoPersonIds.kariNordmann}/directReports`),
      schema,
    );
    expect(viaUsers.value.map((user) => user.id).sort()).toEqual(
      [demoPersonIds.olaHansen, demoPersonIds.ingridBerg].sort(),
    );
    const none = await readJson(
      await getAs('ola.hansen@bodo.example', '/me/directReports'),
      schema,
    );
    expect(none.value).toEqual([]);
  });

  it('supports $select on directReports', async () => {
    const body = await readJson(
      await getAs('per.johansen@bodo.example', '/me/directReports?$select=displayName,mail'),
      collectionSchema(looseObjectSchema),
    );
    expect(body['@odata.context']).toBe(`${GRAPH}/$metadata#directoryObjects(displayName,mail)`);
    expect(body.value).toContainEqual({
      '@odata.type': '#microsoft.graph.user',
      displayName: 'Lise Olsen',
      mail: 'lise.olsen@bodo.example',
    });
  });
});

describe('memberOf', () => {
  const schema = collectionSchema(groupSchema);

  it('includes Systemansvarlig for Sigrid Lund', async () => {
    const body = await readJson(await getAs('sigrid.lund@bodo.example', '/me/memberOf'), schema);
    expect(body.value).toContainEqual(
      expect.objectContaining({
        '@odata.type': '#microsoft.graph.group',
        id: demoGroupIds.systemansvarlig,
        displayName: 'Systemansvarlig',
        securityEnabled: true,
        mailEnabled: false,
      }),
    );
  });

  it('includes Arkivleder for Hilde Arnesen, also through /users/{id}/memberOf', async () => {
    const body = await readJson(
      await getAs('ola.hansen@bodo.example', `/users/${demoPersonIds.hildeArnesen}/memberOf`),
      schema,
    );
    expect(body.value.map((group) => group.displayName)).toContain('Arkivleder');
    expect(body.value.map((group) => group.displayName)).not.toContain('Systemansvarlig');
  });

  it('is empty for someone in no group', async () => {
    const body = await readJson(await getAs('ola.hansen@bodo.example', '/me/memberOf'), schema);
    expect(body.value).toEqual([]);
  });

  it('shows the Dokumentsenteret team as a Microsoft 365 group', async () => {
    const body = await readJson(
      await getAs('anders.moe@bodo.example', '/me/transitiveMemberOf'),
      collectionSchema(looseObjectSchema),
    );
    expect(body.value).toContainEqual(
      expect.objectContaining({
        id: demoGroupIds.dokumentsenteret,
        groupTypes: ['Unified'],
        mailEnabled: true,
        securityEnabled: false,
        mail: 'dokumentsenteret@bodo.example',
      }),
    );
  });
});

describe('routing errors', () => {
  it('answers 400 BadRequest for an unknown segment', async () => {
    const message = await expectGraphError(
      await getAs('ola.hansen@bodo.example', '/me/shoeSizes'),
      400,
      'BadRequest',
    );
    expect(message).toBe("Resource not found for the segment 'shoeSizes'.");
  });

  it('answers 405 for a wrong method, with Allow', async () => {
    const response = await emulator.handle(
      new Request(`${GRAPH}/me`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${await tokenOf('ola.hansen@bodo.example')}` },
      }),
    );
    expect(response.headers.get('allow')).toBe('GET');
    await expectGraphError(response, 405, 'Request_BadRequest');
  });

  it('answers 404 outside the Graph and emulator roots, and 400 for another Graph version', async () => {
    await expectGraphError(
      await emulator.handle(new Request(`${ORIGIN}/somewhere/else`)),
      404,
      'Request_ResourceNotFound',
    );
    await expectGraphError(
      await getAs('ola.hansen@bodo.example', `${ORIGIN}/graph/beta/me`),
      400,
      'BadRequest',
    );
  });

  it('serves /v1.0 without the /graph prefix, with matching @odata.context', async () => {
    const response = await getAs('ola.hansen@bodo.example', 'https://graph.microsoft.com/v1.0/me');
    expect(await readJson(response, userSchema)).toMatchObject({
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users/$entity',
      displayName: 'Ola Hansen',
    });
  });

  it('refuses query options a route does not implement', async () => {
    await expectGraphError(
      await getAs('ola.hansen@bodo.example', '/me?$expand=manager'),
      400,
      'BadRequest',
    );
  });
});
