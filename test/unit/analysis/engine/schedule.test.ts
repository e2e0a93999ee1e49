// Which metrics are due, and when to come back: ports of analysis_test.go's
// TestGenerateMetricTasks* and TestCalculateNextReconcile*, at a fixed NOW.
import { describe, expect, it } from '@jest/globals';
import { dueMetrics, nextRequeue } from '../../../../src/analysis/engine/schedule.js';
import type { AnalysisRun, Metric, MetricResult } from '../../../../src/api/types.js';
import { NOW, aMetric, aResult, aRun, at, finished, inFlight } from './fixtures.js';

const dueNames = (run: AnalysisRun, metrics?: Metric[]): string[] => dueMetrics(run, NOW, metrics).map((t) => t.metric.name);

describe('dueMetrics (generateMetricTasks)', () => {
  it.each<[string, Metric[], MetricResult[], string[]]>([
    // TestGenerateMetricTasksInterval
    ['within the interval: nothing', [aMetric('success-rate', { interval: '60s' })], [aResult('success-rate', { measurements: [finished('Successful', 50)] })], []],
    ['past the interval: measure', [aMetric('success-rate', { interval: '60s' })], [aResult('success-rate', { measurements: [finished('Successful', 61)] })], ['success-rate']],
    ['exactly at the interval: measure', [aMetric('success-rate', { interval: '60s' })], [aResult('success-rate', { measurements: [finished('Successful', 60)] })], ['success-rate']],
    // TestGenerateMetricTasksNoIntervalOrCount
    ['count reached (1 by default): nothing', [aMetric('success-rate')], [aResult('success-rate', { count: 1, measurements: [finished('Successful', 50)] })], []],
    ['never measured: measure', [aMetric('success-rate')], [], ['success-rate']],
    ['explicit count reached', [aMetric('m', { count: 3, interval: '10s' })], [aResult('m', { count: 3, measurements: [finished('Successful', 50)] })], []],
    ['count not reached and interval passed', [aMetric('m', { count: 3, interval: '10s' })], [aResult('m', { count: 2, measurements: [finished('Successful', 50)] })], ['m']],
    ['count as a string', [aMetric('m', { count: '3', interval: '10s' })], [aResult('m', { count: 3, measurements: [finished('Successful', 50)] })], []],
    // TestGenerateMetricTasksError: an error is retried after 10 s whatever the interval
    ['errored 120 s ago, no interval', [aMetric('success-rate')], [aResult('success-rate', { error: 1, measurements: [finished('Error', 120)] })], ['success-rate']],
    ['errored 120 s ago, interval 5m', [aMetric('success-rate', { interval: '5m' })], [aResult('success-rate', { error: 1, measurements: [finished('Error', 120)] })], ['success-rate']],
    ['errored 5 s ago, interval 5m', [aMetric('success-rate', { interval: '5m' })], [aResult('success-rate', { error: 1, measurements: [finished('Error', 5)] })], []],
    // completed metrics are left alone
    ['metric already Successful', [aMetric('m', { interval: '10s' })], [aResult('m', { phase: 'Successful', measurements: [finished('Successful', 50)] })], []],
    ['a templated interval is read from the metrics given', [aMetric('m', { interval: '{{args.interval}}' })], [aResult('m', { measurements: [finished('Successful', 50)] })], []],
  ])('%s', (_case, metrics, metricResults, due) => {
    expect(dueNames(aRun(metrics, { metricResults }))).toEqual(due);
  });

  it('reads intervals from the substituted metrics but hands back the spec metric', () => {
    const spec = aMetric('m', { interval: '{{args.interval}}' });
    const run = aRun([spec], { metricResults: [aResult('m', { measurements: [finished('Successful', 50)] })] });
    expect(dueMetrics(run, NOW, [aMetric('m', { interval: '30s' })])).toEqual([{ metric: spec }]);
  });

  it('measures nothing new once a metric failed (TestGenerateMetricTasksFailing)', () => {
    const metrics = [aMetric('success-rate'), aMetric('latency')];
    expect(dueNames(aRun(metrics, { metricResults: [aResult('latency', { phase: 'Failed' })] }))).toEqual([]);
    expect(dueNames(aRun(metrics, { metricResults: [] }))).toEqual(['success-rate', 'latency']);
  });

  it('a failed dry-run metric does not stop the others', () => {
    const metrics = [aMetric('success-rate'), aMetric('latency')];
    expect(dueNames(aRun(metrics, { metricResults: [aResult('latency', { phase: 'Failed', dryRun: true })] }))).toEqual(['success-rate']);
  });

  it('resumes an in-flight measurement (TestGenerateMetricTasksIncomplete)', () => {
    const measurement = inFlight(50);
    const run = aRun([aMetric('success-rate')], { metricResults: [aResult('success-rate', { measurements: [measurement] })] });
    expect(dueMetrics(run, NOW)).toEqual([{ metric: run.spec.metrics[0], inFlight: measurement }]);
  });

  it('resumes only once resumeAt has passed (TestGenerateMetricTasksHonorResumeAt)', () => {
    const run = aRun([aMetric('success-rate'), aMetric('success-rate2')], {
      metricResults: [
        aResult('success-rate', { measurements: [inFlight(50, { resumeAt: at(10) })] }),
        aResult('success-rate2', { measurements: [inFlight(50, { resumeAt: at(-10) })] }),
      ],
    });
    expect(dueNames(run)).toEqual(['success-rate2']);
  });

  it('a terminating run terminates in-flight measurements at once and starts nothing', () => {
    const run = aRun(
      [aMetric('job'), aMetric('web', { interval: '10s' })],
      { metricResults: [aResult('job', { measurements: [inFlight(50, { resumeAt: at(10) })] }), aResult('web', { measurements: [finished('Successful', 60)] })] },
      { terminate: true },
    );
    expect(dueNames(run)).toEqual(['job']);
  });

  it.each<[string, string | undefined, string, string[]]>([
    // TestGenerateMetricTasksHonorInitialDelay
    ['no startedAt yet', undefined, '20s', []],
    ['started 10 s ago, delay 20s', at(-10), '20s', []],
    ['started 20 s ago, delay 20s', at(-20), '20s', ['success-rate']],
    ['invalid delay', at(-20), 'invalid-start-delay', []],
  ])('initial delay: %s', (_case, startedAt, initialDelay, due) => {
    expect(dueNames(aRun([aMetric('success-rate', { initialDelay })], { startedAt }))).toEqual(due);
  });
});

describe('nextRequeue (calculateNextReconcileTime)', () => {
  it.each<[string, AnalysisRun, number | undefined]>([
    // TestCalculateNextReconcileTimeInterval
    ['interval 60s, measured 30 s ago', aRun([aMetric('success-rate', { interval: '60s' })], { metricResults: [aResult('success-rate', { measurements: [finished('Successful', 30)] })] }), 30_000],
    ['in flight without resumeAt', aRun([aMetric('success-rate', { interval: '60s' })], { metricResults: [aResult('success-rate', { measurements: [inFlight(30)] })] }), undefined],
    ['completed metric', aRun([aMetric('success-rate', { interval: '60s' })], { metricResults: [aResult('success-rate', { phase: 'Successful', measurements: [finished('Successful', 120)] })] }), undefined],
    // TestCalculateNextReconcileTimeInitialDelay
    [
      'an initial delay ends before the other metric’s interval',
      aRun([aMetric('success-rate', { interval: '60s' }), aMetric('start-delay', { interval: '60s', initialDelay: '40s' })], { startedAt: at(-30), metricResults: [aResult('success-rate', { measurements: [finished('Successful', 30)] })] }),
      10_000,
    ],
    [
      'an invalid initial delay is skipped',
      aRun([aMetric('success-rate', { interval: '60s' }), aMetric('start-delay', { interval: '60s', initialDelay: 'not-valid' })], { startedAt: at(-30), metricResults: [aResult('success-rate', { measurements: [finished('Successful', 30)] })] }),
      30_000,
    ],
    ['initial delay before startedAt is set counts from now', aRun([aMetric('m', { initialDelay: '40s' })]), 40_000],
    // TestCalculateNextReconcileTimeNoInterval
    ['count 1 reached', aRun([aMetric('success-rate', { count: 1 })], { metricResults: [aResult('success-rate', { phase: 'Successful', count: 1, measurements: [finished('Successful', 0)] })] }), undefined],
    // TestCalculateNextReconcileEarliestMetric
    [
      'the earliest metric wins',
      aRun([aMetric('success-rate', { interval: '60s' }), aMetric('latency', { interval: '60s' })], {
        metricResults: [aResult('success-rate', { measurements: [finished('Successful', 30)] }), aResult('latency', { measurements: [finished('Successful', 50)] })],
      }),
      10_000,
    ],
    // TestCalculateNextReconcileHonorResumeAt
    ['resumeAt', aRun([aMetric('success-rate', { interval: '60s' })], { metricResults: [aResult('success-rate', { measurements: [inFlight(30, { resumeAt: at(10) })] })] }), 10_000],
    // TestCalculateNextReconcileUponError
    ['error, no interval', aRun([aMetric('success-rate')], { metricResults: [aResult('success-rate', { error: 1, measurements: [finished('Error', 0)] })] }), 10_000],
    ['error, interval 5m', aRun([aMetric('success-rate', { interval: '5m' })], { metricResults: [aResult('success-rate', { error: 1, measurements: [finished('Error', 0)] })] }), 10_000],
    // overdue and completed runs
    ['overdue: now', aRun([aMetric('m', { interval: '10s' })], { metricResults: [aResult('m', { measurements: [finished('Successful', 600)] })] }), 0],
    ['completed run', aRun([aMetric('m', { interval: '10s' })], { phase: 'Failed', metricResults: [aResult('m', { measurements: [finished('Successful', 5)] })] }), undefined],
    ['a run that has just started terminating: now', aRun([aMetric('m', { interval: '10s' })], { metricResults: [aResult('m', { measurements: [finished('Successful', 5)] })] }, { terminate: true }), 0],
    ['nothing measured, no delay', aRun([aMetric('m')]), undefined],
  ])('%s → %s ms', (_case, run, ms) => {
    expect(nextRequeue(run, NOW)).toBe(ms);
  });
});
