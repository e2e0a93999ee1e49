// Whole runs driven through the engine's API pass by pass, as the AnalysisRun reconcile drives it
// (see src/analysis/engine/index.ts), with a scripted provider and a clock that jumps to each requeue.
import { describe, expect, it } from '@jest/globals';
import type { DateTime } from 'luxon';
import {
  applyMeasurement,
  applyRetention,
  assessRun,
  dueMetrics,
  initialStatus,
  isTerminating,
  measurementFromOutcome,
  nextRequeue,
  prepareRun,
  resolveArgs,
  secretValuesOf,
  templateMetric,
  terminatedMeasurement,
} from '../../../../src/analysis/engine/index.js';
import type { MeasurementOutcome } from '../../../../src/analysis/engine/index.js';
import type { AnalysisRun, Metric } from '../../../../src/api/types.js';
import { NOW, aPrometheusMetric } from './fixtures.js';

type Script = (metric: Metric) => MeasurementOutcome;

// One reconcile pass; returns the new run and the requeue delay.
function pass(run: AnalysisRun, now: DateTime, provider: Script): { run: AnalysisRun; requeue?: number } {
  const prepared = prepareRun(run);
  if (!prepared.ok) return { run: { ...run, status: { phase: 'Error', message: prepared.message } } };
  let current: AnalysisRun = { ...run, status: initialStatus(run, now) };
  const terminating = isTerminating(current);
  const args = resolveArgs({ args: run.spec.args, secrets: { creds: { token: 's3cr3t' } } });
  if (!args.ok) throw new Error(args.message);
  for (const task of dueMetrics(current, now, prepared.run.metrics)) {
    const metric = templateMetric(task.metric, args.value);
    if (!metric.ok) throw new Error(metric.message);
    const measurement = task.inFlight && terminating ? terminatedMeasurement(task.inFlight, now) : measurementFromOutcome({ outcome: provider(metric.value), metric: metric.value, now, inFlight: task.inFlight });
    const status = applyMeasurement({
      status: current.status ?? { phase: 'Pending' },
      metricName: metric.value.name,
      measurement,
      now,
      dryRun: prepared.run.dryRun.has(metric.value.name),
      replacesInFlight: task.inFlight !== undefined,
      secretValues: secretValuesOf(args.value),
    });
    current = { ...current, status };
  }
  const assessed = assessRun({ run: current, now, metrics: prepared.run.metrics, dryRun: prepared.run.dryRun });
  const kept = applyRetention({ status: assessed.status, metrics: prepared.run.metrics, retention: prepared.run.retention });
  current = { ...current, status: kept.status };
  return { run: current, requeue: nextRequeue(current, now, prepared.run.metrics) };
}

// Runs passes until nothing is scheduled, jumping the clock to each requeue.
function drive(start: AnalysisRun, provider: Script, maxPasses = 50): { run: AnalysisRun; passes: number; elapsedMs: number } {
  let run = start;
  let now = NOW;
  for (let passes = 1; passes <= maxPasses; passes += 1) {
    const result = pass(run, now, provider);
    run = result.run;
    if (result.requeue === undefined) return { run, passes, elapsedMs: now.toMillis() - NOW.toMillis() };
    now = now.plus({ milliseconds: result.requeue });
  }
  throw new Error('run did not settle');
}

const values = (...results: number[][]): Script => {
  let i = 0;
  return () => {
    const result = results[Math.min(i, results.length - 1)];
    i += 1;
    return { kind: 'value', result, value: JSON.stringify(result) };
  };
};

describe('a run from start to end', () => {
  it('count 3, interval 1m, all good: Successful after 2 minutes', () => {
    const run: AnalysisRun = { spec: { metrics: [aPrometheusMetric('success-rate', { interval: '1m', count: 3, successCondition: 'result[0] >= 0.95' })] } };
    const end = drive(run, values([0.99]));
    expect(end.run.status).toMatchObject({ phase: 'Successful', runSummary: { count: 1, successful: 1 } });
    expect(end.run.status?.metricResults?.[0]).toMatchObject({ phase: 'Successful', count: 3, successful: 3, consecutiveSuccess: 3 });
    expect(end.elapsedMs).toBe(120_000);
  });

  it('failureLimit 1: the second failure fails the run with Argo’s message', () => {
    const metric = aPrometheusMetric('error-rate', { interval: '30s', failureLimit: 1, successCondition: 'result[0] <= 0.01' });
    const end = drive({ spec: { metrics: [metric] } }, values([0.5], [0.001], [0.5]));
    expect(end.run.status?.phase).toBe('Failed');
    expect(end.run.status?.message).toBe('Metric "error-rate" assessed Failed due to failed (2) > failureLimit (1)');
    expect(end.run.status?.metricResults?.[0].measurements?.map((m) => m.phase)).toEqual(['Failed', 'Successful', 'Failed']);
  });

  it('errors are retried every 10 s and end the run after 5 in a row', () => {
    const metric = aPrometheusMetric('latency', { interval: '5m', successCondition: 'result[0] < 500' });
    const end = drive({ spec: { metrics: [metric] } }, () => ({ kind: 'error', message: 'connection refused' }));
    expect(end.run.status?.phase).toBe('Error');
    expect(end.run.status?.message).toBe('Metric "latency" assessed Error due to consecutiveErrors (5) > consecutiveErrorLimit (4): "Error Message: connection refused"');
    expect(end.elapsedMs).toBe(40_000);
  });

  it('a failing metric stops an open-ended sibling: the next pass ends the run', () => {
    const metrics = [
      aPrometheusMetric('forever', { interval: '1m', successCondition: 'true' }),
      aPrometheusMetric('once', { successCondition: 'result[0] > 1' }),
    ];
    const end = drive({ spec: { metrics } }, values([0]));
    expect(end.run.status?.phase).toBe('Failed');
    expect(end.run.status?.metricResults?.map((r) => r.phase)).toEqual(['Successful', 'Failed']);
    expect(end.passes).toBe(2);
  });

  it('a dry-run metric that fails leaves the run Successful, reported in dryRunSummary', () => {
    const metrics = [aPrometheusMetric('real', { successCondition: 'true' }), aPrometheusMetric('trial', { successCondition: 'false' })];
    const end = drive({ spec: { metrics, dryRun: [{ metricName: 'trial' }] } }, values([1]));
    expect(end.run.status).toMatchObject({ phase: 'Successful', runSummary: { count: 1, successful: 1 }, dryRunSummary: { count: 1, failed: 1 } });
    expect(end.run.status?.metricResults?.[1]).toMatchObject({ dryRun: true, message: 'Metric assessed Failed due to failed (1) > failureLimit (0)' });
  });

  it('a long-running measurement is resumed at resumeAt, then terminated when the run is', () => {
    const run: AnalysisRun = { spec: { metrics: [aPrometheusMetric('job', { successCondition: 'true' })] } };
    const first = pass(run, NOW, () => ({ kind: 'running', resumeAfterMs: 15_000, metadata: { 'job-name': 'j1' } }));
    expect(first.requeue).toBe(15_000);
    const second = pass({ ...first.run, spec: { ...first.run.spec, terminate: true } }, NOW.plus({ seconds: 15 }), () => {
      throw new Error('a terminating run starts nothing');
    });
    // As in Argo: the terminated Job counts as an Inconclusive measurement, so the run ends Inconclusive.
    expect(second.run.status).toMatchObject({
      phase: 'Inconclusive',
      message: 'Metric "job" assessed Inconclusive due to inconclusive (1) > inconclusiveLimit (0): "Error Message: Metric Terminated"',
    });
    expect(second.run.status?.metricResults?.[0].measurements).toEqual([expect.objectContaining({ phase: 'Inconclusive', message: 'Metric Terminated', metadata: { 'job-name': 'j1' } })]);
  });

  it('an unparseable condition ends the run before any measurement', () => {
    const end = drive({ spec: { metrics: [aPrometheusMetric('m', { successCondition: 'result[0] >=' })] } }, () => {
      throw new Error('never measured');
    });
    expect(end.run.status).toEqual({ phase: 'Error', message: 'Analysis spec invalid: metrics[0]: invalid successCondition "result[0] >=": unexpected end of expression (1:13)' });
  });

  it('secret-backed args reach the provider and are masked in messages', () => {
    const metric = aPrometheusMetric('m', { successCondition: 'true', provider: { prometheus: { query: 'up{token="{{args.token}}"}' } } });
    const seen: string[] = [];
    const end = drive({ spec: { metrics: [metric], args: [{ name: 'token', valueFrom: { secretKeyRef: { name: 'creds', key: 'token' } } }] } }, (m) => {
      seen.push('prometheus' in m.provider ? (m.provider.prometheus.query ?? '') : '');
      return { kind: 'error', message: `401 for token s3cr3t` };
    });
    expect(seen[0]).toBe('up{token="s3cr3t"}');
    expect(JSON.stringify(end.run.status)).not.toContain('s3cr3t');
    expect(end.run.status?.metricResults?.[0].measurements?.[0].message).toBe('401 for token *****');
  });

  it('keeps the newest 10 measurements of an open-ended metric', () => {
    const run: AnalysisRun = { spec: { metrics: [aPrometheusMetric('m', { interval: '10s', successCondition: 'true' })] } };
    let current = run;
    let now = NOW;
    for (let i = 0; i < 12; i += 1) {
      const result = pass(current, now, values([1]));
      current = result.run;
      now = now.plus({ milliseconds: result.requeue ?? 0 });
    }
    expect(current.status?.metricResults?.[0]).toMatchObject({ count: 12, successful: 12 });
    expect(current.status?.metricResults?.[0].measurements).toHaveLength(10);
  });
});
