// The Paused and Progressing conditions that mirror the pause state (Argo's checkPausedConditions).
import type { RolloutStatus } from '../../api/types.js';
import { generationString, getCondition, isCompleted, MESSAGES, putCondition, REASONS } from './conditions.js';
import type { PlanContext } from './plan-context.js';

/** Paused by a pause condition (a step, an inconclusive analysis) or by spec.paused. */
export function isPaused(ctx: PlanContext, status: RolloutStatus): boolean {
  return (status.pauseConditions?.length ?? 0) > 0 || ctx.rollout.spec.paused === true;
}

// Progressing is Unknown/RolloutPaused while paused and Unknown/RolloutResumed once resumed; a
// completed rollout is left alone.
function pauseProgressing(ctx: PlanContext, status: RolloutStatus, paused: boolean): void {
  const old = ctx.rollout.status ?? {};
  const progressingPaused = getCondition(old, 'Progressing')?.reason === REASONS.paused;
  // Already in line, or nothing in flight to report on.
  if (paused === progressingPaused || isCompleted(old)) return;
  const [reason, message] = paused ? [REASONS.paused, MESSAGES.paused] : [REASONS.resumed, MESSAGES.resumed];
  putCondition(status, { type: 'Progressing', status: 'Unknown', reason, message }, ctx.now);
}

function pausedCondition(ctx: PlanContext, status: RolloutStatus, paused: boolean): void {
  const pausedTrue = getCondition(ctx.rollout.status, 'Paused')?.status === 'True';
  if (paused !== pausedTrue) putCondition(status, { type: 'Paused', status: paused ? 'True' : 'False', reason: REASONS.paused, message: MESSAGES.paused }, ctx.now);
}

/**
 * Argo's checkPausedConditions, folded into the same write: Paused and Progressing follow the pause
 * state of the rollout as it was read (so they trail a pause added by this pass by one pass, as in
 * Argo), and only once its generation was observed. While the abort condition stands only a retry
 * (status.abort cleared) is recorded: a rollout aborted at a pause step keeps Paused True.
 * E.g. read with pauseConditions [CanaryPauseStep] and Progressing ReplicaSetUpdated → Progressing
 * Unknown/RolloutPaused and Paused True.
 */
export function applyPausedConditions(ctx: PlanContext, status: RolloutStatus): void {
  const old = ctx.rollout.status ?? {};
  // A spec change is reconciled in full first; the next pass brings these conditions in line.
  if (old.observedGeneration !== generationString(ctx.rollout)) return;
  const paused = isPaused(ctx, old);
  if (getCondition(old, 'Progressing')?.reason !== REASONS.aborted) {
    pauseProgressing(ctx, status, paused);
    pausedCondition(ctx, status, paused);
    return;
  }
  // Aborted: the abort condition stands until the abort is cleared, which is a retry.
  if (!old.abort) putCondition(status, { type: 'Progressing', status: 'Unknown', reason: REASONS.retry, message: MESSAGES.retry }, ctx.now);
}
