// Checks outside kube-openapi: embedded resources (schema/objectmeta) and list types (schema/listtype).
// These report field.Path strings, where map keys read `spec.map[key]`.
import { isDns1035Label } from './dns-names.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';
import { canonicalJson } from './schema-openapi-checks.js';
import { additionalSchema, joinPath, propertySchema } from './schema-pruning.js';
import { fieldError, type FieldError, type StructuralSchema } from './schema-types.js';

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

/** apiVersion and kind errors of every x-kubernetes-embedded-resource below `x`. */
export function embeddedErrors(x: JsonValue, s: StructuralSchema | undefined, path: string): FieldError[] {
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

/** Duplicate items of x-kubernetes-list-type set and map lists anywhere below an object. */
export function listObjectErrors(x: JsonObject, s: StructuralSchema, path: string): FieldError[] {
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
