// Argo's calculateRolloutConditions: Healthy, Progressing (progress, abort, deadline), Available and
// Completed, computed on the new status with the events Argo records for their changes.
import type { RolloutStatus } from '../../api/types.js';
import { getCondition, hasTimedOut, isCompleted, isHealthy, isProgressing, MESSAGES, newCondition, putCondition, REASONS, removeCondition, setCondition } from './conditions.js';
import { isPaused } from './paused-conditions.js';
import { recordEvent, recordWarning, type PlanContext } from './plan-context.js';
import { noProgressExpected, timedOutMessage } from './progress-deadline.js';
import { getAvailableReplicaCountForReplicaSets } from './replica-counts.js';
import { desiredReplicas } from './replica-set-actions.js';
import { rfc3339 } from './time-format.js';

// Healthy True when healthy and not paused; False only once it has been set. Returns whether it just
// turned False (the rollout became unhealthy).
function healthyCondition(ctx: PlanContext, status: RolloutStatus): boolean {
  if (!isPaused(ctx, status) && isHealthy(ctx.rollout, status)) {
    putCondition(status, { type: 'Healthy', status: 'True', reason: REASONS.healthy, message: MESSAGES.healthy }, ctx.now);
    return false;
  }
  // Never healthy yet: no Healthy condition to turn False.
  if (!getCondition(ctx.rollout.status, 'Healthy')) return false;
  return putCondition(status, { type: 'Healthy', status: 'False', reason: REASONS.healthy, message: MESSAGES.notHealthy }, ctx.now);
}

// "Rollout aborted update to revision 2", with the cause when the controller aborted (a timeout).
function abortedCondition(ctx: PlanContext, status: RolloutStatus): void {
  const base = MESSAGES.aborted(ctx.revision);
  const message = ctx.pause.abortMessage ? `${base}: ${ctx.pause.abortMessage}` : base;
  if (putCondition(status, { type: 'Progressing', status: 'False', reason: REASONS.aborted, message }, ctx.now)) recordWarning(ctx, REASONS.aborted, message);
}

function progressMessage(ctx: PlanContext): string {
  const newName = ctx.roles.newRS?.metadata.name;
  return newName ? MESSAGES.replicaSetProgressing(newName) : MESSAGES.rolloutProgressing(ctx.rollout.metadata?.name ?? '');
}

// Progress (or turning unhealthy) always rewrites Progressing True, refreshing lastUpdateTime: that
// is the deadline's clock. A promoted rollout that lost pods reports ReplicaSetNotAvailable.
function progressCondition(ctx: PlanContext, status: RolloutStatus, becameUnhealthy: boolean): void {
  const notAvailable = becameUnhealthy && status.stableRS === status.currentPodHash;
  const reason = notAvailable ? REASONS.replicaSetNotAvailable : REASONS.replicaSetUpdated;
  const cond = newCondition({ type: 'Progressing', status: 'True', reason, message: notAvailable ? MESSAGES.notAvailable : progressMessage(ctx) }, ctx.now);
  const current = getCondition(ctx.rollout.status, 'Progressing');
  if (current?.status === 'True') cond.lastTransitionTime = current.lastTransitionTime;
  removeCondition(status, 'Progressing');
  setCondition(status, cond);
}

// Healthy → NewReplicaSetAvailable; progress → ReplicaSetUpdated; neither, and late → ProgressDeadlineExceeded.
function progressingCondition(ctx: PlanContext, status: RolloutStatus, becameUnhealthy: boolean): void {
  if (isHealthy(ctx.rollout, status)) {
    const message = MESSAGES.replicaSetCompleted(ctx.roles.newRS?.metadata.name ?? '');
    putCondition(status, { type: 'Progressing', status: 'True', reason: REASONS.newRSAvailable, message }, ctx.now);
    return;
  }
  if (isProgressing(ctx.rollout, status) || becameUnhealthy) return progressCondition(ctx, status, becameUnhealthy);
  // Waiting on purpose, or still within the deadline.
  if (noProgressExpected(ctx) || !hasTimedOut(ctx.rollout, status, ctx.now)) return;
  const message = timedOutMessage(ctx);
  if (putCondition(status, { type: 'Progressing', status: 'False', reason: REASONS.timedOut, message }, ctx.now)) recordWarning(ctx, REASONS.timedOut, message);
}

// Available once every ReplicaSet together has spec.replicas available pods (4 of 4 → True).
function availableCondition(ctx: PlanContext, status: RolloutStatus): void {
  const ok = getAvailableReplicaCountForReplicaSets(ctx.roles.all) >= desiredReplicas(ctx);
  const [cstatus, message] = ok ? (['True', MESSAGES.available] as const) : (['False', MESSAGES.notAvailable] as const);
  putCondition(status, { type: 'Available', status: cstatus, reason: REASONS.available, message }, ctx.now);
}

// Completed follows isCompleted; its turning False starts an update (RolloutNotCompleted).
function completedCondition(ctx: PlanContext, status: RolloutStatus): void {
  const completed = isCompleted(status);
  const changed = putCondition(status, { type: 'Completed', status: completed ? 'True' : 'False', reason: REASONS.completed, message: REASONS.completed }, ctx.now);
  if (changed && !completed) recordEvent(ctx, REASONS.notCompleted, MESSAGES.notCompleted(ctx.revision, status.currentPodHash ?? ''));
}

/** Argo's calculateRolloutConditions: Healthy, Progressing (incl. abort and deadline), Available, Completed. */
export function calculateRolloutConditions(ctx: PlanContext, status: RolloutStatus): void {
  const becameUnhealthy = healthyCondition(ctx, status);
  if (ctx.pause.isAborted()) abortedCondition(ctx, status);
  else progressingCondition(ctx, status, becameUnhealthy);
  availableCondition(ctx, status);
  replicaFailureCondition(ctx, status);
  completedCondition(ctx, status);
}

/**
 * A ReplicaSet that cannot create pods (quota, admission) reports ReplicaFailure; the rollout carries
 * the first one, the new ReplicaSet's before any other (Argo's getReplicaFailures).
 */
function replicaFailureCondition(ctx: PlanContext, status: RolloutStatus): void {
  const { newRS, all } = ctx.roles;
  const failure = [newRS, ...all].flatMap((rs) => rs?.status?.conditions ?? []).find((c) => c.type === 'ReplicaFailure');
  if (!failure) {
    removeCondition(status, 'ReplicaFailure');
    return;
  }
  const at = failure.lastTransitionTime ?? rfc3339(ctx.now);
  setCondition(status, { type: 'ReplicaFailure', status: failure.status, reason: failure.reason ?? '', message: failure.message ?? '', lastUpdateTime: at, lastTransitionTime: at });
}
