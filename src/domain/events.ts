import { z } from 'zod';
import {
  answerChannelSchema,
  campaignAnswerSchema,
  campaignDefinitionSchema,
  campaignLineSchema,
  campaignOutcomeSchema,
  removalPlaceSchema,
  replyEvidenceSchema,
  reviewDecisionSchema,
} from './campaigns.ts';
import { elementsReferenceSchema } from './case-number.ts';
import { isoDateSchema, isoDateTimeSchema } from './dates.ts';
import { eventListKeys, homeListOf, type EventListKey, type HomeContext } from './ledger-lists.ts';
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

/**
 * Bumped when a payload changes incompatibly; older versions stay readable.
 * Version 2 (decision 014): every event lives in its home list and carries the
 * facts its writer saw (`context`); version 1 events are read only through
 * their migrated copies.
 */
export const ledgerSchemaVersion = 2;

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
export const carriedOutFactsSchema = z.object({
  elementsReference: elementsReferenceSchema,
  carriedOutOn: isoDateSchema.optional(),
  grantedRight: folderRightSchema.optional(),
  scope: z.literal('folder').optional(),
});
export type CarriedOutFacts = z.infer<typeof carriedOutFactsSchema>;
/**
 * The Systemansvarlig list is readable by all staff (decision 014), so a step
 * recorded for a request with a blinding key carries its facts sealed
 * (`sealing.ts`): only those who read the request's submission open them.
 * Version 1 and requests without a key carry them plain.
 */
export const sealedFactsSchema = z
  .object({
    sealed: z
      .string()
      .regex(/^[0-9a-f]+$/)
      .max(8000),
  })
  .strict();
export const requestCarriedOutSchema = event(
  'request.carried-out',
  z.union([sealedFactsSchema, carriedOutFactsSchema]),
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
    /** Required from schema version 2: what the mailbox showed when the reply was recorded. */
    evidence: replyEvidenceSchema.optional(),
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

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * What the writer's client saw when it wrote the event (decision 014). For
 * staff events these are claims the next protected stage confirms; for events
 * in a role's list they are the role's own record of what it decided on.
 */
export const eventContextSchema = z.object({
  /**
   * Directory facts the writer read: the manager chain of the person the step
   * is about (for a delegation, of the leader who delegates), nearest first;
   * whether the writer leads anyone; the delegation the writer acted under.
   */
  seen: z
    .object({
      /** Whose manager chain it is (null: an external consultant, not in the directory). */
      about: personIdSchema.nullable(),
      chain: z.array(personIdSchema).max(25),
      leads: z.boolean().optional(),
      delegationId: ledgerIdSchema.optional(),
      /**
       * `about` and `chain` are blinded with the request's key (blinding.ts): a step in a list
       * everyone may read never says whose request it is.
       */
      blinded: z.literal(true).optional(),
    })
    .optional(),
  /** A submission: the request's blinding key, known only to those who can read it (blinding.ts). */
  blindKey: z
    .string()
    .regex(/^[0-9a-f]{32}$/)
    .optional(),
  /** A protected step: the ids of the stream's earlier events its writer read. */
  basedOn: z.array(ledgerIdSchema).max(500).optional(),
  /** A campaign's close: the highest answer item id it read, and how many answers. */
  answersSeen: z
    .object({ upTo: z.number().int().nonnegative(), count: z.number().int().nonnegative() })
    .optional(),
  /** The decider checked by hand what the directory no longer shows (an orderer who has moved). */
  checkedStanding: z.literal(true).optional(),
  /**
   * A leader's confirmation: HMAC-SHA-256 of the justification the leader read and confirmed,
   * under the request's blinding key (so a public list does not let anyone test a guess).
   */
  justificationMac: sha256Schema.optional(),
  /** A copy made by the migration of a version 1 event: where the original is. */
  migratedFrom: z
    .object({ itemId: z.number().int().nonnegative(), eventId: ledgerIdSchema })
    .optional(),
});
export type EventContext = z.infer<typeof eventContextSchema>;

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
  /** What the writer saw (decision 014); absent on version 1 events. */
  readonly context?: EventContext;
}

/** What the app writes: one list item, to its home list. */
export type EventEnvelope = EnvelopeFields & LedgerEvent & { readonly list: EventListKey };

/** An owner changed the item after it was written (its version is above 1, or Modified moved). */
export interface Revision {
  readonly version: number;
  readonly modifiedAt: string;
}

interface StorageFacts {
  /** The list the item is in: proves the writer's role at write time (decision 014). */
  readonly list: EventListKey;
  /** SharePoint's createdBy: who, as SharePoint stamped it (a role list proves the role). */
  readonly author: PersonRef;
  /** SharePoint's Created: the only trusted fact about when. */
  readonly recordedAt: string;
  /**
   * The store's own write order within the list (SharePoint's item id, which
   * only grows). Created has whole seconds only, so two events written in the
   * same second are put in order by this, not by their random event ids.
   */
  readonly sequence?: number;
  /** Set when the item was edited after it was written. */
  readonly revision?: Revision;
}

/** What the app reads back: the envelope plus SharePoint's stamps. */
export type RecordedEvent = EnvelopeFields & StorageFacts & LedgerEvent;

/** A list item that could not be read as an event: shown as an anomaly, never a crash. */
export interface UnreadableEvent {
  readonly unreadable: true;
  readonly list: EventListKey | null;
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
  /**
   * Where the event goes. Default: its home list (`homeListOf`) for `home`,
   * which only steps whose home depends on the request need to give.
   */
  readonly list?: EventListKey;
  readonly home?: HomeContext;
  readonly context?: EventContext;
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
    list: ids.list ?? homeListOf(event, ids.home ?? { r8: false }),
    ...(ids.context === undefined ? {} : { context: ids.context }),
  };
}

const optionalColumn = z
  .string()
  .nullish()
  .transform((value) => (value === null || value === '' ? undefined : value));

const rawRecordSchema = z.object({
  list: z.enum(eventListKeys),
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
  context: z.unknown().optional(),
  version: z.number().int().positive().nullish(),
  modifiedAt: isoDateTimeSchema.nullish(),
});

const looseRecordSchema = z.object({
  list: z.enum(eventListKeys).nullable().catch(null),
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
    list: value?.list ?? null,
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
  const {
    payload: rawPayload,
    type,
    itemId,
    context: rawContext,
    version,
    modifiedAt,
    ...meta
  } = record.data;
  const payload = parsePayload(rawPayload);
  if (!payload.ok) return { ok: false, unreadable: unreadable(raw, ['payload: invalid JSON']) };
  const contextJson =
    rawContext === undefined ? { ok: true as const, value: undefined } : parsePayload(rawContext);
  if (!contextJson.ok) return { ok: false, unreadable: unreadable(raw, ['context: invalid JSON']) };
  const context =
    contextJson.value === undefined || contextJson.value === null
      ? { success: true as const, data: undefined }
      : eventContextSchema.safeParse(contextJson.value);
  if (!context.success) {
    return {
      ok: false,
      unreadable: unreadable(
        raw,
        describeIssues(context.error).map((issue) => `context.${issue}`),
      ),
    };
  }
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
  const edited =
    (version !== undefined && version !== null && version > 1) ||
    (modifiedAt !== undefined && modifiedAt !== null && modifiedAt !== meta.recordedAt);
  return {
    ok: true,
    event: {
      ...meta,
      ...(itemId === undefined ? {} : { sequence: itemId }),
      ...(context.data === undefined ? {} : { context: context.data }),
      ...(edited
        ? { revision: { version: version ?? 1, modifiedAt: modifiedAt ?? meta.recordedAt } }
        : {}),
      ...event,
    },
  };
}

/** Reads a page of stored events; unreadable ones are kept for the folds to report. */
export function parseRecordedEvents(raws: readonly unknown[]): LedgerEntry[] {
  return raws.map((raw) => {
    const parsed = parseRecordedEvent(raw);
    return parsed.ok ? parsed.event : parsed.unreadable;
  });
}
