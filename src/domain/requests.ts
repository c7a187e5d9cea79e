import { z } from 'zod';
import { caseNumberSchema } from './case-number.ts';
import { gradingSchema } from './catalogue.ts';
import { compareIsoDates, isoDateSchema, type IsoDate } from './dates.ts';
import { personRefSchema } from './person.ts';

/**
 * What people ask for: orders for a user's Elements access (R1-R3, R10) and
 * requests for access to folders exempt from public disclosure (R4-R8).
 *
 * These schemas check structure only. Whether a base, role or access code
 * exists is checked against the catalogue when a form is submitted
 * (validation.ts), not when history is read: a catalogue that changes later
 * must never make recorded events unreadable.
 */

/** Tjenstlig behov (R2) must say something: one short sentence at the least. */
export const serviceNeedLength = { min: 20, max: 2000 } as const;

/** A client-generated id (UUID in practice) of an event, stream or text. */
export const ledgerIdSchema = z
  .string({ error: 'validation.required' })
  .trim()
  .min(1, { error: 'validation.required' })
  .max(100, { error: 'validation.tooLong' });

/** Reference to sensitive free text kept in the texts list, readable only by those who may. */
export const textIdSchema = ledgerIdSchema;

/** A catalogue entry's id (base, role, access code, module). */
export const catalogueRefSchema = z
  .string({ error: 'validation.required' })
  .min(1, { error: 'validation.required' })
  .max(64, { error: 'validation.tooLong' });

export const serviceNeedSchema = z
  .string({ error: 'rule.r2.serviceNeedMissing' })
  .trim()
  .min(1, { error: 'rule.r2.serviceNeedMissing' })
  .min(serviceNeedLength.min, { error: 'rule.r2.serviceNeedTooShort' })
  .max(serviceNeedLength.max, { error: 'rule.r2.serviceNeedTooLong' });

const administrativeUnitSchema = z
  .string({ error: 'validation.required' })
  .trim()
  .min(1, { error: 'validation.required' })
  .max(200, { error: 'validation.tooLong' });

/** R6: read and write are separate rights, requested and granted one at a time. */
export const folderRightSchema = z.enum(['read', 'write'], { error: 'rule.r6.rightRequired' });
export type FolderRight = z.infer<typeof folderRightSchema>;

export const removalReasonSchema = z.enum(['leaver', 'mover'], {
  error: 'request.removalReasonRequired',
});
export type RemovalReason = z.infer<typeof removalReasonSchema>;

const endNotBeforeStart = (value: { startDate: IsoDate; endDate?: IsoDate | undefined }) =>
  value.endDate === undefined || compareIsoDates(value.endDate, value.startDate) >= 0;
const endBeforeStartIssue = (): { error: string; path: string[] } => ({
  error: 'validation.endBeforeStart',
  path: ['endDate'],
});

const orderFields = {
  subject: personRefSchema,
  base: catalogueRefSchema,
  administrativeUnit: administrativeUnitSchema,
  roles: z.array(catalogueRefSchema).min(1, { error: 'request.roleRequired' }),
  accessCodes: z.array(catalogueRefSchema),
  startDate: isoDateSchema,
  endDate: isoDateSchema.optional(),
  serviceNeed: serviceNeedSchema,
};

/** A new Elements user (R1-R3): systemansvarlig creates the user in Elements' system administration. */
export const newUserOrderSchema = z
  .object({ kind: z.literal('order.new-user'), ...orderFields })
  .refine(endNotBeforeStart, endBeforeStartIssue());

/** Changed roles or access codes for an existing user. */
export const changeOrderSchema = z
  .object({ kind: z.literal('order.change'), ...orderFields })
  .refine(endNotBeforeStart, endBeforeStartIssue());

/**
 * Access that ends: the employee leaves or moves (R11: leavers and movers lose
 * access). Empty roles and codes mean all access in the base; `fromGrants`
 * names the earlier requests whose grants are removed, when picked from them.
 */
export const removalOrderSchema = z.object({
  kind: z.literal('order.removal'),
  subject: personRefSchema,
  base: catalogueRefSchema,
  administrativeUnit: administrativeUnitSchema,
  reason: removalReasonSchema,
  roles: z.array(catalogueRefSchema),
  accessCodes: z.array(catalogueRefSchema),
  fromGrants: z.array(ledgerIdSchema).optional(),
  /** The day the access is to end. */
  startDate: isoDateSchema,
  serviceNeed: serviceNeedSchema,
});

export const externalConsultantSchema = z.object({
  name: z
    .string({ error: 'validation.required' })
    .trim()
    .min(1, { error: 'validation.required' })
    .max(200),
  company: z
    .string({ error: 'validation.required' })
    .trim()
    .min(1, { error: 'validation.required' })
    .max(200),
  email: z.email({ error: 'validation.email' }),
});

export const periodSchema = z
  .object({ start: isoDateSchema, end: isoDateSchema }, { error: 'rule.r10.periodRequired' })
  .refine((period) => compareIsoDates(period.end, period.start) >= 0, {
    error: 'validation.endBeforeStart',
    path: ['end'],
  });
export type Period = z.infer<typeof periodSchema>;

/**
 * R10: an external consultant. Atea creates the account after approval; the
 * period is required (its maximum is configuration, checked by
 * `checkR10ExternalConsultant`), and `agreedWith` names the systemansvarlig
 * the period was agreed with: a claim the rules check against the directory.
 */
export const externalConsultantOrderSchema = z.object({
  kind: z.literal('order.external-consultant'),
  consultant: externalConsultantSchema,
  confidentialityDeclaration: z.object(
    {
      confirmed: z.literal(true, { error: 'rule.r10.declarationNotConfirmed' }),
      /** Where the signed taushetserklæring is kept (e.g. an Elements reference). */
      storedAt: z
        .string({ error: 'rule.r10.declarationStorageMissing' })
        .trim()
        .min(3, { error: 'rule.r10.declarationStorageMissing' })
        .max(300),
    },
    { error: 'rule.r10.declarationNotConfirmed' },
  ),
  period: periodSchema,
  agreedWith: personRefSchema,
  base: catalogueRefSchema,
  administrativeUnit: administrativeUnitSchema,
  roles: z.array(catalogueRefSchema).min(1, { error: 'request.roleRequired' }),
  accessCodes: z.array(catalogueRefSchema),
  serviceNeed: serviceNeedSchema,
});

/**
 * R4-R7: a staff member asks for access to one folder exempt from public
 * disclosure, for themselves. The justification is sensitive and lives in the
 * texts list. `scope` is always the folder (R7): the access group is not
 * carried over to the folder's registry entries.
 */
export const folderAccessRequestSchema = z.object({
  kind: z.literal('folder-access'),
  subject: personRefSchema,
  base: catalogueRefSchema,
  caseNumber: caseNumberSchema,
  grading: gradingSchema,
  right: folderRightSchema,
  justificationTextId: textIdSchema,
  scope: z.literal('folder', { error: 'rule.r7.folderOnly' }).default('folder'),
});

/**
 * R8: extended access for an employee. Needs the leader's written
 * confirmation of the service need, then the arkivleder, then systemansvarlig.
 */
export const extendedAccessRequestSchema = z
  .object({
    kind: z.literal('extended-access'),
    subject: personRefSchema,
    base: catalogueRefSchema,
    administrativeUnit: administrativeUnitSchema,
    grading: gradingSchema.optional(),
    right: folderRightSchema,
    startDate: isoDateSchema,
    endDate: isoDateSchema.optional(),
    justificationTextId: textIdSchema,
  })
  .refine(endNotBeforeStart, endBeforeStartIssue());

/** R8: another employee (the subject) becomes case owner (sakseier) of a personnel folder. */
export const caseOwnerRequestSchema = z.object({
  kind: z.literal('case-owner'),
  subject: personRefSchema,
  base: catalogueRefSchema,
  caseNumber: caseNumberSchema,
  justificationTextId: textIdSchema,
});

export const accessRequestSchema = z.discriminatedUnion('kind', [
  newUserOrderSchema,
  changeOrderSchema,
  removalOrderSchema,
  externalConsultantOrderSchema,
  folderAccessRequestSchema,
  extendedAccessRequestSchema,
  caseOwnerRequestSchema,
]);

export type AccessRequest = z.infer<typeof accessRequestSchema>;
export type RequestKind = AccessRequest['kind'];
export type NewUserOrder = z.infer<typeof newUserOrderSchema>;
export type ChangeOrder = z.infer<typeof changeOrderSchema>;
export type RemovalOrder = z.infer<typeof removalOrderSchema>;
export type ExternalConsultantOrder = z.infer<typeof externalConsultantOrderSchema>;
export type FolderAccessRequest = z.infer<typeof folderAccessRequestSchema>;
export type ExtendedAccessRequest = z.infer<typeof extendedAccessRequestSchema>;
export type CaseOwnerRequest = z.infer<typeof caseOwnerRequestSchema>;

export const requestKinds: readonly RequestKind[] = [
  'order.new-user',
  'order.change',
  'order.removal',
  'order.external-consultant',
  'folder-access',
  'extended-access',
  'case-owner',
];

/** The stages a request must pass before systemansvarlig's decision counts. */
export type ApprovalStage = 'leader' | 'arkivleder' | 'systemansvarlig';

/** Orders and folder requests an employee's leader (or the staff member) sends straight to Dokumentsenteret. */
export type OrderKind = Extract<RequestKind, `order.${string}`>;
/** R8: the kinds that need the leader's written confirmation and the arkivleder. */
export type R8Kind = 'extended-access' | 'case-owner';

export function isOrderKind(kind: RequestKind): kind is OrderKind {
  return kind.startsWith('order.');
}

export function isR8Kind(kind: RequestKind): kind is R8Kind {
  return kind === 'extended-access' || kind === 'case-owner';
}

/** The stages, in order, whose accepted decisions a kind needs before it is approved. */
export function requiredStages(kind: RequestKind): readonly ApprovalStage[] {
  return isR8Kind(kind) ? ['leader', 'arkivleder', 'systemansvarlig'] : ['systemansvarlig'];
}

/** The person the access is for; an external consultant is not in the directory. */
export function requestSubjectId(request: AccessRequest): string | null {
  return request.kind === 'order.external-consultant' ? null : request.subject.id;
}

/** When a time-limited grant ends (R10 always; others when an end date was given). */
export function requestEndDate(request: AccessRequest): IsoDate | null {
  switch (request.kind) {
    case 'order.external-consultant':
      return request.period.end;
    case 'order.new-user':
    case 'order.change':
    case 'extended-access':
      return request.endDate ?? null;
    case 'order.removal':
    case 'folder-access':
    case 'case-owner':
      return null;
  }
}
