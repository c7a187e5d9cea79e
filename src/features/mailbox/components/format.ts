import type { Locale } from '../../../domain/locale.ts';
import type { MailAddress } from '../../../m365/mailbox.ts';
import type { HostTheme } from '../../../m365/host.ts';

const languageTags: Record<Locale, string> = { nb: 'nb-NO', en: 'en-GB' };

/** When a message came, in Oslo time, short enough for a list: "02.03.2026, 09:15". */
export function formatReceived(locale: Locale, instant: string): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant;
  return new Intl.DateTimeFormat(languageTags[locale], {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: 'Europe/Oslo',
  }).format(date);
}

/** A sender or recipient as Outlook shows one: the name, else the address; null when neither. */
export function addressLabel(address: MailAddress | null): string | null {
  const name = address?.name?.trim();
  if (name) return name;
  const mail = address?.address?.trim();
  return mail ? mail : null;
}

/** A recipient with the address beside the name, for the reading pane's To and Cc lines. */
export function addressWithMail(address: MailAddress): string {
  const name = address.name?.trim();
  const mail = address.address?.trim();
  if (name && mail && name.toLowerCase() !== mail.toLowerCase()) return `${name} <${mail}>`;
  return name || mail || '';
}

/** The colour scheme of a message body's frame, which cannot read the Fluent tokens. */
export function bodyColorScheme(theme: HostTheme): 'light' | 'dark' {
  return theme === 'light' ? 'light' : 'dark';
}
