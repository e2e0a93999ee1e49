import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { createKubeClient } from '../../../src/kube/kube-client.js';
import type { KubeClient, KubeObject, WatchEvent } from '../../../src/kube/kube-client-types.js';
import { ConflictError, GoneError, isAlreadyExists, isConflict, isNotFound, KubeRequestError, NotFoundError } from '../../../src/kube/kube-errors.js';
import { RESOURCES } from '../../../src/kube/resources.js';
import { eventually, startSimProcess, type RunningSim } from '../../helpers/sim-process.js';

interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}

interface Rollout extends KubeObject {
  spec: { replicas?: number; paused?: boolean; template: unknown; selector: unknown };
  status?: { phase?: string; message?: string };
}

interface RequestSummary {
  entries: { userAgent: string; verb: string; resource: string; subresource?: string; code: number; count: number }[];
}

const CM = RESOURCES.configMaps;
const RO = RESOURCES.rollouts;

function configMap(name: string, data: Record<string, string> = {}, labels: Record<string, string> = {}): ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data };
}

function rollout(name: string): Rollout {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'example/app:1' }] } },
      strategy: { canary: { steps: [{ setWeight: 50 }, { pause: {} }] } },
    } as Rollout['spec'],
  };
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail');
}

// Given rollouts-sim, when the controller's own client talks to it, then every verb, patch type,
// subresource, error and the watch stream behave as on a cluster, under a client-side rate limit.
describe('createKubeClient against rollouts-sim', () => {
  let sim: RunningSim;
  let kc: KubeConfig;
  let client: KubeClient;
  const observed: { verb: string; resource: string; code: number }[] = [];

  beforeAll(async () => {
    sim = await startSimProcess();
    kc = new KubeConfig();
    kc.loadFromFile(sim.kubeconfig);
    client = createKubeClient(kc, { onRequest: ({ verb, resource, code }) => observed.push({ verb, resource, code }) });
    const crds = await sim.kubectl(['apply', '-k', 'crds/']);
    expect(crds.stderr).toBe('');
  });

  afterAll(async () => {
    await sim.stop();
  });

  it('creates, reads, lists, replaces and deletes ConfigMaps', async () => {
    const created = await client.create(CM, 'default', configMap('crud', { a: '1' }, { suite: 'crud' }));
    expect(created.metadata?.uid).toBeTruthy();
    await client.create(CM, undefined, { ...configMap('crud-other', {}, { suite: 'crud' }), metadata: { name: 'crud-other', namespace: 'default', labels: { suite: 'crud' } } });
    const got = await client.get<ConfigMap>(CM, 'default', 'crud');
    expect(got.data).toEqual({ a: '1' });
    const list = await client.list<ConfigMap>(CM, 'default', { labelSelector: 'suite=crud' });
    expect(list.items.map((c) => c.metadata?.name)).toEqual(['crud', 'crud-other']);
    expect(Number(list.resourceVersion)).toBeGreaterThan(0);
    const page = await client.list<ConfigMap>(CM, undefined, { labelSelector: 'suite=crud', limit: 1 });
    expect(page.items).toHaveLength(1);
    expect(page.continue).toBeTruthy();
    const replaced = await client.replace<ConfigMap>(CM, 'default', 'crud', { ...got, data: { a: '2' } });
    expect(replaced.data).toEqual({ a: '2' });
    await client.delete(CM, 'default', 'crud');
    await client.delete(CM, 'default', 'crud-other', { propagationPolicy: 'Background' });
    expect(isNotFound(await caught(client.get(CM, 'default', 'crud')))).toBe(true);
  });

  it.each([
    { type: 'merge' as const, patch: { data: { b: '2' } }, data: { a: '1', b: '2' } },
    { type: 'json' as const, patch: [{ op: 'replace', path: '/data/a', value: 'x' }], data: { a: 'x' } },
    { type: 'strategic' as const, patch: { data: { c: '3' } }, data: { a: '1', c: '3' } },
  ])('sends a $type patch with its content type', async ({ type, patch, data }) => {
    const name = `patch-${type}`;
    await client.create(CM, 'default', configMap(name, { a: '1' }));
    const patched = await client.patch<ConfigMap>(CM, 'default', name, patch, { type });
    expect(patched.data).toEqual(data);
  });

  it('writes a custom resource, its status through /status and its replicas through /scale', async () => {
    const created = await client.create(RO, 'default', rollout('checkout'));
    expect(created.metadata?.generation).toBe(1);
    const withStatus = await client.patch<Rollout>(RO, 'default', 'checkout', { status: { phase: 'Progressing', message: 'more replicas' } }, { type: 'merge', subresource: 'status' });
    expect(withStatus.status?.phase).toBe('Progressing');
    expect(withStatus.metadata?.generation).toBe(1);
    const ignored = await client.patch<Rollout>(RO, 'default', 'checkout', { spec: { paused: true }, status: { phase: 'Degraded' } }, { type: 'merge' });
    expect(ignored.status?.phase).toBe('Progressing');
    expect(ignored.metadata?.generation).toBe(2);
    const replacedStatus = await client.replace<Rollout>(RO, 'default', 'checkout', { ...ignored, status: { phase: 'Healthy' } }, { subresource: 'status' });
    expect(replacedStatus.status?.phase).toBe('Healthy');
    const scale = await client.patch<KubeObject & { spec: { replicas: number } }>(RO, 'default', 'checkout', { spec: { replicas: 5 } }, { type: 'merge', subresource: 'scale' });
    expect(scale.kind).toBe('Scale');
    expect((await client.get<Rollout>(RO, 'default', 'checkout')).spec.replicas).toBe(5);
    await client.delete(RO, 'default', 'checkout');
  });

  it('throws NotFoundError naming the object', async () => {
    const err = await caught(client.patch(RO, 'default', 'missing', { spec: {} }, { type: 'merge' }));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toMatchObject({ code: 'KUBE_NOT_FOUND', statusCode: 404, reason: 'NotFound', target: { verb: 'patch', resource: 'rollouts.argoproj.io', namespace: 'default', name: 'missing' } });
    expect((err as Error).message).toMatch(/^patch rollouts\.argoproj\.io default\/missing: .*not found/);
  });

  it('throws ConflictError for a stale resourceVersion and for a name that exists', async () => {
    const created = await client.create(CM, 'default', configMap('stale', { v: '1' }));
    await client.replace(CM, 'default', 'stale', { ...created, data: { v: '2' } });
    const stale = await caught(client.replace(CM, 'default', 'stale', { ...created, data: { v: '3' } }));
    expect(stale).toBeInstanceOf(ConflictError);
    expect(isConflict(stale)).toBe(true);
    expect(stale).toMatchObject({ code: 'KUBE_CONFLICT', statusCode: 409, reason: 'Conflict' });
    expect((stale as Error).message).toMatch(/^update configmaps default\/stale: /);
    const exists = await caught(client.create(CM, 'default', configMap('stale')));
    expect(isConflict(exists)).toBe(true);
    expect(isAlreadyExists(exists)).toBe(true);
    expect((exists as Error).message).toMatch(/^create configmaps default\/stale: /);
  });

  it('throws KubeRequestError with the API message for other failures, and with code 0 when nothing answers', async () => {
    const invalid = await caught(client.create(RO, 'default', { ...rollout('bad'), spec: { ...rollout('bad').spec, replicas: 'two' as unknown as number } }));
    expect(invalid).toBeInstanceOf(KubeRequestError);
    expect(invalid).toMatchObject({ statusCode: 422, reason: 'Invalid' });
    expect((invalid as Error).message).toContain('spec.replicas');
    const offline = new KubeConfig();
    offline.loadFromOptions({ clusters: [{ name: 'c', server: `http://127.0.0.1:${await closedPort()}`, skipTLSVerify: true }], users: [{ name: 'u' }], contexts: [{ name: 'x', cluster: 'c', user: 'u' }], currentContext: 'x' });
    const refused = await caught(createKubeClient(offline).get(CM, 'default', 'any'));
    expect(refused).toBeInstanceOf(KubeRequestError);
    expect(refused).toMatchObject({ statusCode: 0, code: 'KUBE_REQUEST_FAILED' });
    expect((refused as Error).message).toMatch(/^get configmaps default\/any: .*ECONNREFUSED/);
    expect((refused as Error).cause).toBeDefined();
  });

  it('streams watch events until the signal aborts', async () => {
    const { resourceVersion } = await client.list(CM, 'default', { labelSelector: 'suite=watch' });
    const events: string[] = [];
    const abort = new AbortController();
    const watching = client.watch<ConfigMap>(CM, 'default', { resourceVersion, labelSelector: 'suite=watch' }, (e) => events.push(`${e.type} ${e.object.metadata?.name} ${e.object.data?.v ?? ''}`), abort.signal);
    await client.create(CM, 'default', configMap('watched', { v: '1' }, { suite: 'watch' }));
    await client.patch(CM, 'default', 'watched', { data: { v: '2' } }, { type: 'merge' });
    await client.delete(CM, 'default', 'watched');
    await eventually(() => (events.length >= 3 ? true : undefined), 'three watch events');
    abort.abort();
    await watching;
    expect(events).toEqual(['ADDED watched 1', 'MODIFIED watched 2', 'DELETED watched 2']);
  });

  it('resolves a watch the server ends, passes 410 ERROR events on, and throws GoneError for an HTTP 410 list', async () => {
    const { resourceVersion } = await client.list(CM, 'default');
    const ended = client.watch(CM, 'default', { resourceVersion, timeoutSeconds: 1 }, () => undefined, new AbortController().signal);
    await expect(ended).resolves.toBeUndefined();
    const page = await client.list(CM, 'default', { limit: 1 });
    await client.create(CM, 'default', configMap('after-compact'));
    await sim.request('POST', '/_sim/compact');
    const events: WatchEvent<KubeObject>[] = [];
    await client.watch(CM, 'default', { resourceVersion }, (e) => events.push(e), new AbortController().signal);
    expect(events).toEqual([{ type: 'ERROR', object: expect.objectContaining({ code: 410 }) }]);
    expect(await caught(client.list(CM, 'default', { limit: 1, continue: page.continue }))).toBeInstanceOf(GoneError);
  });

  it('sends its User-Agent and reports every request to onRequest', async () => {
    await sim.request('DELETE', '/_sim/requests');
    observed.length = 0;
    await client.create(CM, 'default', configMap('ua'));
    await client.get(CM, 'default', 'ua');
    await client.patch(CM, 'default', 'ua', { data: { x: 'y' } }, { type: 'merge' });
    await caught(client.get(CM, 'default', 'nope'));
    const summary = (await sim.request('GET', '/_sim/requests?userAgent=rollouts-controller/0.1.0')).json as RequestSummary;
    expect(summary.entries.map((e) => `${e.verb} ${e.resource} ${e.code}`).sort()).toEqual(['create configmaps 201', 'get configmaps 200', 'get configmaps 404', 'patch configmaps 200']);
    expect(observed).toEqual([
      { verb: 'create', resource: 'configmaps', code: 201 },
      { verb: 'get', resource: 'configmaps', code: 200 },
      { verb: 'patch', resource: 'configmaps', code: 200 },
      { verb: 'get', resource: 'configmaps', code: 404 },
    ]);
  });

  it('reports subresources and watches to onRequest, and honours a custom User-Agent', async () => {
    const seen: string[] = [];
    const custom = createKubeClient(kc, { userAgent: 'test-agent/9', onRequest: (r) => seen.push(`${r.verb} ${r.resource} ${r.namespace ?? '-'}/${r.name ?? '-'} ${r.code}`) });
    await custom.create(RO, 'default', rollout('observed'));
    await custom.patch(RO, 'default', 'observed', { status: { phase: 'Healthy' } }, { type: 'merge', subresource: 'status' });
    const abort = new AbortController();
    const watching = custom.watch(RO, 'default', {}, () => abort.abort(), abort.signal);
    await watching;
    // The object's namespace and name come along (the metrics' labels); a watch names none.
    expect(seen).toEqual(['create rollouts default/observed 201', 'patch rollouts/status default/observed 200', 'watch rollouts default/- 200']);
    const summary = (await sim.request('GET', '/_sim/requests?userAgent=test-agent/9')).json as RequestSummary;
    expect(summary.entries.length).toBeGreaterThan(0);
  });

  it('limits its request rate client-side: 21 requests at qps 20 / burst 1 take about a second', async () => {
    const limited = createKubeClient(kc, { qps: 20, burst: 1 });
    const started = Date.now();
    await Promise.all(Array.from({ length: 21 }, () => limited.list(CM, 'default', { limit: 1 })));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(3000);
    const unlimited = Date.now();
    await Promise.all(Array.from({ length: 21 }, () => client.list(CM, 'default', { limit: 1 })));
    expect(Date.now() - unlimited).toBeLessThan(900);
  });
});
