// kube-openapi's SchemaValidator: walks a value and its schema (items, properties, additional
// properties, anyOf/oneOf/allOf/not) and runs the leaf checks of schema-openapi-checks.ts in its order.
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';
import {
  addError,
  canonicalJson,
  checkEnum,
  checkNullType,
  checkNumber,
  checkString,
  checkType,
  composite,
  effectiveFormat,
  fieldOf,
  IN,
  invalid,
  merge,
  newResult,
  propertyCountErrors,
  schemaTypes,
  tooMany,
  type Result,
} from './schema-openapi-checks.js';
import { goQuote } from './schema-messages.js';
import { additionalSchema, joinPath, propertiesOf } from './schema-pruning.js';
import type { StructuralSchema } from './schema-types.js';

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

/** Validates `data` against `s` at `path` the way kube-openapi's SchemaValidator does. */
export function validateNode(data: JsonValue, s: StructuralSchema, path: string): Result {
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
