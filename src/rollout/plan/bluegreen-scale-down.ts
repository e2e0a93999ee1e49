// Old ReplicaSets of a blue-green rollout (Argo's scaleDownOldReplicaSetsForBlueGreen): each one
// that lost the active service is kept up for scaleDownDelaySeconds, the deadline written on it as
// the scale-down-deadline annotation (so a restarted controller honours it), then scaled to 0.
import { skipPostPromotionAnalysis } from './bluegreen-analysis.js';
import { rolloutReplicas, type BlueGreenPlan } from './bluegreen-context.js';
import { pauseConditionOf } from './pause-state.js';
import { scaleReplicaSet } from './replica-set-actions.js';
import { revisionOf } from './replica-set-roles.js';
import { isReplicaSetReferenced, replicasDuringScaleDownDelay, shouldDelayScaleDownOnAbort, type DelayBudget } from './scale-down-delay.js';

// Without a scale-down delay, old pods wait for the post-promotion analysis to succeed.
function waitsForPostPromotion(plan: BlueGreenPlan): boolean {
  if (!plan.strategy.postPromotionAnalysis || plan.strategy.scaleDownDelaySeconds !== undefined) return false;
  return !skipPostPromotionAnalysis(plan) && plan.runs.post?.status?.phase !== 'Successful';
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
  const kept: DelayBudget = { annotated: 0 };
  const keepDeadline = shouldDelayScaleDownOnAbort(ctx);
  for (const rs of olds) {
    // E.g. an update interrupted to go back to stable: the services still point here.
    if (isReplicaSetReferenced(ctx, rs)) continue;
    const size = replicasDuringScaleDownDelay(ctx, rs, kept, rolloutReplicas(ctx));
    const current = ctx.roles.all.find((r) => r.metadata.name === rs.metadata.name) ?? rs;
    if ((current.spec.replicas ?? 1) !== size) scaleReplicaSet(ctx, current, size, { keepDeadline });
  }
}
