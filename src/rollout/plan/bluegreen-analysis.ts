// Pre- and post-promotion analysis of a blue-green rollout (Argo's reconcileAnalysisRuns for
// blueGreen): the pre-promotion run starts once the new ReplicaSet is fully up and gates the
// switch; the post-promotion run starts after the switch and gates the promotion to stable. A
// Failed or Error run aborts the update, an Inconclusive one pauses it.
import type { RolloutAnalysis } from '../../api/schema/rollout-analysis.js';
import type { AnalysisRun } from '../../api/types.js';
import { createRun, needsNewRun, pruneHistory, statusEvent, terminate } from './analysis-plan.js';
import type { RunKind } from './analysis-run-factory.js';
import { isFastRollback, isSaturated, type BlueGreenPlan } from './bluegreen-context.js';
import { isCompleted } from './conditions.js';
import { pauseConditionOf } from './pause-state.js';
import type { PlanContext } from './plan-context.js';
import { podHashOf } from './replica-set-roles.js';

const PRE: RunKind = { type: 'PrePromotion', infix: 'pre' };
const POST: RunKind = { type: 'PostPromotion', infix: 'post' };

// Promoted, the first deploy (no active selector yet), or already switched.
function pastPrePromotion(plan: BlueGreenPlan, hash: string): boolean {
  const status = plan.ctx.rollout.status ?? {};
  const active = status.blueGreen?.activeSelector ?? '';
  return hash === '' || status.stableRS === hash || active === '' || active === hash;
}

// New pods all up: previewReplicaCount of them when set, else spec.replicas (saturated).
function previewUp(plan: BlueGreenPlan): boolean {
  const newRS = plan.ctx.roles.newRS;
  const preview = plan.strategy.previewReplicaCount;
  if (preview === undefined) return isSaturated(plan.ctx, newRS);
  return newRS?.spec.replicas === preview && newRS.status?.availableReplicas === preview;
}

// Argo's skipPrePromotionAnalysisRun: a run already started goes on until the switch; a new one
// waits for the new pods.
function skipPrePromotion(plan: BlueGreenPlan): boolean {
  if (pastPrePromotion(plan, podHashOf(plan.ctx.roles.newRS))) return true;
  return plan.runs.pre === undefined && !previewUp(plan);
}

/** Argo's skipPostPromotionAnalysisRun: no post-promotion run is due (promoted, not yet switched, or new pods not all up). */
export function skipPostPromotionAnalysis(plan: BlueGreenPlan): boolean {
  const { ctx } = plan;
  const hash = podHashOf(ctx.roles.newRS);
  const status = ctx.rollout.status ?? {};
  if (hash === '' || status.stableRS === hash || status.blueGreen?.activeSelector !== hash) return true;
  return plan.runs.post === undefined && !isSaturated(ctx, ctx.roles.newRS);
}

/** One run type's reconcile: stop it when not wanted, keep it, or start a new one. */
function reconcileRun(plan: BlueGreenPlan, analysis: RolloutAnalysis | undefined, current: AnalysisRun | undefined, kind: RunKind): AnalysisRun | undefined {
  const { ctx } = plan;
  if (!analysis?.templates?.length) {
    terminate(ctx, [current]);
    return undefined;
  }
  const skip = kind.type === 'PrePromotion' ? skipPrePromotion(plan) : skipPostPromotionAnalysis(plan);
  if (skip) {
    terminate(ctx, [current]);
    return current;
  }
  // While paused on an inconclusive run, the run is kept until a promote.
  if (pauseConditionOf(ctx.rollout, 'InconclusiveAnalysisRun')) return current;
  return needsNewRun(ctx, current) ? createRun(ctx, analysis, kind) : current;
}

// Argo's setPauseOrAbortForBlueGreen.
function act(ctx: PlanContext, run: AnalysisRun | undefined, what: 'pre' | 'post'): void {
  const phase = run?.status?.phase;
  if (phase === 'Inconclusive') ctx.pause.addPause('InconclusiveAnalysisRun');
  if (phase !== 'Failed' && phase !== 'Error') return;
  const base = `Blue/green ${what}-promotion analysis phase error/failed`;
  ctx.pause.addAbort(run?.status?.message ? `${base}: ${run.status.message}` : base);
}

// Nothing to analyse: promoted, aborted, fully promoted on request, rolled back, or the first deploy.
function shouldCancel(ctx: PlanContext): boolean {
  const status = ctx.rollout.status ?? {};
  return isCompleted(status) || ctx.pause.isAborted() || status.promoteFull === true || isFastRollback(ctx) || !status.stableRS;
}

/**
 * Reconciles the pre- and post-promotion runs; afterwards plan.runs holds them. When cancelled the
 * runs are stopped but kept as current, so the status goes on naming them once promoted.
 */
export function reconcileBlueGreenAnalysisRuns(plan: BlueGreenPlan): void {
  const { ctx } = plan;
  const before = { ...plan.runs };
  if (shouldCancel(ctx)) {
    terminate(ctx, [before.pre, before.post]);
  } else {
    // Both decisions read the runs as the status named them; the plan's runs change after.
    const pre = reconcileRun(plan, plan.strategy.prePromotionAnalysis, before.pre, PRE);
    act(ctx, pre, 'pre');
    const post = reconcileRun(plan, plan.strategy.postPromotionAnalysis, before.post, POST);
    act(ctx, post, 'post');
    plan.runs = { pre, post };
  }
  const current = new Set([plan.runs.pre?.metadata?.name, plan.runs.post?.metadata?.name]);
  const others = ctx.analysisRuns.filter((r) => !current.has(r.metadata?.name));
  terminate(ctx, others);
  pruneHistory(ctx, others);
  const prev = ctx.rollout.status?.blueGreen;
  statusEvent(ctx, prev?.postPromotionAnalysisRunStatus, plan.runs.post, 'PostPromotion');
  statusEvent(ctx, prev?.prePromotionAnalysisRunStatus, plan.runs.pre, 'PrePromotion');
}
