import type { Rollout, RolloutStatus } from '../api/types.js';

/** Argo CD's health statuses a Rollout can be given. */
export type ArgoCdHealthStatus = 'Healthy' | 'Progressing' | 'Suspended' | 'Degraded';

/** What Argo CD shows for a Rollout: a status and a message ("" when the script sets none). */
export interface ArgoCdHealth {
  status: ArgoCdHealthStatus;
  message: string;
}

/** The workload-generation annotation Argo Rollouts sets on a rollout with a workloadRef. */
const WORKLOAD_GENERATION = 'rollout.argoproj.io/workload-generation';

const PAUSED: ArgoCdHealth = { status: 'Suspended', message: 'Rollout is paused' };
const progressing = (message: string): ArgoCdHealth => ({ status: 'Progressing', message });

/**
 * The health Argo CD gives `rollout`: the same decisions, in the same order and with the same
 * messages, as Argo CD's resource customization `argoproj.io/Rollout/health.lua`. In order:
 *  1. spec not yet observed (no status, status.observedGeneration < metadata.generation, or the
 *     workload-generation annotation ≠ status.workloadObservedGeneration) → Progressing
 *     "Waiting for rollout spec update to be observed";
 *  2. status.phase set (Argo Rollouts ≥ 1.0, and this controller) → that phase with status.message,
 *     Paused shown as Suspended; e.g. {phase: Paused, message: CanaryPauseStep} → Suspended "CanaryPauseStep";
 *  3. older rollouts without a phase: an InvalidSpec condition, or a Progressing condition with reason
 *     RolloutAborted or ProgressDeadlineExceeded → Degraded with the condition's message; pause
 *     conditions or spec.paused → Suspended "Rollout is paused"; then replica counts and the
 *     stable/active ReplicaSet against currentPodHash (see assessReplicas, assessStrategy).
 * Legacy (≤ v0.9) observedGeneration hashes count as observed: a hash that is not a number, or one
 * that reads as a number above metadata.generation, as Argo CD's script decides.
 */
export function argocdHealth(rollout: Rollout): ArgoCdHealth {
  const status = rollout.status;
  if (!status || !isGenerationObserved(rollout, status) || !isWorkloadGenerationObserved(rollout, status)) {
    return progressing('Waiting for rollout spec update to be observed');
  }
  // Argo Rollouts ≥ 1.0 records phase and message: Argo CD surfaces them as they are.
  if (status.phase !== undefined) {
    return { status: status.phase === 'Paused' ? 'Suspended' : status.phase, message: status.message ?? '' };
  }
  return degradedByCondition(status) ?? pausedHealth(rollout, status) ?? assessReconciled(rollout, status);
}

function isGenerationObserved(rollout: Rollout, status: RolloutStatus): boolean {
  const observed = luaToNumber(status.observedGeneration);
  const generation = rollout.metadata?.generation ?? 0;
  // Not a number (a v0.9 hash) or above the generation (a v0.9 hash of digits): a legacy rollout.
  if (observed === undefined || observed > generation) return true;
  return observed === generation;
}

function isWorkloadGenerationObserved(rollout: Rollout, status: RolloutStatus): boolean {
  const annotations = rollout.metadata?.annotations;
  // Without a workloadRef (or annotations) there is no workload generation to wait for.
  if (rollout.spec.workloadRef === undefined || annotations === undefined) return true;
  return luaToNumber(annotations[WORKLOAD_GENERATION]) === luaToNumber(status.workloadObservedGeneration);
}

function degradedByCondition(status: RolloutStatus): ArgoCdHealth | undefined {
  const degrading = (status.conditions ?? []).find(
    (c) => c.type === 'InvalidSpec' || (c.type === 'Progressing' && (c.reason === 'RolloutAborted' || c.reason === 'ProgressDeadlineExceeded')),
  );
  return degrading ? { status: 'Degraded', message: degrading.message } : undefined;
}

function pausedHealth(rollout: Rollout, status: RolloutStatus): ArgoCdHealth | undefined {
  if ((status.pauseConditions ?? []).length > 0) return PAUSED;
  return rollout.spec.paused === true ? PAUSED : undefined;
}

function assessReconciled(rollout: Rollout, status: RolloutStatus): ArgoCdHealth {
  if (status.currentPodHash === undefined) return progressing('Waiting for rollout to finish: status has not been reconciled.');
  return assessReplicas(rollout, status) ?? assessStrategy(rollout, status) ?? { status: 'Healthy', message: '' };
}

/** E.g. spec.replicas 5 with 3 updated → "More replicas need to be updated"; 5 updated, 4 available → "still becoming available". */
function assessReplicas(rollout: Rollout, status: RolloutStatus): ArgoCdHealth | undefined {
  const updated = status.updatedReplicas ?? 0;
  if (updated < (rollout.spec.replicas ?? 1)) return progressing('Waiting for roll out to finish: More replicas need to be updated');
  if ((status.availableReplicas ?? 0) < updated) return progressing('Waiting for roll out to finish: updated replicas are still becoming available');
  return undefined;
}

/** Blue-green: the active service must select currentPodHash; canary: old replicas gone and stableRS = currentPodHash. */
function assessStrategy(rollout: Rollout, status: RolloutStatus): ArgoCdHealth | undefined {
  const strategy = rollout.spec.strategy ?? {};
  if (strategy.blueGreen !== undefined) return assessBlueGreen(status);
  return strategy.canary === undefined ? undefined : assessCanary(status);
}

function assessBlueGreen(status: RolloutStatus): ArgoCdHealth | undefined {
  const stableRS = stableRSOf(status);
  if (status.blueGreen?.activeSelector !== status.currentPodHash) return progressing('active service cutover pending');
  // An empty stableRS (before v0.8) is not waited on.
  return stableRS !== '' && stableRS !== status.currentPodHash ? progressing('waiting for analysis to complete') : undefined;
}

function assessCanary(status: RolloutStatus): ArgoCdHealth | undefined {
  const stableRS = stableRSOf(status);
  if ((status.replicas ?? 0) > (status.updatedReplicas ?? 0)) return progressing('Waiting for roll out to finish: old replicas are pending termination');
  return stableRS === '' || stableRS !== status.currentPodHash ? progressing('Waiting for rollout to finish steps') : undefined;
}

/** status.stableRS, else the status.canary.stableRS of rollouts before v0.8, else "". */
function stableRSOf(status: RolloutStatus): string {
  if (status.stableRS !== undefined) return status.stableRS;
  return (status.canary as { stableRS?: string } | undefined)?.stableRS ?? '';
}

/**
 * Lua's tonumber on a string: decimal (with optional fraction and exponent) or 0x hex, surrounding
 * spaces allowed; anything else is nil. E.g. "3" → 3, "8575574967" → 8575574967, "5b9f9dd6c6" → undefined.
 */
export function luaToNumber(value: string | number | undefined): number | undefined {
  if (typeof value === 'number') return value;
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^-?0[xX][0-9a-fA-F]+$/.test(text)) return Number.parseInt(text, 16);
  return /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : undefined;
}
