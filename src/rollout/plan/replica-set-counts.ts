// Pod totals over ReplicaSets and the per-ReplicaSet readings the replica arithmetic is built on.
import type { ReplicaSet } from '../../api/kube-types.js';

/** spec.replicas of a ReplicaSet (the API server defaults an unset value to 1). */
export function specReplicasOf(rs: ReplicaSet): number {
  return rs.spec.replicas ?? 1;
}

const sum = (sets: readonly (ReplicaSet | undefined)[], count: (rs: ReplicaSet) => number): number =>
  sets.reduce((total, rs) => total + (rs ? count(rs) : 0), 0);

/** Sum of spec.replicas (what is asked for): [1, 2, 3] → 6. Undefined entries count 0. */
export function getReplicaCountForReplicaSets(sets: readonly (ReplicaSet | undefined)[]): number {
  return sum(sets, specReplicasOf);
}

/** Sum of status.availableReplicas. */
export function getAvailableReplicaCountForReplicaSets(sets: readonly (ReplicaSet | undefined)[]): number {
  return sum(sets, (rs) => rs.status?.availableReplicas ?? 0);
}

/** Sum of status.replicas (pods that exist, ready or not). */
export function getActualReplicaCountForReplicaSets(sets: readonly (ReplicaSet | undefined)[]): number {
  return sum(sets, (rs) => rs.status?.replicas ?? 0);
}

/** Sum of status.readyReplicas. */
export function getReadyReplicaCountForReplicaSets(sets: readonly (ReplicaSet | undefined)[]): number {
  return sum(sets, (rs) => rs.status?.readyReplicas ?? 0);
}

/** Whether there is a stable ReplicaSet distinct from the new one (compared by name, as Argo does). */
export function checkStableRSExists(newRS: ReplicaSet | undefined, stableRS: ReplicaSet | undefined): stableRS is ReplicaSet {
  if (!stableRS) return false;
  if (!newRS) return true;
  return (newRS.metadata.name ?? '') !== (stableRS.metadata.name ?? '');
}

/**
 * The pods a ReplicaSet contributes toward staying available when deciding how far others may
 * shrink: its available pods, or its spec.replicas when `ignoreAvailability` (so a crash-looping
 * ReplicaSet that must shrink is not held up by its own unavailability), and never more than
 * spec.replicas (pods above it are already on their way out). spec 3, available 5 → 3;
 * spec 3, available 2 → 2, or 3 when ignoring availability.
 */
export function getReplicasForScaleDown(rs: ReplicaSet | undefined, ignoreAvailability: boolean): number {
  if (!rs) return 0;
  const spec = specReplicasOf(rs);
  const available = rs.status?.availableReplicas ?? 0;
  return spec < available || ignoreAvailability ? spec : available;
}

