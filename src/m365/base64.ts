/**
 * Base64 as Graph (`fileAttachment.contentBytes`, `Edm.Binary`) and office.js
 * (`getAttachmentContentAsync` with `AttachmentContentFormat.Base64`) hand file contents over,
 * and UTF-8 text in and out of it. Web APIs only (`atob`/`btoa`, `TextEncoder`/`TextDecoder`),
 * so the same code runs in the browser and in Node 20 without `Buffer`.
 */

/** Standard base64 (`+` and `/`), padded; white space between the characters is allowed. */
const base64Pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The bytes of a base64 string; RangeError when it is not base64. */
export function base64ToBytes(base64: string): Uint8Array {
  const compact = base64.replace(/\s+/g, '');
  if (!base64Pattern.test(compact)) throw new RangeError('The content is not valid base64.');
  const binary = atob(compact);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  // In slices, so a large file does not build one enormous argument list.
  for (let start = 0; start < bytes.length; start += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  }
  return btoa(binary);
}

/**
 * The UTF-8 text in a base64 string (a byte order mark at the start is dropped, as a UTF-8
 * reader does). RangeError when it is not base64, TypeError when the bytes are not UTF-8:
 * nothing is silently replaced.
 */
export function base64ToUtf8Text(base64: string): string {
  return new TextDecoder('utf-8', { fatal: true }).decode(base64ToBytes(base64));
}

/** A text as the base64 of its UTF-8 bytes, e.g. for `OutgoingMail.attachments`. */
export function utf8TextToBase64(text: string): string {
  return bytesToBase64(new TextEncoder().encode(text));
}

/** The UTF-8 text in base64, or null when it is not base64 or not UTF-8 (a PDF, an image). */
export function tryBase64ToUtf8Text(base64: string): string | null {
  try {
    return base64ToUtf8Text(base64);
  } catch {
    return null;
  }
}
