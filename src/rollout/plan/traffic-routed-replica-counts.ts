// Replica counts for a canary behind a traffic router: the router splits traffic, so pods only
// need to be enough for the share each side receives, and stable normally stays at full size.
import type { Rollout } from '../../api/types.js';
import type { CanaryReplicaInput, ReplicaCounts } from './canary-replica-counts.js';
import { getCanaryReplicasOrWeight, maxTrafficWeight, trafficWeightToReplicas } from './canary-step-state.js';
import { getReplicasOrDefault } from './rollout-surge.js';

/**
 * Raises a non-zero count to minPodsPerReplicaSet (traffic routing only), the floor itself capped
 * at spec.replicas so it can never ask for more than the rollout has. min 2: 1 → 2, 0 stays 0;
 * min 2 with 1 replica: 1 → 1.
 */
export function checkMinPodsPerReplicaSet(rollout: Rollout, count: number): number {
  // A side with no pods keeps none: the floor is for availability, not for creating pods.
  if (count === 0) return count;
  const canary = rollout.spec.strategy?.canary;
  const configured = canary?.minPodsPerReplicaSet;
  // Without a router the pod split is the traffic split and is not raised.
  if (configured === undefined || !canary?.trafficRouting) return count;
  return Math.max(count, Math.min(configured, getReplicasOrDefault(rollout.spec.replicas)));
}

/**
 * Canary and stable counts with traffic routing. The canary gets setCanaryScale.replicas, or the
 * pods for its weight rounded up (10 replicas at setWeight 5 → 1; 2 with minPodsPerReplicaSet 2);
 * a weight may exceed the maximum, so setCanaryScale.weight 200 of 4 replicas → 8. Stable stays at
 * spec.replicas unless dynamicStableScale, where it gets the pods for the larger of the desired
 * and the current stable weight (it must not shrink before traffic has left it: 10 replicas at
 * canary weight 10 with 90 still on stable → 9), and, while aborting, the canary keeps the pods
 * for the traffic it still has (current canary weight 20 of 10 replicas → 2).
 */
export function calculateReplicaCountsForTrafficRoutedCanary(input: CanaryReplicaInput): ReplicaCounts {
  const { rollout, weights } = input;
  const specReplicas = getReplicasOrDefault(rollout.spec.replicas);
  const maxWeight = maxTrafficWeight(rollout);
  const { replicas, weight } = getCanaryReplicasOrWeight(rollout, input.newRS, input.stableRS);
  let canary = replicas ?? checkMinPodsPerReplicaSet(rollout, trafficWeightToReplicas(specReplicas, weight, maxWeight));
  // Stable stays fully scaled; the router alone keeps traffic off the surplus.
  if (rollout.spec.strategy?.canary?.dynamicStableScale !== true) return { canary, stable: specReplicas };
  let stable = trafficWeightToReplicas(specReplicas, maxWeight - weight, maxWeight);
  if (weights) {
    stable = Math.max(stable, trafficWeightToReplicas(specReplicas, weights.stable.weight, maxWeight));
    if (rollout.status?.abort === true) {
      canary = Math.max(trafficWeightToReplicas(specReplicas, weights.canary.weight, maxWeight), canary);
    }
  }
  return { canary: checkMinPodsPerReplicaSet(rollout, canary), stable: checkMinPodsPerReplicaSet(rollout, stable) };
}
