import { describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { createProviderRegistry } from '../../../../src/analysis/providers/registry.js';
import { ANALYSIS_RUN_METRIC_ANNOTATION, ANALYSIS_RUN_UID_LABEL, buildMetricJob, metricJobName, selectorText } from '../../../../src/analysis/providers/job-manifest.js';
import type { Metric, MetricProvider as ProviderSpec } from '../../../../src/api/types.js';
import type { JobPort, ReadSecret } from '../../../../src/analysis/ports.js';
import { aRun } from './fake-http.js';

// Building the registry makes no API call; any use of these ports would be a bug in these tests.
const unusedJobs = new Proxy({}, { get: () => () => Promise.reject(new Error('not used')) }) as JobPort;
const unusedSecrets: ReadSecret = () => Promise.reject(new Error('not used'));
const registry = createProviderRegistry({ log: pino({ level: 'silent' }), jobs: unusedJobs, readSecret: unusedSecrets, controllerNamespace: 'argo-rollouts' });
const metric = (provider: ProviderSpec): Metric => ({ name: 'm', provider });

describe('createProviderRegistry', () => {
  it.each<[string, ProviderSpec]>([
    ['prometheus', { prometheus: { address: 'http://p:9090', query: 'up' } }],
    ['web', { web: { url: 'http://x' } }],
    ['datadog', { datadog: { query: 'q' } }],
    ['job', { job: { spec: { template: { spec: { containers: [{ name: 'c' }] } } } } }],
  ])('gives the %s provider', (kind, provider) => {
    expect(registry.providerFor(metric(provider))).toMatchObject({ kind });
  });

  it.each<[string, ProviderSpec]>([
    ['kayenta', { kayenta: {} } as ProviderSpec],
    ['newRelic', { newRelic: { query: 'SELECT 1' } }],
    ['wavefront', { wavefront: { query: 'q' } }],
    ['cloudWatch', { cloudWatch: {} } as ProviderSpec],
    ['graphite', { graphite: { query: 'q' } }],
    ['influxdb', { influxdb: { query: 'q' } }],
    ['skywalking', { skywalking: { query: 'q' } }],
    ['plugin', { plugin: { 'argoproj-labs/sample': {} } }],
  ])('says %s is not supported', (kind, provider) => {
    expect(registry.providerFor(metric(provider))).toEqual({ error: `metric provider '${kind}' is not supported by this controller` });
  });

  it('says so when a metric sets no provider, or several', () => {
    expect(registry.providerFor(metric({} as ProviderSpec))).toEqual({ error: "no valid provider in metric 'm'" });
    expect(registry.providerFor(metric({ web: { url: 'x' }, prometheus: {} }))).toEqual({ error: "metric 'm' sets more than one provider: prometheus, web" });
  });
});

describe('the job metric\'s Job, as Argo makes it', () => {
  const jobSpec = { metadata: { labels: { team: 'shop' }, annotations: { note: 'x' } }, spec: { backoffLimit: 0, template: { metadata: { labels: { app: 'smoke' } }, spec: { containers: [{ name: 'c', image: 'busybox' }], restartPolicy: 'Never' } } } };
  const smoke: Metric = { name: 'smoke', provider: { job: jobSpec } };

  it('is named <run uid>.<metric>.<measurements + 1>', () => {
    const run = aRun();
    expect(metricJobName(run, smoke)).toBe('6b3c1a4e-2f0d-4d8b-9c55-1a2b3c4d5e6f.smoke.1');
    run.status = { phase: 'Running', metricResults: [{ name: 'smoke', phase: 'Running', count: 2, error: 1 }] };
    expect(metricJobName(run, smoke)).toBe('6b3c1a4e-2f0d-4d8b-9c55-1a2b3c4d5e6f.smoke.4');
  });

  it('shortens the metric name to keep the name within 63 characters', () => {
    const long: Metric = { ...smoke, name: 'a-very-long-metric-name-that-goes-on-and-on' };
    const name = metricJobName(aRun(), long);
    expect(name).toBe('6b3c1a4e-2f0d-4d8b-9c55-1a2b3c4d5e6f.a-very-long-metric-name.1');
    const cut = metricJobName(aRun(), { ...smoke, name: 'abcdefghijklmnopqrstuvwxyz' });
    expect(cut).toBe('6b3c1a4e-2f0d-4d8b-9c55-1a2b3c4d5e6f.abcdefghijklmnopqrstuvwx.1');
    expect(cut).toHaveLength(63);
  });

  it('carries Argo\'s labels, annotations and controller owner reference', () => {
    const job = buildMetricJob(aRun(), smoke, jobSpec);
    expect(job.metadata).toEqual({
      name: '6b3c1a4e-2f0d-4d8b-9c55-1a2b3c4d5e6f.smoke.1',
      namespace: 'shop',
      labels: { team: 'shop', [ANALYSIS_RUN_UID_LABEL]: '6b3c1a4e-2f0d-4d8b-9c55-1a2b3c4d5e6f' },
      annotations: {
        note: 'x',
        'analysisrun.argoproj.io/name': 'checkout-analysis',
        'analysisrun.argoproj.io/namespace': 'shop',
        [ANALYSIS_RUN_METRIC_ANNOTATION]: 'smoke',
      },
      ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisRun', name: 'checkout-analysis', uid: '6b3c1a4e-2f0d-4d8b-9c55-1a2b3c4d5e6f', controller: true, blockOwnerDeletion: true }],
    });
    expect((job.spec as typeof jobSpec.spec).template.metadata.labels).toEqual({ app: 'smoke', [ANALYSIS_RUN_UID_LABEL]: '6b3c1a4e-2f0d-4d8b-9c55-1a2b3c4d5e6f' });
    expect(jobSpec.spec.template.metadata.labels).toEqual({ app: 'smoke' });
  });

  it('has no owner reference in another namespace (ARGO_ROLLOUTS_ANALYSIS_JOB_NAMESPACE)', () => {
    const job = buildMetricJob(aRun(), smoke, jobSpec, 'analysis-jobs');
    expect(job.metadata?.namespace).toBe('analysis-jobs');
    expect(job.metadata?.ownerReferences).toBeUndefined();
  });

  it('writes a label selector as the API takes it', () => {
    expect(selectorText({ matchLabels: { 'batch.kubernetes.io/controller-uid': 'u1' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }, { key: 'x', operator: 'Exists' }, { key: 'y', operator: 'DoesNotExist' }, { key: 'z', operator: 'NotIn', values: ['c'] }] }))
      .toBe('batch.kubernetes.io/controller-uid=u1,tier in (a,b),x,!y,z notin (c)');
  });
});
