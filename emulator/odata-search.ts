/**
 * `$search` on directory objects, as Microsoft documents it ("Use the $search query parameter",
 * directory objects): `"property:text"` clauses in double quotes, combined with upper-case
 * AND / OR and parentheses. displayName and description match by tokens (prefix, any order,
 * case-insensitive); other string properties match with startsWith.
 */
import { type EntityType, readProperty, resolveProperty } from './graph-entities.ts';
import { badRequest, unsupportedQuery } from './graph-response.ts';

export type SearchExpression =
  | { readonly kind: 'clause'; readonly property: string; readonly text: string }
  | {
      readonly kind: 'and' | 'or';
      readonly left: SearchExpression;
      readonly right: SearchExpression;
    };

function splitCasing(word: string): readonly string[] {
  // Only a lower-to-upper change splits ("HelloWorld"), not "HELLOworld": Graph's rule.
  return word.split(/(?<=\p{Ll})(?=\p{Lu})/u);
}

/**
 * Tokens of a value or a search text: words split at spaces, casing changes, digits and
 * symbols; each symbol run is a token, and words joined only by symbols also form one token
 * (`hello.world` -> `hello`, `.`, `world`, `helloworld`).
 */
export function searchTokens(value: string): readonly string[] {
  const tokens = new Set<string>();
  for (const chunk of value.split(/\s+/u)) {
    const words: string[] = [];
    let hasSymbol = false;
    for (const run of chunk.match(/\p{L}+|\p{N}+|[^\p{L}\p{N}]+/gu) ?? []) {
      if (/^[\p{L}\p{N}]/u.test(run)) {
        for (const word of splitCasing(run)) {
          words.push(word.toLowerCase());
          tokens.add(word.toLowerCase());
        }
      } else {
        hasSymbol = true;
        tokens.add(run);
      }
    }
    if (hasSymbol && words.length > 1) tokens.add(words.join(''));
  }
  return [...tokens];
}

export function parseSearch<T>(raw: string, type: EntityType<T>): SearchExpression {
  let position = 0;

  const syntaxError = (): never => {
    const character = raw.charAt(position);
    throw badRequest(
      character === ''
        ? `Syntax error: unexpected end of $search '${raw}'.`
        : `Syntax error: character '${character}' is not valid at position ${position} in '${raw}'.`,
    );
  };

  const skipWhitespace = (): void => {
    while (position < raw.length && /\s/u.test(raw.charAt(position))) position += 1;
  };

  const takeKeyword = (keyword: 'AND' | 'OR'): boolean => {
    skipWhitespace();
    if (!raw.startsWith(keyword, position)) return false;
    const after = raw.charAt(position + keyword.length);
    if (after !== '' && !/[\s"(]/u.test(after)) return false;
    position += keyword.length;
    return true;
  };

  const parseClause = (): SearchExpression => {
    position += 1;
    let content = '';
    for (;;) {
      const character = raw.charAt(position);
      if (character === '') return syntaxError();
      position += 1;
      if (character === '"') break;
      if (character === '\\') {
        const escaped = raw.charAt(position);
        if (escaped !== '"' && escaped !== '\\') return syntaxError();
        content += escaped;
        position += 1;
      } else {
        content += character;
      }
    }
    const colon = content.indexOf(':');
    if (colon <= 0) {
      throw unsupportedQuery(
        `Invalid $search clause '${content}': use "<property>:<text to search>".`,
      );
    }
    const name = content.slice(0, colon);
    const property = resolveProperty(type, name);
    if (property === undefined) {
      throw badRequest(`Could not find a property named '${name}' on type '${type.typeName}'.`);
    }
    return { kind: 'clause', property, text: content.slice(colon + 1) };
  };

  const parseTerm = (): SearchExpression => {
    skipWhitespace();
    const character = raw.charAt(position);
    if (character === '"') return parseClause();
    if (character === '(') {
      position += 1;
      const inner = parseOr();
      skipWhitespace();
      if (raw.charAt(position) !== ')') return syntaxError();
      position += 1;
      return inner;
    }
    return syntaxError();
  };

  const parseAnd = (): SearchExpression => {
    let left = parseTerm();
    while (takeKeyword('AND')) left = { kind: 'and', left, right: parseTerm() };
    return left;
  };

  function parseOr(): SearchExpression {
    let left = parseAnd();
    while (takeKeyword('OR')) left = { kind: 'or', left, right: parseAnd() };
    return left;
  }

  const expression = parseOr();
  skipWhitespace();
  if (position < raw.length) syntaxError();
  return expression;
}

function clauseMatches<T>(type: EntityType<T>, item: T, property: string, text: string): boolean {
  const value = readProperty(type, item, property);
  if (typeof value !== 'string') return false;
  if (type.tokenizedSearchProperties.includes(property)) {
    const valueTokens = searchTokens(value);
    return searchTokens(text).every((wanted) =>
      valueTokens.some((token) => token.startsWith(wanted)),
    );
  }
  return value.toLowerCase().startsWith(text.toLowerCase());
}

export function matchesSearch<T>(
  type: EntityType<T>,
  item: T,
  expression: SearchExpression,
): boolean {
  switch (expression.kind) {
    case 'clause':
      return clauseMatches(type, item, expression.property, expression.text);
    case 'and':
      return (
        matchesSearch(type, item, expression.left) && matchesSearch(type, item, expression.right)
      );
    case 'or':
      return (
        matchesSearch(type, item, expression.left) || matchesSearch(type, item, expression.right)
      );
  }
}
