import { objectAt, type JsonObject } from './json.js';

/** Where an object is stored within its type: its namespace ('' when cluster-scoped) and name. */
export interface NamespacedName {
  namespace: string;
  name: string;
}

/** The metadata of an object (never undefined). */
export function metaOf(obj: JsonObject): JsonObject {
  return objectAt(obj, 'metadata');
}

/** metadata.name, or '' when absent. */
export function nameOf(obj: JsonObject): string {
  const n = metaOf(obj).name;
  return typeof n === 'string' ? n : '';
}

/** metadata.namespace, or '' for cluster-scoped objects. */
export function namespaceOf(obj: JsonObject): string {
  const n = metaOf(obj).namespace;
  return typeof n === 'string' ? n : '';
}

/** The namespace and name of a stored object, to address it in RestStorage. */
export function namespacedNameOf(obj: JsonObject): NamespacedName {
  return { namespace: namespaceOf(obj), name: nameOf(obj) };
}

/** metadata.finalizers (the strings among them). */
export function finalizersOf(obj: JsonObject): string[] {
  const f = metaOf(obj).finalizers;
  return Array.isArray(f) ? f.filter((x): x is string => typeof x === 'string') : [];
}
