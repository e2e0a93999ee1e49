/** JSON values as they travel through the simulator: parsed bodies, stored objects, patches. */
export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** True for a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A deep copy through structuredClone: stored objects are never shared with callers. */
export function cloneJson<T extends JsonValue>(value: T): T {
  return structuredClone(value);
}

/** Structural equality of two JSON values (object key order does not matter). */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && arraysEqual(a, b);
  return isJsonObject(a) && isJsonObject(b) && objectsEqual(a, b);
}

function arraysEqual(a: JsonValue[], b: JsonValue[]): boolean {
  return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
}

function objectsEqual(a: JsonObject, b: JsonObject): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
}

/** The value at a dotted path (`status.replicas`), or undefined. */
export function getPath(obj: JsonValue | undefined, path: string[]): JsonValue | undefined {
  let cur: JsonValue | undefined = obj;
  for (const seg of path) cur = isJsonObject(cur) ? cur[seg] : undefined;
  return cur;
}

/** The object under `key` of `obj`, or an empty object (never undefined). */
export function objectAt(obj: JsonObject, key: string): JsonObject {
  const v = obj[key];
  return isJsonObject(v) ? v : {};
}

/**
 * A JSON scalar as text, the way it is printed in names, keys and messages: strings as they are,
 * numbers and booleans through String (`3` → "3", `true` → "true"), and `fallback` for null,
 * undefined, objects and arrays, which have no text of their own.
 */
export function str(v: JsonValue | undefined, fallback = ''): string {
  if (typeof v === 'string') return v;
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : fallback;
}

/** The value when it is a string, else `fallback`: for fields that must be strings (`3` → fallback). */
export function stringOr(v: JsonValue | undefined, fallback = ''): string {
  return typeof v === 'string' ? v : fallback;
}
