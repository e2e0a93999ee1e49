// What the controllers tell an observer (the Prometheus metrics of metrics.ts) while they run. The
// controllers know only this interface; every hook is optional to call sites through `observer?.`.
import type { Rollout } from '../api/types.js';
import type { Informer } from '../kube/informer.js';
import type { KubeObject } from '../kube/kube-client-types.js';
import { isConflict } from '../kube/kube-errors.js';
import type { RolloutWrites } from '../rollout/ports.js';
import type { Reconcile } from './reconcile-loop.js';
import type { WorkQueueMetrics } from './work-queue.js';

export type ReconcileKind = 'rollout' | 'analysisrun';

/** Argo's work queue names, the `name` label of the workqueue_* metrics. */
export type QueueName = 'Rollouts' | 'AnalysisRuns';

/** The informer caches the metrics are computed from at scrape time, so they never go stale. */
export interface CacheSources {
  rollouts?: () => readonly KubeObject[];
  analysisRuns?: () => readonly KubeObject[];
  analysisTemplates?: () => readonly KubeObject[];
  clusterAnalysisTemplates?: () => readonly KubeObject[];
}

export interface ControllerObserver {
  /** The hooks for the work queue called `name`. */
  queue(name: QueueName): WorkQueueMetrics;
  /** One reconcile of `key` (namespace/name) ended; `failed` when it threw anything but a conflict. */
  reconciled(kind: ReconcileKind, key: string, outcome: { seconds: number; failed: boolean }): void;
  /** The object left the cache: its per-object series go (after a delay, so a last scrape sees them). */
  deleted(kind: ReconcileKind, key: string): void;
  /** An event was recorded about a Rollout. */
  rolloutEvent(rollout: { namespace: string; name: string }, event: { type: string; reason: string }): void;
  /** Registers caches to read at scrape time (each controller registers the ones it owns). */
  caches(sources: CacheSources): void;
  /** The first traffic write of an abort, `seconds` after the abort command or the failing analysis. */
  abortLatency(trigger: 'command' | 'analysis', seconds: number): void;
  /** A notification was sent (or given up on) for an event about `namespace/name`. */
  notificationSent(result: { ok: boolean; namespace: string; name: string; type: string; reason: string; durationMs: number }): void;
}

/** `reconcile`, timed and reported to the observer (unchanged without one). A 409 is no failure: it is retried at once. */
export function observeReconcile(reconcile: Reconcile, kind: ReconcileKind, observer: ControllerObserver | undefined): Reconcile {
  if (!observer) return reconcile;
  return async (key) => {
    const started = performance.now();
    const seconds = (): number => (performance.now() - started) / 1000;
    try {
      const result = await reconcile(key);
      observer.reconciled(kind, key, { seconds: seconds(), failed: false });
      return result;
    } catch (err) {
      observer.reconciled(kind, key, { seconds: seconds(), failed: !isConflict(err) });
      throw err;
    }
  };
}

const keyOf = (o: KubeObject): string => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

/** Lets the observer read the Rollout controller's caches, and forget a rollout's series when it is deleted. */
export function observeRolloutCaches(observer: ControllerObserver | undefined, informers: { rollouts: Informer<KubeObject>; analysisTemplates: Informer<KubeObject>; clusterAnalysisTemplates?: Informer<KubeObject> }): void {
  if (!observer) return;
  const { rollouts, analysisTemplates, clusterAnalysisTemplates } = informers;
  observer.caches({ rollouts: () => rollouts.list(), analysisTemplates: () => analysisTemplates.list(), clusterAnalysisTemplates: () => clusterAnalysisTemplates?.list() ?? [] });
  rollouts.on('delete', (o) => observer.deleted('rollout', keyOf(o)));
}

/** Lets the observer read the AnalysisRun cache, and forget a run's series when it is deleted. */
export function observeRunCache(observer: ControllerObserver | undefined, runs: Informer<KubeObject>): void {
  if (!observer) return;
  observer.caches({ analysisRuns: () => runs.list() });
  runs.on('delete', (o) => observer.deleted('analysisrun', keyOf(o)));
}

/** `writes` with every event about a rollout counted (rollout_events_total), recorded or not, as Argo counts them. */
export function countRolloutEvents(writes: RolloutWrites, observer: ControllerObserver | undefined): RolloutWrites {
  if (!observer) return writes;
  return {
    ...writes,
    recordEvent: (rollout: Rollout, event) => {
      observer.rolloutEvent({ namespace: rollout.metadata?.namespace ?? '', name: rollout.metadata?.name ?? '' }, event);
      return writes.recordEvent(rollout, event);
    },
  };
}
