import type { ReplicaSet } from '../../api/kube-types.js';
import type { PlanContext } from './plan-context.js';

const DEFAULT_REVISION_HISTORY_LIMIT = 10;

const byCreation = (a: ReplicaSet, b: ReplicaSet): number => String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp));

// Safe to delete: scaled to zero, no pod left, and its controller has seen that.
function isIdle(rs: ReplicaSet): boolean {
  const scaledToZero = (rs.spec.replicas ?? 1) === 0 && (rs.status?.replicas ?? 0) === 0;
  return scaledToZero && (rs.metadata.generation ?? 0) <= (rs.status?.observedGeneration ?? 0);
}

/**
 * Deletes the oldest ReplicaSets beyond revisionHistoryLimit (default 10) among those neither new
 * nor stable, as Argo's reconcileRevisionHistoryLimit: only idle ones (see isIdle), and a busy one
 * among the oldest is skipped, not replaced by a younger one. 12 old ReplicaSets, limit 10 → the 2
 * oldest go, if idle.
 */
export function reconcileRevisionHistory(ctx: PlanContext): void {
  const limit = ctx.rollout.spec.revisionHistoryLimit ?? DEFAULT_REVISION_HISTORY_LIMIT;
  const excess = ctx.roles.other.length - limit;
  // Within the limit.
  if (excess <= 0) return;
  const oldest = [...ctx.roles.other].sort(byCreation).slice(0, excess);
  for (const rs of oldest.filter(isIdle)) {
    ctx.actions.push({ kind: 'deleteReplicaSet', name: rs.metadata.name ?? '', uid: rs.metadata.uid ?? '' });
    ctx.reasons.push(`deleting ReplicaSet ${rs.metadata.name ?? ''} beyond revisionHistoryLimit ${limit}`);
  }
}
