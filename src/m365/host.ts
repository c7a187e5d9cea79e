import type { TokenSource } from './token-source.ts';

/** Where the app runs. */
export type HostKind = 'teams' | 'outlook' | 'workbench';

/** The host's theme, reduced to what the UI needs to choose its Fluent theme. */
export type HostTheme = 'light' | 'dark' | 'contrast';

/**
 * A connected host: what the shell needs to render in the host's theme and
 * locale and to call Graph as the signed-in user.
 */
export interface HostSession {
  readonly kind: HostKind;
  /** BCP-47 tag reported by the host, e.g. `nb-NO`. */
  readonly locale: string;
  readonly theme: HostTheme;
  /** Subscribes to theme changes in the host; returns an unsubscribe function. */
  onThemeChange(listener: (theme: HostTheme) => void): () => void;
  readonly tokenSource: TokenSource;
}

/**
 * The e-mail open in the reading pane, as the review task pane sees it (issue 6). Under Outlook
 * this is office.js's `Office.context.mailbox.item`; in the workbench it is the message opened in
 * the demo mailbox, read through Graph. The task pane code is the same for both.
 */
export interface HostMailItem {
  /** The message's internet headers as one raw RFC 5322 block (`getAllInternetHeadersAsync`). */
  getInternetHeaders(): Promise<string>;
  /** The message's `Message-ID`, e.g. `<…@…>`; null when the host cannot tell. */
  readonly internetMessageId: string | null;
  /** Subject as shown in the host, for the pane's heading. */
  readonly subject: string;
  /**
   * The `From` address as the host knows it (Outlook's `item.from`, Graph's `from`): Exchange
   * stamps it on delivery, so it says which mailbox the message came from. Null when the host
   * gives none.
   */
  readonly from: string | null;
  /**
   * The message's file attachments as UTF-8 text, in the host's order; [] when it has none.
   * Inline attachments (images in the body), item and cloud attachments, and files that are not
   * UTF-8 text (a PDF, an image) are left out: what the app sends is small text files (JSON).
   */
  getAttachments(): Promise<readonly HostMailAttachment[]>;
}

/** A file attached to a {@link HostMailItem}, its bytes read as UTF-8. */
export interface HostMailAttachment {
  readonly name: string;
  /** MIME type as the host reports it (office.js derives it from the file name extension). */
  readonly contentType: string;
  /** The file's content decoded as UTF-8 (a leading byte order mark dropped). */
  readonly text: string;
}
