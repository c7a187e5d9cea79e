import type { HostMailItem, HostSession, HostTheme } from '../../m365/host.ts';
import { createMsalTokenSource } from '../msal-token-source.ts';
import { NotInHostError, hostHandshakeTimeoutMs, withTimeout } from '../not-in-host-error.ts';
import { officeMailItem, watchOfficeMailItem } from './office-mail-item.ts';

export interface OutlookConnection {
  session: HostSession;
  /** The message open when the pane connected; null when none is (or it is not a message). */
  mailItem: HostMailItem | null;
  /**
   * Subscribes to the pinned pane's `ItemChanged`: the user selected another
   * item, passed as its {@link HostMailItem} or null. Returns an unsubscribe function.
   */
  onMailItemChanged(listener: (item: HostMailItem | null) => void): () => void;
}

/** Relative luminance of a `#rrggbb` colour, 0 (black) to 1 (white). */
function luminance(hex: string): number | null {
  const match = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  if (!match) return null;
  const [r, g, b] = [match[1], match[2], match[3]].map((part) => {
    const channel = parseInt(part ?? '0', 16) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}

/** Office reports colours, not a theme name: a dark body background means a dark theme. */
export function officeThemeFromBackground(bodyBackgroundColor: string | undefined): HostTheme {
  const value = bodyBackgroundColor ? luminance(bodyBackgroundColor) : null;
  return value !== null && value < 0.2 ? 'dark' : 'light';
}

/**
 * Connects to Outlook. office.js is loaded by the page as a classic script
 * (never bundled); MSAL is created only after `Office.onReady` resolves in a
 * real Outlook host. Elsewhere it rejects with {@link NotInHostError}.
 */
export async function connectOutlook(settings: {
  clientId: string;
  tenantId: string;
  timeoutMs?: number;
}): Promise<OutlookConnection> {
  if (!('Office' in globalThis) || typeof Office.onReady !== 'function') {
    throw new NotInHostError('outlook', 'sdk-missing');
  }
  const info = await withTimeout(
    Office.onReady(),
    settings.timeoutMs ?? hostHandshakeTimeoutMs,
    () => new NotInHostError('outlook', 'timeout'),
  );
  if (info.host !== Office.HostType.Outlook) throw new NotInHostError('outlook', 'no-host');

  const mailbox = Office.context.mailbox;
  const loginHint = mailbox.userProfile.emailAddress;
  return {
    session: {
      kind: 'outlook',
      locale: Office.context.displayLanguage,
      theme: officeThemeFromBackground(Office.context.officeTheme?.bodyBackgroundColor),
      // Outlook has no theme-changed event for mail add-ins; the pane reloads with the host.
      onThemeChange: () => () => undefined,
      tokenSource: createMsalTokenSource({
        clientId: settings.clientId,
        tenantId: settings.tenantId,
        loginHint,
      }),
    },
    mailItem: officeMailItem(mailbox.item),
    onMailItemChanged: watchOfficeMailItem(mailbox),
  };
}
