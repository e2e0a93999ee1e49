import { tagCanaryStep } from '../../api/canary-step-kind.js';
import { ANNOTATIONS } from '../../api/labels.js';
import type { RolloutStatus } from '../../api/types.js';
import { generationString, getCondition, hasTimedOut, isCompleted, isHealthy, isProgressing, MESSAGES, newCondition, REASONS, removeCondition, setCondition } from './conditions.js';
import { recordEvent, recordWarning, type PlanContext } from './plan-context.js';
import { getAvailableReplicaCountForReplicaSets, getCurrentCanaryStep } from './replica-counts.js';
import { desiredReplicas } from './replica-set-actions.js';
import { revisionOf } from './replica-set-roles.js';

function isPaused(ctx: PlanContext, status: RolloutStatus): boolean {
  return (status.pauseConditions?.length ?? 0) > 0 || ctx.rollout.spec.paused === true;
}

/** A step that waits on something other than replica counts: a pause, an analysis, an experiment. */
export function isIndefiniteStep(ctx: PlanContext, status: RolloutStatus): boolean {
  const { step } = getCurrentCanaryStep(ctx.rollout);
  const kind = step ? tagCanaryStep(step)?.kind : undefined;
  if (kind === 'experiment' || kind === 'analysis' || kind === 'pause') return true;
  return getCondition(status, 'Paused')?.status === 'True';
}

function waitingForScaleDown(ctx: PlanContext): boolean {
  return ctx.roles.other.some((rs) => rs.metadata.annotations?.[ANNOTATIONS.scaleDownDeadline] !== undefined);
}

/** Argo's checkPausedConditions, folded into the same write: Paused and Progressing follow the pause state. */
export function applyPausedConditions(ctx: PlanContext, status: RolloutStatus): void {
  const prog = getCondition(status, 'Progressing');
  const paused = isPaused(ctx, status);
  const abortCond = prog?.reason === REASONS.aborted;
  if (paused !== (prog?.reason === REASONS.paused) && !abortCond && !isCompleted(status)) {
    setCondition(status, newCondition('Progressing', 'Unknown', paused ? REASONS.paused : REASONS.resumed, paused ? MESSAGES.paused : MESSAGES.resumed, ctx.now));
  }
  if (!status.abort && abortCond) setCondition(status, newCondition('Progressing', 'Unknown', REASONS.retry, MESSAGES.retry, ctx.now));
  const pausedTrue = getCondition(status, 'Paused')?.status === 'True';
  if (paused !== pausedTrue && !abortCond) setCondition(status, newCondition('Paused', paused ? 'True' : 'False', REASONS.paused, MESSAGES.paused, ctx.now));
}

function healthyCondition(ctx: PlanContext, status: RolloutStatus): boolean {
  if (!isPaused(ctx, status) && isHealthy(ctx.rollout, status)) {
    setCondition(status, newCondition('Healthy', 'True', REASONS.healthy, MESSAGES.healthy, ctx.now));
    return false;
  }
  if (!getCondition(ctx.rollout.status, 'Healthy')) return false;
  return setCondition(status, newCondition('Healthy', 'False', REASONS.healthy, MESSAGES.notHealthy, ctx.now));
}

function abortedCondition(ctx: PlanContext, status: RolloutStatus): void {
  const base = MESSAGES.aborted(revisionOf(ctx.rollout));
  const message = ctx.pause.abortMessage ? `${base}: ${ctx.pause.abortMessage}` : base;
  if (setCondition(status, newCondition('Progressing', 'False', REASONS.aborted, message, ctx.now))) recordWarning(ctx, REASONS.aborted, message);
}

// Progress refreshes the Progressing condition's lastUpdateTime: that is the deadline's clock.
function progressingCondition(ctx: PlanContext, status: RolloutStatus, becameUnhealthy: boolean): void {
  const newName = ctx.roles.newRS?.metadata.name;
  if (isHealthy(ctx.rollout, status)) {
    setCondition(status, newCondition('Progressing', 'True', REASONS.newRSAvailable, MESSAGES.replicaSetCompleted(newName ?? ''), ctx.now));
    return;
  }
  if (isProgressing(ctx.rollout, status) || becameUnhealthy) {
    const notAvailable = status.stableRS === status.currentPodHash && becameUnhealthy;
    const reason = notAvailable ? REASONS.replicaSetNotAvailable : REASONS.replicaSetUpdated;
    const message = notAvailable ? MESSAGES.notAvailable : newName ? MESSAGES.replicaSetProgressing(newName) : MESSAGES.rolloutProgressing(ctx.rollout.metadata?.name ?? '');
    const current = getCondition(ctx.rollout.status, 'Progressing');
    const cond = newCondition('Progressing', 'True', reason, message, ctx.now);
    if (current?.status === 'True') cond.lastTransitionTime = current.lastTransitionTime;
    removeCondition(status, 'Progressing');
    setCondition(status, cond);
    return;
  }
  if (!isIndefiniteStep(ctx, status) && !waitingForScaleDown(ctx) && hasTimedOut(ctx.rollout, status, ctx.now)) {
    const message = newName ? MESSAGES.replicaSetTimedOut(newName) : MESSAGES.rolloutTimedOut(ctx.rollout.metadata?.name ?? '');
    if (setCondition(status, newCondition('Progressing', 'False', REASONS.timedOut, message, ctx.now))) recordWarning(ctx, REASONS.timedOut, message);
  }
}

function availableCondition(ctx: PlanContext, status: RolloutStatus): void {
  const ok = getAvailableReplicaCountForReplicaSets(ctx.roles.all) >= desiredReplicas(ctx);
  setCondition(status, newCondition('Available', ok ? 'True' : 'False', REASONS.available, ok ? MESSAGES.available : MESSAGES.notAvailable, ctx.now));
}

function completedCondition(ctx: PlanContext, status: RolloutStatus): void {
  if (isCompleted(status)) {
    setCondition(status, newCondition('Completed', 'True', REASONS.completed, REASONS.completed, ctx.now));
    return;
  }
  if (setCondition(status, newCondition('Completed', 'False', REASONS.completed, REASONS.completed, ctx.now))) {
    recordEvent(ctx, REASONS.notCompleted, MESSAGES.notCompleted(revisionOf(ctx.rollout), status.currentPodHash ?? ''));
  }
}

/** Argo's calculateRolloutConditions: Healthy, Progressing (incl. abort and deadline), Available, Completed. */
export function calculateRolloutConditions(ctx: PlanContext, status: RolloutStatus): void {
  const becameUnhealthy = healthyCondition(ctx, status);
  const aborted = ctx.pause.isAborted();
  if (aborted) abortedCondition(ctx, status);
  else progressingCondition(ctx, status, becameUnhealthy);
  availableCondition(ctx, status);
  completedCondition(ctx, status);
}

/** progressDeadlineAbort: a rollout stuck past its deadline aborts (Argo's evaluateProgressDeadlineAbort). */
export function evaluateProgressDeadlineAbort(ctx: PlanContext, status: RolloutStatus): void {
  if (!ctx.rollout.spec.progressDeadlineAbort || ctx.pause.isAborted() || isCompleted(status)) return;
  if (isProgressing(ctx.rollout, status) || isIndefiniteStep(ctx, ctx.rollout.status ?? {}) || waitingForScaleDown(ctx)) return;
  if (!hasTimedOut(ctx.rollout, ctx.rollout.status ?? {}, ctx.now)) return;
  const newName = ctx.roles.newRS?.metadata.name;
  const message = newName ? MESSAGES.replicaSetTimedOut(newName) : MESSAGES.rolloutTimedOut(ctx.rollout.metadata?.name ?? '');
  ctx.pause.addAbort(message);
  ctx.reasons.push(`progress deadline exceeded: aborting (${message})`);
}

/** When the progress deadline of a rollout that is still moving runs out, in ms from now (Argo's requeueStuckRollout). */
export function stuckRolloutRequeue(ctx: PlanContext, status: RolloutStatus): number | undefined {
  const cond = getCondition(ctx.rollout.status, 'Progressing');
  if (!cond) return undefined;
  const paused = (ctx.rollout.status?.pauseConditions?.length ?? 0) > 0 || ctx.rollout.spec.paused;
  if (isHealthy(ctx.rollout, status) || cond.reason === REASONS.timedOut || paused || ctx.rollout.status?.abort || isIndefiniteStep(ctx, ctx.rollout.status ?? {})) return undefined;
  const after = Date.parse(cond.lastUpdateTime) + (ctx.rollout.spec.progressDeadlineSeconds ?? 600) * 1000 - ctx.now.toMillis();
  return Math.max(0, after + 1000);
}

export { generationString };
