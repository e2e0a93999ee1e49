// Replica counts for a canary without traffic routing, computed exactly as Argo does so that a
// rollout moves through the same counts under either controller.
import type { ReplicaSet } from '../../api/kube-types.js';
import type { Rollout, TrafficWeights } from '../../api/types.js';
import { getCanaryReplicasOrWeight, maxTrafficWeight } from './canary-step-state.js';
import { checkStableRSExists, getReplicaCountForReplicaSets, getReplicasForScaleDown, specReplicasOf } from './replica-set-counts.js';
import { getReplicasOrDefault, maxSurge, maxUnavailable } from './rollout-surge.js';

/** Desired pod counts for the canary (new) and the stable ReplicaSet. */
export interface ReplicaCounts {
  canary: number;
  stable: number;
}

/** What the canary replica arithmetic reads: the rollout, its ReplicaSets by role, the router's weights. */
export interface CanaryReplicaInput {
  rollout: Rollout;
  newRS?: ReplicaSet;
  stableRS?: ReplicaSet;
  /** Every ReplicaSet but the new and the stable one. */
  otherRSs?: readonly ReplicaSet[];
  /** The weights the router currently has (status.canary.weights); read with traffic routing only. */
  weights?: TrafficWeights;
}

// Go's math.Modf fraction for the non-negative products used here.
const fractionOf = (x: number): number => x - Math.trunc(x);

// When ceiling and floor are equally far from the weight (3 pods at 50% → 1 or 2), the larger wins.
// The product is formed as Argo forms it, so ties are detected on the same floating-point values.
function floorCeilingTied(desiredWeight: number, maxWeight: number, totalReplicas: number): boolean {
  return fractionOf(totalReplicas * (desiredWeight / maxWeight)) === 0.5;
}

function weightDelta(desiredWeight: number, maxWeight: number, canary: number, total: number): number {
  return Math.abs((canary * maxWeight) / total - desiredWeight);
}

/**
 * The canary/stable split of spec.replicas closest to the weight. Candidates are the ceiling and
 * floor of replicas × weight over spec.replicas pods, and, when maxSurge > 0, over spec.replicas + 1
 * pods; the first with the smallest error wins. For weights strictly between 0 and the maximum,
 * neither side is 0 unless there is a single pod and no surge. Examples: 10 replicas at 15, no
 * surge → 2 canary, 8 stable; 10 at 1 with surge → 1 and 10 (9.1%); 1 at 49, no surge → 0 and 1;
 * 3 at 50 → 2 and 1 (a tie goes to the canary).
 * Argo's gap, kept for identical behaviour: with no surge, when the exact count is a half and its
 * ceiling is every pod (2 at 75 → 1.5, 10 at 95 → 9.5), no candidate qualifies and the answer is
 * all stable: 0 and 2.
 */
export function approximateWeightedCanaryStableReplicaCounts(
  specReplicas: number,
  desiredWeight: number,
  maxWeight: number,
  surge: number,
): ReplicaCounts {
  // Nothing to split.
  if (specReplicas === 0) return { canary: 0, stable: 0 };
  const options = candidateSplits(specReplicas, desiredWeight, maxWeight, surge);
  // The half-pod gap described above: Argo answers all stable.
  if (options.length === 0) return { canary: 0, stable: specReplicas };
  const delta = (o: Split): number => weightDelta(desiredWeight, maxWeight, o.canary, o.total);
  // Strictly smaller only: among equally close splits the earlier candidate wins.
  const best = options.reduce((a, b) => (delta(b) < delta(a) ? b : a));
  return { canary: best.canary, stable: best.total - best.canary };
}

interface Split {
  canary: number;
  total: number;
}

// In Argo's order: ceiling then floor over spec.replicas, then (with surge) over spec.replicas + 1.
function candidateSplits(specReplicas: number, desiredWeight: number, maxWeight: number, surge: number): Split[] {
  const ceil = Math.ceil((specReplicas * desiredWeight) / maxWeight);
  const floor = Math.floor((specReplicas * desiredWeight) / maxWeight);
  // Zero canary (or zero stable) pods only when the weight is 0 or full, or one pod cannot be split.
  const zeroAllowed = desiredWeight === maxWeight || desiredWeight === 0 || (specReplicas === 1 && surge === 0);
  const floorAllowed = floor !== 0 || zeroAllowed;
  const floorOver = (total: number): Split[] =>
    floorAllowed && !floorCeilingTied(desiredWeight, maxWeight, total) ? [{ canary: floor, total }] : [];
  const ceilOver = ceil < specReplicas || zeroAllowed ? [{ canary: ceil, total: specReplicas }] : [];
  const exact = [...ceilOver, ...floorOver(specReplicas)];
  // Surge: one extra pod may let the split come closer to the weight.
  return surge > 0 ? [...exact, { canary: ceil, total: specReplicas + 1 }, ...floorOver(specReplicas + 1)] : exact;
}

// The count to shrink a ReplicaSet to: toward `desired`, by at most `scaleDownCount`, never below desired.
function calculateScaleDownReplicaCount(rs: ReplicaSet | undefined, desired: number, scaleDownCount: number, current: number): number {
  if (!rs || specReplicasOf(rs) <= desired) return current;
  return Math.max(desired, specReplicasOf(rs) - scaleDownCount);
}

interface WithinLimitsInput {
  /** The ReplicaSet being drained, whose availability the scale-down did not count on. */
  drainRS?: ReplicaSet;
  /** The other one, whose availability must keep the rollout above minAvailable. */
  adjustRS?: ReplicaSet;
  drain: number;
  adjust: number;
  maxReplicaCountAllowed: number;
  minAvailableReplicaCount: number;
}

/**
 * Brings the pair back within spec.replicas + maxSurge by trimming `adjust`, then gives back to
 * `adjust` as many of its available pods as minAvailable still needs, and takes any excess that
 * causes from `drain` instead (drain's own availability was already accounted for by the caller).
 */
function adjustReplicaWithinLimits(input: WithinLimitsInput): { drain: number; adjust: number } {
  const { drainRS, adjustRS, maxReplicaCountAllowed: maxAllowed } = input;
  let { drain, adjust } = input;
  // Without the other ReplicaSet there is nothing to trade against.
  if (!adjustRS) return { drain, adjust };
  const drainAvailable = drainRS ? Math.min(drainRS.status?.availableReplicas ?? 0, drain) : 0;
  adjust -= Math.max(0, adjust + drain - maxAllowed);
  const adjustAvailable = adjustRS.status?.availableReplicas ?? 0;
  const lostAvailable = Math.max(0, adjustAvailable - adjust);
  const stillNeeded = Math.max(0, input.minAvailableReplicaCount - (drainAvailable + Math.min(adjustAvailable, adjust)));
  adjust += Math.min(lostAvailable, stillNeeded);
  drain -= Math.max(0, adjust + drain - maxAllowed);
  return { drain, adjust };
}

/** First move: grow stable, then canary, toward their targets with the pods maxSurge leaves room for. */
function scaleUpWithinSurge(sets: { newRS?: ReplicaSet; stableRS?: ReplicaSet }, desired: ReplicaCounts, room: number): ReplicaCounts {
  const { newRS, stableRS } = sets;
  let stable = stableRS ? specReplicasOf(stableRS) : 0;
  let canary = newRS ? specReplicasOf(newRS) : 0;
  if (stableRS && stable < desired.stable && room > 0) {
    const grown = Math.min(stable + room, desired.stable);
    room -= grown - stable;
    stable = grown;
  }
  if (newRS && canary < desired.canary && room > 0) canary = Math.min(canary + room, desired.canary);
  return { canary, stable };
}

/**
 * Replica counts for a canary without traffic routing, where the split of pods is the split of
 * traffic. The target split comes from approximateWeightedCanaryStableReplicaCounts (all canary
 * when there is no distinct stable ReplicaSet). Each reconcile then moves toward it in two bounded
 * steps: grow (stable first, then canary) while the total stays within spec.replicas + maxSurge;
 * then, only once older ReplicaSets are gone, shrink (the side moving away from the weight) while
 * available pods stay at or above spec.replicas − maxUnavailable.
 * Examples (canary 0 / stable 10 available, 10 replicas): weight 10, surge 1, unavailable 1 →
 * 1 canary, 9 stable; weight 30, surge 3, unavailable 0 → 3 and 10; weight 30, surge 0,
 * unavailable 5 → 0 and 7.
 */
export function calculateReplicaCountsForBasicCanary(input: CanaryReplicaInput): ReplicaCounts {
  const { rollout, newRS, stableRS } = input;
  const other = input.otherRSs ?? [];
  const specReplicas = getReplicasOrDefault(rollout.spec.replicas);
  const surge = maxSurge(rollout);
  const scaleStable = checkStableRSExists(newRS, stableRS);
  const { weight } = getCanaryReplicasOrWeight(rollout, newRS, stableRS);
  // Without a distinct stable ReplicaSet there are no steps to follow: the new one goes to 100%.
  const desired = scaleStable
    ? approximateWeightedCanaryStableReplicaCounts(specReplicas, weight, maxTrafficWeight(rollout), surge)
    : { canary: specReplicas, stable: 0 };
  const maxReplicaCountAllowed = specReplicas + surge;
  const room = maxReplicaCountAllowed - getReplicaCountForReplicaSets([...other, newRS, scaleStable ? stableRS : undefined]);
  const counts = scaleUpWithinSurge({ newRS, stableRS: scaleStable ? stableRS : undefined }, desired, room);
  // Older ReplicaSets are scaled down first, before either of these two gives up pods.
  if (getReplicaCountForReplicaSets(other) > 0) return counts;
  const minAvailableReplicaCount = specReplicas - maxUnavailable(rollout);
  // Growing the canary may ignore stable's availability; shrinking it (an abort) may ignore the canary's.
  const isIncreasing = !newRS || desired.canary >= specReplicasOf(newRS);
  const countable = getReplicasForScaleDown(newRS, !isIncreasing) + getReplicasForScaleDown(stableRS, isIncreasing);
  // Any scale-down now would drop below the availability floor.
  if (countable <= minAvailableReplicaCount) return counts;
  const scaleDownCount = countable - minAvailableReplicaCount;
  const limits = { maxReplicaCountAllowed, minAvailableReplicaCount };
  if (!isIncreasing) {
    const drain = calculateScaleDownReplicaCount(newRS, desired.canary, scaleDownCount, counts.canary);
    const adjusted = adjustReplicaWithinLimits({ drainRS: newRS, adjustRS: stableRS, drain, adjust: counts.stable, ...limits });
    return { canary: adjusted.drain, stable: adjusted.adjust };
  }
  // Growing with no distinct stable ReplicaSet: there is nothing to shrink.
  if (!scaleStable) return counts;
  const drain = calculateScaleDownReplicaCount(stableRS, desired.stable, scaleDownCount, counts.stable);
  const adjusted = adjustReplicaWithinLimits({ drainRS: stableRS, adjustRS: newRS, drain, adjust: counts.canary, ...limits });
  return { canary: adjusted.adjust, stable: adjusted.drain };
}
