// The controller's Prometheus metrics, with Argo Rollouts' names, labels and help texts
// (controller/metrics/prommetrics.go), so that Argo's dashboards and alerts work unchanged.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RequestObserver } from '../kube/kube-client-types.js';
import type { CacheSources, ControllerObserver, ReconcileKind } from './controller-observer.js';
import { registerObjectGauges } from './metrics-object-gauges.js';
import { registerWorkQueueMetrics } from './metrics-workqueue.js';
import { requestMetricLabels } from './request-metric-labels.js';

// Argo's reconcile histogram buckets, in seconds.
const RECONCILE_BUCKETS = [0.01, 0.15, 0.25, 0.5, 1];

// Ours (Argo has no such metric): fine below a second, where an abort should land.
const ABORT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Argo's default metric cleanup delay: a deleted object's counters stay for one more scrape. */
const CLEANUP_DELAY_MS = 65_000;

export interface ControllerMetrics {
  /** Everything /metrics serves. */
  readonly registry: Registry;
  /** For the controllers (see ControllerObserver). */
  readonly observer: ControllerObserver;
  /** For createKubeClient's onRequest: counts controller_clientset_k8s_request_total. */
  readonly onRequest: RequestObserver;
}

interface ReconcileSeries {
  duration: Histogram;
  errors: Counter;
}

function reconcileSeries(registry: Registry, prefix: string, what: string): ReconcileSeries {
  const labelNames = ['namespace', 'name'];
  const duration = new Histogram({ name: `${prefix}_reconcile`, help: `${what} reconciliation performance.`, labelNames, buckets: RECONCILE_BUCKETS, registers: [registry] });
  const errors = new Counter({ name: `${prefix}_reconcile_error`, help: `Error occurring during the ${what === 'Rollout' ? 'rollout' : 'analysis run'}`, labelNames, registers: [registry] });
  return { duration, errors };
}

// Argo's notification_send_success / _error counters and notification_send histogram.
function notificationSeries(registry: Registry): { success: Counter; error: Counter; duration: Histogram } {
  const labelNames = ['namespace', 'name', 'type', 'reason'];
  return {
    success: new Counter({ name: 'notification_send_success', help: 'Notification send success.', labelNames, registers: [registry] }),
    error: new Counter({ name: 'notification_send_error', help: 'Error sending the notification', labelNames, registers: [registry] }),
    duration: new Histogram({ name: 'notification_send', help: 'Notification send performance.', labelNames: ['namespace', 'name'], buckets: RECONCILE_BUCKETS, registers: [registry] }),
  };
}

function splitKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

// Drops every series of `counter` whose labels include all of `match` (Argo's DeletePartialMatch).
async function removeObjectSeries(counter: Counter, match: Readonly<Record<string, string>>): Promise<void> {
  const matches = (labels: Partial<Record<string, string | number>>): boolean => Object.entries(match).every(([k, v]) => labels[k] === v);
  for (const { labels } of (await counter.get()).values) {
    if (matches(labels)) counter.remove(labels as Record<string, string>);
  }
}

// The `kind` label of controller_clientset_k8s_request_total for requests about an object of each kind.
const REQUEST_KIND: Readonly<Record<ReconcileKind, string>> = { rollout: 'rollouts', analysisrun: 'analysisruns' };

// The verbs a request about one named object can carry (a List is always name "N/A").
const OBJECT_VERBS = ['Get', 'Watch', 'Create', 'Update', 'Patch', 'Delete'] as const;

/**
 * Removes one object's controller_clientset_k8s_request_total series by their exact labels: each verb
 * with each status code ever seen (a handful), so the cost does not grow with the series count. A scan
 * of every series per deleted object made a wave of 500 deleted AnalysisRuns cost 500 × ~25,000 checks.
 */
function removeRequestSeries(requests: Counter, codes: ReadonlySet<string>, id: { kind: string; namespace: string; name: string }): void {
  for (const verb of OBJECT_VERBS) for (const code of codes) requests.remove({ ...id, verb, status_code: code });
}

/**
 * Creates the registry and the hooks that feed it: object gauges computed at scrape time from the
 * caches the controllers register, reconcile histograms and error counters, rollout event counts,
 * API request counts, work queue metrics, Node's process metrics, and argo_rollouts_controller_info.
 */
export function createControllerMetrics(options: { version: string; cleanupDelayMs?: number }): ControllerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new Gauge({ name: 'argo_rollouts_controller_info', help: 'Running Argo-rollouts version', labelNames: ['version'], registers: [registry] }).set({ version: options.version }, 1);
  const sources: CacheSources = {};
  registerObjectGauges(registry, sources);
  const reconciles: Record<ReconcileKind, ReconcileSeries> = { rollout: reconcileSeries(registry, 'rollout', 'Rollout'), analysisrun: reconcileSeries(registry, 'analysis_run', 'Analysis Run') };
  const events = new Counter({ name: 'rollout_events_total', help: 'Count of rollout events', labelNames: ['namespace', 'name', 'type', 'reason'], registers: [registry] });
  // Every status code a request has come back with, to remove a deleted object's series by exact labels.
  const requestCodes = new Set<string>();
  const requests = new Counter({ name: 'controller_clientset_k8s_request_total', help: 'Number of kubernetes requests executed during application reconciliation.', labelNames: ['kind', 'namespace', 'name', 'verb', 'status_code'], registers: [registry] });
  const queues = registerWorkQueueMetrics(registry);
  const notifications = notificationSeries(registry);
  const aborts = new Histogram({ name: 'rollout_abort_latency_seconds', help: 'Time from an abort (the command, or the AnalysisRun a failing measurement ended) to the first traffic write that carries it out.', labelNames: ['trigger'], buckets: ABORT_BUCKETS, registers: [registry] });
  const forget = async (kind: ReconcileKind, id: { namespace: string; name: string }): Promise<void> => {
    reconciles[kind].duration.remove(id);
    reconciles[kind].errors.remove(id);
    if (kind === 'rollout') await removeObjectSeries(events, id);
    // Every deleted object's own series go, or 50,000 AnalysisRuns leave 50,000 request series behind.
    removeRequestSeries(requests, requestCodes, { ...id, kind: REQUEST_KIND[kind] });
    await removeObjectSeries(notifications.success, id);
    await removeObjectSeries(notifications.error, id);
    notifications.duration.remove(id);
  };
  const observer: ControllerObserver = {
    queue: (name) => queues(name),
    reconciled: (kind, key, { seconds, failed }) => {
      const id = splitKey(key);
      reconciles[kind].duration.observe(id, seconds);
      if (failed) reconciles[kind].errors.inc(id);
    },
    deleted: (kind, key) => {
      setTimeout(() => void forget(kind, splitKey(key)), options.cleanupDelayMs ?? CLEANUP_DELAY_MS).unref();
    },
    rolloutEvent: (rollout, event) => events.inc({ ...rollout, type: event.type, reason: event.reason }),
    caches: (more) => Object.assign(sources, more),
    abortLatency: (trigger, seconds) => aborts.observe({ trigger }, seconds),
    notificationSent: (result) => {
      const id = { namespace: result.namespace, name: result.name };
      (result.ok ? notifications.success : notifications.error).inc({ ...id, type: result.type, reason: result.reason });
      notifications.duration.observe(id, result.durationMs / 1000);
    },
  };
  const onRequest: RequestObserver = (request) => {
    const labels = requestMetricLabels(request);
    requestCodes.add(labels.status_code);
    requests.inc({ ...labels });
  };
  return { registry, observer, onRequest };
}
