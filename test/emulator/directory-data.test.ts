// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  DEMO_MAIL_DOMAIN,
  demoDirectory,
  demoGroupIds,
  demoGroups,
  demoPeople,
  demoPersonIds,
  directReportsOf,
  findGroup,
  findPerson,
  groupsOf,
  mailLocalPart,
  managerChainOf,
} from '../../emulator/directory-data.ts';

const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function byName(displayName: string) {
  const person = demoPeople.find((candidate) => candidate.displayName === displayName);
  if (person === undefined) throw new Error(`${displayName} is missing from the demo directory`);
  return person;
}

describe('the demo directory', () => {
  it('has about 30 people in several units', () => {
    expect(demoPeople.length).toBeGreaterThanOrEqual(28);
    expect(demoPeople.length).toBeLessThanOrEqual(35);
    expect(new Set(demoPeople.map((person) => person.department)).size).toBeGreaterThanOrEqual(6);
  });

  it('uses unique, valid v4 GUIDs for people and groups', () => {
    const ids = [...demoPeople.map((person) => person.id), ...demoGroups.map((group) => group.id)];
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(uuidV4);
  });

  it('gives everyone a unique, lowercase, transliterated UPN equal to their mail', () => {
    const upns = demoPeople.map((person) => person.userPrincipalName);
    expect(new Set(upns).size).toBe(upns.length);
    for (const person of demoPeople) {
      expect(person.userPrincipalName).toBe(person.mail);
      expect(person.userPrincipalName).toMatch(/^[a-z0-9-]+\.[a-z0-9-]+@bodo\.example$/);
      expect(person.userPrincipalName).toBe(
        `${mailLocalPart(person.givenName, person.surname)}@${DEMO_MAIL_DOMAIN}`,
      );
      expect(person.displayName).toBe(`${person.givenName} ${person.surname}`);
      expect(person.officeLocation).toBe('Bodø');
    }
    expect(mailLocalPart('Håkon', 'Ødegård')).toBe('hakon.odegard');
    expect(mailLocalPart('Kjetil', 'Sæther')).toBe('kjetil.saether');
  });

  it('points every managerId at an existing person and has exactly one top', () => {
    for (const person of demoPeople) {
      if (person.managerId !== null) expect(findPerson(person.managerId)).toBeDefined();
    }
    const tops = demoPeople.filter((person) => person.managerId === null);
    expect(tops.map((person) => person.jobTitle)).toEqual(['Kommunedirektør']);
  });

  it('has no manager cycles: every chain ends at the kommunedirektør', () => {
    for (const person of demoPeople) {
      const seen = new Set<string>([person.id]);
      let current = person;
      while (current.managerId !== null) {
        expect(seen.has(current.managerId)).toBe(false);
        seen.add(current.managerId);
        const manager = findPerson(current.managerId);
        if (manager === undefined) throw new Error('dangling managerId');
        current = manager;
      }
      expect(current.jobTitle).toBe('Kommunedirektør');
    }
  });

  it('lets every unit leader report up to a kommunalsjef or the kommunedirektør', () => {
    const leaders = demoPeople.filter((person) => person.jobTitle === 'Enhetsleder');
    expect(leaders.length).toBeGreaterThanOrEqual(5);
    for (const leader of leaders) {
      const titles = managerChainOf(leader.id).map((manager) => manager.jobTitle);
      expect(titles.some((title) => title === 'Kommunalsjef' || title === 'Kommunedirektør')).toBe(
        true,
      );
    }
  });

  it('contains the people the tests rely on', () => {
    const kari = byName('Kari Nordmann');
    expect(kari).toMatchObject({ jobTitle: 'Enhetsleder', department: 'Skolekontoret' });
    expect(kari.id).toBe(demoPersonIds.kariNordmann);
    expect(byName('Ola Hansen')).toMatchObject({
      jobTitle: 'Rådgiver',
      department: 'Skolekontoret',
      managerId: kari.id,
    });
    expect(byName('Ingrid Berg')).toMatchObject({
      jobTitle: 'Konsulent',
      department: 'Skolekontoret',
      managerId: kari.id,
    });
    const per = byName('Per Johansen');
    expect(per).toMatchObject({ jobTitle: 'Enhetsleder', department: 'Byggesak' });
    expect(byName('Lise Olsen')).toMatchObject({
      jobTitle: 'Saksbehandler',
      department: 'Byggesak',
      managerId: per.id,
    });
    const hilde = byName('Hilde Arnesen');
    expect(hilde).toMatchObject({ jobTitle: 'Arkivleder', department: 'Dokumentsenteret' });
    for (const name of ['Sigrid Lund', 'Anders Moe']) {
      expect(byName(name)).toMatchObject({
        jobTitle: 'Systemansvarlig',
        department: 'Dokumentsenteret',
        managerId: hilde.id,
      });
    }
    expect(
      directReportsOf(kari.id)
        .map((person) => person.displayName)
        .sort(),
    ).toEqual(['Ingrid Berg', 'Ola Hansen']);
  });

  it('has the Systemansvarlig and Arkivleder security groups and the Dokumentsenteret team', () => {
    const systemansvarlig = findGroup(demoGroupIds.systemansvarlig);
    expect(systemansvarlig).toMatchObject({ displayName: 'Systemansvarlig', kind: 'security' });
    expect(systemansvarlig?.memberIds).toEqual(
      expect.arrayContaining([demoPersonIds.sigridLund, demoPersonIds.andersMoe]),
    );
    expect(findGroup(demoGroupIds.arkivleder)).toMatchObject({
      displayName: 'Arkivleder',
      kind: 'security',
      memberIds: [demoPersonIds.hildeArnesen],
    });
    expect(findGroup(demoGroupIds.dokumentsenteret)?.kind).toBe('microsoft365');
    for (const group of demoGroups) {
      for (const id of [...group.memberIds, ...group.ownerIds]) {
        expect(findPerson(id)).toBeDefined();
      }
    }
    expect(groupsOf(demoPersonIds.olaHansen)).toEqual([]);
  });

  it('finds people by id or by userPrincipalName, case-insensitively', () => {
    expect(findPerson('KARI.NORDMANN@bodo.example')?.id).toBe(demoPersonIds.kariNordmann);
    expect(findPerson(demoPersonIds.kariNordmann.toUpperCase())?.displayName).toBe('Kari Nordmann');
    expect(findPerson('nobody@bodo.example', demoDirectory)).toBeUndefined();
  });
});
