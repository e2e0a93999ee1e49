import type { Pod } from '../../api/kube-types.js';
import type { PlanContext } from './plan-context.js';
import { getReplicaCountForReplicaSets, maxUnavailable } from './replica-counts.js';
import { desiredReplicas } from './replica-set-actions.js';

// Pods are checked again this often while a restart is in progress (Argo's restartPodCheckTime).
const RESTART_CHECK_MS = 30_000;

/**
 * Kubernetes' IsPodAvailable: Ready, not being deleted, and Ready for longer than minReadySeconds
 * (ready at 12:00:00 with minReadySeconds 30 → available after 12:00:30, not at it).
 */
function isAvailable(pod: Pod, minReadySeconds: number, nowMs: number): boolean {
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready' && c.status === 'True');
  if (!ready || pod.metadata.deletionTimestamp) return false;
  if (minReadySeconds === 0) return true;
  const since = Date.parse(ready.lastTransitionTime ?? '');
  return Number.isFinite(since) && since + minReadySeconds * 1000 < nowMs;
}

// Stable pods first, then canary pods, then the rest oldest first (Argo's SortReplicaSetsByPriority).
function orderedPods(ctx: PlanContext): Pod[] {
  const { stableRS, newRS, other } = ctx.roles;
  const order = [stableRS, newRS, ...other].filter((rs, i, arr) => rs && arr.indexOf(rs) === i);
  const uids = order.map((rs) => rs?.metadata.uid);
  const rank = (p: Pod): number => uids.indexOf(p.metadata.ownerReferences?.[0]?.uid);
  return ctx.pods.filter((p) => p.metadata.ownerReferences?.some((o) => uids.includes(o.uid))).sort((a, b) => rank(a) - rank(b));
}

/**
 * How many pods may be evicted now: the available ones above max(spec.replicas, pods asked for)
 * minus maxUnavailable (at least 1, so a restart can always proceed). 4 replicas, 4 available,
 * maxUnavailable 1 → 1; with a replacement not yet available (3 available) → 0.
 */
function restartBudget(ctx: PlanContext, pods: readonly Pod[]): number {
  const nowMs = ctx.now.toMillis();
  const minReady = ctx.rollout.spec.minReadySeconds ?? 0;
  const available = pods.filter((p) => isAvailable(p, minReady, nowMs)).length;
  const concurrent = Math.max(maxUnavailable(ctx.rollout), 1);
  const total = Math.max(desiredReplicas(ctx), getReplicaCountForReplicaSets(ctx.roles.all));
  return available - (total - concurrent);
}

// A restart not yet due asks to be woken at restartAt; one recorded as done needs nothing.
function restartDue(ctx: PlanContext, restartMs: number): boolean {
  const untilDue = restartMs - ctx.now.toMillis();
  if (untilDue > 0) {
    ctx.requeueAfterMs.push(untilDue);
    return false;
  }
  return ctx.rollout.status?.restartedAt !== ctx.rollout.spec.restartAt;
}

/**
 * spec.restartAt (Argo's RolloutPodRestarter): evicts pods created before it, in priority order,
 * as many as restartBudget allows; while some remain it looks again every 30 s, and once none is
 * left status.restartedAt records the restart. Returns the number of pods evicted in this pass (a
 * pass that evicts stops there, as Argo's does).
 */
export function reconcileRestart(ctx: PlanContext): number {
  const restartAt = ctx.rollout.spec.restartAt;
  // No restart asked for.
  if (!restartAt) return 0;
  const restartMs = Date.parse(restartAt);
  if (!restartDue(ctx, restartMs)) return 0;
  const pods = orderedPods(ctx);
  const stale = pods.filter((p) => Date.parse(p.metadata.creationTimestamp ?? '') < restartMs);
  const evicted = stale.filter((p) => !p.metadata.deletionTimestamp).slice(0, Math.max(0, restartBudget(ctx, pods)));
  for (const pod of evicted) ctx.actions.push({ kind: 'evictPod', name: pod.metadata.name ?? '' });
  if (stale.length > evicted.length) {
    ctx.requeueAfterMs.push(RESTART_CHECK_MS);
    ctx.reasons.push(`restart: ${evicted.length} of ${stale.length} pods older than restartAt evicted this pass`);
  } else {
    ctx.carried.restartedAt = restartAt;
    ctx.reasons.push(`restart: the last ${evicted.length} pods older than restartAt evicted`);
  }
  return evicted.length;
}
