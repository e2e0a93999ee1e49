import { pauseDurationSeconds } from '../../api/duration.js';
import type { RolloutPause } from '../../api/types.js';
import { pauseConditionOf } from './pause-state.js';
import { requeueAfter, type PlanContext } from './plan-context.js';
import { getCurrentCanaryStep } from './replica-counts.js';

/** The pause of the current step, when the rollout stands at a pause step (undefined otherwise). */
function currentPause(ctx: PlanContext): RolloutPause | undefined {
  const { step } = getCurrentCanaryStep(ctx.rollout);
  return step && 'pause' in step ? step.pause : undefined;
}

/**
 * When the timed pause step the rollout stands at ends, in epoch ms: its CanaryPauseStep
 * condition's startTime plus the duration ("5s" from 12:00:00 → 12:00:05). Undefined for an
 * indefinite pause, before the condition is added, or at any other step.
 */
export function pauseStepDeadline(ctx: PlanContext): number | undefined {
  const duration = currentPause(ctx)?.duration;
  const cond = pauseConditionOf(ctx.rollout, 'CanaryPauseStep');
  if (duration === undefined || !cond) return undefined;
  return Date.parse(cond.startTime) + pauseDurationSeconds(duration) * 1000;
}

// Nothing pauses a manually paused rollout or one being fully promoted.
function pauseStepsApply(ctx: PlanContext): boolean {
  return !ctx.rollout.spec.paused && !ctx.rollout.status?.promoteFull;
}

/**
 * A pause step (Argo's reconcileCanaryPause): the first pass adds the CanaryPauseStep condition; a
 * timed pause asks to be woken 1 ms after it ends (now is then past it: Argo compares strictly).
 * Returns true while the rollout waits at a pause step.
 */
export function reconcileCanaryPause(ctx: PlanContext): boolean {
  // Not paused by steps now, or no pause step (none at all, all done, or another kind).
  if (!pauseStepsApply(ctx) || !currentPause(ctx)) return false;
  if (!pauseConditionOf(ctx.rollout, 'CanaryPauseStep')) {
    // controllerPause with no condition means someone promoted: the step is done, not to be paused again.
    if (!ctx.rollout.status?.controllerPause) ctx.pause.addPause('CanaryPauseStep');
    return true;
  }
  const deadline = pauseStepDeadline(ctx);
  // Woken only before the end: once past it the step completes in this very pass (Argo enqueues only before expiry).
  if (deadline !== undefined && deadline >= ctx.now.toMillis()) requeueAfter(ctx, deadline - ctx.now.toMillis() + 1);
  return true;
}

/** Whether the current pause step is over: promoted (condition cleared by someone) or its time is up. */
export function completedPauseStep(ctx: PlanContext): boolean {
  const cond = pauseConditionOf(ctx.rollout, 'CanaryPauseStep');
  if (ctx.rollout.status?.controllerPause && !cond) return true;
  const deadline = pauseStepDeadline(ctx);
  return deadline !== undefined && ctx.now.toMillis() > deadline;
}
