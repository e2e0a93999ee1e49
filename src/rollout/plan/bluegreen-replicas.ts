// Replica counts of a blue-green rollout (Argo's reconcileBlueGreenReplicaSets): the stable
// ReplicaSet at full size, the new one at previewReplicaCount or full size, and an aborted new one
// kept up until its abort deadline.
import type { ReplicaSet } from '../../api/kube-types.js';
import { scaleDownOldReplicaSets } from './bluegreen-scale-down.js';
import { replicaSetWithHash, rolloutReplicas, scaleDownDeadlineMs, type BlueGreenPlan } from './bluegreen-context.js';
import { getAbortScaleDownDelaySecondsOrDefault } from './canary-step-state.js';
import { requeueAfter, type PlanContext } from './plan-context.js';
import { scaleReplicaSet } from './replica-set-actions.js';
import { podHashOf } from './replica-set-roles.js';
import { reconcileRevisionHistory } from './revision-history.js';
import { addScaleDownDelay, removeScaleDownDeadlines, shouldDelayScaleDownOnAbort } from './scale-down-delay.js';

// Past the promotion step: the active service already selects the new ReplicaSet (or none exists).
function pastPromotion(ctx: PlanContext, newRS: ReplicaSet): boolean {
  const activeRS = replicaSetWithHash(ctx, ctx.rollout.status?.blueGreen?.activeSelector);
  return !activeRS || activeRS.metadata.name === newRS.metadata.name;
}

// Resumed after the pause but not yet switched: the preview grows to full size first.
function resumedPastCheckPoint(ctx: PlanContext): boolean {
  const status = ctx.rollout.status ?? {};
  const notPaused = !ctx.rollout.spec.paused && (status.pauseConditions ?? []).length === 0;
  return notPaused && status.blueGreen?.scaleUpPreviewCheckPoint === true;
}

/**
 * The new ReplicaSet's size (Argo's NewRSNewReplicas, blue-green): spec.replicas, or
 * previewReplicaCount until the promotion. replicas 5, previewReplicaCount 1 → 1 while previewed,
 * 5 once resumed past scaleUpPreviewCheckPoint, on promote --full, or once active.
 */
export function newReplicaSetReplicas(ctx: PlanContext, newRS: ReplicaSet): number {
  const desired = rolloutReplicas(ctx);
  const preview = ctx.rollout.spec.strategy?.blueGreen?.previewReplicaCount;
  if (preview === undefined || pastPromotion(ctx, newRS) || ctx.rollout.status?.promoteFull) return desired;
  // A new update (not the one the status describes) starts at the preview count.
  if (podHashOf(newRS) !== ctx.rollout.status?.currentPodHash) return preview;
  return resumedPastCheckPoint(ctx) ? desired : preview;
}

/** Argo's ReadyForPause: the new ReplicaSet has its wanted size, every pod available. */
export function readyForPause(ctx: PlanContext): boolean {
  const newRS = ctx.roles.newRS;
  if (!newRS) return false;
  const wanted = newReplicaSetReplicas(ctx, newRS);
  return (newRS.spec.replicas ?? 1) === wanted && (newRS.status?.availableReplicas ?? 0) === wanted;
}

function reconcileStable(ctx: PlanContext): void {
  const stableRS = ctx.roles.stableRS;
  if (stableRS) scaleReplicaSet(ctx, stableRS, rolloutReplicas(ctx));
}

// The deadline is set only once stable can take all traffic, as the deadline scales the new pods
// away unconditionally. Returns the new size, or undefined to leave the ReplicaSet as it is.
function abortedSize(ctx: PlanContext, newRS: ReplicaSet): number | undefined {
  const deadline = scaleDownDeadlineMs(newRS);
  if (deadline === undefined) {
    const seconds = getAbortScaleDownDelaySecondsOrDefault(ctx.rollout).seconds ?? 0;
    const stableAvailable = ctx.roles.stableRS?.status?.availableReplicas ?? 0;
    if (stableAvailable >= rolloutReplicas(ctx)) addScaleDownDelay(ctx, newRS, seconds);
    return undefined;
  }
  // An unreadable deadline is ignored, as Argo does: the new ReplicaSet keeps its size.
  if (Number.isNaN(deadline)) return newReplicaSetReplicas(ctx, newRS);
  const remaining = deadline - ctx.now.toMillis();
  if (remaining <= 0) return 0;
  requeueAfter(ctx, remaining);
  return newRS.spec.replicas ?? 1;
}

function reconcileNew(plan: BlueGreenPlan): void {
  const { ctx } = plan;
  const newRS = ctx.roles.newRS;
  if (!newRS) return;
  const aborting = shouldDelayScaleDownOnAbort(ctx);
  const size = aborting ? abortedSize(ctx, newRS) : newReplicaSetReplicas(ctx, newRS);
  if (size === undefined) return;
  scaleReplicaSet(ctx, ctx.roles.newRS ?? newRS, size, { keepDeadline: aborting });
}

/**
 * Argo's reconcileBlueGreenReplicaSets: deadlines dropped from new and stable, stable at full
 * size, the new ReplicaSet at its size, old ones scaled down after their delay, and the revision
 * history trimmed.
 */
export function reconcileBlueGreenReplicaSets(plan: BlueGreenPlan): void {
  const { ctx } = plan;
  // E.g. an undo back to an old ReplicaSet still in its delay: new and stable keep no deadline.
  removeScaleDownDeadlines(ctx);
  reconcileStable(ctx);
  reconcileNew(plan);
  scaleDownOldReplicaSets(plan);
  reconcileRevisionHistory(ctx);
}
