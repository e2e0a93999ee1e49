import { tagCanaryStep } from '../../api/canary-step-kind.js';
import type { RolloutStatus } from '../../api/types.js';
import { baseStatus } from './base-status.js';
import { completedPauseStep } from './canary-pause.js';
import { MESSAGES, REASONS } from './conditions.js';
import { recordEvent, type PlanContext } from './plan-context.js';
import { atDesiredReplicaCountsForCanary, getCurrentCanaryStep } from './replica-counts.js';
import { desiredReplicas } from './replica-set-actions.js';
import { podHashOf, revisionOf } from './replica-set-roles.js';
import { describeStep } from './step-description.js';

function stepCount(ctx: PlanContext): number {
  return ctx.rollout.spec.strategy?.canary?.steps?.length ?? 0;
}

/** Whether the template or the steps changed since the status was written: the steps start over. */
export function templateOrStepsChanged(ctx: PlanContext, status: RolloutStatus): boolean {
  const prev = ctx.rollout.status ?? {};
  if (prev.currentStepHash !== undefined && prev.currentStepHash !== status.currentStepHash) return true;
  return (prev.currentPodHash ?? '') !== '' && prev.currentPodHash !== ctx.currentHash;
}

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

function isRollbackToStable(ctx: PlanContext): boolean {
  const { newRS, stableRS } = ctx.roles;
  return newRS !== undefined && stableRS !== undefined && (ctx.rollout.status?.stableRS ?? '') === podHashOf(newRS);
}

/** Why the current template should become stable now, or '' (Argo's shouldFullPromote, canary). */
function fullPromotionReason(ctx: PlanContext): string {
  const { newRS, stableRS } = ctx.roles;
  if (!stableRS) return 'Initial deploy';
  if (ctx.pause.isAborted()) return '';
  if (!newRS || (newRS.status?.availableReplicas ?? 0) < desiredReplicas(ctx)) return '';
  if (ctx.rollout.status?.promoteFull) return 'Full promotion requested';
  if (isRollbackToStable(ctx)) return 'Fast rollback';
  const { index } = getCurrentCanaryStep(ctx.rollout);
  const count = stepCount(ctx);
  if (count === 0 || index === count) return `Completed all ${count} canary steps`;
  return '';
}

function promoteStable(ctx: PlanContext, status: RolloutStatus, reason: string): void {
  ctx.pause.clearPauses();
  ctx.pause.removeAbort();
  delete status.promoteFull;
  const count = stepCount(ctx);
  if (count > 0) status.currentStepIndex = count;
  else delete status.currentStepIndex;
  if (status.stableRS === status.currentPodHash) return;
  status.stableRS = status.currentPodHash;
  const revision = revisionOf(ctx.roles.newRS);
  recordEvent(ctx, REASONS.completed, MESSAGES.completed(revision, status.currentPodHash ?? '', reason));
  ctx.reasons.push(`promoted ${status.currentPodHash ?? ''} to stable: ${reason}`);
}

function completedCurrentStep(ctx: PlanContext): boolean {
  if (ctx.rollout.spec.paused) return false;
  const { step } = getCurrentCanaryStep(ctx.rollout);
  const tagged = step ? tagCanaryStep(step) : undefined;
  if (!tagged) return false;
  const { newRS, stableRS, other } = ctx.roles;
  switch (tagged.kind) {
    case 'pause':
      return completedPauseStep(ctx);
    case 'setWeight':
    case 'setCanaryScale':
      return atDesiredReplicaCountsForCanary({ rollout: ctx.rollout, newRS, stableRS, otherRSs: other });
    case 'setHeaderRoute':
    case 'setMirrorRoute':
      return true;
    default:
      // Analysis, experiment and plugin steps complete through their own controllers.
      return false;
  }
}

function advanceStep(ctx: PlanContext, status: RolloutStatus): void {
  const { step, index } = getCurrentCanaryStep(ctx.rollout);
  if (index === undefined) return;
  status.currentStepIndex = index;
  if (!step || !completedCurrentStep(ctx)) return;
  status.currentStepIndex = index + 1;
  if (status.canary) delete status.canary.currentStepAnalysisRunStatus;
  recordEvent(ctx, REASONS.stepCompleted, MESSAGES.stepCompleted(index + 1, stepCount(ctx), describeStep(step)));
  ctx.pause.removePause('CanaryPauseStep');
  ctx.reasons.push(`step ${index + 1}/${stepCount(ctx)} completed (${describeStep(step)})`);
}

/**
 * The canary status before conditions and phase (Argo's syncRolloutStatusCanary): restart the steps
 * on a new template, promote when every step is done (or on request, or at the first deploy), hold
 * the step at 0 while aborted, and otherwise move past a completed step.
 */
export function canaryStatus(ctx: PlanContext): RolloutStatus {
  const status = baseStatus(ctx);
  const count = stepCount(ctx);
  if (templateOrStepsChanged(ctx, status)) {
    resetStatus(ctx, status);
    if (ctx.roles.newRS && count > 0 && isRollbackToStable(ctx)) {
      recordEvent(ctx, REASONS.skipSteps, 'Rollback to stable ReplicaSets');
      status.currentStepIndex = count;
    }
    ctx.reasons.push('template or steps changed: steps start over');
    return status;
  }
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
    if (count > 0) status.currentStepIndex = status.stableRS === status.currentPodHash ? count : 0;
    return status;
  }
  // A full promotion skips the remaining steps at once; the new ReplicaSet then scales to 100%.
  if (promoteFull && count > 0) status.currentStepIndex = count;
  else advanceStep(ctx, status);
  return status;
}
