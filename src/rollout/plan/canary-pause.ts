import { pauseDurationSeconds } from '../../api/duration.js';
import { pauseConditionOf } from './pause-state.js';
import { requeueAfter, type PlanContext } from './plan-context.js';
import { getCurrentCanaryStep } from './replica-counts.js';

/** When a timed pause step ends, in epoch milliseconds (undefined for an indefinite pause or none). */
export function pauseStepDeadline(ctx: PlanContext): number | undefined {
  const { step } = getCurrentCanaryStep(ctx.rollout);
  const cond = pauseConditionOf(ctx.rollout, 'CanaryPauseStep');
  if (!step || !('pause' in step) || step.pause?.duration === undefined || !cond) return undefined;
  return Date.parse(cond.startTime) + pauseDurationSeconds(step.pause.duration) * 1000;
}

/**
 * A pause step (Argo's reconcileCanaryPause): the first pass adds the CanaryPauseStep condition; a timed
 * pause asks to be woken when it ends. Returns true while the rollout waits at a pause step.
 */
export function reconcileCanaryPause(ctx: PlanContext): boolean {
  const ro = ctx.rollout;
  if (ro.spec.paused || ro.status?.promoteFull) return false;
  const steps = ro.spec.strategy?.canary?.steps ?? [];
  const { step, index } = getCurrentCanaryStep(ro);
  if (steps.length === 0 || index === undefined || index >= steps.length || !step || !('pause' in step) || !step.pause) return false;
  const cond = pauseConditionOf(ro, 'CanaryPauseStep');
  if (!cond) {
    // controllerPause with no condition means someone promoted: the step is done, not to be paused again.
    if (!ro.status?.controllerPause) ctx.pause.addPause('CanaryPauseStep');
    return true;
  }
  const deadline = pauseStepDeadline(ctx);
  if (deadline !== undefined) requeueAfter(ctx, deadline - ctx.now.toMillis() + 1);
  return true;
}

/** Whether the current pause step is over: promoted (condition cleared by someone) or its time is up. */
export function completedPauseStep(ctx: PlanContext): boolean {
  const cond = pauseConditionOf(ctx.rollout, 'CanaryPauseStep');
  if (ctx.rollout.status?.controllerPause && !cond) return true;
  const deadline = pauseStepDeadline(ctx);
  return deadline !== undefined && ctx.now.toMillis() > deadline;
}
