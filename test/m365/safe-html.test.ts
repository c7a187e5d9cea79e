// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  findMailReference,
  MAIL_REFERENCE_HEADER,
  parseMailReference,
  serializeMailReference,
} from '../../src/m365/mail-reference.ts';
import { escapeHtml, html, SafeHtml } from '../../src/m365/safe-html.ts';

describe('escapeHtml and html``', () => {
  it('escapes the five characters that can change HTML', () => {
    expect(escapeHtml(`<script>alert("x") & 'y'</script>`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;',
    );
  });

  it('escapes interpolated user text but keeps the template and nested SafeHtml', () => {
    const name = '<img src=x onerror=alert(1)>';
    const item = html`<li>${'a&b'}</li>`;
    // prettier-ignore
    const result = html`<p title="${'"quoted"'}">Hei ${name}</p><ul>${[item, item]}</ul>${3}`;
    expect(result.html).toBe(
      '<p title="&quot;quoted&quot;">Hei &lt;img src=x onerror=alert(1)&gt;</p><ul><li>a&amp;b</li><li>a&amp;b</li></ul>3',
    );
    expect(SafeHtml.text('<b>').toString()).toBe('&lt;b&gt;');
  });
});

describe('mail reference header', () => {
  it('round-trips a reference through one JSON header', () => {
    const reference = { kind: 'review', campaignId: 'c-1', lineId: 'l-2' };
    const value = serializeMailReference(reference);
    expect(JSON.parse(value)).toEqual(reference);
    expect(
      findMailReference([
        { name: 'Received', value: 'from x' },
        { name: 'X-Elements-Tilgang', value },
      ]),
    ).toEqual(reference);
  });

  it('ignores a missing, foreign or malformed header', () => {
    expect(findMailReference([])).toBeNull();
    expect(parseMailReference('not json')).toBeNull();
    expect(parseMailReference('{"campaignId":"c"}')).toBeNull();
    expect(parseMailReference('{"kind":"review","n":1}')).toBeNull();
    expect(MAIL_REFERENCE_HEADER.startsWith('x-')).toBe(true);
  });

  it('refuses a reference that would not stay a short header', () => {
    const lines = Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [`k${i}`, 'x'.repeat(150)]),
    );
    expect(() => serializeMailReference({ kind: 'review', ...lines })).toThrow(RangeError);
  });
});
