// Keeping a previous ReplicaSet up for a while after traffic left it (blue-green's old active, a
// traffic-routed canary's old stable, an aborted canary or preview). The deadline lives only in the
// ReplicaSet's `scale-down-deadline` annotation, never in memory, so a restarted controller honours it.
import { DateTime } from 'luxon';
import type { ReplicaSet } from '../../api/kube-types.js';
import { ANNOTATIONS, LABELS } from '../../api/labels.js';
import type { Rollout } from '../../api/types.js';
import { getAbortScaleDownDelaySecondsOrDefault, hasExplicitAbortScaleDownDelay } from './canary-step-state.js';
import { requeueAfter, type PlanContext } from './plan-context.js';
import { annotateReplicaSet } from './replica-set-actions.js';
import { podHashOf } from './replica-set-roles.js';
import { rfc3339 } from './time-format.js';

const DEFAULT_SCALE_DOWN_DELAY_SECONDS = 30;

/** scaleDownDelaySeconds: blue-green and traffic-routed canary default to 30, a basic canary has none. */
export function scaleDownDelaySeconds(rollout: Rollout): number {
  const { canary, blueGreen } = rollout.spec.strategy ?? {};
  if (blueGreen) return blueGreen.scaleDownDelaySeconds ?? DEFAULT_SCALE_DOWN_DELAY_SECONDS;
  if (canary?.trafficRouting) return canary.scaleDownDelaySeconds ?? DEFAULT_SCALE_DOWN_DELAY_SECONDS;
  return 0;
}

/** scaleDownDelayRevisionLimit: how many old ReplicaSets may wait out a delay at once (unlimited by default). */
export function scaleDownRevisionLimit(rollout: Rollout): number {
  const { canary, blueGreen } = rollout.spec.strategy ?? {};
  return blueGreen?.scaleDownDelayRevisionLimit ?? canary?.scaleDownDelayRevisionLimit ?? Number.MAX_SAFE_INTEGER;
}

/** Whether the ReplicaSet carries a scale-down deadline. */
export function hasScaleDownDeadline(rs: ReplicaSet | undefined): boolean {
  return rs?.metadata.annotations?.[ANNOTATIONS.scaleDownDeadline] !== undefined;
}

/**
 * Milliseconds left before the ReplicaSet's deadline: undefined when it has none, has passed it, or
 * holds a value that is not a time (Argo logs and treats those as passed).
 */
export function msBeforeScaleDownDeadline(rs: ReplicaSet, now: DateTime): number | undefined {
  const raw = rs.metadata.annotations?.[ANNOTATIONS.scaleDownDeadline];
  if (raw === undefined) return undefined;
  const deadline = DateTime.fromISO(raw, { zone: 'utc' });
  if (!deadline.isValid) return undefined;
  const left = deadline.toMillis() - now.toMillis();
  return left > 0 ? left : undefined;
}

/** Writes the deadline `seconds` from now on the ReplicaSet (0 removes one), and asks to look again then. */
export function addScaleDownDelay(ctx: PlanContext, rs: ReplicaSet, seconds: number): void {
  if (seconds === 0) {
    if (hasScaleDownDeadline(rs)) annotateReplicaSet(ctx, rs, { [ANNOTATIONS.scaleDownDeadline]: null });
    return;
  }
  annotateReplicaSet(ctx, rs, { [ANNOTATIONS.scaleDownDeadline]: rfc3339(ctx.now.plus({ seconds })) });
  ctx.reasons.push(`${rs.metadata.name ?? ''} scales down in ${seconds}s`);
  requeueAfter(ctx, seconds * 1000);
}

/** How many old ReplicaSets already wait out a delay in this pass (Argo's annotationedRSs). */
export interface DelayBudget {
  annotated: number;
}

/**
 * The replicas an old ReplicaSet keeps while it waits out its scale-down delay (Argo's
 * scaleDownDelayHelper), newest revision first: a running one without a deadline gets one and keeps
 * its size, within scaleDownDelayRevisionLimit; one before its deadline keeps `keep`; past the
 * deadline, past the limit, or with scaleDownDelaySeconds 0, 0. (Argo keeps the old side up for good
 * at 0, which its maintainers call a bug: argoproj/argo-rollouts#1992.) Delay 30 s, limit 1: revision
 * 3 (deadline in 10 s) keeps `keep`, revision 2 goes to 0.
 */
export function replicasDuringScaleDownDelay(ctx: PlanContext, rs: ReplicaSet, budget: DelayBudget, keep: number): number {
  const limit = scaleDownRevisionLimit(ctx.rollout);
  const replicas = rs.spec.replicas ?? 1;
  if (!hasScaleDownDeadline(rs)) {
    const seconds = scaleDownDelaySeconds(ctx.rollout);
    if (replicas === 0 || budget.annotated >= limit) return 0;
    budget.annotated++;
    if (seconds === 0) return 0;
    addScaleDownDelay(ctx, rs, seconds);
    return replicas;
  }
  budget.annotated++;
  if (budget.annotated > limit) return 0;
  const left = msBeforeScaleDownDeadline(rs, ctx.now);
  if (left === undefined) return 0;
  requeueAfter(ctx, left);
  return keep;
}

/**
 * Whether traffic may still reach the ReplicaSet (Argo's isReplicaSetReferenced): its hash is
 * recorded in the status as stable, current, active, preview or a router target, or a strategy
 * service selects it. Such a ReplicaSet is never scaled down.
 */
export function isReplicaSetReferenced(ctx: PlanContext, rs: ReplicaSet): boolean {
  const hash = podHashOf(rs);
  if (hash === '') return false;
  const status = ctx.rollout.status ?? {};
  const weights = status.canary?.weights;
  const recorded = [status.stableRS, status.currentPodHash, status.blueGreen?.activeSelector, status.blueGreen?.previewSelector, weights?.canary.podTemplateHash, weights?.stable.podTemplateHash];
  if (recorded.includes(hash)) return true;
  return [...ctx.services.values()].some((svc) => svc.spec?.selector?.[LABELS.podTemplateHash] === hash);
}

/**
 * Whether an aborted update keeps its canary (or preview) up for abortScaleDownDelaySeconds before
 * scaling it down (Argo's shouldDelayScaleDownOnAbort): not for a basic canary, not with the delay
 * switched off (0), not with dynamicStableScale unless the delay was set explicitly.
 */
export function shouldDelayScaleDownOnAbort(ctx: PlanContext): boolean {
  if (!ctx.pause.isAborted() || !ctx.roles.stableRS) return false;
  const canary = ctx.rollout.spec.strategy?.canary;
  if (canary && !canary.trafficRouting) return false;
  if (getAbortScaleDownDelaySecondsOrDefault(ctx.rollout).seconds === undefined) return false;
  return !(canary?.dynamicStableScale === true && !hasExplicitAbortScaleDownDelay(ctx.rollout));
}

/**
 * Drops the deadline from the new and stable ReplicaSets: the rollout moved back to a revision that
 * was still waiting out its delay (Argo's removeScaleDownDeadlines). An aborted canary waiting out
 * its abort delay keeps it.
 */
export function removeScaleDownDeadlines(ctx: PlanContext): void {
  const { newRS, stableRS } = ctx.roles;
  const targets = [newRS && !shouldDelayScaleDownOnAbort(ctx) ? newRS : undefined, stableRS];
  const seen = new Set<string>();
  for (const rs of targets) {
    if (!rs || seen.has(rs.metadata.name ?? '')) continue;
    seen.add(rs.metadata.name ?? '');
    if (hasScaleDownDeadline(rs)) annotateReplicaSet(ctx, rs, { [ANNOTATIONS.scaleDownDeadline]: null });
  }
}
