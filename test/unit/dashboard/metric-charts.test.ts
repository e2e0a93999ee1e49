import { describe, expect, it } from '@jest/globals';
import { measuredNumber, metricCharts, parseThreshold, resolveArgs } from '../../../src/dashboard/metric-charts.js';
import { stepViews } from '../../../src/dashboard/dashboard-model.js';
import type { AnalysisRun } from '../../../src/api/types.js';

describe('parseThreshold', () => {
  it.each([
    ['result[0] >= 0.95', { op: '>=', value: 0.95 }],
    ['result >= 0.99', { op: '>=', value: 0.99 }],
    ['result.code == 200', { op: '==', value: 200 }],
    ['result[0] < 500', { op: '<', value: 500 }],
    ['0.5 < result', { op: '>', value: 0.5 }],
    ['len(result) > 0 && result[0] < 500', undefined],
    ['all(result, {# > 0.9})', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%s → %j', (condition, expected) => {
    expect(parseThreshold(condition)).toEqual(expected);
  });
});

describe('measuredNumber', () => {
  it.each([
    ['0.97', 0.97],
    ['[0.97, 0.5]', 0.97],
    ['{"code":200}', 200],
    ['[]', null],
    ['true', null],
    [undefined, null],
  ])('%s → %s', (value, expected) => {
    expect(measuredNumber(value)).toBe(expected);
  });
});

describe('stepViews', () => {
  it.each([
    [0, ['current', 'pending', 'pending']],
    [1, ['done', 'current', 'pending']],
    [3, ['done', 'done', 'done']],
    [undefined, ['current', 'pending', 'pending']],
  ])('currentStepIndex %s → %j', (index, states) => {
    expect(stepViews(['setWeight: 20', 'pause', 'setWeight: 60'], index).map((s) => s.state)).toEqual(states);
  });
});

describe('metricCharts', () => {
  it('gives each metric its measurements in order and the threshold of its success condition', () => {
    const run = {
      metadata: { name: 'r' },
      spec: { metrics: [{ name: 'success-rate', successCondition: 'result[0] >= 0.95', provider: { web: { url: 'http://x' } } }, { name: 'errors', provider: { web: { url: 'http://x' } } }] },
      status: {
        phase: 'Running',
        metricResults: [{ name: 'success-rate', phase: 'Running', measurements: [
          { phase: 'Successful', value: '[0.97]', finishedAt: '2026-01-01T00:00:10Z' },
          { phase: 'Failed', value: '[0.9]', finishedAt: '2026-01-01T00:00:20Z' },
        ] }],
      },
    } as unknown as AnalysisRun;
    expect(metricCharts(run)).toEqual([
      { metric: 'success-rate', phase: 'Running', successCondition: 'result[0] >= 0.95', failureCondition: '', threshold: { op: '>=', value: 0.95 }, points: [
        { time: '2026-01-01T00:00:10Z', value: 0.97, phase: 'Successful' },
        { time: '2026-01-01T00:00:20Z', value: 0.9, phase: 'Failed' },
      ] },
      { metric: 'errors', phase: 'Pending', successCondition: '', failureCondition: '', points: [] },
    ]);
  });
});

describe('resolveArgs', () => {
  const run = { spec: { metrics: [], args: [{ name: 'min-score', value: '0.9' }, { name: 'key', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] } } as unknown as AnalysisRun;
  it.each([
    ['result >= {{args.min-score}}', 'result >= 0.9'],
    ['result >= {{ args.min-score }}', 'result >= 0.9'],
    ['result == {{args.key}}', 'result == {{args.key}}'],
    [undefined, ''],
  ])('%s → %s', (condition, expected) => {
    expect(resolveArgs(condition, run)).toBe(expected);
  });
});
