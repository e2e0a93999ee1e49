// The expr-lang and Argo helpers a translated condition calls, with Go's behaviour: member access
// that yields nil for a missing map key (expr) but fails on nil or out of range, Argo's asInt /
// asFloat / isNil / default (utils/evaluate/evaluate.go), and expr's len/max/mean… builtins.
// Every number is a float64 (a JS number); failures throw with Go's wording.
import { formatGoValue, goQuote, goTypeName } from './go-values.js';

type Dict = Record<string, unknown>;

const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);

const fail = (message: string): never => {
  throw new Error(message);
};

/** expr's `a[k]` / `a.k`: arrays by index (negative counts from the end), maps by key (missing → nil). */
export function fetch(container: unknown, key: unknown): unknown {
  if (container === null || container === undefined) return fail(`cannot fetch ${formatGoValue(key)} from <nil>`);
  if (Array.isArray(container) || typeof container === 'string') return fetchIndex(container, key);
  if (isDict(container)) {
    if (typeof key !== 'string') return fail(`cannot use ${goTypeName(key)} as map key of type string`);
    return Object.hasOwn(container, key) ? (container[key] ?? null) : null;
  }
  return fail(`cannot fetch ${formatGoValue(key)} from ${goTypeName(container)}`);
}

// [10, 20, 30][-1] → 30; [10][1] → "index out of range: 1 (array length is 1)".
function fetchIndex(container: unknown[] | string, key: unknown): unknown {
  if (typeof key !== 'number') return fail(`invalid operation: int(${goTypeName(key)})`);
  const length = container.length;
  const index = Math.trunc(key) < 0 ? length + Math.trunc(key) : Math.trunc(key);
  if (index < 0 || index >= length) return fail(`index out of range: ${index} (array length is ${length})`);
  // Go indexes a string by byte; a code unit is the same for the ASCII users compare.
  return typeof container === 'string' ? container.charCodeAt(index) : (container[index] ?? null);
}

/** `a?.k`: nil when `a` is nil, else `a.k`. */
export function fetchOptional(container: unknown, key: unknown): unknown {
  return container === null || container === undefined ? null : fetch(container, key);
}

/** expr's `a[from:to]`: bounds default to the ends, negative ones count from the end, then clamp. */
export function slice(container: unknown, from: unknown, to: unknown): unknown {
  if (!Array.isArray(container) && typeof container !== 'string') return fail(`cannot slice ${goTypeName(container)}`);
  const length = container.length;
  const clamp = (bound: unknown, fallback: number): number => {
    const n = typeof bound === 'number' ? Math.trunc(bound) : fallback;
    return Math.min(Math.max(n < 0 ? length + n : n, 0), length);
  };
  const end = clamp(to, length);
  return container.slice(Math.min(clamp(from, 0), end), end);
}

/** expr's len(): elements of a list, keys of a map, characters of a string. */
export function len(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  if (typeof value === 'string') return [...value].length;
  if (isDict(value)) return Object.keys(value).length;
  return fail(`invalid argument for len (type ${goTypeName(value)})`);
}

const floatArgument = (name: string, value: unknown): number =>
  typeof value === 'number' ? value : fail(`cannot use ${goTypeName(value)} as argument (type float64) to call ${name}`);

/** math.IsNaN as Argo exposes it. */
export const isNaNValue = (value: unknown): boolean => Number.isNaN(floatArgument('isNaN', value));

/** math.IsInf(x, 0) as Argo exposes it. */
export const isInfValue = (value: unknown): boolean => {
  const n = floatArgument('isInf', value);
  return !Number.isNaN(n) && !Number.isFinite(n);
};

/** Argo's isNil ignores its argument and asks whether the metric's result itself is nil. */
export const isNilResult = (_argument: unknown, result: unknown): boolean => result === null || result === undefined;

/** Argo's default(x, d) also ignores x: the result when it is not nil, else d. */
export const defaultResult = (_argument: unknown, fallback: unknown, result: unknown): unknown =>
  result === null || result === undefined ? fallback : result;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Argo's asInt: a number truncated toward zero, or a base-10 integer string; anything else fails. */
export function asInt(value: unknown): number {
  if (typeof value === 'number') return Math.trunc(value);
  if (typeof value !== 'string') return fail(`asInt() not supported on ${goTypeName(value)} ${formatGoValue(value)}`);
  if (!/^[+-]?[0-9]+$/.test(value)) return fail(`strconv.ParseInt: parsing ${goQuote(value)}: invalid syntax`);
  const big = BigInt(value);
  if (big < INT64_MIN || big > INT64_MAX) return fail(`strconv.ParseInt: parsing ${goQuote(value)}: value out of range`);
  return Number(big);
}

const FLOAT_TEXT = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const SPECIAL_FLOATS: Readonly<Record<string, number>> = { inf: Infinity, infinity: Infinity, nan: NaN };

/** Argo's asFloat: a number as is, or a string Go's ParseFloat reads ("1.5", "1e3", "Inf", "NaN"). */
export function asFloat(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return fail(`asFloat() not supported on ${goTypeName(value)} ${formatGoValue(value)}`);
  const sign = value.startsWith('-') ? -1 : 1;
  const special = SPECIAL_FLOATS[value.replace(/^[+-]/, '').toLowerCase()];
  if (special !== undefined) return sign * special;
  if (!FLOAT_TEXT.test(value)) return fail(`strconv.ParseFloat: parsing ${goQuote(value)}: invalid syntax`);
  const n = Number(value);
  return Number.isFinite(n) ? n : fail(`strconv.ParseFloat: parsing ${goQuote(value)}: value out of range`);
}

/** expr's string(): Go's %v. */
export const toGoString = (value: unknown): string => formatGoValue(value);

// The numbers of max/min/sum/mean/median's arguments, arrays flattened as expr flattens them.
function numbersOf(name: string, values: readonly unknown[]): number[] {
  return values.flatMap((v) => (Array.isArray(v) ? numbersOf(name, v) : [typeof v === 'number' ? v : fail(`invalid argument for ${name} (type ${goTypeName(v)})`)]));
}

/** expr's max(a, b, …) / max(list): nil when there is nothing to compare. */
export const max = (values: readonly unknown[]): number | null => numbersOf('max', values).reduce<number | null>((m, n) => (m === null || n > m ? n : m), null);

/** expr's min(a, b, …) / min(list). */
export const min = (values: readonly unknown[]): number | null => numbersOf('min', values).reduce<number | null>((m, n) => (m === null || n < m ? n : m), null);

/** expr's sum(list): 0 for an empty list. */
export const sum = (values: readonly unknown[]): number => numbersOf('sum', values).reduce((a, n) => a + n, 0);

/** expr's mean(list): 0 for an empty list. */
export function mean(values: readonly unknown[]): number {
  const numbers = numbersOf('mean', values);
  return numbers.length === 0 ? 0 : numbers.reduce((a, n) => a + n, 0) / numbers.length;
}

/** expr's median(list): the middle value, or the mean of the two middle ones; 0 for an empty list. */
export function median(values: readonly unknown[]): number {
  const sorted = numbersOf('median', values).sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return 0;
  return n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/** expr's abs/ceil/floor/round on a number; round halves away from zero as Go's math.Round. */
export const mathFunctions: Readonly<Record<'abs' | 'ceil' | 'floor' | 'round', (value: unknown) => number>> = {
  abs: (v) => Math.abs(floatArgument('abs', v)),
  ceil: (v) => Math.ceil(floatArgument('ceil', v)),
  floor: (v) => Math.floor(floatArgument('floor', v)),
  round: (v) => {
    const n = floatArgument('round', v);
    return Math.sign(n) * Math.round(Math.abs(n));
  },
};

/** expr's `%` works on integers only: 7 % 2 → 1; 7.5 % 2 fails. */
export function modulo(a: unknown, b: unknown): number {
  if (typeof a !== 'number' || typeof b !== 'number' || !Number.isInteger(a) || !Number.isInteger(b)) {
    return fail(`invalid operation: ${goTypeName(a)} % ${goTypeName(b)}`);
  }
  return b === 0 ? fail('integer divide by zero') : a % b;
}

/** expr's `**` / `^`: always a float. */
export const power = (a: unknown, b: unknown): number => Math.pow(floatArgument('**', a), floatArgument('**', b));

const stringArgument = (name: string, value: unknown): string =>
  typeof value === 'string' ? value : fail(`cannot use ${goTypeName(value)} as argument (type string) to call ${name}`);

/** expr's lower/upper/trim. */
export const stringFunctions: Readonly<Record<'lower' | 'upper' | 'trim', (value: unknown) => string>> = {
  lower: (v) => stringArgument('lower', v).toLowerCase(),
  upper: (v) => stringArgument('upper', v).toUpperCase(),
  trim: (v) => stringArgument('trim', v).trim(),
};

/** expr's first/last: nil for an empty list. */
export function firstOrLast(which: 'first' | 'last', value: unknown): unknown {
  if (!Array.isArray(value)) return fail(`cannot get ${which} element from ${goTypeName(value)}`);
  return (which === 'first' ? value[0] : value[value.length - 1]) ?? null;
}
