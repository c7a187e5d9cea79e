/**
 * A review e-mail carries its person's lines as a small JSON attachment
 * (decision 014): the lines are in a list only systemansvarlig may read, and
 * the person reads them from the mail Exchange delivered to them instead. The
 * task pane takes the attachment in only when the mail came from
 * systemansvarlig or the campaign mailbox, and only for its own person; the
 * answer it writes names line ids, which the campaign fold checks against the
 * lines in the ledger.
 */
import { z } from 'zod';
import { campaignDefinitionSchema, campaignLineSchema } from '../../domain/campaigns.ts';
import { ledgerIdSchema } from '../../domain/requests.ts';
import { personIdSchema } from '../../domain/person.ts';
import type { RecordedEvent } from '../../domain/events.ts';
import { utf8TextToBase64 } from '../../m365/base64.ts';

export const REVIEW_SNAPSHOT_FILE = 'elements-tilgang-gjennomgang.json';
export const REVIEW_SNAPSHOT_TYPE = 'application/json';

export const reviewSnapshotSchema = z.object({
  kind: z.literal('elements-tilgang.review'),
  version: z.literal(1),
  campaignId: ledgerIdSchema,
  personId: personIdSchema,
  definition: campaignDefinitionSchema,
  lines: z.array(campaignLineSchema).min(1).max(500),
});
export type ReviewSnapshot = z.infer<typeof reviewSnapshotSchema>;

/** What the task pane read from the open mail, as the host gives it. */
export interface ReviewMail {
  /** Exchange's sender address, as the host shows it. */
  readonly from: string | null;
  readonly attachments: readonly { readonly name: string; readonly text: string }[];
}

/** The attachment of one person's review mail. */
export function reviewAttachment(snapshot: ReviewSnapshot) {
  return {
    name: REVIEW_SNAPSHOT_FILE,
    contentType: REVIEW_SNAPSHOT_TYPE,
    contentBytes: utf8TextToBase64(JSON.stringify(reviewSnapshotSchema.parse(snapshot))),
  };
}

/** The snapshot in a mail's attachments, or null (none, or not one of ours). */
export function readReviewSnapshot(mail: ReviewMail): ReviewSnapshot | null {
  for (const attachment of mail.attachments) {
    if (attachment.name !== REVIEW_SNAPSHOT_FILE) continue;
    try {
      const parsed = reviewSnapshotSchema.safeParse(JSON.parse(attachment.text));
      if (parsed.success) return parsed.data;
    } catch {
      // Not JSON: not ours.
    }
  }
  return null;
}

/**
 * The person's lines as the fold reads events: in the reviews list, where only
 * systemansvarlig writes, as the mail from systemansvarlig delivered them.
 */
export function witnessedLines(
  snapshot: ReviewSnapshot,
  sender: { readonly id: string; readonly displayName?: string },
  createdAt: string,
): RecordedEvent[] {
  return snapshot.lines.map((line, index) => ({
    type: 'campaign.line-added',
    payload: { line },
    eventId: `l:${line.lineId}`,
    streamId: snapshot.campaignId,
    streamKind: 'campaign',
    schemaVersion: 2,
    subjectId: line.person.id,
    occurredAt: createdAt,
    list: 'reviews',
    author: sender,
    recordedAt: createdAt,
    sequence: index,
  }));
}
