// Go formatting: kube-apiserver renders values with %q, %v and (1.32) %#v, and users compare them.
// field.Error and the 400/422 messages built from it, word for word.
import { isJsonObject, type JsonValue } from './json.js';
import { byteOrder } from './schema-pruning.js';
import type { FieldError } from './schema-types.js';

const QUOTE_ESCAPES: Record<string, string> = {
  '\u0007': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '"': '\\"',
  '\\': '\\\\',
};
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

function quoteRune(ch: string): string {
  const escaped = QUOTE_ESCAPES[ch];
  if (escaped !== undefined) return escaped;
  const cp = ch.codePointAt(0) ?? 0;
  // Go decoded the request as UTF-8, so a lone surrogate arrived as U+FFFD.
  if (cp >= 0xd800 && cp <= 0xdfff) return '\ufffd';
  if (PRINTABLE.test(ch)) return ch;
  if (cp < 0x80) return `\\x${hex(cp, 2)}`;
  return cp > 0xffff ? `\\U${hex(cp, 8)}` : `\\u${hex(cp, 4)}`;
}

/** Go's strconv.Quote (`%q`). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) out += quoteRune(ch);
  return `${out}"`;
}

/** Go's %v of a float64: shortest digits, exponent form outside 1e-4 <= |n| < 1e6 (1e21 → `1e+21`). */
export function goFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const [mantissa, expText] = n.toExponential().split('e');
  const exp = Number(expText);
  if (exp >= -4 && exp < 6) return String(n);
  return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** Whether a JSON number reaches kube-apiserver as int64 (the rest arrive as float64). */
export function isInt64(n: number): boolean {
  return Number.isSafeInteger(n);
}

/** Go's %v of a decoded JSON number: int64 as digits, float64 as goFloat. */
export function goNumber(n: number): string {
  return isInt64(n) ? String(n) : goFloat(n);
}

// Go's %#v of an interface{} holding decoded JSON, which 1.32 uses for compound values.
function goSharpV(v: JsonValue): string {
  if (v === null) return 'interface {}(nil)';
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSharpV).join(', ')}}`;
  if (isJsonObject(v)) {
    const entries = Object.keys(v)
      .sort(byteOrder)
      .map((k) => `${goQuote(k)}:${goSharpV(v[k])}`);
    return `map[string]interface {}{${entries.join(', ')}}`;
  }
  if (typeof v === 'string') return goQuote(v);
  return typeof v === 'number' ? goNumber(v) : String(v);
}

function renderBadValue(v: JsonValue): string {
  // field.Error prints a nil value as the quoted word "null".
  if (v === null) return '"null"';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number') return goNumber(v);
  return typeof v === 'boolean' ? String(v) : goSharpV(v);
}

const TYPE_LABELS: Record<FieldError['type'], string> = {
  Invalid: 'Invalid value',
  Required: 'Required value',
  Unsupported: 'Unsupported value',
  TooLong: 'Too long',
  TooMany: 'Too many',
  Duplicate: 'Duplicate value',
};
const SHOWS_VALUE = new Set<FieldError['type']>(['Invalid', 'Unsupported', 'TooMany', 'Duplicate']);

/** field.Error.ErrorBody(): the message without the field path, as a Status cause carries it. */
export function formatFieldErrorBody(e: FieldError): string {
  let body = TYPE_LABELS[e.type];
  if (SHOWS_VALUE.has(e.type) && e.value !== undefined) body += `: ${renderBadValue(e.value)}`;
  return e.detail === '' ? body : `${body}: ${e.detail}`;
}

/** field.Error.Error(): `spec.replicas: Invalid value: "string": ...`. */
export function formatFieldError(e: FieldError): string {
  return `${e.field}: ${formatFieldErrorBody(e)}`;
}

/** The message of kube-apiserver's 422 Invalid status: `Rollout.argoproj.io "bad" is invalid: [e1, e2]`. */
export function formatInvalidMessage(kindDotGroup: string, name: string, errors: FieldError[]): string {
  const head = `${kindDotGroup} ${goQuote(name)} is invalid`;
  const messages = [...new Set(errors.map(formatFieldError))];
  if (messages.length === 0) return head;
  return messages.length === 1 ? `${head}: ${messages[0]}` : `${head}: [${messages.join(', ')}]`;
}

/** The warnings kube-apiserver adds for fieldValidation=Warn, one per unknown field. */
export function formatUnknownFieldWarnings(unknownFields: string[]): string[] {
  return unknownFields.map((f) => `unknown field "${f}"`);
}

/** The 400 BadRequest message kube-apiserver returns for unknown fields under fieldValidation=Strict. */
export function formatUnknownFieldsMessage(kind: string, version: string, unknownFields: string[]): string {
  const strict = `strict decoding error: ${formatUnknownFieldWarnings(unknownFields).join(', ')}`;
  return `${kind} in version ${goQuote(version)} cannot be handled as a ${kind}: ${strict}`;
}
