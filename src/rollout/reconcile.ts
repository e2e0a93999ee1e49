import { DateTime } from 'luxon';
import type { Logger } from '../shared/logger.js';
import type { Rollout } from '../api/types.js';
import { applyPlan } from './apply.js';
import { planRollout } from './plan/plan-rollout.js';
import type { RolloutSnapshot } from './plan/plan-types.js';
import type { RolloutReads, RolloutWrites } from './ports.js';

export interface RolloutReconcileDeps {
  reads: RolloutReads;
  writes: RolloutWrites;
  log: Logger;
  now: () => DateTime;
  /** Resource versions this controller wrote last, to recognise a cache that has not caught up yet. */
  versions: { isStale(key: string, resourceVersion: string): boolean; record(key: string, resourceVersion: string): void; forget(key: string): void };
}

export interface ReconcileResult {
  requeueAfterMs?: number;
}

// Pods are read only when the plan can use them: a pending restart or ephemeral metadata.
function needsPods(rollout: Rollout): boolean {
  const s = rollout.spec.strategy;
  const restartPending = rollout.spec.restartAt !== undefined && rollout.spec.restartAt !== rollout.status?.restartedAt;
  const ephemeral = !!(s?.canary?.canaryMetadata ?? s?.canary?.stableMetadata ?? s?.blueGreen?.previewMetadata ?? s?.blueGreen?.activeMetadata);
  return restartPending || ephemeral;
}

async function snapshotOf(rollout: Rollout, reads: RolloutReads): Promise<RolloutSnapshot> {
  const ns = rollout.metadata?.namespace ?? 'default';
  const replicaSets = reads.replicaSetsOf(ns, rollout.metadata?.uid ?? '');
  const canary = rollout.spec.strategy?.canary;
  const bg = rollout.spec.strategy?.blueGreen;
  const names = [canary?.canaryService, canary?.stableService, bg?.activeService, bg?.previewService].filter((n): n is string => !!n);
  const services = new Map(names.flatMap((n) => {
    const svc = reads.service(ns, n);
    return svc ? [[n, svc] as const] : [];
  }));
  const pods = needsPods(rollout) ? await reads.podsOf(ns, replicaSets.map((rs) => rs.metadata.uid ?? '')) : [];
  return { rollout, replicaSets, services, pods };
}

/**
 * Reconciles one Rollout: read the snapshot from the caches, plan (pure), apply the difference.
 * Level-triggered: it does not ask what woke it. Throws on failure (the queue backs off); a 409
 * surfaces as ConflictError, which the caller treats as "re-read and re-plan".
 */
export async function reconcileRollout(key: string, deps: RolloutReconcileDeps): Promise<ReconcileResult> {
  const [namespace, name] = key.split('/');
  const rollout = deps.reads.rollout(namespace, name);
  if (!rollout) {
    deps.versions.forget(key);
    return {};
  }
  if (deps.versions.isStale(key, rollout.metadata?.resourceVersion ?? '')) {
    deps.log.debug({ rollout: key }, 'cache behind our last write; waiting for it');
    return {};
  }
  const plan = planRollout(await snapshotOf(rollout, deps.reads), deps.now());
  const log = deps.log.child({ rollout: key, step: rollout.status?.currentStepIndex, generation: rollout.metadata?.generation });
  const result = await applyPlan(deps.writes, rollout, plan, (err) => log.warn({ err }, 'event not recorded'));
  if (result.rollout?.metadata?.resourceVersion) deps.versions.record(key, result.rollout.metadata.resourceVersion);
  if (result.writes > 0) {
    log.info({ reason: plan.reasons.join('; ') || 'status updated', writes: result.writes, phase: plan.status?.phase, requeueAfterMs: plan.requeueAfterMs }, 'reconciled');
  } else {
    log.debug({ reason: plan.reasons.join('; ') || 'no change' }, 'nothing to do');
  }
  return { requeueAfterMs: plan.requeueAfterMs };
}
