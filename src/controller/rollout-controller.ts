import { DateTime } from 'luxon';
import { LABELS } from '../api/labels.js';
import type { Rollout } from '../api/types.js';
import { createInformer, type Informer } from '../kube/informer.js';
import type { KubeClient, KubeObject } from '../kube/kube-client-types.js';
import { RESOURCES } from '../kube/resources.js';
import { controllerUidIndex, CONTROLLER_UID_INDEX, createRolloutReads, createRolloutWrites } from '../kube/rollout-ports.js';
import { reconcileRollout, replicaSetVersionKey, type RolloutReconcileDeps } from '../rollout/reconcile.js';
import type { Logger } from '../shared/logger.js';
import type { EventSource } from '../kube/events.js';
import { createEventSink } from '../kube/event-sink.js';
import { VersionTracker } from './version-tracker.js';
import { AbortLatencyClock, isAbortCleared, isAbortCommand, isRunFailing } from './abort-latency.js';
import { countRolloutEvents, observeReconcile, observeRolloutCaches, type ControllerObserver } from './controller-observer.js';
import { runReconcileLoop } from './reconcile-loop.js';
import { createWorkQueue, type WorkQueue } from './work-queue.js';

export interface RolloutControllerOptions {
  client: KubeClient;
  log: Logger;
  /** Watch only this namespace (default: all). */
  namespace?: string;
  /** Reconcile only rollouts labelled with this controller-instance-id (default: only unlabelled ones). */
  instanceId?: string;
  threads: number;
  /** Identifies this process in recorded events. */
  instanceName: string;
  /** The AnalysisRun informer shared with the analysis controller (started and stopped by the caller). */
  analysisRuns: Informer<KubeObject>;
  /** How often every rollout is reconciled even if nothing changed (0 = never; default 15 minutes). */
  resyncMs?: number;
  /** Metrics hooks (none: no metrics). */
  observer?: ControllerObserver;
  /** Told of every event recorded on a rollout (the notifier). */
  onEvent?: EventSource['onRecorded'];
}

const DEFAULT_RESYNC_MS = 15 * 60 * 1000;

/** How long a ReplicaSet event waits for the rest of its burst before its rollout is reconciled. */
const REPLICA_SET_COALESCE_MS = 10;

/** The label selector of objects this controller instance handles (Argo's controller-instance-id). */
export function instanceSelector(instanceId: string | undefined): string {
  return instanceId ? `${LABELS.controllerInstanceId}=${instanceId}` : `!${LABELS.controllerInstanceId}`;
}

export interface RunningController {
  /** Resolves when every informer has listed once. */
  synced: Promise<void>;
  /** Stops taking work, lets in-flight reconciles finish, and stops the informers. */
  stop(): Promise<void>;
}

function keyOf(obj: KubeObject): string {
  return `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
}

function controllingRollout(obj: KubeObject): string | undefined {
  const refs = (obj.metadata as { ownerReferences?: { kind?: string; name?: string; controller?: boolean }[] } | undefined)?.ownerReferences ?? [];
  const owner = refs.find((r) => r.controller && r.kind === 'Rollout');
  return owner?.name ? `${obj.metadata?.namespace ?? ''}/${owner.name}` : undefined;
}

// A service event concerns the rollouts of its namespace that name it in their strategy.
function rolloutsUsingService(rollouts: Informer<KubeObject>, svc: KubeObject): string[] {
  const name = svc.metadata?.name;
  return (rollouts.list(svc.metadata?.namespace) as unknown as Rollout[])
    .filter((r) => {
      const c = r.spec.strategy?.canary;
      const b = r.spec.strategy?.blueGreen;
      return [c?.canaryService, c?.stableService, b?.activeService, b?.previewService].includes(name);
    })
    .map((r) => `${r.metadata?.namespace ?? ''}/${r.metadata?.name ?? ''}`);
}

interface ControllerInformers {
  rollouts: Informer<KubeObject>;
  replicaSets: Informer<KubeObject>;
  services: Informer<KubeObject>;
  deployments: Informer<KubeObject>;
  analysisRuns: Informer<KubeObject>;
}

// A Deployment event concerns the rollouts of its namespace that take their template from it.
function rolloutsUsingDeployment(rollouts: Informer<KubeObject>, deployment: KubeObject): string[] {
  const name = deployment.metadata?.name;
  return (rollouts.list(deployment.metadata?.namespace) as unknown as Rollout[])
    .filter((r) => r.spec.workloadRef?.kind === 'Deployment' && r.spec.workloadRef.name === name)
    .map((r) => `${r.metadata?.namespace ?? ''}/${r.metadata?.name ?? ''}`);
}

function wire(queue: WorkQueue, informers: ControllerInformers): void {
  const enqueue = (key: string | undefined): void => {
    if (key) queue.add(key);
  };
  informers.rollouts.on('add', (o) => enqueue(keyOf(o)));
  // An abort (the command, or a run failing) goes before routine work: traffic must leave a bad canary first.
  informers.rollouts.on('update', (before, o) => (isAbortCommand(before, o) ? queue.addUrgent(keyOf(o)) : enqueue(keyOf(o))));
  informers.rollouts.on('delete', (o) => enqueue(keyOf(o)));
  // ReplicaSet changes come in bursts (spec, then status, for both sides of a scale): a key waits a
  // few ms so that one pass sees the burst, and the status is written once rather than per event.
  const enqueueSoon = (key: string | undefined): void => {
    if (key) queue.addAfter(key, REPLICA_SET_COALESCE_MS);
  };
  for (const event of ['add', 'delete'] as const) informers.replicaSets.on(event, (o: KubeObject) => enqueueSoon(controllingRollout(o)));
  informers.replicaSets.on('update', (_old, o) => enqueueSoon(controllingRollout(o)));
  const byService = (o: KubeObject): void => rolloutsUsingService(informers.rollouts, o).forEach(enqueue);
  informers.services.on('add', byService);
  informers.services.on('update', (_old, o) => byService(o));
  informers.services.on('delete', byService);
  // An AnalysisRun changing phase wakes the rollout that owns it.
  for (const event of ['add', 'delete'] as const) informers.analysisRuns.on(event, (o: KubeObject) => enqueue(controllingRollout(o)));
  informers.analysisRuns.on('update', (before, o) => {
    const owner = controllingRollout(o);
    if (owner !== undefined && isRunFailing(before, o)) queue.addUrgent(owner);
    else enqueue(owner);
  });
  const byDeployment = (o: KubeObject): void => rolloutsUsingDeployment(informers.rollouts, o).forEach(enqueue);
  informers.deployments.on('add', byDeployment);
  informers.deployments.on('update', (_old, o) => byDeployment(o));
  informers.deployments.on('delete', byDeployment);
}

// Starts the abort clock when the command or a failing AnalysisRun arrives on a watch; the returned
// hook stops it at the first traffic write and reports the latency (none without an observer). A retry
// (status.abort cleared) drops an abort that needed no traffic write.
function timeAborts(informers: Pick<ControllerInformers, 'rollouts' | 'analysisRuns'>, observer: ControllerObserver | undefined): ((key: string) => void) | undefined {
  if (!observer) return undefined;
  const clock = new AbortLatencyClock();
  informers.rollouts.on('update', (before, after) => {
    if (isAbortCommand(before, after)) clock.start(keyOf(after), 'command', performance.now());
    else if (isAbortCleared(before, after)) clock.forget(keyOf(after));
  });
  informers.rollouts.on('delete', (o) => clock.forget(keyOf(o)));
  informers.analysisRuns.on('update', (before, after) => {
    const owner = controllingRollout(after);
    if (owner !== undefined && isRunFailing(before, after)) clock.start(owner, 'analysis', performance.now());
  });
  return (key) => {
    const timed = clock.stop(key, performance.now());
    if (timed) observer.abortLatency(timed.trigger, timed.seconds);
  };
}

// Template names a rollout's analysis refers to (steps and background), namespaced or cluster-scoped.
function referencedTemplates(r: Rollout): { templateName?: string; clusterScope?: boolean }[] {
  const { canary, blueGreen } = r.spec.strategy ?? {};
  const steps = (canary?.steps ?? []).flatMap((s) => ('analysis' in s && s.analysis ? (s.analysis.templates ?? []) : []));
  const blueGreenRuns = [blueGreen?.prePromotionAnalysis, blueGreen?.postPromotionAnalysis].flatMap((a) => a?.templates ?? []);
  return [...steps, ...(canary?.analysis?.templates ?? []), ...blueGreenRuns];
}

// Every rollout is looked at again now and then, as Argo's informer resync does: drift in objects the
// controller does not watch (a router's VirtualService edited by hand) is put right within the period.
function startResync(queue: WorkQueue, rollouts: Informer<KubeObject>, periodMs: number): () => void {
  if (periodMs <= 0) return () => undefined;
  const timer = setInterval(() => {
    for (const r of rollouts.list() as unknown as Rollout[]) queue.add(keyOf(r));
  }, periodMs);
  timer.unref();
  return () => clearInterval(timer);
}

// A template appearing or changing wakes the rollouts that refer to it (one waiting on a missing template).
function wireTemplates(queue: WorkQueue, rollouts: Informer<KubeObject>, templates: Informer<KubeObject>[]): void {
  for (const informer of templates) {
    const handler = (t: KubeObject): void => {
      const cluster = t.metadata?.namespace === undefined;
      const candidates = rollouts.list(t.metadata?.namespace) as unknown as Rollout[];
      const refersToIt = (ref: { templateName?: string; clusterScope?: boolean }): boolean => ref.templateName === t.metadata?.name && (ref.clusterScope === true) === cluster;
      for (const r of candidates.filter((c) => referencedTemplates(c).some(refersToIt))) queue.add(keyOf(r));
    };
    informer.on('add', handler);
    informer.on('update', (_old, t) => handler(t));
    informer.on('delete', handler);
  }
}

/**
 * Starts the Rollout controller: informers for Rollouts, ReplicaSets, Services and Deployments feeding one work
 * queue, and `threads` workers reconciling one key each at a time. A 409 re-queues at once; any other
 * error backs off exponentially; a plan's requeueAfter is the only timer.
 */
export function startRolloutController(options: RolloutControllerOptions): RunningController {
  const { client, log } = options;
  const ns = options.namespace;
  const rollouts = createInformer<KubeObject>({ client, resource: RESOURCES.rollouts, namespace: ns, labelSelector: instanceSelector(options.instanceId), log });
  // Only ReplicaSets that carry rollouts-pod-template-hash, as Argo's informer: every one a Rollout makes has it,
  // and a cluster's Deployments' ReplicaSets (often the largest kind in it) stay out of the cache.
  const replicaSets = createInformer<KubeObject>({ client, resource: RESOURCES.replicaSets, namespace: ns, labelSelector: LABELS.podTemplateHash, indexers: { [CONTROLLER_UID_INDEX]: controllerUidIndex }, log });
  const services = createInformer<KubeObject>({ client, resource: RESOURCES.services, namespace: ns, log });
  const deployments = createInformer<KubeObject>({ client, resource: RESOURCES.deployments, namespace: ns, log });
  const analysisRuns = options.analysisRuns;
  // Argo lists templates with the same controller-instance-id selector as rollouts and runs.
  const mine = instanceSelector(options.instanceId);
  const analysisTemplates = createInformer<KubeObject>({ client, resource: RESOURCES.analysisTemplates, namespace: ns, labelSelector: mine, log });
  // With --namespace no cluster-scoped kind is read, as Argo's --namespaced: a Role is then all the RBAC the
  // controller needs, and a clusterScope template reference is simply not found.
  const clusterAnalysisTemplates = ns === undefined ? createInformer<KubeObject>({ client, resource: RESOURCES.clusterAnalysisTemplates, labelSelector: mine, log }) : undefined;
  const templates = clusterAnalysisTemplates ? [analysisTemplates, clusterAnalysisTemplates] : [analysisTemplates];
  const queue = createWorkQueue({ metrics: options.observer?.queue('Rollouts') });
  observeRolloutCaches(options.observer, { rollouts, analysisTemplates, clusterAnalysisTemplates });
  wire(queue, { rollouts, replicaSets, services, deployments, analysisRuns });
  wireTemplates(queue, rollouts, templates);
  const aborts = timeAborts({ rollouts, analysisRuns }, options.observer);
  // Events are written in the background: a reconcile waits for its own writes only.
  const events = createEventSink({ client, log });
  const versions = new VersionTracker();
  const onReplicaSetWritten = (ns: string, name: string, rv: string): void => versions.record(replicaSetVersionKey(ns, name), rv);
  const deps: RolloutReconcileDeps = {
    reads: createRolloutReads({ rollouts, replicaSets, services, deployments, analysisRuns, analysisTemplates, clusterAnalysisTemplates }, client),
    writes: countRolloutEvents(createRolloutWrites(client, { component: 'rollouts-controller', instance: options.instanceName, onRecorded: options.onEvent }, { sink: events, onReplicaSetWritten }), options.observer),
    log,
    now: () => DateTime.utc(),
    versions,
    onAbortTrafficWritten: aborts,
  };
  const informers = [rollouts, replicaSets, services, deployments, ...templates];
  for (const inf of informers) inf.start();
  const synced = Promise.all([...informers, analysisRuns].map((i) => i.waitForSync())).then(() => undefined);
  const workers = runReconcileLoop({ queue, reconcile: observeReconcile((key) => reconcileRollout(key, deps), 'rollout', options.observer), threads: options.threads, log, kind: 'rollout', synced });
  const stopResync = startResync(queue, rollouts, options.resyncMs ?? DEFAULT_RESYNC_MS);
  return {
    synced,
    stop: async () => {
      stopResync();
      await queue.shutDownWithDrain();
      await workers.catch(() => undefined);
      await events.flush();
      await Promise.all(informers.map((i) => i.stop()));
    },
  };
}
