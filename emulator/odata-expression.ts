/**
 * A general OData `$filter` parser for the SharePoint-item and mail surfaces (the directory has its
 * own, narrower one in odata-filter.ts because Entra ID supports less). Comparisons
 * `path op literal` with eq/ne/gt/ge/lt/le, `startswith(path,'x')`, `not`, `and`, `or` and
 * parentheses. Paths keep their slashes (`fields/EventId`, `from/emailAddress/address`); each
 * surface decides which paths it allows. Literals: 'text' (with '' for a quote), numbers,
 * true/false/null and bare ISO dates (`2024-05-01T10:00:00Z`).
 */

export type ODataLiteral =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'null' }
  | { readonly kind: 'datetime'; readonly value: string };

export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export type ODataExpression =
  | {
      readonly kind: 'compare';
      readonly operator: ComparisonOperator;
      readonly path: string;
      readonly literal: ODataLiteral;
    }
  | { readonly kind: 'startswith'; readonly path: string; readonly prefix: string }
  | { readonly kind: 'not'; readonly operand: ODataExpression }
  | {
      readonly kind: 'and' | 'or';
      readonly left: ODataExpression;
      readonly right: ODataExpression;
    };

/** Thrown for text that is not a filter; each surface turns it into its own 400. */
export class ODataSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ODataSyntaxError';
  }
}

type Token =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'word'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'datetime'; readonly value: string }
  | { readonly kind: 'punct'; readonly value: '(' | ')' | ',' };

const comparisonOperators: readonly ComparisonOperator[] = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'];

function isComparisonOperator(word: string): word is ComparisonOperator {
  return comparisonOperators.some((operator) => operator === word);
}

function tokenize(raw: string): readonly Token[] {
  const tokens: Token[] = [];
  let position = 0;
  const fail = (): never => {
    throw new ODataSyntaxError(`Syntax error at position ${position} in '${raw}'.`);
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
        if (position >= raw.length) fail();
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
    } else if (/[-\d]/u.test(character)) {
      const match = /^-?\d[\dA-Za-z:.+-]*/u.exec(raw.slice(position));
      if (match === null) return fail();
      const text = match[0];
      if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/u.test(text)) {
        tokens.push({ kind: 'number', value: Number(text) });
      } else if (
        /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/u.test(text) &&
        !Number.isNaN(Date.parse(text))
      ) {
        tokens.push({ kind: 'datetime', value: text });
      } else {
        return fail();
      }
      position += text.length;
    } else {
      const match = /^[A-Za-z_@][A-Za-z0-9_/.@]*/u.exec(raw.slice(position));
      if (match === null) return fail();
      tokens.push({ kind: 'word', value: match[0] });
      position += match[0].length;
    }
  }
  return tokens;
}

export function parseODataFilter(raw: string): ODataExpression {
  const tokens = tokenize(raw);
  let index = 0;
  const fail = (what = 'Invalid filter clause'): never => {
    throw new ODataSyntaxError(`${what}: '${raw}'.`);
  };
  const peek = (): Token | undefined => tokens[index];
  const next = (): Token => tokens[index++] ?? fail('Unexpected end of filter');
  const isWord = (token: Token | undefined, word: string): boolean =>
    token?.kind === 'word' && token.value.toLowerCase() === word;
  const expectPunct = (value: '(' | ')' | ','): void => {
    const token = next();
    if (token.kind !== 'punct' || token.value !== value) fail();
  };

  const literal = (): ODataLiteral => {
    const token = next();
    switch (token.kind) {
      case 'string':
        return { kind: 'string', value: token.value };
      case 'number':
        return { kind: 'number', value: token.value };
      case 'datetime':
        return { kind: 'datetime', value: token.value };
      case 'word':
        if (isWord(token, 'true')) return { kind: 'boolean', value: true };
        if (isWord(token, 'false')) return { kind: 'boolean', value: false };
        if (isWord(token, 'null')) return { kind: 'null' };
        return fail();
      case 'punct':
        return fail();
    }
  };

  const path = (): string => {
    const token = next();
    if (token.kind !== 'word') return fail();
    return token.value;
  };

  const atom = (): ODataExpression => {
    const token = peek();
    if (token?.kind === 'punct' && token.value === '(') {
      index += 1;
      const inner = or();
      expectPunct(')');
      return inner;
    }
    if (isWord(token, 'not')) {
      index += 1;
      return { kind: 'not', operand: atom() };
    }
    if (isWord(token, 'startswith') && tokens[index + 1]?.kind === 'punct') {
      index += 1;
      expectPunct('(');
      const name = path();
      expectPunct(',');
      const prefix = literal();
      expectPunct(')');
      if (prefix.kind !== 'string') return fail();
      return { kind: 'startswith', path: name, prefix: prefix.value };
    }
    const name = path();
    const operator = next();
    if (operator.kind !== 'word') return fail();
    const word = operator.value.toLowerCase();
    if (!isComparisonOperator(word)) {
      return fail(`Unsupported operator '${operator.value}'`);
    }
    return { kind: 'compare', operator: word, path: name, literal: literal() };
  };

  const and = (): ODataExpression => {
    let left = atom();
    while (isWord(peek(), 'and')) {
      index += 1;
      left = { kind: 'and', left, right: atom() };
    }
    return left;
  };

  function or(): ODataExpression {
    let left = and();
    while (isWord(peek(), 'or')) {
      index += 1;
      left = { kind: 'or', left, right: and() };
    }
    return left;
  }

  const expression = or();
  if (index < tokens.length) fail();
  return expression;
}

/** Parses, turning a syntax error into the surface's own error. */
export function parseODataFilterOr(
  raw: string,
  toError: (message: string) => Error,
): ODataExpression {
  try {
    return parseODataFilter(raw);
  } catch (error) {
    if (error instanceof ODataSyntaxError) throw toError(error.message);
    throw error;
  }
}

/** Every path the expression refers to, so a surface can check them before evaluating. */
export function expressionPaths(expression: ODataExpression): readonly string[] {
  switch (expression.kind) {
    case 'compare':
    case 'startswith':
      return [expression.path];
    case 'not':
      return expressionPaths(expression.operand);
    case 'and':
    case 'or':
      return [...expressionPaths(expression.left), ...expressionPaths(expression.right)];
  }
}

export interface ExpressionEvaluator {
  /** -1/0/1 for a comparable pair, null when the value is missing (only eq/ne null match). */
  compare(path: string, literal: ODataLiteral): number | null;
  startsWith(path: string, prefix: string): boolean;
}

function applyOperator(operator: ComparisonOperator, order: number): boolean {
  switch (operator) {
    case 'eq':
      return order === 0;
    case 'ne':
      return order !== 0;
    case 'gt':
      return order > 0;
    case 'ge':
      return order >= 0;
    case 'lt':
      return order < 0;
    case 'le':
      return order <= 0;
  }
}

export function evaluateExpression(
  expression: ODataExpression,
  evaluator: ExpressionEvaluator,
): boolean {
  switch (expression.kind) {
    case 'compare': {
      const order = evaluator.compare(expression.path, expression.literal);
      if (order === null) {
        // A missing value equals null and nothing else, as in SharePoint and Exchange.
        const isNull = expression.literal.kind === 'null';
        if (expression.operator === 'eq') return isNull;
        if (expression.operator === 'ne') return !isNull;
        return false;
      }
      return applyOperator(expression.operator, order);
    }
    case 'startswith':
      return evaluator.startsWith(expression.path, expression.prefix);
    case 'not':
      return !evaluateExpression(expression.operand, evaluator);
    case 'and':
      return (
        evaluateExpression(expression.left, evaluator) &&
        evaluateExpression(expression.right, evaluator)
      );
    case 'or':
      return (
        evaluateExpression(expression.left, evaluator) ||
        evaluateExpression(expression.right, evaluator)
      );
  }
}

/** Orders two values of one kind: strings case-insensitively (nb collation), numbers, dates. */
export function compareOrdered(
  left: string | number | boolean,
  right: string | number | boolean,
): number {
  if (typeof left === 'number' && typeof right === 'number') return Math.sign(left - right);
  if (typeof left === 'boolean' && typeof right === 'boolean') {
    return left === right ? 0 : left ? 1 : -1;
  }
  return Math.sign(
    String(left).localeCompare(String(right), 'nb', { sensitivity: 'base', numeric: false }),
  );
}
