import type { HostMailItem } from '../../m365/host.ts';
import type { MailHeader, MailboxMessageContent } from '../../m365/mailbox.ts';

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
 * The message open in the workbench mailbox as the task pane sees an Outlook
 * item. Graph gives no headers for a Sent Items copy: its block is empty, as
 * for a message without our reference.
 */
export function workbenchMailItem(message: MailboxMessageContent): HostMailItem {
  const block = rawHeaderBlock(message.internetMessageHeaders);
  const messageIdHeader = message.internetMessageHeaders.find(
    (header) => header.name.toLowerCase() === 'message-id',
  );
  return {
    subject: message.subject,
    internetMessageId: message.internetMessageId ?? messageIdHeader?.value ?? null,
    getInternetHeaders: () => Promise.resolve(block),
  };
}
