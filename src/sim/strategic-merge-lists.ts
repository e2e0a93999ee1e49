// List handling of strategic merge patch, after k8s.io/apimachinery/pkg/util/strategicpatch:
// merge-key lists, primitive sets, atomic lists, `$setElementOrder` and `$deleteFromPrimitiveList`.
import type { JsonObject, JsonValue } from './json.js';
import { isJsonObject } from './json.js';
import { PatchError, describeJson } from './patch-error.js';
import type { PatchMetadata } from './patch-metadata.js';
import { mergeListAt } from './patch-metadata.js';

export const DIRECTIVE = '$patch';

/** Merges a patch map into a live map; undefined means the map is deleted (`$patch: delete`). */
export type MapMerger = (live: JsonObject, patch: JsonObject, scope: Scope) => JsonObject | undefined;

/** Where a merge runs: the kind's merge lists, the field path, and the map merger used for list entries. */
export interface Scope {
  readonly lists: PatchMetadata;
  readonly path: string;
  readonly mergeMap: MapMerger;
}

// What identifies a list entry when matching and ordering: its merge key value, or the value itself.
type Identity = (entry: JsonValue) => JsonValue | undefined;

/** The scope of field `key` inside the map at `scope`. */
export function fieldScope(scope: Scope, key: string): Scope {
  return { ...scope, path: scope.path === '' ? key : `${scope.path}.${key}` };
}

/** The path for error messages: the root has an empty path. */
export function describePath(scope: Scope): string {
  return scope.path === '' ? 'the object root' : scope.path;
}

/** The error for a `$patch` value the apiserver does not know. */
export function unknownDirective(directive: JsonValue, where: JsonObject): PatchError {
  return new PatchError(`unknown patch type: ${describeJson(directive)} in map: ${describeJson(where)}`);
}

/** Merges a patch list into a live list as the list's metadata says: by merge key, as a set, or replaced. */
export function mergeList(live: JsonValue[], patch: JsonValue[], scope: Scope): JsonValue[] {
  const list = mergeListAt(scope.lists, scope.path);
  if (list === undefined) {
    return replaceList(patch, scope);
  }
  return list.mergeKey === undefined ? mergeSet(live, patch, scope) : mergeByKey(live, patch, list.mergeKey, scope);
}

/** Merges list `field` under `$setElementOrder/field`; undefined when neither the live object nor the patch has the list. */
export function mergeOrderedList(
  live: JsonValue | undefined,
  patch: JsonValue | undefined,
  order: JsonValue,
  scope: Scope,
): JsonValue[] | undefined {
  if (!Array.isArray(order) || (patch !== undefined && !Array.isArray(patch))) {
    throw new PatchError(`invalid patch format of setElementOrder list at ${describePath(scope)}`);
  }
  const liveList = Array.isArray(live) ? live : [];
  if (!Array.isArray(live) && patch === undefined) {
    return undefined;
  }
  const identity = identityAt(scope);
  checkOrder(patch ?? [], order, identity, scope);
  const merged = patch === undefined ? liveList : mergeList(liveList, patch, scope);
  return normalizeOrder(merged, order, liveList, identity);
}

/** Removes the values of `$deleteFromPrimitiveList/field` from the live list; a missing list stays missing. */
export function deleteFromList(live: JsonValue | undefined, toDelete: JsonValue, scope: Scope): JsonValue | undefined {
  if (!Array.isArray(toDelete)) {
    throw new PatchError(`invalid patch format of primitive list at ${describePath(scope)}: ${describeJson(toDelete)}`);
  }
  return Array.isArray(live) ? live.filter((value) => !toDelete.includes(value)) : live;
}

// Atomic lists are taken from the patch, but each entry is still built as if patched onto nothing,
// so that nulls and directives never reach the stored object (the apiserver drops them when it
// decodes into Go types).
function replaceList(patch: JsonValue[], scope: Scope): JsonValue[] {
  const entries = entryScope(scope);
  const result: JsonValue[] = [];
  for (const entry of patch) {
    const built = buildEntry(entry, entries);
    if (built !== undefined) {
      result.push(built);
    }
  }
  return result;
}

function buildEntry(entry: JsonValue, scope: Scope): JsonValue | undefined {
  if (isJsonObject(entry)) {
    return isBareDirective(entry) ? undefined : scope.mergeMap({}, entry, scope);
  }
  return Array.isArray(entry) ? replaceList(entry, entryScope(scope)) : entry;
}

function mergeSet(live: JsonValue[], patch: JsonValue[], scope: Scope): JsonValue[] {
  const entry = patch.find((value) => typeof value === 'object' && value !== null);
  if (entry !== undefined) {
    throw new PatchError(`${describePath(scope)} is a list of primitives; cannot merge ${describeJson(entry)} into it`);
  }
  const merged = [...new Set([...live, ...patch])];
  return normalizeOrder(merged, patch, live, (value) => value);
}

function mergeByKey(live: JsonValue[], patch: JsonValue[], mergeKey: string, scope: Scope): JsonValue[] {
  const { base, entries } = applyEntryDirectives(live, patch, mergeKey, scope);
  const entriesScope = entryScope(scope);
  const merged = [...base];
  for (const entry of entries) {
    const index = merged.findIndex((value) => sameKey(value, entry, mergeKey));
    const current = index >= 0 ? merged[index] : undefined;
    const next = scope.mergeMap(isJsonObject(current) ? current : {}, entry, entriesScope);
    if (next === undefined) {
      continue;
    }
    if (index >= 0) {
      merged[index] = next;
    } else {
      merged.push(next);
    }
  }
  return normalizeOrder(merged, entries, base, keyIdentity(mergeKey));
}

// `$patch` entries act on the live list (delete by key, replace all) and are not merged themselves.
function applyEntryDirectives(
  live: JsonValue[],
  patch: JsonValue[],
  mergeKey: string,
  scope: Scope,
): { base: JsonValue[]; entries: JsonObject[] } {
  let base = live;
  let replace = false;
  const entries: JsonObject[] = [];
  for (const value of patch) {
    const entry = requireMergeKey(value, mergeKey, scope);
    const directive = entry[DIRECTIVE];
    if (directive === undefined) {
      entries.push(entry);
    } else if (directive === 'delete') {
      base = base.filter((current) => !sameKey(current, entry, mergeKey));
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      // The apiserver rejects this; merging is what a merge list does anyway, so it is accepted.
      entries.push(...mergeEntryOf(entry));
    } else {
      throw unknownDirective(directive, entry);
    }
  }
  return { base: replace ? [] : base, entries };
}

function mergeEntryOf(entry: JsonObject): JsonObject[] {
  const rest = Object.fromEntries(Object.entries(entry).filter(([key]) => key !== DIRECTIVE));
  return Object.keys(rest).length > 0 ? [rest] : [];
}

// Bare `{"$patch": "replace"}` markers are the only entries allowed without a merge key.
function requireMergeKey(value: JsonValue, mergeKey: string, scope: Scope): JsonObject {
  if (!isJsonObject(value)) {
    throw new PatchError(`${describePath(scope)} is merged by "${mergeKey}"; its entries must be maps, got ${describeJson(value)}`);
  }
  if (!Object.hasOwn(value, mergeKey) && !(isBareDirective(value) && value[DIRECTIVE] !== 'delete')) {
    throw new PatchError(`map: ${describeJson(value)} does not contain declared merge key: ${mergeKey}`);
  }
  return value;
}

function isBareDirective(entry: JsonObject): boolean {
  return Object.keys(entry).length === 1 && Object.hasOwn(entry, DIRECTIVE);
}

function entryScope(scope: Scope): Scope {
  return { ...scope, path: `${scope.path}[]` };
}

function keyIdentity(mergeKey: string): Identity {
  return (entry) => (isJsonObject(entry) ? entry[mergeKey] : undefined);
}

function identityAt(scope: Scope): Identity {
  const mergeKey = mergeListAt(scope.lists, scope.path)?.mergeKey;
  return mergeKey === undefined ? (value) => value : keyIdentity(mergeKey);
}

function sameKey(a: JsonValue, b: JsonValue, mergeKey: string): boolean {
  const identity = keyIdentity(mergeKey);
  return sameIdentity(identity(a), identity(b));
}

function sameIdentity(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  return a !== undefined && a === b;
}

function indexIn(list: JsonValue[], entry: JsonValue, identity: Identity): number {
  const id = identity(entry);
  return list.findIndex((value) => sameIdentity(identity(value), id));
}

// kubectl apply sends the order it wants; entries it names must appear in the patch list in
// that same relative order, or the patch is inconsistent.
function checkOrder(patch: JsonValue[], order: JsonValue[], identity: Identity, scope: Scope): void {
  const named = patch.filter((entry) => !(isJsonObject(entry) && Object.hasOwn(entry, DIRECTIVE)));
  let next = 0;
  for (const entry of order) {
    if (next < named.length && sameIdentity(identity(named[next]), identity(entry))) {
      next += 1;
    }
  }
  if (next < named.length) {
    throw new PatchError(
      `the order in patch list ${describeJson(patch)} doesn't match $setElementOrder list ${describeJson(order)} at ${describePath(scope)}`,
    );
  }
}

// The apiserver's ordering: entries named by the patch follow the patch order, the others keep
// their live order, and the two are interleaved by live position. An entry new to the list
// therefore lands before the live entries that follow it in the patch (often at the front).
function normalizeOrder(merged: JsonValue[], order: JsonValue[], live: JsonValue[], identity: Identity): JsonValue[] {
  const named = merged.filter((entry) => indexIn(order, entry, identity) >= 0);
  const liveOnly = merged.filter((entry) => indexIn(order, entry, identity) < 0);
  return interleave(sortedBy(liveOnly, live, identity), sortedBy(named, order, identity), live, identity);
}

function sortedBy(entries: JsonValue[], order: JsonValue[], identity: Identity): JsonValue[] {
  const rank = (entry: JsonValue): number => {
    const index = indexIn(order, entry, identity);
    return index >= 0 ? index : order.length;
  };
  return [...entries].sort((a, b) => rank(a) - rank(b));
}

function interleave(liveOnly: JsonValue[], named: JsonValue[], live: JsonValue[], identity: Identity): JsonValue[] {
  const result: JsonValue[] = [];
  let i = 0;
  let j = 0;
  while (i < liveOnly.length || j < named.length) {
    if (j >= named.length || (i < liveOnly.length && livesBefore(liveOnly[i], named[j], live, identity))) {
      result.push(liveOnly[i]);
      i += 1;
    } else {
      result.push(named[j]);
      j += 1;
    }
  }
  return result;
}

function livesBefore(a: JsonValue, b: JsonValue, live: JsonValue[], identity: Identity): boolean {
  const ia = indexIn(live, a, identity);
  const ib = indexIn(live, b, identity);
  return ia >= 0 && ib >= 0 && ia < ib;
}
