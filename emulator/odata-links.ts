/**
 * The request's own URL with one query option replaced (a `@odata.nextLink`), keeping the other
 * options exactly as the client wrote them. `name` is matched with or without its `$`.
 */
export function withQueryOption(url: URL, name: string, value: string): string {
  const bare = name.replace(/^\$/, '').toLowerCase();
  const kept = url.search
    .slice(1)
    .split('&')
    .filter((part) => {
      if (part === '') return false;
      const rawName = part.split('=')[0] ?? '';
      try {
        const decoded = decodeURIComponent(rawName.replace(/\+/g, ' ')).toLowerCase();
        return decoded.replace(/^\$/, '') !== bare;
      } catch {
        return true;
      }
    });
  kept.push(`${name}=${encodeURIComponent(value)}`);
  return `${url.origin}${url.pathname}?${kept.join('&')}`;
}
