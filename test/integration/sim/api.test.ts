import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSimProcess, type RunningSim } from '../../helpers/sim-process.js';

interface Obj {
  metadata: { name: string; resourceVersion: string; generation?: number; uid: string; deletionTimestamp?: string; finalizers?: string[]; ownerReferences?: unknown[] };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

const CM = '/api/v1/namespaces/default/configmaps';
const DEPLOY = '/apis/apps/v1/namespaces/default/deployments';

function deployment(name: string, image: string): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } } },
  };
}

// Given rollouts-sim, when clients use the API over HTTP, then object semantics match kube-apiserver's.
describe('rollouts-sim API semantics', () => {
  let sim: RunningSim;

  beforeAll(async () => {
    sim = await startSimProcess({ extraArgs: ['--bookmark-seconds', '0.3'] });
  });

  afterAll(async () => {
    await sim.stop();
  });

  it('serves /version, health, legacy and aggregated discovery, and the OpenAPI v3 index', async () => {
    expect(((await sim.request('GET', '/version')).json as { gitVersion: string }).gitVersion).toMatch(/^v1\.32/);
    expect((await sim.request('GET', '/readyz')).status).toBe(200);
    const groups = (await sim.request('GET', '/apis')).json as { groups: { name: string }[] };
    expect(groups.groups.map((g) => g.name)).toEqual(expect.arrayContaining(['apps', 'batch', 'coordination.k8s.io', 'networking.k8s.io', 'apiextensions.k8s.io']));
    const aggregated = await sim.request('GET', '/apis', undefined, { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' });
    expect(aggregated.headers.get('content-type')).toContain('as=APIGroupDiscoveryList');
    const core = (await sim.request('GET', '/api/v1')).json as { resources: { name: string }[] };
    expect(core.resources.map((r) => r.name)).toEqual(expect.arrayContaining(['pods', 'pods/status', 'services', 'endpoints', 'configmaps', 'secrets', 'events', 'serviceaccounts', 'namespaces']));
    const index = (await sim.request('GET', '/openapi/v3')).json as { paths: Record<string, unknown> };
    expect(Object.keys(index.paths)).toEqual(expect.arrayContaining(['api/v1', 'apis/apps/v1']));
  });

  it('generates names, and answers 404/409 with metav1.Status as kube-apiserver does', async () => {
    const created = await sim.request('POST', CM, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'gen-' } });
    expect(created.status).toBe(201);
    expect((created.json as Obj).metadata.name).toMatch(/^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    const missing = await sim.request('GET', `${CM}/nope`);
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404, message: 'configmaps "nope" not found' });
    await sim.request('POST', CM, { metadata: { name: 'dup' } });
    const dup = await sim.request('POST', CM, { metadata: { name: 'dup' } });
    expect(dup.json).toMatchObject({ reason: 'AlreadyExists', code: 409, message: 'configmaps "dup" already exists' });
    const noNs = await sim.request('POST', '/api/v1/namespaces/absent/configmaps', { metadata: { name: 'x' } });
    expect(noNs.json).toMatchObject({ reason: 'NotFound', message: 'namespaces "absent" not found' });
    const badName = await sim.request('POST', CM, { metadata: { name: 'Bad_Name' } });
    expect(badName.status).toBe(422);
    expect((badName.json as { message: string }).message).toContain('metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain');
  });

  it('bumps generation on spec changes only, and a no-op write keeps the resourceVersion', async () => {
    const created = (await sim.request('POST', DEPLOY, deployment('gen', 'nginx:1'))).json as Obj;
    expect(created.metadata.generation).toBe(1);
    const labelled = (await sim.request('PATCH', `${DEPLOY}/gen`, { metadata: { labels: { a: 'b' } } }, { 'Content-Type': 'application/merge-patch+json' })).json as Obj;
    expect(labelled.metadata.generation).toBe(1);
    const scaled = (await sim.request('PATCH', `${DEPLOY}/gen`, { spec: { replicas: 3 } }, { 'Content-Type': 'application/merge-patch+json' })).json as Obj;
    expect(scaled.metadata.generation).toBe(2);
    const cm = (await sim.request('POST', CM, { metadata: { name: 'noop' }, data: { a: '1' } })).json as Obj;
    const same = (await sim.request('PATCH', `${CM}/noop`, { data: { a: '1' } }, { 'Content-Type': 'application/merge-patch+json' })).json as Obj;
    expect(same.metadata.resourceVersion).toBe(cm.metadata.resourceVersion);
    const status = (await sim.request('PATCH', `${DEPLOY}/gen/status`, { status: { observedGeneration: 99 }, spec: { replicas: 7 } }, { 'Content-Type': 'application/merge-patch+json' })).json as Obj;
    expect(status.status?.observedGeneration).toBe(99);
    expect(status.spec?.replicas).toBe(3);
  });

  it('keeps an object with finalizers until they are removed', async () => {
    await sim.request('POST', CM, { metadata: { name: 'held', finalizers: ['example.com/hold'] } });
    const deleting = (await sim.request('DELETE', `${CM}/held`)).json as Obj;
    expect(deleting.metadata.deletionTimestamp).toBeDefined();
    expect((await sim.request('GET', `${CM}/held`)).status).toBe(200);
    const addMore = await sim.request('PATCH', `${CM}/held`, { metadata: { finalizers: ['example.com/hold', 'example.com/more'] } }, { 'Content-Type': 'application/merge-patch+json' });
    expect(addMore.status).toBe(403);
    await sim.request('PATCH', `${CM}/held`, [{ op: 'remove', path: '/metadata/finalizers' }], { 'Content-Type': 'application/json-patch+json' });
    expect((await sim.request('GET', `${CM}/held`)).status).toBe(404);
  });

  it('collects dependents: background, foreground and orphan propagation, and dangling owners', async () => {
    const owner = async (name: string): Promise<Obj> => (await sim.request('POST', CM, { metadata: { name } })).json as Obj;
    const dependent = async (name: string, o: Obj): Promise<void> => {
      await sim.request('POST', CM, { metadata: { name, ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: o.metadata.name, uid: o.metadata.uid }] } });
    };
    const exists = async (name: string): Promise<boolean> => (await sim.request('GET', `${CM}/${name}`)).status === 200;
    const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 200));

    const bg = await owner('bg-owner');
    await dependent('bg-dep', bg);
    await sim.request('DELETE', `${CM}/bg-owner`, { propagationPolicy: 'Background' });
    await settle();
    expect(await exists('bg-dep')).toBe(false);

    const fg = await owner('fg-owner');
    await dependent('fg-dep', fg);
    const marked = (await sim.request('DELETE', `${CM}/fg-owner`, { propagationPolicy: 'Foreground' })).json as Obj;
    expect(marked.metadata.finalizers).toContain('foregroundDeletion');
    await settle();
    expect(await exists('fg-dep')).toBe(false);
    expect(await exists('fg-owner')).toBe(false);

    const or = await owner('orphan-owner');
    await dependent('orphan-dep', or);
    await sim.request('DELETE', `${CM}/orphan-owner`, { propagationPolicy: 'Orphan' });
    await settle();
    expect(await exists('orphan-owner')).toBe(false);
    const orphan = (await sim.request('GET', `${CM}/orphan-dep`)).json as Obj;
    expect(orphan.metadata.ownerReferences).toBeUndefined();

    await sim.request('POST', CM, { metadata: { name: 'dangling', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'ghost', uid: '00000000-0000-0000-0000-000000000000' }] } });
    await settle();
    expect(await exists('dangling')).toBe(false);
  });

  it('terminates a namespace: refuses new content, deletes what it holds, then goes', async () => {
    await sim.request('POST', '/api/v1/namespaces', { metadata: { name: 'doomed' } });
    await sim.request('POST', '/api/v1/namespaces/doomed/configmaps', { metadata: { name: 'a' } });
    const deleting = (await sim.request('DELETE', '/api/v1/namespaces/doomed')).json as Obj;
    expect(deleting.status?.phase).toBe('Terminating');
    await new Promise((r) => setTimeout(r, 300));
    expect((await sim.request('GET', '/api/v1/namespaces/doomed/configmaps/a')).status).toBe(404);
    expect((await sim.request('GET', '/api/v1/namespaces/doomed')).status).toBe(404);
  });

  it('streams watches with bookmarks when asked and ends them at timeoutSeconds', async () => {
    const started = Date.now();
    const res = await fetch(`${sim.url}${CM}?watch=true&allowWatchBookmarks=true&timeoutSeconds=1`);
    const text = await res.text();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const events = text.trim().split('\n').map((l) => JSON.parse(l) as { type: string; object: Obj });
    const types = new Set(events.map((e) => e.type));
    expect([...types].sort()).toEqual(['ADDED', 'BOOKMARK']);
    const bookmark = events.find((e) => e.type === 'BOOKMARK');
    expect(Number(bookmark?.object.metadata.resourceVersion)).toBeGreaterThan(1000);
    const plain = await (await fetch(`${sim.url}${CM}?watch=true&timeoutSeconds=1`)).text();
    expect(plain).not.toContain('BOOKMARK');
  });

  it('honours label selector transitions in a watch: leaving the selection is DELETED', async () => {
    await sim.request('POST', CM, { metadata: { name: 'moving', labels: { pick: 'yes' } } });
    const controller = new AbortController();
    const res = await fetch(`${sim.url}${CM}?watch=true&labelSelector=pick%3Dyes`, { signal: controller.signal });
    const reader = res.body!.getReader();
    let buffer = '';
    const next = async (): Promise<{ type: string; object: Obj }> => {
      while (!buffer.includes('\n')) buffer += new TextDecoder().decode((await reader.read()).value);
      const i = buffer.indexOf('\n');
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      return JSON.parse(line) as { type: string; object: Obj };
    };
    expect((await next()).type).toBe('ADDED');
    await sim.request('PATCH', `${CM}/moving`, { metadata: { labels: { pick: 'no' } } }, { 'Content-Type': 'application/merge-patch+json' });
    const left = await next();
    expect(left.type).toBe('DELETED');
    await sim.request('PATCH', `${CM}/moving`, { metadata: { labels: { pick: 'yes' } } }, { 'Content-Type': 'application/merge-patch+json' });
    expect((await next()).type).toBe('ADDED');
    controller.abort();
  });
});
