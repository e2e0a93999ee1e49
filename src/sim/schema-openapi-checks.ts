// The leaf checks of kube-openapi's SchemaValidator (type, string, number, enum, property counts),
// with their errors translated as kubeOpenAPIResultToFieldErrors does. Recursion lives in
// schema-openapi-validator.ts.
import { isJsonObject, type JsonValue } from './json.js';
import { formatFieldError, goFloat, goNumber, goQuote, isInt64 } from './schema-messages.js';
import { byteOrder } from './schema-pruning.js';
import type { FieldError, StructuralSchema } from './schema-types.js';

/** What one validator reports: its errors and kube-openapi's MatchCount. */
export interface Result {
  errors: FieldError[];
  // kube-openapi's MatchCount: picks which failing anyOf/oneOf branch gets reported.
  matches: number;
}

/** Where kube-openapi says the value was found: `spec.x in body must be ...`. */
export const IN = 'body';
// Formats kube-apiserver keeps; every other format is stripped from the schema before validation.
const SUPPORTED_FORMATS = new Set([
  'bsonobjectid', 'uri', 'email', 'hostname', 'ipv4', 'ipv6', 'cidr', 'mac', 'uuid', 'uuid3', 'uuid4', 'uuid5',
  'isbn', 'isbn10', 'isbn13', 'creditcard', 'ssn', 'hexcolor', 'rgbcolor', 'byte', 'password', 'date', 'duration',
  'datetime',
]);

/** A Result with `matches` and, optionally, errors. */
export function newResult(matches: number, errors: FieldError[] = []): Result {
  return { errors, matches };
}

/** Adds an error unless one with the same text is already there, as kube-openapi de-duplicates. */
export function addError(r: Result, e: FieldError | undefined): void {
  if (e === undefined) return;
  const text = formatFieldError(e);
  if (!r.errors.some((x) => formatFieldError(x) === text)) r.errors.push(e);
}

/** Folds a sub-validator's result into `into`: its errors and its match count. */
export function merge(into: Result, from: Result | undefined): void {
  if (from === undefined) return;
  for (const e of from.errors) addError(into, e);
  into.matches += from.matches;
}

/** The field.Path of a kube-openapi path: `.spec` → `spec`; the root (a nil field.Path) prints as <nil>. */
export function fieldOf(name: string): string {
  return name === '' || name === '.' ? '<nil>' : name.replace(/^\./, '');
}

/** An Invalid error at a kube-openapi path. */
export function invalid(name: string, value: JsonValue, detail: string): FieldError {
  return { type: 'Invalid', field: fieldOf(name), value, detail };
}

function typeError(name: string, typeName: string, found: string): FieldError {
  return invalid(name, found, `${name} in ${IN} must be of type ${typeName}: ${goQuote(found)}`);
}

/** A TooMany error: more items or properties than the schema allows. */
export function tooMany(name: string, actual: number, max: number): FieldError {
  return { type: 'TooMany', field: fieldOf(name), value: actual, detail: `must have at most ${max} items` };
}

/** The error of a failed anyOf/oneOf/allOf/not: kube-openapi reports it at <nil> with an empty value. */
export function composite(detail: string): FieldError {
  return { type: 'Invalid', field: '<nil>', value: '', detail };
}

/** The types a schema admits (int-or-string admits two; none means any). */
export function schemaTypes(s: StructuralSchema): string[] {
  if (s['x-kubernetes-int-or-string'] === true) return ['integer', 'string'];
  return typeof s.type === 'string' && s.type !== '' ? [s.type] : [];
}

/** The schema's format if kube-apiserver keeps it, else ''. */
export function effectiveFormat(s: StructuralSchema): string {
  const format = typeof s.format === 'string' ? s.format : '';
  return SUPPORTED_FORMATS.has(format.replaceAll('-', '')) ? format : '';
}

function jsonType(v: Exclude<JsonValue, null>): string {
  if (typeof v === 'number') return isInt64(v) ? 'integer' : 'number';
  if (Array.isArray(v)) return 'array';
  return isJsonObject(v) ? 'object' : typeof v;
}

function goFormatOf(v: Exclude<JsonValue, null>): string {
  if (typeof v !== 'number') return '';
  return isInt64(v) ? 'int64' : 'float64';
}

/** The type check of a null value: only nullable or untyped schemas accept it. */
export function checkNullType(s: StructuralSchema, path: string): Result {
  const types = schemaTypes(s);
  if (types.length > 0 && !types.includes('null') && s.nullable !== true) {
    return newResult(0, [typeError(path, types.join(','), 'null')]);
  }
  return newResult(1);
}

function typeAccepts(types: string[], found: string): boolean {
  return types.includes(found) || (found === 'integer' && types.includes('number'));
}

// kube-openapi's quirk: a declared string format decides the type check for non-strings.
function formatTypeError(data: Exclude<JsonValue, null>, s: StructuralSchema, path: string): FieldError | undefined {
  const format = effectiveFormat(s);
  const found = jsonType(data);
  if (format === '' || found === 'string' || found === 'array') return undefined;
  if (typeAccepts(schemaTypes(s), found) || goFormatOf(data) === format) return undefined;
  return typeError(path, format, goFormatOf(data));
}

/** The type check of a non-null value, format quirks included. */
export function checkType(data: Exclude<JsonValue, null>, s: StructuralSchema, path: string): Result {
  const formatError = formatTypeError(data, s, path);
  if (formatError !== undefined) return newResult(0, [formatError]);
  const types = schemaTypes(s);
  const found = jsonType(data);
  const numeric = types.includes('number') || types.includes('integer');
  const formattedString = effectiveFormat(s) !== '' && (found === 'string' || found === 'array') && !numeric;
  if (formattedString || typeAccepts(types, found)) return newResult(1);
  return newResult(0, [typeError(path, types.join(','), found)]);
}

const patternCache = new Map<string, RegExp | string>();

// Go RE2 and JS agree on what CRD patterns use; an inline (?i) is the one prefix to translate.
function compilePattern(pattern: string): RegExp | string {
  const cached = patternCache.get(pattern);
  if (cached !== undefined) return cached;
  const ignoreCase = pattern.startsWith('(?i)');
  const source = ignoreCase ? pattern.slice(4) : pattern;
  let compiled: RegExp | string;
  try {
    compiled = new RegExp(source, ignoreCase ? 'iu' : 'u');
  } catch (err) {
    compiled = err instanceof Error ? err.message : String(err);
  }
  patternCache.set(pattern, compiled);
  return compiled;
}

/** maxLength, minLength and pattern, reporting only the first that fails. */
export function checkString(data: string, s: StructuralSchema, path: string): Result {
  const length = [...data].length;
  if (typeof s.maxLength === 'number' && length > s.maxLength) {
    return newResult(0, [{ type: 'TooLong', field: fieldOf(path), detail: `may not be more than ${s.maxLength} bytes` }]);
  }
  if (typeof s.minLength === 'number' && length < s.minLength) {
    return newResult(0, [invalid(path, data, `${path} in ${IN} should be at least ${s.minLength} chars long`)]);
  }
  if (typeof s.pattern !== 'string' || s.pattern === '') return newResult(0);
  const re = compilePattern(s.pattern);
  if (typeof re === 'string') {
    return newResult(0, [invalid(path, data, `${path} in ${IN} should match '${s.pattern}, but pattern is invalid: ${re}'`)]);
  }
  return re.test(data) ? newResult(0) : newResult(0, [invalid(path, data, `${path} in ${IN} should match '${s.pattern}'`)]);
}

// swag.IsFloat64AJSONInteger: integral up to a relative error of 1e-15.
function isNearInteger(f: number): boolean {
  return Number.isInteger(f) || Math.abs(f - Math.round(f)) / Math.abs(f) < 1e-15;
}

function multipleOfError(data: number, factor: number, path: string): FieldError | undefined {
  // Integers are checked against int64(factor), floats against the factor itself.
  const f = isInt64(data) ? Math.trunc(factor) : factor;
  if (f <= 0) return invalid(path, f, `factor MultipleOf declared for ${path} must be positive: ${goNumber(f)}`);
  const ok = isInt64(data) ? data % f === 0 : isNearInteger(f < 1 ? (1 / f) * data : data / f);
  return ok ? undefined : invalid(path, data, `${path} in ${IN} should be a multiple of ${goNumber(f)}`);
}

interface Bound {
  value: number | undefined;
  exclusive: boolean | undefined;
  upper: boolean;
}

function boundError(data: number, bound: Bound, path: string): FieldError | undefined {
  if (typeof bound.value !== 'number') return undefined;
  // kube-openapi compares integers with int64(bound), floats with the float bound, and prints accordingly.
  const b = isInt64(data) ? Math.trunc(bound.value) : bound.value;
  const exclusive = bound.exclusive === true;
  const beyond = bound.upper ? data > b : data < b;
  if (!beyond && !(exclusive && data === b)) return undefined;
  const relation = bound.upper ? 'less than' : 'greater than';
  const words = exclusive ? relation : `${relation} or equal to`;
  return invalid(path, data, `${path} in ${IN} should be ${words} ${isInt64(data) ? String(b) : goFloat(b)}`);
}

/** multipleOf, minimum and maximum. */
export function checkNumber(data: number, s: StructuralSchema, path: string): Result {
  const r = newResult(1);
  if (typeof s.multipleOf === 'number') addError(r, multipleOfError(data, s.multipleOf, path));
  addError(r, boundError(data, { value: s.minimum, exclusive: s.exclusiveMinimum, upper: false }, path));
  addError(r, boundError(data, { value: s.maximum, exclusive: s.exclusiveMaximum, upper: true }, path));
  return r;
}

/** JSON with keys in byte order, so equal values compare equal as text (enum, uniqueItems, sets). */
export function canonicalJson(v: JsonValue): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (isJsonObject(v)) {
    const keys = Object.keys(v).sort(byteOrder);
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The enum check: Unsupported value, listing the allowed values. */
export function checkEnum(data: JsonValue, s: StructuralSchema, path: string): Result {
  const values = s.enum;
  if (!Array.isArray(values) || values.length === 0) return newResult(0);
  // A null value never matches: kube-openapi skips nil when comparing.
  if (data !== null && values.some((v) => canonicalJson(v) === canonicalJson(data))) return newResult(0);
  const supported = values.map((v) => goQuote(typeof v === 'string' ? v : canonicalJson(v)));
  const e: FieldError = { type: 'Unsupported', field: fieldOf(path), value: data, detail: `supported values: ${supported.join(', ')}` };
  return newResult(0, [e]);
}

/** minProperties and maxProperties of an object with `count` keys. */
export function propertyCountErrors(count: number, s: StructuralSchema, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (typeof s.minProperties === 'number' && count < s.minProperties) {
    errors.push(invalid(path, count, `${path} in ${IN} should have at least ${s.minProperties} properties`));
  }
  if (typeof s.maxProperties === 'number' && count > s.maxProperties) errors.push(tooMany(path, count, s.maxProperties));
  return errors;
}
