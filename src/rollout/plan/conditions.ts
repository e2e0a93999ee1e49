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
  scaled: (s: { direction: 'up' | 'down'; rs: string; revision: number; from: number; to: number }): string => `Scaled ${s.direction} ReplicaSet ${s.rs} (revision ${s.revision}) from ${s.from} to ${s.to}`,
} as const;

/** The condition of a type, if present. */
export function getCondition(status: RolloutStatus | undefined, type: RolloutConditionType): RolloutCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/** What a condition says, before it is stamped with a time. */
export type ConditionFields = Pick<RolloutCondition, 'type' | 'status' | 'reason' | 'message'>;

/** A new condition stamped now (both times). */
export function newCondition(fields: ConditionFields, now: DateTime): RolloutCondition {
  const t = rfc3339(now);
  return { ...fields, lastUpdateTime: t, lastTransitionTime: t };
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

// Argo's reading of status counts: an unset count is 0.
const count = (n: number | undefined): number => n ?? 0;

// Canary: every step done (or no step index at all), promoted, and no old pod left.
function canaryCompleted(stepCount: number, status: RolloutStatus, replicas: number): boolean {
  const allSteps = stepCount === 0 || status.currentStepIndex === undefined || status.currentStepIndex === stepCount;
  return allSteps && isCompleted(status) && status.replicas === replicas;
}

// Blue-green: the active service (and the preview one, if any) selects the current template.
function blueGreenCompleted(hasPreview: boolean, status: RolloutStatus): boolean {
  const selectors = status.blueGreen ?? {};
  const active = selectors.activeSelector === status.currentPodHash;
  return active && (!hasPreview || selectors.previewSelector === status.currentPodHash);
}

function strategyCompleted(rollout: Rollout, status: RolloutStatus, replicas: number): boolean {
  const { canary, blueGreen } = rollout.spec.strategy ?? {};
  if (canary) return canaryCompleted(canary.steps?.length ?? 0, status, replicas);
  if (blueGreen) return blueGreenCompleted(Boolean(blueGreen.previewService), status);
  return true;
}

/**
 * Argo's RolloutHealthy: all spec.replicas updated and available, the generation observed, and the
 * strategy done. 3 replicas, steps [setWeight 50, pause], index 2, stable = current, 3 pods → healthy;
 * the same at index 1 → not.
 */
export function isHealthy(rollout: Rollout, status: RolloutStatus): boolean {
  const replicas = rollout.spec.replicas ?? 1;
  const allUpdatedAvailable = status.updatedReplicas === replicas && status.availableReplicas === replicas;
  const observed = rollout.status?.observedGeneration === generationString(rollout);
  return allUpdatedAvailable && observed && strategyCompleted(rollout, status, replicas);
}

// More pods updated or ready or available, or fewer old pods, than the old status had.
function replicasProgressed(old: RolloutStatus, next: RolloutStatus): boolean {
  const oldPods = (s: RolloutStatus): number => count(s.replicas) - count(s.updatedReplicas);
  if (count(next.updatedReplicas) !== count(old.updatedReplicas) || oldPods(next) < oldPods(old)) return true;
  return count(next.readyReplicas) > count(old.readyReplicas) || count(next.availableReplicas) > count(old.availableReplicas);
}

// A new stable, a step moved (both indexes known), or new steps.
function canaryProgressed(old: RolloutStatus, next: RolloutStatus): boolean {
  const stepMoved = next.currentStepIndex !== undefined && old.currentStepIndex !== undefined && next.currentStepIndex !== old.currentStepIndex;
  return next.stableRS !== old.stableRS || stepMoved || next.currentStepHash !== old.currentStepHash;
}

function blueGreenProgressed(old: RolloutStatus, next: RolloutStatus): boolean {
  const [o, n] = [old.blueGreen ?? {}, next.blueGreen ?? {}];
  return o.activeSelector !== n.activeSelector || o.previewSelector !== n.previewSelector;
}

function strategyProgressed(rollout: Rollout, old: RolloutStatus, next: RolloutStatus): boolean {
  const { canary, blueGreen } = rollout.spec.strategy ?? {};
  if (canary) return canaryProgressed(old, next);
  return blueGreen ? blueGreenProgressed(old, next) : false;
}

/**
 * Argo's RolloutProgressing: did anything move between the old and the new status? E.g. 7 pods
 * with 1 updated → 7 with 2 updated, or the step index 1 → 2, is progress; fewer available is not.
 */
export function isProgressing(rollout: Rollout, next: RolloutStatus): boolean {
  const old = rollout.status ?? {};
  return replicasProgressed(old, next) || strategyProgressed(rollout, old, next);
}

/**
 * When a Progressing condition's deadline passes, in epoch ms: its lastUpdateTime (the last time
 * progress was seen) plus progressDeadlineSeconds (default 600). 12:00:00 + 600 s → 12:10:00.
 */
export function progressDeadlineMs(rollout: Rollout, progressing: RolloutCondition): number {
  return Date.parse(progressing.lastUpdateTime) + (rollout.spec.progressDeadlineSeconds ?? 600) * 1000;
}

/**
 * Argo's RolloutTimedOut: no progress recorded for progressDeadlineSeconds (strictly past the
 * deadline: exactly 600 s after the last progress is not yet late). A paused or aborted rollout
 * never times out; one already timed out stays so.
 */
export function hasTimedOut(rollout: Rollout, status: RolloutStatus, now: DateTime): boolean {
  const cond = getCondition(status, 'Progressing');
  if (!cond || cond.reason === REASONS.aborted || cond.reason === REASONS.paused) return false;
  if (cond.reason === REASONS.timedOut) return true;
  return progressDeadlineMs(rollout, cond) < now.toMillis();
}

/** Sets a condition stamped now (see setCondition); returns whether it changed anything. */
export function putCondition(status: RolloutStatus, fields: ConditionFields, now: DateTime): boolean {
  return setCondition(status, newCondition(fields, now));
}
