import type { MailboxMessageContent } from '../../m365/mailbox.ts';
import { escapeHtml } from '../../m365/safe-html.ts';

/**
 * The document a message body is shown in: the `srcdoc` of a frame with
 * `sandbox=""`. The sandbox already stops scripts, forms, popups and
 * navigating the app; the policy below says the same again and keeps the
 * sender from loading anything (remote images included, as Outlook does
 * until asked), in case the frame is ever given more rights.
 */
export const mailContentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'none'",
  "style-src 'unsafe-inline'",
  'img-src data:',
  'font-src data:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * Elements that act on the frame rather than show content (a refresh or
 * base in a `<meta>`/`<base>`, style sheets and frames from elsewhere) and
 * scripts, which would not run but need not be there.
 */
const removed = 'script, meta, base, link, iframe, frame, frameset, object, embed, portal';

export interface MailDocumentOptions {
  /** The frame document's title. */
  title: string;
  /** `lang` of the frame document: the interface language, the best guess for the mail. */
  lang: string;
  /**
   * Canvas and text colours follow the host theme through the system colours
   * of this scheme; the sender's own colours still win where they set any.
   */
  colorScheme: 'light' | 'dark';
}

/**
 * The sender's markup, parsed in an inert document (nothing runs or loads
 * there) and serialised again without what {@link removed} names: the
 * styles of its head and the content of its body.
 */
function htmlContent(markup: string): string {
  const parsed = new DOMParser().parseFromString(markup, 'text/html');
  for (const element of parsed.querySelectorAll(removed)) element.remove();
  const styles = Array.from(parsed.head.querySelectorAll('style'), (style) => style.outerHTML);
  return `${styles.join('')}${parsed.body.innerHTML}`;
}

/** A message body as a complete HTML document for a sandboxed frame's `srcdoc`. */
export function mailDocument(
  body: MailboxMessageContent['body'],
  options: MailDocumentOptions,
): string {
  const content =
    body.contentType === 'html'
      ? htmlContent(body.content)
      : `<pre class="plain">${escapeHtml(body.content)}</pre>`;
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(options.lang)}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${mailContentSecurityPolicy}">`,
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(options.title)}</title>`,
    '<style>',
    `:root { color-scheme: ${options.colorScheme}; }`,
    'body { margin: 0; padding: 12px 16px; background-color: Canvas; color: CanvasText;',
    '  font-family: "Segoe UI", system-ui, sans-serif; font-size: 14px; line-height: 1.43;',
    '  overflow-wrap: anywhere; }',
    '.plain { margin: 0; white-space: pre-wrap; font: inherit; }',
    'img { max-width: 100%; height: auto; }',
    '</style>',
    '</head>',
    `<body>${content}</body>`,
    '</html>',
  ].join('\n');
}
