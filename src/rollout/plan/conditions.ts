import type { DateTime } from 'luxon';
import type { Rollout, RolloutCondition, RolloutConditionType, RolloutStatus } from '../../api/types.js';
import { rfc3339 } from './time-format.js';

/** Condition reasons and messages, verbatim from Argo so that tooling matching on them keeps working. */
export const REASONS = {
  invalidSpec: 'InvalidSpec',
  available: 'AvailableReason',
  replicaSetUpdated: 'ReplicaSetUpdated',
  newReplicaSet: 'NewReplicaSetCreated',
  foundNewRS: 'FoundNewReplicaSet',
  rolloutUpdated: 'RolloutUpdated',
  completed: 'RolloutCompleted',
  notCompleted: 'RolloutNotCompleted',
  healthy: 'RolloutHealthy',
  aborted: 'RolloutAborted',
  retry: 'RolloutRetry',
  paused: 'RolloutPaused',
  resumed: 'RolloutResumed',
  replicaSetNotAvailable: 'ReplicaSetNotAvailable',
  stepCompleted: 'RolloutStepCompleted',
  newRSAvailable: 'NewReplicaSetAvailable',
  timedOut: 'ProgressDeadlineExceeded',
  scaling: 'ScalingReplicaSet',
  skipSteps: 'SkipSteps',
  serviceReference: 'ServiceReferenceError',
} as const;

export const MESSAGES = {
  available: 'Rollout has minimum availability',
  notAvailable: 'Rollout does not have minimum availability',
  healthy: 'Rollout is healthy',
  notHealthy: 'Rollout is not healthy',
  paused: 'Rollout is paused',
  resumed: 'Rollout is resumed',
  retry: 'Retrying Rollout after abort',
  aborted: (revision: number): string => `Rollout aborted update to revision ${revision}`,
  replicaSetProgressing: (rs: string): string => `ReplicaSet "${rs}" is progressing.`,
  rolloutProgressing: (name: string): string => `Rollout "${name}" is progressing.`,
  replicaSetCompleted: (rs: string): string => `ReplicaSet "${rs}" has successfully progressed.`,
  replicaSetTimedOut: (rs: string): string => `ReplicaSet "${rs}" has timed out progressing.`,
  rolloutTimedOut: (name: string): string => `Rollout "${name}" has timed out progressing.`,
  newReplicaSet: (rs: string): string => `Created new replica set "${rs}"`,
  newReplicaSetDetailed: (rs: string, revision: number): string => `Created ReplicaSet ${rs} (revision ${revision})`,
  rolloutUpdated: (revision: number): string => `Rollout updated to revision ${revision}`,
  completed: (revision: number, hash: string, reason: string): string => `Rollout completed update to revision ${revision} (${hash}): ${reason}`,
  notCompleted: (revision: number, hash: string): string => `Rollout not completed, started update to revision ${revision} (${hash})`,
  stepCompleted: (step: number, total: number, what: string): string => `Rollout step ${step}/${total} completed (${what})`,
  scaled: (direction: 'up' | 'down', rs: string, revision: number, from: number, to: number): string => `Scaled ${direction} ReplicaSet ${rs} (revision ${revision}) from ${from} to ${to}`,
} as const;

/** The condition of a type, if present. */
export function getCondition(status: RolloutStatus | undefined, type: RolloutConditionType): RolloutCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/** A new condition stamped now. */
export function newCondition(type: RolloutConditionType, status: 'True' | 'False' | 'Unknown', reason: string, message: string, now: DateTime): RolloutCondition {
  const t = rfc3339(now);
  return { type, status, reason, message, lastUpdateTime: t, lastTransitionTime: t };
}

/**
 * Sets a condition unless one with the same status and reason exists (Argo's SetRolloutCondition);
 * keeps the transition time when only the reason changes. Returns whether it changed anything.
 */
export function setCondition(status: RolloutStatus, condition: RolloutCondition): boolean {
  const current = getCondition(status, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return false;
  const next = current && current.status === condition.status ? { ...condition, lastTransitionTime: current.lastTransitionTime } : condition;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== condition.type), next];
  return true;
}

/** Removes a condition type. */
export function removeCondition(status: RolloutStatus, type: RolloutConditionType): void {
  if (!status.conditions) return;
  status.conditions = status.conditions.filter((c) => c.type !== type);
}

/** observedGeneration as Argo writes it: the generation as a string. */
export function generationString(rollout: Rollout): string {
  return String(rollout.metadata?.generation ?? 0);
}

/** A rollout whose current template is its stable one. */
export function isCompleted(status: RolloutStatus): boolean {
  return (status.stableRS ?? '') !== '' && status.stableRS === status.currentPodHash;
}

/** Argo's RolloutHealthy: every step done, the stable template is current, and all replicas are updated and available. */
export function isHealthy(rollout: Rollout, status: RolloutStatus): boolean {
  const replicas = rollout.spec.replicas ?? 1;
  const canary = rollout.spec.strategy?.canary;
  let completedStrategy = true;
  if (rollout.spec.strategy?.blueGreen) {
    const bg = rollout.spec.strategy.blueGreen;
    const active = status.blueGreen?.activeSelector === status.currentPodHash;
    const preview = !bg.previewService || status.blueGreen?.previewSelector === status.currentPodHash;
    completedStrategy = active && preview;
  }
  if (canary) {
    const steps = canary.steps?.length ?? 0;
    const allSteps = steps === 0 || status.currentStepIndex === undefined || status.currentStepIndex === steps;
    completedStrategy = allSteps && isCompleted(status) && status.replicas === replicas;
  }
  return status.updatedReplicas === replicas && status.availableReplicas === replicas && rollout.status?.observedGeneration === generationString(rollout) && completedStrategy;
}

/** Argo's RolloutProgressing: did anything move between the old and the new status? */
export function isProgressing(rollout: Rollout, next: RolloutStatus): boolean {
  const old = rollout.status ?? {};
  let strategy = false;
  if (rollout.spec.strategy?.blueGreen) {
    strategy = old.blueGreen?.activeSelector !== next.blueGreen?.activeSelector || old.blueGreen?.previewSelector !== next.blueGreen?.previewSelector;
  }
  if (rollout.spec.strategy?.canary) {
    const stepMoved = next.currentStepIndex !== undefined && old.currentStepIndex !== undefined && next.currentStepIndex !== old.currentStepIndex;
    strategy = next.stableRS !== old.stableRS || stepMoved || next.currentStepHash !== old.currentStepHash;
  }
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (next.replicas ?? 0) - (next.updatedReplicas ?? 0);
  return (
    (next.updatedReplicas ?? 0) !== (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (next.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (next.availableReplicas ?? 0) > (old.availableReplicas ?? 0) ||
    strategy
  );
}

/** Argo's RolloutTimedOut: no progress recorded for progressDeadlineSeconds. */
export function hasTimedOut(rollout: Rollout, status: RolloutStatus, now: DateTime): boolean {
  const cond = getCondition(status, 'Progressing');
  if (!cond || cond.reason === REASONS.aborted || cond.reason === REASONS.paused) return false;
  if (cond.reason === REASONS.timedOut) return true;
  const deadline = Date.parse(cond.lastUpdateTime) + (rollout.spec.progressDeadlineSeconds ?? 600) * 1000;
  return deadline < now.toMillis();
}
