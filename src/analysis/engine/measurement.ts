// One measurement: made from what the provider reported, then folded into the metric's result with
// Argo's counters (analysis/analysis.go runMeasurements). Worked example, starting from
// { count 4, error 4, consecutiveError 4 }: an Error measurement → error 5, consecutiveError 5,
// count still 4 (errors are not counted); a Successful one instead → successful 1, count 5,
// consecutiveError 0, consecutiveSuccess 1.
import type { DateTime } from 'luxon';
import type { AnalysisRunStatus, Measurement, Metric, MetricResult } from '../../api/types.js';
import { redact } from './args.js';
import { evaluateMeasurement } from './conditions.js';
import { findResult, formatTime, isCompleted, withResult } from './run-state.js';

type Metadata = Record<string, string>;

/**
 * What a provider reported for one measurement. The same shape as ProviderOutcome in
 * src/analysis/providers/provider.ts (declared again here because the engine imports only src/api).
 */
export type MeasurementOutcome =
  | { kind: 'value'; result: unknown; value: string; metadata?: Metadata }
  | { kind: 'phase'; phase: 'Successful' | 'Failed' | 'Inconclusive' | 'Error'; value?: string; message?: string; metadata?: Metadata }
  | { kind: 'running'; resumeAfterMs: number; metadata?: Metadata }
  | { kind: 'error'; message: string; metadata?: Metadata };

/** Argo's message on an in-flight measurement that ended because the run was terminated. */
export const METRIC_TERMINATED_MESSAGE = 'Metric Terminated';

function mergedMetadata(previous: Metadata | undefined, added: Metadata | undefined): Metadata | undefined {
  return previous === undefined && added === undefined ? undefined : { ...previous, ...added };
}

// A finished measurement keeps its start, drops its resume time and gets its finish time.
function finished(base: Measurement, now: DateTime, fields: Omit<Partial<Measurement>, 'startedAt' | 'finishedAt'>): Measurement {
  const { resumeAt: _resumeAt, ...kept } = base;
  const out: Measurement = { ...kept, ...fields, phase: fields.phase ?? 'Error', finishedAt: formatTime(now) };
  return dropUndefined(out);
}

function dropUndefined(m: Measurement): Measurement {
  return Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined)) as Measurement;
}

/**
 * The measurement a provider outcome makes, taken at `now`: a value is judged by the metric's
 * conditions (an evaluation error makes it Error, without the value, as Argo); `running` stays
 * in flight until `now + resumeAfterMs`, rounded up to the second so it is never due early.
 * `inFlight` is the measurement being resumed: its start and metadata are kept.
 */
export function measurementFromOutcome(input: { outcome: MeasurementOutcome; metric: Metric; now: DateTime; inFlight?: Measurement }): Measurement {
  const { outcome, now } = input;
  const base: Measurement = input.inFlight ?? { phase: 'Running', startedAt: formatTime(now) };
  const metadata = mergedMetadata(base.metadata, outcome.metadata);
  switch (outcome.kind) {
    case 'value': {
      const evaluation = evaluateMeasurement({ metric: input.metric, result: outcome.result });
      const value = evaluation.phase === 'Error' ? undefined : outcome.value;
      return finished(base, now, { phase: evaluation.phase, message: evaluation.message, value, metadata });
    }
    case 'phase':
      return finished(base, now, { phase: outcome.phase, message: outcome.message, value: outcome.value, metadata });
    case 'error':
      return finished(base, now, { phase: 'Error', message: outcome.message, metadata });
    case 'running': {
      const resumeAt = now.plus({ milliseconds: Math.max(0, outcome.resumeAfterMs) });
      const rounded = resumeAt.millisecond === 0 ? resumeAt : resumeAt.set({ millisecond: 0 }).plus({ seconds: 1 });
      return dropUndefined({ ...base, phase: 'Running', metadata, resumeAt: formatTime(rounded) });
    }
  }
}

/** An in-flight measurement ended by terminating the run: Inconclusive, as Argo's Job provider ends it. */
export function terminatedMeasurement(inFlight: Measurement, now: DateTime): Measurement {
  return finished(inFlight, now, { phase: 'Inconclusive', message: METRIC_TERMINATED_MESSAGE });
}

/** What applyMeasurement folds in, and how. */
export interface ApplyMeasurementInput {
  status: AnalysisRunStatus;
  metricName: string;
  measurement: Measurement;
  now: DateTime;
  /** The metric runs in dry-run mode (recorded when its result is created). */
  dryRun?: boolean;
  /** It replaces the in-flight measurement it resumed or terminated instead of adding one. */
  replacesInFlight?: boolean;
  /** It came from terminating an in-flight measurement: Successful / Inconclusive ones say "Metric Terminated". */
  terminated?: boolean;
  /** Metadata for the metric's result when the result is first created (e.g. the resolved query). */
  resultMetadata?: Metadata;
  /** Secret values to mask in the measurement's message, value and metadata. */
  secretValues?: readonly string[];
}

type Counter = 'count' | 'successful' | 'failed' | 'inconclusive' | 'error' | 'consecutiveError' | 'consecutiveSuccess';

// The counters a completed measurement changes: +1 for each named one, 0 for a reset.
const COUNTING: Readonly<Record<'Successful' | 'Failed' | 'Inconclusive' | 'Error', Partial<Record<Counter, 1 | 0>>>> = {
  Successful: { successful: 1, count: 1, consecutiveError: 0, consecutiveSuccess: 1 },
  Failed: { failed: 1, count: 1, consecutiveError: 0, consecutiveSuccess: 0 },
  Inconclusive: { inconclusive: 1, count: 1, consecutiveError: 0, consecutiveSuccess: 0 },
  Error: { error: 1, consecutiveError: 1, consecutiveSuccess: 0 },
};

function counted(result: MetricResult, phase: keyof typeof COUNTING): MetricResult {
  const next: MetricResult = { ...result };
  for (const [counter, change] of Object.entries(COUNTING[phase]) as Array<[Counter, 1 | 0]>) {
    next[counter] = change === 0 ? 0 : (result[counter] ?? 0) + 1;
  }
  return compactResult(next);
}

/** The result without zero counters, `dryRun: false` or an empty message, as Go's omitempty writes it. */
export function compactResult(result: MetricResult): MetricResult {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(result)) {
    if (value === undefined || value === 0 || value === false || value === '') continue;
    out[key] = value;
  }
  return out as MetricResult;
}

function newResult(input: ApplyMeasurementInput): MetricResult {
  const result: MetricResult = { name: input.metricName, phase: 'Running' };
  if (input.dryRun === true) result.dryRun = true;
  if (input.resultMetadata !== undefined && Object.keys(input.resultMetadata).length > 0) result.metadata = input.resultMetadata;
  return result;
}

function finalMeasurement(input: ApplyMeasurementInput): Measurement {
  let measurement = input.measurement;
  if (isCompleted(measurement.phase) && measurement.finishedAt === undefined) measurement = { ...measurement, finishedAt: formatTime(input.now) };
  const ended = measurement.phase === 'Successful' || measurement.phase === 'Inconclusive';
  if (input.terminated === true && ended) measurement = { ...measurement, message: METRIC_TERMINATED_MESSAGE };
  if (input.secretValues !== undefined) measurement = maskSecrets(measurement, input.secretValues);
  return measurement;
}

/**
 * The measurement with every secret value masked wherever the status shows it: a server may echo the
 * Authorization header in an error (the message) or in the body it answers (the value, e.g. a web
 * metric without JSON: "you sent Bearer s3cr3t" → "you sent Bearer *****"), or in metadata.
 */
function maskSecrets(measurement: Measurement, secretValues: readonly string[]): Measurement {
  const mask = (text: string | undefined): string | undefined => (text === undefined ? undefined : redact(text, secretValues));
  const metadata = measurement.metadata && Object.fromEntries(Object.entries(measurement.metadata).map(([k, v]) => [k, redact(v, secretValues)]));
  return dropUndefined({ ...measurement, message: mask(measurement.message), value: mask(measurement.value), metadata });
}

/** The status with one measurement of `metricName` added (or replacing the in-flight one) and counted. */
export function applyMeasurement(input: ApplyMeasurementInput): AnalysisRunStatus {
  const measurement = finalMeasurement(input);
  const existing = findResult(input.status, input.metricName) ?? newResult(input);
  const measurements = [...(existing.measurements ?? [])];
  if (input.replacesInFlight === true && measurements.length > 0) measurements[measurements.length - 1] = measurement;
  else measurements.push(measurement);
  const withMeasurement: MetricResult = { ...existing, measurements };
  const phase = measurement.phase;
  const result = phase === 'Running' || phase === 'Pending' ? withMeasurement : counted(withMeasurement, phase);
  return withResult(input.status, result);
}
