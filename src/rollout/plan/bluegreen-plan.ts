// The stages of a blue-green pass, in Argo's order (rolloutBlueGreen): preview service, then
// (unless the template just changed) replica sets, pause, active service, analysis and metadata,
// and the status last.
import type { RolloutStatus } from '../../api/types.js';
import { reconcileBlueGreenAnalysisRuns } from './bluegreen-analysis.js';
import { createBlueGreenPlan, type BlueGreenPlan } from './bluegreen-context.js';
import { reconcileBlueGreenPause } from './bluegreen-pause.js';
import { newReplicaSetReplicas, reconcileBlueGreenReplicaSets } from './bluegreen-replicas.js';
import { reconcileActiveService, reconcilePreviewService } from './bluegreen-services.js';
import { blueGreenStatus, podSpecChanged } from './bluegreen-status.js';
import { reconcileEphemeralMetadata } from './ephemeral-metadata.js';
import { finalizeStatus } from './finalize-status.js';
import { flushCreate } from './new-replica-set.js';
import type { PlanContext } from './plan-context.js';
import type { RolloutPlan } from './plan-types.js';
import { scaleReplicaSet } from './replica-set-actions.js';
import { syncRevision } from './replica-set-revision.js';
import { reconcileRestart } from './restart-plan.js';
import { reconcileWorkload } from './workload-ref.js';

function result(ctx: PlanContext, status: RolloutStatus | undefined): RolloutPlan {
  flushCreate(ctx);
  const requeue = ctx.requeueAfterMs.length ? Math.min(...ctx.requeueAfterMs) : undefined;
  return { actions: ctx.actions, status, events: ctx.events, requeueAfterMs: requeue, reasons: ctx.reasons };
}

// A new template's ReplicaSet is created at its size at once (Argo's createDesiredReplicaSet).
function sizeCreatedReplicaSet(ctx: PlanContext): void {
  const rs = ctx.creating;
  if (rs) scaleReplicaSet(ctx, rs, newReplicaSetReplicas(ctx, rs));
}

function finish(plan: BlueGreenPlan, newUpdate: boolean): RolloutPlan {
  return result(plan.ctx, finalizeStatus(plan.ctx, blueGreenStatus(plan, newUpdate)));
}

/** Plans one pass of a blue-green rollout (spec.strategy.blueGreen must be set). */
export function planBlueGreen(ctx: PlanContext): RolloutPlan {
  const strategy = ctx.rollout.spec.strategy?.blueGreen;
  // Dispatched here only for blue-green; nothing to do otherwise.
  if (!strategy) return result(ctx, undefined);
  const plan = createBlueGreenPlan(ctx, strategy);
  syncRevision(ctx);
  reconcilePreviewService(plan);
  if (podSpecChanged(ctx)) {
    sizeCreatedReplicaSet(ctx);
    ctx.reasons.push('template changed: a new blue-green update starts');
    return finish(plan, true);
  }
  // Pods are being restarted: the pass ends there, as for a canary.
  if (reconcileRestart(ctx) > 0) return result(ctx, undefined);
  reconcileWorkload(ctx);
  reconcileBlueGreenReplicaSets(plan);
  reconcileBlueGreenPause(plan);
  reconcileActiveService(plan);
  reconcileBlueGreenAnalysisRuns(plan);
  reconcileEphemeralMetadata(ctx);
  return finish(plan, false);
}
