import type { DateTime } from 'luxon';
import type { Logger } from '../shared/logger.js';
import type { Service } from '../api/kube-types.js';
import type { Rollout } from '../api/types.js';
import { applyPlan, type ApplyResult } from './apply.js';
import { planSettled } from './plan-settled.js';
import type { RolloutPlan, RolloutSnapshot } from './plan/plan-types.js';
import { ReplicaSetRefusedError, type RolloutReads, type RolloutWrites } from './ports.js';
import { REPLICA_SET_CREATE_ERROR, replicaSetRefusedStatus } from './plan/replica-set-refused.js';

export interface RolloutReconcileDeps {
  reads: RolloutReads;
  writes: RolloutWrites;
  log: Logger;
  now: () => DateTime;
  /** Resource versions this controller wrote last (rollouts and, by replicaSetVersionKey, ReplicaSets), to recognise a cache that has not caught up yet. */
  versions: { isStale(key: string, resourceVersion: string): boolean; record(key: string, resourceVersion: string): void; forget(key: string): void };
  /** Told right after the first traffic write of a plan that aborts the rollout (abort latency). */
  onAbortTrafficWritten?: (key: string) => void;
}

export interface ReconcileResult {
  requeueAfterMs?: number;
}

// A restart is pending while spec.restartAt has not been recorded as done in status.restartedAt.
function restartPending(rollout: Rollout): boolean {
  const restartAt = rollout.spec.restartAt;
  return restartAt !== undefined && restartAt !== rollout.status?.restartedAt;
}

// Any role metadata of either strategy, which is written on running pods too.
function hasEphemeralMetadata(rollout: Rollout): boolean {
  const { canary, blueGreen } = rollout.spec.strategy ?? {};
  return [canary?.canaryMetadata, canary?.stableMetadata, blueGreen?.previewMetadata, blueGreen?.activeMetadata].some(Boolean);
}

// Pods are read only when the plan can use them: a pending restart or ephemeral metadata.
function needsPods(rollout: Rollout): boolean {
  return restartPending(rollout) || hasEphemeralMetadata(rollout);
}

// The services the strategy names, by name; one that does not exist is left out.
function servicesOf(rollout: Rollout, namespace: string, reads: RolloutReads): Map<string, Service> {
  const { canary, blueGreen } = rollout.spec.strategy ?? {};
  const names = [canary?.canaryService, canary?.stableService, blueGreen?.activeService, blueGreen?.previewService].filter((n): n is string => !!n);
  return new Map(
    names.flatMap((n) => {
      const svc = reads.service(namespace, n);
      return svc ? [[n, svc] as const] : [];
    }),
  );
}

async function snapshotOf(rollout: Rollout, reads: RolloutReads): Promise<RolloutSnapshot> {
  const ns = rollout.metadata?.namespace ?? 'default';
  const replicaSets = reads.replicaSetsOf(ns, rollout.metadata?.uid ?? '');
  const pods = needsPods(rollout) ? await reads.podsOf(ns, replicaSets.map((rs) => rs.metadata.uid ?? '')) : [];
  const ref = rollout.spec.workloadRef;
  const workload = ref?.name ? reads.deployment(ns, ref.name) : undefined;
  const byName = <T extends { metadata?: { name?: string } }>(items: T[]): Map<string, T> => new Map(items.map((i) => [i.metadata?.name ?? '', i]));
  return {
    rollout,
    replicaSets,
    services: servicesOf(rollout, ns, reads),
    pods,
    workload,
    analysisRuns: reads.analysisRunsOf(ns, rollout.metadata?.uid ?? ''),
    analysisTemplates: byName(reads.analysisTemplates(ns)),
    clusterAnalysisTemplates: byName(reads.clusterAnalysisTemplates()),
  };
}

// State changes at info, no-op passes at debug (CONVENTIONS rule 7).
function logResult(log: Logger, plan: RolloutPlan, result: ApplyResult): void {
  const reason = plan.reasons.join('; ');
  if (result.writes === 0) {
    log.debug({ reason: reason || 'no change' }, 'nothing to do');
    return;
  }
  log.info({ reason: reason || 'status updated', writes: result.writes, phase: plan.status?.phase, requeueAfterMs: plan.requeueAfterMs }, 'reconciled');
}

// A plan that aborts the rollout stops the abort clock at its first traffic write.
function abortTimer(deps: RolloutReconcileDeps, key: string, plan: RolloutPlan): (() => void) | undefined {
  const hook = deps.onAbortTrafficWritten;
  if (hook === undefined || plan.status?.abort !== true) return undefined;
  return () => hook(key);
}

/** The key under which `versions` holds the last ReplicaSet write (rollouts are keyed namespace/name). */
export function replicaSetVersionKey(namespace: string, name: string): string {
  return `replicasets/${namespace}/${name}`;
}

// A ReplicaSet we wrote that the cache shows older than our write: planning now would repeat the write.
function replicaSetCacheBehind(snapshot: RolloutSnapshot, namespace: string, versions: RolloutReconcileDeps['versions']): string | undefined {
  const behind = snapshot.replicaSets.find((rs) => versions.isStale(replicaSetVersionKey(namespace, rs.metadata.name ?? ''), rs.metadata.resourceVersion ?? ''));
  return behind?.metadata.name;
}

// The refusal goes on the Rollout as Argo writes it (a condition and a Warning event), best effort:
// the reconcile fails either way and is retried with backoff.
async function reportRefusedReplicaSet(deps: RolloutReconcileDeps, rollout: Rollout, err: ReplicaSetRefusedError): Promise<void> {
  const report = replicaSetRefusedStatus(rollout.status, { replicaSet: err.replicaSet, reason: err.message }, deps.now());
  // Already reported in these words.
  if (!report) return;
  const meta = rollout.metadata ?? {};
  const ns = meta.namespace ?? 'default';
  const log = (what: string) => (e: unknown): void => deps.log.warn({ rollout: `${ns}/${meta.name ?? ''}`, err: e }, what);
  const written = await deps.writes.patchRolloutStatus(ns, meta.name ?? '', { status: { conditions: report.status.conditions } }, meta.resourceVersion ?? '').catch(log('ReplicaSetCreateError condition not written'));
  const rv = written ? written.metadata?.resourceVersion : undefined;
  if (rv) deps.versions.record(`${ns}/${meta.name ?? ''}`, rv);
  await deps.writes.recordEvent(rollout, { type: 'Warning', reason: REPLICA_SET_CREATE_ERROR, message: report.message }).catch(log('event not recorded'));
}

/**
 * Reconciles one Rollout: read the snapshot from the caches, plan (pure), apply the difference.
 * Level-triggered: it does not ask what woke it. Throws on failure (the queue backs off); a 409
 * surfaces as ConflictError, which the caller treats as "re-read and re-plan".
 */
export async function reconcileRollout(key: string, deps: RolloutReconcileDeps): Promise<ReconcileResult> {
  const [namespace, name] = key.split('/');
  const rollout = deps.reads.rollout(namespace, name);
  // Deleted: nothing to do, and nothing of ours to remember about it.
  if (!rollout) {
    deps.versions.forget(key);
    return {};
  }
  const meta = rollout.metadata ?? {};
  // Planning from an object older than our own last write would repeat that write.
  if (deps.versions.isStale(key, meta.resourceVersion ?? '')) {
    deps.log.debug({ rollout: key }, 'cache behind our last write; waiting for it');
    return {};
  }
  const snapshot = await snapshotOf(rollout, deps.reads);
  const behind = replicaSetCacheBehind(snapshot, namespace, deps.versions);
  // Woken again by the ReplicaSet's own event once the cache has it.
  if (behind !== undefined) {
    deps.log.debug({ rollout: key, replicaSet: behind }, 'cache behind our last ReplicaSet write; waiting for it');
    return {};
  }
  const plan = planSettled(snapshot, deps.now());
  const log = deps.log.child({ rollout: key, step: rollout.status?.currentStepIndex, generation: meta.generation });
  const result = await applyPlan(deps.writes, rollout, plan, { onEventError: (err) => log.warn({ err }, 'event not recorded'), onTrafficWritten: abortTimer(deps, key, plan) }).catch(async (err: unknown) => {
    if (err instanceof ReplicaSetRefusedError) await reportRefusedReplicaSet(deps, rollout, err);
    throw err;
  });
  const written = result.rollout?.metadata?.resourceVersion;
  if (written) deps.versions.record(key, written);
  logResult(log, plan, result);
  return { requeueAfterMs: plan.requeueAfterMs };
}
