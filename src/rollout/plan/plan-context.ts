import type { DateTime } from 'luxon';
import { computePodTemplateHash } from '../../api/hash.js';
import type { Deployment, Pod, ReplicaSet, Service } from '../../api/kube-types.js';
import type { AnalysisRun, AnalysisTemplate, ClusterAnalysisTemplate, Rollout, RolloutStatus } from '../../api/types.js';
import { PauseState } from './pause-state.js';
import type { PlannedEvent, RolloutAction, RolloutSnapshot } from './plan-types.js';
import { podHashOf, replicaSetRoles, revisionOf, type ReplicaSetRoles } from './replica-set-roles.js';

/**
 * The working state of one plan: the snapshot sorted into roles, the decisions taken so far, and the
 * writes asked for. Plain data, mutated only by the plan functions of this folder during one call.
 */
export interface PlanContext {
  rollout: Rollout;
  now: DateTime;
  currentHash: string;
  roles: ReplicaSetRoles;
  services: ReadonlyMap<string, Service>;
  pods: readonly Pod[];
  pause: PauseState;
  /** Status fields carried from the old status before the plan computes the rest. */
  carried: RolloutStatus;
  /**
   * The rollout's revision once this plan's writes are made (Argo reads it after setRolloutRevision):
   * the revision annotation, moved to the new ReplicaSet's revision by syncRevision.
   */
  revision: number;
  /** The Deployment a workloadRef rollout takes its template from. */
  workload?: Deployment;
  analysisRuns: readonly AnalysisRun[];
  analysisTemplates: ReadonlyMap<string, AnalysisTemplate>;
  clusterAnalysisTemplates: ReadonlyMap<string, ClusterAnalysisTemplate>;
  /** The step and background runs this plan settled on (Argo's currentArs after reconcileAnalysisRuns). */
  currentRuns: { step?: AnalysisRun; background?: AnalysisRun };
  actions: RolloutAction[];
  events: PlannedEvent[];
  reasons: string[];
  requeueAfterMs: number[];
  /** The ReplicaSet this plan creates, while its create action can still take its replica count. */
  creating?: ReplicaSet;
}

// What the new status keeps from the old one before the plan computes the rest (Argo's initial newStatus).
function carriedStatus(old: RolloutStatus): RolloutStatus {
  const carried: RolloutStatus = {};
  if (old.restartedAt) carried.restartedAt = old.restartedAt;
  if (old.canary?.weights) carried.canary = { weights: old.canary.weights };
  if (old.duration) carried.duration = old.duration;
  return carried;
}

// The runs the status names as current (Argo's FilterCurrentRolloutAnalysisRuns).
function currentRunsOf(rollout: Rollout, runs: readonly AnalysisRun[]): PlanContext['currentRuns'] {
  const byName = (name: string | undefined): AnalysisRun | undefined => (name ? runs.find((r) => r.metadata?.name === name) : undefined);
  return { step: byName(rollout.status?.canary?.currentStepAnalysisRunStatus?.name), background: byName(rollout.status?.canary?.currentBackgroundAnalysisRunStatus?.name) };
}

/** Builds the context of one plan from a snapshot. */
export function createPlanContext(snapshot: RolloutSnapshot, now: DateTime): PlanContext {
  const rollout = snapshot.rollout;
  const templateHash = computePodTemplateHash(rollout.spec.template, rollout.status?.collisionCount);
  const roles = replicaSetRoles(rollout, snapshot.replicaSets, templateHash);
  // A ReplicaSet found by its template (not its hash) keeps its own hash: it is the current one.
  const currentHash = roles.newRS ? podHashOf(roles.newRS) || templateHash : templateHash;
  const carried = carriedStatus(rollout.status ?? {});
  return {
    rollout,
    now,
    currentHash,
    roles,
    services: snapshot.services,
    pods: snapshot.pods,
    pause: new PauseState(rollout),
    carried,
    revision: revisionOf(rollout),
    workload: snapshot.workload,
    analysisRuns: snapshot.analysisRuns,
    analysisTemplates: snapshot.analysisTemplates,
    clusterAnalysisTemplates: snapshot.clusterAnalysisTemplates,
    currentRuns: currentRunsOf(rollout, snapshot.analysisRuns),
    actions: [],
    events: [],
    reasons: [],
    requeueAfterMs: [],
  };
}

/** Records a Normal event. */
export function recordEvent(ctx: PlanContext, reason: string, message: string): void {
  ctx.events.push({ type: 'Normal', reason, message });
}

/** Records a Warning event. */
export function recordWarning(ctx: PlanContext, reason: string, message: string): void {
  ctx.events.push({ type: 'Warning', reason, message });
}

/** Asks to be reconciled again after `ms` (the earliest of all requests wins). */
export function requeueAfter(ctx: PlanContext, ms: number): void {
  if (ms >= 0) ctx.requeueAfterMs.push(Math.ceil(ms));
}

/** Replaces a ReplicaSet in every role by its updated copy, so later stages of the plan see the change. */
export function replaceReplicaSet(ctx: PlanContext, updated: ReplicaSet): void {
  const name = updated.metadata.name;
  const swap = (rs: ReplicaSet): ReplicaSet => (rs.metadata.name === name ? updated : rs);
  const r = ctx.roles;
  ctx.roles = {
    all: r.all.map(swap),
    older: r.older.map(swap),
    other: r.other.map(swap),
    newRS: r.newRS && r.newRS.metadata.name === name ? updated : r.newRS,
    stableRS: r.stableRS && r.stableRS.metadata.name === name ? updated : r.stableRS,
  };
  if (ctx.creating?.metadata.name === name) ctx.creating = updated;
}
