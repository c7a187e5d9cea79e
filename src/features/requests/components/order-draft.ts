import { z } from 'zod';
import { defaultDomainConfig } from '../../../domain/config.ts';
import { compareIsoDates, isIsoDate } from '../../../domain/dates.ts';
import type { DirectoryLookup } from '../../../domain/directory-facts.ts';
import { accessRequestSchema, type AccessRequest } from '../../../domain/requests.ts';
import { checkR10ExternalConsultant } from '../../../domain/rules.ts';
import { reasonsFromZodError } from '../../../domain/validation.ts';
import type { DirectoryPerson } from '../../../m365/directory.ts';
import type { OrderInput } from '../request-desk.ts';
import { fieldOf, reasonProblems, type Problem } from './form-problems.ts';

/** The kinds of order, in the order the form offers them. */
export const orderKinds = [
  'order.new-user',
  'order.change',
  'order.removal',
  'order.external-consultant',
] as const;
export type OrderFormKind = (typeof orderKinds)[number];

const personSchema = z.object({ id: z.string().min(1), displayName: z.string().optional() });

/**
 * Everything the order form holds, as typed (strings, not yet valid values),
 * with the ids of the write: made once per draft so that a retry or a double
 * submit makes one order.
 */
export const orderDraftSchema = z.object({
  kind: z.enum(orderKinds),
  subject: personSchema.nullable(),
  subjectQuery: z.string(),
  /** The department the administrative unit was filled from, to refill it when the employee changes. */
  subjectDepartment: z.string().nullable(),
  removalReason: z.enum(['leaver', 'mover']).nullable(),
  fromGrants: z.array(z.string()),
  base: z.string(),
  administrativeUnit: z.string(),
  roles: z.array(z.string()),
  accessCodes: z.array(z.string()),
  startDate: z.string(),
  endDate: z.string(),
  serviceNeed: z.string(),
  consultantName: z.string(),
  consultantCompany: z.string(),
  consultantEmail: z.string(),
  declarationConfirmed: z.boolean(),
  declarationStoredAt: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  agreedWith: personSchema.nullable(),
  ids: z.object({ requestId: z.string().min(1), eventId: z.string().min(1) }),
});
export type OrderDraft = z.infer<typeof orderDraftSchema>;

export function emptyOrderDraft(today: string, base: string): OrderDraft {
  return {
    kind: 'order.new-user',
    subject: null,
    subjectQuery: '',
    subjectDepartment: null,
    removalReason: null,
    fromGrants: [],
    base,
    administrativeUnit: '',
    roles: [],
    accessCodes: [],
    startDate: today,
    endDate: '',
    serviceNeed: '',
    consultantName: '',
    consultantCompany: '',
    consultantEmail: '',
    declarationConfirmed: false,
    declarationStoredAt: '',
    periodStart: '',
    periodEnd: '',
    agreedWith: null,
    ids: { requestId: crypto.randomUUID(), eventId: crypto.randomUUID() },
  };
}

/** The fields the order form shows; reasons are placed on these. */
export const orderFields = [
  'kind',
  'subject',
  'removalReason',
  'fromGrants',
  'base',
  'administrativeUnit',
  'roles',
  'accessCodes',
  'startDate',
  'endDate',
  'serviceNeed',
  'consultant.name',
  'consultant.company',
  'consultant.email',
  'confidentialityDeclaration.confirmed',
  'confidentialityDeclaration.storedAt',
  'period.start',
  'period.end',
  'agreedWith',
] as const;
export type OrderField = (typeof orderFields)[number];

const orderAliases: Readonly<Record<string, OrderField>> = {
  reason: 'removalReason',
  consultant: 'consultant.name',
  confidentialityDeclaration: 'confidentialityDeclaration.confirmed',
};

const shownFor: Record<OrderFormKind, readonly OrderField[]> = {
  'order.new-user': ['subject', 'startDate', 'endDate'],
  'order.change': ['subject', 'startDate', 'endDate'],
  'order.removal': ['subject', 'removalReason', 'fromGrants', 'startDate'],
  'order.external-consultant': [
    'consultant.name',
    'consultant.company',
    'consultant.email',
    'confidentialityDeclaration.confirmed',
    'confidentialityDeclaration.storedAt',
    'period.start',
    'period.end',
    'agreedWith',
  ],
};
const shownForAll: readonly OrderField[] = [
  'kind',
  'base',
  'administrativeUnit',
  'roles',
  'accessCodes',
  'serviceNeed',
];

/**
 * The shown field a reason's path belongs to (`period` means whichever date
 * is missing), or null: then it is said at the top of the form, so nothing
 * is refused next to a field the current kind of order does not show.
 */
export function orderFieldOf(draft: OrderDraft) {
  const shown = [...shownForAll, ...shownFor[draft.kind]];
  return (path: string | undefined): OrderField | null => {
    const field =
      path === 'period'
        ? draft.periodStart === ''
          ? 'period.start'
          : 'period.end'
        : fieldOf(path, orderFields, orderAliases);
    return field !== null && shown.includes(field) ? field : null;
  };
}

const blankToUndefined = (text: string): string | undefined =>
  text.trim() === '' ? undefined : text;

/** The order the draft describes, before validation (missing values are left out, not guessed). */
function orderCandidate(draft: OrderDraft): Record<string, unknown> {
  const common = {
    kind: draft.kind,
    base: draft.base,
    administrativeUnit: draft.administrativeUnit,
    roles: draft.roles,
    accessCodes: draft.accessCodes,
    serviceNeed: draft.serviceNeed,
  };
  switch (draft.kind) {
    case 'order.new-user':
    case 'order.change':
      return {
        ...common,
        subject: draft.subject ?? undefined,
        startDate: draft.startDate,
        endDate: blankToUndefined(draft.endDate),
      };
    case 'order.removal':
      return {
        ...common,
        subject: draft.subject ?? undefined,
        reason: draft.removalReason ?? undefined,
        fromGrants: draft.fromGrants.length > 0 ? draft.fromGrants : undefined,
        startDate: draft.startDate,
      };
    case 'order.external-consultant':
      return {
        ...common,
        consultant: {
          name: draft.consultantName,
          company: draft.consultantCompany,
          email: draft.consultantEmail.trim(),
        },
        confidentialityDeclaration: {
          confirmed: draft.declarationConfirmed,
          storedAt: draft.declarationStoredAt,
        },
        period:
          draft.periodStart === '' || draft.periodEnd === ''
            ? undefined
            : { start: draft.periodStart, end: draft.periodEnd },
        agreedWith: draft.agreedWith ?? undefined,
      };
  }
}

function asOrder(request: AccessRequest): OrderInput | null {
  switch (request.kind) {
    case 'order.new-user':
    case 'order.change':
    case 'order.removal':
    case 'order.external-consultant':
      return request;
    default:
      return null;
  }
}

export interface OrderCheckContext {
  /** The person ordering (R1: never for themselves). */
  readonly meId: string;
  /** Systemansvarlig members as far as known; unknown (null) leaves that check to the desk. */
  readonly systemansvarlige: readonly DirectoryPerson[] | null;
}

export type OrderCheck =
  | { readonly ok: true; readonly order: OrderInput }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/**
 * Checks the draft as the desk will, so most mistakes are explained next to
 * their field before anything is sent: the domain's schemas (R2 service need,
 * dates, roles) and for an external consultant R10. The desk judges again;
 * what it refuses is shown the same way.
 */
export function checkOrderDraft(draft: OrderDraft, context: OrderCheckContext): OrderCheck {
  const problems: Problem[] = [];
  const external = draft.kind === 'order.external-consultant';
  if (!external && draft.subject === null) {
    problems.push({ field: 'subject', message: 'requests.order.subjectRequired' });
  } else if (!external && draft.subject?.id === context.meId) {
    problems.push({ field: 'subject', reason: { key: 'rule.r1.selfOrder' } });
  }
  const hasEndDate = draft.kind === 'order.new-user' || draft.kind === 'order.change';
  if (hasEndDate && draft.endDate !== '' && !isIsoDate(draft.endDate)) {
    problems.push({ field: 'endDate', reason: { key: 'validation.date' } });
  } else if (
    hasEndDate &&
    isIsoDate(draft.startDate) &&
    isIsoDate(draft.endDate) &&
    compareIsoDates(draft.endDate, draft.startDate) < 0
  ) {
    problems.push({ field: 'endDate', reason: { key: 'validation.endBeforeStart' } });
  }

  if (external) {
    const known = context.systemansvarlige;
    const facts: DirectoryLookup = {
      managerOf: () => null,
      hasDirectReports: () => false,
      isMember: (personId, group) =>
        group !== 'systemansvarlig' ||
        known === null ||
        known.some((person) => person.id === personId),
    };
    problems.push(
      ...reasonProblems(
        checkR10ExternalConsultant(
          {
            confidentialityDeclaration: {
              confirmed: draft.declarationConfirmed,
              storedAt: draft.declarationStoredAt,
            },
            period: { start: draft.periodStart, end: draft.periodEnd },
            agreedWith: draft.agreedWith,
          },
          defaultDomainConfig,
          facts,
        ),
      ),
    );
  }

  // After the rule checks: where both speak of a field, the rule's sentence is the clearer one.
  const parsed = accessRequestSchema.safeParse(orderCandidate(draft));
  if (!parsed.success) problems.push(...reasonProblems(reasonsFromZodError(parsed.error)));

  const order = parsed.success ? asOrder(parsed.data) : null;
  if (problems.length > 0 || order === null) {
    return {
      ok: false,
      problems: problems.length > 0 ? problems : [{ reason: { key: 'validation.invalid' } }],
    };
  }
  return { ok: true, order };
}
