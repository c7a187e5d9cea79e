import type { Anomaly } from './anomalies.ts';
import { parseCaseNumber, isElementsReference } from './case-number.ts';
import { gradingSchema, type ReviewModule, type ReviewedRole } from './catalogue.ts';
import type { DomainConfig } from './config.ts';
import {
  addMonths,
  compareIsoDates,
  daysBetween,
  isIsoDate,
  nextQuarterlyReviewDue,
  osloDate,
  sameQuarter,
  type IsoDate,
} from './dates.ts';
import {
  canOrderForSomeone,
  leaderBasis,
  type DirectoryFacts,
  type DirectoryLookup,
} from './directory-facts.ts';
import type { DomainMessageKey, Reason } from './messages.ts';
import type { PersonRef } from './person.ts';
import type { RequestView } from './request-fold.ts';
import {
  folderRightSchema,
  isR8Kind,
  requestSubjectId,
  serviceNeedLength,
  type FolderRight,
} from './requests.ts';

/**
 * The routine's rules R1-R13 as checks that say why, not just whether: each
 * returns the reasons something is refused or due (empty when all is well),
 * as message keys with parameters for nb and en. Forms call them before
 * writing; the folds enforce the same rules on what was written.
 */

const nameOf = (person: PersonRef): string => person.displayName ?? person.id;

/**
 * R1: access is ordered by a leader of the employee (anyone up the manager
 * chain) or a delegate of such a leader, never by the employee. `at` is when
 * the order is made (delegations are judged then).
 */
export function checkR1CanOrder(
  author: PersonRef,
  subject: PersonRef,
  facts: DirectoryFacts,
  at: Date,
): Reason[] {
  if (author.id === subject.id) return [{ key: 'rule.r1.selfOrder' }];
  if (leaderBasis(author.id, subject.id, facts, at) !== null) return [];
  if (!canOrderForSomeone(author.id, facts, at)) return [{ key: 'rule.r1.nobodysLeader' }];
  return [{ key: 'rule.r1.notLeaderOf', params: { subject: nameOf(subject) } }];
}

/** R1: whether the person may order for anyone at all (the "Bestill tilgang" entry point). */
export function checkR1MayOrder(author: PersonRef, facts: DirectoryFacts, at: Date): Reason[] {
  return canOrderForSomeone(author.id, facts, at) ? [] : [{ key: 'rule.r1.nobodysLeader' }];
}

/** R2: every order states the service need (tjenstlig behov). */
export function checkR2ServiceNeed(text: string): Reason[] {
  const length = text.trim().length;
  if (length === 0) return [{ key: 'rule.r2.serviceNeedMissing', field: 'serviceNeed' }];
  if (length < serviceNeedLength.min) {
    return [
      {
        key: 'rule.r2.serviceNeedTooShort',
        params: { min: serviceNeedLength.min },
        field: 'serviceNeed',
      },
    ];
  }
  if (length > serviceNeedLength.max) {
    return [
      {
        key: 'rule.r2.serviceNeedTooLong',
        params: { max: serviceNeedLength.max },
        field: 'serviceNeed',
      },
    ];
  }
  return [];
}

/**
 * R3: orders go through Dokumentsenteret. Only a member of Systemansvarlig
 * decides and carries out, and never on a request they made or that concerns them.
 */
export function checkR3CanDecide(
  decider: PersonRef,
  view: Pick<RequestView, 'requester' | 'request'>,
  facts: DirectoryLookup,
): Reason[] {
  const reasons: Reason[] = [];
  if (!facts.isMember(decider.id, 'systemansvarlig'))
    reasons.push({ key: 'rule.r3.notSystemansvarlig' });
  const subjectId = view.request === null ? null : requestSubjectId(view.request);
  if (view.requester?.id === decider.id || subjectId === decider.id) {
    reasons.push({ key: 'rule.r3.ownRequest' });
  }
  return reasons;
}

/** R4: the justification for a folder request; each request is judged case by case. */
export const justificationLength = { min: 30, max: 4000 } as const;

export interface FolderRequestDraft {
  readonly caseNumber: string;
  /** The justification text as typed, before it goes to the texts list. */
  readonly justification: string;
  readonly grading?: string;
  readonly right?: string;
}

/**
 * R4-R6 for the "Be om mappetilgang" form: a valid case number, a grading
 * level, read or write chosen explicitly, and a justification long enough to
 * be judged on its own.
 */
export function checkR4FolderRequest(draft: FolderRequestDraft): Reason[] {
  const reasons: Reason[] = [];
  const parsed = parseCaseNumber(draft.caseNumber);
  if (!parsed.ok) reasons.push({ ...parsed.reason, field: 'caseNumber' });
  if (draft.grading !== undefined) reasons.push(...checkR5Grading(draft.grading));
  if (draft.right !== undefined) reasons.push(...checkR6Right(draft.right));
  const length = draft.justification.trim().length;
  if (length === 0) reasons.push({ key: 'rule.r4.justificationMissing', field: 'justification' });
  else if (length < justificationLength.min) {
    reasons.push({
      key: 'rule.r4.justificationTooShort',
      params: { min: justificationLength.min },
      field: 'justification',
    });
  } else if (length > justificationLength.max) {
    reasons.push({
      key: 'rule.r4.justificationTooLong',
      params: { max: justificationLength.max },
      field: 'justification',
    });
  }
  return reasons;
}

/** R5: the grading level is one of personalsak, elevsak, barnesak. */
export function checkR5Grading(value: string): Reason[] {
  return gradingSchema.safeParse(value).success
    ? []
    : [{ key: 'rule.r5.gradingRequired', field: 'grading' }];
}

/** R6: read or write, chosen explicitly; nothing like "both". */
export function checkR6Right(value: string): Reason[] {
  return folderRightSchema.safeParse(value).success
    ? []
    : [{ key: 'rule.r6.rightRequired', field: 'right' }];
}

/** R6: what is granted may not exceed what was requested (write when read was asked). */
export function checkR6GrantMatchesRequest(requested: FolderRight, granted: FolderRight): Reason[] {
  return requested === 'read' && granted === 'write'
    ? [{ key: 'rule.r6.grantExceedsRequest' }]
    : [];
}

/** R7: a folder grant is for the folder only, not carried over to its registry entries. */
export function checkR7FolderOnly(scope: string): Reason[] {
  return scope === 'folder' ? [] : [{ key: 'rule.r7.folderOnly' }];
}

/**
 * R8: before systemansvarlig may approve extended access or case ownership of
 * a personnel folder, the leader's written confirmation and the arkivleder's
 * approval must both be accepted in the request's history.
 */
export function checkR8Route(view: Pick<RequestView, 'kind' | 'stagesPassed'>): Reason[] {
  if (view.kind === null || !isR8Kind(view.kind)) return [];
  const reasons: Reason[] = [];
  if (!view.stagesPassed.includes('leader'))
    reasons.push({ key: 'rule.r8.leaderConfirmationMissing' });
  if (!view.stagesPassed.includes('arkivleder')) {
    reasons.push({ key: 'rule.r8.arkivlederApprovalMissing' });
  }
  return reasons;
}

/** R9: the Elements reference where the request and the grant are archived. */
export function checkR9CarriedOut(reference: string): Reason[] {
  const text = reference.trim();
  if (text === '') return [{ key: 'rule.r9.referenceMissing', field: 'elementsReference' }];
  return isElementsReference(text)
    ? []
    : [
        {
          key: 'rule.r9.referenceFormat',
          params: { example: '2024/1537-3' },
          field: 'elementsReference',
        },
      ];
}

/** What the R10 check needs from an external-consultant order, complete or still a draft. */
export interface ExternalConsultantDraft {
  readonly confidentialityDeclaration?: {
    readonly confirmed?: boolean;
    readonly storedAt?: string;
  } | null;
  readonly period?: { readonly start?: string | null; readonly end?: string | null } | null;
  readonly agreedWith?: PersonRef | null;
}

/**
 * R10: an external consultant has signed a confidentiality declaration (and
 * we know where it is kept), the access is time-limited to at most the
 * configured number of months, and the period was agreed with someone who is
 * in fact systemansvarlig (checked against the directory, not taken on trust).
 */
export function checkR10ExternalConsultant(
  order: ExternalConsultantDraft,
  config: Pick<DomainConfig, 'externalConsultantMaxMonths'>,
  facts: DirectoryLookup,
): Reason[] {
  const reasons: Reason[] = [];
  const declaration = order.confidentialityDeclaration;
  if (declaration?.confirmed !== true) {
    reasons.push({
      key: 'rule.r10.declarationNotConfirmed',
      field: 'confidentialityDeclaration.confirmed',
    });
  }
  if ((declaration?.storedAt ?? '').trim().length < 3) {
    reasons.push({
      key: 'rule.r10.declarationStorageMissing',
      field: 'confidentialityDeclaration.storedAt',
    });
  }
  const start = order.period?.start ?? '';
  const end = order.period?.end ?? '';
  if (start === '' || end === '') {
    reasons.push({ key: 'rule.r10.periodRequired', field: 'period' });
  } else if (!isIsoDate(start) || !isIsoDate(end)) {
    reasons.push({
      key: 'validation.date',
      field: isIsoDate(start) ? 'period.end' : 'period.start',
    });
  } else if (compareIsoDates(end, start) < 0) {
    reasons.push({ key: 'validation.endBeforeStart', field: 'period.end' });
  } else if (compareIsoDates(end, addMonths(start, config.externalConsultantMaxMonths)) > 0) {
    reasons.push({
      key: 'rule.r10.periodTooLong',
      params: { max: config.externalConsultantMaxMonths },
      field: 'period.end',
    });
  }
  const agreedWith = order.agreedWith;
  if (!agreedWith) reasons.push({ key: 'rule.r10.agreedWithMissing', field: 'agreedWith' });
  else if (!facts.isMember(agreedWith.id, 'systemansvarlig')) {
    reasons.push({
      key: 'rule.r10.agreedWithNotSystemansvarlig',
      params: { name: nameOf(agreedWith) },
      field: 'agreedWith',
    });
  }
  return reasons;
}

/**
 * The last review of a module or role, as `foldCampaign` gives it: a campaign
 * counts for the day it was started (Oslo), and an open one past its deadline
 * is flagged.
 */
export interface ReviewRecord {
  readonly createdAt: string | null;
  readonly status?: 'draft' | 'open' | 'closed' | null;
  readonly definition?: { readonly deadline: IsoDate } | null;
}

function pastDeadline(
  last: ReviewRecord,
  name: string,
  today: IsoDate,
  key: DomainMessageKey,
): Reason[] {
  const deadline = last.definition?.deadline;
  if (last.status === 'closed' || deadline === undefined) return [];
  return compareIsoDates(today, deadline) > 0 ? [{ key, params: { name, deadline } }] : [];
}

/**
 * R11: each KS Fiks module is reviewed every calendar quarter. Nothing is due
 * when a review was started this quarter (unless it is open past its
 * deadline); otherwise it is due by the end of this quarter, or overdue.
 */
export function checkR11QuarterlyReviewDue(
  module: Pick<ReviewModule, 'name'>,
  lastCampaign: ReviewRecord | null,
  now: Date,
): Reason[] {
  const today = osloDate(now);
  if (lastCampaign?.createdAt == null) {
    return [{ key: 'rule.r11.neverReviewed', params: { module: module.name } }];
  }
  const started = osloDate(new Date(lastCampaign.createdAt));
  if (sameQuarter(started, today)) {
    return pastDeadline(lastCampaign, module.name, today, 'rule.r11.campaignPastDeadline');
  }
  const due = nextQuarterlyReviewDue(started, today);
  return compareIsoDates(today, due) > 0
    ? [{ key: 'rule.r11.reviewOverdue', params: { module: module.name, due } }]
    : [{ key: 'rule.r11.reviewDue', params: { module: module.name, due } }];
}

/**
 * R11: someone who only sends manually gets only the "send" function; and the
 * right must be one the module has.
 */
export function checkR11ModuleRight(
  module: ReviewModule,
  rightId: string,
  sendsManuallyOnly: boolean,
): Reason[] {
  const right = module.rights.find((item) => item.id === rightId);
  if (!right)
    return [{ key: 'rule.r11.unknownRight', params: { module: module.name, right: rightId } }];
  if (sendsManuallyOnly && !right.sendOnly) {
    return [{ key: 'rule.r11.sendOnly', params: { module: module.name } }];
  }
  return [];
}

/**
 * R12: the systemansvar, AR1 and AR2 roles are reviewed once a year, at the
 * latest twelve months after the last review; flagged `warningDays` ahead.
 */
export function checkR12AnnualReviewDue(
  role: Pick<ReviewedRole, 'name'>,
  lastCampaign: ReviewRecord | null,
  now: Date,
  config: Pick<DomainConfig, 'annualReviewWarningDays'> = { annualReviewWarningDays: 30 },
): Reason[] {
  const today = osloDate(now);
  if (lastCampaign?.createdAt == null) {
    return [{ key: 'rule.r12.neverReviewed', params: { role: role.name } }];
  }
  const started = osloDate(new Date(lastCampaign.createdAt));
  const open = pastDeadline(lastCampaign, role.name, today, 'rule.r12.campaignPastDeadline');
  const due = addMonths(started, 12);
  if (compareIsoDates(today, due) > 0) {
    return [...open, { key: 'rule.r12.reviewOverdue', params: { role: role.name, due } }];
  }
  if (daysBetween(today, due) <= config.annualReviewWarningDays) {
    return [...open, { key: 'rule.r12.reviewDueSoon', params: { role: role.name, due } }];
  }
  return open;
}

/** A suspected breach of the routine that systemansvarlig should consider reporting in Kvalitetslosen (R13). */
export interface DeviationSuggestion extends Reason {
  readonly anomaly: Anomaly;
}

const deviationKeys: Partial<Record<Anomaly['reason'], DomainMessageKey>> = {
  'anomaly.notEntitled': 'rule.r13.notEntitled',
  'anomaly.ownRequest': 'rule.r13.ownRequest',
  'anomaly.selfOrder': 'rule.r13.selfOrder',
  'anomaly.duplicateConflict': 'rule.r13.duplicateConflict',
  'anomaly.grantExceedsRequest': 'rule.r13.grantExceedsRequest',
  // Decision 014: a step where its writer's role is not proven, two stages by one person, and
  // a history changed after it was written.
  'anomaly.wrongList': 'rule.r13.notEntitled',
  'anomaly.secondStage': 'rule.r13.secondStage',
  'anomaly.edited': 'rule.r13.tampered',
  'anomaly.missingEvent': 'rule.r13.tampered',
  'anomaly.backdated': 'rule.r13.tampered',
};

/**
 * R13: which anomalies suggest a breach of the routine. Someone acting
 * without the right to, on their own request, or a tampered history is; an
 * unreadable item, a late click or two people deciding at once is not.
 */
export function deviationsToReport(anomalies: readonly Anomaly[]): DeviationSuggestion[] {
  return anomalies.flatMap((anomaly) => {
    const key = deviationKeys[anomaly.reason];
    if (key === undefined) return [];
    return [
      {
        key,
        params: {
          author: anomaly.author ? nameOf(anomaly.author) : '?',
          type: anomaly.type ?? '?',
          at: anomaly.recordedAt ?? '?',
        },
        anomaly,
      },
    ];
  });
}
