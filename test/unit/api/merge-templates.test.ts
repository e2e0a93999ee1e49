// Merging templates into one run spec as Argo's FlattenTemplates / NewAnalysisRunFromTemplates / MergeArgs.
import { describe, expect, it } from '@jest/globals';
import { mergeTemplates } from '../../../src/api/merge-templates.js';
import { aMetric } from '../analysis/engine/fixtures.js';

describe('mergeTemplates (FlattenTemplates, NewAnalysisRunFromTemplates, MergeArgs)', () => {
  const foo = aMetric('foo');
  const bar = aMetric('bar');

  it('concatenates metrics and rules, keeps one copy of an arg, lets the caller fill values', () => {
    const merged = mergeTemplates(
      [
        { metrics: [foo], args: [{ name: 'service' }, { name: 'ns', value: 'default' }], dryRun: [{ metricName: 'foo' }] },
        { metrics: [bar], args: [{ name: 'service', value: 'svc' }], measurementRetention: [{ metricName: 'bar', limit: 2 }] },
      ],
      { args: [{ name: 'ns', value: 'prod' }, { name: 'unknown', value: 'x' }], dryRun: [{ metricName: 'bar' }] },
    );
    expect(merged).toEqual({
      ok: true,
      value: {
        metrics: [foo, bar],
        args: [{ name: 'service', value: 'svc' }, { name: 'ns', value: 'prod' }],
        dryRun: [{ metricName: 'bar' }, { metricName: 'foo' }],
        measurementRetention: [{ metricName: 'bar', limit: 2 }],
      },
    });
  });

  it('an empty list of templates gives no metrics and no args', () => {
    expect(mergeTemplates([])).toEqual({ ok: true, value: { metrics: [] } });
  });

  it('a caller valueFrom replaces the template arg', () => {
    const merged = mergeTemplates([{ metrics: [foo], args: [{ name: 'token' }] }], { args: [{ name: 'token', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] });
    expect(merged.ok && merged.value.args).toEqual([{ name: 'token', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }]);
  });

  it.each<[string, Parameters<typeof mergeTemplates>[0], Parameters<typeof mergeTemplates>[1], string]>([
    ['two metrics named foo', [{ metrics: [foo] }, { metrics: [foo] }], {}, "two metrics have the same name 'foo'"],
    ['two dry-run rules for foo', [{ metrics: [foo], dryRun: [{ metricName: 'foo' }] }, { metrics: [bar], dryRun: [{ metricName: 'foo' }] }], {}, "two Dry-Run metric rules have the same name 'foo'"],
    [
      'two retention rules for foo',
      [{ metrics: [foo], measurementRetention: [{ metricName: 'foo', limit: 1 }] }, { metrics: [bar], measurementRetention: [{ metricName: 'foo', limit: 2 }] }],
      {},
      "two Measurement Retention metric rules have the same name 'foo'",
    ],
    ['caller and template both set a dry-run rule for foo', [{ metrics: [foo], dryRun: [{ metricName: 'foo' }] }], { dryRun: [{ metricName: 'foo' }] }, "two Dry-Run metric rules have the same name 'foo'"],
    ['the same arg with two values', [{ metrics: [foo], args: [{ name: 'foo', value: 'true' }] }, { metrics: [bar], args: [{ name: 'foo', value: 'false' }] }], {}, "Argument `foo` specified multiple times with different values: 'true', 'false'"],
    ['an arg nobody gives a value', [{ metrics: [foo], args: [{ name: 'foo' }] }], { args: [{ name: 'foo' }] }, 'args.foo was not resolved'],
  ])('%s → %s', (_case, templates, given, message) => {
    expect(mergeTemplates(templates, given)).toEqual({ ok: false, message });
  });
});
