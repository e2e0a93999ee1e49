import { str, type JsonObject } from '../json.js';
import { namespacedNameOf } from '../object-meta.js';
import type { ResourceType } from '../resource-type.js';
import type { StoredEvent } from '../store.js';
import { isDeleting, meta, type ClusterContext, type ClusterController } from './context.js';
import { KeyQueue } from './key-queue.js';
import { ownerRefsOf, type ObjectRef } from './owner-index.js';

/** A live object and its type, as the collector loads it by reference. */
interface Loaded {
  t: ResourceType;
  obj: JsonObject;
}

function finalizers(obj: JsonObject): string[] {
  const f = meta(obj).finalizers;
  return Array.isArray(f) ? f.map(String) : [];
}

/**
 * Kubernetes garbage collection over ownerReferences: dependents whose owners are all gone are deleted
 * (background), `foregroundDeletion` waits for dependents before the owner goes, `orphan` strips the
 * owner from its dependents, and an object created with only dangling owners is collected.
 */
export function startGarbageCollector(ctx: ClusterContext): ClusterController {
  const typeByKey = (key: string): ResourceType | undefined => {
    const [group, resource] = key.split('/');
    return ctx.registry.findAnyVersion(group, resource);
  };
  const load = (ref: ObjectRef): Loaded | undefined => {
    const t = typeByKey(ref.typeKey);
    const obj = t ? ctx.storage.find(t, ref.namespace, ref.name) : undefined;
    return t && obj && meta(obj).uid === ref.uid ? { t, obj } : undefined;
  };

  // Dependents of a vanished owner: drop the reference, or delete the dependent when no owner remains.
  function collectDependent(ref: ObjectRef, ownerUid: string, orphan: boolean): void {
    const found = load(ref);
    if (!found) return;
    const refs = ownerRefsOf(found.obj);
    const remaining = refs.filter((r) => str(r.uid) !== ownerUid);
    if (remaining.length === refs.length) return;
    if (orphan || remaining.some((r) => ctx.owners.exists(str(r.uid)))) {
      const metadata: JsonObject = { ...meta(found.obj), ownerReferences: remaining };
      if (remaining.length === 0) delete metadata.ownerReferences;
      ctx.storage.update(found.t, ref, { ...found.obj, metadata });
      return;
    }
    if (!isDeleting(found.obj)) ctx.storage.delete(found.t, ref.namespace, ref.name, { propagationPolicy: 'Background' });
  }

  function processOwner(uid: string): void {
    const ref = ctx.owners.byUid(uid);
    const found = ref ? load(ref) : undefined;
    const dependents = ctx.owners.dependentsOf(uid);
    if (!found) {
      for (const d of dependents) collectDependent(d, uid, false);
      ctx.owners.prune(uid);
      return;
    }
    // A live owner needs the collector only while it is being deleted.
    if (isDeleting(found.obj)) finishDeletion(found, uid, dependents);
  }

  // The finalizers the collector owns: `orphan` releases the dependents, `foregroundDeletion` waits for them.
  function finishDeletion(found: Loaded, uid: string, dependents: ObjectRef[]): void {
    const f = finalizers(found.obj);
    if (f.includes('orphan')) {
      for (const d of dependents) collectDependent(d, uid, true);
      return removeFinalizer(found, 'orphan');
    }
    if (f.includes('foregroundDeletion')) deleteForeground(found, dependents);
  }

  // Deletes the dependents (foreground too, so that grandchildren go first); the owner goes when none is left.
  function deleteForeground(found: Loaded, dependents: ObjectRef[]): void {
    const live = dependents.filter((d) => load(d));
    for (const d of live) {
      const dep = load(d);
      if (dep && !isDeleting(dep.obj)) ctx.storage.delete(dep.t, d.namespace, d.name, { propagationPolicy: 'Foreground' });
    }
    if (live.length === 0) removeFinalizer(found, 'foregroundDeletion');
  }

  function removeFinalizer(found: Loaded, name: string): void {
    const m = meta(found.obj);
    const next = finalizers(found.obj).filter((x) => x !== name);
    ctx.storage.update(found.t, namespacedNameOf(found.obj), { ...found.obj, metadata: { ...m, finalizers: next } });
  }

  function checkDangling(uid: string): void {
    const ref = ctx.owners.byUid(uid);
    const found = ref ? load(ref) : undefined;
    if (!ref || !found || isDeleting(found.obj)) return;
    const owners = ownerRefsOf(found.obj);
    if (owners.length > 0 && owners.every((o) => !ctx.owners.exists(str(o.uid)))) {
      ctx.storage.delete(found.t, ref.namespace, ref.name, { propagationPolicy: 'Background' });
    }
  }

  const owners = new KeyQueue('garbage-collector', processOwner, ctx.logError);
  const dangling = new KeyQueue('garbage-collector', checkDangling, ctx.logError);

  return {
    onEvent(e: StoredEvent): void {
      ctx.owners.apply(e);
      const uid = str(meta(e.object).uid);
      if (e.type === 'DELETED' || isDeleting(e.object)) owners.add(uid);
      // Owner of a dependent being foreground-deleted: re-check whether it may go now.
      if (e.type === 'DELETED') for (const o of ownerRefsOf(e.object)) owners.add(str(o.uid));
      if (e.type === 'ADDED' && ownerRefsOf(e.object).length > 0) dangling.addAfter(uid, 50);
    },
    stop: () => {
      owners.stop();
      dangling.stop();
    },
  };
}
