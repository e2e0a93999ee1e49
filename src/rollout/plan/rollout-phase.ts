import type { BlueGreenStrategy, CanaryStrategy, RolloutPhase, RolloutSpec, RolloutStatus } from '../../api/types.js';
import { REASONS } from './conditions.js';

type PhaseAndMessage = { phase: RolloutPhase; message: string };
/** A reason the rollout is still progressing, or undefined when this rule sees none. */
type ProgressRule = (spec: RolloutSpec, status: RolloutStatus) => string | undefined;

// An unset count is 0, as Argo reads its int32 fields.
const count = (n: number | undefined): number => n ?? 0;
const fullyPromoted = (s: RolloutStatus): boolean => (s.stableRS ?? '') !== '' && s.stableRS === s.currentPodHash;
const DEGRADING_REASONS = new Set<string>([REASONS.aborted, REASONS.timedOut]);
const ANALYSIS_DONE = new Set(['Successful', 'Failed', 'Error', 'Inconclusive']);

// The first condition (in list order) that is InvalidSpec or an abort or a timeout degrades the rollout.
function degradedMessage(status: RolloutStatus): string | undefined {
  for (const cond of status.conditions ?? []) {
    if (cond.type === 'InvalidSpec') return `InvalidSpec: ${cond.message}`;
    if (DEGRADING_REASONS.has(cond.reason)) return `${cond.reason}: ${cond.message}`;
  }
  return undefined;
}

function blueGreenProgress(bg: BlueGreenStrategy, s: RolloutStatus): string | undefined {
  const active = s.blueGreen?.activeSelector ?? '';
  if (active === '' || active !== s.currentPodHash) return 'active service cutover pending';
  if (fullyPromoted(s)) return undefined;
  // Switched but not yet marked stable: post-promotion analysis, or else target verification, is pending.
  const post = s.blueGreen?.postPromotionAnalysisRunStatus;
  const analysisPending = bg.postPromotionAnalysis !== undefined && !(post && ANALYSIS_DONE.has(post.status));
  return analysisPending ? 'waiting for analysis to complete' : 'waiting for post-promotion verification to complete';
}

// A basic canary's old pods still take traffic; with a router they may stay for the scale-down delay.
function canaryProgress(canary: CanaryStrategy, s: RolloutStatus): string | undefined {
  if (!canary.trafficRouting && count(s.replicas) > count(s.updatedReplicas)) return 'old replicas are pending termination';
  return fullyPromoted(s) ? undefined : 'waiting for all steps to complete';
}

function strategyProgress(spec: RolloutSpec, s: RolloutStatus): string | undefined {
  const { blueGreen, canary } = spec.strategy ?? {};
  if (blueGreen) return blueGreenProgress(blueGreen, s);
  return canary ? canaryProgress(canary, s) : undefined;
}

// In Argo's order; the first reason found makes the phase Progressing.
const PROGRESS_RULES: ProgressRule[] = [
  (spec, s) => (spec.restartAt && spec.restartAt !== s.restartedAt ? 'rollout is restarting' : undefined),
  (spec, s) => (count(s.updatedReplicas) < (spec.replicas ?? 1) ? 'more replicas need to be updated' : undefined),
  (_spec, s) => (count(s.availableReplicas) < count(s.updatedReplicas) ? 'updated replicas are still becoming available' : undefined),
  strategyProgress,
];

function progressMessage(spec: RolloutSpec, status: RolloutStatus): string | undefined {
  for (const rule of PROGRESS_RULES) {
    const message = rule(spec, status);
    if (message !== undefined) return message;
  }
  return undefined;
}

/**
 * Argo's CalculateRolloutPhase: the phase and message a status implies. InvalidSpec, abort and a
 * timed-out deadline are Degraded; a manual pause or a pause condition is Paused; anything not yet
 * updated, available, switched or promoted is Progressing; the rest is Healthy.
 * E.g. 6 replicas with 1 updated → Progressing, "more replicas need to be updated".
 */
export function calculateRolloutPhase(spec: RolloutSpec, status: RolloutStatus): PhaseAndMessage {
  const degraded = degradedMessage(status);
  if (degraded !== undefined) return { phase: 'Degraded', message: degraded };
  if (spec.paused) return { phase: 'Paused', message: 'manually paused' };
  const pause = status.pauseConditions?.[0];
  if (pause) return { phase: 'Paused', message: pause.reason };
  const progressing = progressMessage(spec, status);
  return progressing === undefined ? { phase: 'Healthy', message: '' } : { phase: 'Progressing', message: progressing };
}
