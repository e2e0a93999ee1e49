import { describe, expect, it } from '@jest/globals';
import { METRIC_PROVIDER_KINDS, metricProviderKind, metricProviderKinds, tagMetricProvider } from '../../../src/api/metric-provider-kind.js';
import type { MetricProvider } from '../../../src/api/types.js';

const jobSpec = { template: { spec: { containers: [{ name: 'check', image: 'busybox' }] } } };

describe('metricProviderKind', () => {
  it.each<[MetricProvider, string]>([
    [{ prometheus: { address: 'http://prometheus:9090', query: 'up' } }, 'prometheus'],
    [{ web: { url: 'http://example.com' } }, 'web'],
    [{ job: { spec: jobSpec } }, 'job'],
    [{ datadog: { query: 'avg:errors{*}' } }, 'datadog'],
    [{ newRelic: { query: 'SELECT 1' } }, 'newRelic'],
    [{ wavefront: { query: 'ts(x)' } }, 'wavefront'],
    [{ graphite: { query: 'x' } }, 'graphite'],
    [{ influxdb: { query: 'x' } }, 'influxdb'],
    [{ skywalking: { query: 'x' } }, 'skywalking'],
    [{ cloudWatch: { metricDataQueries: [] } }, 'cloudWatch'],
    [{ plugin: { 'argoproj-labs/sample': { query: 'x' } } }, 'plugin'],
    [
      {
        kayenta: {
          address: 'http://kayenta',
          application: 'app',
          canaryConfigName: 'config',
          metricsAccountName: 'm',
          configurationAccountName: 'c',
          storageAccountName: 's',
          threshold: { pass: 90, marginal: 75 },
          scopes: [],
        },
      },
      'kayenta',
    ],
  ])('%j is %s', (provider, expected) => {
    expect(metricProviderKind(provider)).toBe(expected);
    expect(tagMetricProvider(provider)?.kind).toBe(expected);
  });

  it.each<[string, unknown, string[]]>([
    ['no provider', {}, []],
    ['a null provider', { web: null }, []],
    ['two providers', { prometheus: { query: 'up' }, web: { url: 'http://x' } }, ['prometheus', 'web']],
  ])('%s has no single kind', (_label, provider, kinds) => {
    expect(metricProviderKind(provider as MetricProvider)).toBeUndefined();
    expect(metricProviderKinds(provider as MetricProvider)).toEqual(kinds);
    expect(tagMetricProvider(provider as MetricProvider)).toBeUndefined();
  });

  it('knows all twelve of Argo\'s providers', () => {
    expect([...METRIC_PROVIDER_KINDS].sort()).toEqual(
      ['cloudWatch', 'datadog', 'graphite', 'influxdb', 'job', 'kayenta', 'newRelic', 'plugin', 'prometheus', 'skywalking', 'wavefront', 'web'],
    );
  });

  it('narrows the tagged value by kind', () => {
    const tagged = tagMetricProvider({ web: { url: 'http://example.com', method: 'POST' } });
    if (tagged?.kind !== 'web') throw new Error('expected a web provider');
    expect(tagged.value.method).toBe('POST');
  });
});
