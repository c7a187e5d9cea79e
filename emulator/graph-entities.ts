/**
 * How directory objects are serialised: property sets, Graph's default properties and `$select`.
 */
import {
  DEMO_COMPANY_NAME,
  DEMO_MAIL_DOMAIN,
  type DirectoryGroup,
  type DirectoryPerson,
} from './directory-data.ts';
import { badRequest, type JsonObject, type JsonValue } from './graph-response.ts';

export interface EntityType<T> {
  /** e.g. `microsoft.graph.user` */
  readonly typeName: string;
  /** The resource name Graph uses in query error messages, e.g. `User`. */
  readonly resourceName: string;
  /** Every property the emulator knows, in Graph's serialisation order. */
  readonly properties: Readonly<Record<string, (item: T) => JsonValue>>;
  /** What Graph returns without `$select`. */
  readonly defaultProperties: readonly string[];
  /** Properties `$search` tokenizes; the others match with startsWith. */
  readonly tokenizedSearchProperties: readonly string[];
}

export const userEntity: EntityType<DirectoryPerson> = {
  typeName: 'microsoft.graph.user',
  resourceName: 'User',
  properties: {
    businessPhones: () => [],
    displayName: (user) => user.displayName,
    givenName: (user) => user.givenName,
    jobTitle: (user) => user.jobTitle,
    mail: (user) => user.mail,
    mobilePhone: () => null,
    officeLocation: (user) => user.officeLocation,
    preferredLanguage: () => 'nb-NO',
    surname: (user) => user.surname,
    userPrincipalName: (user) => user.userPrincipalName,
    id: (user) => user.id,
    accountEnabled: (user) => user.accountEnabled !== false,
    city: () => 'Bodø',
    companyName: () => DEMO_COMPANY_NAME,
    country: () => 'Norge',
    department: (user) => user.department,
    mailNickname: (user) => user.userPrincipalName.split('@')[0] ?? user.userPrincipalName,
    usageLocation: () => 'NO',
    userType: () => 'Member',
  },
  defaultProperties: [
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
  ],
  tokenizedSearchProperties: ['displayName'],
};

function groupMail(group: DirectoryGroup): string | null {
  return group.kind === 'microsoft365' ? `${group.mailNickname}@${DEMO_MAIL_DOMAIN}` : null;
}

const groupProperties: Readonly<Record<string, (group: DirectoryGroup) => JsonValue>> = {
  id: (group) => group.id,
  deletedDateTime: () => null,
  classification: () => null,
  createdDateTime: (group) => group.createdDateTime,
  creationOptions: (group) => (group.kind === 'microsoft365' ? ['Team'] : []),
  description: (group) => group.description,
  displayName: (group) => group.displayName,
  expirationDateTime: () => null,
  groupTypes: (group) => (group.kind === 'microsoft365' ? ['Unified'] : []),
  isAssignableToRole: () => null,
  mail: groupMail,
  mailEnabled: (group) => group.kind === 'microsoft365',
  mailNickname: (group) => group.mailNickname,
  membershipRule: () => null,
  membershipRuleProcessingState: () => null,
  preferredDataLocation: () => null,
  preferredLanguage: () => null,
  proxyAddresses: (group) => {
    const mail = groupMail(group);
    return mail === null ? [] : [`SMTP:${mail}`];
  },
  renewedDateTime: (group) => group.createdDateTime,
  resourceBehaviorOptions: () => [],
  resourceProvisioningOptions: (group) => (group.kind === 'microsoft365' ? ['Team'] : []),
  securityEnabled: (group) => group.kind === 'security',
  theme: () => null,
  visibility: (group) => (group.kind === 'microsoft365' ? 'Private' : null),
};

export const groupEntity: EntityType<DirectoryGroup> = {
  typeName: 'microsoft.graph.group',
  resourceName: 'Group',
  properties: groupProperties,
  defaultProperties: Object.keys(groupProperties),
  tokenizedSearchProperties: ['displayName', 'description'],
};

/** Property names are case-insensitive in Graph; this returns the declared spelling. */
export function resolveProperty<T>(type: EntityType<T>, name: string): string | undefined {
  const key = name.trim().toLowerCase();
  return Object.keys(type.properties).find((property) => property.toLowerCase() === key);
}

export function readProperty<T>(type: EntityType<T>, item: T, property: string): JsonValue {
  const read = type.properties[property];
  return read === undefined ? null : read(item);
}

/** Parses `$select`; `null` means Graph's default property set. */
export function parseSelect<T>(type: EntityType<T>, raw: string | null): readonly string[] | null {
  if (raw === null) return null;
  const names = raw
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) return null;
  const selected: string[] = [];
  for (const name of names) {
    const property = resolveProperty(type, name);
    if (property === undefined) {
      throw badRequest(`Could not find a property named '${name}' on type '${type.typeName}'.`);
    }
    if (!selected.includes(property)) selected.push(property);
  }
  return selected;
}

/** `(displayName,jobTitle)` for `@odata.context`, or nothing without `$select`. */
export function selectSuffix(select: readonly string[] | null): string {
  return select === null ? '' : `(${select.join(',')})`;
}

export function serializeEntity<T>(
  type: EntityType<T>,
  item: T,
  select: readonly string[] | null,
  options: { readonly includeODataType: boolean },
): JsonObject {
  const body: Record<string, JsonValue> = {};
  if (options.includeODataType) body['@odata.type'] = `#${type.typeName}`;
  for (const property of select ?? type.defaultProperties) {
    body[property] = readProperty(type, item, property);
  }
  return body;
}
