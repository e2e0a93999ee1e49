import { computeStepHash } from '../../api/hash.js';
import type { ReplicaSet } from '../../api/kube-types.js';
import type { RolloutStatus } from '../../api/types.js';
import { runStatusOf } from './analysis-plan.js';
import { removeCondition } from './conditions.js';
import type { PlanContext } from './plan-context.js';

function sum(sets: readonly (ReplicaSet | undefined)[], field: 'replicas' | 'readyReplicas' | 'availableReplicas'): number {
  return sets.reduce((n, rs) => n + (rs?.status?.[field] ?? 0), 0);
}

/** A label selector in the string form the scale subresource reports ("app=x,tier in (a,b)"). */
export function formatSelector(selector: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] } | undefined): string {
  const parts = Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of selector?.matchExpressions ?? []) {
    const values = (e.values ?? []).join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else parts.push(`!${e.key}`);
  }
  return parts.join(',');
}

/**
 * The fields every status shares (Argo's calculateBaseStatus): replica counts summed from the
 * ReplicaSets as observed, the current template hash, carried conditions, and the step hash.
 */
export function baseStatus(ctx: PlanContext): RolloutStatus {
  const prev = ctx.rollout.status ?? {};
  const { all, newRS } = ctx.roles;
  // JSON round trips copy these small plain objects several times faster than structuredClone.
  const status: RolloutStatus = JSON.parse(JSON.stringify(ctx.carried)) as RolloutStatus;
  status.currentPodHash = ctx.currentHash;
  status.replicas = sum(all, 'replicas');
  status.updatedReplicas = sum([newRS], 'replicas');
  status.readyReplicas = sum(all, 'readyReplicas');
  status.availableReplicas = sum(all, 'availableReplicas');
  status.HPAReplicas = status.replicas;
  status.selector = formatSelector(ctx.rollout.spec.selector);
  if (prev.collisionCount !== undefined) status.collisionCount = prev.collisionCount;
  // Conditions hold only strings: a copy of each is a deep copy.
  status.conditions = (prev.conditions ?? []).map((c) => ({ ...c }));
  removeCondition(status, 'InvalidSpec');
  if (prev.promoteFull && status.currentPodHash !== prev.stableRS) status.promoteFull = true;
  if (prev.stableRS) status.stableRS = prev.stableRS;
  if (ctx.rollout.spec.strategy?.canary) status.currentStepHash = computeStepHash(ctx.rollout.spec.strategy.canary.steps ?? []);
  withRunStatuses(status, ctx);
  return status;
}

// The runs the plan settled on, as Argo's SetCurrentAnalysisRuns records them.
function withRunStatuses(status: RolloutStatus, ctx: PlanContext): void {
  const step = runStatusOf(ctx.currentRuns.step);
  const background = runStatusOf(ctx.currentRuns.background);
  if (!step && !background) return;
  status.canary = { ...(status.canary ?? {}) };
  if (step) status.canary.currentStepAnalysisRunStatus = step;
  if (background) status.canary.currentBackgroundAnalysisRunStatus = background;
}
