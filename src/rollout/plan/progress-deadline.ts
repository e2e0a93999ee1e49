// progressDeadlineSeconds: when an update that shows no progress is late, the requeue that checks
// it on time, and progressDeadlineAbort (Argo's isIndefiniteStep, requeueStuckRollout and
// evaluateProgressDeadlineAbort).
import { tagCanaryStep } from '../../api/canary-step-kind.js';
import { ANNOTATIONS } from '../../api/labels.js';
import type { RolloutCondition, RolloutStatus } from '../../api/types.js';
import { getCondition, hasTimedOut, isCompleted, isHealthy, isProgressing, MESSAGES, progressDeadlineMs, REASONS } from './conditions.js';
import { isPaused } from './paused-conditions.js';
import { recordWarning, type PlanContext } from './plan-context.js';
import { getCurrentCanaryStep } from './replica-counts.js';

const INDEFINITE_STEPS = new Set(['experiment', 'analysis', 'pause']);

/**
 * A step that waits on something other than replica counts (a pause, an analysis, an experiment),
 * or a Paused condition: no progress is expected. Read from the rollout as it was read, as Argo's
 * isIndefiniteStep(c.rollout) does.
 */
export function isIndefiniteStep(ctx: PlanContext): boolean {
  const { step } = getCurrentCanaryStep(ctx.rollout);
  const kind = step ? tagCanaryStep(step)?.kind : undefined;
  if (kind !== undefined && INDEFINITE_STEPS.has(kind)) return true;
  return getCondition(ctx.rollout.status, 'Paused')?.status === 'True';
}

// An old ReplicaSet kept up until its scale-down deadline is not a lack of progress.
function waitingForScaleDown(ctx: PlanContext): boolean {
  return ctx.roles.other.some((rs) => rs.metadata.annotations?.[ANNOTATIONS.scaleDownDeadline] !== undefined);
}

/** Whether the rollout is waiting on purpose, so that no progress is no problem. */
export function noProgressExpected(ctx: PlanContext): boolean {
  return isIndefiniteStep(ctx) || waitingForScaleDown(ctx);
}

/** Argo's timeout message: 'ReplicaSet "x" has timed out progressing.', or the rollout's when there is no new ReplicaSet. */
export function timedOutMessage(ctx: PlanContext): string {
  const newName = ctx.roles.newRS?.metadata.name;
  return newName ? MESSAGES.replicaSetTimedOut(newName) : MESSAGES.rolloutTimedOut(ctx.rollout.metadata?.name ?? '');
}

// Only an update in flight that has stopped moving can be aborted for lateness.
function abortForLatenessApplies(ctx: PlanContext, status: RolloutStatus): boolean {
  if (!ctx.rollout.spec.progressDeadlineAbort || ctx.pause.isAborted()) return false;
  // Fully promoted: the update succeeded; losing pods later is not a failed update.
  if (isCompleted(status)) return false;
  return !isProgressing(ctx.rollout, status) && !noProgressExpected(ctx);
}

/**
 * progressDeadlineAbort: an update stuck past its deadline (as read) is aborted, with the timeout as
 * the abort message, and Argo's RolloutAborted warning for it.
 */
export function evaluateProgressDeadlineAbort(ctx: PlanContext, status: RolloutStatus): void {
  if (!abortForLatenessApplies(ctx, status) || !hasTimedOut(ctx.rollout, ctx.rollout.status ?? {}, ctx.now)) return;
  const message = timedOutMessage(ctx);
  ctx.pause.addAbort(message);
  recordWarning(ctx, REASONS.aborted, message);
  ctx.reasons.push(`progress deadline exceeded: aborting (${message})`);
}

// Healthy, already late, paused, aborted or waiting on purpose: no deadline to watch.
function deadlineWatched(ctx: PlanContext, status: RolloutStatus, progressing: RolloutCondition): boolean {
  const old = ctx.rollout.status ?? {};
  if (isHealthy(ctx.rollout, status) || progressing.reason === REASONS.timedOut) return false;
  return !isPaused(ctx, old) && !old.abort && !isIndefiniteStep(ctx);
}

/**
 * When to look again so that a stuck update is found late on time (Argo's requeueStuckRollout): 1 s
 * after the deadline of the Progressing condition as read, never negative. Last progress 12:00:00,
 * deadline 600 s, now 12:03:00 → 421 000 ms.
 */
export function stuckRolloutRequeue(ctx: PlanContext, status: RolloutStatus): number | undefined {
  const progressing = getCondition(ctx.rollout.status, 'Progressing');
  if (!progressing || !deadlineWatched(ctx, status, progressing)) return undefined;
  return Math.max(0, progressDeadlineMs(ctx.rollout, progressing) - ctx.now.toMillis() + 1000);
}
