import { jsonEqual, objectAt, str, type JsonObject } from '../json.js';
import { nameOf, namespacedNameOf } from '../object-meta.js';
import type { StoredEvent } from '../store.js';
import { isDeleting, keyOf, KEYS, meta, type ClusterContext, type ClusterController } from './context.js';
import { KeyQueue, splitKey } from './key-queue.js';
import { controllerRef } from './owner-index.js';
import { controlledBy, podFromTemplate } from './controlled.js';
import { isPodFinished, isPodReady, readyForMs } from './pod-status.js';

// Pods a ReplicaSet creates or deletes per pass, so that one huge scale-up cannot starve the others.
const BURST = 500;


// Which pods to delete first when scaling down: not yet ready, then the newest (as kube ranks them).
function deletionOrder(a: JsonObject, b: JsonObject): number {
  const ready = Number(isPodReady(a)) - Number(isPodReady(b));
  if (ready !== 0) return ready;
  return str(meta(b).creationTimestamp).localeCompare(str(meta(a).creationTimestamp));
}

/** Keeps each ReplicaSet's pod count at spec.replicas and its status in step with its pods. */
export function startReplicaSetController(ctx: ClusterContext): ClusterController {
  const rsType = ctx.builtin('apps', 'replicasets');
  const podType = ctx.builtin('', 'pods');

  const ownedPods = (rs: JsonObject): JsonObject[] => controlledBy(ctx, str(meta(rs).uid), { key: KEYS.pods, resource: podType });

  function sync(key: string): void {
    const [ns, name] = splitKey(key);
    const rs = ctx.storage.find(rsType, ns, name);
    if (!rs || isDeleting(rs)) return;
    const pods = ownedPods(rs).filter((p) => !isDeleting(p) && !isPodFinished(p));
    const desired = Number(objectAt(rs, 'spec').replicas ?? 1);
    const diff = desired - pods.length;
    for (let i = 0; i < Math.min(diff, BURST); i++) ctx.storage.create(podType, ns, podFromTemplate(rs, { apiVersion: 'apps/v1', kind: 'ReplicaSet' }));
    if (diff < 0) for (const p of [...pods].sort(deletionOrder).slice(0, Math.min(-diff, BURST))) ctx.storage.delete(podType, ns, nameOf(p));
    if (Math.abs(diff) > BURST) queue.add(key);
    updateStatus(key, rs, diff === 0 ? pods : ownedPods(rs).filter((p) => !isDeleting(p) && !isPodFinished(p)));
  }

  function updateStatus(key: string, rs: JsonObject, pods: JsonObject[]): void {
    const minReadyMs = Number(objectAt(rs, 'spec').minReadySeconds ?? 0) * 1000;
    const now = ctx.now();
    const ready = pods.filter(isPodReady);
    const available = ready.filter((p) => readyForMs(p, now) >= minReadyMs);
    if (available.length < ready.length) queue.addAfter(key, minReadyMs);
    const status: JsonObject = { ...objectAt(rs, 'status'), replicas: pods.length, fullyLabeledReplicas: pods.length, readyReplicas: ready.length, availableReplicas: available.length, observedGeneration: meta(rs).generation ?? 1 };
    if (jsonEqual(status, objectAt(rs, 'status'))) return;
    ctx.storage.update(rsType, namespacedNameOf(rs), { ...rs, status }, { subresource: 'status' });
  }

  const queue = new KeyQueue('replicaset-controller', sync, ctx.logError);
  return {
    onEvent(e: StoredEvent): void {
      if (e.typeKey === KEYS.replicasets && e.type !== 'DELETED') queue.add(keyOf(e.object));
      if (e.typeKey !== KEYS.pods) return;
      const owner = controllerRef(e.object);
      if (owner?.kind === 'ReplicaSet') queue.add(`${str(meta(e.object).namespace)}/${str(owner.name)}`);
    },
    stop: () => queue.stop(),
  };
}
