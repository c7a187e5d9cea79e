import { z } from 'zod';
import {
  answerChannelSchema,
  campaignAnswerSchema,
  campaignDefinitionSchema,
  campaignLineSchema,
  campaignOutcomeSchema,
  removalPlaceSchema,
  reviewDecisionSchema,
} from './campaigns.ts';
import { elementsReferenceSchema } from './case-number.ts';
import { isoDateSchema, isoDateTimeSchema } from './dates.ts';
import { personIdSchema, personRefSchema, type PersonRef } from './person.ts';
import {
  accessRequestSchema,
  folderRightSchema,
  ledgerIdSchema,
  textIdSchema,
} from './requests.ts';

/**
 * The ledger's events: one per step of a request, a delegation or a review
 * campaign, appended and never edited. Each is `{ type, payload }`; the
 * envelope adds ids and the author's clock; SharePoint adds the only trusted
 * facts, the author and the time it was recorded.
 *
 * Payloads never carry who did something: that is the item's author. Sensitive
 * free text is referenced by a text id into the texts list.
 */

/** Bumped when a payload changes incompatibly; older versions stay readable. */
export const ledgerSchemaVersion = 1;

const event = <T extends string, P extends z.ZodType>(type: T, payload: P) =>
  z.object({ type: z.literal(type), payload });

const messageIdSchema = z.string().trim().min(1).max(998);

// Request stream.
export const requestSubmittedSchema = event(
  'request.submitted',
  z.object({ request: accessRequestSchema }),
);
export const requestLeaderConfirmedSchema = event(
  'request.leader-confirmed',
  z.object({ confirmationTextId: textIdSchema }),
);
export const requestLeaderDeclinedSchema = event(
  'request.leader-declined',
  z.object({ reasonTextId: textIdSchema }),
);
export const requestArkivlederApprovedSchema = event(
  'request.arkivleder-approved',
  z.object({ noteTextId: textIdSchema.optional() }),
);
export const requestArkivlederRejectedSchema = event(
  'request.arkivleder-rejected',
  z.object({ reasonTextId: textIdSchema }),
);
export const requestInformationRequestedSchema = event(
  'request.information-requested',
  z.object({ questionTextId: textIdSchema }),
);
export const requestInformationProvidedSchema = event(
  'request.information-provided',
  z.object({ answerTextId: textIdSchema }),
);
export const requestApprovedSchema = event(
  'request.approved',
  z.object({ noteTextId: textIdSchema.optional() }),
);
export const requestRejectedSchema = event(
  'request.rejected',
  z.object({ reasonTextId: textIdSchema }),
);
/** R10: after approval, the order for an external consultant's account went to Atea. */
export const requestSentToAteaSchema = event(
  'request.sent-to-atea',
  z.object({ messageId: messageIdSchema.optional() }),
);
/**
 * R9: systemansvarlig granted the access in Elements by hand and archived the
 * request and the grant there, at `elementsReference`. For folder requests the
 * grant is the folder only (R7), with the right actually granted (R6).
 */
export const requestCarriedOutSchema = event(
  'request.carried-out',
  z.object({
    elementsReference: elementsReferenceSchema,
    carriedOutOn: isoDateSchema.optional(),
    grantedRight: folderRightSchema.optional(),
    scope: z.literal('folder').optional(),
  }),
);
export const requestWithdrawnSchema = event(
  'request.withdrawn',
  z.object({ reasonTextId: textIdSchema.optional() }),
);

// Delegation stream: a leader's own leader lets someone order on the leader's behalf.
export const delegationGrantedSchema = event(
  'delegation.granted',
  z
    .object({
      leader: personRefSchema,
      delegate: personRefSchema,
      validFrom: isoDateSchema,
      validTo: isoDateSchema.optional(),
    })
    .refine((payload) => payload.leader.id !== payload.delegate.id, {
      error: 'delegation.selfDelegation',
      path: ['delegate'],
    })
    .refine((payload) => payload.validTo === undefined || payload.validTo >= payload.validFrom, {
      error: 'validation.endBeforeStart',
      path: ['validTo'],
    }),
);
export const delegationRevokedSchema = event('delegation.revoked', z.object({}));

// Campaign stream.
export const campaignCreatedSchema = event(
  'campaign.created',
  z.object({ campaign: campaignDefinitionSchema }),
);
export const campaignLineAddedSchema = event(
  'campaign.line-added',
  z.object({ line: campaignLineSchema }),
);
/** One review e-mail to one person, listing their lines. */
export const campaignMailSentSchema = event(
  'campaign.mail-sent',
  z.object({
    personId: personIdSchema,
    lineIds: z.array(ledgerIdSchema).min(1),
    messageId: messageIdSchema.optional(),
    /**
     * The sending run that claimed this person's mail. Written before the mail is sent, with an
     * event id made from campaign, person and round: a second sender's claim for the same round
     * carries another run id, so the ledger refuses it as a conflict and that sender skips.
     */
    dispatchId: ledgerIdSchema.optional(),
  }),
);
/** The person's own answer, from the task pane or the tab: authored by them. */
export const campaignAnsweredSchema = event(
  'campaign.answered',
  z.object({
    answers: z.array(campaignAnswerSchema).min(1),
    channel: answerChannelSchema,
    /**
     * Whose lines these are (the author, when it counts): copied to the SubjectId column, so the
     * task pane reads one person's part of a campaign without reading the whole campaign.
     */
    personId: personIdSchema.optional(),
  }),
);
/**
 * A plain e-mail reply ("JA"/"BEHOLD", "NEI"/"FJERN") read from the campaign
 * mailbox by systemansvarlig: it applies to all the person's lines. Exchange's
 * sender is the evidence, `messageId` points to it.
 */
export const campaignReplyRecordedSchema = event(
  'campaign.reply-recorded',
  z.object({
    personId: personIdSchema,
    decision: reviewDecisionSchema,
    messageId: messageIdSchema,
  }),
);
export const campaignRemindedSchema = event(
  'campaign.reminded',
  z.object({
    personId: personIdSchema,
    messageId: messageIdSchema.optional(),
    /** As for `campaign.mail-sent`: the run that claimed this reminder. */
    dispatchId: ledgerIdSchema.optional(),
  }),
);
export const campaignRemovalConfirmedSchema = event(
  'campaign.removal-confirmed',
  z.object({
    lineId: ledgerIdSchema,
    where: removalPlaceSchema,
    reference: z.string().trim().min(1).max(200).optional(),
  }),
);
export const campaignClosedSchema = event(
  'campaign.closed',
  z.object({
    outcome: campaignOutcomeSchema,
    /** R9: where the campaign report is archived in Elements. */
    reportReference: elementsReferenceSchema.optional(),
  }),
);

export const requestEventSchema = z.discriminatedUnion('type', [
  requestSubmittedSchema,
  requestLeaderConfirmedSchema,
  requestLeaderDeclinedSchema,
  requestArkivlederApprovedSchema,
  requestArkivlederRejectedSchema,
  requestInformationRequestedSchema,
  requestInformationProvidedSchema,
  requestApprovedSchema,
  requestRejectedSchema,
  requestSentToAteaSchema,
  requestCarriedOutSchema,
  requestWithdrawnSchema,
]);

export const delegationEventSchema = z.discriminatedUnion('type', [
  delegationGrantedSchema,
  delegationRevokedSchema,
]);

export const campaignEventSchema = z.discriminatedUnion('type', [
  campaignCreatedSchema,
  campaignLineAddedSchema,
  campaignMailSentSchema,
  campaignAnsweredSchema,
  campaignReplyRecordedSchema,
  campaignRemindedSchema,
  campaignRemovalConfirmedSchema,
  campaignClosedSchema,
]);

export const ledgerEventSchema = z.discriminatedUnion('type', [
  ...requestEventSchema.options,
  ...delegationEventSchema.options,
  ...campaignEventSchema.options,
]);

export type RequestEvent = z.infer<typeof requestEventSchema>;
export type DelegationEvent = z.infer<typeof delegationEventSchema>;
export type CampaignEvent = z.infer<typeof campaignEventSchema>;
export type LedgerEvent = z.infer<typeof ledgerEventSchema>;
export type LedgerEventType = LedgerEvent['type'];

export const streamKindSchema = z.enum(['request', 'campaign', 'delegation']);
export type StreamKind = z.infer<typeof streamKindSchema>;

export function streamKindOf(type: LedgerEventType): StreamKind {
  if (type.startsWith('request.')) return 'request';
  if (type.startsWith('campaign.')) return 'campaign';
  return 'delegation';
}

interface EnvelopeFields {
  readonly eventId: string;
  readonly streamId: string;
  readonly streamKind: StreamKind;
  readonly schemaVersion: number;
  /** The person the stream is about, copied from the payload for the SubjectId column. */
  readonly subjectId?: string;
  /** The base the stream concerns, copied from the payload for the Base column. */
  readonly base?: string;
  /** The author's clock: shown, never used to order or to judge. */
  readonly occurredAt: string;
}

/** What the app writes: one list item. */
export type EventEnvelope = EnvelopeFields & LedgerEvent;

interface StorageFacts {
  /** SharePoint's createdBy: the only trusted fact about who. */
  readonly author: PersonRef;
  /** SharePoint's Created: the only trusted fact about when. */
  readonly recordedAt: string;
  /**
   * The store's own write order within the list (SharePoint's item id, which
   * only grows). Created has whole seconds only, so two events written in the
   * same second are put in order by this, not by their random event ids.
   */
  readonly sequence?: number;
}

/** What the app reads back: the envelope plus SharePoint's stamps. */
export type RecordedEvent = EnvelopeFields & StorageFacts & LedgerEvent;

/** A list item that could not be read as an event: shown as an anomaly, never a crash. */
export interface UnreadableEvent {
  readonly unreadable: true;
  readonly eventId: string | null;
  readonly streamId: string | null;
  readonly type: string | null;
  readonly author: PersonRef | null;
  readonly recordedAt: string | null;
  /** Diagnostics for systemansvarlig and developers (zod issue paths and codes). */
  readonly issues: readonly string[];
}

/** What a fold takes: everything read from the list, readable or not. */
export type LedgerEntry = RecordedEvent | UnreadableEvent;

export function isUnreadable(entry: LedgerEntry): entry is UnreadableEvent {
  return 'unreadable' in entry;
}

/** The column copies of subject and base a given event carries, if any. */
function indexFields(event: LedgerEvent): { subjectId?: string; base?: string } {
  switch (event.type) {
    case 'request.submitted': {
      const { request } = event.payload;
      return request.kind === 'order.external-consultant'
        ? { base: request.base }
        : { subjectId: request.subject.id, base: request.base };
    }
    case 'delegation.granted':
      return { subjectId: event.payload.delegate.id };
    case 'campaign.created':
      return { base: event.payload.campaign.base };
    case 'campaign.line-added':
      return { subjectId: event.payload.line.person.id };
    case 'campaign.mail-sent':
    case 'campaign.reminded':
    case 'campaign.reply-recorded':
      return { subjectId: event.payload.personId };
    case 'campaign.answered':
      return event.payload.personId === undefined ? {} : { subjectId: event.payload.personId };
    default:
      return {};
  }
}

export interface EnvelopeIds {
  /** Made by the client before the first write, so a retried write is recognised. */
  readonly eventId: string;
  readonly streamId: string;
  readonly occurredAt: Date | string;
}

/** The list item to write for an event: stream kind, index columns and schema version filled in. */
export function toEnvelope(event: LedgerEvent, ids: EnvelopeIds): EventEnvelope {
  const occurredAt =
    typeof ids.occurredAt === 'string' ? ids.occurredAt : ids.occurredAt.toISOString();
  return {
    ...event,
    ...indexFields(event),
    eventId: ids.eventId,
    streamId: ids.streamId,
    streamKind: streamKindOf(event.type),
    schemaVersion: ledgerSchemaVersion,
    occurredAt,
  };
}

const optionalColumn = z
  .string()
  .nullish()
  .transform((value) => (value === null || value === '' ? undefined : value));

const rawRecordSchema = z.object({
  eventId: ledgerIdSchema,
  streamId: ledgerIdSchema,
  streamKind: streamKindSchema,
  type: z.string().min(1),
  payload: z.unknown(),
  subjectId: optionalColumn,
  base: optionalColumn,
  occurredAt: isoDateTimeSchema,
  schemaVersion: z.number().int().min(1).max(ledgerSchemaVersion),
  author: z.object({
    id: personIdSchema,
    displayName: z
      .string()
      .nullish()
      .transform((value) => (value === null || value === '' ? undefined : value)),
  }),
  recordedAt: isoDateTimeSchema,
  itemId: z
    .union([z.string().regex(/^\d{1,15}$/), z.number().int().nonnegative()])
    .optional()
    .transform((value) => (value === undefined ? undefined : Number(value))),
});

const looseRecordSchema = z.object({
  eventId: z.string().min(1).catch(''),
  streamId: z.string().min(1).catch(''),
  type: z.string().min(1).catch(''),
  recordedAt: isoDateTimeSchema.catch(''),
  author: personRefSchema.nullable().catch(null),
});

function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.code}`);
}

function unreadable(raw: unknown, issues: readonly string[]): UnreadableEvent {
  const loose = looseRecordSchema.safeParse(raw);
  const value = loose.success ? loose.data : null;
  const orNull = (text: string | undefined): string | null =>
    text === undefined || text === '' ? null : text;
  return {
    unreadable: true,
    eventId: orNull(value?.eventId),
    streamId: orNull(value?.streamId),
    type: orNull(value?.type),
    author: value?.author ?? null,
    recordedAt: orNull(value?.recordedAt),
    issues,
  };
}

function parsePayload(payload: unknown): { ok: true; value: unknown } | { ok: false } {
  if (typeof payload !== 'string') return { ok: true, value: payload };
  try {
    const value: unknown = JSON.parse(payload);
    return { ok: true, value };
  } catch {
    return { ok: false };
  }
}

export type ParsedEntry =
  | { readonly ok: true; readonly event: RecordedEvent }
  | { readonly ok: false; readonly unreadable: UnreadableEvent };

/**
 * Reads one stored event: the envelope, SharePoint's author and time, and the
 * payload (an object, or the JSON text of the Payload column). Anything that
 * does not parse, or whose columns contradict its payload, comes back as an
 * {@link UnreadableEvent}: the folds show it as an anomaly and go on.
 */
export function parseRecordedEvent(raw: unknown): ParsedEntry {
  const record = rawRecordSchema.safeParse(raw);
  if (!record.success)
    return { ok: false, unreadable: unreadable(raw, describeIssues(record.error)) };
  const { payload: rawPayload, type, itemId, ...meta } = record.data;
  const payload = parsePayload(rawPayload);
  if (!payload.ok) return { ok: false, unreadable: unreadable(raw, ['payload: invalid JSON']) };
  const parsed = ledgerEventSchema.safeParse({ type, payload: payload.value });
  if (!parsed.success) {
    return { ok: false, unreadable: unreadable(raw, describeIssues(parsed.error)) };
  }
  const event = parsed.data;
  const problems: string[] = [];
  if (streamKindOf(event.type) !== meta.streamKind)
    problems.push('streamKind: does not match type');
  const index = indexFields(event);
  if (index.subjectId !== undefined && meta.subjectId !== index.subjectId) {
    problems.push('subjectId: does not match payload');
  }
  if (index.base !== undefined && meta.base !== index.base) {
    problems.push('base: does not match payload');
  }
  if (problems.length > 0) return { ok: false, unreadable: unreadable(raw, problems) };
  return {
    ok: true,
    event: { ...meta, ...(itemId === undefined ? {} : { sequence: itemId }), ...event },
  };
}

/** Reads a page of stored events; unreadable ones are kept for the folds to report. */
export function parseRecordedEvents(raws: readonly unknown[]): LedgerEntry[] {
  return raws.map((raw) => {
    const parsed = parseRecordedEvent(raw);
    return parsed.ok ? parsed.event : parsed.unreadable;
  });
}
