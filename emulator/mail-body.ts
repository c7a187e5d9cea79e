/**
 * Message bodies between HTML and text, as Exchange serves them: Graph returns `body` and
 * `uniqueBody` in HTML by default, and as text with the request header
 * `Prefer: outlook.body-content-type="text"` (or HTML from a text body with `="html"`), answering
 * `Preference-Applied` (Graph reference, "Get message": request headers). Exchange's converter is
 * not documented in detail; this one keeps what a reader of the text needs: a line break for
 * `<br>` and at the edges of block elements (`p`, `div`, `li`, `tr`, headings, …), a line of
 * underscores for `<hr>` (as in Outlook's text replies), entities decoded, source whitespace
 * collapsed, lines ending in CRLF as in Exchange's text bodies.
 */
import type { ItemBodyData } from './emulator-data.ts';

export type BodyContentType = ItemBodyData['contentType'];

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

export function textToHtml(text: string): string {
  return `<html><body><div>${escapeHtml(text).replace(/\r?\n/g, '<br>')}</div></body></html>`;
}

const namedEntities: Readonly<Record<string, string>> = {
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  aring: 'å',
  Aring: 'Å',
  oslash: 'ø',
  Oslash: 'Ø',
  aelig: 'æ',
  AElig: 'Æ',
  auml: 'ä',
  ouml: 'ö',
  uuml: 'ü',
  eacute: 'é',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  laquo: '«',
  raquo: '»',
  copy: '©',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);/gi, (entity, name: string) => {
    if (name.startsWith('#')) {
      const code =
        name[1] === 'x' || name[1] === 'X'
          ? Number.parseInt(name.slice(2), 16)
          : Number.parseInt(name.slice(1), 10);
      if (!Number.isInteger(code) || code < 0 || code > 0x10ffff) return entity;
      // A no-break space reads as a space in text, as with &nbsp;.
      return code === 0xa0 ? ' ' : String.fromCodePoint(code);
    }
    return namedEntities[name] ?? entity;
  });
}

const blockElements = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'dd',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'tr',
  'ul',
]);

/** HTML → text lines (joined with `\n`; {@link htmlToText} makes them CRLF). */
function htmlToLines(html: string): string {
  const source = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(head|style|script|title)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '');
  let output = '';
  const lineBreak = (): void => {
    output += '\n';
  };
  const startLine = (): void => {
    if (output !== '' && !output.endsWith('\n')) output += '\n';
  };
  for (const part of source.split(/(<[^>]*>)/)) {
    if (part === '') continue;
    const tag = /^<\s*(\/?)\s*([a-z][a-z0-9]*)\b[^>]*>$/i.exec(part);
    if (tag === null) {
      if (part.startsWith('<')) continue; // <!DOCTYPE …>, a stray declaration
      // Source whitespace is not significant in HTML; entities are decoded after collapsing, so
      // an &nbsp; survives as a space.
      const collapsed = part.replace(/\s+/g, ' ');
      const atLineStart = output === '' || output.endsWith('\n');
      output += decodeEntities(atLineStart ? collapsed.trimStart() : collapsed);
      continue;
    }
    const closing = tag[1] === '/';
    const name = (tag[2] ?? '').toLowerCase();
    if (name === 'br') lineBreak();
    else if (name === 'hr') {
      startLine();
      output += '________________________________\n';
    } else if (blockElements.has(name)) {
      if (closing) lineBreak();
      else startLine();
    } else if (name === 'td' || name === 'th') {
      if (closing) output += '\t';
    }
  }
  return output
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n[ \t]+/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export function htmlToText(html: string): string {
  return htmlToLines(html).replace(/\n/g, '\r\n');
}

/** The body in the requested type (`null`: as stored). */
export function bodyAs(body: ItemBodyData, wanted: BodyContentType | null): ItemBodyData {
  if (wanted === null || wanted === body.contentType) {
    return { contentType: body.contentType, content: body.content };
  }
  return wanted === 'text'
    ? { contentType: 'text', content: htmlToText(body.content) }
    : { contentType: 'html', content: textToHtml(body.content) };
}

/** Graph's bodyPreview: the first 255 characters of the text, whitespace collapsed. */
export function bodyPreview(body: ItemBodyData): string {
  const text = body.contentType === 'html' ? htmlToLines(body.content) : body.content;
  return text.replace(/\s+/g, ' ').trim().slice(0, 255);
}

/**
 * The body type a request prefers: `Prefer: outlook.body-content-type="text"` (quotes optional,
 * among other comma-separated preferences), or null when it states none.
 */
export function preferredBodyType(request: Request): BodyContentType | null {
  const prefer = request.headers.get('prefer');
  if (prefer === null) return null;
  for (const preference of prefer.split(',')) {
    const match = /^\s*outlook\.body-content-type\s*=\s*["']?(text|html)["']?\s*$/i.exec(
      preference,
    );
    if (match?.[1] !== undefined) return match[1].toLowerCase() === 'text' ? 'text' : 'html';
  }
  return null;
}
