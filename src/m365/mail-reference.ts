/**
 * The one custom header our mails carry: a JSON reference back to what the
 * mail is about (`{"kind":"review","campaignId":"…","lineId":"…"}`), so a
 * reply or the Outlook task pane can find its campaign line without parsing
 * the subject. Exchange allows five `x-` headers per message; we use one.
 * The header is absent from the sender's Sent Items copy.
 */
import { z } from 'zod';

export const MAIL_REFERENCE_HEADER = 'x-elements-tilgang';

/** Exchange folds long header lines; a short reference stays one line. */
const MAX_REFERENCE_LENGTH = 900;

export const mailReferenceSchema = z
  .object({ kind: z.string().min(1).max(64) })
  .catchall(z.string().max(200));

export type MailReference = z.infer<typeof mailReferenceSchema>;

export function serializeMailReference(reference: MailReference): string {
  const value = JSON.stringify(mailReferenceSchema.parse(reference));
  if (value.length > MAX_REFERENCE_LENGTH) {
    throw new RangeError(`The mail reference is ${value.length} characters; keep it to ids.`);
  }
  return value;
}

/** The reference in a header value, or null when it is not ours or not valid. */
export function parseMailReference(value: string): MailReference | null {
  try {
    const parsed = mailReferenceSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Finds our header among a message's `internetMessageHeaders` (names compare case-insensitively). */
export function findMailReference(
  headers: readonly { readonly name: string; readonly value: string }[],
): MailReference | null {
  const header = headers.find((entry) => entry.name.toLowerCase() === MAIL_REFERENCE_HEADER);
  return header === undefined ? null : parseMailReference(header.value);
}
