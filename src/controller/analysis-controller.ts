import { DateTime } from 'luxon';
import type { ProviderLookup } from '../analysis/take-measurement.js';
import { reconcileAnalysisRun, type RunReconcileDeps } from '../analysis/reconcile-run.js';
import { createAnalysisRunPorts } from '../kube/analysis-ports.js';
import { createInformer, type Informer } from '../kube/informer.js';
import type { KubeClient, KubeObject } from '../kube/kube-client-types.js';
import { RESOURCES } from '../kube/resources.js';
import type { Logger } from '../shared/logger.js';
import type { RunningController } from './rollout-controller.js';
import type { EventSource } from '../kube/events.js';
import { VersionTracker } from './version-tracker.js';
import { observeReconcile, observeRunCache, type ControllerObserver } from './controller-observer.js';
import { runReconcileLoop } from './reconcile-loop.js';
import { createWorkQueue, type WorkQueue } from './work-queue.js';

/** The label Argo's job provider puts on a measurement's Job: the uid of its AnalysisRun. */
const RUN_UID_LABEL = 'analysisrun.argoproj.io/uid';

export interface AnalysisControllerOptions {
  client: KubeClient;
  log: Logger;
  /** The AnalysisRun informer, shared with the Rollout controller (started and stopped by the caller). */
  analysisRuns: Informer<KubeObject>;
  providerFor: ProviderLookup;
  namespace?: string;
  threads: number;
  instanceName: string;
  /** Metrics hooks (none: no metrics). */
  observer?: ControllerObserver;
  /** Told of every event recorded on a run (the notifier). */
  onEvent?: EventSource['onRecorded'];
}

function keyOf(obj: KubeObject): string {
  return `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
}

// A measurement Job changing wakes the run that owns it, so a finished Job is seen at once.
function owningRun(job: KubeObject): string | undefined {
  const refs = (job.metadata as { ownerReferences?: { kind?: string; name?: string; controller?: boolean }[] } | undefined)?.ownerReferences ?? [];
  const owner = refs.find((r) => r.controller && r.kind === 'AnalysisRun');
  return owner?.name ? `${job.metadata?.namespace ?? ''}/${owner.name}` : undefined;
}

function wire(queue: WorkQueue, runs: Informer<KubeObject>, jobs: Informer<KubeObject>): void {
  runs.on('add', (o) => queue.add(keyOf(o)));
  runs.on('update', (_old, o) => queue.add(keyOf(o)));
  runs.on('delete', (o) => queue.add(keyOf(o)));
  const byJob = (o: KubeObject): void => {
    const key = owningRun(o);
    if (key) queue.add(key);
  };
  jobs.on('add', byJob);
  jobs.on('update', (_old, o) => byJob(o));
}

/**
 * Starts the AnalysisRun controller: AnalysisRuns (and the Jobs of job metrics) feed one work queue;
 * `threads` workers each reconcile one run at a time; the next measurement's due time is the only timer.
 */
export function startAnalysisController(options: AnalysisControllerOptions): RunningController {
  const { client, log } = options;
  const jobs = createInformer<KubeObject>({ client, resource: RESOURCES.jobs, namespace: options.namespace, labelSelector: RUN_UID_LABEL, log });
  const queue = createWorkQueue({ metrics: options.observer?.queue('AnalysisRuns') });
  observeRunCache(options.observer, options.analysisRuns);
  wire(queue, options.analysisRuns, jobs);
  const stopping = new AbortController();
  const deps: RunReconcileDeps = {
    ports: createAnalysisRunPorts(options.analysisRuns, client, { component: 'rollouts-controller', instance: options.instanceName, onRecorded: options.onEvent }),
    providerFor: options.providerFor,
    log,
    now: () => DateTime.utc(),
    signal: stopping.signal,
    versions: new VersionTracker(),
  };
  jobs.start();
  const synced = Promise.all([options.analysisRuns.waitForSync(), jobs.waitForSync()]).then(() => undefined);
  const workers = runReconcileLoop({ queue, reconcile: observeReconcile((key) => reconcileAnalysisRun(key, deps), 'analysisrun', options.observer), threads: options.threads, log, kind: 'analysisrun', synced });
  return {
    synced,
    stop: async () => {
      stopping.abort();
      await queue.shutDownWithDrain();
      await workers.catch(() => undefined);
      await jobs.stop();
    },
  };
}
