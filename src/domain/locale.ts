/** The interface languages: Norwegian bokmål first, English second. */
export type Locale = 'nb' | 'en';

export const locales: readonly Locale[] = ['nb', 'en'];

/**
 * Maps a host's BCP-47 tag to an interface language. Norwegian (bokmål,
 * nynorsk or plain `no`) and anything unknown get bokmål; English gets English.
 */
export function resolveLocale(tag: string | null | undefined): Locale {
  const primary = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return primary === 'en' ? 'en' : 'nb';
}
