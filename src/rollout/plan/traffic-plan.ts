// The traffic a canary behind a router should have now (Argo's reconcileTrafficRouting), stated
// whole: the canary and stable weights and the managed header/mirror routes. The routers in
// src/traffic converge their objects to it; this file only decides.
import type { ReplicaSet } from '../../api/kube-types.js';
import type { DesiredTraffic } from '../../api/desired-traffic.js';
import type { CanaryStrategy, TrafficWeights } from '../../api/types.js';
import { atDesiredReplicaCountsForCanary, getCurrentCanaryStep, getCurrentSetWeight, getDesiredCanaryWeight, maxTrafficWeight, replicaProgressThresholdMet } from './replica-counts.js';
import { dynamicRollbackCanaryHash, isFullyPromoted, scalesStableDynamically } from './dynamic-rollback.js';
import { managedRoutesAt, NO_MANAGED_ROUTES, type ManagedRouteState } from './managed-routes.js';
import { recordEvent, type PlanContext } from './plan-context.js';
import { podHashOf } from './replica-set-roles.js';
import { getReplicasOrDefault } from './rollout-surge.js';
import { ensureTarget } from './service-plan.js';

/** The weight decided for this pass, whose pods get it, and which routes stay. */
interface TrafficDecision {
  weight: number;
  canaryHash: string;
  routes: ManagedRouteState;
  why: string;
}

// Go's integer division, which Argo's weight arithmetic relies on.
const div = (a: number, b: number): number => (b === 0 ? 0 : Math.trunc(a / b));

function replicas(ctx: PlanContext): number {
  return getReplicasOrDefault(ctx.rollout.spec.replicas);
}

function available(rs: ReplicaSet | undefined): number {
  return rs?.status?.availableReplicas ?? 0;
}

/**
 * The canary weight while aborting or rolling back to stable (Argo's
 * calculateDesiredWeightOnAbortOrStableRollback): 0 at once, unless dynamicStableScale, where the
 * weight leaves the canary only as fast as stable pods come up and never climbs back.
 */
export function weightOnAbortOrRollback(ctx: PlanContext): number {
  const { newRS, stableRS } = ctx.roles;
  if (!scalesStableDynamically(ctx) || !stableRS || !newRS || replicas(ctx) === 0) return 0;
  const max = maxTrafficWeight(ctx.rollout);
  const desired = getDesiredCanaryWeight(ctx.rollout, newRS, stableRS);
  const stableShare = div(max * available(stableRS), replicas(ctx));
  const expected = Math.max(0, max - stableShare);
  const current = ctx.rollout.status?.canary?.weights?.canary.weight;
  if (current === undefined) return Math.max(expected, desired);
  return stepDown(desired, current, expected, max - stableShare);
}

// One step of a dynamic abort: `missing` is the share stable cannot take yet.
function stepDown(desired: number, current: number, expected: number, missing: number): number {
  // Never back up: stable availability may flap (pod restarts).
  if (desired <= 0) return Math.min(expected, current);
  // Stable is still coming up: the canary keeps what it has.
  if (missing > desired) return current;
  return Math.min(desired, current);
}

// The last setWeight before the current step: the new pods are not ready for the next weight yet.
function previousSetWeight(steps: NonNullable<CanaryStrategy['steps']>, index: number): number {
  for (let i = index - 1; i >= 0; i--) {
    const step = steps[i];
    if ('setWeight' in step && step.setWeight !== undefined) return step.setWeight;
  }
  return 0;
}

function atDesiredCounts(ctx: PlanContext): boolean {
  const { newRS, stableRS, other } = ctx.roles;
  return atDesiredReplicaCountsForCanary({ rollout: ctx.rollout, newRS, stableRS, otherRSs: other });
}

// Route steps apply from the second revision on (a first install runs no steps: Argo's revision > 1).
function routesAt(ctx: PlanContext, index: number): ManagedRouteState {
  return ctx.revision > 1 ? managedRoutesAt(ctx.rollout, index) : NO_MANAGED_ROUTES;
}

// The weight from the steps: the previous setWeight until the step's pods are up, the current one
// mid-way, the whole weight once every step is done.
function stepWeight(ctx: PlanContext, canaryHash: string): TrafficDecision {
  const steps = ctx.rollout.spec.strategy?.canary?.steps ?? [];
  const { index } = getCurrentCanaryStep(ctx.rollout);
  if (index === undefined) return { weight: 0, canaryHash, routes: NO_MANAGED_ROUTES, why: 'no steps' };
  const routes = routesAt(ctx, index);
  if (!atDesiredCounts(ctx)) return { weight: previousSetWeight(steps, index), canaryHash, routes, why: 'canary pods not yet at the step' };
  if (index !== steps.length) return { weight: getCurrentSetWeight(ctx.rollout), canaryHash, routes, why: `step ${index}` };
  return { weight: maxTrafficWeight(ctx.rollout), canaryHash, routes, why: 'all steps done' };
}


function promoteFullWeight(ctx: PlanContext, canaryHash: string): TrafficDecision {
  const dynamic = ctx.rollout.spec.strategy?.canary?.dynamicStableScale === true;
  const previous = ctx.rollout.status?.canary?.weights?.canary.weight ?? 0;
  const weight = dynamic ? div(maxTrafficWeight(ctx.rollout) * available(ctx.roles.newRS), replicas(ctx)) : previous;
  return { weight, canaryHash, routes: NO_MANAGED_ROUTES, why: 'full promotion' };
}

/** What traffic should be now, in Argo's order of cases. */
function decide(ctx: PlanContext): TrafficDecision {
  const canaryHash = podHashOf(ctx.roles.newRS);
  const rollbackHash = dynamicRollbackCanaryHash(ctx);
  if (rollbackHash !== undefined) return { weight: weightOnAbortOrRollback(ctx), canaryHash: rollbackHash, routes: NO_MANAGED_ROUTES, why: 'rolling back to stable' };
  if (isFullyPromoted(ctx)) return { weight: 0, canaryHash, routes: NO_MANAGED_ROUTES, why: 'fully promoted' };
  // Aborted: all traffic back to stable (stepwise with dynamicStableScale).
  if (ctx.pause.isAborted()) return { weight: weightOnAbortOrRollback(ctx), canaryHash, routes: NO_MANAGED_ROUTES, why: 'aborted' };
  // Never weight towards pods that are not there (also drops routes left by an abandoned update).
  if (available(ctx.roles.newRS) === 0) return { weight: 0, canaryHash, routes: NO_MANAGED_ROUTES, why: 'canary has no available pod' };
  if (ctx.rollout.status?.promoteFull === true) return promoteFullWeight(ctx, canaryHash);
  return stepWeight(ctx, canaryHash);
}

// Argo's checkReplicasAvailable: stable must have the pods for the share it is about to receive.
function stableCanTake(ctx: PlanContext, stableWeight: number): boolean {
  const stableRS = ctx.roles.stableRS;
  if (!stableRS) return false;
  const needed = div(stableWeight * replicas(ctx), maxTrafficWeight(ctx.rollout));
  return available(stableRS) >= needed || replicaProgressThresholdMet(ctx.rollout.spec.strategy?.canary?.replicaProgressThreshold, stableRS, needed);
}

function desiredTraffic(ctx: PlanContext, canary: CanaryStrategy, decision: TrafficDecision): DesiredTraffic {
  const max = maxTrafficWeight(ctx.rollout);
  return {
    canary: { serviceName: canary.canaryService ?? '', podTemplateHash: decision.canaryHash, weight: decision.weight },
    stable: { serviceName: canary.stableService ?? '', podTemplateHash: podHashOf(ctx.roles.stableRS), weight: max - decision.weight },
    additional: [],
    maxWeight: max,
    headerRoutes: decision.routes.headerRoutes,
    mirrorRoutes: decision.routes.mirrorRoutes,
  };
}

function weightsOf(desired: DesiredTraffic): TrafficWeights {
  const { canary, stable } = desired;
  return {
    canary: { weight: canary.weight, podTemplateHash: canary.podTemplateHash, serviceName: canary.serviceName },
    stable: { weight: stable.weight, podTemplateHash: stable.podTemplateHash, serviceName: stable.serviceName },
  };
}

const sameDestination = (a: TrafficWeights['canary'], b: TrafficWeights['canary']): boolean =>
  a.weight === b.weight && (a.podTemplateHash ?? '') === (b.podTemplateHash ?? '') && (a.serviceName ?? '') === (b.serviceName ?? '');

// status.canary.weights follows what was asked of the router, with Argo's TrafficWeightUpdated event.
function recordWeights(ctx: PlanContext, desired: DesiredTraffic, why: string): void {
  const previous = ctx.rollout.status?.canary?.weights;
  const next = weightsOf(desired);
  if (previous && sameDestination(previous.canary, next.canary) && sameDestination(previous.stable, next.stable)) return;
  ctx.carried.canary = { ...(ctx.carried.canary ?? {}), weights: next };
  const detail = !previous ? ` to ${next.canary.weight}` : previous.canary.weight !== next.canary.weight ? ` from ${previous.canary.weight} to ${next.canary.weight}` : '';
  recordEvent(ctx, 'TrafficWeightUpdated', `Traffic weight updated${detail}`);
  ctx.reasons.push(`traffic weight ${next.canary.weight}/${desired.maxWeight} to canary (${why})`);
}

/**
 * Decides the router state for this pass and asks for it with one `routeTraffic` action. On an
 * abort the action goes first, before any service switch or scaling, and the canary service
 * follows it back to stable. Without trafficRouting, status.canary.weights is dropped. When stable
 * lacks the pods for its share, nothing is asked this pass.
 */
export function reconcileTrafficRouting(ctx: PlanContext): void {
  const canary = ctx.rollout.spec.strategy?.canary;
  if (!canary?.trafficRouting) {
    if (ctx.carried.canary?.weights) delete ctx.carried.canary.weights;
    return;
  }
  const decision = decide(ctx);
  const max = maxTrafficWeight(ctx.rollout);
  if (!stableCanTake(ctx, max - decision.weight)) {
    ctx.reasons.push(`traffic stays: stable lacks the pods for ${max - decision.weight}%`);
    return;
  }
  const desired = desiredTraffic(ctx, canary, decision);
  if (decision.why === 'aborted') routeAbort(ctx, canary, desired);
  else ctx.actions.push({ kind: 'routeTraffic', desired });
  recordWeights(ctx, desired, decision.why);
}

// The router goes first, then the canary service follows it back to stable (with dynamicStableScale
// only once no traffic is left on the canary), without waiting on stable's availability.
function routeAbort(ctx: PlanContext, canary: CanaryStrategy, desired: DesiredTraffic): void {
  ctx.actions.unshift({ kind: 'routeTraffic', desired });
  if (canary.dynamicStableScale !== true || desired.canary.weight === 0) ensureTarget(ctx, canary.canaryService, ctx.roles.stableRS, false);
}
