// The parsed form of an expr-lang condition: only what Argo's conditions use and the engine can
// translate to CEL. Every number is a float here: Argo's results are float64s, expr compares and
// adds ints and floats freely, and its `/` always divides as floats, so nothing is lost.

export type ExprNode =
  | { kind: 'literal'; value: number | string | boolean | null }
  | { kind: 'result' }
  /** `#` inside a closure; `depth` counts enclosing closures (0 = outermost). */
  | { kind: 'pointer'; depth: number }
  /** `a.b`, `a["b"]`, `a[0]`, `a?.b`. */
  | { kind: 'member'; object: ExprNode; key: ExprNode; optional: boolean }
  | { kind: 'slice'; object: ExprNode; from?: ExprNode; to?: ExprNode }
  | { kind: 'unary'; op: 'not' | '-' | '+'; operand: ExprNode }
  | { kind: 'binary'; op: string; left: ExprNode; right: ExprNode }
  | { kind: 'ternary'; cond: ExprNode; then: ExprNode; otherwise: ExprNode }
  | { kind: 'call'; name: string; args: ExprNode[] }
  /** A closure argument of all/any/filter/…: `{# > 1}` or `# > 1`. */
  | { kind: 'predicate'; depth: number; body: ExprNode }
  | { kind: 'array'; items: ExprNode[] }
  | { kind: 'map'; entries: Array<[ExprNode, ExprNode]> };

/** Builtins whose second argument is a closure, as expr's parser knows them. */
export const PREDICATE_BUILTINS: ReadonlyMap<string, { predicateOptional: boolean }> = new Map([
  ['all', { predicateOptional: false }],
  ['none', { predicateOptional: false }],
  ['any', { predicateOptional: false }],
  ['one', { predicateOptional: false }],
  ['filter', { predicateOptional: false }],
  ['map', { predicateOptional: false }],
  ['count', { predicateOptional: true }],
  ['sum', { predicateOptional: true }],
  ['find', { predicateOptional: false }],
  ['findIndex', { predicateOptional: false }],
  ['findLast', { predicateOptional: false }],
  ['findLastIndex', { predicateOptional: false }],
  ['groupBy', { predicateOptional: false }],
  ['sortBy', { predicateOptional: false }],
  ['reduce', { predicateOptional: false }],
]);

/** Functions a condition may call (Argo's own helpers plus the expr builtins that translate). */
export const KNOWN_FUNCTIONS: ReadonlySet<string> = new Set([
  // Argo's environment (utils/evaluate/evaluate.go).
  'asInt', 'asFloat', 'isNaN', 'isInf', 'isNil', 'default',
  // expr builtins.
  'len', 'abs', 'ceil', 'floor', 'round', 'max', 'min', 'mean', 'median', 'int', 'float', 'string',
  'lower', 'upper', 'trim', 'first', 'last', 'sum', 'all', 'none', 'any', 'one', 'filter', 'map', 'count',
]);

/** Binary operators and their precedence / associativity (expr's parser/operator table). */
export const BINARY_OPERATORS: ReadonlyMap<string, { precedence: number; right?: boolean }> = new Map([
  ['|', { precedence: 0 }],
  ['or', { precedence: 10 }],
  ['||', { precedence: 10 }],
  ['and', { precedence: 15 }],
  ['&&', { precedence: 15 }],
  ['==', { precedence: 20 }],
  ['!=', { precedence: 20 }],
  ['<', { precedence: 20 }],
  ['>', { precedence: 20 }],
  ['>=', { precedence: 20 }],
  ['<=', { precedence: 20 }],
  ['in', { precedence: 20 }],
  ['matches', { precedence: 20 }],
  ['contains', { precedence: 20 }],
  ['startsWith', { precedence: 20 }],
  ['endsWith', { precedence: 20 }],
  ['..', { precedence: 25 }],
  ['+', { precedence: 30 }],
  ['-', { precedence: 30 }],
  ['*', { precedence: 60 }],
  ['/', { precedence: 60 }],
  ['%', { precedence: 60 }],
  ['**', { precedence: 100, right: true }],
  ['^', { precedence: 100, right: true }],
  ['??', { precedence: 500 }],
]);

/** Unary operators bind tighter than comparisons: `not a == b` is `(not a) == b`, as in expr. */
export const UNARY_PRECEDENCE: ReadonlyMap<string, number> = new Map([
  ['not', 50],
  ['!', 50],
  ['-', 90],
  ['+', 90],
]);

export const COMPARISONS: ReadonlySet<string> = new Set(['<', '>', '<=', '>=']);
