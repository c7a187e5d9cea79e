// @vitest-environment node
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import {
  EMPTY_INLINE_HASH,
  LOGIN_ORIGIN,
  contentSecurityPolicy,
  inlineHashes,
  pageHeaders,
  policyPageOf,
  type CspConfig,
  type PolicyPage,
} from '../../scripts/lib/csp.ts';
import {
  findSourceMaps,
  findSourceMapsInZip,
  hostedPages,
  iisWebConfig,
  staticWebAppConfig,
  writeHostingConfig,
} from '../../scripts/lib/csp-build.ts';
import {
  buildManifest,
  createAppPackage,
  demoPackageConfig,
  readIconFiles,
} from '../../scripts/lib/manifest-build.ts';

const production: CspConfig = {
  graphBaseUrl: 'https://graph.microsoft.com',
  officeJsUrl: 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js',
};
const e2e: CspConfig = { graphBaseUrl: '/graph', officeJsUrl: '/vendor/office-js/office.js' };

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split('; ').map((part) => {
      const [name = '', ...values] = part.split(' ');
      return [name, values];
    }),
  );
}
const policyOf = (page: PolicyPage, config = production) =>
  directives(contentSecurityPolicy(page, config));

const temporary: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'csp-test-'));
  temporary.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('inline hashes', () => {
  it('match the hashes Chromium asks for', () => {
    // Both values are quoted from Chromium's own violation reports for these elements.
    expect(EMPTY_INLINE_HASH).toBe("'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
    expect(inlineHashes('<head><style>body{margin:0}</style></head>').styles).toEqual([
      "'sha256-IAdwN3biDCQ3brrgp1m8kBEsPQYyqfREKOEfeoREopc='",
    ]);
  });

  it('count inline scripts but not scripts loaded from a URL', () => {
    const html =
      '<script src="/vendor/office-js/office.js"></script>' +
      '<script type="module" crossorigin src="/assets/tab.js"></script>' +
      '<script type="module">import "/x.js"</script>';
    const { scripts, styles } = inlineHashes(html);
    expect(scripts).toHaveLength(1);
    expect(styles).toEqual([]);
  });
});

describe('the policy of each page', () => {
  it('lets no page evaluate strings or run inline script', () => {
    for (const page of [
      'tab.html',
      'config.html',
      'taskpane.html',
      'auth-redirect.html',
      'index.html',
      'static',
    ] as const) {
      const policy = contentSecurityPolicy(page, production);
      expect(policy, page).not.toContain("'unsafe-eval'");
      expect(policyOf(page).get('default-src'), page).toEqual(["'none'"]);
      expect(policyOf(page).get('script-src') ?? [], page).not.toContain("'unsafe-inline'");
    }
  });

  it('lets the Teams pages reach Graph, Entra ID and teams-js valid-domain list only', () => {
    for (const page of ['tab.html', 'config.html'] as const) {
      expect(policyOf(page).get('connect-src')).toEqual([
        'https://graph.microsoft.com',
        LOGIN_ORIGIN,
        'https://res.cdn.office.net',
      ]);
      expect(policyOf(page).get('script-src')).toEqual(["'self'"]);
      expect(policyOf(page).get('frame-src')).toEqual(["'self'", LOGIN_ORIGIN]);
    }
    expect(policyOf('tab.html').get('frame-ancestors')).toContain('https://teams.microsoft.com');
    expect(policyOf('config.html').get('frame-ancestors')).not.toContain('https://*.office.com');
  });

  it('lets the task pane load office.js and what it loads from the CDN', () => {
    const policy = policyOf('taskpane.html');
    expect(policy.get('script-src')).toEqual([
      "'self'",
      'https://appsforoffice.microsoft.com',
      'https://ajax.aspnetcdn.com',
    ]);
    expect(policy.get('frame-src')).toContain('https://appsforoffice.microsoft.com');
    expect(policy.get('frame-src')).toContain(
      'https://telemetryservice.firstpartyapps.oaspapps.com',
    );
    // office.js's one style attribute, by hash (quoted from Chromium's report), no other.
    expect(policy.get('style-src-attr')).toEqual([
      "'unsafe-hashes'",
      "'sha256-aqNNdDLnnrDOnTNdkJpYlAxKVJtLt9CtFLklmInuUAE='",
    ]);
    expect(policyOf('tab.html').get('style-src-attr')).toBeUndefined();
    expect(policy.get('frame-ancestors')).toEqual([
      'https://outlook.office.com',
      'https://outlook.office365.com',
      'https://*.cloud.microsoft',
    ]);
    // The local copy in dev and e2e: this origin, nothing else.
    expect(policyOf('taskpane.html', e2e).get('script-src')).toEqual(["'self'"]);
    expect(policyOf('taskpane.html', e2e).get('connect-src')).toEqual(["'self'", LOGIN_ORIGIN]);
  });

  it("allows empty style elements and the page's own inline styles, not any style", () => {
    const inline = inlineHashes('<style>body{margin:0}</style>');
    const styles = directives(contentSecurityPolicy('tab.html', production, inline)).get(
      'style-src',
    );
    expect(styles).toEqual(["'self'", EMPTY_INLINE_HASH, ...inline.styles]);
  });

  it('lets MSAL post its sign-in form to Entra ID only, from the pages that sign in', () => {
    for (const page of ['tab.html', 'config.html', 'taskpane.html', 'popup-relay.html'] as const) {
      expect(policyOf(page).get('form-action'), page).toEqual([LOGIN_ORIGIN]);
    }
    expect(policyOf('popup-relay.html').get('script-src')).toEqual(["'self'"]);
    expect(policyOf('popup-relay.html').get('frame-ancestors')).toEqual(["'none'"]);
    for (const page of ['auth-redirect.html', 'index.html', 'static'] as const) {
      expect(policyOf(page).get('form-action'), page).toEqual(["'none'"]);
    }
  });

  it('keeps the workbench on its own origin and unframeable', () => {
    const policy = policyOf('index.html');
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it('lets MSAL frame auth-redirect.html inside every host of the app', () => {
    const ancestors = policyOf('auth-redirect.html').get('frame-ancestors');
    expect(ancestors).toEqual(
      expect.arrayContaining([
        "'self'",
        'https://teams.microsoft.com',
        'https://outlook.office.com',
      ]),
    );
  });

  it('adds the dev nonce to scripts and styles, but not where it would switch off unsafe-inline', () => {
    const tab = directives(contentSecurityPolicy('tab.html', e2e, undefined, { nonce: 'abc' }));
    expect(tab.get('script-src')).toContain("'nonce-abc'");
    expect(tab.get('style-src')).toContain("'nonce-abc'");
    const index = directives(contentSecurityPolicy('index.html', e2e, undefined, { nonce: 'abc' }));
    expect(index.get('script-src')).toContain("'nonce-abc'");
    expect(index.get('style-src')).not.toContain("'nonce-abc'");
    expect(tab.get('worker-src')).toEqual(['blob:']);
    expect(policyOf('tab.html', e2e).get('worker-src')).toBeUndefined();
  });

  it('names the authority MSAL uses', () => {
    const source = readFileSync(
      path.join(import.meta.dirname, '../../src/hosts/msal-token-source.ts'),
      'utf8',
    );
    expect(source).toContain(`authority: \`${LOGIN_ORIGIN}/`);
  });

  it('sends nosniff and no referrer, and never X-Frame-Options', () => {
    const headers = pageHeaders('tab.html', production);
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['Referrer-Policy']).toBe('no-referrer');
    expect(Object.keys(headers)).not.toContain('X-Frame-Options');
  });

  it('treats pages it does not know as static pages', () => {
    expect(policyPageOf('privacy.html')).toBe('static');
    expect(policyPageOf('/tab.html')).toBe('tab.html');
  });
});

describe('hosting configuration', () => {
  function fakeBuild() {
    const dist = tempDir();
    writeFileSync(path.join(dist, 'tab.html'), '<style>body{margin:0}</style>');
    writeFileSync(path.join(dist, 'index.html'), '<style>body{margin:0}</style>');
    writeFileSync(path.join(dist, 'privacy.html'), '<link rel="stylesheet" href="/x.css">');
    return dist;
  }

  it('gives Azure Static Web Apps a route with its headers per page', () => {
    const dist = fakeBuild();
    const config = staticWebAppConfig(hostedPages(dist, production), production);
    const route = (name: string) => config.routes.find((r) => r.route === name)?.headers;
    expect(route('/tab.html')?.['Content-Security-Policy']).toBe(
      contentSecurityPolicy('tab.html', production, inlineHashes('<style>body{margin:0}</style>')),
    );
    expect(route('/')).toEqual(route('/index.html'));
    expect(route('/privacy.html')?.['Content-Security-Policy']).toContain("frame-ancestors 'none'");
    expect(route('/tab.html')?.['Strict-Transport-Security']).toBe('max-age=31536000');
    expect(config.globalHeaders['X-Content-Type-Options']).toBe('nosniff');
  });

  it('gives IIS a location per page that replaces the site-wide policy', () => {
    const dist = fakeBuild();
    const xml = iisWebConfig(hostedPages(dist, production), production);
    const tab = /<location path="tab\.html">([\s\S]*?)<\/location>/.exec(xml)?.[1] ?? '';
    expect(tab).toContain('<remove name="Content-Security-Policy" />');
    expect(tab).toContain(
      `<add name="Content-Security-Policy" value="${contentSecurityPolicy('tab.html', production, inlineHashes('<style>body{margin:0}</style>'))}" />`,
    );
    expect(xml).not.toContain('X-Frame-Options');
  });

  it('writes both files into the build', () => {
    const dist = fakeBuild();
    writeHostingConfig(dist, production);
    const swa: unknown = JSON.parse(
      readFileSync(path.join(dist, 'staticwebapp.config.json'), 'utf8'),
    );
    expect(swa).toHaveProperty('routes');
    expect(readFileSync(path.join(dist, 'web.config'), 'utf8')).toMatch(/^<\?xml/);
  });
});

describe('no source maps ship', () => {
  it('finds a .map file and a file that points at one, anywhere in a build', () => {
    const dist = tempDir();
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'assets', 'clean.js'), 'export const a = 1;\n');
    expect(findSourceMaps(dist)).toEqual([]);
    writeFileSync(path.join(dist, 'assets', 'tab.js.map'), '{}');
    writeFileSync(path.join(dist, 'assets', 'tab.js'), 'x\n//# sourceMappingURL=tab.js.map\n');
    writeFileSync(path.join(dist, 'styles.css'), 'a{}\n/*# sourceMappingURL=styles.css.map */');
    expect(findSourceMaps(dist).sort()).toEqual([
      path.join('assets', 'tab.js'),
      path.join('assets', 'tab.js.map'),
      'styles.css',
    ]);
  });

  it('finds them in a zip', () => {
    const zip = zipSync({
      'manifest.json': strToU8('{}'),
      'app.js': strToU8('//# sourceMappingURL=data:application/json;base64,e30='),
      'app.js.map': strToU8('{}'),
    });
    expect(findSourceMapsInZip(zip).sort()).toEqual(['app.js', 'app.js.map']);
  });

  it('the app package holds none', async () => {
    const loaded = await readIconFiles();
    if (!loaded.icons) throw new Error(loaded.problems.join('\n'));
    const zip = createAppPackage(buildManifest(demoPackageConfig()), loaded.icons);
    expect(findSourceMapsInZip(zip)).toEqual([]);
  });
});
