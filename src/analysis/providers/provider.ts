// The one interface every metric provider satisfies. A provider only fetches: it returns the value it
// measured (the engine evaluates successCondition / failureCondition on it), or, for providers that
// decide for themselves (a Job), the phase. Providers never log or return a secret.
import type { DateTime } from 'luxon';
import type { AnalysisRun, Measurement, Metric } from '../../api/types.js';
import type { MetricProviderKind } from '../../api/metric-provider-kind.js';

/** What a provider is asked to measure: the metric with every `{{args.x}}` already substituted. */
export interface MeasureRequest {
  run: AnalysisRun;
  metric: Metric;
  now: DateTime;
  /** Aborts the request (the run was terminated, the controller is stopping, the timeout passed). */
  signal: AbortSignal;
}

/** A measurement still running (a Job) is resumed with what it recorded when it started. */
export interface ResumeRequest extends MeasureRequest {
  measurement: Measurement;
}

/** What one measurement produced. */
export type ProviderOutcome =
  /** A value for the engine to evaluate: `result` is what the conditions see, `value` its text for status. */
  | { kind: 'value'; result: unknown; value: string; metadata?: Record<string, string> }
  /** The provider decided the phase itself (e.g. a Job that failed). */
  | { kind: 'phase'; phase: 'Successful' | 'Failed' | 'Inconclusive' | 'Error'; value?: string; message?: string; metadata?: Record<string, string> }
  /** Started but not finished: resume after `resumeAfterMs`, keeping `metadata` (e.g. the Job's name). */
  | { kind: 'running'; resumeAfterMs: number; metadata?: Record<string, string> }
  /** The measurement could not be taken: timeout, connection refused, HTTP 5xx, unparseable body… */
  | { kind: 'error'; message: string; metadata?: Record<string, string> };

/** A metric provider: plain object made by a factory (`createPrometheusProvider({ … })`). */
export interface MetricProvider {
  readonly kind: MetricProviderKind;
  /** Takes one measurement (or starts it, for long-running providers). Never throws: failures are `error` outcomes. */
  measure(request: MeasureRequest): Promise<ProviderOutcome>;
  /** Checks a running measurement again. */
  resume?(request: ResumeRequest): Promise<ProviderOutcome>;
  /** Stops a running measurement (the run was terminated). */
  terminate?(request: ResumeRequest): Promise<void>;
  /** Deletes what old measurements left behind (e.g. Jobs), keeping the newest `keep`. */
  garbageCollect?(run: AnalysisRun, metric: Metric, keep: number): Promise<void>;
}
