// Checks before the first measurement: ports of factory_test.go TestValidateMetrics,
// analysis_test.go TestReconcileAnalysisRunInvalid / TestResolveMetricArgsUnableToSubstitute /
// TestInvalid*ConfigThrowsError, and helpers_test.go TestFlattenTemplates / TestMergeArgs /
// TestGetDryRunMetrics / TestGetMeasurementRetentionMetrics.
import { describe, expect, it } from '@jest/globals';
import { matchRules, prepareRun, validateMetrics } from '../../../../src/analysis/engine/validate-run.js';
import type { Metric } from '../../../../src/api/types.js';
import { aMetric, aPrometheusMetric, aRun } from './fixtures.js';

const prom = (fields: Partial<Metric> = {}): Metric => aPrometheusMetric('success-rate', fields);

describe('validateMetrics (ValidateMetrics)', () => {
  it.each<[string, Metric[], string | undefined]>([
    ['count 1 < failureLimit 2', [prom({ count: 1, failureLimit: 2 })], 'metrics[0]: count (1) must be >= failureLimit + consecutiveSuccessLimit (2 + 0) if both >= 0'],
    ['count 0 is unset', [prom({ count: 0, failureLimit: 2 })], undefined],
    ['count 1 < inconclusiveLimit 2', [prom({ count: 1, inconclusiveLimit: 2 })], 'metrics[0]: count must be >= inconclusiveLimit'],
    ['count 0 with inconclusiveLimit', [prom({ count: 0, inconclusiveLimit: 2 })], undefined],
    ['a valid metric', [prom({ count: 2, interval: '60s', failureLimit: 2 })], undefined],
    ['bad interval', [prom({ count: 2, interval: '60s-typo', failureLimit: 2 })], 'metrics[0]: invalid interval string: time: unknown unit "s-typo" in duration "60s-typo"'],
    ['bad initialDelay', [prom({ count: 2, interval: '60s', initialDelay: '60s-typo', failureLimit: 2 })], 'metrics[0]: invalid startDelay string: time: unknown unit "s-typo" in duration "60s-typo"'],
    ['no metrics', [], 'no metrics specified'],
    ['count 2 without interval', [prom({ count: 2 })], 'metrics[0]: interval must be specified when count > 1'],
    ['duplicate names', [prom(), prom()], "metrics[1]: duplicate name 'success-rate'"],
    ['failureLimit -2', [prom({ failureLimit: -2 })], 'metrics[0]: failureLimit must be >= 0, or -1 to be disabled'],
    ['inconclusiveLimit -1', [prom({ inconclusiveLimit: -1 })], 'metrics[0]: inconclusiveLimit must be >= 0'],
    ['consecutiveErrorLimit -1', [prom({ consecutiveErrorLimit: -1 })], 'metrics[0]: consecutiveErrorLimit must be >= 0'],
    ['no provider', [{ name: 'success-rate', count: 1 } as Metric], 'metrics[0]: no provider specified'],
    ['empty provider', [{ name: 'success-rate', provider: {} } as Metric], 'metrics[0]: no provider specified'],
    ['two providers', [{ name: 'success-rate', provider: { prometheus: {}, web: { url: 'http://x' } } }], 'metrics[0]: multiple providers specified'],
    ['two plugins', [{ name: 'success-rate', provider: { plugin: { 'a/b': {}, 'c/d': {} } } }], 'metrics[0]: multiple providers specified'],
    ['one plugin', [{ name: 'success-rate', provider: { plugin: { 'argoproj-labs/sample': {} } } }], undefined],
    ['consecutiveSuccessLimit -1', [prom({ consecutiveSuccessLimit: -1 })], 'metrics[0]: consecutiveSuccessLimit must be >= 0'],
    ['both limits disabled', [prom({ consecutiveSuccessLimit: 0, failureLimit: -1 })], 'metrics[0]: failureLimit and consecutiveSuccessLimit cannot both be disabled'],
    ['count below failureLimit -1 + streak', [prom({ count: 2, interval: '1m', consecutiveSuccessLimit: 3, failureLimit: -1 })], 'metrics[0]: count must be >= consecutiveSuccessLimit'],
    // Beyond Argo: found before measuring instead of at each measurement.
    ['a condition that does not parse', [prom({ successCondition: 'result[0] >=' })], 'metrics[0]: invalid successCondition "result[0] >=": unexpected end of expression (1:13)'],
    ['an unknown name in a condition', [prom({ failureCondition: 'reslt > 1' })], 'metrics[0]: invalid failureCondition "reslt > 1": unknown name reslt (1:1)'],
    ['a negative count', [prom({ count: -1 })], 'metrics[0]: count (-1) must be >= 0 (0 or unset: once without an interval, until the run ends with one)'],
  ])('%s', (_case, metrics, problem) => {
    expect(validateMetrics(metrics)).toBe(problem);
  });
});

describe('prepareRun', () => {
  it('substitutes args (secrets as a placeholder) and maps dry-run and retention rules', () => {
    const run = aRun([prom({ successCondition: 'result[0] >= {{args.threshold}}', interval: '{{args.interval}}' }), aMetric('error-rate')], {}, {
      args: [
        { name: 'threshold', value: '0.95' },
        { name: 'interval', value: '30s' },
        { name: 'token', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
      ],
      dryRun: [{ metricName: 'error-.*' }],
      measurementRetention: [{ metricName: '.*', limit: 20 }, { metricName: 'success', limit: 5 }],
    });
    const prepared = prepareRun(run);
    expect(prepared.ok && prepared.run.metrics[0]).toMatchObject({ successCondition: 'result[0] >= 0.95', interval: '30s' });
    expect(prepared.ok && [...prepared.run.dryRun]).toEqual(['error-rate']);
    expect(prepared.ok && [...prepared.run.retention]).toEqual([['success-rate', 5], ['error-rate', 20]]);
  });

  it.each<[string, ReturnType<typeof aRun>, string]>([
    // TestReconcileAnalysisRunInvalid
    ['a metric without provider', aRun([{ name: 'success-rate' } as Metric]), 'Analysis spec invalid: metrics[0]: no provider specified'],
    // TestResolveMetricArgsUnableToSubstitute
    [
      'an unknown arg',
      aRun([prom({ successCondition: '{{args.does-not-exist}}', provider: { prometheus: { query: '{{args.metric-name}}' } } })]),
      'Unable to resolve metric arguments: failed to resolve {{args.metric-name}}',
    ],
    ['an arg without a value', aRun([prom()], {}, { args: [{ name: 'service' }] }), 'Unable to resolve metric arguments: argument "service" was not supplied'],
    // TestInvalidDryRunConfigThrowsError / TestInvalidMeasurementsRetentionConfigThrowsError
    ['a dry-run rule matching nothing', aRun([prom()], {}, { dryRun: [{ metricName: 'error-rate' }] }), "Analysis spec invalid: dryRun[0]: Rule didn't match any metric name(s)"],
    ['a retention rule matching nothing', aRun([prom()], {}, { measurementRetention: [{ metricName: 'error-rate', limit: 1 }] }), "Analysis spec invalid: measurementRetention[0]: Rule didn't match any metric name(s)"],
    ["a rule that is not a valid regexp ('*')", aRun([prom()], {}, { dryRun: [{ metricName: '*' }] }), "Analysis spec invalid: dryRun[0]: Rule didn't match any metric name(s)"],
    ['a bad condition', aRun([prom({ successCondition: 'result >' })]), 'Analysis spec invalid: metrics[0]: invalid successCondition "result >": unexpected end of expression (1:9)'],
  ])('%s → %s', (_case, run, message) => {
    expect(prepareRun(run)).toEqual({ ok: false, message });
  });

  it('resolves fieldRef args from the object it is given', () => {
    const run = aRun([prom({ successCondition: 'result == "{{args.app}}"' })], {}, { args: [{ name: 'app', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } }] });
    const prepared = prepareRun(run, { fieldSource: { metadata: { labels: { app: 'guestbook' } } } });
    expect(prepared.ok && prepared.run.metrics[0].successCondition).toBe('result == "guestbook"');
  });
});

describe('matchRules (GetDryRunMetrics)', () => {
  const metrics = [prom(), aMetric('error-rate')];

  it.each<[string, string[]]>([
    ['success-rate', ['success-rate']],
    ['.*', ['success-rate', 'error-rate']],
    ['rate', ['success-rate', 'error-rate']],
    ['^error', ['error-rate']],
  ])('%s matches %j', (metricName, names) => {
    const matched = matchRules('dryRun', [{ metricName }], metrics);
    expect(matched.ok && [...matched.matches.keys()]).toEqual(names);
  });
});

