// Custom resources checked against their CRD's structural schema the way kube-apiserver 1.32 does:
// prune unknown fields, prune non-nullable nulls, default, then validate with kube-openapi's rules,
// reporting in the exact words of field.Error so kubectl users see what a real cluster prints.
import { cloneJson, isJsonObject } from './json.js';
import type { JsonObject, JsonValue } from './json.js';
import { applyDefaults } from './schema-defaults.js';
import {
  additionalSchema,
  byteOrder,
  joinPath,
  propertiesOf,
  propertySchema,
  pruneNonNullableNulls,
  pruneUnknownFields,
} from './schema-pruning.js';

/** The subset of OpenAPI v3 a CRD's `openAPIV3Schema` may use. */
export interface StructuralSchema {
  type?: string;
  description?: string;
  properties?: Record<string, StructuralSchema>;
  required?: string[];
  items?: StructuralSchema;
  additionalProperties?: boolean | StructuralSchema;
  enum?: JsonValue[];
  nullable?: boolean;
  default?: JsonValue;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minProperties?: number;
  maxProperties?: number;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: string;
  allOf?: StructuralSchema[];
  anyOf?: StructuralSchema[];
  oneOf?: StructuralSchema[];
  not?: StructuralSchema;
}

/** One field-level error, shaped like k8s.io/apimachinery's field.Error. */
export interface FieldError {
  type: 'Invalid' | 'Required' | 'Unsupported' | 'TooLong' | 'TooMany' | 'Duplicate';
  field: string;
  /** The offending value as kube-apiserver shows it; absent where field.Error omits it. */
  value?: JsonValue;
  detail: string;
}

/** The `fieldValidation` query parameter of a write. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** What prepareCustomObject hands back to the request handler. */
export interface PreparedObject {
  object: JsonObject;
  errors: FieldError[];
  unknownFields: string[];
}

// ---------------------------------------------------------------------------------------------
// Go formatting: kube-apiserver renders values with %q, %v and (1.32) %#v, and users compare them.

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

// Go's %v of a float64: shortest digits, exponent form outside 1e-4 <= |n| < 1e6.
function goFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const [mantissa, expText] = n.toExponential().split('e');
  const exp = Number(expText);
  if (exp >= -4 && exp < 6) return String(n);
  return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

// JSON numbers that fit int64 reach kube-apiserver as int64, the rest as float64.
function isInt64(n: number): boolean {
  return Number.isSafeInteger(n);
}

function goNumber(n: number): string {
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

// ---------------------------------------------------------------------------------------------
// kube-openapi's SchemaValidator, with its errors translated as kubeOpenAPIResultToFieldErrors does.

interface Result {
  errors: FieldError[];
  // kube-openapi's MatchCount: picks which failing anyOf/oneOf branch gets reported.
  matches: number;
}

const IN = 'body';
// Formats kube-apiserver keeps; every other format is stripped from the schema before validation.
const SUPPORTED_FORMATS = new Set([
  'bsonobjectid', 'uri', 'email', 'hostname', 'ipv4', 'ipv6', 'cidr', 'mac', 'uuid', 'uuid3', 'uuid4', 'uuid5',
  'isbn', 'isbn10', 'isbn13', 'creditcard', 'ssn', 'hexcolor', 'rgbcolor', 'byte', 'password', 'date', 'duration',
  'datetime',
]);

function newResult(matches: number, errors: FieldError[] = []): Result {
  return { errors, matches };
}

function addError(r: Result, e: FieldError | undefined): void {
  if (e === undefined) return;
  const text = formatFieldError(e);
  if (!r.errors.some((x) => formatFieldError(x) === text)) r.errors.push(e);
}

function merge(into: Result, from: Result | undefined): void {
  if (from === undefined) return;
  for (const e of from.errors) addError(into, e);
  into.matches += from.matches;
}

// kube-openapi names paths `.spec`, `spec.x`; a nil field.Path prints as <nil>.
function fieldOf(name: string): string {
  return name === '' || name === '.' ? '<nil>' : name.replace(/^\./, '');
}

function invalid(name: string, value: JsonValue, detail: string): FieldError {
  return { type: 'Invalid', field: fieldOf(name), value, detail };
}

function typeError(name: string, typeName: string, found: string): FieldError {
  return invalid(name, found, `${name} in ${IN} must be of type ${typeName}: ${goQuote(found)}`);
}

function tooMany(name: string, actual: number, max: number): FieldError {
  return { type: 'TooMany', field: fieldOf(name), value: actual, detail: `must have at most ${max} items` };
}

function composite(detail: string): FieldError {
  return { type: 'Invalid', field: '<nil>', value: '', detail };
}

function schemaTypes(s: StructuralSchema): string[] {
  if (s['x-kubernetes-int-or-string'] === true) return ['integer', 'string'];
  return typeof s.type === 'string' && s.type !== '' ? [s.type] : [];
}

function effectiveFormat(s: StructuralSchema): string {
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

function checkNullType(s: StructuralSchema, path: string): Result {
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

function checkType(data: Exclude<JsonValue, null>, s: StructuralSchema, path: string): Result {
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

function checkString(data: string, s: StructuralSchema, path: string): Result {
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

function checkNumber(data: number, s: StructuralSchema, path: string): Result {
  const r = newResult(1);
  if (typeof s.multipleOf === 'number') addError(r, multipleOfError(data, s.multipleOf, path));
  addError(r, boundError(data, { value: s.minimum, exclusive: s.exclusiveMinimum, upper: false }, path));
  addError(r, boundError(data, { value: s.maximum, exclusive: s.exclusiveMaximum, upper: true }, path));
  return r;
}

function canonicalJson(v: JsonValue): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (isJsonObject(v)) {
    const keys = Object.keys(v).sort(byteOrder);
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

function checkArray(data: JsonValue[], s: StructuralSchema, path: string): Result {
  const r = newResult(1);
  const items = s.items;
  if (isJsonObject(items)) data.forEach((item, i) => merge(r, validateNode(item, items, `${path}[${i}]`)));
  if (typeof s.minItems === 'number' && data.length < s.minItems) {
    addError(r, invalid(path, data.length, `${path} in ${IN} should have at least ${s.minItems} items`));
  }
  if (typeof s.maxItems === 'number' && data.length > s.maxItems) addError(r, tooMany(path, data.length, s.maxItems));
  if (s.uniqueItems === true && new Set(data.map(canonicalJson)).size < data.length) {
    addError(r, invalid(path, '', `${path} in ${IN} shouldn't contain duplicates`));
  }
  return r;
}

function checkEnum(data: JsonValue, s: StructuralSchema, path: string): Result {
  const values = s.enum;
  if (!Array.isArray(values) || values.length === 0) return newResult(0);
  // A null value never matches: kube-openapi skips nil when comparing.
  if (data !== null && values.some((v) => canonicalJson(v) === canonicalJson(data))) return newResult(0);
  const supported = values.map((v) => goQuote(typeof v === 'string' ? v : canonicalJson(v)));
  const e: FieldError = { type: 'Unsupported', field: fieldOf(path), value: data, detail: `supported values: ${supported.join(', ')}` };
  return newResult(0, [e]);
}

function propertyCountErrors(count: number, s: StructuralSchema, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (typeof s.minProperties === 'number' && count < s.minProperties) {
    errors.push(invalid(path, count, `${path} in ${IN} should have at least ${s.minProperties} properties`));
  }
  if (typeof s.maxProperties === 'number' && count > s.maxProperties) errors.push(tooMany(path, count, s.maxProperties));
  return errors;
}

function checkAdditional(key: string, value: JsonValue, s: StructuralSchema, path: string): Result {
  if (s.additionalProperties === false) {
    return newResult(0, [invalid(path, key, `${path}.${key} in ${IN} is a forbidden property`)]);
  }
  const schema = additionalSchema(s);
  return schema === undefined ? newResult(0) : validateNode(value, schema, `${path}.${key}`);
}

function checkObject(data: JsonObject, s: StructuralSchema, path: string): Result {
  const r = newResult(0);
  const keys = Object.keys(data);
  for (const e of propertyCountErrors(keys.length, s, path)) addError(r, e);
  const props = propertiesOf(s);
  for (const key of keys) {
    if (!Object.hasOwn(props, key)) merge(r, checkAdditional(key, data[key], s, path));
  }
  for (const [name, prop] of Object.entries(props)) {
    if (Object.hasOwn(data, name)) merge(r, validateNode(data[name], prop, joinPath(path, name)));
  }
  for (const name of Array.isArray(s.required) ? s.required : []) {
    if (!Object.hasOwn(data, name)) addError(r, { type: 'Required', field: fieldOf(`${path}.${name}`), detail: '' });
  }
  return r;
}

function isValid(r: Result): boolean {
  return r.errors.length === 0;
}

function checkAnyOf(main: Result, data: JsonValue, schemas: StructuralSchema[], path: string): void {
  let best: Result | undefined;
  let success: Result | undefined;
  for (const sub of schemas) {
    const res = validateNode(data, sub, path);
    if (isValid(res)) {
      success = res;
      best = undefined;
      break;
    }
    if (best === undefined || res.matches > best.matches) best = res;
  }
  if (success === undefined) addError(main, composite(`${goQuote(path)} must validate at least one schema (anyOf)`));
  merge(main, best ?? success);
}

function checkOneOf(main: Result, data: JsonValue, schemas: StructuralSchema[], path: string): void {
  let validated = 0;
  let best: Result | undefined;
  let first: Result | undefined;
  for (const sub of schemas) {
    const res = validateNode(data, sub, path);
    if (isValid(res)) {
      validated++;
      best = undefined;
      first ??= res;
    } else if (validated === 0 && (best === undefined || res.matches > best.matches)) {
      best = res;
    }
  }
  if (validated === 1) {
    merge(main, first);
    return;
  }
  const found = validated === 0 ? 'Found none valid' : `Found ${validated} valid alternatives`;
  addError(main, composite(`${goQuote(path)} must validate one and only one schema (oneOf). ${found}`));
  merge(main, best);
}

function checkAllOf(main: Result, data: JsonValue, schemas: StructuralSchema[], path: string): void {
  let validated = 0;
  for (const sub of schemas) {
    const res = validateNode(data, sub, path);
    if (isValid(res)) validated++;
    merge(main, res);
  }
  if (validated === schemas.length) return;
  const suffix = validated === 0 ? '. None validated' : '';
  addError(main, composite(`${goQuote(path)} must validate all the schemas (allOf)${suffix}`));
}

function nonEmpty(list: StructuralSchema[] | undefined): list is StructuralSchema[] {
  return Array.isArray(list) && list.length > 0;
}

function checkCombinators(data: JsonValue, s: StructuralSchema, path: string): Result {
  const main = newResult(0);
  if (nonEmpty(s.anyOf)) checkAnyOf(main, data, s.anyOf, path);
  if (nonEmpty(s.oneOf)) checkOneOf(main, data, s.oneOf, path);
  if (nonEmpty(s.allOf)) checkAllOf(main, data, s.allOf, path);
  if (isJsonObject(s.not) && isValid(validateNode(data, s.not, path))) {
    addError(main, composite(`${goQuote(path)} must not validate the schema (not)`));
  }
  main.matches += 1;
  return main;
}

// The validators kube-openapi's SchemaValidator runs for this value, in its order.
function checksFor(data: Exclude<JsonValue, null>, s: StructuralSchema, path: string): Array<() => Result> {
  const checks: Array<() => Result> = [];
  const format = effectiveFormat(s);
  if (schemaTypes(s).length > 0 || format !== '') checks.push(() => checkType(data, s, path));
  checks.push(() => checkCombinators(data, s, path));
  if (typeof data === 'string') checks.push(() => checkString(data, s, path));
  // String formats are not checked here; the format validator still counts as one that ran.
  if (typeof data === 'string' && format !== '') checks.push(() => newResult(0));
  if (typeof data === 'number') checks.push(() => checkNumber(data, s, path));
  if (Array.isArray(data)) checks.push(() => checkArray(data, s, path));
  checks.push(() => checkEnum(data, s, path));
  if (isJsonObject(data)) checks.push(() => checkObject(data, s, path));
  return checks;
}

function validateNode(data: JsonValue, s: StructuralSchema, path: string): Result {
  const r = newResult(0);
  if (data === null) {
    merge(r, checkNullType(s, path));
    merge(r, checkEnum(data, s, path));
    return r;
  }
  for (const check of checksFor(data, s, path)) {
    merge(r, check());
    r.matches += 1;
  }
  r.matches += 1;
  return r;
}

// ---------------------------------------------------------------------------------------------
// Checks outside kube-openapi: embedded resources (schema/objectmeta) and list types (schema/listtype).
// These report field.Path strings, where map keys read `spec.map[key]`.

function fieldError(type: FieldError['type'], field: string, value: JsonValue | undefined, detail: string): FieldError {
  return value === undefined ? { type, field, detail } : { type, field, value, detail };
}

function regexError(msg: string, format: string, examples: string[]): string {
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${format}')`;
}

const DNS1035_FORMAT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FORMAT = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;

function isDns1035Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push('must be no more than 63 characters');
  if (!new RegExp(`^${DNS1035_FORMAT}$`).test(value)) {
    const msg =
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
    errs.push(regexError(msg, DNS1035_FORMAT, ['my-name', 'abc-123']));
  }
  return errs;
}

function isDns1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (Buffer.byteLength(value) > 253) errs.push('must be no more than 253 characters');
  if (!new RegExp(`^${DNS1123_SUBDOMAIN_FORMAT}$`).test(value)) {
    const msg =
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    errs.push(regexError(msg, DNS1123_SUBDOMAIN_FORMAT, ['example.com']));
  }
  return errs;
}

function apiVersionErrors(v: JsonValue, field: string): FieldError[] {
  if (typeof v !== 'string') return [fieldError('Invalid', field, v, 'must be a string')];
  if (v === '') return [fieldError('Invalid', field, v, 'must not be empty')];
  const slashes = v.split('/').length - 1;
  return v !== '/' && slashes > 1 ? [fieldError('Invalid', field, v, `unexpected GroupVersion string: ${v}`)] : [];
}

function kindErrors(v: JsonValue, field: string): FieldError[] {
  if (typeof v !== 'string') return [fieldError('Invalid', field, v, 'must be a string')];
  if (v === '') return [fieldError('Invalid', field, v, 'must not be empty')];
  const errs = isDns1035Label(v.toLowerCase());
  if (errs.length === 0) return [];
  return [fieldError('Invalid', field, v, `may have mixed case, but should otherwise match: ${errs.join(',')}`)];
}

function embeddedResourceErrors(x: JsonObject, path: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const key of ['apiVersion', 'kind']) {
    if (!Object.hasOwn(x, key)) errors.push(fieldError('Required', joinPath(path, key), undefined, 'must not be empty'));
  }
  for (const key of Object.keys(x)) {
    if (key === 'apiVersion') errors.push(...apiVersionErrors(x[key], joinPath(path, key)));
    if (key === 'kind') errors.push(...kindErrors(x[key], joinPath(path, key)));
  }
  return errors;
}

function embeddedErrors(x: JsonValue, s: StructuralSchema | undefined, path: string): FieldError[] {
  if (s === undefined) return [];
  if (Array.isArray(x)) return x.flatMap((item, i) => embeddedErrors(item, s.items, `${path}[${i}]`));
  if (!isJsonObject(x)) return [];
  const errors = s['x-kubernetes-embedded-resource'] === true ? embeddedResourceErrors(x, path) : [];
  for (const key of Object.keys(x)) {
    const prop = propertySchema(s, key);
    if (prop !== undefined) errors.push(...embeddedErrors(x[key], prop, joinPath(path, key)));
    else if (s.additionalProperties !== undefined) errors.push(...embeddedErrors(x[key], additionalSchema(s), `${path}[${key}]`));
  }
  return errors;
}

// Indices of the second occurrence of each repeated value, as validateListSet reports them.
function secondOccurrences(values: string[]): number[] {
  const seen = new Map<string, number>();
  const result: number[] = [];
  values.forEach((v, i) => {
    const times = seen.get(v) ?? 0;
    if (times === 1) result.push(i);
    seen.set(v, times + 1);
  });
  return result;
}

const UNSPECIFIED_KEY = '\u0000unspecified';

function mapKeyOf(item: JsonValue, keys: string[]): JsonObject {
  const key: JsonObject = {};
  if (!isJsonObject(item)) return key;
  for (const k of keys) if (Object.hasOwn(item, k)) key[k] = item[k];
  return key;
}

function listMapErrors(arr: JsonValue[], keys: string[], path: string): FieldError[] {
  const bad = arr.findIndex((x) => x !== null && !isJsonObject(x));
  if (bad >= 0) return [fieldError('Invalid', `${path}[${bad}]`, arr[bad], 'must be an object for an array of list-type map')];
  if (arr.length <= 1) return [];
  const itemKeys = arr.map((x) => mapKeyOf(x, keys));
  // With a single key an absent key and a present one never collide, hence the sentinel.
  const single = keys.length === 1 ? keys[0] : undefined;
  const fingerprints = itemKeys.map((k) =>
    single !== undefined && !Object.hasOwn(k, single) ? UNSPECIFIED_KEY : canonicalJson(k),
  );
  return secondOccurrences(fingerprints).map((i) => fieldError('Duplicate', `${path}[${i}]`, itemKeys[i], ''));
}

function listArrayErrors(arr: JsonValue[], s: StructuralSchema, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const listType = s['x-kubernetes-list-type'];
  if (listType === 'set' && arr.length > 1) {
    const dupes = secondOccurrences(arr.map(canonicalJson));
    errors.push(...dupes.map((i) => fieldError('Duplicate', `${path}[${i}]`, arr[i], '')));
  }
  if (listType === 'map') {
    const keys = s['x-kubernetes-list-map-keys'];
    errors.push(...listMapErrors(arr, Array.isArray(keys) ? keys : [], path));
  }
  const items = s.items;
  if (isJsonObject(items)) arr.forEach((item, i) => errors.push(...listValueErrors(item, items, `${path}[${i}]`)));
  return errors;
}

function listValueErrors(x: JsonValue, s: StructuralSchema, path: string): FieldError[] {
  if (Array.isArray(x)) return listArrayErrors(x, s, path);
  return isJsonObject(x) ? listObjectErrors(x, s, path) : [];
}

function listObjectErrors(x: JsonObject, s: StructuralSchema, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const additional = additionalSchema(s);
  if (additional !== undefined) {
    for (const key of Object.keys(x)) errors.push(...listValueErrors(x[key], additional, `${path}[${key}]`));
  }
  for (const key of Object.keys(x)) {
    const prop = propertySchema(s, key);
    if (prop !== undefined) errors.push(...listValueErrors(x[key], prop, joinPath(path, key)));
  }
  return errors;
}

// ---------------------------------------------------------------------------------------------

/** Prunes (unless Strict), defaults and validates a copy of a custom resource in kube-apiserver's order. */
export function prepareCustomObject(
  obj: JsonObject,
  schema: StructuralSchema,
  options: { fieldValidation: FieldValidation },
): PreparedObject {
  const object = cloneJson(obj);
  // Under Strict the caller answers 400 with these paths, so nothing needs pruning.
  const detected = pruneUnknownFields(object, schema, options.fieldValidation !== 'Strict');
  // kube-apiserver only tracks unknown paths when someone will read them (Warn's warnings, Strict's 400).
  const unknownFields = options.fieldValidation === 'Ignore' ? [] : detected;
  pruneNonNullableNulls(object, schema);
  applyDefaults(object, schema);
  return { object, errors: validateCustomObject(object, schema), unknownFields };
}

/** The schema, embedded-resource and list-type errors of an already pruned and defaulted custom resource. */
export function validateCustomObject(obj: JsonObject, schema: StructuralSchema): FieldError[] {
  return [
    ...validateNode(obj, schema, '').errors,
    ...embeddedErrors(obj, schema, ''),
    ...listObjectErrors(obj, schema, ''),
  ];
}

// ---------------------------------------------------------------------------------------------
// The handful of CustomResourceDefinition checks the simulator needs to refuse a broken CRD with 422.

function str(v: JsonValue | undefined): string {
  return typeof v === 'string' ? v : '';
}

function objectAt(v: JsonValue | undefined): JsonObject {
  return isJsonObject(v) ? v : {};
}

function crdNameErrors(crd: JsonObject, spec: JsonObject): FieldError[] {
  const name = str(objectAt(crd.metadata).name);
  if (name === '') return [fieldError('Required', 'metadata.name', undefined, 'name or generateName is required')];
  const msgs = isDns1123Subdomain(name);
  if (name !== `${str(objectAt(spec.names).plural)}.${str(spec.group)}`) msgs.push('must be spec.names.plural+"."+spec.group');
  return msgs.map((m) => fieldError('Invalid', 'metadata.name', name, m));
}

function groupAndScopeErrors(spec: JsonObject): FieldError[] {
  const group = str(spec.group);
  const errors: FieldError[] = [];
  const groupErrs = isDns1123Subdomain(group);
  if (group === '') errors.push(fieldError('Required', 'spec.group', undefined, ''));
  else if (groupErrs.length > 0) errors.push(fieldError('Invalid', 'spec.group', group, groupErrs.join(',')));
  else if (!group.includes('.')) errors.push(fieldError('Invalid', 'spec.group', group, 'should be a domain with at least one dot'));
  const scope = str(spec.scope);
  if (scope === '') errors.push(fieldError('Required', 'spec.scope', undefined, ''));
  else if (scope !== 'Cluster' && scope !== 'Namespaced') {
    errors.push(fieldError('Unsupported', 'spec.scope', scope, 'supported values: "Cluster", "Namespaced"'));
  }
  return errors;
}

function rootTypeErrors(schema: JsonObject, index: number): FieldError[] {
  const typePath = `spec.versions[${index}].schema.openAPIV3Schema.type`;
  if (schema.type === undefined || schema.type === '') {
    return [fieldError('Required', typePath, undefined, 'must not be empty at the root')];
  }
  return schema.type === 'object' ? [] : [fieldError('Invalid', typePath, schema.type, 'must be object at the root')];
}

function versionsErrors(versions: JsonObject[]): FieldError[] {
  const errors: FieldError[] = [];
  const names = versions.map((v) => str(v.name));
  const hasSchema = versions.map((v) => isJsonObject(objectAt(v.schema).openAPIV3Schema));
  hasSchema.forEach((present, i) => {
    if (!present) errors.push(fieldError('Required', `spec.versions[${i}].schema.openAPIV3Schema`, undefined, 'schemas are required'));
  });
  versions.forEach((version, i) => {
    const nameErrs = isDns1035Label(names[i]);
    if (nameErrs.length > 0) errors.push(fieldError('Invalid', `spec.versions[${i}].name`, names[i], nameErrs.join(',')));
    if (hasSchema[i]) errors.push(...rootTypeErrors(objectAt(objectAt(version.schema).openAPIV3Schema), i));
  });
  // kube-apiserver prints the whole internal versions slice with %#v here; the simulator leaves it out.
  if (new Set(names).size < names.length) {
    errors.push(fieldError('Invalid', 'spec.versions', undefined, 'must contain unique version names'));
  }
  if (versions.filter((v) => v.storage === true).length !== 1) {
    errors.push(fieldError('Invalid', 'spec.versions', undefined, 'must have exactly one version marked as storage version'));
  }
  return errors;
}

function kindLikeErrors(field: string, value: string): FieldError[] {
  const errs = isDns1035Label(value.toLowerCase());
  if (value === '' || errs.length === 0) return [];
  return [fieldError('Invalid', field, value, `may have mixed case, but should otherwise match: ${errs.join(',')}`)];
}

function nameFormatErrors(field: string, value: string): FieldError[] {
  const errs = value === '' ? [] : isDns1035Label(value);
  return errs.length === 0 ? [] : [fieldError('Invalid', field, value, errs.join(','))];
}

function namesErrors(names: JsonObject): FieldError[] {
  const plural = str(names.plural);
  const kind = str(names.kind);
  // v1 defaulting fills singular and listKind from kind before validation runs.
  const singular = str(names.singular) || kind.toLowerCase();
  const listKind = str(names.listKind) || (kind === '' ? '' : `${kind}List`);
  const required: Array<[string, string]> = [['plural', plural], ['singular', singular], ['kind', kind], ['listKind', listKind]];
  const errors = required
    .filter(([, value]) => value === '')
    .map(([field]) => fieldError('Required', `spec.names.${field}`, undefined, ''));
  errors.push(...nameFormatErrors('spec.names.plural', plural), ...nameFormatErrors('spec.names.singular', singular));
  errors.push(...kindLikeErrors('spec.names.kind', kind), ...kindLikeErrors('spec.names.listKind', listKind));
  if (kind !== '' && kind === listKind) {
    errors.push(fieldError('Invalid', 'spec.names.listKind', listKind, 'kind and listKind may not be the same'));
  }
  return errors;
}

/** The subset of kube-apiserver's CustomResourceDefinition validation the simulator enforces, in its order. */
export function validateCrdDefinition(crd: JsonObject): FieldError[] {
  const spec = objectAt(crd.spec);
  const versions = Array.isArray(spec.versions) ? spec.versions.map(objectAt) : [];
  return [
    ...crdNameErrors(crd, spec),
    ...groupAndScopeErrors(spec),
    ...versionsErrors(versions),
    ...namesErrors(objectAt(spec.names)),
  ];
}
