// Where a canary rollout stands in its steps and which weight (or explicit canary scale) is in
// effect there. All of it is read from spec.strategy.canary.steps and status, nothing else.
import type { ReplicaSet } from '../../api/kube-types.js';
import type { CanaryStep, Rollout, SetCanaryScale } from '../../api/types.js';
import { getReplicasOrDefault } from './rollout-surge.js';

/** The total traffic weight: trafficRouting.maxTrafficWeight, else 100. */
export function maxTrafficWeight(rollout: Rollout): number {
  return rollout.spec.strategy?.canary?.trafficRouting?.maxTrafficWeight ?? 100;
}

/**
 * Pods needed to carry `weight` out of `maxWeight` of `replicas`, rounding up: 10 replicas at
 * 25 → 3, at 33 → 4, at 99 → 10, at 0 → 0.
 */
export function trafficWeightToReplicas(replicas: number, weight: number, maxWeight: number): number {
  return Math.ceil((weight * replicas) / maxWeight);
}

/** The step at status.currentStepIndex, and that index. */
export interface CurrentCanaryStep {
  /** Undefined when there are no steps or every step is done. */
  step?: CanaryStep;
  /** Undefined only when there are no steps; equal to steps.length (or more) once they are all done. */
  index?: number;
}

/**
 * The step the rollout is on. No steps → neither; currentStepIndex unset → step 0; an index at or
 * past the end (3 of 3 steps) → no step but the index, meaning "all steps done". A negative index,
 * which only a hand-edited status can hold, is read as 0.
 */
export function getCurrentCanaryStep(rollout: Rollout): CurrentCanaryStep {
  const steps = rollout.spec.strategy?.canary?.steps ?? [];
  // A rollout without steps goes straight to 100%.
  if (steps.length === 0) return {};
  const index = Math.max(0, rollout.status?.currentStepIndex ?? 0);
  return { step: index < steps.length ? steps[index] : undefined, index };
}

/** The step index to start a new update from: 0, or undefined when there are no steps. */
export function resetCurrentStepIndex(rollout: Rollout): number | undefined {
  return (rollout.spec.strategy?.canary?.steps?.length ?? 0) > 0 ? 0 : undefined;
}

// A step sets exactly one action once validated, but Argo reads each field on its own, so a step
// carrying two (as Argo's own tests build them) is read the same way here.
const setWeightOf = (step: CanaryStep): number | undefined => ('setWeight' in step ? step.setWeight : undefined);
const setCanaryScaleOf = (step: CanaryStep): SetCanaryScale | undefined =>
  'setCanaryScale' in step ? step.setCanaryScale : undefined;

/** Steps from the current one back to the first, nearest first. */
function stepsBackFromCurrent(rollout: Rollout, index: number): CanaryStep[] {
  return (rollout.spec.strategy?.canary?.steps ?? []).slice(0, index + 1).reverse();
}

/**
 * The setWeight in effect: the last setWeight at or before the current step. Aborted → 0; all
 * steps done (or none) → maxTrafficWeight; no setWeight yet → 0. Steps [setWeight 20, pause,
 * setWeight 40] at index 1 → 20.
 */
export function getCurrentSetWeight(rollout: Rollout): number {
  // An abort sends all traffic back to stable.
  if (rollout.status?.abort === true) return 0;
  const { step, index } = getCurrentCanaryStep(rollout);
  // Past the last step the canary is the whole rollout.
  if (step === undefined || index === undefined) return maxTrafficWeight(rollout);
  for (const s of stepsBackFromCurrent(rollout, index)) {
    const weight = setWeightOf(s);
    if (weight !== undefined) return weight;
  }
  return 0;
}

/** The abort scale-down delay: `seconds` undefined means never scale the canary down on abort. */
export interface AbortScaleDownDelay {
  seconds?: number;
  /** Whether abortScaleDownDelaySeconds was written in the spec. */
  wasSet: boolean;
}

const DEFAULT_ABORT_SCALE_DOWN_DELAY_SECONDS = 30;

function delayFrom(configured: number | undefined): AbortScaleDownDelay {
  if (configured === undefined) return { seconds: DEFAULT_ABORT_SCALE_DOWN_DELAY_SECONDS, wasSet: false };
  // 0 means "leave the canary (or preview) up", not "scale down at once".
  if (configured === 0) return { wasSet: true };
  return { seconds: configured, wasSet: true };
}

/**
 * How long after an abort the canary (or preview) ReplicaSet is scaled down. Blue-green and
 * traffic-routed canary: abortScaleDownDelaySeconds, default 30, where 0 means never. A basic
 * canary has no delay: 0 s, not set.
 */
export function getAbortScaleDownDelaySecondsOrDefault(rollout: Rollout): AbortScaleDownDelay {
  const strategy = rollout.spec.strategy;
  if (strategy?.blueGreen) return delayFrom(strategy.blueGreen.abortScaleDownDelaySeconds);
  if (strategy?.canary?.trafficRouting) return delayFrom(strategy.canary.abortScaleDownDelaySeconds);
  return { seconds: 0, wasSet: false };
}

/** Whether the spec sets a real abort delay (an explicit 0 means "never", so it does not count). */
export function hasExplicitAbortScaleDownDelay(rollout: Rollout): boolean {
  const delay = getAbortScaleDownDelaySecondsOrDefault(rollout);
  return delay.wasSet && delay.seconds !== undefined;
}

/**
 * The setCanaryScale in effect: the last one at or before the current step, unless it says
 * matchTrafficWeight. Only with trafficRouting (a basic canary's pods are its traffic), and not
 * after an abort unless abortScaleDownDelaySeconds is 0 (the user asked to keep the canary up).
 */
export function useSetCanaryScale(rollout: Rollout): SetCanaryScale | undefined {
  // Without a router, replica counts are the traffic split and cannot be set apart from it.
  if (!rollout.spec.strategy?.canary?.trafficRouting) return undefined;
  // An abort scales the canary away unless its scale-down was switched off.
  if (abortScalesCanaryDown(rollout)) return undefined;
  const { step, index } = getCurrentCanaryStep(rollout);
  // All steps done: the canary is the full rollout.
  if (step === undefined || index === undefined) return undefined;
  const scale = stepsBackFromCurrent(rollout, index).map(setCanaryScaleOf).find((s) => s !== undefined);
  return scale?.matchTrafficWeight === true ? undefined : scale;
}

const abortScalesCanaryDown = (rollout: Rollout): boolean =>
  rollout.status?.abort === true && getAbortScaleDownDelaySecondsOrDefault(rollout).seconds !== undefined;

/** Either an explicit canary replica count (from setCanaryScale.replicas) or a weight. */
export interface CanaryReplicasOrWeight {
  replicas?: number;
  /** 0 when `replicas` is set. */
  weight: number;
}

/**
 * What sizes the canary. Fully promoted, no stable yet, or the canary is the stable → the whole
 * weight. Otherwise setCanaryScale.replicas (weight 0), setCanaryScale.weight, or the desired
 * canary weight from the steps.
 */
export function getCanaryReplicasOrWeight(rollout: Rollout, newRS?: ReplicaSet, stableRS?: ReplicaSet): CanaryReplicasOrWeight {
  // Nothing to split against: the new version takes everything.
  if (newVersionTakesAll(rollout)) return { weight: maxTrafficWeight(rollout) };
  const scale = useSetCanaryScale(rollout);
  if (scale?.replicas !== undefined) return { replicas: scale.replicas, weight: 0 };
  if (scale?.weight !== undefined) return { weight: scale.weight };
  return { weight: getDesiredCanaryWeight(rollout, newRS, stableRS) };
}

function newVersionTakesAll(rollout: Rollout): boolean {
  const stableHash = rollout.status?.stableRS ?? '';
  return rollout.status?.promoteFull === true || stableHash === '' || (rollout.status?.currentPodHash ?? '') === stableHash;
}

/**
 * The canary weight the rollout should move to. Normally the current setWeight. While aborting
 * with dynamicStableScale, the weight steps back down the setWeight steps in reverse, only as far
 * as stable pods have come up, so traffic never outruns stable capacity: 10 replicas, steps
 * [setWeight 10, setWeight 50], canary 5 available, stable 9 available → canary needs
 * max(10 − 9, 5) = 5 pods; the first step needing fewer is 10 (1 pod) → weight 10. With an
 * explicit abortScaleDownDelaySeconds the canary stays at full size until its deadline, so only
 * the missing stable pods count (10 − 9 = 1 → no step needs fewer → 0).
 */
export function getDesiredCanaryWeight(rollout: Rollout, newRS?: ReplicaSet, stableRS?: ReplicaSet): number {
  const stepDown = rollout.status?.abort === true && rollout.spec.strategy?.canary?.dynamicStableScale === true;
  if (!stepDown || !newRS || !stableRS) return getCurrentSetWeight(rollout);
  return abortStepDownWeight(rollout, newRS, stableRS);
}

function abortStepDownWeight(rollout: Rollout, newRS: ReplicaSet, stableRS: ReplicaSet): number {
  const maxWeight = maxTrafficWeight(rollout);
  const replicas = getReplicasOrDefault(rollout.spec.replicas);
  const missingStable = replicas - (stableRS.status?.availableReplicas ?? 0);
  // Otherwise the weight waits on the canary draining, which waits on the deadline, which waits
  // on stable being full, which waits on the weight (Argo issue 4898).
  const canaryReplicas = hasExplicitAbortScaleDownDelay(rollout)
    ? missingStable
    : Math.max(missingStable, newRS.status?.availableReplicas ?? 0);
  const steps = rollout.spec.strategy?.canary?.steps ?? [];
  const weights = [...steps].reverse().map(setWeightOf);
  const found = weights.find((w) => w !== undefined && trafficWeightToReplicas(replicas, w, maxWeight) < canaryReplicas);
  return found ?? 0;
}
