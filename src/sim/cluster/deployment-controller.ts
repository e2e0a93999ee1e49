import { cloneJson, isJsonObject, jsonEqual, objectAt, str, type JsonObject } from '../json.js';
import { timestamp } from '../names.js';
import { nameOf, namespacedNameOf, namespaceOf } from '../object-meta.js';
import type { StoredEvent } from '../store.js';
import { isDeleting, keyOf, KEYS, meta, type ClusterContext, type ClusterController } from './context.js';
import { KeyQueue, splitKey } from './key-queue.js';
import { controllerRef } from './owner-index.js';
import { controlledBy } from './controlled.js';
import { podTemplateHash } from './pod-template-hash.js';

const REVISION = 'deployment.kubernetes.io/revision';

function revisionOf(rs: JsonObject): number {
  const a = meta(rs).annotations;
  return Number(isJsonObject(a) ? (a[REVISION] ?? 0) : 0) || 0;
}

function num(v: unknown, fallback = 0): number {
  return typeof v === 'number' ? v : fallback;
}

function templateWithoutHash(rs: JsonObject): JsonObject {
  const template = cloneJson(objectAt(objectAt(rs, 'spec'), 'template'));
  const labels = objectAt(objectAt(template, 'metadata'), 'labels');
  delete labels['pod-template-hash'];
  return template;
}

/**
 * A Deployment owns one ReplicaSet per pod template (named with pod-template-hash). The newest template's
 * ReplicaSet is scaled to spec.replicas; older ones go to zero once it is available (at once for Recreate).
 */
export function startDeploymentController(ctx: ClusterContext): ClusterController {
  const deployType = ctx.builtin('apps', 'deployments');
  const rsType = ctx.builtin('apps', 'replicasets');

  const owned = (d: JsonObject): JsonObject[] => controlledBy(ctx, str(meta(d).uid), { key: KEYS.replicasets, resource: rsType }).filter((rs) => !isDeleting(rs));

  function newReplicaSet(d: JsonObject, hash: string, revision: number): JsonObject {
    const m = meta(d);
    const spec = objectAt(d, 'spec');
    const template = cloneJson(objectAt(spec, 'template'));
    const tmeta = (template.metadata = { ...objectAt(template, 'metadata') });
    tmeta.labels = { ...objectAt(tmeta, 'labels'), 'pod-template-hash': hash };
    const selector = cloneJson(objectAt(spec, 'selector'));
    selector.matchLabels = { ...objectAt(selector, 'matchLabels'), 'pod-template-hash': hash };
    return {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${str(m.name)}-${hash}`,
        namespace: m.namespace ?? 'default',
        labels: tmeta.labels,
        annotations: { [REVISION]: String(revision) },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: m.name ?? '', uid: m.uid ?? '', controller: true, blockOwnerDeletion: true }],
      },
      spec: { replicas: 0, minReadySeconds: spec.minReadySeconds ?? 0, selector, template },
    };
  }

  function scale(rs: JsonObject, replicas: number): void {
    if (num(objectAt(rs, 'spec').replicas, 1) === replicas) return;
    ctx.storage.update(rsType, namespacedNameOf(rs), { ...rs, spec: { ...objectAt(rs, 'spec'), replicas } });
  }

  function sync(key: string): void {
    const [ns, name] = splitKey(key);
    const d = ctx.storage.find(deployType, ns, name);
    if (!d || isDeleting(d)) return;
    const spec = objectAt(d, 'spec');
    const hash = podTemplateHash(spec.template);
    const sets = owned(d);
    let current = sets.find((rs) => jsonEqual(templateWithoutHash(rs), objectAt(spec, 'template')));
    const old = sets.filter((rs) => rs !== current);
    const replicas = num(spec.replicas, 1);
    if (spec.paused !== true) {
      if (!current) {
        if (objectAt(spec, 'strategy').type === 'Recreate' && old.some((rs) => num(objectAt(rs, 'status').replicas) > 0)) {
          old.forEach((rs) => scale(rs, 0));
          return;
        }
        const revision = Math.max(0, ...sets.map(revisionOf)) + 1;
        current = ctx.storage.create(rsType, ns, newReplicaSet(d, hash, revision)).object;
      }
      scale(current, replicas);
      const available = num(objectAt(current, 'status').availableReplicas);
      if (available >= replicas || objectAt(spec, 'strategy').type === 'Recreate') old.forEach((rs) => scale(rs, 0));
      pruneHistory(d, old);
    }
    updateStatus(d, current, sets);
  }

  // Old ReplicaSets at zero beyond revisionHistoryLimit are deleted, oldest first.
  function pruneHistory(d: JsonObject, old: JsonObject[]): void {
    const limit = num(objectAt(d, 'spec').revisionHistoryLimit, 10);
    const idle = old.filter((rs) => num(objectAt(rs, 'spec').replicas) === 0 && num(objectAt(rs, 'status').replicas) === 0).sort((a, b) => revisionOf(a) - revisionOf(b));
    for (const rs of idle.slice(0, Math.max(0, idle.length - limit))) ctx.storage.delete(rsType, namespaceOf(rs), nameOf(rs));
  }

  function updateStatus(d: JsonObject, current: JsonObject | undefined, sets: JsonObject[]): void {
    const status = deploymentStatus(d, current, sets, timestamp(ctx.now()));
    if (jsonEqual(status, objectAt(d, 'status'))) return;
    ctx.storage.update(deployType, namespacedNameOf(d), { ...d, status }, { subresource: 'status' });
  }

  const queue = new KeyQueue('deployment-controller', sync, ctx.logError);
  return {
    onEvent(e: StoredEvent): void {
      if (e.typeKey === KEYS.deployments && e.type !== 'DELETED') queue.add(keyOf(e.object));
      if (e.typeKey !== KEYS.replicasets) return;
      const owner = controllerRef(e.object);
      if (owner?.kind === 'Deployment') queue.add(`${str(meta(e.object).namespace)}/${str(owner.name)}`);
    },
    stop: () => queue.stop(),
  };
}

/**
 * A Deployment's status from its ReplicaSets: counts summed over all of them, updatedReplicas from the
 * current one, complete once the current one alone runs every replica (3 desired, new RS 3/3 available,
 * old RS at 0 → Available and NewReplicaSetAvailable).
 */
function deploymentStatus(d: JsonObject, current: JsonObject | undefined, sets: JsonObject[], now: string): JsonObject {
  const sum = (field: string): number => sets.reduce((n, rs) => n + num(objectAt(rs, 'status')[field]), 0);
  const replicas = num(objectAt(d, 'spec').replicas, 1);
  const available = sum('availableReplicas');
  const updated = current ? num(objectAt(current, 'status').replicas) : 0;
  const prev = objectAt(d, 'status');
  const complete = updated === replicas && available >= replicas && sum('replicas') === replicas;
  const status: JsonObject = {
    observedGeneration: meta(d).generation ?? 1,
    replicas: sum('replicas'),
    updatedReplicas: updated,
    readyReplicas: sum('readyReplicas'),
    availableReplicas: available,
    conditions: [keepTime(prev, availableCondition(available >= replicas), now), keepTime(prev, progressingCondition(current, complete), now)],
  };
  if (replicas - available > 0) status.unavailableReplicas = replicas - available;
  return status;
}

function availableCondition(available: boolean): JsonObject {
  if (available) return { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' };
  return { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' };
}

function progressingCondition(current: JsonObject | undefined, complete: boolean): JsonObject {
  const name = current ? str(meta(current).name) : '';
  const reason = complete ? 'NewReplicaSetAvailable' : 'ReplicaSetUpdated';
  return { type: 'Progressing', status: 'True', reason, message: `ReplicaSet "${name}" ${complete ? 'has successfully progressed.' : 'is progressing.'}` };
}

// Condition times move only on change: lastUpdateTime when status or reason changes, lastTransitionTime when status does.
function keepTime(prev: JsonObject, c: JsonObject, now: string): JsonObject {
  const conditions = Array.isArray(prev.conditions) ? prev.conditions.filter(isJsonObject) : [];
  const before = conditions.find((x) => x.type === c.type);
  const same = before && before.status === c.status && before.reason === c.reason;
  return { ...c, lastUpdateTime: same ? (before.lastUpdateTime ?? now) : now, lastTransitionTime: before && before.status === c.status ? (before.lastTransitionTime ?? now) : now };
}
