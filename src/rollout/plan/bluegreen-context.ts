// The working state a blue-green plan adds to the PlanContext: the active and preview services'
// selectors as this plan leaves them, and the pre- and post-promotion runs it settled on.
import type { DateTime } from 'luxon';
import type { ReplicaSet, Service } from '../../api/kube-types.js';
import { ANNOTATIONS, LABELS } from '../../api/labels.js';
import type { AnalysisRun, BlueGreenStrategy } from '../../api/types.js';
import type { PlanContext } from './plan-context.js';
import { podHashOf } from './replica-set-roles.js';

/** The pre- and post-promotion AnalysisRuns of the current release (Argo's currentArs.BlueGreen*). */
export interface BlueGreenRuns {
  pre?: AnalysisRun;
  post?: AnalysisRun;
}

/** One blue-green plan: the shared context plus what only blue-green tracks. */
export interface BlueGreenPlan {
  ctx: PlanContext;
  strategy: BlueGreenStrategy;
  /** The rollouts-pod-template-hash each service selects, updated as this plan switches them. */
  selectors: { active: string; preview: string };
  runs: BlueGreenRuns;
}

/** The rollouts-pod-template-hash a service selects ('' for none or no service). */
export function serviceHash(service: Service | undefined): string {
  return service?.spec?.selector?.[LABELS.podTemplateHash] ?? '';
}

function runNamed(ctx: PlanContext, name: string | undefined): AnalysisRun | undefined {
  return name ? ctx.analysisRuns.find((r) => r.metadata?.name === name) : undefined;
}

// The hash a service selects. A cache that does not show this controller's last switch yet (it lags
// the write) would read as "no selector", i.e. a first deploy fast-tracked past pause and analysis:
// the selector recorded in the status stands in for it then.
function selectorOf(ctx: PlanContext, name: string | undefined, recorded: string | undefined): string {
  const service = name ? ctx.services.get(name) : undefined;
  if (!service) return '';
  return serviceHash(service) || (recorded ?? '');
}

/** Builds the blue-green state of a plan from its context (the rollout must be blue-green). */
export function createBlueGreenPlan(ctx: PlanContext, strategy: BlueGreenStrategy): BlueGreenPlan {
  const bg = ctx.rollout.status?.blueGreen;
  return {
    ctx,
    strategy,
    selectors: { active: selectorOf(ctx, strategy.activeService, bg?.activeSelector), preview: selectorOf(ctx, strategy.previewService, bg?.previewSelector) },
    runs: { pre: runNamed(ctx, bg?.prePromotionAnalysisRunStatus?.name), post: runNamed(ctx, bg?.postPromotionAnalysisRunStatus?.name) },
  };
}

/** The ReplicaSet labelled with this hash, if any. */
export function replicaSetWithHash(ctx: PlanContext, hash: string | undefined): ReplicaSet | undefined {
  return hash ? ctx.roles.all.find((rs) => podHashOf(rs) === hash) : undefined;
}

/** When a ReplicaSet's scale-down-deadline annotation falls, in epoch ms; NaN when unreadable; undefined when absent. */
export function scaleDownDeadlineMs(rs: ReplicaSet): number | undefined {
  const raw = rs.metadata.annotations?.[ANNOTATIONS.scaleDownDeadline];
  return raw === undefined ? undefined : Date.parse(raw);
}

/** Whether a ReplicaSet carries a scale-down deadline that has not passed yet (Argo's newRSWithinDelay). */
export function withinScaleDownDelay(rs: ReplicaSet | undefined, now: DateTime): boolean {
  const deadline = rs ? scaleDownDeadlineMs(rs) : undefined;
  return deadline !== undefined && deadline > now.toMillis();
}

const createdAt = (rs: ReplicaSet): string => rs.metadata.creationTimestamp ?? '';

/**
 * Argo's isFastRollback for blue-green: the template went back to the stable one, or to an older
 * ReplicaSet still kept up within its scale-down delay; pauses and analysis are then skipped.
 */
export function isFastRollback(ctx: PlanContext): boolean {
  const { newRS, stableRS } = ctx.roles;
  if (!newRS || !stableRS) return false;
  if ((ctx.rollout.status?.stableRS ?? '') === podHashOf(newRS)) return true;
  return createdAt(newRS) < createdAt(stableRS) && withinScaleDownDelay(newRS, ctx.now);
}

/** The desired pods of the rollout per blue-green side, spec.replicas (default 1). */
export function rolloutReplicas(ctx: PlanContext): number {
  return ctx.rollout.spec.replicas ?? 1;
}

/** Argo's IsSaturated: spec.replicas pods asked for, recorded and available. */
export function isSaturated(ctx: PlanContext, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false;
  const replicas = rolloutReplicas(ctx);
  const recorded = Number.parseInt(rs.metadata.annotations?.[ANNOTATIONS.desiredReplicas] ?? '', 10);
  return (rs.spec.replicas ?? 1) === replicas && recorded === replicas && (rs.status?.availableReplicas ?? 0) === replicas;
}
