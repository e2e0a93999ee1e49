// Whether a canary's ReplicaSets have reached the counts of the current step, which gates moving
// on to the next step.
import type { ReplicaSet } from '../../api/kube-types.js';
import type { ReplicaProgressThreshold } from '../../api/types.js';
import { calculateReplicaCountsForBasicCanary, type CanaryReplicaInput } from './canary-replica-counts.js';
import { getAvailableReplicaCountForReplicaSets, specReplicasOf } from './replica-set-counts.js';
import { getReplicasOrDefault } from './rollout-surge.js';
import { calculateReplicaCountsForTrafficRoutedCanary } from './traffic-routed-replica-counts.js';

/** Asked for `desired` pods and has them all available (spec.replicas unset counts as 1). */
export function allDesiredAreAvailable(rs: ReplicaSet | undefined, desired: number): boolean {
  return rs !== undefined && desired === getReplicasOrDefault(rs.spec.replicas) && desired === (rs.status?.availableReplicas ?? 0);
}

/** Asked for `desired` pods and they all exist, available or not. */
export function allDesiredAreCreated(rs: ReplicaSet | undefined, desired: number): boolean {
  return rs !== undefined && desired === specReplicasOf(rs) && desired === (rs.status?.replicas ?? 0);
}

/**
 * Whether enough of `desired` canary pods are available to move on. Without a threshold (or with
 * a negative value): all of them, and spec.replicas must equal desired. "Percent" 70 of 10 → 7
 * available suffice (0 desired always does); "Pods" 9 → 9 available suffice whatever is desired.
 */
export function replicaProgressThresholdMet(threshold: ReplicaProgressThreshold | undefined, rs: ReplicaSet | undefined, desired: number): boolean {
  if (!threshold || !rs || threshold.value < 0) return allDesiredAreAvailable(rs, desired);
  const available = rs.status?.availableReplicas ?? 0;
  if (threshold.type !== 'Percent') return available >= threshold.value;
  // No pods wanted: nothing to wait for.
  if (desired === 0) return true;
  const percent = (available / desired) * 100;
  // 7/10 × 100 is 70.00000000000001 or 69.99999999999999 depending on the numbers; either is 70%.
  return percent >= threshold.value || Math.abs(percent - threshold.value) <= 1e-10;
}

/**
 * Whether the canary step's replica counts are reached: the canary has its desired pods available
 * (or meets replicaProgressThreshold); stable has exactly its desired pods created (availability
 * is not waited for, and not checked at all with dynamicStableScale, where stable follows traffic);
 * and, without a router, older ReplicaSets have no available pods left, since they would still
 * receive traffic. 4 replicas at weight 75 → needs 3 canary available and 1 stable created.
 */
export function atDesiredReplicaCountsForCanary(input: CanaryReplicaInput): boolean {
  const canary = input.rollout.spec.strategy?.canary;
  const routed = Boolean(canary?.trafficRouting);
  const desired = routed ? calculateReplicaCountsForTrafficRoutedCanary(input) : calculateReplicaCountsForBasicCanary(input);
  if (!replicaProgressThresholdMet(canary?.replicaProgressThreshold, input.newRS, desired.canary)) return false;
  if (!stableFollowsTraffic(input) && !allDesiredAreCreated(input.stableRS, desired.stable)) return false;
  return routed || getAvailableReplicaCountForReplicaSets(input.otherRSs ?? []) === 0;
}

// With dynamicStableScale behind a router, stable is sized by traffic and is not waited for.
function stableFollowsTraffic(input: CanaryReplicaInput): boolean {
  const canary = input.rollout.spec.strategy?.canary;
  return Boolean(canary?.trafficRouting) && canary?.dynamicStableScale === true;
}
