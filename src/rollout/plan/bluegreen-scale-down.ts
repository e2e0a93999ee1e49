// Old ReplicaSets of a blue-green rollout (Argo's scaleDownOldReplicaSetsForBlueGreen): each one
// that lost the active service is kept up for scaleDownDelaySeconds, the deadline written on it as
// the scale-down-deadline annotation (so a restarted controller honours it), then scaled to 0.
import type { ReplicaSet } from '../../api/kube-types.js';
import { ANNOTATIONS } from '../../api/labels.js';
import { delaysScaleDownOnAbort, isSaturated, rolloutReplicas, scaleDownDeadlineMs, serviceHash, type BlueGreenPlan } from './bluegreen-context.js';
import { pauseConditionOf } from './pause-state.js';
import { requeueAfter, type PlanContext } from './plan-context.js';
import { annotateReplicaSet, scaleReplicaSet } from './replica-set-actions.js';
import { podHashOf, revisionOf } from './replica-set-roles.js';
import { rfc3339 } from './time-format.js';

const DEFAULT_SCALE_DOWN_DELAY_SECONDS = 30;

/** scaleDownDelaySeconds, default 30. */
export function scaleDownDelaySeconds(plan: BlueGreenPlan): number {
  return plan.strategy.scaleDownDelaySeconds ?? DEFAULT_SCALE_DOWN_DELAY_SECONDS;
}

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

// Argo's skipPostPromotionAnalysisRun: no post-promotion run is due (promoted, not yet switched,
// or the new pods not all up).
export function skipPostPromotionAnalysis(plan: BlueGreenPlan): boolean {
  const { ctx } = plan;
  const hash = podHashOf(ctx.roles.newRS);
  const status = ctx.rollout.status ?? {};
  if (hash === '' || status.stableRS === hash || status.blueGreen?.activeSelector !== hash) return true;
  return plan.runs.post === undefined && !isSaturated(ctx, ctx.roles.newRS);
}

// Without a scale-down delay, old pods wait for the post-promotion analysis to succeed.
function waitsForPostPromotion(plan: BlueGreenPlan): boolean {
  if (!plan.strategy.postPromotionAnalysis || plan.strategy.scaleDownDelaySeconds !== undefined) return false;
  return !skipPostPromotionAnalysis(plan) && plan.runs.post?.status?.phase !== 'Successful';
}

/** How many old ReplicaSets may keep running within their delay (scaleDownDelayRevisionLimit, default no limit). */
function revisionLimit(plan: BlueGreenPlan): number {
  return plan.strategy.scaleDownDelayRevisionLimit ?? Number.MAX_SAFE_INTEGER;
}

// A running ReplicaSet without a deadline gets one, if the limit allows; it stays up meanwhile.
function startDelay(plan: BlueGreenPlan, rs: ReplicaSet, within: boolean): number {
  const seconds = scaleDownDelaySeconds(plan);
  // No delay (or over the limit): down at once.
  if (!within || seconds === 0) return 0;
  annotateReplicaSet(plan.ctx, rs, { [ANNOTATIONS.scaleDownDeadline]: rfc3339(plan.ctx.now.plus({ seconds })) });
  requeueAfter(plan.ctx, seconds * 1000);
  return rs.spec.replicas ?? 1;
}

// A ReplicaSet with a deadline stays at spec.replicas until it passes (an unreadable one counts as passed).
function honourDeadline(ctx: PlanContext, deadline: number, within: boolean): number {
  const remaining = deadline - ctx.now.toMillis();
  if (!within || Number.isNaN(remaining) || remaining <= 0) return 0;
  requeueAfter(ctx, remaining);
  return rolloutReplicas(ctx);
}

/**
 * Argo's scaleDownDelayHelper: the size of one old ReplicaSet. `kept` counts the ReplicaSets kept
 * within a delay so far, newest first; beyond scaleDownDelayRevisionLimit the rest go at once.
 * Delay 30 s, limit 1: revision 3 (deadline in 10 s) stays at spec.replicas, revision 2 goes to 0.
 */
function oldReplicaSetSize(plan: BlueGreenPlan, rs: ReplicaSet, kept: { n: number }): number {
  const deadline = scaleDownDeadlineMs(rs);
  const limit = revisionLimit(plan);
  if (deadline === undefined) {
    const within = kept.n < limit;
    if (within) kept.n++;
    return startDelay(plan, rs, within);
  }
  kept.n++;
  return honourDeadline(plan.ctx, deadline, kept.n <= limit);
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
  const keepDeadline = delaysScaleDownOnAbort(ctx);
  for (const rs of olds) {
    // E.g. an update interrupted to go back to stable: the services still point here.
    if (isReferenced(plan, rs)) continue;
    const size = oldReplicaSetSize(plan, rs, kept);
    const current = ctx.roles.all.find((r) => r.metadata.name === rs.metadata.name) ?? rs;
    if ((current.spec.replicas ?? 1) !== size) scaleReplicaSet(ctx, current, size, { keepDeadline });
  }
}
