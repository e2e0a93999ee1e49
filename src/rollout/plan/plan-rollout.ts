import type { DateTime } from 'luxon';
import type { Rollout, RolloutStatus } from '../../api/types.js';
import { invalidSpecMessage, validateRollout, type SpecError } from '../../api/validate-rollout.js';
import { canaryStatus, templateOrStepsChanged } from './canary-status.js';
import { reconcileAnalysisRuns } from './analysis-plan.js';
import { planBlueGreen } from './bluegreen-plan.js';
import { reconcileCanaryPause } from './canary-pause.js';
import { reconcileCanaryReplicaSets } from './canary-replicas.js';
import { generationString, getCondition, isCompleted, newCondition, REASONS, removeCondition, setCondition } from './conditions.js';
import { reconcileEphemeralMetadata } from './ephemeral-metadata.js';
import { finalizeStatus } from './finalize-status.js';
import { calculateRolloutPhase } from './rollout-phase.js';
import { createPlanContext, type PlanContext } from './plan-context.js';
import type { RolloutPlan, RolloutSnapshot } from './plan-types.js';
import { flushCreate, planNewReplicaSet } from './new-replica-set.js';
import { syncRevision } from './replica-set-revision.js';
import { reconcileRestart } from './restart-plan.js';
import { reconcileRevisionHistory } from './revision-history.js';
import { baseStatus } from './base-status.js';
import { referencedAnalysisErrors } from './referenced-analysis.js';
import { referencedServiceErrors } from './referenced-services.js';
import { reconcileStableAndCanaryServices } from './service-plan.js';
import { reconcileTrafficRouting } from './traffic-plan.js';
import { reconcileWorkload, resolveWorkloadRef } from './workload-ref.js';

// An invalid rollout is looked at again this often: the cause may be timing, such as a Service
// applied after the Rollout (Argo's syncHandler requeues a validation error after 20 s).
const INVALID_SPEC_RECHECK_MS = 20_000;

/** The InvalidSpec plan: the condition with the first error, phase Degraded, and no other write. */
function invalidSpecPlan(rollout: Rollout, error: SpecError, now: DateTime): RolloutPlan {
  const status: RolloutStatus = structuredClone(rollout.status ?? {});
  const message = invalidSpecMessage(rollout.metadata?.name ?? '', error);
  const prev = getCondition(status, 'InvalidSpec');
  if (prev && prev.message !== message) removeCondition(status, 'InvalidSpec');
  if (!prev || prev.message !== message) setCondition(status, newCondition({ type: 'InvalidSpec', status: 'True', reason: REASONS.invalidSpec, message }, now));
  status.observedGeneration = generationString(rollout);
  const { phase, message: phaseMessage } = calculateRolloutPhase(rollout.spec, status);
  status.phase = phase;
  status.message = phaseMessage;
  const events = prev?.message === message ? [] : [{ type: 'Warning' as const, reason: REASONS.invalidSpec, message }];
  return { actions: [], status, events, requeueAfterMs: INVALID_SPEC_RECHECK_MS, reasons: [`invalid spec: ${message}`] };
}

function result(ctx: PlanContext, status: RolloutStatus | undefined): RolloutPlan {
  flushCreate(ctx);
  const requeue = ctx.requeueAfterMs.length ? Math.min(...ctx.requeueAfterMs) : undefined;
  return { actions: ctx.actions, status, events: ctx.events, requeueAfterMs: requeue, reasons: ctx.reasons };
}

// The stages of a canary pass, in Argo's order (rolloutCanary); a stage that changes replica counts
// ends the pass so that the next one sees the effect.
function planCanary(ctx: PlanContext): RolloutPlan {
  if (templateOrStepsChanged(ctx, baseStatus(ctx))) {
    syncRevision(ctx);
    return result(ctx, finalizeStatus(ctx, canaryStatus(ctx)));
  }
  syncRevision(ctx);
  if (reconcileRestart(ctx) > 0) return result(ctx, undefined);
  reconcileEphemeralMetadata(ctx);
  reconcileWorkload(ctx);
  reconcileRevisionHistory(ctx);
  reconcileStableAndCanaryServices(ctx);
  // Analysis before traffic (Argo has it after): a run failing in this pass aborts it, and the router
  // is sent back to stable in the same pass rather than the next.
  reconcileAnalysisRuns(ctx);
  // An inconclusive analysis pauses the rollout before any replica moves.
  if (ctx.pause.hasAddPause) return result(ctx, finalizeStatus(ctx, canaryStatus(ctx)));
  reconcileTrafficRouting(ctx);
  if (reconcileCanaryReplicaSets(ctx)) return result(ctx, finalizeStatus(ctx, canaryStatus(ctx)));
  reconcileCanaryPause(ctx);
  return result(ctx, finalizeStatus(ctx, canaryStatus(ctx)));
}

// The rollout as reconciled (a workloadRef resolved), or the first problem with its spec.
function checkSpec(snapshot: RolloutSnapshot): { rollout: Rollout } | { error: SpecError } {
  const resolved = resolveWorkloadRef(snapshot.rollout, snapshot.workload);
  if ('error' in resolved) return resolved;
  const errors = [...validateRollout(withoutWorkloadRef(resolved.rollout)), ...referencedServiceErrors(resolved.rollout, snapshot.services), ...referencedAnalysisErrors(resolved.rollout, snapshot)];
  return errors.length > 0 ? { error: errors[0] } : resolved;
}

// A resolved workloadRef rollout is validated like one that declares its template itself.
function withoutWorkloadRef(rollout: Rollout): Rollout {
  if (!rollout.spec.workloadRef) return rollout;
  const spec = { ...rollout.spec };
  delete spec.workloadRef;
  return { ...rollout, spec };
}

/**
 * Plans one reconcile of a Rollout: given what exists (the snapshot) and the time, what should exist
 * next. Pure: no I/O, no clock, no logging; the caller applies the actions, patches the status diff,
 * records the events and requeues after `requeueAfterMs`.
 */
export function planRollout(snapshot: RolloutSnapshot, now: DateTime): RolloutPlan {
  const declared = snapshot.rollout;
  // Being deleted: the garbage collector removes the ReplicaSets; nothing to write.
  if (declared.metadata?.deletionTimestamp) return { actions: [], events: [], reasons: ['rollout is being deleted'] };
  const checked = checkSpec(snapshot);
  // An invalid spec (or an unresolvable workloadRef) is reported and nothing else is done.
  if ('error' in checked) return invalidSpecPlan(declared, checked.error, now);
  const rollout = checked.rollout;
  const ctx = createPlanContext({ ...snapshot, rollout }, now);
  if (!ctx.roles.newRS) planNewReplicaSet(ctx);
  // Nothing left to abort once the rollout is fully promoted (Argo removes the abort).
  if (isCompleted(rollout.status ?? {}) && ctx.pause.isAborted()) ctx.pause.removeAbort();
  if (rollout.spec.strategy?.blueGreen) return planBlueGreen(ctx);
  return planCanary(ctx);
}
