// The blue-green status before conditions and phase (Argo's syncRolloutStatusBlueGreen): the
// services' selectors, promotion of the new ReplicaSet to stable once it is active (and verified
// by post-promotion analysis), scaleUpPreviewCheckPoint, and replica counts of the active side.
import type { BlueGreenStatus, RolloutStatus } from '../../api/types.js';
import { runStatusOf } from './analysis-plan.js';
import { baseStatus, formatSelector } from './base-status.js';
import { isFastRollback, replicaSetWithHash, type BlueGreenPlan } from './bluegreen-context.js';
import { completedBlueGreenPause, completedPrePromotionAnalysis } from './bluegreen-pause.js';
import { MESSAGES, REASONS } from './conditions.js';
import { recordEvent, type PlanContext } from './plan-context.js';

/** Argo's CheckPodSpecChange: the template changed since the status was written (a first status is no change). */
export function podSpecChanged(ctx: PlanContext): boolean {
  const prev = ctx.rollout.status?.currentPodHash ?? '';
  return prev !== '' && prev !== ctx.currentHash;
}

// Argo's resetRolloutStatus: a new template starts a new update, with no pause, abort or runs.
function resetStatus(ctx: PlanContext, status: RolloutStatus): void {
  ctx.pause.clearPauses();
  ctx.pause.removeAbort();
  if (ctx.rollout.spec.restartAt) status.restartedAt = ctx.rollout.spec.restartAt;
  delete status.promoteFull;
}

/**
 * Why the current template should become stable now, or '' (Argo's shouldFullPromote, blue-green,
 * in its order): no stable yet, or no active selector yet → "Initial deploy"; never before the
 * active service selects it; then on promote --full, on a rollback, and otherwise once not aborted
 * and post-promotion analysis (if any) succeeded → "Completed blue-green update".
 */
function fullPromotionReason(plan: BlueGreenPlan, status: RolloutStatus): string {
  const { ctx } = plan;
  const active = status.blueGreen?.activeSelector ?? '';
  if (!ctx.roles.stableRS || active === '') return 'Initial deploy';
  if (active !== status.currentPodHash) return '';
  if (ctx.rollout.status?.promoteFull) return 'Full promotion requested';
  if (isFastRollback(ctx)) return 'Fast rollback';
  return verifiedAfterSwitch(plan) ? 'Completed blue-green update' : '';
}

// Switched, not aborted, and post-promotion analysis (if any) succeeded.
function verifiedAfterSwitch(plan: BlueGreenPlan): boolean {
  if (plan.ctx.pause.isAborted()) return false;
  return !plan.strategy.postPromotionAnalysis || plan.runs.post?.status?.phase === 'Successful';
}

// Argo's promoteStable: pauses, abort and the checkpoint cleared; the event only when stable changes.
function promoteStable(ctx: PlanContext, status: RolloutStatus, reason: string): void {
  ctx.pause.clearPauses();
  ctx.pause.removeAbort();
  delete status.promoteFull;
  if (status.blueGreen) delete status.blueGreen.scaleUpPreviewCheckPoint;
  // Already stable (a rollback to it): nothing is promoted.
  if (status.stableRS === status.currentPodHash) return;
  status.stableRS = status.currentPodHash;
  recordEvent(ctx, REASONS.completed, MESSAGES.completed(ctx.revision, status.currentPodHash ?? '', reason));
  ctx.reasons.push(`promoted ${status.currentPodHash ?? ''} to stable: ${reason}`);
}

/**
 * Argo's calculateScaleUpPreviewCheckPoint: a one-way trip-wire, set once the preview pods
 * (previewReplicaCount of them) are available and the pause and pre-promotion analysis are over;
 * from then on the new ReplicaSet grows to spec.replicas before the switch.
 */
function scaleUpPreviewCheckPoint(plan: BlueGreenPlan): boolean {
  const preview = plan.strategy.previewReplicaCount;
  // The feature is off.
  if (preview === undefined) return false;
  if (plan.ctx.rollout.status?.blueGreen?.scaleUpPreviewCheckPoint) return true;
  if (!completedPrePromotionAnalysis(plan) || !completedBlueGreenPause(plan)) return false;
  return (plan.ctx.roles.newRS?.status?.availableReplicas ?? 0) === preview;
}

// The HPA and the status count the active side only, once there is one.
function activeCounts(plan: BlueGreenPlan, status: RolloutStatus): void {
  const { ctx } = plan;
  const activeRS = replicaSetWithHash(ctx, status.blueGreen?.activeSelector);
  if (activeRS) {
    status.HPAReplicas = activeRS.status?.replicas ?? 0;
    status.selector = formatSelector(activeRS.spec.selector);
    status.availableReplicas = activeRS.status?.availableReplicas ?? 0;
    status.readyReplicas = activeRS.status?.readyReplicas ?? 0;
    return;
  }
  status.HPAReplicas = ctx.roles.all.reduce((n, rs) => n + (rs.status?.replicas ?? 0), 0);
}

function selectorsAndRuns(plan: BlueGreenPlan, withRuns: boolean): BlueGreenStatus {
  const bg: BlueGreenStatus = {};
  if (plan.selectors.preview) bg.previewSelector = plan.selectors.preview;
  if (plan.selectors.active) bg.activeSelector = plan.selectors.active;
  if (!withRuns) return bg;
  const pre = runStatusOf(plan.runs.pre);
  const post = runStatusOf(plan.runs.post);
  if (pre) bg.prePromotionAnalysisRunStatus = pre;
  if (post) bg.postPromotionAnalysisRunStatus = post;
  return bg;
}

/**
 * The blue-green status of this plan. `newUpdate` (the template changed) starts the update over:
 * no pause, abort or analysis carried. E.g. active on the new hash, no post-promotion analysis →
 * stableRS becomes the new hash ("Completed blue-green update").
 */
export function blueGreenStatus(plan: BlueGreenPlan, newUpdate: boolean): RolloutStatus {
  const { ctx } = plan;
  const status = baseStatus(ctx);
  if (newUpdate) resetStatus(ctx, status);
  if (ctx.rollout.status?.promoteFull) {
    ctx.pause.clearPauses();
    ctx.pause.removeAbort();
  }
  status.blueGreen = selectorsAndRuns(plan, !newUpdate);
  const reason = fullPromotionReason(plan, status);
  if (reason !== '') promoteStable(ctx, status, reason);
  // A new update starts before the checkpoint (Argo would carry an old true over here).
  else if (!newUpdate && scaleUpPreviewCheckPoint(plan)) status.blueGreen.scaleUpPreviewCheckPoint = true;
  activeCounts(plan, status);
  return status;
}
