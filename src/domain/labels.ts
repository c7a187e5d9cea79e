import type { CampaignStatus } from './campaign-fold.ts';
import type { CampaignKind, ReviewDecision } from './campaigns.ts';
import type { Grading } from './catalogue.ts';
import type { DomainMessageKey } from './messages.ts';
import type { Capacity, RequestStatus, WaitingStep } from './request-fold.ts';
import type { FolderRight, RemovalReason, RequestKind } from './requests.ts';

/**
 * Message keys for the domain's values. The `satisfies` clauses make the
 * compiler prove every value has a label in the catalogue.
 */

export const statusKey = (status: RequestStatus) =>
  `status.${status}` as const satisfies DomainMessageKey;
export const kindKey = (kind: RequestKind) => `kind.${kind}` as const satisfies DomainMessageKey;
export const gradingKey = (grading: Grading) =>
  `grading.${grading}` as const satisfies DomainMessageKey;
export const rightKey = (right: FolderRight) =>
  `right.${right}` as const satisfies DomainMessageKey;
export const removalReasonKey = (reason: RemovalReason) =>
  `removalReason.${reason}` as const satisfies DomainMessageKey;
export const waitingKey = (step: WaitingStep) =>
  `waiting.${step}` as const satisfies DomainMessageKey;
export const capacityKey = (capacity: Capacity) =>
  `capacity.${capacity}` as const satisfies DomainMessageKey;
export const campaignKindKey = (kind: CampaignKind) =>
  `campaignKind.${kind}` as const satisfies DomainMessageKey;
export const campaignStatusKey = (status: CampaignStatus) =>
  `campaignStatus.${status}` as const satisfies DomainMessageKey;
export const reviewDecisionKey = (decision: ReviewDecision) =>
  `reviewDecision.${decision}` as const satisfies DomainMessageKey;
export const justificationGuidanceKey = (grading: Grading) =>
  `rule.r4.guidance.${grading}` as const satisfies DomainMessageKey;
