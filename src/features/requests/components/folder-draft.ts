import { z } from 'zod';
import { parseCaseNumber } from '../../../domain/case-number.ts';
import { gradingSchema } from '../../../domain/catalogue.ts';
import { compareIsoDates, isIsoDate } from '../../../domain/dates.ts';
import type { PersonRef } from '../../../domain/person.ts';
import {
  accessRequestSchema,
  folderRightSchema,
  type AccessRequest,
} from '../../../domain/requests.ts';
import { checkR5Grading, checkR6Right, justificationLength } from '../../../domain/rules.ts';
import { reasonsFromZodError } from '../../../domain/validation.ts';
import type { TextRequestInput } from '../request-desk.ts';
import { fieldOf, reasonProblems, type Problem } from './form-problems.ts';

/** Ordinary folder access (R4-R7), or one of the two R8 requests. */
export const folderRequestTypes = ['folder-access', 'extended-access', 'case-owner'] as const;
export type FolderRequestType = (typeof folderRequestTypes)[number];

const personSchema = z.object({ id: z.string().min(1), displayName: z.string().optional() });

/** Everything the folder-request form holds, as typed, with the ids of the write. */
export const folderDraftSchema = z.object({
  requestType: z.enum(folderRequestTypes),
  /** R8 only: a leader may ask on an employee's behalf; otherwise it is for oneself. */
  forWhom: z.enum(['me', 'employee']),
  subject: personSchema.nullable(),
  subjectQuery: z.string(),
  caseNumber: z.string(),
  grading: gradingSchema.nullable(),
  right: folderRightSchema.nullable(),
  justification: z.string(),
  base: z.string(),
  administrativeUnit: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  ids: z.object({
    requestId: z.string().min(1),
    eventId: z.string().min(1),
    textId: z.string().min(1),
  }),
});
export type FolderDraft = z.infer<typeof folderDraftSchema>;

export function emptyFolderDraft(options: {
  today: string;
  base: string;
  unit: string;
}): FolderDraft {
  return {
    requestType: 'folder-access',
    forWhom: 'me',
    subject: null,
    subjectQuery: '',
    caseNumber: '',
    grading: null,
    right: null,
    justification: '',
    base: options.base,
    administrativeUnit: options.unit,
    startDate: options.today,
    endDate: '',
    ids: {
      requestId: crypto.randomUUID(),
      eventId: crypto.randomUUID(),
      textId: crypto.randomUUID(),
    },
  };
}

export const folderFields = [
  'requestType',
  'subject',
  'caseNumber',
  'grading',
  'right',
  'justification',
  'base',
  'administrativeUnit',
  'startDate',
  'endDate',
] as const;
export type FolderField = (typeof folderFields)[number];

/**
 * The shown field a reason's path belongs to, or null (said at the top of the
 * form): a field the current request type does not show never holds an error.
 */
export function folderFieldOf(draft: FolderDraft, mayAskForOthers: boolean) {
  const uses = folderTypeUses(draft.requestType);
  const shown: FolderField[] = ['requestType', 'base', 'justification'];
  if (uses.caseNumber) shown.push('caseNumber');
  if (uses.grading) shown.push('grading');
  if (uses.right) shown.push('right');
  if (uses.period) shown.push('administrativeUnit', 'startDate', 'endDate');
  if (uses.forWhom && mayAskForOthers && draft.forWhom === 'employee') shown.push('subject');
  return (path: string | undefined): FolderField | null => {
    const field = fieldOf(path, folderFields, {
      justificationTextId: 'justification',
      scope: 'caseNumber',
    });
    return field !== null && shown.includes(field) ? field : null;
  };
}

/** Which parts of the form a request type uses. */
export function folderTypeUses(type: FolderRequestType) {
  return {
    caseNumber: type !== 'extended-access',
    grading: type !== 'case-owner',
    right: type !== 'case-owner',
    period: type === 'extended-access',
    forWhom: type !== 'folder-access',
  };
}

/** Who the request is for: the person themselves, or (R8) the employee a leader chose. */
export function folderSubject(
  draft: FolderDraft,
  me: PersonRef,
  mayAskForOthers: boolean,
): PersonRef | null {
  if (draft.requestType === 'folder-access' || draft.forWhom === 'me' || !mayAskForOthers) {
    return me;
  }
  return draft.subject;
}

function withoutText(request: AccessRequest): TextRequestInput | null {
  switch (request.kind) {
    case 'folder-access':
    case 'extended-access':
    case 'case-owner': {
      const { justificationTextId: _stored, ...input } = request;
      return input;
    }
    default:
      return null;
  }
}

export type FolderCheck =
  | { readonly ok: true; readonly request: TextRequestInput; readonly justification: string }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/**
 * Checks the draft as the desk will: the case number (with the domain's own
 * sentence for what is wrong), grading (R5), read or write (R6), a
 * justification long enough to be judged on its own (R4), and the request's
 * structure.
 */
export function checkFolderDraft(
  draft: FolderDraft,
  me: PersonRef,
  mayAskForOthers: boolean,
): FolderCheck {
  const uses = folderTypeUses(draft.requestType);
  const problems: Problem[] = [];
  const subject = folderSubject(draft, me, mayAskForOthers);
  if (subject === null)
    problems.push({ field: 'subject', message: 'requests.folder.subjectRequired' });

  const caseNumber = parseCaseNumber(draft.caseNumber);
  if (uses.caseNumber && !caseNumber.ok) {
    problems.push({ field: 'caseNumber', reason: caseNumber.reason });
  }
  if (uses.grading && (draft.requestType === 'folder-access' || draft.grading !== null)) {
    problems.push(...reasonProblems(checkR5Grading(draft.grading ?? '')));
  }
  if (uses.right) problems.push(...reasonProblems(checkR6Right(draft.right ?? '')));
  if (
    uses.period &&
    isIsoDate(draft.startDate) &&
    isIsoDate(draft.endDate) &&
    compareIsoDates(draft.endDate, draft.startDate) < 0
  ) {
    problems.push({ field: 'endDate', reason: { key: 'validation.endBeforeStart' } });
  }
  const length = draft.justification.trim().length;
  if (length === 0) {
    problems.push({ field: 'justification', reason: { key: 'rule.r4.justificationMissing' } });
  } else if (length < justificationLength.min) {
    problems.push({
      field: 'justification',
      reason: { key: 'rule.r4.justificationTooShort', params: { min: justificationLength.min } },
    });
  } else if (length > justificationLength.max) {
    problems.push({
      field: 'justification',
      reason: { key: 'rule.r4.justificationTooLong', params: { max: justificationLength.max } },
    });
  }

  const common = {
    kind: draft.requestType,
    subject: subject ?? undefined,
    base: draft.base,
    justificationTextId: draft.ids.textId,
  };
  const canonicalCase = caseNumber.ok ? caseNumber.caseNumber.value : draft.caseNumber;
  const candidate =
    draft.requestType === 'folder-access'
      ? {
          ...common,
          caseNumber: canonicalCase,
          grading: draft.grading ?? undefined,
          right: draft.right ?? undefined,
          scope: 'folder',
        }
      : draft.requestType === 'extended-access'
        ? {
            ...common,
            administrativeUnit: draft.administrativeUnit,
            grading: draft.grading ?? undefined,
            right: draft.right ?? undefined,
            startDate: draft.startDate,
            endDate: draft.endDate === '' ? undefined : draft.endDate,
          }
        : { ...common, caseNumber: canonicalCase };
  const parsed = accessRequestSchema.safeParse(candidate);
  if (!parsed.success) problems.push(...reasonProblems(reasonsFromZodError(parsed.error)));

  const request = parsed.success ? withoutText(parsed.data) : null;
  if (problems.length > 0 || request === null) {
    return {
      ok: false,
      problems: problems.length > 0 ? problems : [{ reason: { key: 'validation.invalid' } }],
    };
  }
  return { ok: true, request, justification: draft.justification.trim() };
}
