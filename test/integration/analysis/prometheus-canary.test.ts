import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { useControllerBed } from '../../helpers/controller-bed.js';
import { startMetricsApp, type MetricsApp } from '../../helpers/metrics-app.js';
import { startPrometheus, type RunningPrometheus } from '../../helpers/prometheus-process.js';
import { RolloutProbe } from '../../helpers/rollout-fixtures.js';
import { eventually } from '../../helpers/sim-process.js';

// Given the controller on rollouts-sim, a real Prometheus scraping a metrics app in which each image's
// pods answer with their own error rate, and the library's http-success-rate template applied with
// kubectl: a release whose canary keeps its success rate goes through every step; a release whose
// canary fails `result[0] >= 0.99` is aborted within one measurement interval of breaking the
// failureLimit, with the canary scaled away and the canary service back on the stable pods.

const INTERVAL_S = 4;

interface RunView {
  metadata: { name: string; labels: Record<string, string> };
  spec: { args: { name: string; value?: string }[] };
  status?: {
    phase?: string;
    message?: string;
    metricResults?: { name: string; phase: string; count?: number; failed?: number; successful?: number; inconclusive?: number; measurements?: { phase: string; value?: string; finishedAt?: string }[] }[];
  };
}

function steps(promUrl: string): string {
  return `      - setWeight: 25
      - analysis:
          templates: [{templateName: http-success-rate}, {templateName: http-p99-latency}]
          args:
            - {name: canary-hash, valueFrom: {podTemplateHashValue: Latest}}
            - {name: namespace, valueFrom: {fieldRef: {fieldPath: metadata.namespace}}}
            - {name: prometheus-address, value: "${promUrl}"}
            - {name: window, value: 8s}
            - {name: interval, value: ${INTERVAL_S}s}
            - {name: count, value: "3"}
      - setWeight: 50
      - pause: {duration: 1s}`;
}

describe('canary analysis with a real Prometheus', () => {
  const bed = useControllerBed();
  let metrics: MetricsApp;
  let prometheus: RunningPrometheus;
  const shop = (): RolloutProbe => new RolloutProbe(bed.sim, 'shop');

  const runs = async (): Promise<RunView[]> => (JSON.parse((await bed.sim.kubectl(['get', 'analysisruns', '-o', 'json'])).stdout) as { items: RunView[] }).items;

  beforeAll(async () => {
    metrics = await startMetricsApp({ simUrl: bed.sim.url, namespace: 'default', behaviours: { 'shop:bad': { errorRate: 0.2, latencySeconds: 0.05 }, 'shop:slow': { errorRate: 0, latencySeconds: 0.8 } } });
    prometheus = await startPrometheus({ targets: [metrics.target], scrapeInterval: '1s' });
    for (const template of ['http-success-rate', 'http-p99-latency']) expect((await bed.sim.kubectl(['apply', '-f', `analysis/templates/${template}.yaml`])).code).toBe(0);
    await shop().deployFirst('shop:1', { steps: steps(prometheus.url) });
    // The stable pods' traffic is in Prometheus before any release (a new target's first scrape takes ~5 s).
    await prometheus.waitForSeries('sum(rate(http_requests_total{namespace="default"}[8s])) > 0', 30_000);
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
    await metrics?.stop();
  });

  it('a canary as healthy as stable passes its analysis step and is promoted through every step', async () => {
    const ro = shop();
    const before = await ro.status();
    await ro.apply('shop:2', { steps: steps(prometheus.url) });
    const done = await ro.until('the healthy canary promoted', (s) => s.phase === 'Healthy' && s.stableRS === s.currentPodHash && s.stableRS !== before.stableRS, 60_000);
    expect(await ro.replicasByImage()).toEqual({ 'shop:1': 0, 'shop:2': 6 });
    const run = (await runs()).find((r) => r.metadata.labels['rollouts-pod-template-hash'] === done.currentPodHash);
    expect(run?.metadata.name).toBe(`shop-${done.currentPodHash}-2-1`);
    expect(run?.spec.args).toContainEqual({ name: 'canary-hash', value: done.currentPodHash });
    expect(run?.status?.phase).toBe('Successful');
    const result = run?.status?.metricResults?.find((r) => r.name === 'success-rate');
    expect(result).toMatchObject({ phase: 'Successful', count: 3 });
    const latency = run?.status?.metricResults?.find((r) => r.name === 'p99-latency');
    expect(latency).toMatchObject({ phase: 'Successful', count: 3 });
    for (const m of (latency?.measurements ?? []).filter((x) => x.phase === 'Successful')) expect(Number(JSON.parse(m.value ?? '[]')[0])).toBeLessThan(0.1);
    // Every measurement with data saw the canary's own success rate: 1.
    const values = (result?.measurements ?? []).filter((m) => m.phase === 'Successful').map((m) => m.value);
    expect(values.length).toBeGreaterThanOrEqual(2);
    for (const v of values) expect(v).toBe('[1]');
  }, 90_000);

  it('a canary failing result[0] >= 0.99 aborts within one interval of the failureLimit, traffic back on stable', async () => {
    const ro = shop();
    const before = await ro.status();
    await ro.apply('shop:bad', { steps: steps(prometheus.url) });
    const aborted = await ro.until('the bad canary aborted', (s) => s.abort === true, 60_000);
    const abortSeenAt = Date.now();
    const run = (await runs()).find((r) => r.metadata.labels['rollouts-pod-template-hash'] === aborted.currentPodHash);
    expect(run?.status?.phase).toBe('Failed');
    const result = run?.status?.metricResults?.find((r) => r.name === 'success-rate');
    // failureLimit 1: the second failed measurement fails the metric.
    expect(result).toMatchObject({ name: 'success-rate', phase: 'Failed', failed: 2 });
    for (const m of (result?.measurements ?? []).filter((x) => x.phase === 'Failed')) expect(Number(JSON.parse(m.value ?? '[]')[0])).toBeCloseTo(0.8, 2);
    const lastFailure = Date.parse(result?.measurements?.at(-1)?.finishedAt ?? '');
    expect(abortSeenAt - lastFailure).toBeLessThan(INTERVAL_S * 1000);
    expect(aborted.message).toBe(`RolloutAborted: Rollout aborted update to revision 3: Step-based analysis phase error/failed: Metric "success-rate" assessed Failed due to failed (2) > failureLimit (1)`);

    // All traffic back on stable: the canary at 0 pods, both services on the stable pods.
    const settled = await ro.until('the canary scaled away', (s) => s.phase === 'Degraded' && s.availableReplicas === 6, 20_000);
    expect(settled.stableRS).toBe(before.stableRS);
    expect(await ro.replicasByImage()).toEqual({ 'shop:1': 0, 'shop:2': 6, 'shop:bad': 0 });
    expect(await ro.selector('shop-stable')).toBe(before.stableRS);
    expect(await eventually(async () => ((await ro.selector('shop-canary')) === before.stableRS ? true : undefined), 'canary service back on stable')).toBe(true);
    const events = (await bed.sim.kubectl(['get', 'events', '--field-selector', `involvedObject.name=${run?.metadata.name ?? ''}`, '-o', 'jsonpath={range .items[*]}{.reason}{"\\n"}{end}'])).stdout;
    expect(events).toContain('MetricFailed');
    expect(events).toContain('AnalysisRunFailed');
  }, 90_000);

  it('a canary whose p99 latency breaks the threshold is aborted on the latency metric', async () => {
    const ro = shop();
    await ro.apply('shop:slow', { steps: steps(prometheus.url) });
    const aborted = await ro.until('the slow canary aborted', (s) => s.abort === true, 60_000);
    expect(aborted.message).toBe(`RolloutAborted: Rollout aborted update to revision 4: Step-based analysis phase error/failed: Metric "p99-latency" assessed Failed due to failed (2) > failureLimit (1)`);
    const run = (await runs()).find((r) => r.metadata.labels['rollouts-pod-template-hash'] === aborted.currentPodHash);
    const latency = run?.status?.metricResults?.find((r) => r.name === 'p99-latency');
    for (const m of (latency?.measurements ?? []).filter((x) => x.phase === 'Failed')) expect(Number(JSON.parse(m.value ?? '[]')[0])).toBeGreaterThan(0.5);
    // Its success rate was fine: only latency failed it.
    expect(run?.status?.metricResults?.find((r) => r.name === 'success-rate')?.failed).toBeUndefined();
    await ro.until('the slow canary scaled away', (s) => s.phase === 'Degraded' && s.availableReplicas === 6, 20_000);
    expect(await ro.replicasByImage()).toEqual({ 'shop:1': 0, 'shop:2': 6, 'shop:bad': 0, 'shop:slow': 0 });
  }, 90_000);
});
