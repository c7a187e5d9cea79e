/**
 * The security headers of every page, from one place: the Content-Security-Policy
 * of each page (decision 015) and the headers an administrator expects beside it.
 * Used by the Vite dev and preview servers (scripts/vite-plugins.ts) and by the
 * build, which writes the same headers into the hosting configuration
 * (`staticwebapp.config.json` for Azure Static Web Apps, `web.config` for IIS).
 *
 * The policy is built from the validated app configuration (the Graph base URL and
 * the office.js URL) and from the built HTML itself (hashes of its inline `<style>`
 * and `<script>` elements), so it allows exactly what each page loads.
 */
import { createHash } from 'node:crypto';
import type { AppConfig } from '../../src/app/config.ts';

/** The settings a policy depends on. */
export type CspConfig = Pick<AppConfig, 'graphBaseUrl' | 'officeJsUrl'>;

/**
 * Microsoft Entra ID, MSAL's authority (`src/hosts/msal-token-source.ts`): token and
 * discovery requests (connect-src) and `ssoSilent`'s hidden frame (frame-src).
 */
export const LOGIN_ORIGIN = 'https://login.microsoftonline.com';

/**
 * teams-js 2.x fetches its list of valid host origins from here and falls back to
 * the copy it bundles (`validOriginsCdnEndpoint` in @microsoft/teams-js).
 */
export const TEAMS_JS_VALID_DOMAINS_ORIGIN = 'https://res.cdn.office.net';

/**
 * Hosts that may frame a Teams tab, from "Prerequisites" in
 * https://learn.microsoft.com/microsoftteams/platform/tabs/how-to/tab-requirements
 * (source: MicrosoftDocs/msteams-docs, includes/tabs/content-security-policy-headers.md):
 * Teams `teams.microsoft.com`, `*.teams.microsoft.com`; the Microsoft 365 app
 * `*.microsoft365.com`, `*.office.com`; Outlook `outlook.office.com`,
 * `outlook.office365.com`; every host after the move to `*.cloud.microsoft`.
 * Left out on purpose: `outlook.live.com` (consumer Outlook) and the `outlook-sdf.*`
 * hosts (Microsoft's own pre-release ring), where a municipality's staff never are.
 */
export const TEAMS_TAB_ANCESTORS = [
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.cloud.microsoft',
  'https://*.microsoft365.com',
  'https://*.office.com',
  'https://outlook.office.com',
  'https://outlook.office365.com',
] as const;

/** The channel-tab configuration page exists in Teams only (same source as above). */
export const TEAMS_CONFIG_ANCESTORS = [
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.cloud.microsoft',
] as const;

/**
 * Outlook on the web and the new Outlook for Windows frame the task pane on their own
 * origins: `outlook.office.com`, `outlook.office365.com` and, after the move,
 * `outlook.cloud.microsoft` (the Outlook row of the Teams table above, which Microsoft
 * gives for apps that run in Outlook). Classic Outlook for Windows shows the task pane
 * as the top document of a WebView2, with no ancestor to allow.
 */
export const OUTLOOK_TASK_PANE_ANCESTORS = [
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://*.cloud.microsoft',
] as const;

/**
 * Loaded by office.js from Microsoft's CDN, beside office.js itself (read in
 * @microsoft/office-js 1.1.110, `dist/office.debug.js` and `outlook-web-16.01.debug.js`;
 * Microsoft documents no list, OfficeDev/office-js#1005): MicrosoftAjax.js for some
 * hosts (script-src) and its telemetry endpoints (connect-src). Its host-specific
 * scripts and the `AgaveErrorUX` trust frame come from the office.js origin itself.
 */
/**
 * office.js's logger, 3 s after load (outside Office and in classic Outlook), adds a
 * hidden frame of this origin (`ULSEndpointProxy` in `o15apptofilemappingtable.js`,
 * `outlook-win32-16.00.js`) with `setAttribute("style", "display:none")`: the frame
 * (frame-src) and exactly that style attribute (`'unsafe-hashes'` with its hash, which
 * allows no other attribute) are allowed.
 */
export const OFFICE_JS_TELEMETRY_FRAME_ORIGIN =
  'https://telemetryservice.firstpartyapps.oaspapps.com';
export const OFFICE_JS_STYLE_ATTRIBUTE = 'display:none';

export const OFFICE_JS_EXTRA_SCRIPT_ORIGINS = ['https://ajax.aspnetcdn.com'] as const;
export const OFFICE_JS_TELEMETRY_ORIGINS = ['https://*.pipe.aria.microsoft.com'] as const;

/**
 * The hash of an empty `<style>` element. Griffel (Fluent UI's CSS-in-JS) and
 * FluentProvider add empty `<style>` elements and fill them with `insertRule`, which
 * CSP does not check; Chromium checks the empty element itself, so this hash allows
 * exactly those and no `<style>` with content.
 */
export const EMPTY_INLINE_HASH = `'sha256-${createHash('sha256').update('').digest('base64')}'`;

/** The pages this build serves, by file name; every other HTML file is a static page. */
export type PageFile =
  'tab.html' | 'config.html' | 'taskpane.html' | 'auth-redirect.html' | 'popup-relay.html';
export type PolicyPage = PageFile | 'index.html' | 'static';

export function policyPageOf(file: string): PolicyPage {
  const name = file.replace(/^\/+/, '');
  switch (name) {
    case 'tab.html':
    case 'config.html':
    case 'taskpane.html':
    case 'auth-redirect.html':
    case 'popup-relay.html':
    case 'index.html':
      return name;
    default:
      return 'static';
  }
}

/** `'self'` for a path on this origin (`/graph`), else the URL's origin. */
export function sourceOf(urlOrPath: string): string {
  if (urlOrPath.startsWith('/')) return "'self'";
  return new URL(urlOrPath).origin;
}

export interface InlineHashes {
  scripts: readonly string[];
  styles: readonly string[];
}

const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** Hashes of the inline `<script>` (without `src`) and `<style>` elements of an HTML page. */
export function inlineHashes(html: string): InlineHashes {
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
    .filter((match) => !/\bsrc\s*=/i.test(match[1] ?? ''))
    .map((match) => hash(match[2] ?? ''));
  const styles = [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)].map((match) =>
    hash(match[1] ?? ''),
  );
  return { scripts: [...new Set(scripts)], styles: [...new Set(styles)] };
}

/** Additions for Vite's dev server only: its HMR socket and worker, the nonce of `html.cspNonce`. */
export interface DevAdditions {
  nonce: string;
}

type Directives = Record<string, readonly string[]>;

const unique = (values: readonly string[]) => [...new Set(values)];

function pageDirectives(page: PolicyPage, config: CspConfig, inline: InlineHashes): Directives {
  const graph = sourceOf(config.graphBaseUrl);
  const office = sourceOf(config.officeJsUrl);
  const scripts = ["'self'", ...inline.scripts];
  const styles = ["'self'", EMPTY_INLINE_HASH, ...inline.styles];
  const base: Directives = {
    'default-src': ["'none'"],
    'script-src': scripts,
    'style-src': styles,
    'img-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
  };
  // The signed-in pages: Graph, Entra ID (fetch and MSAL's hidden frame, which lands
  // on auth-redirect.html on this origin). MSAL may post its authorize request as a form
  // into a frame or popup it created (`createForm`), which inherits this policy.
  const signedIn: Directives = {
    'connect-src': [graph, LOGIN_ORIGIN],
    'frame-src': ["'self'", LOGIN_ORIGIN],
    'form-action': [LOGIN_ORIGIN],
  };
  switch (page) {
    case 'tab.html':
    case 'config.html':
      return {
        ...base,
        ...signedIn,
        'connect-src': [...(signedIn['connect-src'] ?? []), TEAMS_JS_VALID_DOMAINS_ORIGIN],
        'frame-ancestors': page === 'tab.html' ? TEAMS_TAB_ANCESTORS : TEAMS_CONFIG_ANCESTORS,
      };
    case 'taskpane.html':
      return {
        ...base,
        'script-src': [
          ...scripts,
          office,
          ...(office === "'self'" ? [] : OFFICE_JS_EXTRA_SCRIPT_ORIGINS),
        ],
        'connect-src': [
          ...(signedIn['connect-src'] ?? []),
          ...(office === "'self'" ? [] : OFFICE_JS_TELEMETRY_ORIGINS),
        ],
        'style-src-attr': ["'unsafe-hashes'", hash(OFFICE_JS_STYLE_ATTRIBUTE)],
        'frame-src': [...(signedIn['frame-src'] ?? []), office, OFFICE_JS_TELEMETRY_FRAME_ORIGIN],
        'form-action': signedIn['form-action'] ?? [],
        'frame-ancestors': OUTLOOK_TASK_PANE_ANCESTORS,
      };
    case 'auth-redirect.html':
      // MSAL's popup (no ancestors) or its hidden frame inside a tab or the task pane:
      // frame-ancestors is checked against every ancestor, the host's included.
      return {
        ...base,
        'frame-ancestors': [
          "'self'",
          ...TEAMS_TAB_ANCESTORS,
          ...TEAMS_CONFIG_ANCESTORS,
          ...OUTLOOK_TASK_PANE_ANCESTORS,
        ],
      };
    case 'popup-relay.html':
      // MSAL's popup relay, a top-level window the framed app opens: it opens the sign-in
      // window and posts the authorize form into it (`createForm` in
      // @azure/msal-browser/popup-relay); the blank window inherits this policy.
      return { ...base, 'form-action': [LOGIN_ORIGIN], 'frame-ancestors': ["'none'"] };
    case 'index.html':
      // The local workbench: this origin only. A message body is shown in a sandboxed
      // `srcdoc` frame, which inherits this policy: its inline styles need
      // 'unsafe-inline' (and no hash, which would switch 'unsafe-inline' off).
      return {
        ...base,
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'frame-src': ["'self'"],
        'frame-ancestors': ["'none'"],
      };
    case 'static':
      return {
        'default-src': ["'none'"],
        'style-src': ["'self'"],
        'img-src': ["'self'"],
        'base-uri': ["'none'"],
        'form-action': ["'none'"],
        'frame-ancestors': ["'none'"],
      };
  }
}

function serialize(directives: Directives): string {
  return Object.entries(directives)
    .map(([name, values]) => [name, ...unique(values)].join(' '))
    .join('; ');
}

/** The Content-Security-Policy header value of a page. */
export function contentSecurityPolicy(
  page: PolicyPage,
  config: CspConfig,
  inline: InlineHashes = { scripts: [], styles: [] },
  dev?: DevAdditions,
): string {
  const directives = { ...pageDirectives(page, config, inline) };
  if (dev) {
    const nonce = `'nonce-${dev.nonce}'`;
    for (const name of ['script-src', 'style-src'] as const) {
      const values = directives[name] ?? ["'self'"];
      // A nonce would switch off the workbench's 'unsafe-inline' for styles.
      directives[name] = values.includes("'unsafe-inline'") ? values : [...values, nonce];
    }
    // Vite's HMR client opens a WebSocket to the dev server; 'self' covers ws: in CSP 3.
    directives['connect-src'] = [...(directives['connect-src'] ?? []), "'self'"];
    // …and starts a worker from a blob: URL for it.
    directives['worker-src'] = ['blob:'];
  }
  return serialize(directives);
}

/**
 * The browser features no page uses: denied, so nothing injected can ask for them.
 * Only features Chromium knows, so it logs no "Unrecognized feature" error.
 */
export const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'camera=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'payment=()',
  'usb=()',
].join(', ');

/**
 * Headers every response gets. No `X-Frame-Options`: it can name no list of hosts,
 * and `frame-ancestors` supersedes it where both are sent.
 */
export const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Permissions-Policy': PERMISSIONS_POLICY,
};

/** Sent by the production host only: HTTPS for a year (browsers ignore it over http). */
export const PRODUCTION_HEADERS: Readonly<Record<string, string>> = {
  'Strict-Transport-Security': 'max-age=31536000',
};

/** Every header of an HTML page's response. */
export function pageHeaders(
  page: PolicyPage,
  config: CspConfig,
  inline?: InlineHashes,
  dev?: DevAdditions,
): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(page, config, inline, dev),
    ...COMMON_HEADERS,
  };
}
