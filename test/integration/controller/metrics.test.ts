import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { closedPort } from '../../helpers/analysis-runs.js';
import { kubectlRollouts, pluginPathDir, startControllerProcess, type RunningController } from '../../helpers/controller-process.js';
import { RolloutProbe } from '../../helpers/rollout-fixtures.js';
import { eventually, startSimProcess, type RunningSim } from '../../helpers/sim-process.js';

// Given rollouts-sim and one controller process with --metrics-port and --healthz-port: /readyz answers
// 503 while the caches have not synced (the simulator holds the Rollout list back) and 200 after;
// /metrics, on its own port, describes a canary paused after a Job analysis step with Argo's metric
// names and labels, counts the controller's API requests, its work queues and its reconciles; the
// gauges follow the objects (Paused → Completed, gone once deleted).

interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** The samples of `name` in a Prometheus text exposition (no escaped quotes in our label values). */
function samplesOf(text: string, name: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (m?.[1] !== name) continue;
    const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    out.push({ labels, value: Number(m[3]) });
  }
  return out;
}

const matching = (samples: Sample[], labels: Record<string, string>): Sample[] => samples.filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v));
const valueOf = (samples: Sample[], labels: Record<string, string>): number | undefined => matching(samples, labels)[0]?.value;

const STEPS = `      - setWeight: 50
      - analysis:
          templates: [{templateName: job-smoke-test}]
          args:
            - {name: url, value: "http://metered-canary.default.svc.cluster.local/"}
      - pause: {}`;

describe('controller /metrics, /healthz and /readyz', () => {
  let sim: RunningSim;
  let controller: RunningController | undefined;
  let metricsPort: number;
  let healthPort: number;
  const get = async (port: number, path: string): Promise<{ status: number; text: string }> => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`);
    return { status: res.status, text: await res.text() };
  };
  const scrape = async (): Promise<string> => {
    const res = await get(metricsPort, '/metrics');
    expect(res.status).toBe(200);
    return res.text;
  };

  beforeAll(async () => {
    sim = await startSimProcess({ podReadySeconds: 0.3, jobSeconds: 0.3 });
    expect((await sim.kubectl(['apply', '-k', 'crds/'])).code).toBe(0);
    expect((await sim.kubectl(['apply', '-f', 'analysis/templates/job-smoke-test.yaml'])).code).toBe(0);
    metricsPort = await closedPort();
    healthPort = await closedPort();
  }, 30_000);

  afterAll(async () => {
    await controller?.kill();
    await sim.stop();
  });

  it('answers /readyz 503 until the caches have synced, then 200; /healthz and /metrics answer throughout', async () => {
    // The simulator holds every Rollout list for 4 s: the Rollout informer cannot sync before.
    expect((await sim.request('PUT', '/_sim/faults', { latencyMs: 4000, verbs: ['list'], resources: ['rollouts'] })).status).toBe(200);
    controller = startControllerProcess(sim, ['--healthz-port', String(healthPort), '--metrics-port', String(metricsPort)]);
    await eventually(async () => ((await get(healthPort, '/healthz').catch(() => undefined))?.status === 200 ? true : undefined), 'the health server is up');
    expect(await get(healthPort, '/readyz')).toEqual({ status: 503, text: 'caches not synced' });
    expect((await get(metricsPort, '/metrics')).status).toBe(200);
    expect((await get(metricsPort, '/healthz')).status).toBe(404);
    await sim.request('DELETE', '/_sim/faults');
    // The held list returns once its 4 s are up; nothing else delays the sync.
    await eventually(async () => ((await get(healthPort, '/readyz')).status === 200 ? true : undefined), '/readyz 200', 10_000);
    expect(controller.logs()).toContain('caches synced');
  }, 30_000);

  it('describes a canary paused after its Job analysis with Argo’s metrics, then follows it to Completed and to deletion', async () => {
    const ro = new RolloutProbe(sim, 'metered');
    await ro.deployFirst('metered:1', { steps: STEPS });
    await ro.apply('metered:2', { steps: STEPS });
    await ro.until('paused after the analysis step', (s) => s.currentStepIndex === 2 && (s.pauseConditions?.length ?? 0) > 0, 20_000);
    const run = await eventually(async () => {
      const runs = JSON.parse((await sim.kubectl(['get', 'analysisruns', '-o', 'json'])).stdout) as { items: { metadata: { name: string }; status?: { phase?: string } }[] };
      return runs.items.find((r) => r.status?.phase === 'Successful')?.metadata.name;
    }, 'the successful analysis run');

    const text = await scrape();
    const ids = { namespace: 'default', name: 'metered' };
    // Object gauges, from the caches.
    expect(matching(samplesOf(text, 'rollout_info'), ids)).toEqual([{ labels: { ...ids, strategy: 'canary', traffic_router: '', phase: 'Paused' }, value: 1 }]);
    expect(valueOf(samplesOf(text, 'rollout_info_replicas_desired'), ids)).toBe(6);
    expect(valueOf(samplesOf(text, 'rollout_info_replicas_available'), ids)).toBe(6);
    expect(valueOf(samplesOf(text, 'rollout_info_replicas_updated'), ids)).toBe(3);
    expect(valueOf(samplesOf(text, 'rollout_info_replicas_unavailable'), ids)).toBe(0);
    expect(matching(samplesOf(text, 'rollout_phase'), ids).filter((s) => s.value === 1).map((s) => s.labels.phase)).toEqual(['Paused']);
    const runIds = { namespace: 'default', name: run };
    expect(matching(samplesOf(text, 'analysis_run_info'), runIds)).toEqual([{ labels: { ...runIds, phase: 'Successful' }, value: 1 }]);
    expect(valueOf(samplesOf(text, 'analysis_run_phase'), { ...runIds, phase: 'Successful' })).toBe(1);
    expect(valueOf(samplesOf(text, 'analysis_run_phase'), { ...runIds, phase: 'Running' })).toBe(0);
    expect(valueOf(samplesOf(text, 'analysis_run_metric_type'), { ...runIds, metric: 'smoke-test', type: 'Job' })).toBe(1);
    expect(valueOf(samplesOf(text, 'analysis_run_metric_phase'), { ...runIds, metric: 'smoke-test', type: 'Job', dry_run: 'false', phase: 'Successful' })).toBe(1);
    expect(valueOf(samplesOf(text, 'analysis_template_metric_info'), { namespace: 'default', name: 'job-smoke-test', type: 'Job', metric: 'smoke-test' })).toBe(1);

    // Reconciles, per object.
    expect(valueOf(samplesOf(text, 'rollout_reconcile_count'), ids)).toBeGreaterThan(0);
    expect(valueOf(samplesOf(text, 'analysis_run_reconcile_count'), runIds)).toBeGreaterThan(0);
    expect(valueOf(samplesOf(text, 'rollout_reconcile_bucket'), { ...ids, le: '+Inf' })).toBe(valueOf(samplesOf(text, 'rollout_reconcile_count'), ids));

    // API requests, with Argo's kind/verb/name rules.
    const requests = samplesOf(text, 'controller_clientset_k8s_request_total');
    expect(valueOf(requests, { kind: 'rollouts', name: 'N/A', verb: 'List', status_code: '200' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(requests, { kind: 'rollouts', verb: 'Watch', status_code: '200' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(requests, { kind: 'rollouts', namespace: 'default', name: 'metered', verb: 'Patch', status_code: '200' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(requests, { kind: 'replicasets', namespace: 'default', name: 'N/A', verb: 'Create', status_code: '201' })).toBe(2);
    expect(valueOf(requests, { kind: 'analysisruns', namespace: 'default', verb: 'Create', status_code: '201' })).toBe(1);
    expect(valueOf(requests, { kind: 'jobs', namespace: 'default', verb: 'Create', status_code: '201' })).toBe(1);

    // Work queues, client-go's names, Argo's queue names.
    for (const name of ['Rollouts', 'AnalysisRuns']) {
      expect(valueOf(samplesOf(text, 'workqueue_adds_total'), { name })).toBeGreaterThan(0);
      expect(valueOf(samplesOf(text, 'workqueue_work_duration_seconds_count'), { name })).toBeGreaterThan(0);
      expect(valueOf(samplesOf(text, 'workqueue_queue_duration_seconds_count'), { name })).toBeGreaterThan(0);
      expect(valueOf(samplesOf(text, 'workqueue_depth'), { name })).toBeDefined();
      expect(valueOf(samplesOf(text, 'workqueue_retries_total'), { name })).toBeDefined();
    }
    expect(samplesOf(text, 'argo_rollouts_controller_info')).toEqual([{ labels: { version: expect.any(String) }, value: 1 }]);

    // rollout_events_total counts exactly the events recorded about the rollout.
    const events = JSON.parse((await sim.kubectl(['get', 'events', '-o', 'json'])).stdout) as { items: { type: string; reason: string; involvedObject: { kind: string; name: string } }[] };
    const recorded: Record<string, number> = {};
    for (const e of events.items.filter((i) => i.involvedObject.kind === 'Rollout' && i.involvedObject.name === 'metered')) recorded[`${e.type}/${e.reason}`] = (recorded[`${e.type}/${e.reason}`] ?? 0) + 1;
    const counted = Object.fromEntries(matching(samplesOf(text, 'rollout_events_total'), ids).map((s) => [`${s.labels.type}/${s.labels.reason}`, s.value]));
    expect(counted).toEqual(recorded);
    expect(counted['Normal/RolloutPaused']).toBeGreaterThanOrEqual(1);

    // Promoted: the same series now says Completed.
    expect((await kubectlRollouts(sim, pluginPathDir(), ['promote', 'metered'])).code).toBe(0);
    await ro.until('healthy', (s) => s.phase === 'Healthy' && s.stableRS === s.currentPodHash, 20_000);
    const completed = await eventually(async () => {
      const info = matching(samplesOf(await scrape(), 'rollout_info'), ids);
      return info[0]?.labels.phase === 'Completed' ? info : undefined;
    }, 'rollout_info phase Completed');
    expect(completed).toHaveLength(1);

    // Deleted: its object gauges are gone at the next scrape (the informer cache is the source).
    expect((await sim.kubectl(['delete', 'rollout', 'metered'])).code).toBe(0);
    await eventually(async () => (matching(samplesOf(await scrape(), 'rollout_info'), ids).length === 0 ? true : undefined), 'rollout_info gone');
    expect(matching(samplesOf(await scrape(), 'rollout_info_replicas_desired'), ids)).toEqual([]);
  }, 60_000);

  // rollout_abort_latency_seconds: one observation per abort, labelled by what started it, timed to the
  // first traffic write (here the canary Service switching back to stable).
  it('times an abort command and an analysis that errors in rollout_abort_latency_seconds', async () => {
    const before = samplesOf(await scrape(), 'rollout_abort_latency_seconds_count');
    const countOf = (samples: Sample[], trigger: string): number => valueOf(samples, { trigger }) ?? 0;
    const ro = new RolloutProbe(sim, 'aborted-by-hand');
    await ro.deployFirst('aborted-by-hand:1', { steps: '      - setWeight: 50\n      - pause: {}' });
    await ro.apply('aborted-by-hand:2', { steps: '      - setWeight: 50\n      - pause: {}' });
    await ro.until('paused', (s) => (s.pauseConditions?.length ?? 0) > 0);
    expect((await kubectlRollouts(sim, pluginPathDir(), ['abort', 'aborted-by-hand'])).code).toBe(0);
    await ro.until('degraded', (s) => s.phase === 'Degraded');

    const broken = new RolloutProbe(sim, 'aborted-by-analysis');
    const template = `apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata: {name: unreachable}
spec:
  metrics:
    - name: health
      consecutiveErrorLimit: 0
      successCondition: result == 1
      provider: {web: {url: "http://127.0.0.1:${await closedPort()}/health"}}
`;
    expect((await sim.kubectl(['apply', '-f', '-'], template)).code).toBe(0);
    const steps = '      - setWeight: 50\n      - analysis: {templates: [{templateName: unreachable}]}';
    await broken.deployFirst('aborted-by-analysis:1', { steps });
    await broken.apply('aborted-by-analysis:2', { steps });
    await broken.until('degraded', (s) => s.phase === 'Degraded', 30_000);

    const after = await eventually(async () => {
      const text = await scrape();
      const counts = samplesOf(text, 'rollout_abort_latency_seconds_count');
      return countOf(counts, 'command') > countOf(before, 'command') && countOf(counts, 'analysis') > countOf(before, 'analysis') ? text : undefined;
    }, 'both aborts timed');
    for (const trigger of ['command', 'analysis']) {
      const seconds = valueOf(samplesOf(after, 'rollout_abort_latency_seconds_sum'), { trigger }) ?? -1;
      expect(seconds).toBeGreaterThan(0);
      expect(seconds).toBeLessThan(2);
    }
    expect(valueOf(samplesOf(after, 'rollout_abort_latency_seconds_bucket'), { trigger: 'command', le: '+Inf' })).toBe(1);
  }, 60_000);

  it('stops cleanly on SIGTERM, closing both servers', async () => {
    await scrape();
    expect(await controller?.kill('SIGTERM')).toBe(0);
    expect(controller?.logs()).toContain('"msg":"stopped"');
    await expect(get(metricsPort, '/metrics')).rejects.toThrow();
    await expect(get(healthPort, '/healthz')).rejects.toThrow();
  }, 20_000);
});
