import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApiException, CoreV1Api, CustomObjectsApi, KubeConfig, makeInformer, PatchStrategy, setHeaderOptions, Watch, type V1ConfigMap } from '@kubernetes/client-node';
import { eventually, startSimProcess, type RunningSim } from '../../helpers/sim-process.js';

function configMap(name: string, data: Record<string, string>, labels: Record<string, string> = {}): V1ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data };
}

async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (err) {
    if (err instanceof ApiException) return err.code;
    throw err;
  }
}

// Given rollouts-sim, when @kubernetes/client-node talks to it unchanged, then informers, conflicts and 410s behave as on a cluster.
describe('rollouts-sim with @kubernetes/client-node', () => {
  let sim: RunningSim;
  let kc: KubeConfig;
  let core: CoreV1Api;

  beforeAll(async () => {
    sim = await startSimProcess();
    kc = new KubeConfig();
    kc.loadFromFile(sim.kubeconfig);
    core = kc.makeApiClient(CoreV1Api);
  });

  afterAll(async () => {
    await sim.stop();
  });

  it('an informer sees adds, updates and deletes', async () => {
    const seen: string[] = [];
    const informer = makeInformer(kc, '/api/v1/namespaces/default/configmaps', () => core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'suite=informer' }), 'suite=informer');
    informer.on('add', (o) => seen.push(`add ${o.metadata?.name}`));
    informer.on('update', (o) => seen.push(`update ${o.metadata?.name} ${o.data?.v}`));
    informer.on('delete', (o) => seen.push(`delete ${o.metadata?.name}`));
    await informer.start();
    try {
      await core.createNamespacedConfigMap({ namespace: 'default', body: configMap('one', { v: '1' }, { suite: 'informer' }) });
      await core.createNamespacedConfigMap({ namespace: 'default', body: configMap('other', { v: '1' }) });
      await core.patchNamespacedConfigMap({ name: 'one', namespace: 'default', body: { data: { v: '2' } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
      await core.deleteNamespacedConfigMap({ name: 'one', namespace: 'default' });
      await eventually(() => (seen.length >= 3 ? true : undefined), 'three informer events');
      expect(seen).toEqual(['add one', 'update one 2', 'delete one']);
      expect(informer.list()).toEqual([]);
    } finally {
      await informer.stop();
    }
  });

  it('refuses a stale update with 409 Conflict', async () => {
    const created = await core.createNamespacedConfigMap({ namespace: 'default', body: configMap('stale', { v: '1' }) });
    await core.replaceNamespacedConfigMap({ name: 'stale', namespace: 'default', body: { ...created, data: { v: '2' } } });
    const code = await statusOf(core.replaceNamespacedConfigMap({ name: 'stale', namespace: 'default', body: { ...created, data: { v: '3' } } }));
    expect(code).toBe(409);
    const current = await core.readNamespacedConfigMap({ name: 'stale', namespace: 'default' });
    expect(current.data).toEqual({ v: '2' });
  });

  it('answers a watch from a compacted resourceVersion with 410 Gone', async () => {
    const list = await core.listNamespacedConfigMap({ namespace: 'default' });
    const oldRv = list.metadata?.resourceVersion ?? '';
    await core.createNamespacedConfigMap({ namespace: 'default', body: configMap('after-list', { v: '1' }) });
    expect((await sim.request('POST', '/_sim/compact')).status).toBe(200);
    const events: { type: string; code?: number }[] = [];
    await new Promise<void>((resolve, reject) => {
      void new Watch(kc).watch('/api/v1/namespaces/default/configmaps', { resourceVersion: oldRv }, (type: string, obj: { code?: number }) => events.push({ type, code: obj.code }), (err: unknown) => (err ? reject(err instanceof Error ? err : new Error('watch failed')) : resolve()));
    });
    expect(events).toEqual([{ type: 'ERROR', code: 410 }]);
  });

  it('an informer cut off past the kept history relists after 410 and catches up', async () => {
    const names = new Set<string>();
    const informer = makeInformer(kc, '/api/v1/namespaces/default/configmaps', () => core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'suite=relist' }), 'suite=relist');
    informer.on('add', (o) => names.add(o.metadata?.name ?? ''));
    informer.on('delete', (o) => names.delete(o.metadata?.name ?? ''));
    await informer.start();
    try {
      await core.createNamespacedConfigMap({ namespace: 'default', body: configMap('before-cut', { v: '1' }, { suite: 'relist' }) });
      await eventually(() => (names.has('before-cut') ? true : undefined), 'first object');
      // Hold the re-watch for 1.5 s so that the history it needs is compacted meanwhile.
      await sim.request('PUT', '/_sim/faults', { latencyMs: 1500, verbs: ['watch'] });
      await sim.request('POST', '/_sim/watches/drop');
      await core.createNamespacedConfigMap({ namespace: 'default', body: configMap('while-cut', { v: '1' }, { suite: 'relist' }) });
      await core.deleteNamespacedConfigMap({ name: 'before-cut', namespace: 'default' });
      await sim.request('POST', '/_sim/compact');
      await sim.request('DELETE', '/_sim/faults');
      await eventually(() => (names.has('while-cut') && !names.has('before-cut') ? true : undefined), 'relisted state', 15_000);
      const requests = (await sim.request('GET', '/_sim/requests')).json as { entries: { verb: string; resource: string; code: number }[] };
      const lists = requests.entries.filter((e) => e.verb === 'list' && e.resource === 'configmaps').reduce((n, e) => n + (e as unknown as { count: number }).count, 0);
      expect(lists).toBeGreaterThanOrEqual(3);
    } finally {
      await informer.stop();
    }
  }, 30_000);

  it('pages a list with limit and continue, and filters by label and field selectors', async () => {
    for (let i = 0; i < 5; i++) await core.createNamespacedConfigMap({ namespace: 'default', body: configMap(`page-${i}`, { i: String(i) }, { suite: 'paging', even: String(i % 2 === 0) }) });
    const first = await core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'suite=paging', limit: 2 });
    expect(first.items.map((c) => c.metadata?.name)).toEqual(['page-0', 'page-1']);
    const second = await core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'suite=paging', limit: 2, _continue: first.metadata?._continue });
    expect(second.items.map((c) => c.metadata?.name)).toEqual(['page-2', 'page-3']);
    const last = await core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'suite=paging', limit: 2, _continue: second.metadata?._continue });
    expect(last.items.map((c) => c.metadata?.name)).toEqual(['page-4']);
    expect(last.metadata?._continue).toBeUndefined();
    const even = await core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'suite=paging,even in (true)' });
    expect(even.items.map((c) => c.metadata?.name)).toEqual(['page-0', 'page-2', 'page-4']);
    const byName = await core.listNamespacedConfigMap({ namespace: 'default', fieldSelector: 'metadata.name=page-3' });
    expect(byName.items.map((c) => c.metadata?.name)).toEqual(['page-3']);
    expect(await statusOf(core.listNamespacedConfigMap({ namespace: 'default', fieldSelector: 'data.i=3' }))).toBe(400);
  });

  it('keeps status and spec apart for a custom resource: generation moves with spec only', async () => {
    const crds = await sim.kubectl(['apply', '-k', 'crds/']);
    expect(crds.code).toBe(0);
    const custom = kc.makeApiClient(CustomObjectsApi);
    const ref = { group: 'argoproj.io', version: 'v1alpha1', namespace: 'default', plural: 'analysisruns' };
    const body = { apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisRun', metadata: { name: 'run' }, spec: { metrics: [{ name: 'm', provider: { web: { url: 'http://127.0.0.1:1/' } } }] }, status: { phase: 'Successful' } };
    const created = (await custom.createNamespacedCustomObject({ ...ref, body })) as { metadata: { generation: number }; status?: unknown };
    expect(created.metadata.generation).toBe(1);
    expect(created.status).toBeUndefined();
    const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
    const withStatus = (await custom.patchNamespacedCustomObjectStatus({ ...ref, name: 'run', body: { status: { phase: 'Running' }, spec: { terminate: true } } }, merge)) as { metadata: { generation: number }; status: { phase: string }; spec: { terminate?: boolean } };
    expect(withStatus.status.phase).toBe('Running');
    expect(withStatus.spec.terminate).toBeUndefined();
    expect(withStatus.metadata.generation).toBe(1);
    const withSpec = (await custom.patchNamespacedCustomObject({ ...ref, name: 'run', body: { spec: { terminate: true }, status: { phase: 'Failed' } } }, merge)) as { metadata: { generation: number }; status: { phase: string } };
    expect(withSpec.metadata.generation).toBe(2);
    expect(withSpec.status.phase).toBe('Running');
  });
});
