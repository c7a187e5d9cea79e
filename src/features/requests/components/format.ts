import { isIsoDate } from '../../../domain/dates.ts';
import type { Locale } from '../../../domain/locale.ts';

const languageTags: Record<Locale, string> = { nb: 'nb-NO', en: 'en-GB' };

/** A calendar day (`YYYY-MM-DD`) as people write it, e.g. "3. mars 2025"; anything else as given. */
export function formatDay(locale: Locale, day: string): string {
  if (!isIsoDate(day)) return day;
  return new Intl.DateTimeFormat(languageTags[locale], {
    dateStyle: 'long',
    timeZone: 'UTC',
  }).format(new Date(`${day}T00:00:00Z`));
}

/** An instant as a day in Bodø, e.g. "3. mars 2025". */
export function formatInstantDay(locale: Locale, instant: string): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant;
  return new Intl.DateTimeFormat(languageTags[locale], {
    dateStyle: 'medium',
    timeZone: 'Europe/Oslo',
  }).format(date);
}

/** An instant with the time of day in Bodø, for timelines. */
export function formatInstant(locale: Locale, instant: string): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant;
  return new Intl.DateTimeFormat(languageTags[locale], {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/Oslo',
  }).format(date);
}
