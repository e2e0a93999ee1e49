// How many measurements each metric keeps (Argo's garbageCollectMeasurements): the newest 10
// (DefaultMeasurementHistoryLimit) unless a measurementRetention rule with a positive limit
// matches the metric. Example: 12 measurements, no rule → the 2 oldest go; rule limit 20 → all stay.
import type { AnalysisRunStatus, Metric } from '../../api/types.js';
import { DEFAULT_MEASUREMENT_HISTORY_LIMIT } from './run-state.js';

/** A metric whose history was trimmed: the provider may delete what older measurements left (Jobs). */
export interface TrimmedHistory {
  metricName: string;
  keep: number;
}

/**
 * The status with each metric's measurements cut to its limit, and which metrics were cut. Only
 * metrics of `metrics` are trimmed, as Argo trims only metrics it can resolve.
 */
export function applyRetention(input: {
  status: AnalysisRunStatus;
  metrics: readonly Metric[];
  retention?: ReadonlyMap<string, number>;
  defaultLimit?: number;
}): { status: AnalysisRunStatus; trimmed: TrimmedHistory[] } {
  const names = new Set(input.metrics.map((m) => m.name));
  const trimmed: TrimmedHistory[] = [];
  const results = (input.status.metricResults ?? []).map((result) => {
    const ruleLimit = input.retention?.get(result.name) ?? 0;
    const keep = ruleLimit > 0 ? ruleLimit : (input.defaultLimit ?? DEFAULT_MEASUREMENT_HISTORY_LIMIT);
    const measurements = result.measurements ?? [];
    if (measurements.length <= keep || !names.has(result.name)) return result;
    trimmed.push({ metricName: result.name, keep });
    return { ...result, measurements: measurements.slice(measurements.length - keep) };
  });
  if (trimmed.length === 0) return { status: input.status, trimmed };
  return { status: { ...input.status, metricResults: results }, trimmed };
}
