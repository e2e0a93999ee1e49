// Unknown-field pruning as kube-apiserver's decoder does it for custom resources
// (apiextensions-apiserver pkg/apiserver/schema/pruning and defaulting/prunenulls.go).
import { isJsonObject } from './json.js';
import type { JsonObject, JsonValue } from './json.js';
import type { StructuralSchema } from './schema-types.js';

// Type and object meta are handled by the server itself, never by the CRD schema.
const META_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

interface PruneContext {
  readonly unknown: string[];
  readonly mutate: boolean;
}

/** The declared properties of a schema, guarding against hand-written CRDs with a malformed `properties`. */
export function propertiesOf(schema: StructuralSchema | undefined): Record<string, StructuralSchema> {
  const props = schema?.properties;
  return isJsonObject(props) ? props : {};
}

/** The schema of one property of `schema`, if declared. */
export function propertySchema(schema: StructuralSchema | undefined, key: string): StructuralSchema | undefined {
  const props = propertiesOf(schema);
  return Object.hasOwn(props, key) ? props[key] : undefined;
}

/** The additionalProperties schema, or undefined when it is absent or a boolean. */
export function additionalSchema(schema: StructuralSchema | undefined): StructuralSchema | undefined {
  const ap = schema?.additionalProperties;
  return isJsonObject(ap) ? ap : undefined;
}

/** A dotted path extended by one key, in the `spec.template.bar[0].x` form kube-apiserver reports. */
export function joinPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** Go's string order (UTF-8 bytes), used where kube-apiserver sorts keys or paths. */
export function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** The unknown-field paths of a whole resource, sorted as kube-apiserver sorts them; removed from `obj` when `mutate`. */
export function pruneUnknownFields(obj: JsonObject, schema: StructuralSchema, mutate: boolean): string[] {
  // The resource root always keeps its type and object meta, exactly like an embedded resource.
  const root: StructuralSchema = { ...schema, 'x-kubernetes-embedded-resource': true };
  const ctx: PruneContext = { unknown: [], mutate };
  prune(obj, root, '', ctx);
  return ctx.unknown.sort(byteOrder);
}

/** Drops from a default value whatever its own schema does not declare, as kube-apiserver does when it loads a CRD. */
export function pruneDefaultValue(value: JsonValue, schema: StructuralSchema): void {
  prune(value, schema, '', { unknown: [], mutate: true });
}

function prune(x: JsonValue, s: StructuralSchema | undefined, path: string, ctx: PruneContext): void {
  if (s?.['x-kubernetes-preserve-unknown-fields'] === true) {
    skipPrune(x, s, path, ctx);
  } else if (Array.isArray(x)) {
    x.forEach((item, i) => prune(item, s?.items, `${path}[${i}]`, ctx));
  } else if (isJsonObject(x)) {
    pruneObject(x, s, path, ctx);
  }
}

function pruneObject(x: JsonObject, s: StructuralSchema | undefined, path: string, ctx: PruneContext): void {
  const embedded = s?.['x-kubernetes-embedded-resource'] === true;
  for (const key of Object.keys(x)) {
    if (embedded && META_FIELDS.has(key)) continue;
    const prop = propertySchema(s, key);
    if (prop !== undefined) {
      prune(x[key], prop, joinPath(path, key), ctx);
    } else if (s?.additionalProperties !== undefined) {
      // `additionalProperties: true|false` keeps the key but has no schema for what lies below it.
      prune(x[key], additionalSchema(s), joinPath(path, key), ctx);
    } else {
      dropUnknown(x, key, path, ctx);
    }
  }
}

function dropUnknown(x: JsonObject, key: string, path: string, ctx: PruneContext): void {
  if (!META_FIELDS.has(key) || path !== '') ctx.unknown.push(joinPath(path, key));
  if (ctx.mutate) delete x[key];
}

// Below x-kubernetes-preserve-unknown-fields unknown keys stay, but declared ones are still pruned inside.
function skipPrune(x: JsonValue, s: StructuralSchema, path: string, ctx: PruneContext): void {
  if (Array.isArray(x)) {
    x.forEach((item, i) => {
      if (s.items !== undefined) skipPrune(item, s.items, `${path}[${i}]`, ctx);
    });
    return;
  }
  if (!isJsonObject(x)) return;
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  for (const key of Object.keys(x)) {
    if (embedded && META_FIELDS.has(key)) continue;
    const prop = propertySchema(s, key);
    if (prop !== undefined) prune(x[key], prop, joinPath(path, key), ctx);
    else if (s.additionalProperties !== undefined) prune(x[key], additionalSchema(s), joinPath(path, key), ctx);
  }
}

/** True when the schema carries a usable default: kube-apiserver treats `default: null` as no default. */
export function hasDefault(schema: StructuralSchema | undefined): schema is StructuralSchema & { default: JsonValue } {
  return schema?.default !== undefined && schema.default !== null;
}

function fieldSchema(s: StructuralSchema | undefined, key: string): StructuralSchema | undefined {
  return propertySchema(s, key) ?? additionalSchema(s);
}

/** Drops `null` map values whose schema is neither nullable nor defaulted, so `"f": null` means "f absent". */
export function pruneNonNullableNulls(x: JsonValue, s: StructuralSchema | undefined): void {
  if (Array.isArray(x)) {
    for (const item of x) pruneNonNullableNulls(item, s?.items);
    return;
  }
  if (!isJsonObject(x)) return;
  for (const key of Object.keys(x)) {
    const sub = fieldSchema(s, key);
    if (x[key] === null && sub !== undefined && sub.nullable !== true && !hasDefault(sub)) delete x[key];
    else pruneNonNullableNulls(x[key], sub);
  }
}
