import type { PlanContext } from './plan-context.js';

/**
 * Deletes the oldest idle ReplicaSets beyond revisionHistoryLimit (default 10): only ones scaled to
 * zero with no pods left and their generation observed, as Argo does.
 */
export function reconcileRevisionHistory(ctx: PlanContext): void {
  const limit = ctx.rollout.spec.revisionHistoryLimit ?? 10;
  const cleanable = ctx.roles.other;
  const excess = cleanable.length - limit;
  if (excess <= 0) return;
  const oldestFirst = [...cleanable].sort((a, b) => String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)));
  for (const rs of oldestFirst.slice(0, excess)) {
    const idle = (rs.spec.replicas ?? 1) === 0 && (rs.status?.replicas ?? 0) === 0 && (rs.metadata.generation ?? 0) <= (rs.status?.observedGeneration ?? 0);
    if (!idle) continue;
    ctx.actions.push({ kind: 'deleteReplicaSet', name: rs.metadata.name ?? '', uid: rs.metadata.uid ?? '' });
    ctx.reasons.push(`deleting ReplicaSet ${rs.metadata.name ?? ''} beyond revisionHistoryLimit ${limit}`);
  }
}
