// client-go's work queue metrics (k8s.io/component-base/metrics/prometheus/workqueue), which Argo
// exports for its named queues: the `name` label is the queue's (Rollouts, AnalysisRuns).
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { WorkQueueMetrics } from './work-queue.js';

// client-go's ExponentialBuckets(10e-9, 10, 10): 10 ns to 10 s.
const QUEUE_BUCKETS = [1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.1, 1, 10];

/** Hands out the hooks of one queue; the series exist (at zero) from the moment a queue asks for them. */
export type WorkQueueMetricsFactory = (name: string) => WorkQueueMetrics;

/** Registers the workqueue_* metrics on `registry`; `now` is in milliseconds (Date.now). */
export function registerWorkQueueMetrics(registry: Registry, now: () => number = Date.now): WorkQueueMetricsFactory {
  const registers = [registry];
  const labelNames = ['name'];
  const inFlight = new Map<string, Map<string, number>>();
  const ages = function* (): Iterable<[string, number[]]> {
    const t = now();
    for (const [name, started] of inFlight) yield [name, [...started.values()].map((s) => (t - s) / 1000)];
  };
  const depth = new Gauge({ name: 'workqueue_depth', help: 'Current depth of workqueue', labelNames, registers });
  const adds = new Counter({ name: 'workqueue_adds_total', help: 'Total number of adds handled by workqueue', labelNames, registers });
  const latency = new Histogram({ name: 'workqueue_queue_duration_seconds', help: 'How long in seconds an item stays in workqueue before being requested.', labelNames, buckets: QUEUE_BUCKETS, registers });
  const work = new Histogram({ name: 'workqueue_work_duration_seconds', help: 'How long in seconds processing an item from workqueue takes.', labelNames, buckets: QUEUE_BUCKETS, registers });
  const retries = new Counter({ name: 'workqueue_retries_total', help: 'Total number of retries handled by workqueue', labelNames, registers });
  const unfinished: Gauge = new Gauge({
    name: 'workqueue_unfinished_work_seconds',
    help: "How many seconds of work has done that is in progress and hasn't been observed by work_duration. Large values indicate stuck threads. One can deduce the number of stuck threads by observing the rate at which this increases.",
    labelNames,
    registers,
    collect: () => {
      for (const [name, secs] of ages()) unfinished.set({ name }, secs.reduce((a, b) => a + b, 0));
    },
  });
  const longest: Gauge = new Gauge({
    name: 'workqueue_longest_running_processor_seconds',
    help: 'How many seconds has the longest running processor for workqueue been running.',
    labelNames,
    registers,
    collect: () => {
      for (const [name, secs] of ages()) longest.set({ name }, Math.max(0, ...secs));
    },
  });
  return (name) => {
    const started = new Map<string, number>();
    inFlight.set(name, started);
    depth.set({ name }, 0);
    adds.inc({ name }, 0);
    retries.inc({ name }, 0);
    latency.zero({ name });
    work.zero({ name });
    return {
      add: () => adds.inc({ name }),
      depth: (d) => depth.set({ name }, d),
      queueLatency: (ms) => latency.observe({ name }, ms / 1000),
      workStarted: (key) => started.set(key, now()),
      workDuration: (ms, key) => {
        started.delete(key);
        work.observe({ name }, ms / 1000);
      },
      retry: () => retries.inc({ name }),
    };
  };
}
