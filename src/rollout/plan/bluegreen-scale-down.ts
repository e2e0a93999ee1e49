// Old ReplicaSets of a blue-green rollout (Argo's scaleDownOldReplicaSetsForBlueGreen): each one
// that lost the active service is kept up for scaleDownDelaySeconds, the deadline written on it as
// the scale-down-deadline annotation (so a restarted controller honours it), then scaled to 0.
import type { ReplicaSet } from '../../api/kube-types.js';
import { skipPostPromotionAnalysis } from './bluegreen-analysis.js';
import { rolloutReplicas, serviceHash, type BlueGreenPlan } from './bluegreen-context.js';
import { pauseConditionOf } from './pause-state.js';
import { requeueAfter, type PlanContext } from './plan-context.js';
import { scaleReplicaSet } from './replica-set-actions.js';
import { podHashOf, revisionOf } from './replica-set-roles.js';
import { addScaleDownDelay, hasScaleDownDeadline, msBeforeScaleDownDeadline, scaleDownDelaySeconds, scaleDownRevisionLimit, shouldDelayScaleDownOnAbort } from './scale-down-delay.js';

// Still selected by a service, or named by the status as stable, current, active or preview
// (Argo's isReplicaSetReferenced): scaling it down would cut traffic.
function isReferenced(plan: BlueGreenPlan, rs: ReplicaSet): boolean {
  const hash = podHashOf(rs);
  if (hash === '') return false;
  const status = plan.ctx.rollout.status ?? {};
  const named = [status.stableRS, status.currentPodHash, status.blueGreen?.activeSelector, status.blueGreen?.previewSelector];
  const services = [plan.strategy.activeService, plan.strategy.previewService].map((name) => (name ? serviceHash(plan.ctx.services.get(name)) : ''));
  return [...named, ...services].includes(hash);
}

// Without a scale-down delay, old pods wait for the post-promotion analysis to succeed.
function waitsForPostPromotion(plan: BlueGreenPlan): boolean {
  if (!plan.strategy.postPromotionAnalysis || plan.strategy.scaleDownDelaySeconds !== undefined) return false;
  return !skipPostPromotionAnalysis(plan) && plan.runs.post?.status?.phase !== 'Successful';
}

// A running ReplicaSet without a deadline gets one, if the limit allows; it stays up meanwhile.
// scaleDownDelaySeconds 0 scales it down at once: Argo keeps it up for good there, which its
// maintainers call a bug (argoproj/argo-rollouts#1992).
function startDelay(ctx: PlanContext, rs: ReplicaSet, within: boolean): number {
  const seconds = scaleDownDelaySeconds(ctx.rollout);
  // No delay (or over the limit): down at once.
  if (!within || seconds === 0) return 0;
  addScaleDownDelay(ctx, rs, seconds);
  return rs.spec.replicas ?? 1;
}

// A ReplicaSet with a deadline stays at spec.replicas until it passes (an unreadable one counts as passed).
function honourDeadline(ctx: PlanContext, rs: ReplicaSet, within: boolean): number {
  const remaining = msBeforeScaleDownDeadline(rs, ctx.now);
  if (!within || remaining === undefined) return 0;
  requeueAfter(ctx, remaining);
  return rolloutReplicas(ctx);
}

/**
 * Argo's scaleDownDelayHelper: the size of one old ReplicaSet. `kept` counts the ReplicaSets kept
 * within a delay so far, newest first; beyond scaleDownDelayRevisionLimit the rest go at once.
 * Delay 30 s, limit 1: revision 3 (deadline in 10 s) stays at spec.replicas, revision 2 goes to 0.
 */
function oldReplicaSetSize(ctx: PlanContext, rs: ReplicaSet, kept: { n: number }): number {
  const limit = scaleDownRevisionLimit(ctx.rollout);
  if (!hasScaleDownDeadline(rs)) {
    const within = kept.n < limit;
    if (within) kept.n++;
    return startDelay(ctx, rs, within);
  }
  kept.n++;
  return honourDeadline(ctx, rs, kept.n <= limit);
}

/**
 * Scales down the ReplicaSets that are neither new nor stable, newest revision first, each after
 * its scale-down deadline: delay 3 s, old ReplicaSet at 4 pods → annotated deadline now+3 s, still 4
 * pods; 3 s later → 0. Never while an inconclusive analysis pauses the rollout.
 */
export function scaleDownOldReplicaSets(plan: BlueGreenPlan): void {
  const { ctx } = plan;
  // Paused on an inconclusive run, or still verifying the switch without a delay.
  if (pauseConditionOf(ctx.rollout, 'InconclusiveAnalysisRun') || waitsForPostPromotion(plan)) return;
  const olds = ctx.roles.other.filter((rs) => (rs.spec.replicas ?? 1) > 0).sort((a, b) => revisionOf(b) - revisionOf(a));
  const kept = { n: 0 };
  const keepDeadline = shouldDelayScaleDownOnAbort(ctx);
  for (const rs of olds) {
    // E.g. an update interrupted to go back to stable: the services still point here.
    if (isReferenced(plan, rs)) continue;
    const size = oldReplicaSetSize(ctx, rs, kept);
    const current = ctx.roles.all.find((r) => r.metadata.name === rs.metadata.name) ?? rs;
    if ((current.spec.replicas ?? 1) !== size) scaleReplicaSet(ctx, current, size, { keepDeadline });
  }
}
