import type { CanaryStep, Rollout, RolloutStatus, SetCanaryScale } from '../api/types.js';

/**
 * The canary step the rollout is at and its index (status.currentStepIndex, 0 when unset). The step
 * is undefined once every step is done (index = number of steps); both are undefined for a rollout
 * that is not a canary or has no steps.
 */
export function currentCanaryStep(rollout: Rollout): { step?: CanaryStep; index?: number } {
  const steps = canarySteps(rollout);
  if (steps.length === 0) return {};
  const index = rollout.status?.currentStepIndex ?? 0;
  return { step: steps[index], index };
}

function canarySteps(rollout: Rollout): CanaryStep[] {
  return rollout.spec.strategy?.canary?.steps ?? [];
}

/** The total traffic weight: trafficRouting.maxTrafficWeight, else 100. */
export function maxTrafficWeight(rollout: Rollout): number {
  return rollout.spec.strategy?.canary?.trafficRouting?.maxTrafficWeight ?? 100;
}

/**
 * The weight the steps ask for now: 0 when aborted, the full weight once past the last step (or
 * without steps), else the nearest setWeight at or before the current step (0 if none yet).
 * E.g. steps [setWeight 20, pause, setWeight 50] at index 1 → 20.
 */
export function currentSetWeight(rollout: Rollout): number {
  if (rollout.status?.abort) return 0;
  const { step, index } = currentCanaryStep(rollout);
  if (step === undefined || index === undefined) return maxTrafficWeight(rollout);
  const last = canarySteps(rollout).slice(0, index + 1).reverse().find((s) => 'setWeight' in s);
  return last && 'setWeight' in last ? last.setWeight : 0;
}

/**
 * The weight the canary really gets. Past the steps: the full weight. Before anything is available: 0.
 * Without traffic routing it is the canary's share of available pods (1 of 5 available → 20); with
 * it, the weight the router last reported (status.canary.weights), else the set weight.
 */
export function actualWeight(rollout: Rollout, canaryAvailable: number): number {
  const max = maxTrafficWeight(rollout);
  if (currentCanaryStep(rollout).step === undefined) return max;
  const status: RolloutStatus = rollout.status ?? {};
  const available = status.availableReplicas ?? 0;
  if (available <= 0) return 0;
  if (!rollout.spec.strategy?.canary?.trafficRouting) return Math.trunc((canaryAvailable * max) / available);
  return reportedCanaryWeight(status) ?? currentSetWeight(rollout);
}

function reportedCanaryWeight(status: RolloutStatus): number | undefined {
  return status.canary?.weights?.canary.weight;
}

/** A step as Argo's CanaryStepString writes it: "setWeight: 20", "pause", "pause: 30s", "analysis"… */
export function canaryStepString(step: CanaryStep): string {
  if ('setWeight' in step) return `setWeight: ${step.setWeight}`;
  if ('pause' in step) return step.pause.duration === undefined ? 'pause' : `pause: ${step.pause.duration}`;
  if ('experiment' in step) return 'experiment';
  if ('analysis' in step) return 'analysis';
  if ('setCanaryScale' in step) return canaryScaleString(step.setCanaryScale);
  return routeStepString(step);
}

function canaryScaleString(scale: SetCanaryScale): string {
  if (scale.weight !== undefined) return `setCanaryScale{weight: ${scale.weight}}`;
  if (scale.matchTrafficWeight) return 'setCanaryScale{matchTrafficWeight: true}';
  if (scale.replicas !== undefined) return `setCanaryScale{replicas: ${scale.replicas}}`;
  return 'invalid';
}

function routeStepString(step: CanaryStep): string {
  if ('plugin' in step) return `plugin: ${step.plugin.name}`;
  if ('setHeaderRoute' in step) return `setHeaderRoute: ${step.setHeaderRoute.name ?? ''}`;
  if ('setMirrorRoute' in step) return `setMirrorRoute: ${step.setMirrorRoute.name}`;
  return 'invalid';
}
