// Argo's conditions are expr-lang; the engine evaluates CEL. This turns a parsed expr condition into
// CEL text with the same meaning, so `result[0] >= 0.95` and `all(result, {# > 0.9})` behave as in
// Argo. The rules, each with an example:
//   - every number literal becomes a CEL double: JS results are doubles and expr mixes ints and
//     floats freely, so `result + 1` → `(result + 1.0)`;
//   - member and index access go through `_at`, which follows expr (a missing map key is nil,
//     `a[-1]` is the last element): `result.code == 200` → `(_at(result, "code") == 200.0)`;
//   - closures become CEL macros over a fresh variable: `all(result, {# > 0.9})` →
//     `result.all(__it0, (__it0 > 0.9))`; `none` → `!….exists(…)`, `one` → `exists_one`,
//     `count(l, p)` → `len(l.filter(…))`;
//   - keywords and operators: `and`/`or`/`not` → `&&`/`||`/`!`, `nil` → `null`, `a contains b` →
//     `a.contains(b)`, `a ?? b` → `cel.bind(…)`, `%`/`**` → helpers;
//   - Argo's `isNil(x)` / `default(x, d)` look at `result` whatever `x` is, so `result` is passed along.
import type { ExprNode } from './expr-ast.js';
import { parseExpr } from './expr-parser.js';
import { ExprSyntaxError } from './expr-lexer.js';

/** CEL text for an expr condition, or the syntax error with its line:column. */
export type Translation = { ok: true; cel: string } | { ok: false; message: string };

/** Translates an Argo (expr-lang) condition to CEL; never evaluates anything. */
export function translateCondition(source: string): Translation {
  try {
    return { ok: true, cel: new CelWriter().write(parseExpr(source)) };
  } catch (err) {
    if (err instanceof ExprSyntaxError) return { ok: false, message: `${err.message} (${lineColumn(source, err.pos)})` };
    throw err;
  }
}

// "1:5" for offset 4 of a one-line source, as expr reports positions.
function lineColumn(source: string, pos: number): string {
  const before = source.slice(0, pos).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

/** A CEL double literal: 1 → "1.0", 0.95 → "0.95", 1e-7 → "1e-07" (any form CEL reads as double). */
export function celDouble(n: number): string {
  const text = String(n);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

const INFIX: Readonly<Record<string, string>> = {
  or: '||', '||': '||', and: '&&', '&&': '&&', '==': '==', '!=': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=',
  in: 'in', '+': '+', '-': '-', '*': '*', '/': '/',
};
const METHODS: ReadonlySet<string> = new Set(['contains', 'startsWith', 'endsWith', 'matches']);
const HELPERS: Readonly<Record<string, string>> = { '%': '_mod', '**': '_pow', '^': '_pow' };
const MACROS: Readonly<Record<string, string>> = { all: 'all', any: 'exists', one: 'exists_one', filter: 'filter', map: 'map' };
const RENAMED: Readonly<Record<string, string>> = {
  int: 'asInt', float: 'asFloat', string: '_string', sum: '_sum', mean: '_mean', median: '_median',
};

class CelWriter {
  // Names for `cel.bind` temporaries, unique within one expression.
  #temporaries = 0;

  write(node: ExprNode): string {
    switch (node.kind) {
      case 'literal':
        return literal(node.value);
      case 'result':
        return 'result';
      case 'pointer':
        return `__it${node.depth}`;
      case 'predicate':
        return this.write(node.body);
      case 'array':
        return `[${node.items.map((item) => this.write(item)).join(', ')}]`;
      case 'map':
        return `{${node.entries.map(([k, v]) => `${this.write(k)}: ${this.write(v)}`).join(', ')}}`;
      default:
        return this.#writeOperation(node);
    }
  }

  #writeOperation(node: Extract<ExprNode, { kind: 'member' | 'slice' | 'unary' | 'binary' | 'ternary' | 'call' }>): string {
    switch (node.kind) {
      case 'member':
        return `${node.optional ? '_atOpt' : '_at'}(${this.write(node.object)}, ${this.write(node.key)})`;
      case 'slice':
        return `_slice(${this.write(node.object)}, ${this.#optional(node.from)}, ${this.#optional(node.to)})`;
      case 'unary':
        return this.#unary(node.op, node.operand);
      case 'binary':
        return this.#binary(node.op, node.left, node.right);
      case 'ternary':
        return `(${this.write(node.cond)} ? ${this.write(node.then)} : ${this.write(node.otherwise)})`;
      case 'call':
        return this.#call(node.name, node.args);
    }
  }

  // `-1` stays a literal (`-1.0`); `not x` → `!(x)`; `+x` is x.
  #unary(op: 'not' | '-' | '+', operand: ExprNode): string {
    if (op === '-' && operand.kind === 'literal' && typeof operand.value === 'number') return celDouble(-operand.value);
    if (op === 'not') return `!(${this.write(operand)})`;
    return `${op === '-' ? '-' : ''}(${this.write(operand)})`;
  }

  #optional(node: ExprNode | undefined): string {
    return node === undefined ? 'null' : this.write(node);
  }

  #binary(op: string, left: ExprNode, right: ExprNode): string {
    const l = this.write(left);
    const r = this.write(right);
    const infix = INFIX[op];
    if (infix !== undefined) return `(${l} ${infix} ${r})`;
    if (METHODS.has(op)) return `(${l}).${op}(${r})`;
    const helper = HELPERS[op];
    if (helper !== undefined) return `${helper}(${l}, ${r})`;
    // `??`: the left side once, bound to a name; the right side only when the left is nil.
    const name = `__v${this.#temporaries++}`;
    return `cel.bind(${name}, ${l}, ${name} == null ? ${r} : ${name})`;
  }

  #call(name: string, args: ExprNode[]): string {
    const macro = this.#macroCall(name, args);
    if (macro !== undefined) return macro;
    const written = args.map((arg) => this.write(arg));
    if (name === 'isNil' || name === 'default') return `_${name}(${[...written, 'result'].join(', ')})`;
    // max(a, b) and max(list) alike: the helper flattens its one list argument.
    if (name === 'max' || name === 'min') return `_${name}([${written.join(', ')}])`;
    return `${RENAMED[name] ?? name}(${written.join(', ')})`;
  }

  // The builtins that take a closure, or undefined for any other function.
  #macroCall(name: string, args: ExprNode[]): string | undefined {
    const macro = MACROS[name];
    if (macro !== undefined) return this.#macro(macro, args);
    if (name === 'none') return `!${this.#macro('exists', args)}`;
    if (name === 'count') return `len(${this.#macro('filter', args)})`;
    if (name === 'sum' && args.length === 2) return `_sum(${this.#macro('map', args)})`;
    return undefined;
  }

  // `filter(list, {# > 1})` → `list.filter(__it0, (__it0 > 1.0))`; `count(list)` counts true elements.
  #macro(macro: string, args: ExprNode[]): string {
    const [collection, predicate] = args;
    const depth = predicate?.kind === 'predicate' ? predicate.depth : 0;
    const variable = `__it${depth}`;
    const body = predicate === undefined ? variable : this.write(predicate);
    return `${this.#receiver(collection)}.${macro}(${variable}, ${body})`;
  }

  // A macro's receiver needs parentheses unless it is a bare variable.
  #receiver(node: ExprNode): string {
    const text = this.write(node);
    return /^(result|__it\d+)$/.test(text) ? text : `(${text})`;
  }
}

function literal(value: number | string | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return celDouble(value);
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}
