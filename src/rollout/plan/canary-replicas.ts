import type { ReplicaSet } from '../../api/kube-types.js';
import { ANNOTATIONS } from '../../api/labels.js';
import type { PlanContext } from './plan-context.js';
import { calculateReplicaCountsForBasicCanary, getAvailableReplicaCountForReplicaSets, maxUnavailable } from './replica-counts.js';
import { desiredReplicas, scaleReplicaSet } from './replica-set-actions.js';
import { revisionOf } from './replica-set-roles.js';

function basicCounts(ctx: PlanContext): { canary: number; stable: number } {
  const { newRS, stableRS, other } = ctx.roles;
  return calculateReplicaCountsForBasicCanary({ rollout: ctx.rollout, newRS, stableRS, otherRSs: other });
}

// The stable ReplicaSet is reconciled first, and only when it differs from the new one.
function reconcileStable(ctx: PlanContext): boolean {
  const { newRS, stableRS } = ctx.roles;
  if (!stableRS || !newRS || stableRS.metadata.name === newRS.metadata.name) return false;
  return scaleReplicaSet(ctx, stableRS, basicCounts(ctx).stable);
}

function reconcileNew(ctx: PlanContext): boolean {
  const newRS = ctx.roles.newRS;
  if (!newRS) return false;
  return scaleReplicaSet(ctx, newRS, basicCounts(ctx).canary);
}

function isActive(rs: ReplicaSet): boolean {
  return (rs.spec.replicas ?? 1) > 0;
}

// First scale every old ReplicaSet down to what is actually available: unhealthy pods only block.
function cleanupUnhealthy(ctx: PlanContext, olds: ReplicaSet[]): number {
  let scaledDown = 0;
  for (const rs of olds) {
    const replicas = rs.spec.replicas ?? 1;
    const available = rs.status?.availableReplicas ?? 0;
    if (replicas === 0 || replicas === available) continue;
    scaleReplicaSet(ctx, rs, available);
    scaledDown += replicas - available;
  }
  return scaledDown;
}

/**
 * Takes `budget` pods away from the old ReplicaSets, newest revision first, each down to 0 if the
 * budget allows: budget 3 over revision 5 with 2 pods and revision 3 with 4 → 0 and 3. Returns the
 * pods taken.
 */
function scaleDownNewestFirst(ctx: PlanContext, budget: number): number {
  let left = budget;
  const byRevisionDesc = ctx.roles.other.filter(isActive).sort((a, b) => revisionOf(b) - revisionOf(a));
  for (const rs of byRevisionDesc) {
    if (left <= 0) break;
    const replicas = rs.spec.replicas ?? 1;
    const desired = Math.max(0, replicas - left);
    scaleReplicaSet(ctx, rs, desired);
    left -= replicas - desired;
  }
  return budget - left;
}

/**
 * Scales down ReplicaSets that are neither new nor stable (Argo's scaleDownOldReplicaSetsForCanary,
 * basic canary): unhealthy pods first, then as many pods as availability above spec.replicas −
 * maxUnavailable allows, newest revisions first. E.g. replicas 6, maxUnavailable 1, 6 available →
 * at most 1 pod goes per pass.
 */
function reconcileOthers(ctx: PlanContext): boolean {
  const olds = ctx.roles.other.filter(isActive).sort((a, b) => String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)));
  // No old pod asked for.
  if (olds.length === 0) return false;
  const unhealthy = cleanupUnhealthy(ctx, olds);
  const budget = getAvailableReplicaCountForReplicaSets(ctx.roles.all) - (desiredReplicas(ctx) - maxUnavailable(ctx.rollout));
  // Argo answers 0 here, not counting the unhealthy pods just removed: the pass goes on.
  if (budget <= 0) return false;
  return unhealthy + scaleDownNewestFirst(ctx, budget) > 0;
}

// A stable or new ReplicaSet that carries a scale-down deadline from an earlier release no longer needs it.
function removeDeadlines(ctx: PlanContext): void {
  const { newRS, stableRS } = ctx.roles;
  for (const rs of [newRS, stableRS]) {
    if (rs?.metadata.annotations?.[ANNOTATIONS.scaleDownDeadline] === undefined) continue;
    ctx.actions.push({ kind: 'patchReplicaSet', name: rs.metadata.name ?? '', metadata: { annotations: { [ANNOTATIONS.scaleDownDeadline]: null } } });
  }
}

/** Why replica counts must not move now (Argo's haltProgress): a manual pause or an inconclusive analysis. */
export function haltReason(ctx: PlanContext): string | undefined {
  if (ctx.rollout.spec.paused) return 'user paused';
  if (ctx.rollout.status?.pauseConditions?.some((c) => c.reason === 'InconclusiveAnalysisRun')) return 'inconclusive analysis';
  return undefined;
}

/**
 * Argo's reconcileCanaryReplicaSets for a canary without traffic routing: stable first, then new,
 * then the others; each stage that scales ends the pass, so the next pass sees the new counts.
 * Returns true when something was scaled.
 */
export function reconcileCanaryReplicaSets(ctx: PlanContext): boolean {
  const halt = haltReason(ctx);
  if (halt) {
    ctx.reasons.push(`replica sets left as they are: ${halt}`);
    return false;
  }
  removeDeadlines(ctx);
  if (reconcileStable(ctx)) return true;
  if (reconcileNew(ctx)) return true;
  return reconcileOthers(ctx);
}
