// The checks a run passes before its first measurement, in Argo's order (analysis/analysis.go
// reconcileAnalysisRun): args resolve (secrets replaced by a placeholder), the metrics validate
// (utils/analysis ValidateMetrics), the dryRun and measurementRetention rules each match a
// metric. A failure ends the run in phase Error with Argo's message. Beyond Argo, conditions
// must compile and a count must not be negative: Argo would find out measurement by measurement.
import { tryParseDurationString } from '../../api/duration.js';
import { METRIC_PROVIDER_KINDS } from '../../api/metric-provider-kind.js';
import type { AnalysisRun, Metric } from '../../api/types.js';
import type { DryRun, MeasurementRetention } from '../../api/schema/analysis-args.js';
import { resolveArgs, templateMetric } from './args.js';
import { compileCondition } from './conditions.js';
import { intValue } from './run-state.js';


/** A run ready to measure. */
export interface PreparedRun {
  /** The spec's metrics, in order, with args substituted (secret args hold a placeholder). */
  metrics: Metric[];
  /** Names of the metrics in dry-run mode. */
  dryRun: ReadonlySet<string>;
  /** Measurement limits by metric name, from measurementRetention rules. */
  retention: ReadonlyMap<string, number>;
}

/** A prepared run, or the message the run ends with (phase Error). */
export type PrepareResult = { ok: true; run: PreparedRun } | { ok: false; message: string };

/** Argo's run message when args cannot be resolved; also for secret errors at measurement time. */
export function unresolvedArgsMessage(detail: string): string {
  return `Unable to resolve metric arguments: ${detail}`;
}

const invalid = (detail: string): { ok: false; message: string } => ({ ok: false, message: `Analysis spec invalid: ${detail}` });

/**
 * Everything checked before measuring, in Argo's order. `fieldSource` (the Rollout) resolves
 * `valueFrom.fieldRef` args. Example failure: "Analysis spec invalid: metrics[0]: invalid
 * successCondition \"result[0] >=\": unexpected end of expression (1:13)".
 */
export function prepareRun(run: AnalysisRun, options: { fieldSource?: unknown } = {}): PrepareResult {
  const args = resolveArgs({ args: run.spec.args, fieldSource: options.fieldSource });
  if (!args.ok) return { ok: false, message: unresolvedArgsMessage(args.message) };
  const metrics: Metric[] = [];
  for (const metric of run.spec.metrics) {
    const templated = templateMetric(metric, args.value);
    if (!templated.ok) return { ok: false, message: unresolvedArgsMessage(templated.message) };
    metrics.push(templated.value);
  }
  const problem = validateMetrics(metrics);
  if (problem !== undefined) return invalid(problem);
  const dryRun = matchRules('dryRun', run.spec.dryRun ?? [], metrics);
  if (!dryRun.ok) return invalid(dryRun.message);
  const retention = matchRules('measurementRetention', run.spec.measurementRetention ?? [], metrics);
  if (!retention.ok) return invalid(retention.message);
  const limits = new Map([...retention.matches].map(([name, rule]) => [name, 'limit' in rule ? rule.limit : 0]));
  return { ok: true, run: { metrics, dryRun: new Set(dryRun.matches.keys()), retention: limits } };
}

/** Argo's ValidateMetrics (and the engine's extra checks): undefined when valid, else why. */
export function validateMetrics(metrics: readonly Metric[]): string | undefined {
  if (metrics.length === 0) return 'no metrics specified';
  const names = new Set<string>();
  for (const [i, metric] of metrics.entries()) {
    if (names.has(metric.name)) return `metrics[${i}]: duplicate name '${metric.name}'`;
    names.add(metric.name);
    const problem = validateMetric(metric);
    if (problem !== undefined) return `metrics[${i}]: ${problem}`;
  }
  return undefined;
}

/** One metric's problem, in Argo's words and order (ValidateMetric), or undefined. */
export function validateMetric(metric: Metric): string | undefined {
  return limitProblem(metric) ?? durationProblem(metric) ?? providerProblem(metric) ?? engineProblem(metric);
}

function limitProblem(metric: Metric): string | undefined {
  const failure = intValue(metric.failureLimit);
  const success = intValue(metric.consecutiveSuccessLimit);
  if (success < 0) return 'consecutiveSuccessLimit must be >= 0';
  if (failure < -1) return 'failureLimit must be >= 0, or -1 to be disabled';
  if (success === 0 && failure === -1) return 'failureLimit and consecutiveSuccessLimit cannot both be disabled';
  if (intValue(metric.inconclusiveLimit) < 0) return 'inconclusiveLimit must be >= 0';
  if (metric.consecutiveErrorLimit !== undefined && intValue(metric.consecutiveErrorLimit) < 0) return 'consecutiveErrorLimit must be >= 0';
  return countProblem(metric, failure, success);
}

function countProblem(metric: Metric, failure: number, success: number): string | undefined {
  const count = intValue(metric.count);
  const problem = count > 0 ? countVersusLimits(count, { failure, success, inconclusive: intValue(metric.inconclusiveLimit) }) : undefined;
  if (problem !== undefined) return problem;
  return count > 1 && (metric.interval ?? '') === '' ? 'interval must be specified when count > 1' : undefined;
}

// A count must leave room for the limits: count 3 with failureLimit 2 and consecutiveSuccessLimit 2
// can never decide (3 < 2 + 2).
function countVersusLimits(count: number, limits: { failure: number; success: number; inconclusive: number }): string | undefined {
  const { failure, success, inconclusive } = limits;
  if (failure >= 0 && count < failure + success) return `count (${count}) must be >= failureLimit + consecutiveSuccessLimit (${failure} + ${success}) if both >= 0`;
  if (failure < 0 && count < success) return 'count must be >= consecutiveSuccessLimit';
  return count < inconclusive ? 'count must be >= inconclusiveLimit' : undefined;
}

function durationProblem(metric: Metric): string | undefined {
  const interval = metric.interval ?? '';
  const parsedInterval = interval === '' ? undefined : tryParseDurationString(interval);
  if (parsedInterval !== undefined && !parsedInterval.ok) return `invalid interval string: ${parsedInterval.message}`;
  const delay = metric.initialDelay ?? '';
  const parsedDelay = delay === '' ? undefined : tryParseDurationString(delay);
  // Argo's message says startDelay, the field's old name.
  if (parsedDelay !== undefined && !parsedDelay.ok) return `invalid startDelay string: ${parsedDelay.message}`;
  return undefined;
}

// Exactly one provider (a null one is not set, as Go's nil pointer); `plugin` counts once per plugin it names.
function providerProblem(metric: Metric): string | undefined {
  const provider: unknown = metric.provider;
  const fields = typeof provider === 'object' && provider !== null ? (provider as Record<string, unknown>) : {};
  const kinds = METRIC_PROVIDER_KINDS.filter((k) => k !== 'plugin' && fields[k] !== undefined && fields[k] !== null);
  const plugin = fields.plugin;
  const plugins = typeof plugin === 'object' && plugin !== null ? Object.keys(plugin).length : 0;
  const total = kinds.length + plugins;
  if (total === 0) return 'no provider specified';
  return total > 1 ? 'multiple providers specified' : undefined;
}

// Checks Argo leaves to the first measurement: conditions that cannot compile, a negative count.
function engineProblem(metric: Metric): string | undefined {
  if (intValue(metric.count) < 0) return `count (${intValue(metric.count)}) must be >= 0 (0 or unset: once without an interval, until the run ends with one)`;
  for (const kind of ['successCondition', 'failureCondition'] as const) {
    const text = metric[kind] ?? '';
    const compiled = text === '' ? undefined : compileCondition(text);
    if (compiled !== undefined && !compiled.ok) return `invalid ${kind} ${JSON.stringify(text)}: ${compiled.message}`;
  }
  return undefined;
}

type Rule = DryRun | MeasurementRetention;

// Go's regexp.MatchString: unanchored, and a pattern that does not compile matches nothing.
function matches(pattern: string, name: string): boolean {
  try {
    return new RegExp(pattern).test(name);
  } catch {
    return false;
  }
}

/**
 * Argo's GetDryRunMetrics / GetMeasurementRetentionMetrics: each rule's metricName is a regular
 * expression ("error-rate", ".*"); a rule matching no metric is an error. Later rules win.
 */
export function matchRules(
  kind: 'dryRun' | 'measurementRetention',
  rules: readonly Rule[],
  metrics: readonly Metric[],
): { ok: true; matches: Map<string, Rule> } | { ok: false; message: string } {
  const found = new Map<string, Rule>();
  for (const [index, rule] of rules.entries()) {
    const matched = metrics.filter((m) => matches(rule.metricName, m.name));
    if (matched.length === 0) return { ok: false, message: `${kind}[${index}]: Rule didn't match any metric name(s)` };
    for (const m of matched) found.set(m.name, rule);
  }
  return { ok: true, matches: found };
}
