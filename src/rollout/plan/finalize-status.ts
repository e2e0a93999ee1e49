import type { RolloutStatus } from '../../api/types.js';
import { generationString, MESSAGES, REASONS } from './conditions.js';
import { recordEvent, requeueAfter, type PlanContext } from './plan-context.js';
import { applyPausedConditions } from './paused-conditions.js';
import { evaluateProgressDeadlineAbort, stuckRolloutRequeue } from './progress-deadline.js';
import { calculateRolloutConditions } from './rollout-conditions.js';
import { calculateRolloutPhase } from './rollout-phase.js';

/**
 * Completes a status the way Argo's persistRolloutStatus does: observedGeneration, the deadline abort,
 * pause and abort fields, conditions, then phase and message derived from all of them.
 */
export function finalizeStatus(ctx: PlanContext, status: RolloutStatus): RolloutStatus {
  status.observedGeneration = generationString(ctx.rollout);
  // The Deployment generation a workloadRef rollout has taken its template from (Argo's field).
  if (ctx.rollout.spec.workloadRef && ctx.workload) status.workloadObservedGeneration = String(ctx.workload.metadata.generation ?? 0);
  evaluateProgressDeadlineAbort(ctx, status);
  ctx.pause.applyTo(status, ctx.now);
  applyPausedConditions(ctx, status);
  calculateRolloutConditions(ctx, status);
  const { phase, message } = calculateRolloutPhase(ctx.rollout.spec, status);
  status.phase = phase;
  if (message) status.message = message;
  else delete status.message;
  pauseTransitionEvents(ctx, status);
  const stuck = stuckRolloutRequeue(ctx, status);
  if (stuck !== undefined) requeueAfter(ctx, stuck);
  return status;
}

// Argo's sendStateChangeEvents: one event when a pause starts or ends (not when an abort ends it).
function pauseTransitionEvents(ctx: PlanContext, status: RolloutStatus): void {
  const before = ctx.rollout.status?.pauseConditions ?? [];
  const after = status.pauseConditions ?? [];
  if ((before.length > 0) === (after.length > 0)) return;
  if (after.length > 0) recordEvent(ctx, REASONS.paused, `${MESSAGES.paused} (${after[0].reason})`);
  else if (!status.abortedAt) recordEvent(ctx, REASONS.resumed, MESSAGES.resumed);
}
