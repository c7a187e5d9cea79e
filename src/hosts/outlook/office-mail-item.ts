/**
 * office.js's read-mode message as the app's {@link HostMailItem} port, and
 * the pinned pane's `ItemChanged` event as a plain subscription.
 *
 * The types below are the few members of `Office.MessageRead` and
 * `Office.Mailbox` this adapter touches, so tests can hand it a typed fake and
 * the real objects fit without casts. office.js's enums are read from the
 * `Office` global at call time: their runtime values (`"succeeded"`,
 * `"olkItemSelectedChanged"`, …) are not the numbers `@types/office-js` declares.
 */
import { tryBase64ToUtf8Text } from '../../m365/base64.ts';
import type { HostMailAttachment, HostMailItem } from '../../m365/host.ts';

/** What office.js passes to an async callback, reduced to what we read. */
export interface OfficeAsyncResult<T> {
  readonly status: Office.AsyncResultStatus;
  readonly value: T;
  readonly error: { readonly code: number; readonly name: string; readonly message: string };
}

/**
 * `Office.AttachmentDetails` (Mailbox 1.1), an entry of a read-mode item's `attachments`
 * (https://learn.microsoft.com/javascript/api/outlook/office.attachmentdetails).
 */
export interface OfficeAttachmentDetails {
  /** `Office.MailboxEnums.AttachmentType`: `file`, `item` or `cloud` at runtime. */
  readonly attachmentType: string;
  /** Deprecated by Microsoft: a lookup of the file name extension, not kept up to date. */
  readonly contentType: string;
  /** The Exchange attachment id; a URL for a cloud attachment. */
  readonly id: string;
  readonly isInline: boolean;
  readonly name: string;
  readonly size: number;
}

/**
 * `Office.AttachmentContent` (Mailbox 1.8): "For file attachments, the formatting is a
 * Base64-encoded string" (https://learn.microsoft.com/javascript/api/outlook/office.attachmentcontent).
 */
export interface OfficeAttachmentContent {
  readonly content: string;
  /** `Office.MailboxEnums.AttachmentContentFormat`: `base64`, `url`, `eml` or `iCalendar`. */
  readonly format: string;
}

/**
 * The members of `Office.MessageRead` (Mailbox 1.8, the manifest's minimum) the adapter reads
 * (https://learn.microsoft.com/javascript/api/outlook/office.messageread).
 */
export interface OfficeReadItem {
  /** `Office.MailboxEnums.ItemType` (a string at runtime) or another string. */
  readonly itemType: string;
  readonly internetMessageId: string;
  readonly subject: string;
  /**
   * "The `from` and `sender` properties represent the same person unless the message is sent by
   * a delegate with Send on behalf permissions", when `from` is the mailbox owner's.
   * Optional here: a compose form has a `From` object in its place.
   */
  readonly from?: { readonly emailAddress?: string } | null;
  /** The item's attachments (Mailbox 1.1, read mode). */
  readonly attachments?: readonly OfficeAttachmentDetails[];
  getAllInternetHeadersAsync(callback: (result: OfficeAsyncResult<string>) => void): void;
  /** Mailbox 1.8. Errors include `InvalidAttachmentId` and `AttachmentTypeNotSupported`. */
  getAttachmentContentAsync(
    attachmentId: string,
    callback: (result: OfficeAsyncResult<OfficeAttachmentContent>) => void,
  ): void;
}

/** The members of `Office.Mailbox` the adapter uses to follow the selected item. */
export interface OfficeMailboxEvents {
  readonly item?: OfficeReadItem | null;
  addHandlerAsync(
    eventType: Office.EventType,
    handler: () => void,
    callback: (result: OfficeAsyncResult<void>) => void,
  ): void;
  removeHandlerAsync(
    eventType: Office.EventType,
    callback: (result: OfficeAsyncResult<void>) => void,
  ): void;
}

/**
 * An office.js call that failed. The message names the operation and Office's
 * error code and name only: never a subject, an address or a header.
 */
export class OfficeAsyncError extends Error {
  override readonly name = 'OfficeAsyncError';

  constructor(
    readonly operation: string,
    /** Office's numeric error code, e.g. 9020 (`GenericResponseError`). */
    readonly code: number,
    /** Office's error name, e.g. `GenericResponseError`. */
    readonly officeName: string,
    /** Office's own (generic, localised) description; kept apart from `message`. */
    readonly officeMessage: string,
  ) {
    super(`Outlook could not complete ${operation} (Office error ${code} ${officeName}).`);
  }
}

function failed(result: OfficeAsyncResult<unknown>): boolean {
  return result.status === Office.AsyncResultStatus.Failed;
}

function errorOf(operation: string, result: OfficeAsyncResult<unknown>): OfficeAsyncError {
  const { code, name, message } = result.error;
  return new OfficeAsyncError(operation, code, name, message);
}

function attachmentContent(
  item: OfficeReadItem,
  attachmentId: string,
): Promise<OfficeAttachmentContent> {
  return new Promise((resolve, reject) => {
    item.getAttachmentContentAsync(attachmentId, (result) => {
      if (failed(result)) reject(errorOf('getAttachmentContentAsync', result));
      else resolve(result.value);
    });
  });
}

/**
 * The item's file attachments as UTF-8 text, one `getAttachmentContentAsync` at a time, in the
 * order of `item.attachments`. Inline, item and cloud attachments are not fetched; content in
 * another format than Base64, or bytes that are not UTF-8, are left out (the port's contract).
 */
async function readAttachments(item: OfficeReadItem): Promise<HostMailAttachment[]> {
  const file: string = Office.MailboxEnums.AttachmentType.File;
  const base64: string = Office.MailboxEnums.AttachmentContentFormat.Base64;
  const files = (item.attachments ?? []).filter(
    (attachment) => attachment.attachmentType === file && !attachment.isInline,
  );
  const texts: HostMailAttachment[] = [];
  for (const attachment of files) {
    const content = await attachmentContent(item, attachment.id);
    if (content.format !== base64) continue;
    const text = tryBase64ToUtf8Text(content.content);
    if (text === null) continue;
    texts.push({ name: attachment.name, contentType: attachment.contentType, text });
  }
  return texts;
}

/**
 * The message open in the reading pane as a {@link HostMailItem}; null when
 * nothing is selected (a pinned pane with no or several items selected) or the
 * item is not a message (an appointment).
 */
export function officeMailItem(item: OfficeReadItem | null | undefined): HostMailItem | null {
  if (item === null || item === undefined) return null;
  const message: string = Office.MailboxEnums.ItemType.Message;
  if (item.itemType !== message) return null;
  const internetMessageId = item.internetMessageId.trim();
  const from = item.from?.emailAddress?.trim() ?? '';
  return {
    internetMessageId: internetMessageId === '' ? null : internetMessageId,
    subject: item.subject,
    from: from === '' ? null : from,
    getAttachments: () => readAttachments(item),
    getInternetHeaders: () =>
      new Promise<string>((resolve, reject) => {
        item.getAllInternetHeadersAsync((result) => {
          if (failed(result)) reject(errorOf('getAllInternetHeadersAsync', result));
          else resolve(result.value);
        });
      }),
  };
}

/**
 * Follows the selected message in a pinned task pane. One office.js handler
 * serves every listener: `removeHandlerAsync` removes all handlers of an
 * event type, so the handler is added for the first listener and removed
 * after the last one leaves. Each listener gets the new item (or null).
 */
export function watchOfficeMailItem(
  mailbox: OfficeMailboxEvents,
): (listener: (item: HostMailItem | null) => void) => () => void {
  const listeners = new Set<(item: HostMailItem | null) => void>();
  const onItemChanged = () => {
    const item = officeMailItem(mailbox.item);
    for (const listener of [...listeners]) listener(item);
  };
  const warnOnFailure = (operation: string) => (result: OfficeAsyncResult<void>) => {
    if (failed(result)) console.warn(errorOf(operation, result).message);
  };

  return (listener) => {
    // A new function per subscription, so the same listener subscribed twice is two subscriptions.
    const subscription = (item: HostMailItem | null) => listener(item);
    listeners.add(subscription);
    if (listeners.size === 1) {
      mailbox.addHandlerAsync(
        Office.EventType.ItemChanged,
        onItemChanged,
        warnOnFailure('addHandlerAsync(ItemChanged)'),
      );
    }
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      listeners.delete(subscription);
      if (listeners.size === 0) {
        mailbox.removeHandlerAsync(
          Office.EventType.ItemChanged,
          warnOnFailure('removeHandlerAsync(ItemChanged)'),
        );
      }
    };
  };
}
