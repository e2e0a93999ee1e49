// Small builders for the engine's tests: metrics, measurements and runs at fixed times.
import { DateTime } from 'luxon';
import type { AnalysisPhase, AnalysisRun, AnalysisRunSpec, AnalysisRunStatus, Measurement, Metric, MetricResult } from '../../../../src/api/types.js';

/** The fixed "now" of every test: 2024-05-01T12:00:00Z. */
export const NOW = DateTime.fromISO('2024-05-01T12:00:00Z', { zone: 'utc' });

/** RFC 3339 (second precision) of NOW plus `seconds` (negative: in the past). */
export function at(seconds: number): string {
  return NOW.plus({ seconds }).toUTC().toISO({ suppressMilliseconds: true }) ?? '';
}

/** A job metric named `name` with the given fields. */
export function aMetric(name: string, fields: Partial<Metric> = {}): Metric {
  return { name, provider: { job: { spec: { template: { spec: { containers: [], restartPolicy: 'Never' } } } } }, ...fields };
}

/** A prometheus metric named `name` with the given fields. */
export function aPrometheusMetric(name: string, fields: Partial<Metric> = {}): Metric {
  return { name, provider: { prometheus: { address: 'http://prometheus:9090', query: 'up' } }, ...fields };
}

/** A finished measurement: started and finished `secondsAgo` before NOW. */
export function finished(phase: AnalysisPhase, secondsAgo = 60, fields: Partial<Measurement> = {}): Measurement {
  return { phase, value: '1', startedAt: at(-secondsAgo), finishedAt: at(-secondsAgo), ...fields };
}

/** An in-flight measurement started `secondsAgo` before NOW. */
export function inFlight(secondsAgo = 60, fields: Partial<Measurement> = {}): Measurement {
  return { phase: 'Running', startedAt: at(-secondsAgo), ...fields };
}

/** A metric result with the given counters and measurements. */
export function aResult(name: string, fields: Partial<MetricResult> = {}): MetricResult {
  return { name, phase: 'Running', ...fields };
}

/** A run with these metrics and status (phase Running unless given). */
export function aRun(metrics: Metric[], status: Partial<AnalysisRunStatus> = {}, spec: Partial<AnalysisRunSpec> = {}): AnalysisRun {
  return { spec: { metrics, ...spec }, status: { phase: 'Running', ...status } };
}
