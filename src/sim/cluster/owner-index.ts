import { isJsonObject, str, type JsonObject } from '../json.js';
import type { NamespacedName } from '../object-meta.js';
import type { StoredEvent } from '../store.js';

/** Where a stored object lives. */
export interface ObjectRef extends NamespacedName {
  typeKey: string;
  uid: string;
}

/** The owner references of an object. */
export function ownerRefsOf(obj: JsonObject): JsonObject[] {
  const meta = obj.metadata;
  const refs = isJsonObject(meta) ? meta.ownerReferences : undefined;
  return Array.isArray(refs) ? refs.filter(isJsonObject) : [];
}

/** The owner reference marked `controller: true`, if any. */
export function controllerRef(obj: JsonObject): JsonObject | undefined {
  return ownerRefsOf(obj).find((r) => r.controller === true);
}

function refOf(e: StoredEvent, obj: JsonObject): ObjectRef {
  const meta = isJsonObject(obj.metadata) ? obj.metadata : {};
  return { typeKey: e.typeKey, namespace: e.namespace, name: str(meta.name), uid: str(meta.uid) };
}

/** Every live object by uid, and dependents by owner uid: what garbage collection and controllers look up. */
export class OwnerIndex {
  #byUid = new Map<string, ObjectRef>();
  #dependents = new Map<string, Map<string, ObjectRef>>();

  /** Updates the index from a committed change. */
  apply(e: StoredEvent): void {
    const ref = refOf(e, e.object);
    if (e.previous) for (const o of ownerRefsOf(e.previous)) this.#dependents.get(str(o.uid))?.delete(ref.uid);
    if (e.type === 'DELETED') {
      this.#byUid.delete(ref.uid);
      return;
    }
    this.#byUid.set(ref.uid, ref);
    for (const o of ownerRefsOf(e.object)) {
      const uid = str(o.uid);
      let deps = this.#dependents.get(uid);
      if (!deps) this.#dependents.set(uid, (deps = new Map<string, ObjectRef>()));
      deps.set(ref.uid, ref);
    }
  }

  exists(uid: string): boolean {
    return this.#byUid.has(uid);
  }

  byUid(uid: string): ObjectRef | undefined {
    return this.#byUid.get(uid);
  }

  /** The objects that name `ownerUid` in their ownerReferences. */
  dependentsOf(ownerUid: string): ObjectRef[] {
    const deps = this.#dependents.get(ownerUid);
    return deps ? [...deps.values()] : [];
  }

  /** Forgets an owner that is gone and has no dependents left. */
  prune(ownerUid: string): void {
    if (this.#dependents.get(ownerUid)?.size === 0) this.#dependents.delete(ownerUid);
  }
}
