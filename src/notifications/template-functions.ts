// The functions templates may call: Go's text/template builtins and the sprig helpers Argo's catalog
// and common templates use. `{{add .rollout.status.currentStepIndex 1}}` with index 2 → "3".
import { formatGoValue } from '../analysis/engine/go-values.js';
import { TemplateError } from './template-lexer.js';

export type TemplateFunction = (...args: unknown[]) => unknown;

/** Go's truth: false, 0, nil, "" and empty lists and maps are false. */
export function isTrue(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/** How an output action prints a value: a missing map key is "<no value>", as in Go. */
export function printValue(value: unknown): string {
  if (value === undefined) return '<no value>';
  return formatGoValue(value);
}

// sprig's toInt64: numbers truncate, numeric text parses, anything else (nil, a missing key) is 0,
// so `{{add .rollout.status.currentStepIndex 1}}` is "1" before the rollout has a status.
function num(v: unknown): number {
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  const parsed = typeof v === 'string' ? Number.parseInt(v, 10) : NaN;
  return Number.isNaN(parsed) ? 0 : parsed;
}

function length(v: unknown): number {
  if (typeof v === 'string' || Array.isArray(v)) return v.length;
  if (v !== null && typeof v === 'object') return Object.keys(v).length;
  throw new TemplateError(`len of ${printValue(v)}`);
}

function indexInto(v: unknown, ...keys: unknown[]): unknown {
  let cur = v;
  for (const k of keys) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[String(k)];
  }
  return cur;
}

// printf's common verbs: %s %v %d %q %%.
function printf(format: unknown, ...args: unknown[]): string {
  let i = 0;
  return String(format).replace(/%([svdq%])/g, (_m, verb: string) => {
    if (verb === '%') return '%';
    const arg = args[i++];
    return verb === 'q' ? JSON.stringify(printValue(arg)) : printValue(arg);
  });
}

const compare = (a: unknown, b: unknown): number => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b)));

/** Every function by name. */
export const TEMPLATE_FUNCTIONS: Readonly<Record<string, TemplateFunction>> = {
  not: (v) => !isTrue(v),
  and: (...vs) => vs.find((v) => !isTrue(v)) ?? vs[vs.length - 1],
  or: (...vs) => vs.find((v) => isTrue(v)) ?? vs[vs.length - 1],
  eq: (a, ...bs) => bs.some((b) => a === b),
  ne: (a, b) => a !== b,
  lt: (a, b) => compare(a, b) < 0,
  le: (a, b) => compare(a, b) <= 0,
  gt: (a, b) => compare(a, b) > 0,
  ge: (a, b) => compare(a, b) >= 0,
  len: length,
  index: indexInto,
  print: (...vs) => vs.map(printValue).join(''),
  println: (...vs) => `${vs.map(printValue).join(' ')}\n`,
  printf,
  add: (...vs) => vs.reduce<number>((sum, v) => sum + num(v), 0),
  sub: (a, b) => num(a) - num(b),
  mul: (...vs) => vs.reduce<number>((p, v) => p * num(v), 1),
  div: (a, b) => (num(b) === 0 ? 0 : Math.trunc(num(a) / num(b))),
  toJson: (v) => JSON.stringify(v ?? null),
  toString: (v: unknown) => printValue(v),
  upper: (v) => String(v).toUpperCase(),
  lower: (v) => String(v).toLowerCase(),
  trim: (v) => String(v).trim(),
  quote: (...vs) => vs.map((v) => JSON.stringify(printValue(v))).join(' '),
  default: (d, v) => (isTrue(v) ? v : d),
  join: (sep, list) => (Array.isArray(list) ? list.map(printValue).join(String(sep)) : printValue(list)),
  contains: (sub, s) => String(s).includes(String(sub)),
  hasPrefix: (s, prefix) => String(s).startsWith(String(prefix)),
  replace: (from, to, s) => String(s).split(String(from)).join(String(to)),
};
