import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../../src/kube/kube-client-types.js';
import { createControllerMetrics } from '../../../src/controller/metrics.js';
import { aRollout } from '../../fixtures/rollout-builder.js';

const paused = aRollout()
  .withName('web')
  .withReplicas(4)
  .withStatus({ replicas: 4, availableReplicas: 3, updatedReplicas: 1, conditions: [{ type: 'Progressing', status: 'True', reason: 'RolloutPaused', message: '', lastTransitionTime: '2026-01-01T00:00:00Z', lastUpdateTime: '2026-01-01T00:00:00Z' }] })
  .build() as unknown as KubeObject;

const lines = (text: string, prefix: string): string[] => text.split('\n').filter((l) => l.startsWith(prefix));

describe('createControllerMetrics', () => {
  it('computes object gauges from the registered caches at every scrape: a deleted object disappears', async () => {
    const m = createControllerMetrics({ version: '1.2.3' });
    let rollouts: KubeObject[] = [paused];
    m.observer.caches({ rollouts: () => rollouts });
    const text = await m.registry.metrics();
    expect(lines(text, 'rollout_info{')).toEqual(['rollout_info{namespace="default",name="web",strategy="canary",traffic_router="",phase="Paused"} 1']);
    expect(lines(text, 'rollout_info_replicas_unavailable{')).toEqual(['rollout_info_replicas_unavailable{namespace="default",name="web"} 1']);
    expect(lines(text, 'rollout_phase{').filter((l) => l.endsWith(' 1'))).toEqual(['rollout_phase{namespace="default",name="web",strategy="canary",phase="Paused"} 1']);
    expect(lines(text, 'rollout_phase{')).toHaveLength(6);
    expect(text).toContain('argo_rollouts_controller_info{version="1.2.3"} 1');
    rollouts = [];
    const after = await m.registry.metrics();
    expect(lines(after, 'rollout_info')).toEqual([]);
    expect(lines(after, 'rollout_phase{')).toEqual([]);
  });

  it('counts requests with Argo’s labels, reconciles per object, and drops an object’s series after the cleanup delay', async () => {
    const m = createControllerMetrics({ version: 'x', cleanupDelayMs: 20 });
    m.onRequest({ verb: 'list', resource: 'rollouts', code: 200, durationMs: 3 });
    m.onRequest({ verb: 'update', resource: 'rollouts/status', namespace: 'default', name: 'web', code: 409, durationMs: 3 });
    m.observer.reconciled('rollout', 'default/web', { seconds: 0.2, failed: false });
    m.observer.reconciled('rollout', 'default/web', { seconds: 2, failed: true });
    m.observer.rolloutEvent({ namespace: 'default', name: 'web' }, { type: 'Normal', reason: 'RolloutPaused' });
    const text = await m.registry.metrics();
    expect(text).toContain('controller_clientset_k8s_request_total{kind="rollouts",namespace="",name="N/A",verb="List",status_code="200"} 1');
    expect(text).toContain('controller_clientset_k8s_request_total{kind="rollouts",namespace="default",name="web",verb="Update",status_code="409"} 1');
    expect(text).toContain('rollout_reconcile_bucket{le="0.25",namespace="default",name="web"} 1');
    expect(text).toContain('rollout_reconcile_count{namespace="default",name="web"} 2');
    expect(text).toContain('rollout_reconcile_error{namespace="default",name="web"} 1');
    expect(text).toContain('rollout_events_total{namespace="default",name="web",type="Normal",reason="RolloutPaused"} 1');
    m.observer.deleted('rollout', 'default/web');
    await delay(60);
    const after = await m.registry.metrics();
    expect(lines(after, 'rollout_reconcile')).toEqual([]);
    expect(lines(after, 'rollout_events_total')).toEqual([]);
    // The deleted rollout's own request series go; the list's (name N/A) stays.
    expect(lines(after, 'controller_clientset_k8s_request_total')).toEqual(['controller_clientset_k8s_request_total{kind="rollouts",namespace="",name="N/A",verb="List",status_code="200"} 1']);
  });

  it('drops a deleted AnalysisRun’s request series but not those of another kind with the same name', async () => {
    const m = createControllerMetrics({ version: 'x', cleanupDelayMs: 20 });
    m.onRequest({ verb: 'patch', resource: 'analysisruns/status', namespace: 'default', name: 'web-1', code: 200, durationMs: 3 });
    m.onRequest({ verb: 'get', resource: 'secrets', namespace: 'default', name: 'web-1', code: 200, durationMs: 3 });
    m.observer.reconciled('analysisrun', 'default/web-1', { seconds: 0.2, failed: false });
    m.observer.deleted('analysisrun', 'default/web-1');
    await delay(60);
    const after = await m.registry.metrics();
    expect(lines(after, 'analysis_run_reconcile')).toEqual([]);
    expect(lines(after, 'controller_clientset_k8s_request_total')).toEqual(['controller_clientset_k8s_request_total{kind="secrets",namespace="default",name="web-1",verb="Get",status_code="200"} 1']);
  });

  it('exports client-go’s work queue metrics per queue name, at zero from the start', async () => {
    const m = createControllerMetrics({ version: 'x' });
    const q = m.observer.queue('Rollouts');
    let text = await m.registry.metrics();
    expect(text).toContain('workqueue_depth{name="Rollouts"} 0');
    expect(text).toContain('workqueue_adds_total{name="Rollouts"} 0');
    q.add?.('default/web');
    q.depth?.(1);
    q.queueLatency?.(5);
    q.workStarted?.('default/web');
    q.retry?.('default/web');
    text = await m.registry.metrics();
    expect(text).toContain('workqueue_adds_total{name="Rollouts"} 1');
    expect(text).toContain('workqueue_depth{name="Rollouts"} 1');
    expect(text).toContain('workqueue_queue_duration_seconds_bucket{le="0.01",name="Rollouts"} 1');
    expect(text).toContain('workqueue_retries_total{name="Rollouts"} 1');
    expect(lines(text, 'workqueue_longest_running_processor_seconds{name="Rollouts"}')).toHaveLength(1);
    q.workDuration?.(1500, 'default/web');
    text = await m.registry.metrics();
    expect(text).toContain('workqueue_work_duration_seconds_bucket{le="10",name="Rollouts"} 1');
    expect(text).toContain('workqueue_work_duration_seconds_bucket{le="1",name="Rollouts"} 0');
    expect(text).toContain('workqueue_unfinished_work_seconds{name="Rollouts"} 0');
  });
});
