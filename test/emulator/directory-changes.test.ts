// @vitest-environment node
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { demoGroupIds, demoPersonIds } from '../../emulator/directory-data.ts';
import { createMemoryStorage } from '../../emulator/emulator-storage.ts';
import { createFileStorage } from '../../emulator/file-storage.ts';
import { createGraphEmulator, type GraphEmulator } from '../../emulator/graph-emulator.ts';
import {
  clientFor,
  collectionSchema,
  expectJson,
  expectStatus,
  graphErrorSchema,
  graphGet,
  listItemSchema,
  ORIGIN,
  readJson,
  requestToken,
} from './emulator-test-kit.ts';
import { addItem, createEventList, OWNER, siteUserId } from './sharepoint-rest-kit.ts';

const ids = demoPersonIds;
const idsSchema = collectionSchema(z.looseObject({ id: z.string() }));
const userWithFlags = z.looseObject({
  id: z.string(),
  department: z.string().optional(),
  accountEnabled: z.boolean().optional(),
});

let emulator: GraphEmulator;
let admin: string;

beforeEach(async () => {
  emulator = createGraphEmulator();
  admin = await requestToken(emulator, 'kari.nordmann@bodo.example');
});

function get(path: string, token = admin): Promise<Response> {
  return graphGet(emulator, token, path);
}

function control(body: unknown): Promise<Response> {
  return emulator.handle(
    new Request(`${ORIGIN}/_emulator/directory`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
}

async function memberIds(path: string): Promise<readonly string[]> {
  return (await expectJson(await get(path), 200, idsSchema)).value.map((entry) => entry.id);
}

describe('emulator.directory: managers, departments and groups', () => {
  it('moves a person to a new manager and takes the manager away', async () => {
    await emulator.directory.setManager(ids.olaHansen, ids.perJohansen);
    const manager = await expectJson(
      await get(`/users/${ids.olaHansen}/manager`),
      200,
      z.looseObject({ id: z.string() }),
    );
    expect(manager.id).toBe(ids.perJohansen);
    expect(await memberIds(`/users/${ids.perJohansen}/directReports`)).toContain(ids.olaHansen);
    expect(await memberIds(`/users/${ids.kariNordmann}/directReports`)).not.toContain(
      ids.olaHansen,
    );
    await emulator.directory.setManager(ids.olaHansen, null);
    expect((await get(`/users/${ids.olaHansen}/manager`)).status).toBe(404);
  });

  it('changes a department and group membership, which SharePoint permissions follow', async () => {
    await emulator.directory.setDepartment(ids.olaHansen, 'Byggesak');
    const ola = await expectJson(
      await get(`/users/${ids.olaHansen}?$select=id,department`),
      200,
      userWithFlags,
    );
    expect(ola.department).toBe('Byggesak');

    await emulator.directory.addToGroup(demoGroupIds.systemansvarlig, ids.olaHansen);
    await emulator.directory.addToGroup(demoGroupIds.systemansvarlig, ids.olaHansen);
    const members = await memberIds(`/groups/${demoGroupIds.systemansvarlig}/members`);
    expect(members.filter((id) => id === ids.olaHansen)).toHaveLength(1);
    expect(await memberIds(`/users/${ids.olaHansen}/memberOf`)).toContain(
      demoGroupIds.systemansvarlig,
    );
    await emulator.directory.removeFromGroup(demoGroupIds.systemansvarlig, ids.olaHansen);
    expect(await memberIds(`/groups/${demoGroupIds.systemansvarlig}/members`)).not.toContain(
      ids.olaHansen,
    );
  });

  it('gives a group member the rights the group has on a list, and takes them away again', async () => {
    const owner = await clientFor(emulator, OWNER);
    const title = 'Bare systemansvarlig';
    await createEventList(emulator, owner, title);
    const list = `/_api/web/lists/getbytitle('${encodeURIComponent(title)}')`;
    await expectStatus(
      await owner.sp(
        'POST',
        `${list}/breakroleinheritance(copyRoleAssignments=false,clearSubscopes=true)`,
      ),
      200,
    );
    const group = await expectJson(
      await owner.sp('POST', '/_api/web/ensureuser', {
        logonName: `c:0t.c|tenant|${demoGroupIds.systemansvarlig}`,
      }),
      200,
      z.object({ Id: z.number() }),
    );
    await expectStatus(
      await owner.sp(
        'POST',
        `${list}/roleassignments/addroleassignment(principalid=${group.Id},roledefid=1073741826)`,
      ),
      200,
    );
    const ola = await clientFor(emulator, 'ola.hansen@bodo.example');
    await expectStatus(await ola.sp('GET', list), 404);
    await emulator.directory.addToGroup(demoGroupIds.systemansvarlig, ids.olaHansen);
    await expectStatus(await ola.sp('GET', list), 200);
    await emulator.directory.removeFromGroup(demoGroupIds.systemansvarlig, ids.olaHansen);
    await expectStatus(await ola.sp('GET', list), 404);
  });

  it('rejects unknown people and groups, and a person as their own manager', async () => {
    await expect(emulator.directory.setManager('nobody@bodo.example', null)).rejects.toMatchObject({
      status: 404,
    });
    await expect(
      emulator.directory.addToGroup('11111111-1111-4111-8111-111111111111', ids.olaHansen),
    ).rejects.toMatchObject({ status: 404 });
    await expect(emulator.directory.setManager(ids.olaHansen, ids.olaHansen)).rejects.toMatchObject(
      { status: 400 },
    );
  });
});

describe('disabled accounts', () => {
  it('keeps a disabled person in the directory with accountEnabled false', async () => {
    await emulator.directory.disablePerson(ids.olaHansen);
    const ola = await expectJson(
      await get(`/users/${ids.olaHansen}?$select=id,accountEnabled`),
      200,
      userWithFlags,
    );
    expect(Object.keys(ola).sort()).toEqual(['@odata.context', 'accountEnabled', 'id']);
    expect(ola).toMatchObject({ id: ids.olaHansen, accountEnabled: false });
    expect(await memberIds('/users')).toContain(ids.olaHansen);
    const kari = await expectJson(
      await get(`/users/${ids.kariNordmann}?$select=accountEnabled`),
      200,
      z.looseObject({ accountEnabled: z.boolean() }),
    );
    expect(kari.accountEnabled).toBe(true);
  });

  it('issues no token to a disabled person and refuses the tokens they have', async () => {
    const before = await requestToken(emulator, 'ola.hansen@bodo.example');
    await emulator.directory.disablePerson(ids.olaHansen);
    const refused = await get('/me', before);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('error="insufficient_claims"');
    expect((await readJson(refused, graphErrorSchema)).error.code).toBe(
      'InvalidAuthenticationToken',
    );
    const sharePoint = await emulator.handle(
      new Request(`${emulator.site.url}/_api/web`, {
        headers: { authorization: `Bearer ${before}`, accept: 'application/json;odata=nometadata' },
      }),
    );
    expect(sharePoint.status).toBe(401);
    await sharePoint.text();
    const token = await emulator.handle(
      new Request(`${ORIGIN}/_emulator/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId: 'ola.hansen@bodo.example' }),
      }),
    );
    const error = await readJson(token, graphErrorSchema);
    expect(token.status).toBe(400);
    expect(error.error).toMatchObject({ code: 'UserDisabled' });
    expect(error.error.message).toContain('AADSTS50057');
    await expect(emulator.issueToken(ids.olaHansen)).rejects.toThrow('AADSTS50057');

    await emulator.directory.enablePerson(ids.olaHansen);
    expect((await get('/me', before)).status).toBe(200);
  });
});

describe('deleted accounts', () => {
  it('removes a person from /users, their groups and as manager, and refuses their tokens', async () => {
    const hildeToken = await requestToken(emulator, 'hilde.arnesen@bodo.example');
    await emulator.directory.deletePerson(ids.hildeArnesen);
    const missing = await get(`/users/${ids.hildeArnesen}`);
    expect(missing.status).toBe(404);
    expect((await readJson(missing, graphErrorSchema)).error.code).toBe('Request_ResourceNotFound');
    expect(await memberIds('/users')).not.toContain(ids.hildeArnesen);
    for (const group of [demoGroupIds.arkivleder, demoGroupIds.dokumentsenteret]) {
      expect(await memberIds(`/groups/${group}/members`)).not.toContain(ids.hildeArnesen);
    }
    // Her reports have no manager now.
    expect((await get(`/users/${ids.sigridLund}/manager`)).status).toBe(404);
    expect((await get('/me', hildeToken)).status).toBe(401);
    await expect(emulator.issueToken('hilde.arnesen@bodo.example')).rejects.toThrow();
  });

  it("shows the author's remembered name and e-mail after they left, through Graph and REST", async () => {
    const owner = await clientFor(emulator, OWNER);
    const ola = await clientFor(emulator, 'ola.hansen@bodo.example');
    const listId = await createEventList(emulator, owner, 'Minne');
    const id = await addItem(ola, 'Minne', { EventId: 'minne-1' });
    const userId = await siteUserId(owner, 'ola.hansen@bodo.example');
    await emulator.directory.deletePerson(ids.olaHansen);

    const item = await expectJson(
      await owner.get(`/sites/${emulator.site.id}/lists/${listId}/items/${id}`),
      200,
      listItemSchema,
    );
    expect(item.createdBy.user).toEqual({
      id: ids.olaHansen,
      displayName: 'Ola Hansen',
      email: 'ola.hansen@bodo.example',
    });
    const user = await expectJson(
      await owner.sp('GET', `/_api/web/getuserbyid(${userId})`),
      200,
      z.looseObject({ Title: z.string(), Email: z.string(), LoginName: z.string() }),
    );
    expect(user).toMatchObject({
      Title: 'Ola Hansen',
      Email: 'ola.hansen@bodo.example',
      LoginName: 'i:0#.f|membership|ola.hansen@bodo.example',
    });
    const expanded = await expectJson(
      await owner.sp(
        'GET',
        `/_api/web/lists/getbytitle('Minne')/items(${id})?$select=Author/Title&$expand=Author`,
      ),
      200,
      z.object({ Author: z.object({ Title: z.string() }) }),
    );
    expect(expanded.Author.Title).toBe('Ola Hansen');
  });
});

describe('POST /_emulator/directory', () => {
  it('applies each change and answers the person or group as it is now', async () => {
    const manager = await control({
      op: 'set-manager',
      personId: 'ola.hansen@bodo.example',
      managerId: ids.perJohansen,
    });
    expect(
      await expectJson(manager, 200, z.object({ op: z.string(), person: userWithFlags })),
    ).toMatchObject({
      op: 'set-manager',
      person: { id: ids.olaHansen, managerId: ids.perJohansen },
    });
    const group = await control({
      op: 'add-to-group',
      groupId: demoGroupIds.arkivleder,
      personId: ids.olaHansen,
    });
    expect(
      (
        await expectJson(
          group,
          200,
          z.object({ group: z.object({ memberIds: z.array(z.string()) }) }),
        )
      ).group.memberIds,
    ).toContain(ids.olaHansen);
    await expectStatus(
      await control({ op: 'set-department', personId: ids.olaHansen, department: 'Kultur' }),
      200,
    );
    await expectStatus(
      await control({
        op: 'remove-from-group',
        groupId: demoGroupIds.arkivleder,
        personId: ids.olaHansen,
      }),
      200,
    );
    const disabled = await control({ op: 'disable', personId: ids.olaHansen });
    expect(
      (await expectJson(disabled, 200, z.object({ person: userWithFlags }))).person.accountEnabled,
    ).toBe(false);
    await expectStatus(await control({ op: 'delete', personId: ids.olaHansen }), 204);
    expect((await get(`/users/${ids.olaHansen}`)).status).toBe(404);
  });

  it('answers 400 with the reason for a bad body, and 404 for an unknown person or group', async () => {
    const unknownOp = await control({ op: 'promote', personId: ids.olaHansen });
    expect(unknownOp.status).toBe(400);
    expect((await readJson(unknownOp, graphErrorSchema)).error.message).toContain(
      'set-manager, set-department',
    );
    const missing = await control({ op: 'set-manager', personId: ids.olaHansen });
    expect(missing.status).toBe(400);
    expect((await readJson(missing, graphErrorSchema)).error.message).toContain('managerId');
    const extra = await control({ op: 'disable', personId: ids.olaHansen, reason: 'x' });
    expect(extra.status).toBe(400);
    await extra.text();
    const notJson = await emulator.handle(
      new Request(`${ORIGIN}/_emulator/directory`, { method: 'POST', body: 'op=disable' }),
    );
    expect(notJson.status).toBe(400);
    await notJson.text();

    const person = await control({ op: 'disable', personId: 'nobody@bodo.example' });
    expect(person.status).toBe(404);
    expect((await readJson(person, graphErrorSchema)).error.code).toBe('Request_ResourceNotFound');
    const group = await control({
      op: 'add-to-group',
      groupId: '11111111-1111-4111-8111-111111111111',
      personId: ids.olaHansen,
    });
    expect(group.status).toBe(404);
    await group.text();
  });
});

describe('persisted directory changes', () => {
  let directory = '';

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'emulator-directory-'));
  });

  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('keeps directory changes across a restart, and reset brings the demo directory back', async () => {
    const file = join(directory, 'emulator.json');
    const first = createGraphEmulator({ storage: createFileStorage(file) });
    await first.directory.setManager(ids.olaHansen, ids.perJohansen);
    await first.directory.disablePerson(ids.ingridBerg);
    await first.directory.deletePerson(ids.liseOlsen);

    const second = createGraphEmulator({ storage: createFileStorage(file) });
    const token = await second.issueToken('kari.nordmann@bodo.example');
    const manager = await expectJson(
      await graphGet(second, token, `/users/${ids.olaHansen}/manager`),
      200,
      z.looseObject({ id: z.string() }),
    );
    expect(manager.id).toBe(ids.perJohansen);
    await expect(second.issueToken(ids.ingridBerg)).rejects.toThrow('AADSTS50057');
    expect((await graphGet(second, token, `/users/${ids.liseOlsen}`)).status).toBe(404);

    await second.reset();
    const fresh = await second.issueToken('kari.nordmann@bodo.example');
    expect((await graphGet(second, fresh, `/users/${ids.liseOlsen}`)).status).toBe(200);
    await second.issueToken(ids.ingridBerg);
  });

  it('loads a snapshot of an older emulator: no directory, list settings, labels or remembered names', async () => {
    const storage = createMemoryStorage();
    const first = createGraphEmulator({ storage });
    const owner = await clientFor(first, OWNER);
    const ola = await clientFor(first, 'ola.hansen@bodo.example');
    const listId = await createEventList(first, owner, 'Gammel');
    const id = await addItem(ola, 'Gammel', { EventId: 'gammel-1' });
    await first.flush();

    // What an older emulator wrote: none of the new keys (user principals had no name or e-mail).
    const userPrincipal = z.object({ kind: z.literal('user') });
    const newKeys = ['directory', 'noCrawl', 'enableVersioning', 'complianceTag', 'uiVersion'];
    const old: unknown = JSON.parse(
      storage.current() ?? '{}',
      function (this: unknown, key: string, value: unknown) {
        if (newKeys.includes(key)) return undefined;
        const remembered = ['title', 'email', 'userPrincipalName'].includes(key);
        return remembered && userPrincipal.safeParse(this).success ? undefined : value;
      },
    );
    const text = JSON.stringify(old);
    expect(text).not.toContain('"noCrawl"');
    expect(text).not.toContain('"email"');

    const second = createGraphEmulator({ storage: createMemoryStorage(text) });
    const owner2 = await clientFor(second, OWNER);
    const info = await expectJson(
      await owner2.sp('GET', `/_api/web/lists(guid'${listId}')`),
      200,
      z.looseObject({ NoCrawl: z.boolean(), EnableVersioning: z.boolean() }),
    );
    expect(info).toMatchObject({ NoCrawl: false, EnableVersioning: true });
    const item = await expectJson(
      await owner2.sp('GET', `/_api/web/lists(guid'${listId}')/items(${id})`),
      200,
      z.looseObject({ OData__UIVersionString: z.string() }),
    );
    expect(item.OData__UIVersionString).toBe('1.0');
    // The user list's entries are filled from the directory on load, so they outlive the person.
    await second.directory.deletePerson(ids.olaHansen);
    const graph = await expectJson(
      await owner2.get(`/sites/${second.site.id}/lists/${listId}/items/${id}`),
      200,
      listItemSchema,
    );
    expect(graph.createdBy.user.displayName).toBe('Ola Hansen');
  });
});
