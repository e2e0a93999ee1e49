// A parser for the expr-lang conditions Argo users write, following expr v1.17's own parser
// (precedence climbing with its operator table, chained comparisons `1 < x < 5`, `not in`,
// ternaries, closures with `#`). Identifiers other than `result` and the known functions are
// refused here, as expr's checker refuses them at compile time ("unknown name x").
import { BINARY_OPERATORS, COMPARISONS, KNOWN_FUNCTIONS, PREDICATE_BUILTINS, UNARY_PRECEDENCE } from './expr-ast.js';
import type { ExprNode } from './expr-ast.js';
import { ExprSyntaxError, tokenize } from './expr-lexer.js';
import type { Token } from './expr-lexer.js';

// expr builtins the engine does not translate: named in the error so the user knows why.
const UNSUPPORTED_BUILTINS = new Set([
  'find', 'findIndex', 'findLast', 'findLastIndex', 'groupBy', 'sortBy', 'reduce', 'type', 'trimPrefix', 'trimSuffix',
  'split', 'splitAfter', 'replace', 'repeat', 'join', 'indexOf', 'lastIndexOf', 'hasPrefix', 'hasSuffix', 'toJSON',
  'fromJSON', 'now', 'duration', 'date', 'timezone', 'get', 'take', 'keys', 'values', 'toPairs', 'fromPairs',
  'reverse', 'uniq', 'concat', 'flatten', 'sort', 'bitnot',
]);

const NEGATABLE = new Set(['in', 'matches', 'contains', 'startsWith', 'endsWith']);

const describe = (token: Token): string => (token.kind === 'eof' ? 'end of expression' : `token ${JSON.stringify(token.value)}`);

/** Parses an expr-lang condition; throws ExprSyntaxError with the offset of the problem. */
export function parseExpr(source: string): ExprNode {
  return new ExprParser(tokenize(source)).parseAll();
}

class ExprParser {
  readonly #tokens: Token[];
  #index = 0;
  /** How many closures enclose the current position. */
  #depth = 0;

  constructor(tokens: Token[]) {
    this.#tokens = tokens;
  }

  parseAll(): ExprNode {
    const node = this.#expression(0);
    if (this.#current.kind !== 'eof') this.#fail(`unexpected ${describe(this.#current)}`);
    return node;
  }

  get #current(): Token {
    return this.#tokens[this.#index];
  }

  #is(kind: Token['kind'], value?: string): boolean {
    return this.#current.kind === kind && (value === undefined || this.#current.value === value);
  }

  #next(): Token {
    const token = this.#current;
    if (token.kind !== 'eof') this.#index += 1;
    return token;
  }

  #expect(kind: Token['kind'], value: string): void {
    if (!this.#is(kind, value)) this.#fail(`unexpected ${describe(this.#current)}, expected ${JSON.stringify(value)}`);
    this.#next();
  }

  #fail(message: string, token: Token = this.#current): never {
    throw new ExprSyntaxError(message, token.pos);
  }

  #expression(precedence: number): ExprNode {
    if (precedence === 0 && (this.#is('op', 'let') || this.#is('op', 'if'))) this.#fail(`"${this.#current.value}" is not supported in conditions`);
    let left = this.#primary();
    let previous = '';
    for (;;) {
      const step = this.#binaryStep(left, precedence, previous);
      if (step === undefined) break;
      [left, previous] = step;
    }
    return precedence === 0 ? this.#conditional(left) : left;
  }

  // One binary operator at or above `precedence`, or undefined when the expression ends here.
  #binaryStep(left: ExprNode, precedence: number, previous: string): [ExprNode, string] | undefined {
    const peeked = this.#peekBinary(precedence);
    if (peeked === undefined) return undefined;
    if (peeked.negate) this.#next();
    const opToken = this.#next();
    const op = opToken.value;
    if (op === '|' || op === '..') this.#fail(`the "${op}" operator is not supported in conditions`, opToken);
    if (previous === '??' && op !== '??') this.#fail(`Operator (${op}) and coalesce expressions (??) cannot be mixed. Wrap either by parentheses.`, opToken);
    const { precedence: own, right } = peeked.info;
    const node: ExprNode = COMPARISONS.has(op) ? this.#comparison(left, op, own) : { kind: 'binary', op, left, right: this.#expression(right ? own : own + 1) };
    return [peeked.negate ? { kind: 'unary', op: 'not', operand: node } : node, op];
  }

  // `not` in operator position must start `not in`, `not contains`…; expr rejects anything else.
  #peekBinary(precedence: number): { negate: boolean; info: { precedence: number; right?: boolean } } | undefined {
    const negate = this.#is('op', 'not');
    const opToken = negate ? this.#tokens[this.#index + 1] : this.#current;
    if (negate && !NEGATABLE.has(opToken.value)) this.#fail(`unexpected ${describe(opToken)}`, opToken);
    const info = opToken.kind === 'op' ? BINARY_OPERATORS.get(opToken.value) : undefined;
    return info === undefined || info.precedence < precedence ? undefined : { negate, info };
  }

  // expr chains comparisons: `1 < x <= 5` is `1 < x && x <= 5`.
  #comparison(first: ExprNode, firstOp: string, precedence: number): ExprNode {
    let left = first;
    let op = firstOp;
    let root: ExprNode | undefined;
    for (;;) {
      const right = this.#expression(precedence + 1);
      const node: ExprNode = { kind: 'binary', op, left, right };
      root = root === undefined ? node : { kind: 'binary', op: '&&', left: root, right: node };
      if (!(this.#current.kind === 'op' && COMPARISONS.has(this.#current.value))) return root;
      op = this.#next().value;
      left = right;
    }
  }

  #conditional(first: ExprNode): ExprNode {
    let node = first;
    while (this.#is('op', '?')) {
      this.#next();
      if (this.#is('op', ':')) {
        // `a ?: b` is `a ? a : b`.
        this.#next();
        node = { kind: 'ternary', cond: node, then: node, otherwise: this.#expression(0) };
        continue;
      }
      const then = this.#expression(0);
      this.#expect('op', ':');
      node = { kind: 'ternary', cond: node, then, otherwise: this.#expression(0) };
    }
    return node;
  }

  #primary(): ExprNode {
    const token = this.#current;
    const unary = token.kind === 'op' ? UNARY_PRECEDENCE.get(token.value) : undefined;
    if (unary !== undefined) {
      this.#next();
      const op = token.value === '!' ? 'not' : (token.value as 'not' | '-' | '+');
      return this.#postfix({ kind: 'unary', op, operand: this.#expression(unary) });
    }
    if (this.#is('bracket', '(')) {
      this.#next();
      const inner = this.#expression(0);
      this.#expect('bracket', ')');
      return this.#postfix(inner);
    }
    if (this.#depth > 0 && (this.#is('op', '#') || this.#is('op', '.'))) return this.#pointer();
    return this.#secondary();
  }

  // `#` is the closure's element; a leading `.name` is `#.name`.
  #pointer(): ExprNode {
    if (this.#is('op', '#')) {
      this.#next();
      if (this.#is('ident')) this.#fail(`#${this.#current.value} is not supported in conditions`);
    }
    return this.#postfix({ kind: 'pointer', depth: this.#depth - 1 });
  }

  #secondary(): ExprNode {
    const token = this.#next();
    switch (token.kind) {
      case 'ident':
        return this.#identifier(token);
      case 'number':
        return { kind: 'literal', value: numberValue(token) };
      case 'string':
        return this.#postfix({ kind: 'literal', value: token.value });
      case 'bracket':
        if (token.value === '[') return this.#postfix({ kind: 'array', items: this.#list(']') });
        if (token.value === '{') return this.#postfix(this.#map());
        break;
      default:
        break;
    }
    return this.#fail(`unexpected ${describe(token)}`, token);
  }

  #identifier(token: Token): ExprNode {
    if (token.value === 'true' || token.value === 'false') return { kind: 'literal', value: token.value === 'true' };
    if (token.value === 'nil') return { kind: 'literal', value: null };
    if (this.#is('bracket', '(')) return this.#postfix(this.#call(token));
    if (token.value !== 'result') this.#fail(`unknown name ${token.value}`, token);
    return this.#postfix({ kind: 'result' });
  }

  #call(name: Token): ExprNode {
    if (UNSUPPORTED_BUILTINS.has(name.value)) this.#fail(`${name.value}() is not supported in conditions`, name);
    if (!KNOWN_FUNCTIONS.has(name.value)) this.#fail(`unknown name ${name.value}`, name);
    const predicate = PREDICATE_BUILTINS.get(name.value);
    if (predicate === undefined) {
      this.#next();
      return { kind: 'call', name: name.value, args: this.#list(')') };
    }
    return { kind: 'call', name: name.value, args: this.#predicateArgs(predicate.predicateOptional) };
  }

  // `all(list, {# > 1})`: a collection, then a closure (braces optional, as expr allows).
  #predicateArgs(optional: boolean): ExprNode[] {
    this.#expect('bracket', '(');
    if (this.#is('bracket', ')')) this.#fail('expected at least 2 arguments');
    const args = [this.#expression(0)];
    if (!(optional && this.#is('bracket', ')'))) {
      this.#expect('op', ',');
      args.push(this.#closure());
    }
    if (this.#is('op', ',')) this.#next();
    this.#expect('bracket', ')');
    return args;
  }

  #closure(): ExprNode {
    const braces = this.#is('bracket', '{');
    if (braces) this.#next();
    this.#depth += 1;
    const body = this.#expression(0);
    const depth = this.#depth - 1;
    this.#depth -= 1;
    if (braces) this.#expect('bracket', '}');
    return { kind: 'predicate', depth, body };
  }

  // Comma-separated expressions up to `close` (already past the opening bracket); a trailing comma is fine.
  #list(close: string): ExprNode[] {
    const items: ExprNode[] = [];
    while (!this.#is('bracket', close)) {
      if (items.length > 0) this.#expect('op', ',');
      if (this.#is('bracket', close)) break;
      items.push(this.#expression(0));
    }
    this.#next();
    return items;
  }

  #map(): ExprNode {
    const entries: Array<[ExprNode, ExprNode]> = [];
    while (!this.#is('bracket', '}')) {
      if (entries.length > 0) this.#expect('op', ',');
      if (this.#is('bracket', '}')) break;
      entries.push([this.#mapKey(), this.#mapValue()]);
    }
    this.#next();
    return { kind: 'map', entries };
  }

  // A key is a name, a string, a number (all taken as text) or a parenthesised expression.
  #mapKey(): ExprNode {
    if (this.#is('ident') || this.#is('string') || this.#is('number')) return { kind: 'literal', value: this.#next().value };
    if (this.#is('bracket', '(')) return this.#expression(0);
    return this.#fail(`a map key must be a quoted string, a number, a identifier, or an expression enclosed in parentheses (unexpected ${describe(this.#current)})`);
  }

  #mapValue(): ExprNode {
    this.#expect('op', ':');
    return this.#expression(0);
  }

  #postfix(start: ExprNode): ExprNode {
    let node = start;
    for (;;) {
      if (this.#is('op', '.') || this.#is('op', '?.')) node = this.#property(node);
      else if (this.#is('bracket', '[')) node = this.#subscript(node);
      else return node;
    }
  }

  #property(object: ExprNode): ExprNode {
    const optional = this.#next().value === '?.';
    if (optional && this.#is('bracket', '[')) return this.#subscript(object, true);
    const name = this.#next();
    if (name.kind !== 'ident' && !(name.kind === 'op' && /^[A-Za-z_$][\w$]*$/.test(name.value))) this.#fail('expected name', name);
    if (this.#is('bracket', '(')) this.#fail(`method calls such as .${name.value}() are not supported in conditions`, name);
    return { kind: 'member', object, key: { kind: 'literal', value: name.value }, optional };
  }

  #subscript(object: ExprNode, optional = false): ExprNode {
    this.#expect('bracket', '[');
    const from = this.#is('op', ':') ? undefined : this.#expression(0);
    if (!this.#is('op', ':')) {
      this.#expect('bracket', ']');
      return { kind: 'member', object, key: from ?? { kind: 'literal', value: null }, optional };
    }
    this.#next();
    const to = this.#is('bracket', ']') ? undefined : this.#expression(0);
    this.#expect('bracket', ']');
    return { kind: 'slice', object, from, to };
  }
}

const INT64_MAX = 2n ** 63n - 1n;

// expr: 0x/0o/0b and plain digits are int64 literals, anything with "." or "e" a float64.
function numberValue(token: Token): number {
  const text = token.value.replaceAll('_', '');
  const lower = text.toLowerCase();
  if (/^0[xob]/.test(lower) || !/[.e]/.test(lower)) {
    const big = BigInt(/^0[xob]/.test(lower) ? lower : text);
    if (big > INT64_MAX) throw new ExprSyntaxError('integer literal is too large', token.pos);
    return Number(big);
  }
  const value = Number(text);
  if (!Number.isFinite(value)) throw new ExprSyntaxError('float literal is too large', token.pos);
  return value;
}
