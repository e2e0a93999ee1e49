// How Argo (Go) names and prints the JSON-like values a metric yields, so messages and `string()`
// read as they do in Argo: numbers are float64 and print with Go's %v, nil is "<nil>".

/** A JSON-like value as conditions see it. */
export type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };

/** Go's name for the type of a decoded JSON value: 0.5 → "float64", [1] → "[]interface {}". */
export function goTypeName(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'number') return 'float64';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return '[]interface {}';
  return 'map[string]interface {}';
}

/**
 * Go's %v of a float64 (strconv 'g' at shortest precision, which switches to the exponent form
 * below 1e-4 or from 1e6 on): 200 → "200", 0.5 → "0.5", 123456 → "123456", 1e6 → "1e+06",
 * 1234567 → "1.234567e+06", 0.00001 → "1e-05", NaN → "NaN", -Inf → "-Inf".
 */
export function formatGoFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  // toExponential gives the exact decimal exponent (log10 can be one off near powers of ten).
  const exponent = Number(n.toExponential().split('e')[1]);
  return exponent < -4 || exponent >= 6 ? goExponent(n) : String(n);
}

// "1.234567e+6" → "1.234567e+06": Go pads the exponent to two digits.
function goExponent(n: number): string {
  const [mantissa, exp] = n.toExponential().split('e');
  const sign = exp.startsWith('-') ? '-' : '+';
  return `${mantissa}e${sign}${exp.replace(/^[+-]/, '').padStart(2, '0')}`;
}

/** Go's %v of a decoded JSON value: [1, "a"] → "[1 a]", {b: 2, a: 1} → "map[a:1 b:2]". */
export function formatGoValue(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'number') return formatGoFloat(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(formatGoValue).join(' ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `map[${entries.map(([k, v]) => `${k}:${formatGoValue(v)}`).join(' ')}]`;
}

/** Go's strconv.Quote for the common case (JSON's escaping is the same for printable text). */
export function goQuote(text: string): string {
  return JSON.stringify(text);
}

/**
 * A provider's `result` as conditions see it: undefined → null, bigint → number, Maps → objects,
 * Dates → RFC 3339 text; functions and symbols are dropped. Nothing else changes.
 */
export function toPlain(value: unknown): Plain {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return typeof value === 'object' ? objectToPlain(value) : null;
}

function objectToPlain(value: object): Plain {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toPlain);
  if (value instanceof Map) return plainObject([...value.entries()]);
  return plainObject(Object.entries(value));
}

// Object.fromEntries defines own properties, so a JSON key "__proto__" stays a plain key.
function plainObject(entries: Array<[unknown, unknown]>): { [key: string]: Plain } {
  return Object.fromEntries(entries.map(([k, v]) => [String(k), toPlain(v)]));
}
