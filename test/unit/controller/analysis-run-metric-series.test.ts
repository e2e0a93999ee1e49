import { describe, expect, it } from '@jest/globals';
import type { AnalysisRun, Metric } from '../../../src/api/types.js';
import { metricTypeLabel, phaseSamples, runMetricSeries } from '../../../src/controller/analysis-run-metric-series.js';

const ones = (samples: { phase: string; value: number }[]): string[] => samples.filter((s) => s.value === 1).map((s) => s.phase);

describe('phaseSamples', () => {
  it.each([
    [undefined, ['Pending']],
    ['', ['Pending']],
    ['Running', ['Running']],
    ['Successful', ['Successful']],
    ['Inconclusive', ['Inconclusive']],
  ])('phase %p → 1 for %p only, over the six phases', (phase, current) => {
    const samples = phaseSamples(phase);
    expect(samples.map((s) => s.phase)).toEqual(['Pending', 'Error', 'Failed', 'Successful', 'Running', 'Inconclusive']);
    expect(ones(samples)).toEqual(current);
  });
});

describe('metricTypeLabel (Argo metricproviders.Type)', () => {
  it.each([
    [{ prometheus: { query: 'up' } }, 'Prometheus'],
    [{ job: { spec: {} } }, 'Job'],
    [{ web: { url: 'http://x' } }, 'Web'],
    [{ newRelic: { query: 'q' } }, 'NewRelic'],
    [{ skywalking: {} }, 'skywalking'],
    [{ plugin: { 'argoproj-labs/x': {} } }, 'RPCPlugin'],
    [{}, 'Unknown Provider'],
  ])('%j → %s', (provider, type) => {
    expect(metricTypeLabel({ provider } as Pick<Metric, 'provider'>)).toBe(type);
  });
});

const run = (fields: { dryRun?: { metricName: string }[]; results?: { name: string; phase: string }[] }): AnalysisRun =>
  ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisRun',
    metadata: { name: 'r', namespace: 'default' },
    spec: {
      metrics: [
        { name: 'error-rate', provider: { prometheus: { query: 'q' } } },
        { name: 'smoke', provider: { job: { spec: {} } } },
      ],
      ...(fields.dryRun ? { dryRun: fields.dryRun } : {}),
    },
    status: { phase: 'Running', metricResults: fields.results ?? [] },
  }) as unknown as AnalysisRun;

describe('runMetricSeries', () => {
  it('takes each metric’s phase from its result; a metric without a result is Pending', () => {
    const series = runMetricSeries(run({ results: [{ name: 'error-rate', phase: 'Failed' }] }));
    expect(series.map((s) => [s.metric, s.type, s.dryRun, ones(s.phases)])).toEqual([
      ['error-rate', 'Prometheus', 'false', ['Failed']],
      ['smoke', 'Job', 'false', ['Pending']],
    ]);
  });

  it.each([
    ['a rule matching one metric by regular expression', [{ metricName: 'error-.*' }], ['true', 'false']],
    ['".*" matches all', [{ metricName: '.*' }], ['true', 'true']],
    ['a rule matching nothing makes the rules invalid: none counts', [{ metricName: 'error-rate' }, { metricName: 'latency' }], ['false', 'false']],
  ])('dry_run: %s', (_name, dryRun, flags) => {
    expect(runMetricSeries(run({ dryRun })).map((s) => s.dryRun)).toEqual(flags);
  });
});
