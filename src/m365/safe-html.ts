/**
 * HTML that is safe to put in a mail or a channel message: every piece of
 * user text in it has been escaped. The mailer and the channel notifier take
 * only {@link SafeHtml}, so unescaped text cannot reach them by accident.
 * (Pure; it would sit as well in src/domain.)
 */

const entities: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an HTML element or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => entities[character] ?? character);
}

export type HtmlValue = string | number | SafeHtml | readonly SafeHtml[];

export class SafeHtml {
  private constructor(readonly html: string) {}

  /** User text as HTML: escaped. */
  static text(value: string): SafeHtml {
    return new SafeHtml(escapeHtml(value));
  }

  /** Markup from a template literal in our source; interpolated values are escaped unless already {@link SafeHtml}. */
  static template(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
    let out = strings[0] ?? '';
    for (const [index, value] of values.entries()) {
      out += render(value) + (strings[index + 1] ?? '');
    }
    return new SafeHtml(out);
  }

  toString(): string {
    return this.html;
  }
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.html;
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'number') return escapeHtml(String(value));
  return value.map((part) => part.html).join('');
}

/** `html\`<p>Hei ${name}</p>\``: the literal parts are ours, `name` is escaped. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  return SafeHtml.template(strings, ...values);
}
