import type { Rollout } from '../api/types.js';
import type { MetadataPatch, RolloutAction, RolloutPlan } from './plan/plan-types.js';
import type { RolloutWrites } from './ports.js';
import { mergePatchBetween } from './status-patch.js';

function metadataPatch(metadata: MetadataPatch | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (metadata?.labels) out.labels = metadata.labels;
  if (metadata?.annotations) out.annotations = metadata.annotations;
  return out;
}

function replicaSetPatch(action: Extract<RolloutAction, { kind: 'patchReplicaSet' }>): object {
  const patch: Record<string, unknown> = {};
  if (action.metadata) patch.metadata = metadataPatch(action.metadata);
  const spec: Record<string, unknown> = {};
  if (action.templateMetadata) spec.template = { metadata: metadataPatch(action.templateMetadata) };
  if (action.minReadySeconds !== undefined) spec.minReadySeconds = action.minReadySeconds;
  if (Object.keys(spec).length) patch.spec = spec;
  return patch;
}

/**
 * Runs one planned write through the ports; returns the rollout when the write changed it. Writes to
 * the rollout carry `resourceVersion` as a precondition: the plan holds only for the object it read.
 */
export async function applyAction(writes: RolloutWrites, rollout: Rollout, action: RolloutAction, resourceVersion = rollout.metadata?.resourceVersion ?? ''): Promise<Rollout | void> {
  const ns = rollout.metadata?.namespace ?? 'default';
  switch (action.kind) {
    case 'createReplicaSet':
      return writes.createReplicaSet(ns, action.replicaSet);
    case 'scaleReplicaSet':
      return writes.patchReplicaSet(ns, action.name, { metadata: { annotations: action.annotations ?? {} }, spec: { replicas: action.replicas } });
    case 'patchReplicaSet':
      return writes.patchReplicaSet(ns, action.name, replicaSetPatch(action));
    case 'deleteReplicaSet':
      return writes.deleteReplicaSet(ns, action.name, action.uid);
    case 'setServiceSelector':
      return writes.setServiceSelector(ns, action.service, { hash: action.podTemplateHash, rollout: rollout.metadata?.name ?? '' });
    case 'patchRolloutMetadata':
      return writes.patchRollout(ns, rollout.metadata?.name ?? '', { metadata: { ...metadataPatch(action.metadata), resourceVersion } });
    case 'patchPodMetadata':
      return writes.patchPod(ns, action.name, { metadata: metadataPatch(action.metadata) });
    case 'evictPod':
      return writes.evictPod(ns, action.name);
  }
}

/** What applying a plan did, for the reconcile log line. */
export interface ApplyResult {
  writes: number;
  statusPatched: boolean;
  rollout?: Rollout;
}

/**
 * Applies a plan in order: the actions, then the status (only the fields that changed, with the
 * resourceVersion the plan was made from as a precondition, so that a promote or abort written
 * meanwhile is never overwritten), then the events (best effort).
 */
export async function applyPlan(writes: RolloutWrites, rollout: Rollout, plan: RolloutPlan, onEventError: (err: unknown) => void): Promise<ApplyResult> {
  let count = 0;
  // Our own metadata write moves the resourceVersion; the status precondition follows it.
  let resourceVersion = rollout.metadata?.resourceVersion ?? '';
  for (const action of plan.actions) {
    const changed = await applyAction(writes, rollout, action, resourceVersion);
    if (changed) resourceVersion = changed.metadata?.resourceVersion ?? resourceVersion;
    count++;
  }
  let updated: Rollout | undefined;
  const patch = plan.status ? mergePatchBetween(rollout.status ?? {}, plan.status) : undefined;
  if (patch !== undefined) {
    updated = await writes.patchRolloutStatus(rollout.metadata?.namespace ?? 'default', rollout.metadata?.name ?? '', { status: patch }, resourceVersion);
    count++;
  }
  for (const event of plan.events) {
    try {
      await writes.recordEvent(rollout, event);
    } catch (err) {
      onEventError(err);
    }
  }
  return { writes: count, statusPatched: updated !== undefined, rollout: updated };
}
