import type { ReplicaSet } from '../../api/kube-types.js';
import { isFullyPromoted } from './dynamic-rollback.js';
import type { TrafficWeights } from '../../api/types.js';
import { requeueAfter, type PlanContext } from './plan-context.js';
import { calculateReplicaCountsForCanary, getAvailableReplicaCountForReplicaSets, maxUnavailable } from './replica-counts.js';
import { desiredReplicas, scaleReplicaSet } from './replica-set-actions.js';
import { revisionOf } from './replica-set-roles.js';
import { addScaleDownDelay, hasScaleDownDeadline, isReplicaSetReferenced, msBeforeScaleDownDeadline, removeScaleDownDeadlines, replicasDuringScaleDownDelay, shouldDelayScaleDownOnAbort, type DelayBudget } from './scale-down-delay.js';
import { getAbortScaleDownDelaySecondsOrDefault } from './canary-step-state.js';

// The canary and stable counts; behind a router they follow the given weights (Argo passes the old
// status's weights for stable, so that stable shrinks only after traffic has left it, and the new
// ones for the canary).
function counts(ctx: PlanContext, weights: TrafficWeights | undefined): { canary: number; stable: number } {
  const { newRS, stableRS, other } = ctx.roles;
  return calculateReplicaCountsForCanary({ rollout: ctx.rollout, newRS, stableRS, otherRSs: other, weights });
}

// The stable ReplicaSet is reconciled first, and only when it differs from the new one.
function reconcileStable(ctx: PlanContext): boolean {
  const { newRS, stableRS } = ctx.roles;
  if (!stableRS || !newRS || stableRS.metadata.name === newRS.metadata.name) return false;
  return scaleReplicaSet(ctx, stableRS, counts(ctx, ctx.rollout.status?.canary?.weights).stable);
}

/**
 * An aborted canary behind a router stays up for abortScaleDownDelaySeconds (Argo's
 * reconcileNewReplicaSet on abort): the deadline is written once stable can take all the traffic,
 * and the canary keeps its size until it passes. Returns the count to scale to, or undefined to
 * leave the size alone this pass.
 */
function abortDelayedCount(ctx: PlanContext, newRS: ReplicaSet): number | undefined {
  if (hasScaleDownDeadline(newRS)) {
    const left = msBeforeScaleDownDeadline(newRS, ctx.now);
    // The deadline has passed: the canary goes.
    if (left === undefined) return 0;
    requeueAfter(ctx, left);
    return undefined;
  }
  const stableAvailable = ctx.roles.stableRS?.status?.availableReplicas ?? 0;
  if (stableAvailable >= desiredReplicas(ctx)) addScaleDownDelay(ctx, newRS, getAbortScaleDownDelaySecondsOrDefault(ctx.rollout).seconds ?? 0);
  return undefined;
}

function reconcileNew(ctx: PlanContext): boolean {
  const newRS = ctx.roles.newRS;
  if (!newRS) return false;
  const wanted = counts(ctx, ctx.carried.canary?.weights).canary;
  const delaying = shouldDelayScaleDownOnAbort(ctx);
  const target = delaying ? abortDelayedCount(ctx, newRS) : wanted;
  // Held at its size: only the desired-replicas annotation is kept current.
  if (target === undefined) return scaleReplicaSet(ctx, ctx.roles.newRS ?? newRS, newRS.spec.replicas ?? 1, { keepDeadline: true });
  return scaleReplicaSet(ctx, newRS, target, { keepDeadline: delaying });
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
  const delays: DelayBudget = { annotated: 0 };
  const byRevisionDesc = ctx.roles.other.filter(isActive).sort((a, b) => revisionOf(b) - revisionOf(a));
  for (const rs of byRevisionDesc) {
    // A ReplicaSet a service or the router still sends traffic to is never scaled down.
    if (ctx.rollout.spec.strategy?.canary?.trafficRouting && isReplicaSetReferenced(ctx, rs)) continue;
    if (left <= 0) break;
    const replicas = rs.spec.replicas ?? 1;
    const desired = desiredOldReplicas(ctx, rs, left, delays);
    if (desired === replicas) continue;
    scaleReplicaSet(ctx, rs, desired);
    left -= replicas - desired;
  }
  return budget - left;
}

// Basic canary: as many pods as the budget allows. Behind a router: the previous stable waits out
// scaleDownDelaySeconds (unless dynamicStableScale, which already moved it), and an intermediate
// canary abandoned for a newer template goes at once — no traffic reaches it.
function desiredOldReplicas(ctx: PlanContext, rs: ReplicaSet, budget: number, delays: DelayBudget): number {
  const replicas = rs.spec.replicas ?? 1;
  const canary = ctx.rollout.spec.strategy?.canary;
  if (!canary?.trafficRouting) return Math.max(0, replicas - budget);
  if (!isFullyPromoted(ctx) && !hasScaleDownDeadline(rs)) return 0;
  if (canary.dynamicStableScale === true) return 0;
  return replicasDuringScaleDownDelay(ctx, rs, delays, replicas);
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

/** Why replica counts must not move now (Argo's haltProgress): a manual pause or an inconclusive analysis. */
export function haltReason(ctx: PlanContext): string | undefined {
  if (ctx.rollout.spec.paused) return 'user paused';
  if (ctx.rollout.status?.pauseConditions?.some((c) => c.reason === 'InconclusiveAnalysisRun')) return 'inconclusive analysis';
  return undefined;
}

/**
 * Argo's reconcileCanaryReplicaSets, with or without traffic routing: stable first, then new,
 * then the others; each stage that scales ends the pass, so the next pass sees the new counts.
 * Returns true when something was scaled.
 */
export function reconcileCanaryReplicaSets(ctx: PlanContext): boolean {
  const halt = haltReason(ctx);
  if (halt) {
    ctx.reasons.push(`replica sets left as they are: ${halt}`);
    return false;
  }
  removeScaleDownDeadlines(ctx);
  if (reconcileStable(ctx)) return true;
  if (reconcileNew(ctx)) return true;
  return reconcileOthers(ctx);
}
