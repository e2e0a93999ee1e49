// The BlueGreenPause (Argo's reconcileBlueGreenPause): once the new ReplicaSet is up, the rollout
// waits for a promote (autoPromotionEnabled false) or for autoPromotionSeconds before the switch.
import { isFastRollback, type BlueGreenPlan } from './bluegreen-context.js';
import { readyForPause } from './bluegreen-replicas.js';
import { haltReason } from './canary-replicas.js';
import { pauseConditionOf } from './pause-state.js';
import { requeueAfter } from './plan-context.js';
import { podHashOf } from './replica-set-roles.js';

/** Whether pre-promotion analysis is done: none configured, or its run succeeded. */
export function completedPrePromotionAnalysis(plan: BlueGreenPlan): boolean {
  if (!plan.strategy.prePromotionAnalysis) return true;
  return plan.runs.pre?.status?.phase === 'Successful';
}

const autoPromotionEnabled = (plan: BlueGreenPlan): boolean => plan.strategy.autoPromotionEnabled !== false;

// When the automatic promotion falls due, in epoch ms (undefined when the rollout never paused).
function autoPromotionAtMs(plan: BlueGreenPlan): number | undefined {
  const cond = pauseConditionOf(plan.ctx.rollout, 'BlueGreenPause');
  return cond ? Date.parse(cond.startTime) + (plan.strategy.autoPromotionSeconds ?? 0) * 1000 : undefined;
}

/**
 * Argo's CompletedBlueGreenPause: the pause is over, because it was never needed, because
 * autoPromotionSeconds passed since it started (paused 12:00:00, 30 s → from 12:00:30), or because
 * someone promoted (the pause condition cleared, controllerPause still set).
 */
export function completedBlueGreenPause(plan: BlueGreenPlan): boolean {
  const status = plan.ctx.rollout.status ?? {};
  // A pause added by this very plan has not been waited on yet.
  if (plan.ctx.pause.hasAddPause) return false;
  if (status.blueGreen?.scaleUpPreviewCheckPoint) return true;
  if (!autoPromotionEnabled(plan)) return status.controllerPause === true && !pauseConditionOf(plan.ctx.rollout, 'BlueGreenPause');
  if (!plan.strategy.autoPromotionSeconds) return true;
  const at = autoPromotionAtMs(plan);
  return at !== undefined && plan.ctx.now.toMillis() >= at;
}

/**
 * Argo's isBlueGreenFastTracked: no pause for a fast rollback, a full promotion, an active service
 * that selects no ReplicaSet yet (the first deploy), or one that already selects the new one.
 */
export function isFastTracked(plan: BlueGreenPlan): boolean {
  const { ctx } = plan;
  if (isFastRollback(ctx) || ctx.rollout.status?.promoteFull) return true;
  return plan.selectors.active === '' || plan.selectors.active === podHashOf(ctx.roles.newRS);
}

// The controller manages a pause only when promotion is manual or delayed.
const needsControllerPause = (plan: BlueGreenPlan): boolean => !autoPromotionEnabled(plan) || (plan.strategy.autoPromotionSeconds ?? 0) > 0;

// Nothing to pause for: the switch needs no wait (fast-tracked, past the checkpoint, or automatic).
function noPauseNeeded(plan: BlueGreenPlan): boolean {
  const status = plan.ctx.rollout.status ?? {};
  return isFastTracked(plan) || status.blueGreen?.scaleUpPreviewCheckPoint === true || !needsControllerPause(plan);
}

// Paused already: the pause ends when autoPromotionSeconds pass (the rollout is requeued for then).
function continuePause(plan: BlueGreenPlan): void {
  const { ctx } = plan;
  if (completedBlueGreenPause(plan)) {
    ctx.pause.removePause('BlueGreenPause');
    ctx.reasons.push('blue-green pause completed');
    return;
  }
  const at = autoPromotionAtMs(plan);
  if (autoPromotionEnabled(plan) && at !== undefined) requeueAfter(ctx, at - ctx.now.toMillis());
}

/**
 * Pauses the rollout (BlueGreenPause) once the new ReplicaSet is fully up and pre-promotion
 * analysis passed, when promotion is manual or delayed; removes the pause when it is over. A
 * promote clears the pause condition but leaves controllerPause: that is not paused again.
 */
export function reconcileBlueGreenPause(plan: BlueGreenPlan): void {
  const { ctx } = plan;
  // An aborted update waits for nothing; new pods that are not all up have nothing to show yet.
  if (ctx.rollout.status?.abort || !readyForPause(ctx) || haltReason(ctx)) return;
  if (noPauseNeeded(plan)) {
    ctx.pause.removePause('BlueGreenPause');
    return;
  }
  // The pause begins only after the pre-promotion analysis passed.
  if (!completedPrePromotionAnalysis(plan)) return;
  if (pauseConditionOf(ctx.rollout, 'BlueGreenPause')) return continuePause(plan);
  if (ctx.rollout.status?.controllerPause) return;
  ctx.pause.addPause('BlueGreenPause');
  ctx.reasons.push('pausing before the switch (BlueGreenPause)');
}
