/**
 * The demo directory of the local Microsoft 365 emulator: fictional staff of Bodø kommune.
 * Every name, id and address here is made up. Ids are fixed so that tests, seeded SharePoint
 * data and bookmarks in the workbench keep pointing at the same people across restarts.
 */

export const DEMO_MAIL_DOMAIN = 'bodo.example';
export const DEMO_OFFICE_LOCATION = 'Bodø';
export const DEMO_COMPANY_NAME = 'Bodø kommune';

export interface DirectoryPerson {
  readonly id: string;
  readonly givenName: string;
  readonly surname: string;
  readonly displayName: string;
  readonly jobTitle: string;
  readonly department: string;
  readonly officeLocation: string;
  readonly mail: string;
  readonly userPrincipalName: string;
  /** null only for the top of the organisation (kommunedirektøren). */
  readonly managerId: string | null;
  /**
   * Graph's `accountEnabled`; absent means true. A disabled account cannot sign in (the
   * emulator issues it no token and refuses the tokens it has) but is still in the directory.
   */
  readonly accountEnabled?: boolean;
}

/** `security`: a security group; `microsoft365`: a Microsoft 365 ("Unified") group, e.g. a team. */
export type DirectoryGroupKind = 'security' | 'microsoft365';

export interface DirectoryGroup {
  readonly id: string;
  readonly displayName: string;
  readonly description: string;
  readonly kind: DirectoryGroupKind;
  readonly mailNickname: string;
  readonly createdDateTime: string;
  readonly memberIds: readonly string[];
  readonly ownerIds: readonly string[];
}

export interface DirectoryData {
  readonly people: readonly DirectoryPerson[];
  readonly groups: readonly DirectoryGroup[];
}

export const demoDepartments = {
  stab: 'Kommunedirektørens stab',
  skolekontoret: 'Skolekontoret',
  byggesak: 'Byggesak',
  dokumentsenteret: 'Dokumentsenteret',
  dikt: 'Digitalisering- og IKT-kontoret',
  okonomi: 'Økonomi',
  helseOgOmsorg: 'Helse og omsorg',
  barnevernet: 'Barnevernet',
  kultur: 'Kultur',
} as const;

/** Ids of the people the tests and the workbench refer to by role. */
export const demoPersonIds = {
  rolfKristiansen: 'd1020cb4-2dbc-4805-a1dc-a9f019ae449d',
  maritSolberg: '4e24235d-5be4-4498-8f63-d1417fd151e7',
  torEriksen: '82355631-8ddc-40fd-85e4-68902b2ff500',
  benteHaugen: '7c0a79d2-28ca-484a-aac3-f81bace43637',
  janPedersen: '6c98fe8b-9b4f-436c-9d3a-b94d2bd814de',
  kariNordmann: '48bb2bfb-2e8d-48b2-9112-c96d8ccfcae8',
  olaHansen: '7cb74e4c-10c7-4f39-9454-43e0df27b6eb',
  ingridBerg: '03591982-4852-4eb6-86b1-7bd588817afa',
  perJohansen: '4de655c6-c638-495c-b695-3b7c42209e9f',
  liseOlsen: 'c669ca79-c7bc-4457-9370-a1626815c5e0',
  hildeArnesen: '80ea3c4a-316b-4866-a225-0011a67543fd',
  sigridLund: '21684488-ed6e-4f74-aa01-2470ad1a6392',
  andersMoe: 'eb6eb7fd-3d48-4c98-8fae-e0b6098e7dc0',
  /** D-IKT; the emulated SharePoint site's collection administrator (runs provisioning). */
  hakonOdegard: 'f2eb5271-804e-4674-86bb-b1b39bdf71a9',
} as const;

export const demoGroupIds = {
  systemansvarlig: '6863f77b-cd52-4054-816d-4cad0b885209',
  arkivleder: '83eb1090-9f0e-4e49-b047-56cebc7af559',
  dokumentsenteret: 'fba81984-e276-42ba-bda1-562a1187b2f0',
} as const;

const transliterations: Readonly<Record<string, string>> = { æ: 'ae', ø: 'o', å: 'a' };

/** `Håkon`, `Ødegård` -> `hakon.odegard`: lowercase, Norwegian letters transliterated. */
export function mailLocalPart(givenName: string, surname: string): string {
  const simplify = (name: string): string =>
    name
      .toLowerCase()
      .replace(/[æøå]/g, (letter) => transliterations[letter] ?? letter)
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
  return `${simplify(givenName)}.${simplify(surname)}`;
}

function person(
  id: string,
  givenName: string,
  surname: string,
  jobTitle: string,
  department: string,
  managerId: string | null,
): DirectoryPerson {
  const address = `${mailLocalPart(givenName, surname)}@${DEMO_MAIL_DOMAIN}`;
  return {
    id,
    givenName,
    surname,
    displayName: `${givenName} ${surname}`,
    jobTitle,
    department,
    officeLocation: DEMO_OFFICE_LOCATION,
    mail: address,
    userPrincipalName: address,
    managerId,
  };
}

const ids = demoPersonIds;
const dep = demoDepartments;

const geirNilsen = 'd7f5b04d-4403-4a7f-b95e-d4ecab7a2006';
const trondHalvorsen = 'e112d2a5-b98a-4240-90b4-8877209c5bdb';
const metteSorensen = '9f8cbc5a-cd24-495b-826b-677d1b848a5e';
const lineMikkelsen = '4ebfbe50-143d-4649-b47a-8888db88b332';
const eirikLie = '3c0b179f-a529-49b5-b085-43c69204e6f3';
const toneStrand = 'f92ba928-ef49-4d57-9386-554066b8bacf';
const jonasBakken = 'ff0947fc-c93b-42ff-9095-b0f99b9c733f';

export const demoPeople: readonly DirectoryPerson[] = [
  // Kommunedirektøren and the kommunalsjefer: the top of every manager chain.
  person(ids.rolfKristiansen, 'Rolf', 'Kristiansen', 'Kommunedirektør', dep.stab, null),
  person(ids.maritSolberg, 'Marit', 'Solberg', 'Kommunalsjef', dep.stab, ids.rolfKristiansen),
  person(ids.torEriksen, 'Tor', 'Eriksen', 'Kommunalsjef', dep.stab, ids.rolfKristiansen),
  person(ids.benteHaugen, 'Bente', 'Haugen', 'Kommunalsjef', dep.stab, ids.rolfKristiansen),
  person(ids.janPedersen, 'Jan', 'Pedersen', 'Kommunalsjef', dep.stab, ids.rolfKristiansen),

  person(ids.kariNordmann, 'Kari', 'Nordmann', 'Enhetsleder', dep.skolekontoret, ids.maritSolberg),
  person(ids.olaHansen, 'Ola', 'Hansen', 'Rådgiver', dep.skolekontoret, ids.kariNordmann),
  person(ids.ingridBerg, 'Ingrid', 'Berg', 'Konsulent', dep.skolekontoret, ids.kariNordmann),

  person(ids.perJohansen, 'Per', 'Johansen', 'Enhetsleder', dep.byggesak, ids.torEriksen),
  person(ids.liseOlsen, 'Lise', 'Olsen', 'Saksbehandler', dep.byggesak, ids.perJohansen),
  person(
    'b4952c46-5d12-4019-9cfd-67aa9d02f6d4',
    'Erik',
    'Andersen',
    'Saksbehandler',
    dep.byggesak,
    ids.perJohansen,
  ),
  person(
    '34959a2d-6829-4f1f-9485-c8510ffe4e8c',
    'Nina',
    'Karlsen',
    'Rådgiver',
    dep.byggesak,
    ids.perJohansen,
  ),

  person(ids.hildeArnesen, 'Hilde', 'Arnesen', 'Arkivleder', dep.dokumentsenteret, ids.janPedersen),
  person(
    ids.sigridLund,
    'Sigrid',
    'Lund',
    'Systemansvarlig',
    dep.dokumentsenteret,
    ids.hildeArnesen,
  ),
  person(ids.andersMoe, 'Anders', 'Moe', 'Systemansvarlig', dep.dokumentsenteret, ids.hildeArnesen),
  person(toneStrand, 'Tone', 'Strand', 'Arkivar', dep.dokumentsenteret, ids.hildeArnesen),
  person(jonasBakken, 'Jonas', 'Bakken', 'Konsulent', dep.dokumentsenteret, ids.hildeArnesen),

  person(geirNilsen, 'Geir', 'Nilsen', 'Enhetsleder', dep.dikt, ids.janPedersen),
  person(
    'b3978b0a-7540-4b31-b355-61f3a6cfa15b',
    'Camilla',
    'Larsen',
    'Rådgiver',
    dep.dikt,
    geirNilsen,
  ),
  person(ids.hakonOdegard, 'Håkon', 'Ødegård', 'Seniorrådgiver', dep.dikt, geirNilsen),

  person(trondHalvorsen, 'Trond', 'Halvorsen', 'Økonomisjef', dep.okonomi, ids.janPedersen),
  person(
    '1818c971-7132-4a65-974a-95edd66104cc',
    'Anne',
    'Jakobsen',
    'Rådgiver',
    dep.okonomi,
    trondHalvorsen,
  ),
  person(
    '48548624-49af-4ed7-9918-6ed09c96b0cf',
    'Kjetil',
    'Sæther',
    'Konsulent',
    dep.okonomi,
    trondHalvorsen,
  ),

  person(metteSorensen, 'Mette', 'Sørensen', 'Enhetsleder', dep.helseOgOmsorg, ids.benteHaugen),
  person(
    'f02e9043-e567-4946-b2ee-0a20845682f2',
    'Bjørn',
    'Strøm',
    'Saksbehandler',
    dep.helseOgOmsorg,
    metteSorensen,
  ),
  person(
    'bebd71ae-2dc5-4e81-b4e0-862a82e3fd1a',
    'Åse',
    'Hovland',
    'Konsulent',
    dep.helseOgOmsorg,
    metteSorensen,
  ),

  person(lineMikkelsen, 'Line', 'Mikkelsen', 'Enhetsleder', dep.barnevernet, ids.maritSolberg),
  person(
    '3f8a396a-e1e4-4b43-a5ca-2bd69dc18159',
    'Kristoffer',
    'Dahl',
    'Saksbehandler',
    dep.barnevernet,
    lineMikkelsen,
  ),
  person(
    '185df1d6-224a-4609-96fd-d680d8c82682',
    'Ida',
    'Martinsen',
    'Saksbehandler',
    dep.barnevernet,
    lineMikkelsen,
  ),

  person(eirikLie, 'Eirik', 'Lie', 'Enhetsleder', dep.kultur, ids.maritSolberg),
  person('c7214535-daf3-4e67-b46b-e05e6600c0d4', 'Guro', 'Bø', 'Konsulent', dep.kultur, eirikLie),
];

export const demoGroups: readonly DirectoryGroup[] = [
  {
    id: demoGroupIds.systemansvarlig,
    displayName: 'Systemansvarlig',
    description: 'Systemansvarlige for Elements (Dokumentsenteret).',
    kind: 'security',
    mailNickname: 'systemansvarlig',
    createdDateTime: '2017-03-01T08:00:00Z',
    memberIds: [ids.sigridLund, ids.andersMoe],
    ownerIds: [ids.hildeArnesen],
  },
  {
    id: demoGroupIds.arkivleder,
    displayName: 'Arkivleder',
    description: 'Arkivleder i Bodø kommune (Dokumentsenteret).',
    kind: 'security',
    mailNickname: 'arkivleder',
    createdDateTime: '2017-03-01T08:00:00Z',
    memberIds: [ids.hildeArnesen],
    ownerIds: [ids.janPedersen],
  },
  {
    id: demoGroupIds.dokumentsenteret,
    displayName: 'Dokumentsenteret',
    description: 'Teamet til Dokumentsenteret: arkiv og systemansvar for Elements.',
    kind: 'microsoft365',
    mailNickname: 'dokumentsenteret',
    createdDateTime: '2020-09-14T10:30:00Z',
    memberIds: [ids.hildeArnesen, ids.sigridLund, ids.andersMoe, toneStrand, jonasBakken],
    ownerIds: [ids.hildeArnesen],
  },
];

export const demoDirectory: DirectoryData = { people: demoPeople, groups: demoGroups };

/** Finds a person by object id or by userPrincipalName (case-insensitive, as Entra ID does). */
export function findPerson(
  idOrUserPrincipalName: string,
  directory: DirectoryData = demoDirectory,
): DirectoryPerson | undefined {
  const key = idOrUserPrincipalName.toLowerCase();
  return directory.people.find(
    (candidate) => candidate.id === key || candidate.userPrincipalName.toLowerCase() === key,
  );
}

export function findGroup(
  id: string,
  directory: DirectoryData = demoDirectory,
): DirectoryGroup | undefined {
  const key = id.toLowerCase();
  return directory.groups.find((candidate) => candidate.id === key);
}

/** The groups a person is a direct member of. */
export function groupsOf(
  personId: string,
  directory: DirectoryData = demoDirectory,
): readonly DirectoryGroup[] {
  return directory.groups.filter((group) => group.memberIds.includes(personId));
}

export function directReportsOf(
  personId: string,
  directory: DirectoryData = demoDirectory,
): readonly DirectoryPerson[] {
  return directory.people.filter((candidate) => candidate.managerId === personId);
}

/** The person's managers, nearest first, up to the top. Stops on a cycle instead of looping. */
export function managerChainOf(
  personId: string,
  directory: DirectoryData = demoDirectory,
): readonly DirectoryPerson[] {
  const chain: DirectoryPerson[] = [];
  const seen = new Set<string>([personId]);
  let current = findPerson(personId, directory);
  while (current?.managerId != null && !seen.has(current.managerId)) {
    seen.add(current.managerId);
    current = findPerson(current.managerId, directory);
    if (current !== undefined) chain.push(current);
  }
  return chain;
}
