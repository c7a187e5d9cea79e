/**
 * The basic `$filter` subset directory objects support without advanced queries:
 * `prop eq 'x'`, `prop eq true|false|null`, `prop in ('a','b')`, `startswith(prop,'x')`,
 * combined with `and` / `or` and parentheses. String comparison is case-insensitive, as in
 * Entra ID. Anything else answers 400 like Graph does for an unsupported clause.
 */
import { type EntityType, readProperty, resolveProperty } from './graph-entities.ts';
import { badRequest, type JsonValue, unsupportedQuery } from './graph-response.ts';

type Literal = string | boolean | null;

export type FilterExpression =
  | { readonly kind: 'eq'; readonly property: string; readonly value: Literal }
  | { readonly kind: 'in'; readonly property: string; readonly values: readonly Literal[] }
  | { readonly kind: 'startswith'; readonly property: string; readonly prefix: string }
  | {
      readonly kind: 'and' | 'or';
      readonly left: FilterExpression;
      readonly right: FilterExpression;
    };

type Token =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'word'; readonly value: string }
  | { readonly kind: 'punct'; readonly value: '(' | ')' | ',' };

function tokenizeFilter(raw: string): readonly Token[] {
  const tokens: Token[] = [];
  let position = 0;
  const invalid = (): never => {
    throw badRequest(`Invalid filter clause: syntax error at position ${position} in '${raw}'.`);
  };
  while (position < raw.length) {
    const character = raw.charAt(position);
    if (/\s/u.test(character)) {
      position += 1;
    } else if (character === '(' || character === ')' || character === ',') {
      tokens.push({ kind: 'punct', value: character });
      position += 1;
    } else if (character === "'") {
      let value = '';
      position += 1;
      for (;;) {
        if (position >= raw.length) invalid();
        const next = raw.charAt(position);
        if (next === "'") {
          if (raw.charAt(position + 1) === "'") {
            value += "'";
            position += 2;
            continue;
          }
          position += 1;
          break;
        }
        value += next;
        position += 1;
      }
      tokens.push({ kind: 'string', value });
    } else {
      const word = /^[A-Za-z_][A-Za-z0-9_/.]*/.exec(raw.slice(position));
      if (word === null) return invalid();
      tokens.push({ kind: 'word', value: word[0] });
      position += word[0].length;
    }
  }
  return tokens;
}

export function parseFilter<T>(raw: string, type: EntityType<T>): FilterExpression {
  const tokens = tokenizeFilter(raw);
  let index = 0;

  const unsupported = (property: string): never => {
    throw unsupportedQuery(
      `Unsupported or invalid query filter clause specified for property '${property}' of resource '${type.resourceName}'.`,
    );
  };
  const invalid = (): never => {
    throw badRequest(`Invalid filter clause: '${raw}'.`);
  };
  const peek = (): Token | undefined => tokens[index];
  const next = (): Token => tokens[index++] ?? invalid();
  const expectPunct = (value: '(' | ')' | ','): void => {
    const token = next();
    if (token.kind !== 'punct' || token.value !== value) invalid();
  };
  const isWord = (token: Token | undefined, word: string): boolean =>
    token?.kind === 'word' && token.value.toLowerCase() === word;

  const property = (): string => {
    const token = next();
    if (token.kind !== 'word') return invalid();
    return resolveProperty(type, token.value) ?? unsupported(token.value);
  };

  const literal = (): Literal => {
    const token = next();
    if (token.kind === 'string') return token.value;
    if (isWord(token, 'true')) return true;
    if (isWord(token, 'false')) return false;
    if (isWord(token, 'null')) return null;
    return invalid();
  };

  const parseAtom = (): FilterExpression => {
    const token = peek();
    if (token?.kind === 'punct' && token.value === '(') {
      index += 1;
      const inner = parseOr();
      expectPunct(')');
      return inner;
    }
    if (isWord(token, 'startswith')) {
      index += 1;
      expectPunct('(');
      const name = property();
      expectPunct(',');
      const prefix = literal();
      expectPunct(')');
      if (typeof prefix !== 'string') return invalid();
      return { kind: 'startswith', property: name, prefix };
    }
    const name = property();
    const operator = next();
    if (isWord(operator, 'eq')) return { kind: 'eq', property: name, value: literal() };
    if (isWord(operator, 'in')) {
      expectPunct('(');
      const values: Literal[] = [literal()];
      while (peek()?.kind === 'punct' && peek()?.value === ',') {
        index += 1;
        values.push(literal());
      }
      expectPunct(')');
      return { kind: 'in', property: name, values };
    }
    return unsupported(name);
  };

  const parseAnd = (): FilterExpression => {
    let left = parseAtom();
    while (isWord(peek(), 'and')) {
      index += 1;
      left = { kind: 'and', left, right: parseAtom() };
    }
    return left;
  };

  function parseOr(): FilterExpression {
    let left = parseAnd();
    while (isWord(peek(), 'or')) {
      index += 1;
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  }

  const expression = parseOr();
  if (index < tokens.length) invalid();
  return expression;
}

function equalsLiteral(value: JsonValue, literal: Literal): boolean {
  if (typeof value === 'string' && typeof literal === 'string') {
    return value.toLowerCase() === literal.toLowerCase();
  }
  return value === literal;
}

export function matchesFilter<T>(
  type: EntityType<T>,
  item: T,
  expression: FilterExpression,
): boolean {
  switch (expression.kind) {
    case 'eq':
      return equalsLiteral(readProperty(type, item, expression.property), expression.value);
    case 'in': {
      const value = readProperty(type, item, expression.property);
      return expression.values.some((literal) => equalsLiteral(value, literal));
    }
    case 'startswith': {
      const value = readProperty(type, item, expression.property);
      return (
        typeof value === 'string' && value.toLowerCase().startsWith(expression.prefix.toLowerCase())
      );
    }
    case 'and':
      return (
        matchesFilter(type, item, expression.left) && matchesFilter(type, item, expression.right)
      );
    case 'or':
      return (
        matchesFilter(type, item, expression.left) || matchesFilter(type, item, expression.right)
      );
  }
}
