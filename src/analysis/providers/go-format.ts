// Argo writes a measurement's `value` with Go's formatting, and users read (and sometimes match) that
// text: these helpers produce the same text from JavaScript values.

/**
 * Go's strconv.FormatFloat(v, 'f', -1, 64): the shortest digits that round-trip, never in exponent
 * form. 0.99 → "0.99", 1e21 → "1000000000000000000000", 1e-7 → "0.0000001", NaN → "NaN",
 * Infinity → "+Inf", -0 → "-0".
 */
export function formatGoFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  const sign = v < 0 || Object.is(v, -0) ? '-' : '';
  // toExponential() without an argument gives the shortest round-trip digits, as Go's -1 precision.
  const [mantissa, exponent] = Math.abs(v).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exp = Number(exponent);
  if (exp >= digits.length - 1) return sign + digits + '0'.repeat(exp - digits.length + 1);
  if (exp >= 0) return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
}

const GO_FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL_FLOATS: ReadonlyMap<string, number> = new Map([
  ['nan', Number.NaN],
  ['inf', Number.POSITIVE_INFINITY],
  ['+inf', Number.POSITIVE_INFINITY],
  ['infinity', Number.POSITIVE_INFINITY],
  ['+infinity', Number.POSITIVE_INFINITY],
  ['-inf', Number.NEGATIVE_INFINITY],
  ['-infinity', Number.NEGATIVE_INFINITY],
]);

/**
 * Go's strconv.ParseFloat for the decimal texts a metrics API writes: "0.97" → 0.97, "1e+21",
 * "+Inf" → Infinity, "NaN" → NaN (case-insensitive, as Go). Undefined for anything else ("", "abc").
 * Prometheus sends "+Inf" for an infinite sample, which JavaScript's parseFloat reads as NaN.
 */
export function parseGoFloat(text: string): number | undefined {
  const special = SPECIAL_FLOATS.get(text.toLowerCase());
  if (special !== undefined) return special;
  return GO_FLOAT.test(text) ? Number(text) : undefined;
}

// Go's encoder escapes these even inside strings (HTML safety), where JSON.stringify keeps them.
const GO_ESCAPES: Readonly<Record<string, string>> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/**
 * Go's json.Marshal of a value decoded from JSON, as Argo writes a web metric's value:
 * object keys sorted, `<`, `>`, `&`, U+2028 and U+2029 escaped. {"b":1,"a":"<x>"} → {"a":"\u003cx\u003e","b":1}.
 * Numbers print as JSON.stringify prints them, which matches Go for every float64.
 */
export function marshalGoJson(value: unknown): string {
  // These characters can only occur inside string literals of the output, so a global replace is safe.
  return (JSON.stringify(sortKeys(value)) ?? 'null').replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c] ?? c);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
}
