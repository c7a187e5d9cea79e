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

/** One header field of a raw RFC 5322 header block, unfolded; the name as written. */
export interface RawHeader {
  readonly name: string;
  readonly value: string;
}

/** A field name: printable US-ASCII but the colon (RFC 5322 §3.6.8). */
const fieldName = /^[\x21-\x39\x3b-\x7e]+$/;

/**
 * Parses a raw header block, as Outlook's `item.getAllInternetHeadersAsync`
 * returns it (RFC 5322 §2.2): lines end in CRLF or LF; a line that starts with
 * a space or tab continues the field above it and is unfolded by dropping the
 * line break only (§2.2.3); the block ends at the first empty line, so a body
 * that follows is never read as headers. A name keeps its case; a line that is
 * neither a field nor a continuation is skipped, and so is the continuation it
 * would start, so text in a value can never become a field of its own.
 */
export function parseRawHeaders(raw: string): RawHeader[] {
  const headers: { name: string; value: string }[] = [];
  let current: { name: string; value: string } | null = null;
  for (const line of raw.split(/\r?\n/)) {
    if (line === '') break;
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (current !== null) current.value += line;
      continue;
    }
    const colon = line.indexOf(':');
    // obs-syntax allows white space between the name and the colon.
    const name = colon < 0 ? '' : line.slice(0, colon).replace(/[ \t]+$/, '');
    if (!fieldName.test(name)) {
      current = null;
      continue;
    }
    current = { name, value: line.slice(colon + 1) };
    headers.push(current);
  }
  return headers.map(({ name, value }) => ({ name, value: value.replace(/^[ \t]+|[ \t]+$/g, '') }));
}

/** Our reference in a raw header block (Outlook's task pane), or null when it is absent or not valid. */
export function findMailReferenceInRawHeaders(raw: string): MailReference | null {
  return findMailReference(parseRawHeaders(raw));
}
