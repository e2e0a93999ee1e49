import type { RolloutPhase, RolloutSpec, RolloutStatus } from '../../api/types.js';
import { REASONS } from './conditions.js';

/**
 * Argo's CalculateRolloutPhase: the phase and message a status implies. InvalidSpec, abort and a
 * timed-out deadline are Degraded; a manual pause or a pause condition is Paused; anything not yet
 * updated, available, switched or promoted is Progressing; the rest is Healthy.
 * E.g. 6 replicas with 1 updated → Progressing, "more replicas need to be updated".
 */
export function calculateRolloutPhase(spec: RolloutSpec, status: RolloutStatus): { phase: RolloutPhase; message: string } {
  for (const cond of status.conditions ?? []) {
    if (cond.type === 'InvalidSpec') return { phase: 'Degraded', message: `InvalidSpec: ${cond.message}` };
    if (cond.reason === REASONS.aborted || cond.reason === REASONS.timedOut) return { phase: 'Degraded', message: `${cond.reason}: ${cond.message}` };
  }
  if (spec.paused) return { phase: 'Paused', message: 'manually paused' };
  const pause = status.pauseConditions?.[0];
  if (pause) return { phase: 'Paused', message: pause.reason };
  return progressPhase(spec, status) ?? { phase: 'Healthy', message: '' };
}

function progressPhase(spec: RolloutSpec, status: RolloutStatus): { phase: RolloutPhase; message: string } | undefined {
  const progressing = (message: string): { phase: RolloutPhase; message: string } => ({ phase: 'Progressing', message });
  if (spec.restartAt && spec.restartAt !== status.restartedAt) return progressing('rollout is restarting');
  if ((status.updatedReplicas ?? 0) < (spec.replicas ?? 1)) return progressing('more replicas need to be updated');
  if ((status.availableReplicas ?? 0) < (status.updatedReplicas ?? 0)) return progressing('updated replicas are still becoming available');
  const fullyPromoted = (status.stableRS ?? '') !== '' && status.stableRS === status.currentPodHash;
  if (spec.strategy?.blueGreen) {
    const active = status.blueGreen?.activeSelector ?? '';
    if (active === '' || active !== status.currentPodHash) return progressing('active service cutover pending');
    if (!fullyPromoted) {
      const post = status.blueGreen?.postPromotionAnalysisRunStatus;
      const waiting = spec.strategy.blueGreen.postPromotionAnalysis && !(post && ['Successful', 'Failed', 'Error', 'Inconclusive'].includes(post.status));
      return progressing(waiting ? 'waiting for analysis to complete' : 'waiting for post-promotion verification to complete');
    }
    return undefined;
  }
  if (spec.strategy?.canary) {
    if (!spec.strategy.canary.trafficRouting && (status.replicas ?? 0) > (status.updatedReplicas ?? 0)) return progressing('old replicas are pending termination');
    if (!fullyPromoted) return progressing('waiting for all steps to complete');
  }
  return undefined;
}
