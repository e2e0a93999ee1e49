// A traffic-routed canary with dynamicStableScale whose update was interrupted by going back to the
// stable template: stable was shrunk while the canary took traffic, so traffic and the canary
// service must follow stable's pods back up rather than jump.
import type { ReplicaSet } from '../../api/kube-types.js';
import type { PlanContext } from './plan-context.js';
import { podHashOf } from './replica-set-roles.js';
import { getReplicasOrDefault } from './rollout-surge.js';

/** Whether the status (as read) has the current template as stable: nothing left to promote. */
export function isFullyPromoted(ctx: PlanContext): boolean {
  const status = ctx.rollout.status ?? {};
  return (status.stableRS ?? '') === (status.currentPodHash ?? '');
}

/**
 * The canary hash traffic still goes to while rolling back to stable with dynamicStableScale, or
 * undefined when not rolling back that way (Argo's IsDynamicallyRollingBackToStable).
 */
export function dynamicRollbackCanaryHash(ctx: PlanContext): string | undefined {
  if (!scalesStableDynamically(ctx) || !isFullyPromoted(ctx)) return undefined;
  const previous = ctx.rollout.status?.canary?.weights?.canary.podTemplateHash;
  const newRS = ctx.roles.newRS;
  if (previous === undefined || !newRS || previous === podHashOf(newRS)) return undefined;
  // Stable is fully back: nothing to wait for.
  if (availableOf(newRS) >= getReplicasOrDefault(ctx.rollout.spec.replicas)) return undefined;
  return previous;
}

/** A traffic-routed canary with dynamicStableScale. */
export function scalesStableDynamically(ctx: PlanContext): boolean {
  const canary = ctx.rollout.spec.strategy?.canary;
  return Boolean(canary?.trafficRouting) && canary?.dynamicStableScale === true;
}

const availableOf = (rs: ReplicaSet): number => rs.status?.availableReplicas ?? 0;
