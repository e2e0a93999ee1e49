// Which metrics to measure now, and when to look again: Argo's generateMetricTasks and
// calculateNextReconcileTime (analysis/analysis.go). Time is a parameter; nothing here waits.
//
// A metric is due when:
//   - it has never been measured and its initialDelay (from the run's startedAt) has passed;
//   - its last measurement is still in flight and its resumeAt has passed (or the run is
//     terminating: the in-flight measurement is then terminated at once);
//   - its last measurement finished at least `interval` ago and it has not reached its count —
//     10 s instead of the interval after an Error (Argo's DefaultErrorRetryInterval).
// Example: interval 60s, last measurement finished 12:00:00 → due from 12:01:00; had it errored,
// from 12:00:10. A terminating run starts nothing new.
import type { DateTime } from 'luxon';
import { tryParseDurationString } from '../../api/duration.js';
import type { AnalysisRun, Measurement, Metric } from '../../api/types.js';
import { DEFAULT_ERROR_RETRY_INTERVAL_MS, effectiveCount, findResult, isCompleted, isTerminating, lastMeasurement, parseTime } from './run-state.js';

/** A measurement to take now. */
export interface MetricTask {
  /** The metric as the run's spec has it: the caller substitutes args (with secrets) before measuring. */
  metric: Metric;
  /** The in-flight measurement to resume, or to terminate when the run is terminating. */
  inFlight?: Measurement;
}

// A duration string in ms, or undefined when unreadable (Argo logs and skips the metric).
function durationMs(text: string): number | undefined {
  const parsed = tryParseDurationString(text);
  return parsed.ok ? parsed.value.toMillis() : undefined;
}

/** When the next measurement after `last` is due: finishedAt + interval (10 s after an Error); undefined if unknown. */
function nextMeasurementTime(metric: Metric, last: Measurement): DateTime | undefined {
  const finished = parseTime(last.finishedAt);
  const interval = last.phase === 'Error' || (metric.interval ?? '') === '' ? DEFAULT_ERROR_RETRY_INTERVAL_MS : durationMs(metric.interval ?? '');
  return finished === undefined || interval === undefined ? undefined : finished.plus({ milliseconds: interval });
}

function countReached(run: AnalysisRun, metric: Metric): boolean {
  const count = effectiveCount(metric);
  return count !== undefined && (findResult(run.status, metric.name)?.count ?? 0) >= count;
}

// When a never-measured metric may start: startedAt + initialDelay (undefined: not yet known).
function firstMeasurementTime(metric: Metric, startedAt: DateTime | undefined): DateTime | undefined {
  const delay = durationMs(metric.initialDelay ?? '');
  return startedAt === undefined || delay === undefined ? undefined : startedAt.plus({ milliseconds: delay });
}

function isDue(run: AnalysisRun, metric: Metric, now: DateTime): boolean {
  const last = lastMeasurement(run.status, metric.name);
  if (last === undefined) {
    if ((metric.initialDelay ?? '') === '') return true;
    // Argo waits for the run's startedAt before counting an initial delay.
    const start = firstMeasurementTime(metric, parseTime(run.status?.startedAt));
    return start !== undefined && now >= start;
  }
  if (countReached(run, metric)) return false;
  const next = nextMeasurementTime(metric, last);
  // Argo takes the measurement once now is *after* the due time; at the exact instant too here, so
  // a requeue that lands on the due time measures instead of requeueing for 0 ms.
  return next !== undefined && now >= next;
}

// An in-flight measurement is resumed at its resumeAt; a terminating run terminates it at once.
function isResumeDue(last: Measurement, now: DateTime, terminating: boolean): boolean {
  const resumeAt = parseTime(last.resumeAt);
  return terminating || resumeAt === undefined || now >= resumeAt;
}

/**
 * The measurements to take at `now` (Argo's generateMetricTasks). `metrics` are the run's metrics
 * with args substituted (so templated intervals read right), in spec order; each task carries the
 * spec's own metric for the caller to substitute with secrets.
 */
export function dueMetrics(run: AnalysisRun, now: DateTime, metrics: readonly Metric[] = run.spec.metrics): MetricTask[] {
  const terminating = isTerminating(run);
  const tasks: MetricTask[] = [];
  metrics.forEach((metric, i) => {
    if (isCompleted(findResult(run.status, metric.name)?.phase)) return;
    const specMetric = run.spec.metrics[i] ?? metric;
    const last = lastMeasurement(run.status, metric.name);
    if (last !== undefined && last.finishedAt === undefined) {
      if (isResumeDue(last, now, terminating)) tasks.push({ metric: specMetric, inFlight: last });
      return;
    }
    if (!terminating && isDue(run, metric, now)) tasks.push({ metric: specMetric });
  });
  return tasks;
}

// The moment this metric next needs the controller, or undefined when it never does by itself.
function metricWakeTime(run: AnalysisRun, metric: Metric, now: DateTime): DateTime | undefined {
  if (isCompleted(findResult(run.status, metric.name)?.phase)) return undefined;
  const last = lastMeasurement(run.status, metric.name);
  if (last === undefined) return firstWakeTime(run, metric, now);
  // In flight: wake at resumeAt; without one, the provider's own events bring the run back.
  if (last.finishedAt === undefined) return parseTime(last.resumeAt);
  // Count reached, or no interval and no error: nothing more to measure.
  if (countReached(run, metric) || (last.phase !== 'Error' && (metric.interval ?? '') === '')) return undefined;
  return nextMeasurementTime(metric, last);
}

// Never measured: only an initial delay is worth waking for (counted from now before startedAt is set, as Argo).
function firstWakeTime(run: AnalysisRun, metric: Metric, now: DateTime): DateTime | undefined {
  if ((metric.initialDelay ?? '') === '') return undefined;
  return firstMeasurementTime(metric, parseTime(run.status?.startedAt) ?? now);
}

/**
 * Milliseconds until the run needs reconciling again (Argo's calculateNextReconcileTime): the
 * earliest due measurement, resume or initial delay of any metric, 0 when already due; undefined
 * when nothing is scheduled (completed run, or only in-flight measurements that report back on
 * their own). A run that has just started terminating is requeued at once so the next pass ends it.
 * Example: intervals 60s, last measurements at 12:00:00 and 12:00:20, now 12:00:30 → 30 000.
 */
export function nextRequeue(run: AnalysisRun, now: DateTime, metrics: readonly Metric[] = run.spec.metrics): number | undefined {
  if (isCompleted(run.status?.phase)) return undefined;
  if (isTerminating(run)) return 0;
  const times = metrics.map((m) => metricWakeTime(run, m, now)).filter((t): t is DateTime => t !== undefined);
  if (times.length === 0) return undefined;
  const earliest = Math.min(...times.map((t) => t.toMillis()));
  return Math.max(0, earliest - now.toMillis());
}
