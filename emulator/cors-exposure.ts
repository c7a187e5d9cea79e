/**
 * What browser code sees of a cross-origin response: the CORS-safelisted response headers and
 * the ones the server lists in `Access-Control-Expose-Headers`, nothing else (Fetch standard,
 * "CORS-safelisted response-header name"). A page in Teams or Outlook calls graph.microsoft.com
 * cross-origin; the workbench calls the emulator same-origin and msw answers in-process, so both
 * would show every header. Mounts that stand for page code filter through {@link asSeenByPage}.
 *
 * Graph's list, as its documentation shows it in response examples: `ETag, Location,
 * Preference-Applied, Content-Range, request-id, client-request-id`. `Retry-After` is not in it
 * (microsoftgraph/microsoft-graph-docs-contrib#2011, 2022): a page cannot read how long to wait.
 * Some later captures list more (`Retry-After` among them); the emulator keeps the stricter list.
 */

export const GRAPH_EXPOSED_HEADERS: readonly string[] = [
  'ETag',
  'Location',
  'Preference-Applied',
  'Content-Range',
  'request-id',
  'client-request-id',
];

/** Always visible to page code (Fetch standard). */
const SAFELISTED_HEADERS: readonly string[] = [
  'cache-control',
  'content-language',
  'content-length',
  'content-type',
  'expires',
  'last-modified',
  'pragma',
];

/** Whose view of the headers a mount gives: a browser page's (CORS) or a Node caller's (all). */
export type HeaderView = 'page' | 'all';

/** Whether a path is Graph's (the CORS rule applies), not SharePoint REST or a control route. */
export function isGraphPath(pathname: string): boolean {
  return /^\/(graph\/)?v1\.0(\/|$)/i.test(pathname) || /^\/graph\//i.test(pathname);
}

/** The response as page code would see it: unexposed headers removed; the body untouched. */
export function asSeenByPage(
  response: Response,
  exposed: readonly string[] = GRAPH_EXPOSED_HEADERS,
): Response {
  if (response.type === 'error') return response;
  const visible = new Set([...SAFELISTED_HEADERS, ...exposed.map((name) => name.toLowerCase())]);
  const headers = new Headers();
  response.headers.forEach((value, name) => {
    if (visible.has(name.toLowerCase())) headers.append(name, value);
  });
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
