// Measurements from provider outcomes, folded into results (runMeasurements), and history trimming
// (TestTrimMeasurementHistory).
import { describe, expect, it } from '@jest/globals';
import { applyMeasurement, measurementFromOutcome, terminatedMeasurement } from '../../../../src/analysis/engine/measurement.js';
import type { MeasurementOutcome } from '../../../../src/analysis/engine/measurement.js';
import { applyRetention } from '../../../../src/analysis/engine/retention.js';
import type { ProviderOutcome } from '../../../../src/analysis/providers/provider.js';
import type { AnalysisPhase, AnalysisRunStatus, Measurement, MetricResult } from '../../../../src/api/types.js';
import { NOW, aMetric, aPrometheusMetric, aResult, at, finished, inFlight } from './fixtures.js';

// The engine re-declares the provider's outcome type; any ProviderOutcome must be accepted as is.
const sameShape = (outcome: ProviderOutcome): MeasurementOutcome => outcome;

describe('measurementFromOutcome', () => {
  const metric = aPrometheusMetric('success-rate', { successCondition: 'result[0] >= 0.95' });

  it.each<[string, ProviderOutcome, Measurement]>([
    ['a passing value', { kind: 'value', result: [0.97], value: '[0.97]' }, { phase: 'Successful', value: '[0.97]', startedAt: at(0), finishedAt: at(0) }],
    ['a failing value', { kind: 'value', result: [0.5], value: '[0.5]' }, { phase: 'Failed', value: '[0.5]', startedAt: at(0), finishedAt: at(0) }],
    [
      'an empty vector: Error without the value, as Argo',
      { kind: 'value', result: [], value: '[]' },
      { phase: 'Error', message: 'could not evaluate successCondition "result[0] >= 0.95": metric result is nil or empty: no data returned from the metric provider', startedAt: at(0), finishedAt: at(0) },
    ],
    ['a provider error', { kind: 'error', message: 'connection refused', metadata: { q: 'up' } }, { phase: 'Error', message: 'connection refused', metadata: { q: 'up' }, startedAt: at(0), finishedAt: at(0) }],
    ['a decided phase', { kind: 'phase', phase: 'Failed', message: 'job failed' }, { phase: 'Failed', message: 'job failed', startedAt: at(0), finishedAt: at(0) }],
    ['still running: resumeAt rounded up to the second', { kind: 'running', resumeAfterMs: 2_500, metadata: { 'job-name': 'j1' } }, { phase: 'Running', metadata: { 'job-name': 'j1' }, startedAt: at(0), resumeAt: at(3) }],
  ])('%s', (_case, outcome, measurement) => {
    expect(measurementFromOutcome({ outcome: sameShape(outcome), metric, now: NOW })).toEqual(measurement);
  });

  it('a resumed measurement keeps its start and metadata, and drops resumeAt when it finishes', () => {
    const previous = inFlight(30, { metadata: { 'job-name': 'j1' }, resumeAt: at(-1) });
    expect(measurementFromOutcome({ outcome: { kind: 'phase', phase: 'Successful', metadata: { extra: 'x' } }, metric, now: NOW, inFlight: previous })).toEqual({
      phase: 'Successful',
      startedAt: at(-30),
      finishedAt: at(0),
      metadata: { 'job-name': 'j1', extra: 'x' },
    });
  });

  it('terminating an in-flight measurement makes it Inconclusive, "Metric Terminated"', () => {
    expect(terminatedMeasurement(inFlight(30), NOW)).toEqual({ phase: 'Inconclusive', message: 'Metric Terminated', startedAt: at(-30), finishedAt: at(0) });
  });
});

describe('applyMeasurement: counters as runMeasurements keeps them', () => {
  // Worked example of the file's comment: from { count 4, error 4, consecutiveError 4 } (TestRunMeasurementsResetConsecutiveErrorCounter).
  it.each<[AnalysisPhase, Partial<MetricResult>]>([
    ['Error', { count: 4, error: 5, consecutiveError: 5 }],
    ['Successful', { count: 5, error: 4, successful: 1, consecutiveSuccess: 1 }],
    ['Failed', { count: 5, error: 4, failed: 1 }],
    ['Inconclusive', { count: 5, error: 4, inconclusive: 1 }],
    ['Running', { count: 4, error: 4, consecutiveError: 4 }],
  ])('%s', (phase, counters) => {
    const status: AnalysisRunStatus = { phase: 'Running', metricResults: [aResult('test', { count: 4, error: 4, consecutiveError: 4 })] };
    const measurement: Measurement = phase === 'Running' ? inFlight(0) : finished(phase, 0);
    const result = applyMeasurement({ status, metricName: 'test', measurement, now: NOW }).metricResults?.[0];
    expect(result).toEqual({ name: 'test', phase: 'Running', ...counters, measurements: [measurement] });
  });

  it('creates the result on the first measurement, with dry run and metadata', () => {
    const status = applyMeasurement({ status: { phase: 'Running' }, metricName: 'm', measurement: finished('Successful', 0), now: NOW, dryRun: true, resultMetadata: { query: 'up' } });
    expect(status.metricResults).toEqual([{ name: 'm', phase: 'Running', dryRun: true, metadata: { query: 'up' }, measurements: [finished('Successful', 0)], count: 1, successful: 1, consecutiveSuccess: 1 }]);
  });

  it('stamps finishedAt on a completed measurement that lacks it', () => {
    const status = applyMeasurement({ status: { phase: 'Running' }, metricName: 'm', measurement: { phase: 'Failed', startedAt: at(-5) }, now: NOW });
    expect(status.metricResults?.[0].measurements?.[0]).toEqual({ phase: 'Failed', startedAt: at(-5), finishedAt: at(0) });
  });

  it('replaces the in-flight measurement it resumed, and says "Metric Terminated" when the run stopped it', () => {
    const status: AnalysisRunStatus = { phase: 'Running', metricResults: [aResult('job', { measurements: [finished('Successful', 90), inFlight(30)] })] };
    const next = applyMeasurement({ status, metricName: 'job', measurement: finished('Successful', 0), now: NOW, replacesInFlight: true, terminated: true });
    expect(next.metricResults?.[0].measurements).toEqual([finished('Successful', 90), { ...finished('Successful', 0), message: 'Metric Terminated' }]);
  });

  it('masks secret values in the message', () => {
    const measurement: Measurement = { ...finished('Error', 0), message: 'GET https://api?key=s3cr3t: 401' };
    const status = applyMeasurement({ status: { phase: 'Running' }, metricName: 'm', measurement, now: NOW, secretValues: ['s3cr3t'] });
    expect(status.metricResults?.[0].measurements?.[0].message).toBe('GET https://api?key=*****: 401');
  });

  it('masks secret values a server echoed into the value and metadata', () => {
    const measurement: Measurement = { ...finished('Failed', 0), value: 'you sent Bearer s3cr3t', metadata: { echo: 's3cr3t', job: 'j-1' } };
    const status = applyMeasurement({ status: { phase: 'Running' }, metricName: 'm', measurement, now: NOW, secretValues: ['s3cr3t'] });
    expect(status.metricResults?.[0].measurements?.[0]).toEqual({ ...finished('Failed', 0), value: 'you sent Bearer *****', metadata: { echo: '*****', job: 'j-1' } });
  });
});

describe('applyRetention (garbageCollectMeasurements)', () => {
  // newRun of analysis_test.go: metric1 has 1 measurement ("1"), metric2 has 2 ("2", "3").
  const status: AnalysisRunStatus = {
    phase: 'Running',
    metricResults: [
      aResult('metric1', { measurements: [finished('Successful', 60, { value: '1' })] }),
      aResult('metric2', { measurements: [finished('Successful', 60, { value: '2' }), finished('Successful', 30, { value: '3' })] }),
    ],
  };
  const metrics = [aMetric('metric1', { interval: '60s' }), aMetric('metric2', { interval: '60s' })];
  const values = (s: AnalysisRunStatus): string[][] => (s.metricResults ?? []).map((r) => (r.measurements ?? []).map((m) => m.value ?? ''));

  it.each<[string, number, Map<string, number> | undefined, string[][], string[]]>([
    ['limit 2 keeps all', 2, undefined, [['1'], ['2', '3']], []],
    ['limit 1 keeps the newest', 1, undefined, [['1'], ['3']], ['metric2']],
    ['a rule of 2 for metric2 beats the limit of 1', 1, new Map([['metric2', 2]]), [['1'], ['2', '3']], []],
    ['a rule of 0 is no rule', 1, new Map([['metric2', 0]]), [['1'], ['3']], ['metric2']],
  ])('%s', (_case, defaultLimit, retention, kept, trimmed) => {
    const out = applyRetention({ status, metrics, retention, defaultLimit });
    expect(values(out.status)).toEqual(kept);
    expect(out.trimmed.map((t) => t.metricName)).toEqual(trimmed);
  });

  it('keeps 10 by default, and leaves metrics it does not know', () => {
    const many = Array.from({ length: 12 }, (_, i) => finished('Successful', 100 - i, { value: String(i) }));
    const big: AnalysisRunStatus = { phase: 'Running', metricResults: [aResult('metric1', { measurements: many }), aResult('gone', { measurements: many })] };
    const out = applyRetention({ status: big, metrics });
    expect(out.status.metricResults?.[0].measurements?.map((m) => m.value)).toEqual(['2', '3', '4', '5', '6', '7', '8', '9', '10', '11']);
    expect(out.status.metricResults?.[1].measurements).toHaveLength(12);
    expect(out.trimmed).toEqual([{ metricName: 'metric1', keep: 10 }]);
  });
});
