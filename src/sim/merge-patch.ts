import type { JsonObject, JsonValue } from './json.js';
import { cloneJson, isJsonObject } from './json.js';

/** Applies a JSON merge patch (RFC 7386) and returns a new value; neither input is modified. */
export function applyMergePatch(target: JsonValue, patch: JsonValue): JsonValue {
  return mergeInto(cloneJson(target), patch);
}

// `target` is already a private copy, so it may be updated in place; values taken from the
// patch are copied so that the result never shares structure with the caller's patch.
function mergeInto(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isJsonObject(patch)) {
    return cloneJson(patch);
  }
  const result: JsonObject = isJsonObject(target) ? target : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key];
    } else {
      result[key] = mergeInto(result[key], value);
    }
  }
  return result;
}
