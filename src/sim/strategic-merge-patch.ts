// Kubernetes strategic merge patch, as applied by the apiserver for built-in kinds
// (k8s.io/apimachinery/pkg/util/strategicpatch, StrategicMergeMapPatch). Maps merge recursively,
// null deletes, lists merge as the kind's patch metadata says, and the directives kubectl sends
// ($patch, $retainKeys, $setElementOrder/<field>, $deleteFromPrimitiveList/<field>) are honoured.
import type { JsonObject, JsonValue } from './json.js';
import { cloneJson, isJsonObject } from './json.js';
import { PatchError, describeJson } from './patch-error.js';
import type { BuiltinKindRef } from './patch-metadata.js';
import { patchMetadataFor } from './patch-metadata.js';
import type { Scope } from './strategic-merge-lists.js';
import {
  DIRECTIVE,
  deleteFromList,
  describePath,
  fieldScope,
  mergeList,
  mergeOrderedList,
  unknownDirective,
} from './strategic-merge-lists.js';

export { PatchError } from './patch-error.js';

const RETAIN_KEYS = '$retainKeys';
const SET_ELEMENT_ORDER = '$setElementOrder';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';

// CRD schemas (JSONSchemaProps) have real fields spelled like directives.
const DATA_KEYS: ReadonlySet<string> = new Set(['$ref', '$schema']);

/** Applies a strategic merge patch to an object of a built-in kind and returns a new object; inputs are not modified. */
export function applyStrategicMergePatch(original: JsonObject, patch: JsonObject, kind: BuiltinKindRef): JsonObject {
  const lists = patchMetadataFor(kind);
  if (lists === undefined) {
    const group = kind.group === '' ? '' : `.${kind.group}`;
    throw new PatchError(`strategic merge patch format is not supported for ${kind.kind}${group}`, 415);
  }
  const merged = mergeMap(original, patch, { lists, path: '', mergeMap });
  // The merge shares untouched subtrees with its inputs; the caller gets a value of its own.
  return cloneJson(merged ?? {});
}

function mergeMap(live: JsonObject, patch: JsonObject, scope: Scope): JsonObject | undefined {
  const directive = patch[DIRECTIVE];
  if (directive === undefined) {
    return mergeFields(live, patch, scope);
  }
  const body = Object.fromEntries(Object.entries(patch).filter(([key]) => key !== DIRECTIVE));
  switch (directive) {
    case 'delete':
      return undefined;
    case 'replace':
      return mergeFields({}, body, scope);
    case 'merge':
      // The apiserver rejects this on maps; merging is the default, so it is accepted as a no-op.
      return mergeFields(live, body, scope);
    default:
      throw unknownDirective(directive, patch);
  }
}

// Same order as the apiserver: $retainKeys clears fields first, then ordered lists are merged
// with their $setElementOrder, then everything else.
function mergeFields(live: JsonObject, patch: JsonObject, scope: Scope): JsonObject {
  const result = retainKeys(live, patch, scope);
  for (const key of Object.keys(patch)) {
    if (key.startsWith(SET_ELEMENT_ORDER)) {
      mergeOrdered(result, patch, key, scope);
    }
  }
  for (const key of Object.keys(patch)) {
    mergeField(result, patch, key, scope);
  }
  return result;
}

function retainKeys(live: JsonObject, patch: JsonObject, scope: Scope): JsonObject {
  const keep = patch[RETAIN_KEYS];
  if (keep === undefined) {
    return { ...live };
  }
  if (!Array.isArray(keep)) {
    throw new PatchError(`invalid patch format of retainKeys at ${describePath(scope)}: ${describeJson(keep)}`);
  }
  const stray = Object.keys(patch).find((key) => patch[key] !== null && !isDirectiveKey(key) && !keep.includes(key));
  if (stray !== undefined) {
    throw new PatchError(
      `invalid patch format of retainKeys at ${describePath(scope)}: field "${stray}" is set but not in ${describeJson(keep)}`,
    );
  }
  return Object.fromEntries(Object.entries(live).filter(([key]) => keep.includes(key)));
}

function mergeOrdered(result: JsonObject, patch: JsonObject, key: string, scope: Scope): void {
  const field = directiveField(key, SET_ELEMENT_ORDER);
  const ordered = mergeOrderedList(result[field], patch[field], patch[key], fieldScope(scope, field));
  if (ordered !== undefined) {
    result[field] = ordered;
  }
}

function mergeField(result: JsonObject, patch: JsonObject, key: string, scope: Scope): void {
  if (isDirectiveKey(key)) {
    applyFieldDirective(result, key, patch[key], scope);
    return;
  }
  if (Object.hasOwn(patch, `${SET_ELEMENT_ORDER}/${key}`)) {
    return;
  }
  setField(result, key, mergeValue(result[key], patch[key], fieldScope(scope, key)));
}

function applyFieldDirective(result: JsonObject, key: string, value: JsonValue, scope: Scope): void {
  if (key === RETAIN_KEYS || key.startsWith(SET_ELEMENT_ORDER)) {
    return;
  }
  if (!key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
    throw new PatchError(`unknown patch directive "${key}" at ${describePath(scope)}`);
  }
  const field = directiveField(key, DELETE_FROM_PRIMITIVE_LIST);
  setField(result, field, deleteFromList(result[field], value, fieldScope(scope, field)));
}

// A value patched onto nothing (a missing field, or one of another type) is still merged, onto an
// empty map or list, so that its nulls and directives are resolved rather than stored.
function mergeValue(live: JsonValue | undefined, patch: JsonValue, scope: Scope): JsonValue | undefined {
  if (patch === null) {
    return undefined;
  }
  if (isJsonObject(patch)) {
    return mergeMap(isJsonObject(live) ? live : {}, patch, scope);
  }
  if (Array.isArray(patch)) {
    return mergeList(Array.isArray(live) ? live : [], patch, scope);
  }
  return patch;
}

function setField(result: JsonObject, key: string, value: JsonValue | undefined): void {
  if (value === undefined) {
    delete result[key];
  } else {
    result[key] = value;
  }
}

function isDirectiveKey(key: string): boolean {
  return key.startsWith('$') && !DATA_KEYS.has(key);
}

function directiveField(key: string, prefix: string): string {
  const field = key.startsWith(`${prefix}/`) ? key.slice(prefix.length + 1) : '';
  if (field === '') {
    throw new PatchError(`invalid patch directive "${key}": expected ${prefix}/<field>`);
  }
  return field;
}
