// Metric and run phase arithmetic: ports of analysis_test.go's TestAssessMetricStatus*,
// TestAssessMetricFailureInconclusiveOrError, TestAssessRunStatus* and the dry-run / terminate
// cases, plus helpers_test.go's TestIsWorst.
import { describe, expect, it } from '@jest/globals';
import { assessMetric, assessRun, initialStatus, isWorse, metricFailure } from '../../../../src/analysis/engine/assess.js';
import type { AnalysisPhase, AnalysisRun, Metric, MetricResult } from '../../../../src/api/types.js';
import { NOW, aMetric, aResult, aRun, at, finished, inFlight } from './fixtures.js';

const counts = (fields: Partial<MetricResult>, last: AnalysisPhase = 'Failed'): MetricResult => aResult('success-rate', { measurements: [finished(last)], ...fields });

describe('assessMetric (assessMetricStatus)', () => {
  // [case, metric fields, result counters, phase when running, phase when terminating]
  it.each<[string, Partial<Metric>, Partial<MetricResult>, AnalysisPhase, AnalysisPhase]>([
    // TestAssessMetricStatusFailureLimit
    ['failed 3 > failureLimit 2', { failureLimit: 2, interval: '60s' }, { failed: 3, count: 3 }, 'Failed', 'Failed'],
    ['failed 3 = failureLimit 3', { failureLimit: 3, interval: '60s' }, { failed: 3, count: 3 }, 'Running', 'Successful'],
    // TestAssessMetricStatusConsecutiveSuccessLimit (failureLimit -1)
    ['streak 3 = limit 3, no count', { failureLimit: -1, consecutiveSuccessLimit: 3, interval: '60s' }, { failed: 3, successful: 4, consecutiveSuccess: 3, count: 7 }, 'Successful', 'Successful'],
    ['streak 3 < limit 5, no count', { failureLimit: -1, consecutiveSuccessLimit: 5, interval: '60s' }, { failed: 3, successful: 4, consecutiveSuccess: 3, count: 7 }, 'Running', 'Successful'],
    ['streak 3 < limit 5, count 7 reached', { failureLimit: -1, consecutiveSuccessLimit: 5, count: 7, interval: '60s' }, { failed: 3, successful: 4, consecutiveSuccess: 3, count: 7 }, 'Failed', 'Failed'],
    ['streak 3 = limit 3, count 7 reached', { failureLimit: -1, consecutiveSuccessLimit: 3, count: 7, interval: '60s' }, { failed: 3, successful: 4, consecutiveSuccess: 3, count: 7 }, 'Successful', 'Successful'],
    ['streak 3 = limit 3, count 9 not reached', { failureLimit: -1, consecutiveSuccessLimit: 3, count: 9, interval: '60s' }, { failed: 3, successful: 4, consecutiveSuccess: 3, count: 7 }, 'Successful', 'Successful'],
    ['streak 3 < limit 5, count 9 not reached', { failureLimit: -1, consecutiveSuccessLimit: 5, count: 9, interval: '60s' }, { failed: 3, successful: 4, consecutiveSuccess: 3, count: 7 }, 'Running', 'Successful'],
    // TestAssessMetricStatusFailureLimitAndConsecutiveSuccessLimit (both 4), no count
    ['both: neither limit, no count', { failureLimit: 4, consecutiveSuccessLimit: 4, interval: '60s' }, { failed: 3, successful: 4, consecutiveSuccess: 3, count: 7 }, 'Running', 'Successful'],
    ['both: failure passed, no count', { failureLimit: 4, consecutiveSuccessLimit: 4, interval: '60s' }, { failed: 5, successful: 9, consecutiveSuccess: 0, count: 9 }, 'Failed', 'Failed'],
    ['both: streak reached, no count', { failureLimit: 4, consecutiveSuccessLimit: 4, interval: '60s' }, { failed: 3, successful: 5, consecutiveSuccess: 4, count: 8 }, 'Successful', 'Successful'],
    ['both: both passed, no count', { failureLimit: 4, consecutiveSuccessLimit: 4, interval: '60s' }, { failed: 5, successful: 5, consecutiveSuccess: 4, count: 10 }, 'Failed', 'Failed'],
    // … count 10 reached
    ['both: neither limit, count reached', { failureLimit: 4, consecutiveSuccessLimit: 4, count: 10, interval: '60s' }, { failed: 4, successful: 6, consecutiveSuccess: 3, count: 10 }, 'Inconclusive', 'Inconclusive'],
    ['both: failure passed, count reached', { failureLimit: 4, consecutiveSuccessLimit: 4, count: 10, interval: '60s' }, { failed: 5, successful: 5, consecutiveSuccess: 3, count: 10 }, 'Failed', 'Failed'],
    ['both: streak reached, count reached', { failureLimit: 4, consecutiveSuccessLimit: 4, count: 10, interval: '60s' }, { failed: 4, successful: 6, consecutiveSuccess: 4, count: 10 }, 'Successful', 'Successful'],
    ['both: both passed, count reached', { failureLimit: 4, consecutiveSuccessLimit: 4, count: 10, interval: '60s' }, { failed: 5, successful: 5, consecutiveSuccess: 4, count: 10 }, 'Failed', 'Failed'],
    // … count 10 not reached
    ['both: neither limit, count not reached', { failureLimit: 4, consecutiveSuccessLimit: 4, count: 10, interval: '60s' }, { failed: 3, successful: 5, consecutiveSuccess: 3, count: 8 }, 'Running', 'Successful'],
    ['both: failure passed, count not reached', { failureLimit: 4, consecutiveSuccessLimit: 4, count: 10, interval: '60s' }, { failed: 5, successful: 3, consecutiveSuccess: 3, count: 8 }, 'Failed', 'Failed'],
    ['both: streak reached, count not reached', { failureLimit: 4, consecutiveSuccessLimit: 4, count: 10, interval: '60s' }, { failed: 3, successful: 5, consecutiveSuccess: 4, count: 8 }, 'Successful', 'Successful'],
    ['both: both passed, count not reached', { failureLimit: 4, consecutiveSuccessLimit: 4, count: 10, interval: '60s' }, { failed: 5, successful: 4, consecutiveSuccess: 4, count: 9 }, 'Failed', 'Failed'],
    // TestAssessMetricStatusInconclusiveLimit
    ['inconclusive 3 > limit 2', { inconclusiveLimit: 2, interval: '60s' }, { inconclusive: 3, count: 3 }, 'Inconclusive', 'Inconclusive'],
    ['inconclusive 3 = limit 3', { inconclusiveLimit: 3, interval: '60s' }, { inconclusive: 3, count: 3 }, 'Running', 'Successful'],
    // TestAssessMetricStatusConsecutiveErrors (default limit 4)
    ['5 errors in a row > 4', { interval: '60s' }, { consecutiveError: 5, count: 5 }, 'Error', 'Error'],
    ['4 errors in a row = 4', { interval: '60s' }, { consecutiveError: 4, count: 5 }, 'Running', 'Successful'],
    ['consecutiveErrorLimit 0: the first error', { interval: '60s', consecutiveErrorLimit: 0 }, { consecutiveError: 1, error: 1 }, 'Error', 'Error'],
    // TestAssessMetricStatusCountReached
    ['count 10 reached, all successful', { count: 10 }, { successful: 10, count: 10 }, 'Successful', 'Successful'],
    ['count 10 reached, 5 inconclusive', { count: 10 }, { successful: 5, inconclusive: 5, count: 10 }, 'Inconclusive', 'Inconclusive'],
    ['limits as strings', { failureLimit: '2', interval: '60s' }, { failed: 3, count: 3 }, 'Failed', 'Failed'],
  ])('%s', (_case, metricFields, counters, running, terminating) => {
    const metric = aMetric('success-rate', metricFields);
    expect(assessMetric(metric, counts(counters), false)).toBe(running);
    expect(assessMetric(metric, counts(counters), true)).toBe(terminating);
  });

  it('no measurements yet: Pending, or Successful when stopping (TestAssessMetricStatusNoMeasurements)', () => {
    expect(assessMetric(aMetric('success-rate'), aResult('success-rate'), false)).toBe('Pending');
    expect(assessMetric(aMetric('success-rate'), aResult('success-rate'), true)).toBe('Successful');
  });

  it('an in-flight measurement keeps it Running (TestAssessMetricStatusInFlightMeasurement)', () => {
    const result = aResult('success-rate', { measurements: [finished('Successful'), inFlight(0)] });
    expect(assessMetric(aMetric('success-rate'), result, false)).toBe('Running');
    expect(assessMetric(aMetric('success-rate'), result, true)).toBe('Running');
  });
});

describe('metricFailure (assessMetricFailureInconclusiveOrError)', () => {
  it.each<[Partial<Metric>, Partial<MetricResult>, ReturnType<typeof metricFailure>]>([
    [{}, { failed: 1 }, { phase: 'Failed', message: 'failed (1) > failureLimit (0)' }],
    [{}, { inconclusive: 1 }, { phase: 'Inconclusive', message: 'inconclusive (1) > inconclusiveLimit (0)' }],
    [{}, { consecutiveError: 5 }, { phase: 'Error', message: 'consecutiveErrors (5) > consecutiveErrorLimit (4)' }],
    [{ failureLimit: 1 }, { failed: 2 }, { phase: 'Failed', message: 'failed (2) > failureLimit (1)' }],
    [{ failureLimit: -1 }, { failed: 9 }, { message: '' }],
    // The later check wins: errors over inconclusive over failures.
    [{}, { failed: 1, inconclusive: 1, consecutiveError: 5 }, { phase: 'Error', message: 'consecutiveErrors (5) > consecutiveErrorLimit (4)' }],
    [{}, { failed: 1, inconclusive: 1 }, { phase: 'Inconclusive', message: 'inconclusive (1) > inconclusiveLimit (0)' }],
  ])('%j with %j → %j', (metricFields, counters, verdict) => {
    expect(metricFailure(aMetric('m', metricFields), counts(counters))).toEqual(verdict);
  });
});

describe('isWorse (TestIsWorst)', () => {
  it.each<[AnalysisPhase, AnalysisPhase, boolean]>([
    ['Successful', 'Successful', false],
    ['Successful', 'Inconclusive', true],
    ['Successful', 'Error', true],
    ['Successful', 'Failed', true],
    ['Inconclusive', 'Successful', false],
    ['Inconclusive', 'Error', true],
    ['Inconclusive', 'Failed', true],
    ['Error', 'Inconclusive', false],
    ['Error', 'Failed', true],
    ['Failed', 'Error', false],
    ['Failed', 'Failed', false],
  ])('%s → %s: %s', (current, next, worse) => {
    expect(isWorse(current, next)).toBe(worse);
  });
});

// newTerminatingRun of analysis_test.go: "run-forever" in flight, "failed-metric" already ended with `phase`.
function terminatingRun(phase: AnalysisPhase, dryRun: boolean): AnalysisRun {
  const counter = { Failed: { failed: 1 }, Inconclusive: { inconclusive: 1 }, Error: { error: 1 } }[phase as 'Failed'];
  return aRun(
    [aMetric('run-forever'), aMetric('failed-metric')],
    {
      metricResults: [
        aResult('run-forever', { dryRun, measurements: [inFlight(60)] }),
        aResult('failed-metric', { phase, count: 1, dryRun, measurements: [finished(phase, 60)], ...counter }),
      ],
    },
    dryRun ? { dryRun: [{ metricName: 'run-forever' }, { metricName: 'failed-metric' }] } : {},
  );
}

const BOTH_DRY = new Set(['run-forever', 'failed-metric']);

describe('assessRun (assessRunStatus)', () => {
  it('one metric still running keeps the run Running; otherwise the worst completed phase (TestAssessRunStatus)', () => {
    const metrics = [aMetric('latency'), aMetric('success-rate')];
    expect(assessRun({ run: aRun(metrics, { metricResults: [aResult('latency', { phase: 'Successful' }), aResult('success-rate')] }), now: NOW }).phase).toBe('Running');
    const done = assessRun({ run: aRun(metrics, { metricResults: [aResult('latency', { phase: 'Successful' }), aResult('success-rate', { phase: 'Failed' })] }), now: NOW });
    expect([done.phase, done.message]).toEqual(['Failed', '']);
    expect(done.status.completedAt).toBe(at(0));
  });

  it('updates metric phases from their counters; the run waits for the rest (TestAssessRunStatusUpdateResult)', () => {
    const run = aRun([aMetric('sleep-infinity'), aMetric('fail-after-30')], {
      metricResults: [aResult('sleep-infinity', { measurements: [inFlight(60)] }), aResult('fail-after-30', { count: 1, failed: 1, measurements: [finished('Failed', 60)] })],
    });
    const assessed = assessRun({ run, now: NOW });
    expect([assessed.phase, assessed.message]).toEqual(['Running', '']);
    expect(assessed.status.metricResults?.[1].phase).toBe('Failed');
  });

  it.each<[string, boolean, Partial<MetricResult>, string | undefined, AnalysisPhase, string, object]>([
    // TestAssessRunStatusErrorMessageAnalysisPhaseFail (+ InDryRunMode)
    ['a failed metric', false, {}, undefined, 'Failed', 'Metric "failed-metric" assessed Failed due to failed (1) > failureLimit (0)', {}],
    ['a failed dry-run metric', true, {}, undefined, 'Successful', '', { count: 2, successful: 1, failed: 1 }],
    // TestAssessRunStatusErrorMessageFromProvider (+ InDryRunMode)
    ['with the provider’s message', false, {}, 'Provider Error', 'Failed', 'Metric "failed-metric" assessed Failed due to failed (1) > failureLimit (0): "Error Message: Provider Error"', {}],
    ['with the provider’s message, dry run', true, {}, 'Provider Error', 'Successful', '', { count: 2, successful: 1, failed: 1 }],
    // TestAssessRunStatusMultipleFailures (+ InDryRunMode): the first failed metric names the run
    ['two failed metrics', false, { phase: 'Failed', failed: 1 }, undefined, 'Failed', 'Metric "run-forever" assessed Failed due to failed (1) > failureLimit (0)', {}],
    ['two failed dry-run metrics', true, { phase: 'Failed', failed: 1 }, undefined, 'Successful', '', { count: 2, failed: 2 }],
  ])('%s', (_case, dryRun, runForever, providerMessage, phase, message, dryRunSummary) => {
    const run = terminatingRun('Failed', dryRun);
    const results = run.status?.metricResults ?? [];
    results[0] = { ...results[0], phase: 'Successful', ...runForever };
    if (providerMessage !== undefined) results[1] = { ...results[1], message: providerMessage };
    const assessed = assessRun({ run, now: NOW, dryRun: dryRun ? BOTH_DRY : new Set() });
    expect([assessed.phase, assessed.message]).toEqual([phase, message]);
    expect(assessed.status.dryRunSummary).toEqual(dryRunSummary);
  });

  it('dry-run metrics record how they would have ended (TestAssessRunStatusWorstMessageInReconcileAnalysisRunInDryRunMode)', () => {
    const run = terminatingRun('Failed', true);
    const results = run.status?.metricResults ?? [];
    results[0] = { ...results[0], phase: 'Failed', failed: 1 };
    const assessed = assessRun({ run, now: NOW, dryRun: BOTH_DRY });
    expect(assessed.status.metricResults?.map((r) => r.message)).toEqual(['Metric assessed Failed due to failed (1) > failureLimit (0)', 'Metric assessed Failed due to failed (1) > failureLimit (0)']);
    expect(assessed.status.runSummary).toEqual({});
  });

  it('only dry-run metrics: always Successful (TestAssessRunStatusWithOnlyDryRunMetrics)', () => {
    const run = aRun([aMetric('success-metric')], { metricResults: [aResult('success-metric', { phase: 'Successful', count: 1, successful: 1, dryRun: true, measurements: [finished('Successful')] })] });
    expect(assessRun({ run, now: NOW, dryRun: new Set(['success-metric']) }).phase).toBe('Successful');
  });

  it('a dry-run failure does not make the run worse (TestAssessRunStatusWithMixedMetrics)', () => {
    const run = aRun([aMetric('run-forever'), aMetric('success-metric')], {
      metricResults: [
        aResult('run-forever', { inconclusive: 1, measurements: [finished('Inconclusive')] }),
        aResult('success-metric', { phase: 'Successful', count: 1, failed: 1, dryRun: true, measurements: [finished('Failed')] }),
      ],
    });
    const assessed = assessRun({ run, now: NOW, dryRun: new Set(['success-metric']) });
    expect([assessed.phase, assessed.message]).toEqual(['Inconclusive', 'Metric "run-forever" assessed Inconclusive due to inconclusive (1) > inconclusiveLimit (0)']);
    expect(assessed.status.runSummary).toEqual({ count: 1, inconclusive: 1 });
    // The dry-run metric's own counters say Failed, whatever phase it was left in.
    expect(assessed.status.dryRunSummary).toEqual({ count: 1, failed: 1 });
  });

  it.each<[boolean, object]>([
    [false, {}],
    [true, { count: 1 }],
  ])('terminated before any measurement: Successful, "Run Terminated" (TestTerminateAnalysisRun, dry run %s)', (dryRun, dryRunSummary) => {
    const run = aRun([aMetric('success-rate', { initialDelay: '20s', interval: '20s' })], { startedAt: at(0) }, { terminate: true });
    const assessed = assessRun({ run, now: NOW, dryRun: dryRun ? new Set(['success-rate']) : new Set() });
    expect([assessed.phase, assessed.message]).toEqual(['Successful', 'Run Terminated']);
    expect(assessed.status.dryRunSummary).toEqual(dryRunSummary);
  });

  it.each<AnalysisPhase>(['Failed', 'Inconclusive', 'Error'])(
    'a sibling that ended %s ends the run with its phase once the in-flight one is terminated (TestReconcileAnalysisRunTerminateSiblingAfterFail)',
    (phase) => {
      const run = terminatingRun(phase, false);
      const results = run.status?.metricResults ?? [];
      results[0] = { ...results[0], inconclusive: 1, count: 1, measurements: [finished('Inconclusive', 0, { message: 'Metric Terminated' })] };
      const assessed = assessRun({ run, now: NOW });
      expect(assessed.phase).toBe(phase);
      expect(assessed.status.metricResults?.[0]).toMatchObject({ phase: 'Inconclusive', message: 'Metric Terminated' });
    },
  );

  it('keeps the message when the phase does not change, and sets startedAt once', () => {
    const run = aRun([aMetric('m', { interval: '10s' })], { message: 'kept', metricResults: [aResult('m', { successful: 1, count: 1, measurements: [finished('Successful')] })] });
    const assessed = assessRun({ run, now: NOW });
    expect(assessed.status).toMatchObject({ phase: 'Running', message: 'kept', startedAt: at(0), runSummary: { count: 1 }, dryRunSummary: {} });
    expect(assessRun({ run: { ...run, status: { ...assessed.status } }, now: NOW.plus({ minutes: 1 }) }).status.startedAt).toBe(at(0));
  });

  it('initialStatus starts Pending with startedAt', () => {
    expect(initialStatus(aRun([aMetric('m')], { startedAt: at(-5) }), NOW)).toEqual({ phase: 'Running', startedAt: at(-5) });
    expect(initialStatus({ spec: { metrics: [] } }, NOW)).toEqual({ phase: 'Pending', startedAt: at(0) });
  });
});
