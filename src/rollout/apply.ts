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

// Only the parts the action sets: { metadata?, spec?: { template?: { metadata }, minReadySeconds? } }.
function replicaSetPatch(action: Extract<RolloutAction, { kind: 'patchReplicaSet' }>): object {
  const patch: Record<string, unknown> = {};
  if (action.metadata) patch.metadata = metadataPatch(action.metadata);
  const spec: Record<string, unknown> = {};
  if (action.templateMetadata) spec.template = { metadata: metadataPatch(action.templateMetadata) };
  if (action.minReadySeconds !== undefined) spec.minReadySeconds = action.minReadySeconds;
  if (Object.keys(spec).length) patch.spec = spec;
  return patch;
}

/** The rollout a plan is applied to, as every write needs it. */
interface ApplyTarget {
  writes: RolloutWrites;
  rollout: Rollout;
  namespace: string;
  name: string;
  /** The precondition of writes to the rollout: the plan holds only for the object it read. */
  resourceVersion: string;
}

type Handler<K extends RolloutAction['kind']> = (target: ApplyTarget, action: Extract<RolloutAction, { kind: K }>) => Promise<Rollout | number | void>;

// A router that cannot be brought to the desired state is reported on the Rollout (Argo's
// TrafficRoutingError) and the reconcile fails, to be retried with backoff.
async function routeTraffic(t: ApplyTarget, a: Extract<RolloutAction, { kind: 'routeTraffic' }>): Promise<number> {
  try {
    return await t.writes.routeTraffic(t.rollout, a.desired);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await t.writes.recordEvent(t.rollout, { type: 'Warning', reason: 'TrafficRoutingError', message }).catch(() => undefined);
    throw err;
  }
}

// One port call per action kind; a write to the rollout answers the updated rollout, a router write
// the number of objects it wrote.
const HANDLERS: { [K in RolloutAction['kind']]: Handler<K> } = {
  createReplicaSet: (t, a) => t.writes.createReplicaSet(t.namespace, a.replicaSet),
  scaleReplicaSet: (t, a) => t.writes.patchReplicaSet(t.namespace, a.name, { metadata: { annotations: a.annotations ?? {} }, spec: { replicas: a.replicas } }),
  patchReplicaSet: (t, a) => t.writes.patchReplicaSet(t.namespace, a.name, replicaSetPatch(a)),
  deleteReplicaSet: (t, a) => t.writes.deleteReplicaSet(t.namespace, a.name, a.uid),
  setServiceSelector: (t, a) => t.writes.setServiceSelector(t.namespace, a.service, { hash: a.podTemplateHash, rollout: t.name }),
  patchRolloutMetadata: (t, a) => t.writes.patchRollout(t.namespace, t.name, { metadata: { ...metadataPatch(a.metadata), resourceVersion: t.resourceVersion } }),
  patchPodMetadata: (t, a) => t.writes.patchPod(t.namespace, a.name, { metadata: metadataPatch(a.metadata) }),
  evictPod: (t, a) => t.writes.evictPod(t.namespace, a.name),
  scaleDeployment: (t, a) => t.writes.scaleDeployment(t.namespace, a.name, a.replicas),
  createAnalysisRun: (t, a) => t.writes.createAnalysisRun(t.namespace, a.run),
  terminateAnalysisRun: (t, a) => t.writes.terminateAnalysisRun(t.namespace, a.name),
  deleteAnalysisRun: (t, a) => t.writes.deleteAnalysisRun(t.namespace, a.name),
  routeTraffic,
};

/** Runs one planned write through the ports; returns the rollout when the write changed it. */
function applyAction(target: ApplyTarget, action: RolloutAction): Promise<Rollout | number | void> {
  const handler = HANDLERS[action.kind] as Handler<typeof action.kind>;
  return handler(target, action);
}

/** What applying a plan did, for the reconcile log line. */
export interface ApplyResult {
  writes: number;
  statusPatched: boolean;
  rollout?: Rollout;
}

// The writes that move traffic: a router, a Service selector, or replicas.
const TRAFFIC_KINDS = new Set<RolloutAction['kind']>(['routeTraffic', 'setServiceSelector', 'scaleReplicaSet']);

/** Callbacks of one applyPlan. */
export interface ApplyHooks {
  /** An event could not be recorded (events are best effort). */
  onEventError: (err: unknown) => void;
  /** Called once, right after the plan's first traffic write (timing aborts). */
  onTrafficWritten?: () => void;
}

// The actions in order; our own metadata write moves the resourceVersion, and the next writes follow
// it. Answers the API writes made: one per action, or what a router reports.
async function applyActions(target: ApplyTarget, actions: readonly RolloutAction[], onTrafficWritten?: () => void): Promise<number> {
  let writes = 0;
  let trafficPending = onTrafficWritten !== undefined;
  for (const action of actions) {
    const changed = await applyAction(target, action);
    if (trafficPending && TRAFFIC_KINDS.has(action.kind)) {
      trafficPending = false;
      onTrafficWritten?.();
    }
    if (typeof changed === 'number') {
      writes += changed;
      continue;
    }
    writes++;
    if (changed) target.resourceVersion = changed.metadata?.resourceVersion ?? target.resourceVersion;
  }
  return writes;
}

// Only the fields that changed, preconditioned on the resourceVersion the plan was made from.
async function patchStatus(target: ApplyTarget, rollout: Rollout, plan: RolloutPlan): Promise<Rollout | undefined> {
  const patch = plan.status ? mergePatchBetween(rollout.status ?? {}, plan.status) : undefined;
  // Unchanged (or no status planned): no call.
  if (patch === undefined) return undefined;
  return target.writes.patchRolloutStatus(target.namespace, target.name, { status: patch }, target.resourceVersion);
}

async function recordEvents(writes: RolloutWrites, rollout: Rollout, plan: RolloutPlan, onEventError: (err: unknown) => void): Promise<void> {
  for (const event of plan.events) {
    try {
      await writes.recordEvent(rollout, event);
    } catch (err) {
      onEventError(err);
    }
  }
}

/**
 * Applies a plan in order: the actions, then the status (only the fields that changed, with the
 * resourceVersion the plan was made from as a precondition, so that a promote or abort written
 * meanwhile is never overwritten), then the events (best effort). 3 actions and a changed status
 * → 4 writes.
 */
export async function applyPlan(writes: RolloutWrites, rollout: Rollout, plan: RolloutPlan, hooks: ApplyHooks): Promise<ApplyResult> {
  const meta = rollout.metadata ?? {};
  const target: ApplyTarget = { writes, rollout, namespace: meta.namespace ?? 'default', name: meta.name ?? '', resourceVersion: meta.resourceVersion ?? '' };
  const actionWrites = await applyActions(target, plan.actions, hooks.onTrafficWritten);
  const updated = await patchStatus(target, rollout, plan);
  await recordEvents(writes, rollout, plan, hooks.onEventError);
  return { writes: actionWrites + (updated ? 1 : 0), statusPatched: updated !== undefined, rollout: updated };
}
