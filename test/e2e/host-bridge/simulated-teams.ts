/**
 * A simulated Microsoft Teams web client for Playwright: a parent page on
 * `https://teams.microsoft.com` (served by `page.route`, never built or packaged) that frames the
 * real built `tab.html` and answers, over `postMessage`, what the real `@microsoft/teams-js`
 * sends: the `initialize` handshake, `getContext`, and the Nested App Authentication requests
 * MSAL posts through teams-js's `window.nestedAppAuthBridge`. Tokens are real emulator tokens.
 * The protocol, the order and the sources are in docs/naa-host-bridge.md.
 */
import type { FrameLocator, Page, Route } from '@playwright/test';
import { DEMO_TENANT_ID } from '../../../emulator/emulator-config.ts';
import { people, type Who } from '../support.ts';
import { SimulatedIdentityPlatform } from './identity-platform.ts';
import {
  bridgeAccount,
  emulatorToken,
  findIdentity,
  idToken,
  parseBridgeRequest,
  type BridgeAnswer,
  type BridgeError,
  type BridgeRequest,
  type Identity,
} from './naa-protocol.ts';

/** An origin in teams-js's built-in list of valid host origins (`validDomains.json`). */
export const TEAMS_ORIGIN = 'https://teams.microsoft.com';
/**
 * Where the simulated tenant serves the app (APP_BASE_URL in /.env). Requests to it are proxied
 * to the local `vite preview`: Chromium's Local Network Access checks refuse to let a public
 * origin such as teams.microsoft.com frame `http://localhost`, and an https origin is what
 * Teams requires of a tab anyway.
 */
export const APP_ORIGIN = 'https://elements-tilgang.bodo.example';
const HOST_PATH = '/_naa-harness/host.html';
/** The demo app registration (VITE_CLIENT_ID in /.env). */
export const DEMO_CLIENT_ID = '11111111-2222-4333-8444-555555555555';

export interface SimulatedTeamsOptions {
  /** The app's origin (Playwright's `baseURL`): where `tab.html` and the emulator are served. */
  readonly baseURL: string;
  /** Who is signed in to Teams. */
  readonly user: Who;
  /** `ignore`: a frame whose parent never answers `initialize` (not Teams). @default 'answer' */
  readonly initialize?: 'answer' | 'ignore';
  /**
   * Whether the runtime config advertises `supports.nestedAppAuth`; without it teams-js installs
   * no `window.nestedAppAuthBridge` and MSAL falls back to its browser flow. @default true
   */
  readonly nestedAppAuth?: boolean;
  /** How the host answers each NAA bridge request. @default grants every request */
  readonly bridge?: (request: BridgeRequest) => BridgeAnswer;
  /** `app.theme` in the context. @default 'default' */
  readonly theme?: 'default' | 'dark' | 'contrast';
  /**
   * Simulate login.microsoftonline.com for MSAL's standard flow (the fallback without NAA).
   * Otherwise every request to it is refused and recorded. @default false
   */
  readonly identityPlatform?: boolean;
  /**
   * Where the tab is served from. `proxied`: {@link APP_ORIGIN}, routed to the local build.
   * `local`: the local build's own origin, which Chromium lets a public page frame only with
   * `--disable-features=LocalNetworkAccessChecks`; MSAL's hidden sign-in iframe needs it,
   * because Playwright does not route the sub-resources of a frame that navigated from
   * login.microsoftonline.com back to a routed origin. @default 'proxied'
   */
  readonly appOrigin?: 'proxied' | 'local';
}

/** One message teams-js sent to its host, as the host saw it (no tokens). */
export interface HostCall {
  readonly func: string;
  /** For `nestedAppAuth.execute`: the MSAL bridge method. */
  readonly method?: string;
}

interface TeamsMessage {
  readonly id: number;
  readonly uuidAsString?: string;
  readonly func: string;
  readonly args: readonly unknown[];
  readonly data?: unknown;
}

function isTeamsMessage(value: unknown): value is TeamsMessage {
  return (
    typeof value === 'object' &&
    value !== null &&
    'id' in value &&
    typeof value.id === 'number' &&
    'func' in value &&
    typeof value.func === 'string' &&
    'args' in value &&
    Array.isArray(value.args)
  );
}

/**
 * The parent page. Its only logic is a relay: every message from the app frame goes to
 * `__simulatedTeams` (Node, below), and whatever that returns is posted back to the frame.
 */
function hostPage(appUrl: string): string {
  return `<!doctype html>
<html lang="nb-NO">
  <head><meta charset="utf-8" /><title>Simulert Microsoft Teams</title></head>
  <body style="margin:0">
    <script>
      const appUrl = ${JSON.stringify(appUrl)};
      const appOrigin = new URL(appUrl).origin;
      const frame = document.createElement('iframe');
      frame.id = 'app';
      frame.title = 'Elements tilgang';
      frame.style.cssText = 'border:0;width:100vw;height:100vh';
      window.addEventListener('message', (event) => {
        if (event.source !== frame.contentWindow || event.origin !== appOrigin) return;
        window.__simulatedTeams(event.data).then((replies) => {
          for (const reply of replies) frame.contentWindow.postMessage(reply, appOrigin);
        });
      });
      frame.src = appUrl;
      document.body.append(frame);
    </script>
  </body>
</html>`;
}

/** Serves {@link APP_ORIGIN} from the local build, for the page and any popup it opens. */
export async function proxyAppOrigin(page: Page, baseURL: string): Promise<void> {
  const proxy = async (route: Route) => {
    const url = new URL(route.request().url());
    const target = new URL(url.pathname + url.search, baseURL).toString();
    try {
      await route.fulfill({ response: await route.fetch({ url: target }) });
    } catch {
      // The test ended (and its page closed) while this request was in flight.
      await route.abort().catch(() => undefined);
    }
  };
  // The page's route covers its frames; the context's covers the popup MSAL may open.
  await page.route(`${APP_ORIGIN}/**`, proxy);
  await page.context().route(`${APP_ORIGIN}/**`, proxy);
}

/** The runtime config a current Teams web client sends (teams-js `IRuntime`, apiVersion 4). */
function runtimeConfig(nestedAppAuth: boolean) {
  return {
    apiVersion: 4,
    hostVersionsInfo: { adaptiveCardSchemaVersion: { majorVersion: 1, minorVersion: 5 } },
    isLegacyTeams: false,
    isNAAChannelRecommended: nestedAppAuth,
    supports: {
      appEntity: {},
      appInstallDialog: {},
      dialog: { card: { bot: {} }, url: { bot: {} }, update: {} },
      pages: { appButton: {}, backStack: {}, config: {}, currentApp: {}, fullTrust: {}, tabs: {} },
      teamsCore: {},
      logs: {},
      ...(nestedAppAuth ? { nestedAppAuth: {} } : {}),
    },
  };
}

export class SimulatedTeams {
  /** Every message teams-js sent, in order (theme handler registration, success, NAA …). */
  readonly calls: HostCall[] = [];
  /** Every NAA bridge request MSAL made, in order. */
  readonly bridgeRequests: BridgeRequest[] = [];
  /** Requests that reached the Microsoft identity platform instead of the bridge. */
  readonly identityPlatformRequests: string[] = [];
  /** The simulated identity platform, when {@link SimulatedTeamsOptions.identityPlatform} is on. */
  identityPlatform: SimulatedIdentityPlatform | undefined;

  private constructor(
    private readonly page: Page,
    private readonly options: SimulatedTeamsOptions,
    private readonly identity: Identity,
  ) {}

  /** Opens `path` (the built `tab.html` by default) framed by the simulated Teams. */
  static async open(
    page: Page,
    options: SimulatedTeamsOptions,
    path = '/tab.html',
  ): Promise<SimulatedTeams> {
    const identity = await findIdentity(page.request, options.baseURL, people[options.user].upn);
    const host = new SimulatedTeams(page, options, identity);
    await page.exposeFunction('__simulatedTeams', (message: unknown) => host.receive(message));
    const local = options.appOrigin === 'local';
    const appUrl = new URL(path, local ? options.baseURL : APP_ORIGIN).toString();
    if (!local) await proxyAppOrigin(page, options.baseURL);
    await page.route(`${TEAMS_ORIGIN}/**`, (route) =>
      route.fulfill({ contentType: 'text/html; charset=utf-8', body: hostPage(appUrl) }),
    );
    // teams-js fetches its valid-origins list at import; offline it falls back to the built-in list.
    await page.route('https://res.cdn.office.net/**', (route) => route.abort());
    if (options.identityPlatform) {
      host.identityPlatform = await SimulatedIdentityPlatform.install(
        page.context(),
        options.baseURL,
        identity,
      );
    } else {
      await page.route('https://login.microsoftonline.com/**', (route) => {
        host.identityPlatformRequests.push(route.request().url());
        return route.abort();
      });
    }
    await page.goto(`${TEAMS_ORIGIN}${HOST_PATH}`);
    return host;
  }

  /** The origin the tab is served from. */
  get appOrigin(): string {
    return this.options.appOrigin === 'local' ? new URL(this.options.baseURL).origin : APP_ORIGIN;
  }

  /** The app's frame. */
  get app(): FrameLocator {
    return this.page.frameLocator('#app');
  }

  /** The scopes of each token request MSAL sent over the bridge, in order. */
  tokenScopes(): string[][] {
    return this.bridgeRequests.flatMap((request) =>
      request.tokenParams ? [request.tokenParams.scope.split(' ').filter(Boolean)] : [],
    );
  }

  private legacyContext() {
    const { identity } = this;
    return {
      locale: 'nb-no',
      theme: this.options.theme ?? 'default',
      frameContext: 'content',
      hostClientType: 'web',
      hostName: 'Teams',
      entityId: 'elementsTilgang',
      appSessionId: 'naa-harness-session',
      loginHint: identity.userPrincipalName,
      userPrincipalName: identity.userPrincipalName,
      userObjectId: identity.id,
      userDisplayName: identity.displayName,
      tid: DEMO_TENANT_ID,
    };
  }

  /** Answers one message from teams-js; returns the messages to post back (none for events). */
  private async receive(message: unknown): Promise<unknown[]> {
    if (!isTeamsMessage(message)) return [];
    const reply = (args: readonly unknown[]) => [
      { id: message.id, uuidAsString: message.uuidAsString, args },
    ];
    if (message.func !== 'nestedAppAuth.execute') this.calls.push({ func: message.func });
    switch (message.func) {
      case 'initialize':
        if (this.options.initialize === 'ignore') return [];
        // Teams' own order: the SDK version third and the runtime config fourth. teams-js reads
        // the fourth argument for `supports.nestedAppAuth` before it installs the bridge.
        return reply([
          'content',
          'web',
          '2.1.0',
          JSON.stringify(runtimeConfig(this.options.nestedAppAuth ?? true)),
        ]);
      case 'getContext':
        return reply([this.legacyContext()]);
      case 'nestedAppAuth.execute':
        return this.bridge(message);
      default:
        // registerHandler, appInitialization.success …: one-way messages.
        return [];
    }
  }

  private async bridge(message: TeamsMessage): Promise<unknown[]> {
    const request = parseBridgeRequest(message.data);
    this.bridgeRequests.push(request);
    this.calls.push({ func: message.func, method: request.method });
    const answer = this.options.bridge?.(request) ?? { kind: 'grant' };
    if (answer.kind === 'ignore') return [];
    const response =
      answer.kind === 'fail' ? this.failure(request, answer.error) : await this.grant(request);
    // teams-js hands `args[1]` (a JSON string) to MSAL's bridge listener.
    return [
      {
        id: message.id,
        uuidAsString: message.uuidAsString,
        args: [null, JSON.stringify(response)],
      },
    ];
  }

  private failure(request: BridgeRequest, error: BridgeError) {
    return {
      messageType: 'NestedAppAuthResponse',
      requestId: request.requestId,
      success: false,
      error,
    };
  }

  private async grant(request: BridgeRequest) {
    const account = bridgeAccount(this.identity, DEMO_TENANT_ID);
    if (request.method === 'GetInitContext') {
      return {
        messageType: 'NestedAppAuthResponse',
        requestId: request.requestId,
        success: true,
        initContext: {
          sdkName: 'simulated-teams',
          sdkVersion: '1.0.0',
          capabilities: { queryAccount: false },
          accountContext: {
            homeAccountId: account.homeAccountId,
            environment: account.environment,
            tenantId: account.tenantId,
          },
        },
      };
    }
    const scopes = (request.tokenParams?.scope ?? '').split(' ').filter(Boolean);
    const token = await emulatorToken(
      this.page.request,
      this.options.baseURL,
      this.identity.userPrincipalName,
      scopes,
    );
    if (!token.ok) {
      // What Teams does when Entra ID refuses silently: ask the app for an interactive attempt.
      return this.failure(request, {
        status: request.method === 'GetToken' ? 'USER_INTERACTION_REQUIRED' : 'PERSISTENT_ERROR',
        code: token.code,
        description: token.message,
      });
    }
    return {
      messageType: 'NestedAppAuthResponse',
      requestId: request.requestId,
      success: true,
      token: {
        access_token: token.accessToken,
        id_token: idToken(this.identity, { clientId: DEMO_CLIENT_ID, tenantId: DEMO_TENANT_ID }),
        expires_in: token.expiresIn,
        scope: scopes.join(' '),
        properties: null,
        authority: `https://login.microsoftonline.com/${DEMO_TENANT_ID}`,
      },
      account,
    };
  }
}
