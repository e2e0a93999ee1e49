import type { BlueGreenStatus, BlueGreenStrategy, CanaryStrategy, Rollout, RolloutPhase, RolloutSpec, RolloutStatus } from './types.js';

export interface PhaseAndMessage {
  phase: RolloutPhase;
  message: string;
}

/**
 * Argo's GetRolloutPhase, as clients see a rollout: a spec change the controller has not yet
 * observed (metadata.generation ≠ status.observedGeneration), or a promote it has not yet acted on
 * (controllerPause with no pause conditions), reads Progressing whatever the last status said.
 * Otherwise the controller's status.phase and message; a status without a phase (a controller older
 * than Argo 1.0, or none yet) falls back to computing the phase from spec and status.
 * E.g. generation 3, observedGeneration "2" → Progressing, "waiting for rollout spec update to be observed".
 */
export function rolloutPhase(rollout: Rollout): PhaseAndMessage {
  const status = rollout.status ?? {};
  if (!generationObserved(rollout.metadata?.generation, status.observedGeneration)) {
    return { phase: 'Progressing', message: 'waiting for rollout spec update to be observed' };
  }
  // A promote kept under a manual pause (see PauseState) waits for spec.paused: the controller's Paused holds.
  if (status.controllerPause === true && (status.pauseConditions ?? []).length === 0 && rollout.spec.paused !== true) {
    return { phase: 'Progressing', message: 'waiting for rollout to unpause' };
  }
  if (status.phase) return { phase: status.phase, message: status.message ?? '' };
  return calculatePhase(rollout.spec, status);
}

// observedGeneration is a string in Argo; a non-numeric one (a pre-0.10 hash) counts as observed,
// and so does one ahead of metadata.generation.
function generationObserved(generation: number | undefined, observed: string | undefined): boolean {
  const n = parseStrictInt(observed);
  if (n === undefined) return true;
  return n >= (generation ?? 0);
}

function parseStrictInt(text: string | undefined): number | undefined {
  if (text === undefined || !/^[+-]?\d+$/.test(text)) return undefined;
  return Number.parseInt(text, 10);
}

const DEGRADING_REASONS = new Set(['RolloutAborted', 'ProgressDeadlineExceeded']);

/**
 * Argo's CalculateRolloutPhase (what a controller without status.phase implies): invalid spec,
 * abort or a passed progress deadline → Degraded; a manual pause or a pause condition → Paused;
 * anything not yet updated, available, cut over or promoted → Progressing; otherwise Healthy.
 * E.g. 6 replicas, 1 updated → Progressing, "more replicas need to be updated".
 */
export function calculatePhase(spec: RolloutSpec, status: RolloutStatus): PhaseAndMessage {
  for (const cond of status.conditions ?? []) {
    if (cond.type === 'InvalidSpec') return { phase: 'Degraded', message: `InvalidSpec: ${cond.message}` };
    if (DEGRADING_REASONS.has(cond.reason)) return { phase: 'Degraded', message: `${cond.reason}: ${cond.message}` };
  }
  if (spec.paused) return { phase: 'Paused', message: 'manually paused' };
  const pause = status.pauseConditions?.[0];
  if (pause) return { phase: 'Paused', message: pause.reason };
  const progressing = progressingMessage(spec, status);
  return progressing === undefined ? { phase: 'Healthy', message: '' } : { phase: 'Progressing', message: progressing };
}

function progressingMessage(spec: RolloutSpec, status: RolloutStatus): string | undefined {
  if (spec.restartAt && !sameInstant(spec.restartAt, status.restartedAt)) return 'rollout is restarting';
  const replicasMessage = replicasProgressing(spec, status);
  if (replicasMessage) return replicasMessage;
  const strategy = spec.strategy ?? {};
  if (strategy.blueGreen) return blueGreenMessage(strategy.blueGreen, status);
  if (strategy.canary) return canaryMessage(strategy.canary, status);
  return undefined;
}

function replicasProgressing(spec: RolloutSpec, status: RolloutStatus): string | undefined {
  const updated = status.updatedReplicas ?? 0;
  if (updated < (spec.replicas ?? 1)) return 'more replicas need to be updated';
  if ((status.availableReplicas ?? 0) < updated) return 'updated replicas are still becoming available';
  return undefined;
}

function fullyPromoted(status: RolloutStatus): boolean {
  return (status.stableRS ?? '') !== '' && status.stableRS === status.currentPodHash;
}

const FINISHED_ANALYSIS = new Set(['Successful', 'Failed', 'Error', 'Inconclusive']);

function blueGreenMessage(blueGreen: BlueGreenStrategy, status: RolloutStatus): string | undefined {
  const bg: BlueGreenStatus = status.blueGreen ?? {};
  if (!bg.activeSelector || bg.activeSelector !== status.currentPodHash) return 'active service cutover pending';
  if (fullyPromoted(status)) return undefined;
  const post = bg.postPromotionAnalysisRunStatus?.status ?? '';
  if (blueGreen.postPromotionAnalysis && !FINISHED_ANALYSIS.has(post)) return 'waiting for analysis to complete';
  return 'waiting for post-promotion verification to complete';
}

function canaryMessage(canary: CanaryStrategy, status: RolloutStatus): string | undefined {
  // Without traffic routing, old pods serve traffic until they are gone; with it, scale-down delays
  // keep them on purpose, so they do not hold the phase.
  if (!canary.trafficRouting && (status.replicas ?? 0) > (status.updatedReplicas ?? 0)) return 'old replicas are pending termination';
  if (!fullyPromoted(status)) return 'waiting for all steps to complete';
  return undefined;
}

function sameInstant(a: string, b: string | undefined): boolean {
  return b !== undefined && Date.parse(a) === Date.parse(b);
}
