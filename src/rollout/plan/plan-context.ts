import type { DateTime } from 'luxon';
import { computePodTemplateHash } from '../../api/hash.js';
import type { Pod, ReplicaSet, Service } from '../../api/kube-types.js';
import type { Rollout, RolloutStatus } from '../../api/types.js';
import { PauseState } from './pause-state.js';
import type { PlannedEvent, RolloutAction, RolloutSnapshot } from './plan-types.js';
import { replicaSetRoles, type ReplicaSetRoles } from './replica-set-roles.js';

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
  actions: RolloutAction[];
  events: PlannedEvent[];
  reasons: string[];
  requeueAfterMs: number[];
  /** The ReplicaSet this plan creates, while its create action can still take its replica count. */
  creating?: ReplicaSet;
}

/** Builds the context of one plan from a snapshot. */
export function createPlanContext(snapshot: RolloutSnapshot, now: DateTime): PlanContext {
  const rollout = snapshot.rollout;
  const currentHash = computePodTemplateHash(rollout.spec.template, rollout.status?.collisionCount);
  const carried: RolloutStatus = {};
  if (rollout.status?.restartedAt) carried.restartedAt = rollout.status.restartedAt;
  if (rollout.status?.canary?.weights) carried.canary = { weights: rollout.status.canary.weights };
  if (rollout.status?.duration) carried.duration = rollout.status.duration;
  return {
    rollout,
    now,
    currentHash,
    roles: replicaSetRoles(rollout, snapshot.replicaSets, currentHash),
    services: snapshot.services,
    pods: snapshot.pods,
    pause: new PauseState(rollout),
    carried,
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
