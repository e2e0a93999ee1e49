import { tagCanaryStep, type CanaryStepKind } from '../../api/canary-step-kind.js';
import type { ReplicaSet } from '../../api/kube-types.js';
import type { RolloutStatus } from '../../api/types.js';
import { baseStatus } from './base-status.js';
import { completedPauseStep } from './canary-pause.js';
import { MESSAGES, REASONS } from './conditions.js';
import { recordEvent, type PlanContext } from './plan-context.js';
import { atDesiredReplicaCountsForCanary, getCurrentCanaryStep, replicaProgressThresholdMet } from './replica-counts.js';
import { desiredReplicas } from './replica-set-actions.js';
import { podHashOf } from './replica-set-roles.js';
import { describeStep } from './step-description.js';

function stepCount(ctx: PlanContext): number {
  return ctx.rollout.spec.strategy?.canary?.steps?.length ?? 0;
}

/**
 * Whether the template or the steps changed since the status was written: the steps start over.
 * A first status (no hashes recorded yet) is no change: a brand-new rollout is created and
 * promoted in one pass, where Argo spends a first pass on recording the step hash.
 */
export function templateOrStepsChanged(ctx: PlanContext, status: RolloutStatus): boolean {
  const prev = ctx.rollout.status ?? {};
  if (prev.currentStepHash !== undefined && prev.currentStepHash !== status.currentStepHash) return true;
  return (prev.currentPodHash ?? '') !== '' && prev.currentPodHash !== ctx.currentHash;
}

// Argo's resetRolloutStatus: as at the start of an update, at step 0 (no index without steps).
function resetStatus(ctx: PlanContext, status: RolloutStatus): void {
  ctx.pause.clearPauses();
  ctx.pause.removeAbort();
  if (ctx.rollout.spec.restartAt) status.restartedAt = ctx.rollout.spec.restartAt;
  delete status.promoteFull;
  if (status.canary) {
    delete status.canary.currentStepAnalysisRunStatus;
    delete status.canary.currentBackgroundAnalysisRunStatus;
  }
  if (stepCount(ctx) > 0) status.currentStepIndex = 0;
  else delete status.currentStepIndex;
}

// The current template is the stable one again (an undo): Argo's fast rollback.
function isRollbackToStable(ctx: PlanContext): boolean {
  const { newRS, stableRS } = ctx.roles;
  return newRS !== undefined && stableRS !== undefined && (ctx.rollout.status?.stableRS ?? '') === podHashOf(newRS);
}

// Every desired pod available, or as many as replicaProgressThreshold asks for (Argo's shouldFullPromote).
function canaryAvailableForPromotion(ctx: PlanContext, newRS: ReplicaSet): boolean {
  const desired = desiredReplicas(ctx);
  if ((newRS.status?.availableReplicas ?? 0) >= desired) return true;
  return replicaProgressThresholdMet(ctx.rollout.spec.strategy?.canary?.replicaProgressThreshold, newRS, desired);
}

/**
 * Why the current template should become stable now, or '' (Argo's shouldFullPromote, canary, in
 * its order): no stable yet → "Initial deploy"; never while aborted or before the new pods are
 * available; then on request, on a rollback to stable, or after the last step ("Completed all 5
 * canary steps" at index 5 of 5).
 */
function fullPromotionReason(ctx: PlanContext): string {
  const { newRS, stableRS } = ctx.roles;
  if (!stableRS) return 'Initial deploy';
  // An aborted update is never promoted, and a new template not before its pods are up.
  if (ctx.pause.isAborted() || !newRS || !canaryAvailableForPromotion(ctx, newRS)) return '';
  if (ctx.rollout.status?.promoteFull) return 'Full promotion requested';
  if (isRollbackToStable(ctx)) return 'Fast rollback';
  const { index } = getCurrentCanaryStep(ctx.rollout);
  const count = stepCount(ctx);
  if (count === 0 || index === count) return `Completed all ${count} canary steps`;
  return '';
}

// Argo's promoteStable: pauses and abort cleared, every step done; the event only when stable changes.
function promoteStable(ctx: PlanContext, status: RolloutStatus, reason: string): void {
  ctx.pause.clearPauses();
  ctx.pause.removeAbort();
  delete status.promoteFull;
  const count = stepCount(ctx);
  if (count > 0) status.currentStepIndex = count;
  else delete status.currentStepIndex;
  // Already stable (a rollback to it): nothing is promoted.
  if (status.stableRS === status.currentPodHash) return;
  status.stableRS = status.currentPodHash;
  recordEvent(ctx, REASONS.completed, MESSAGES.completed(ctx.revision, status.currentPodHash ?? '', reason));
  ctx.reasons.push(`promoted ${status.currentPodHash ?? ''} to stable: ${reason}`);
}

const atDesiredCounts = (ctx: PlanContext): boolean => {
  const { newRS, stableRS, other } = ctx.roles;
  return atDesiredReplicaCountsForCanary({ rollout: ctx.rollout, newRS, stableRS, otherRSs: other });
};

// When each kind of step is completed.
const STEP_COMPLETED: Record<CanaryStepKind, (ctx: PlanContext) => boolean> = {
  pause: completedPauseStep,
  setWeight: atDesiredCounts,
  setCanaryScale: atDesiredCounts,
  setHeaderRoute: () => true,
  setMirrorRoute: () => true,
  // An analysis step is done when its run has succeeded.
  analysis: (ctx) => ctx.currentRuns.step?.status?.phase === 'Successful',
  // Experiment and plugin steps complete through controllers this product does not have yet.
  experiment: () => false,
  plugin: () => false,
};

// Argo's completedCurrentCanaryStep: a pause is over, replica counts reached, a route step applied.
function completedCurrentStep(ctx: PlanContext): boolean {
  // A manual pause holds every step.
  if (ctx.rollout.spec.paused) return false;
  const { step } = getCurrentCanaryStep(ctx.rollout);
  const kind = step ? tagCanaryStep(step)?.kind : undefined;
  // No step left (or a malformed one): nothing to complete.
  return kind === undefined ? false : STEP_COMPLETED[kind](ctx);
}

/**
 * Moves past the current step once it is completed, recording "Rollout step 2/5 completed (pause:
 * 5s)" and dropping its pause condition; otherwise the index stays where it is.
 */
function advanceStep(ctx: PlanContext, status: RolloutStatus): void {
  const { step, index } = getCurrentCanaryStep(ctx.rollout);
  // No steps: no index to keep.
  if (index === undefined) return;
  status.currentStepIndex = index;
  if (!step || !completedCurrentStep(ctx)) return;
  status.currentStepIndex = index + 1;
  if (status.canary) delete status.canary.currentStepAnalysisRunStatus;
  recordEvent(ctx, REASONS.stepCompleted, MESSAGES.stepCompleted(index + 1, stepCount(ctx), describeStep(step)));
  ctx.pause.removePause('CanaryPauseStep');
  ctx.reasons.push(`step ${index + 1}/${stepCount(ctx)} completed (${describeStep(step)})`);
}

// A new template or new steps: the steps start over from 0, or are all skipped when the template
// goes back to the stable one (Argo's "Rollback to stable ReplicaSets").
function restartSteps(ctx: PlanContext, status: RolloutStatus): RolloutStatus {
  resetStatus(ctx, status);
  const count = stepCount(ctx);
  if (ctx.roles.newRS && count > 0 && isRollbackToStable(ctx)) {
    recordEvent(ctx, REASONS.skipSteps, 'Rollback to stable ReplicaSets');
    status.currentStepIndex = count;
  }
  ctx.reasons.push('template or steps changed: steps start over');
  return status;
}

// While aborted the steps rest at 0, or at the end when the stable template is the current one.
function holdStepsWhileAborted(ctx: PlanContext, status: RolloutStatus): void {
  const count = stepCount(ctx);
  if (count > 0) status.currentStepIndex = status.stableRS === status.currentPodHash ? count : 0;
}

/**
 * The canary status before conditions and phase (Argo's syncRolloutStatusCanary): restart the steps
 * on a new template, promote when every step is done (or on request, or at the first deploy), hold
 * the step at 0 while aborted, and otherwise move past a completed step. A full promotion clears
 * pauses and the abort, and skips the remaining steps at once (steps 5 of 5 done, index 5); the new
 * ReplicaSet then scales to 100% and is promoted once all its pods are available.
 */
export function canaryStatus(ctx: PlanContext): RolloutStatus {
  const status = baseStatus(ctx);
  if (templateOrStepsChanged(ctx, status)) return restartSteps(ctx, status);
  const promoteFull = ctx.rollout.status?.promoteFull === true;
  if (promoteFull) {
    ctx.pause.clearPauses();
    ctx.pause.removeAbort();
  }
  const reason = fullPromotionReason(ctx);
  if (reason !== '') {
    promoteStable(ctx, status, reason);
    return status;
  }
  if (ctx.pause.isAborted()) {
    holdStepsWhileAborted(ctx, status);
    return status;
  }
  if (promoteFull && stepCount(ctx) > 0) status.currentStepIndex = stepCount(ctx);
  else advanceStep(ctx, status);
  return status;
}
