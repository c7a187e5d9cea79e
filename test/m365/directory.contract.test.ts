// @vitest-environment node
import { beforeEach, describe, expect, it } from 'vitest';
import { createGraphEmulator } from '../../emulator/graph-emulator.ts';
import { demoDirectory, demoGroupIds, demoPersonIds } from '../../emulator/directory-data.ts';
import { createGraphDirectory } from '../../src/m365/directory.ts';
import {
  countingFetch,
  graphAs,
  contractVariants,
  useContractVariant,
  expectRoundTrips,
} from './emulator-kit.ts';

const emulator = createGraphEmulator();

function directoryAs(user: string) {
  const { fetch, counter } = countingFetch(emulator);
  return { directory: createGraphDirectory(graphAs(emulator, user, { fetch })), counter };
}

describe.each(contractVariants)('Graph directory against the emulator ($name)', (variant) => {
  beforeEach(() => useContractVariant(variant));

  it('keeps getMe working', async () => {
    const { directory } = directoryAs('kari.nordmann@bodo.example');
    await expect(directory.getMe()).resolves.toMatchObject({ displayName: 'Kari Nordmann' });
  });

  it('reads a person by id or userPrincipalName, and null for nobody', async () => {
    const { directory } = directoryAs('kari.nordmann@bodo.example');
    await expect(directory.getPerson(demoPersonIds.olaHansen)).resolves.toMatchObject({
      displayName: 'Ola Hansen',
      department: 'Skolekontoret',
      mail: 'ola.hansen@bodo.example',
    });
    await expect(directory.getPerson('sigrid.lund@bodo.example')).resolves.toMatchObject({
      id: demoPersonIds.sigridLund,
    });
    await expect(directory.getPerson('00000000-0000-4000-8000-000000000000')).resolves.toBeNull();
  });

  it('finds a person by mail where it is not the userPrincipalName, and null for none or two', async () => {
    const people = demoDirectory.people.map((person) =>
      person.id === demoPersonIds.olaHansen
        ? { ...person, userPrincipalName: 'oha0101@bodo.example' }
        : person.id === demoPersonIds.liseOlsen || person.id === demoPersonIds.ingridBerg
          ? { ...person, mail: 'felles@bodo.example' }
          : person,
    );
    const tenant = createGraphEmulator({ directory: { ...demoDirectory, people } });
    const directory = createGraphDirectory(graphAs(tenant, demoPersonIds.kariNordmann));
    await expect(directory.getPerson('ola.hansen@bodo.example')).resolves.toBeNull();
    await expect(directory.findPersonByMail(' Ola.Hansen@bodo.example ')).resolves.toMatchObject({
      id: demoPersonIds.olaHansen,
    });
    await expect(directory.findPersonByMail('nobody@bodo.example')).resolves.toBeNull();
    await expect(directory.findPersonByMail('felles@bodo.example')).resolves.toBeNull();
    // Nobody and two people are different answers when asked for everyone who holds it.
    expect(await directory.findPeopleByMail('nobody@bodo.example')).toEqual([]);
    expect(
      (await directory.findPeopleByMail('felles@bodo.example')).map((person) => person.id).sort(),
    ).toEqual([demoPersonIds.liseOlsen, demoPersonIds.ingridBerg].sort());
  });

  it('walks a manager chain to the top', async () => {
    const { directory } = directoryAs('kari.nordmann@bodo.example');
    const chain = await directory.getManagerChain(demoPersonIds.olaHansen);
    expect(chain.map((person) => person.id)).toEqual([
      demoPersonIds.kariNordmann,
      demoPersonIds.maritSolberg,
      demoPersonIds.rolfKristiansen,
    ]);
    expect(await directory.getManagerChain(demoPersonIds.rolfKristiansen)).toEqual([]);
    expect(await directory.getManagerChain(demoPersonIds.olaHansen, 1)).toHaveLength(1);
  });

  it('walks many chains in one $batch round per level', async () => {
    const { directory, counter } = directoryAs('sigrid.lund@bodo.example');
    const people = [
      demoPersonIds.olaHansen,
      demoPersonIds.ingridBerg,
      demoPersonIds.liseOlsen,
      demoPersonIds.sigridLund,
      demoPersonIds.andersMoe,
    ];
    const chains = await directory.getManagerChains(people);
    expect(chains.get(demoPersonIds.ingridBerg)?.map((person) => person.displayName)).toEqual([
      'Kari Nordmann',
      'Marit Solberg',
      'Rolf Kristiansen',
    ]);
    expect(chains.get(demoPersonIds.sigridLund)?.map((person) => person.displayName)).toEqual([
      'Hilde Arnesen',
      'Jan Pedersen',
      'Rolf Kristiansen',
    ]);
    // Four levels (the fourth finds Rolf has no manager), not one request per person and level.
    expectRoundTrips(counter.calls, 4);
  });

  it('lists direct reports', async () => {
    const { directory } = directoryAs('kari.nordmann@bodo.example');
    const reports = await directory.getDirectReports(demoPersonIds.kariNordmann);
    expect(reports.map((person) => person.displayName).sort()).toEqual([
      'Ingrid Berg',
      'Ola Hansen',
    ]);
  });

  it('reads group membership', async () => {
    const { directory } = directoryAs('sigrid.lund@bodo.example');
    expect(await directory.getGroupIds(demoPersonIds.sigridLund)).toContain(
      demoGroupIds.systemansvarlig,
    );
    expect(
      await directory.memberOfGroups(demoPersonIds.hildeArnesen, [
        demoGroupIds.systemansvarlig,
        demoGroupIds.arkivleder,
      ]),
    ).toEqual([demoGroupIds.arkivleder]);
    expect(
      await directory.memberOfGroups(demoPersonIds.olaHansen, [demoGroupIds.arkivleder]),
    ).toEqual([]);
  });

  it('searches people by name or address', async () => {
    const { directory } = directoryAs('kari.nordmann@bodo.example');
    const found = await directory.searchPeople('sigr');
    expect(found.map((person) => person.displayName)).toEqual(['Sigrid Lund']);
    expect(await directory.searchPeople('"')).toEqual([]);
    const byMail = await directory.searchPeople('hilde.arn');
    expect(byMail.map((person) => person.id)).toEqual([demoPersonIds.hildeArnesen]);
  });
});
