import type { Pod } from '../../api/kube-types.js';
import type { PlanContext } from './plan-context.js';
import { getReplicaCountForReplicaSets, maxUnavailable } from './replica-counts.js';
import { desiredReplicas } from './replica-set-actions.js';

// Pods are checked again this often while a restart is in progress (Argo's restartPodCheckTime).
const RESTART_CHECK_MS = 30_000;

function isAvailable(pod: Pod, minReadySeconds: number, nowMs: number): boolean {
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready' && c.status === 'True');
  if (!ready || pod.metadata.deletionTimestamp) return false;
  if (minReadySeconds === 0) return true;
  const since = Date.parse(ready.lastTransitionTime ?? '');
  return Number.isFinite(since) && since + minReadySeconds * 1000 <= nowMs;
}

// Stable pods first, then canary pods, then the rest oldest first (Argo's SortReplicaSetsByPriority).
function orderedPods(ctx: PlanContext): Pod[] {
  const { stableRS, newRS, other } = ctx.roles;
  const order = [stableRS, newRS, ...other].filter((rs, i, arr) => rs && arr.indexOf(rs) === i);
  const uids = order.map((rs) => rs?.metadata.uid);
  return ctx.pods
    .filter((p) => p.metadata.ownerReferences?.some((o) => uids.includes(o.uid)))
    .sort((a, b) => uids.indexOf(a.metadata.ownerReferences?.[0]?.uid) - uids.indexOf(b.metadata.ownerReferences?.[0]?.uid));
}

/**
 * spec.restartAt: evicts pods created before it, never more at once than maxUnavailable (at least 1)
 * below the desired availability; when none is left, status.restartedAt records the restart.
 * Returns the number of pods evicted in this pass (a pass that evicts stops there, as Argo's does).
 */
export function reconcileRestart(ctx: PlanContext): number {
  const restartAt = ctx.rollout.spec.restartAt;
  if (!restartAt) return 0;
  const restartMs = Date.parse(restartAt);
  const nowMs = ctx.now.toMillis();
  if (restartMs > nowMs) {
    ctx.requeueAfterMs.push(restartMs - nowMs);
    return 0;
  }
  if (ctx.rollout.status?.restartedAt === restartAt) return 0;
  const pods = orderedPods(ctx);
  const total = getReplicaCountForReplicaSets(ctx.roles.all);
  const available = pods.filter((p) => isAvailable(p, ctx.rollout.spec.minReadySeconds ?? 0, nowMs)).length;
  const concurrent = Math.max(maxUnavailable(ctx.rollout), 1);
  let canRestart = available - (Math.max(desiredReplicas(ctx), total) - concurrent);
  let evicted = 0;
  let stale = 0;
  for (const pod of pods) {
    if (Date.parse(pod.metadata.creationTimestamp ?? '') >= restartMs) continue;
    stale++;
    if (canRestart <= 0 || pod.metadata.deletionTimestamp) continue;
    ctx.actions.push({ kind: 'evictPod', name: pod.metadata.name ?? '' });
    canRestart--;
    evicted++;
  }
  if (stale - evicted > 0) {
    ctx.requeueAfterMs.push(RESTART_CHECK_MS);
    ctx.reasons.push(`restart: ${evicted} of ${stale} pods older than restartAt evicted this pass`);
  } else {
    ctx.carried.restartedAt = restartAt;
    ctx.reasons.push(`restart: the last ${evicted} pods older than restartAt evicted`);
  }
  return evicted;
}
