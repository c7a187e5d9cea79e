/**
 * A small method + path-pattern router. Patterns are slash-separated; a segment starting with
 * `:` captures (URL-decoded) into `params`. Literal segments match case-insensitively, as
 * Graph's do (`/me/directreports` works like `/me/directReports`).
 */

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export type RouteHandler<C> = (
  context: C,
  params: Readonly<Record<string, string>>,
) => Response | Promise<Response>;

export interface Route<C> {
  readonly method: HttpMethod;
  readonly pattern: string;
  readonly handler: RouteHandler<C>;
}

export type RouteResolution<C> =
  | {
      readonly kind: 'matched';
      readonly method: HttpMethod;
      /** The route's pattern, e.g. `/users/:user/manager` (for its permission entry). */
      readonly pattern: string;
      readonly handler: RouteHandler<C>;
      readonly params: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'method-not-allowed'; readonly allow: readonly HttpMethod[] }
  /** `segment` is the first path segment no route knows, for Graph's error message. */
  | { readonly kind: 'not-found'; readonly segment: string };

export interface Router<C> {
  resolve(method: string, segments: readonly string[]): RouteResolution<C>;
}

export function route<C>(method: HttpMethod, pattern: string, handler: RouteHandler<C>): Route<C> {
  return { method, pattern, handler };
}

interface CompiledRoute<C> {
  readonly route: Route<C>;
  readonly segments: readonly string[];
}

function splitPattern(pattern: string): readonly string[] {
  return pattern.split('/').filter((segment) => segment !== '');
}

function segmentMatches(patternSegment: string, segment: string): boolean {
  return patternSegment.startsWith(':') || patternSegment.toLowerCase() === segment.toLowerCase();
}

function matchSegments(
  pattern: readonly string[],
  segments: readonly string[],
): Record<string, string> | null {
  if (pattern.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (const [index, patternSegment] of pattern.entries()) {
    const segment = segments[index];
    if (segment === undefined || !segmentMatches(patternSegment, segment)) return null;
    if (patternSegment.startsWith(':')) params[patternSegment.slice(1)] = segment;
  }
  return params;
}

export function createRouter<C>(routes: readonly Route<C>[]): Router<C> {
  const compiled: readonly CompiledRoute<C>[] = routes.map((candidate) => ({
    route: candidate,
    segments: splitPattern(candidate.pattern),
  }));

  function firstUnknownSegment(segments: readonly string[]): string {
    for (let length = 1; length <= segments.length; length += 1) {
      const prefix = segments.slice(0, length);
      const known = compiled.some(
        (candidate) =>
          candidate.segments.length >= length &&
          prefix.every((segment, index) => {
            const patternSegment = candidate.segments[index];
            return patternSegment !== undefined && segmentMatches(patternSegment, segment);
          }),
      );
      if (!known) return prefix[length - 1] ?? '';
    }
    return segments[segments.length - 1] ?? '';
  }

  return {
    resolve(method, segments) {
      const allow: HttpMethod[] = [];
      for (const candidate of compiled) {
        const params = matchSegments(candidate.segments, segments);
        if (params === null) continue;
        if (candidate.route.method === method.toUpperCase()) {
          return {
            kind: 'matched',
            method: candidate.route.method,
            pattern: candidate.route.pattern,
            handler: candidate.route.handler,
            params,
          };
        }
        allow.push(candidate.route.method);
      }
      if (allow.length > 0) return { kind: 'method-not-allowed', allow };
      return { kind: 'not-found', segment: firstUnknownSegment(segments) };
    },
  };
}
