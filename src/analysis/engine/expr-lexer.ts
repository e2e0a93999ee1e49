// Tokens of expr-lang (github.com/expr-lang/expr v1.17, the language of Argo's conditions), read the
// way its lexer reads them: `not in` is one operator, `#` starts a closure pointer, `//` and `/* */`
// are comments, strings take Go escapes, numbers take `_` separators and 0x/0o/0b prefixes.
// The lexer only splits text; the parser decides what is allowed.

export type TokenKind = 'number' | 'string' | 'ident' | 'op' | 'bracket' | 'eof';

export interface Token {
  kind: TokenKind;
  /** The operator, bracket or identifier text; a string's unescaped value; a number's source text. */
  value: string;
  /** Offset of the token's first character in the source. */
  pos: number;
}

/** A syntax error at an offset of the source. */
export class ExprSyntaxError extends Error {
  readonly pos: number;

  constructor(message: string, pos: number) {
    super(message);
    this.name = 'ExprSyntaxError';
    this.pos = pos;
  }
}

// Words the lexer turns into operators; `not` may glue onto the next word ("not in").
const WORD_OPERATORS = new Set(['in', 'or', 'and', 'matches', 'contains', 'startsWith', 'endsWith', 'let', 'if', 'else']);
const NEGATABLE = new Set(['in', 'matches', 'contains', 'startsWith', 'endsWith']);
// Longest first, so "**" wins over "*" and "??" over "?".
const SYMBOLS = ['#', '?.', '??', '**', '==', '!=', '<=', '>=', '&&', '||', '..', '::', '?', '*', '<', '>', '!', '=', '|', ':', ',', ';', '%', '+', '-', '^', '/', '.', '&'];

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
// Go's unicode.IsLetter / IsDigit plus `_` and `$`, as expr's IsAlphaNumeric.
const isWordChar = (c: string | undefined): boolean => c !== undefined && /^[\p{L}\p{Nd}_$]$/u.test(c);
const isSpace = (c: string): boolean => /^\s$/u.test(c);

/** Splits an expr-lang expression into tokens, ending with an `eof` token. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (isSpace(c)) i += 1;
    else if (source.startsWith('//', i)) i = skipLineComment(source, i);
    else if (source.startsWith('/*', i)) i = skipBlockComment(source, i);
    else i = readToken(source, i, tokens);
  }
  tokens.push({ kind: 'eof', value: '', pos: source.length });
  return tokens;
}

function skipLineComment(source: string, i: number): number {
  const end = source.indexOf('\n', i);
  return end < 0 ? source.length : end + 1;
}

function skipBlockComment(source: string, i: number): number {
  const end = source.indexOf('*/', i + 2);
  if (end < 0) throw new ExprSyntaxError('unclosed comment', i);
  return end + 2;
}

function readToken(source: string, i: number, tokens: Token[]): number {
  const c = source[i];
  if (c === '"' || c === "'") return readQuoted(source, i, tokens);
  if (c === '`') return readRaw(source, i, tokens);
  if (isDigit(c) || (c === '.' && isDigit(source[i + 1]))) return readNumber(source, i, tokens);
  if (isWordChar(c)) return readWord(source, i, tokens);
  return readSymbol(source, i, tokens);
}

function readSymbol(source: string, i: number, tokens: Token[]): number {
  const c = source[i];
  if ('()[]{}'.includes(c)) {
    tokens.push({ kind: 'bracket', value: c, pos: i });
    return i + 1;
  }
  const symbol = SYMBOLS.find((s) => source.startsWith(s, i));
  if (symbol === undefined) throw new ExprSyntaxError(`unrecognized character: ${JSON.stringify(c)}`, i);
  tokens.push({ kind: 'op', value: symbol, pos: i });
  return i + symbol.length;
}

function readWord(source: string, start: number, tokens: Token[]): number {
  let end = start;
  while (isWordChar(source[end])) end += 1;
  const word = source.slice(start, end);
  if (word === 'not') return readNot(source, start, end, tokens);
  tokens.push({ kind: WORD_OPERATORS.has(word) ? 'op' : 'ident', value: word, pos: start });
  return end;
}

// "not in", "not contains"…: one negated operator; any other "not" is the unary operator.
function readNot(source: string, start: number, end: number, tokens: Token[]): number {
  tokens.push({ kind: 'op', value: 'not', pos: start });
  let next = end;
  while (next < source.length && isSpace(source[next])) next += 1;
  let wordEnd = next;
  while (isWordChar(source[wordEnd])) wordEnd += 1;
  const word = source.slice(next, wordEnd);
  if (!NEGATABLE.has(word)) return end;
  tokens.push({ kind: 'op', value: word, pos: next });
  return wordEnd;
}

const NUMBER = /^(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:[0-9][0-9_]*(?:\.(?!\.)[0-9_]*)?|\.[0-9][0-9_]*)(?:[eE][+-]?[0-9_]+)?)/;

function readNumber(source: string, start: number, tokens: Token[]): number {
  const text = NUMBER.exec(source.slice(start))?.[0] ?? '';
  const end = start + text.length;
  // "1a" or "0x" alone: expr refuses a number glued to letters.
  if (text === '' || isWordChar(source[end])) throw new ExprSyntaxError(`bad number syntax: ${JSON.stringify(source.slice(start, end + 1))}`, start);
  tokens.push({ kind: 'number', value: text, pos: start });
  return end;
}

function readRaw(source: string, start: number, tokens: Token[]): number {
  const end = source.indexOf('`', start + 1);
  if (end < 0) throw new ExprSyntaxError('literal not terminated', start);
  tokens.push({ kind: 'string', value: source.slice(start + 1, end), pos: start });
  return end + 1;
}

function readQuoted(source: string, start: number, tokens: Token[]): number {
  const quote = source[start];
  let i = start + 1;
  let value = '';
  while (source[i] !== quote) {
    if (i >= source.length || source[i] === '\n') throw new ExprSyntaxError('literal not terminated', start);
    if (source[i] === '\\') {
      const escaped = readEscape(source, i);
      value += escaped.text;
      i = escaped.next;
    } else {
      value += source[i];
      i += 1;
    }
  }
  tokens.push({ kind: 'string', value, pos: start });
  return i + 1;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"' };
const HEX_ESCAPES: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

// Go's escapes: \n and friends, \xHH, \uHHHH, \UHHHHHHHH and three-digit octal \ooo.
function readEscape(source: string, i: number): { text: string; next: number } {
  const c = source[i + 1];
  const simple = SIMPLE_ESCAPES[c];
  if (simple !== undefined) return { text: simple, next: i + 2 };
  const width = HEX_ESCAPES[c];
  const digits = width === undefined ? source.slice(i + 1, i + 4) : source.slice(i + 2, i + 2 + width);
  const pattern = width === undefined ? /^[0-7]{3}$/ : new RegExp(`^[0-9a-fA-F]{${width}}$`);
  const code = pattern.test(digits) ? parseInt(digits, width === undefined ? 8 : 16) : NaN;
  if (Number.isNaN(code) || code > 0x10ffff) throw new ExprSyntaxError('invalid char escape', i);
  return { text: String.fromCodePoint(code), next: i + 1 + (width === undefined ? 3 : width + 1) };
}
