import { tryBase64ToUtf8Text } from '../../m365/base64.ts';
import type { HostMailAttachment, HostMailItem } from '../../m365/host.ts';
import type { MailHeader, Mailbox, MailboxMessageContent } from '../../m365/mailbox.ts';

/** RFC 5322 field names: printable US-ASCII but the colon. */
const fieldName = /^[\x21-\x39\x3b-\x7e]+$/;

/**
 * A value on one line: a folded line break (one before a space or tab) is
 * dropped as RFC 5322 unfolding does; any other becomes a space, so no value
 * can start a header line of its own.
 */
function oneLine(value: string): string {
  return value.replace(/(?:\r\n|\r|\n)(?=[ \t])/g, '').replace(/\r\n|\r|\n/g, ' ');
}

/**
 * Graph's header list as one raw RFC 5322 header block, as Outlook's
 * `getAllInternetHeadersAsync` hands it over: `Name: value` lines joined by
 * CRLF. A name that is not a field name is left out.
 */
export function rawHeaderBlock(headers: readonly MailHeader[]): string {
  return headers
    .filter((header) => fieldName.test(header.name))
    .map((header) => `${header.name}: ${oneLine(header.value)}`)
    .join('\r\n');
}

/**
 * The message's file attachments as Outlook's item would give them: not
 * inline, UTF-8 text only, in Graph's order. No Graph call when Graph says the
 * message has none.
 */
async function readAttachments(
  message: MailboxMessageContent,
  mailbox: Pick<Mailbox, 'getFileAttachments'>,
): Promise<HostMailAttachment[]> {
  if (!message.hasAttachments) return [];
  const attachments = await mailbox.getFileAttachments(message.id);
  const texts: HostMailAttachment[] = [];
  for (const attachment of attachments) {
    if (attachment.isInline) continue;
    const text = tryBase64ToUtf8Text(attachment.contentBytes);
    if (text !== null) {
      texts.push({ name: attachment.name, contentType: attachment.contentType, text });
    }
  }
  return texts;
}

/**
 * The message open in the workbench mailbox as the task pane sees an Outlook
 * item, its attachments read through `mailbox` (Graph) when the pane asks.
 * Graph gives no headers for a Sent Items copy: its block is empty, as for a
 * message without our reference.
 */
export function workbenchMailItem(
  message: MailboxMessageContent,
  mailbox: Pick<Mailbox, 'getFileAttachments'>,
): HostMailItem {
  const block = rawHeaderBlock(message.internetMessageHeaders);
  const messageIdHeader = message.internetMessageHeaders.find(
    (header) => header.name.toLowerCase() === 'message-id',
  );
  return {
    subject: message.subject,
    internetMessageId: message.internetMessageId ?? messageIdHeader?.value ?? null,
    getInternetHeaders: () => Promise.resolve(block),
    from: message.from?.address?.trim() ? message.from.address.trim() : null,
    getAttachments: () => readAttachments(message, mailbox),
  };
}
