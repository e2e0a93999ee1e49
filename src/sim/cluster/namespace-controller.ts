import { objectAt, str } from '../json.js';
import { nameOf } from '../object-meta.js';
import type { StoredEvent } from '../store.js';
import { isDeleting, KEYS, meta, type ClusterContext, type ClusterController } from './context.js';
import { KeyQueue } from './key-queue.js';

/** Empties a terminating namespace of every namespaced object, then removes the namespace itself. */
export function startNamespaceController(ctx: ClusterContext): ClusterController {
  const nsType = ctx.builtin('', 'namespaces');

  function sync(name: string): void {
    const ns = ctx.storage.find(nsType, '', name);
    if (!ns || !isDeleting(ns)) return;
    let remaining = 0;
    for (const t of ctx.registry.all()) {
      if (!t.namespaced || t.version !== t.versions[0]) continue;
      for (const obj of ctx.storage.list(t, name, {}).items) {
        remaining++;
        if (!isDeleting(obj)) ctx.storage.delete(t, name, nameOf(obj), { propagationPolicy: 'Background' });
      }
    }
    // Objects held by finalizers keep the namespace Terminating until their owners let go.
    if (remaining > 0) {
      queue.addAfter(name, 200);
      return;
    }
    if (objectAt(ns, 'status').phase === 'Terminating') ctx.storage.purge(nsType, '', name);
  }

  const queue = new KeyQueue('namespace-controller', sync, ctx.logError);
  return {
    onEvent(e: StoredEvent): void {
      if (e.typeKey === KEYS.namespaces && e.type !== 'DELETED' && isDeleting(e.object)) queue.add(str(meta(e.object).name));
    },
    stop: () => queue.stop(),
  };
}
