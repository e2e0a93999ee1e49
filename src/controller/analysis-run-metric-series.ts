// What /metrics says about one AnalysisRun, as Argo's analysis collector computes it
// (controller/metrics/analysis.go). Pure: the collector in metrics.ts turns these into gauge samples.
import type { AnalysisPhase, AnalysisRun, Metric } from '../api/types.js';
import { matchRules } from '../analysis/engine/index.js';

/** The phases analysis_run_phase and analysis_run_metric_phase have one series for each, in Argo's order. */
export const ANALYSIS_PHASE_SERIES: readonly AnalysisPhase[] = ['Pending', 'Error', 'Failed', 'Successful', 'Running', 'Inconclusive'];

/** One sample per phase: 1 for `current`, 0 for the others; an unset phase counts as Pending. */
export function phaseSamples(current: string | undefined): { phase: AnalysisPhase; value: 0 | 1 }[] {
  const phase = current === undefined || current === '' ? 'Pending' : current;
  return ANALYSIS_PHASE_SERIES.map((p) => ({ phase: p, value: p === phase ? 1 : 0 }));
}

// Argo's metricproviders.Type: the first provider set in this order names the type.
const PROVIDER_TYPES = [
  ['prometheus', 'Prometheus'],
  ['job', 'Job'],
  ['kayenta', 'Kayenta'],
  ['web', 'Web'],
  ['datadog', 'Datadog'],
  ['wavefront', 'Wavefront'],
  ['newRelic', 'NewRelic'],
  ['cloudWatch', 'CloudWatch'],
  ['graphite', 'Graphite'],
  ['influxdb', 'Influxdb'],
  ['skywalking', 'skywalking'],
  ['plugin', 'RPCPlugin'],
] as const;

/** The `type` label of a metric: Argo's provider type name (Prometheus, Job, Web, RPCPlugin…). */
export function metricTypeLabel(metric: Pick<Metric, 'provider'>): string {
  const provider: Readonly<Record<string, unknown>> = metric.provider;
  const found = PROVIDER_TYPES.find(([field]) => provider[field] !== undefined && provider[field] !== null);
  return found?.[1] ?? 'Unknown Provider';
}

/** The analysis_run_metric_type / analysis_run_metric_phase series of one metric of a run. */
export interface RunMetricSeries {
  metric: string;
  type: string;
  /** "true" when a dryRun rule matches the metric's name, else "false" (Go's fmt.Sprint of a bool). */
  dryRun: 'true' | 'false';
  phases: { phase: AnalysisPhase; value: 0 | 1 }[];
}

/**
 * One entry per metric of the run's spec, its phase taken from status.metricResults (none yet →
 * Pending). A spec with rules `dryRun: [{metricName: "error-.*"}]` marks "error-rate" dry_run="true".
 * Rules that do not all match are invalid (the run ends in Error): then no metric counts as dry-run.
 */
export function runMetricSeries(run: Pick<AnalysisRun, 'spec' | 'status'>): RunMetricSeries[] {
  const metrics = run.spec.metrics;
  const rules = matchRules('dryRun', run.spec.dryRun ?? [], metrics);
  const dryRun = rules.ok ? rules.matches : new Map<string, unknown>();
  const results = run.status?.metricResults ?? [];
  return metrics.map((m) => ({
    metric: m.name,
    type: metricTypeLabel(m),
    dryRun: dryRun.has(m.name) ? 'true' : 'false',
    phases: phaseSamples(results.find((r) => r.name === m.name)?.phase),
  }));
}
