// Structural defaulting as kube-apiserver applies it to custom resources
// (apiextensions-apiserver pkg/apiserver/schema/defaulting/algorithm.go).
import { cloneJson, isJsonObject } from './json.js';
import type { JsonObject, JsonValue } from './json.js';
import { additionalSchema, hasDefault, propertiesOf, pruneDefaultValue } from './schema-pruning.js';
import type { StructuralSchema } from './schema-types.js';

function isNonNullableNull(x: JsonValue | undefined, s: StructuralSchema | undefined): boolean {
  return x === null && s !== undefined && s.nullable !== true;
}

// A fresh copy per use, so two defaulted fields never share one object.
function defaultCopy(s: StructuralSchema | undefined): JsonValue {
  if (!hasDefault(s)) return null;
  const value = cloneJson(s.default);
  pruneDefaultValue(value, s);
  return value;
}

/** Fills in `default`s in place for missing properties and non-nullable nulls, recursing into items, map values and the defaults themselves. */
export function applyDefaults(x: JsonValue, s: StructuralSchema | undefined): void {
  if (s === undefined) return;
  if (Array.isArray(x)) {
    defaultArray(x, s.items);
  } else if (isJsonObject(x)) {
    defaultObject(x, s);
  }
}

function defaultArray(x: JsonValue[], items: StructuralSchema | undefined): void {
  for (let i = 0; i < x.length; i++) {
    if (isNonNullableNull(x[i], items)) x[i] = defaultCopy(items);
    applyDefaults(x[i], items);
  }
}

function defaultObject(x: JsonObject, s: StructuralSchema): void {
  const props = propertiesOf(s);
  for (const [key, prop] of Object.entries(props)) {
    if (!hasDefault(prop)) continue;
    if (!Object.hasOwn(x, key) || isNonNullableNull(x[key], prop)) x[key] = defaultCopy(prop);
  }
  const additional = additionalSchema(s);
  for (const key of Object.keys(x)) {
    if (Object.hasOwn(props, key)) {
      applyDefaults(x[key], props[key]);
    } else if (additional !== undefined) {
      if (isNonNullableNull(x[key], additional)) x[key] = defaultCopy(additional);
      applyDefaults(x[key], additional);
    }
  }
}
