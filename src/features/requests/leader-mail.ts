/**
 * How the leader of an R8 request reads what they must confirm (decision 014).
 *
 * The employee's request and justification are in lists only the employee,
 * systemansvarlig and the arkivleder may read. The employee's client mails the
 * leader from the employee's own mailbox: the request in words, and the same
 * as a small JSON attachment this module reads. Exchange is the witness: a
 * mail from Ola's mailbox was sent by Ola (nobody sends as another person
 * without Send As rights), so the desk accepts the attached request only when
 * the sender is the person the attachment says submitted it. The leader's
 * confirmation then records the SHA-256 of the justification it confirmed,
 * and the arkivleder and systemansvarlig, who can read the text itself, see
 * whether the two are the same.
 */
import { z } from 'zod';
import { eventContextSchema, type RecordedEvent } from '../../domain/events.ts';
import { base64ToUtf8Text } from '../../m365/base64.ts';
import type { Mailbox } from '../../m365/mailbox.ts';
import { personIdSchema } from '../../domain/person.ts';
import { accessRequestSchema, ledgerIdSchema } from '../../domain/requests.ts';

/** The attachment's file name and media type. */
export const LEADER_SNAPSHOT_FILE = 'elements-tilgang-forespørsel.json';
export const LEADER_SNAPSHOT_TYPE = 'application/json';

/** The step-mail subject the leader's inbox is searched by (`startswith`). */
export const LEADER_MAIL_SUBJECT_PREFIX = 'Venter på deg: bekreft tjenstlig behov';

export const leaderSnapshotSchema = z.object({
  kind: z.literal('elements-tilgang.r8-request'),
  version: z.literal(1),
  requestId: ledgerIdSchema,
  submission: z.object({
    eventId: ledgerIdSchema,
    /** SharePoint's Created of the stored submission, as the employee's client read it back. */
    recordedAt: z.iso.datetime({ offset: true }),
    requesterId: personIdSchema,
    request: accessRequestSchema,
    context: eventContextSchema.optional(),
  }),
  justification: z.string().min(1).max(4000),
  justificationSha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type LeaderSnapshot = z.infer<typeof leaderSnapshotSchema>;

/** A request as a leader received it, with what Exchange says about the mail. */
export interface WitnessedRequest {
  readonly snapshot: LeaderSnapshot;
  /** Exchange's sender address of the mail. */
  readonly from: string;
  readonly receivedAt: string;
}

/** The leader's mailbox, as far as R8 requests go. */
export interface LeaderMail {
  /** R8 requests mailed to the signed-in person, newest first (a bad attachment is skipped). */
  list(): Promise<readonly WitnessedRequest[]>;
  /** The mail about one request, or null when there is none in the mailbox. */
  find(requestId: string): Promise<WitnessedRequest | null>;
}

/** The Message-ID of the leader mail of a request: found again by the leader's app. */
export function leaderMailMessageId(requestId: string, domain: string): string {
  if (!/^[A-Za-z0-9-]+$/.test(requestId)) {
    throw new RangeError('A request id must be letters, digits and dashes.');
  }
  if (!/^[A-Za-z0-9.-]+$/.test(domain)) throw new RangeError('Not a mail domain.');
  return `<et.l.${requestId}@${domain.toLowerCase()}>`;
}

/** The SHA-256 of a text, lower-case hex (the text as stored: trimmed). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * The submission the leader cannot read from the list, as the fold reads
 * events: in the R8 list, by its author, at its time. Only for a snapshot whose
 * mail came from that author (the caller checks the sender against the
 * directory first).
 */
export function witnessedSubmission(
  witnessed: WitnessedRequest,
  requester: { readonly id: string; readonly displayName?: string },
): RecordedEvent {
  const { submission, requestId } = witnessed.snapshot;
  const { request } = submission;
  return {
    type: 'request.submitted',
    payload: { request },
    eventId: submission.eventId,
    streamId: requestId,
    streamKind: 'request',
    schemaVersion: 2,
    subjectId: request.kind === 'order.external-consultant' ? undefined : request.subject.id,
    base: request.base,
    occurredAt: submission.recordedAt,
    list: 'r8',
    ...(submission.context === undefined ? {} : { context: submission.context }),
    author: requester,
    recordedAt: submission.recordedAt,
    sequence: 0,
  };
}

/** What the leader-mail reader needs of the mailbox port. */
export type LeaderMailbox = Pick<
  Mailbox,
  'listInbox' | 'findMessageByInternetMessageId' | 'getFileAttachments'
>;

export interface GraphLeaderMailOptions {
  /** The organisation's mail domain, which the requester's Message-ID carries (the signed-in user's). */
  readonly domain: () => Promise<string>;
  /** How many of the newest Inbox messages to look through for the list (default 200). */
  readonly scan?: number;
}

/** The snapshot attached to a message, or null when it has none (or a bad one). */
async function snapshotOf(
  mailbox: LeaderMailbox,
  messageId: string,
): Promise<LeaderSnapshot | null> {
  const files = await mailbox.getFileAttachments(messageId);
  for (const file of files) {
    if (file.name !== LEADER_SNAPSHOT_FILE || file.isInline) continue;
    try {
      const parsed = leaderSnapshotSchema.safeParse(
        JSON.parse(base64ToUtf8Text(file.contentBytes)),
      );
      if (
        parsed.success &&
        (await sha256Hex(parsed.data.justification)) === parsed.data.justificationSha256
      ) {
        return parsed.data;
      }
    } catch {
      // Not base64, not UTF-8 or not JSON: not ours.
    }
  }
  return null;
}

/**
 * The leader's mailbox through Graph: the Inbox's newest messages whose
 * subject is the R8 step mail's, and one request by its Message-ID. A mail
 * sent on someone's behalf (`sender` is not `from`) is not taken in.
 */
export function createGraphLeaderMail(
  mailbox: LeaderMailbox,
  options: GraphLeaderMailOptions,
): LeaderMail {
  const scan = options.scan ?? 200;
  const own = (from: string | null, sender: string | null) =>
    from !== null && (sender === null || sender.toLowerCase() === from.toLowerCase());
  return {
    async list() {
      const messages = await mailbox.listInbox({ top: scan });
      const found: WitnessedRequest[] = [];
      for (const message of messages) {
        if (!message.subject.startsWith(LEADER_MAIL_SUBJECT_PREFIX)) continue;
        const from = message.from?.address ?? null;
        if (from === null) continue;
        const snapshot = await snapshotOf(mailbox, message.id);
        if (snapshot === null) continue;
        found.push({ snapshot, from, receivedAt: message.receivedDateTime ?? '' });
      }
      return found;
    },

    async find(requestId) {
      const origin = await mailbox.findMessageByInternetMessageId(
        leaderMailMessageId(requestId, await options.domain()),
      );
      if (origin === null) return null;
      const from = origin.from?.address ?? null;
      if (!own(from, origin.sender?.address ?? null) || from === null) return null;
      const snapshot = await snapshotOf(mailbox, origin.id);
      if (snapshot === null || snapshot.requestId !== requestId) return null;
      return { snapshot, from, receivedAt: origin.receivedDateTime ?? '' };
    },
  };
}
