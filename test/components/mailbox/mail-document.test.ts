import { describe, expect, it } from 'vitest';
import { mailDocument } from '../../../src/features/mailbox/mail-document.ts';

const options = { title: 'Innholdet i e-posten «Hei»', lang: 'nb', colorScheme: 'dark' } as const;

function parsed(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

describe('the document a message body is shown in', () => {
  it('puts the policy before any content: no scripts, nothing loaded from elsewhere', () => {
    const html = mailDocument({ contentType: 'html', content: '<p>Hei</p>' }, options);
    const document = parsed(html);
    const first = document.head.firstElementChild;
    expect(first?.getAttribute('charset')).toBe('utf-8');
    const policy = document.head.querySelector('meta[http-equiv="Content-Security-Policy"]');
    expect(policy?.getAttribute('content')).toBe(
      "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'",
    );
    expect(document.title).toBe('Innholdet i e-posten «Hei»');
    expect(document.documentElement.lang).toBe('nb');
    expect(html).toContain(':root { color-scheme: dark; }');
    expect(document.body.innerHTML.trim()).toBe('<p>Hei</p>');
  });

  it('drops scripts and what acts on the frame, keeps the content and its styles', () => {
    const html = mailDocument(
      {
        contentType: 'html',
        content:
          '<html><head><style>p { color: red; }</style><meta http-equiv="refresh" content="0;url=https://evil.example">' +
          '<link rel="stylesheet" href="https://evil.example/x.css"><base href="https://evil.example/"></head>' +
          '<body><p onclick="steal()">Hei</p><script>steal()</script><iframe src="https://evil.example"></iframe>' +
          '<object data="x"></object><embed src="x"></body></html>',
      },
      options,
    );
    expect(html).not.toMatch(/<script|<iframe|<object|<embed|<link|<base|refresh|evil\.example/i);
    const document = parsed(html);
    // Ours: charset, policy, referrer. Nothing of the sender's.
    expect(document.head.querySelectorAll('meta')).toHaveLength(3);
    expect(document.body.querySelector('style')?.textContent).toBe('p { color: red; }');
    // Event handlers stay: the sandbox is what keeps them from running.
    expect(document.body.querySelector('p')?.outerHTML).toBe('<p onclick="steal()">Hei</p>');
  });

  it('escapes a plain-text body and the title', () => {
    const html = mailDocument(
      { contentType: 'text', content: '<script>alert("x")</script>\n& co' },
      { ...options, title: '</title><script>alert(1)</script>' },
    );
    expect(html).toContain(
      '<pre class="plain">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;\n&amp; co</pre>',
    );
    expect(html).not.toMatch(/<script/i);
    const document = parsed(html);
    expect(document.title).toBe('</title><script>alert(1)</script>');
  });
});
