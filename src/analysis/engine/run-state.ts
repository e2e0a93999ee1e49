// Small readings of a run that scheduling and assessment share, each as Argo computes it
// (pkg/apis/rollouts/v1alpha1 EffectiveCount, utils/analysis helpers, utils/defaults).
import { DateTime } from 'luxon';
import type { AnalysisPhase, AnalysisRun, AnalysisRunStatus, Measurement, Metric, MetricResult } from '../../api/types.js';

/** Argo's DefaultMeasurementHistoryLimit: measurements kept per metric unless measurementRetention says otherwise. */
export const DEFAULT_MEASUREMENT_HISTORY_LIMIT = 10;
/** Argo's DefaultErrorRetryInterval: a measurement that errored is retried after 10 s, whatever the interval. */
export const DEFAULT_ERROR_RETRY_INTERVAL_MS = 10_000;
/** Argo's DefaultConsecutiveErrorLimit. */
export const DEFAULT_CONSECUTIVE_ERROR_LIMIT = 4;

/**
 * Kubernetes' IntOrString.IntValue(): a number as is, a string through Go's strconv.Atoi, and 0
 * for anything Atoi refuses: 3 → 3, "3" → 3, "25%" → 0, "" → 0.
 */
export function intValue(value: number | string | undefined): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return Math.trunc(value);
  return /^[+-]?[0-9]+$/.test(value) && Math.abs(Number(value)) <= 2 ** 63 ? Number(value) : 0;
}

/**
 * Argo's EffectiveCount: how many measurements the metric takes. Count unset or 0 and no interval
 * → 1; count unset or 0 with an interval → undefined (measure until the run ends); else the count.
 */
export function effectiveCount(metric: Pick<Metric, 'count' | 'interval'>): number | undefined {
  const count = intValue(metric.count);
  if (count !== 0) return count;
  return (metric.interval ?? '') === '' ? 1 : undefined;
}

/** The metric's limits with Argo's defaults: failure 0, inconclusive 0, consecutive errors 4, consecutive successes 0 (off). */
export function metricLimits(metric: Metric): { failure: number; inconclusive: number; consecutiveError: number; consecutiveSuccess: number } {
  return {
    failure: intValue(metric.failureLimit),
    inconclusive: intValue(metric.inconclusiveLimit),
    consecutiveError: metric.consecutiveErrorLimit === undefined ? DEFAULT_CONSECUTIVE_ERROR_LIMIT : intValue(metric.consecutiveErrorLimit),
    consecutiveSuccess: intValue(metric.consecutiveSuccessLimit),
  };
}

/** Successful, Failed, Error and Inconclusive end a measurement, a metric or a run. */
export function isCompleted(phase: AnalysisPhase | undefined): boolean {
  return phase === 'Successful' || phase === 'Failed' || phase === 'Error' || phase === 'Inconclusive';
}

/** The metric's result in `status`, if it has one. */
export function findResult(status: AnalysisRunStatus | undefined, metricName: string): MetricResult | undefined {
  return status?.metricResults?.find((r) => r.name === metricName);
}

/** The newest measurement (finished or in flight) of the metric. */
export function lastMeasurement(status: AnalysisRunStatus | undefined, metricName: string): Measurement | undefined {
  const measurements = findResult(status, metricName)?.measurements ?? [];
  return measurements[measurements.length - 1];
}

/**
 * Argo's IsTerminating: the run stops taking new measurements when `spec.terminate` is set or a
 * metric that is not a dry run has already ended Failed, Error or Inconclusive.
 */
export function isTerminating(run: Pick<AnalysisRun, 'spec' | 'status'>): boolean {
  if (run.spec.terminate === true) return true;
  return (run.status?.metricResults ?? []).some((r) => r.dryRun !== true && (r.phase === 'Failed' || r.phase === 'Error' || r.phase === 'Inconclusive'));
}

/** A status timestamp (RFC 3339) as a UTC DateTime; undefined when absent or unreadable. */
export function parseTime(text: string | undefined): DateTime | undefined {
  if (text === undefined) return undefined;
  const t = DateTime.fromISO(text, { zone: 'utc' });
  return t.isValid ? t : undefined;
}

/** RFC 3339 in UTC at second precision, the one form status timestamps take (as metav1.Time). */
export function formatTime(t: DateTime): string {
  return t.toUTC().set({ millisecond: 0 }).toISO({ suppressMilliseconds: true }) ?? '';
}

/** The copy of `status` whose result for `result.name` is `result` (replaced in place, or appended). */
export function withResult(status: AnalysisRunStatus, result: MetricResult): AnalysisRunStatus {
  const results = status.metricResults ?? [];
  const index = results.findIndex((r) => r.name === result.name);
  const next = index < 0 ? [...results, result] : results.map((r, i) => (i === index ? result : r));
  return { ...status, metricResults: next };
}
