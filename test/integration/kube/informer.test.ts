import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { KubeConfig } from '@kubernetes/client-node';
import { createInformer, type Informer, type InformerOptions } from '../../../src/kube/informer.js';
import { createKubeClient } from '../../../src/kube/kube-client.js';
import type { KubeClient, KubeObject } from '../../../src/kube/kube-client-types.js';
import { RESOURCES } from '../../../src/kube/resources.js';
import { eventually, startSimProcess, type RunningSim } from '../../helpers/sim-process.js';

interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}

const CM = RESOURCES.configMaps;
const INFORMER_AGENT = 'informer-under-test/1';

function configMap(name: string, labels: Record<string, string>, data: Record<string, string> = {}): ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data };
}

/**
 * Replays an informer's events into a mirror of the cache and records every event that contradicts
 * it (an add of a name it has, an update or delete of one it lacks), so that a test can check that
 * the events alone reproduce the true state.
 */
function track(informer: Informer<ConfigMap>): { mirror: Map<string, ConfigMap>; log: string[]; violations: string[] } {
  const mirror = new Map<string, ConfigMap>();
  const log: string[] = [];
  const violations: string[] = [];
  const name = (o: ConfigMap): string => o.metadata?.name ?? '';
  informer.on('add', (o) => {
    if (mirror.has(name(o))) violations.push(`duplicate add ${name(o)}`);
    mirror.set(name(o), o);
    log.push(`add ${name(o)}`);
  });
  informer.on('update', (old, o) => {
    if (mirror.get(name(o)) !== old) violations.push(`update of ${name(o)} from a state the handler never saw`);
    mirror.set(name(o), o);
    log.push(`update ${name(o)} ${o.data?.v ?? ''}`);
  });
  informer.on('delete', (o) => {
    if (!mirror.delete(name(o))) violations.push(`delete of unknown ${name(o)}`);
    log.push(`delete ${name(o)} ${o.data?.v ?? ''}`);
  });
  return { mirror, log, violations };
}

function stateOf(objects: Iterable<ConfigMap>): Record<string, string> {
  // Sorted by name, so that two states compare equal as JSON whatever order they were built in.
  const sorted = [...objects].sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
  const out: Record<string, string> = {};
  for (const o of sorted) out[o.metadata?.name ?? ''] = `${o.metadata?.resourceVersion ?? ''} ${o.data?.v ?? ''}`;
  return out;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// Given rollouts-sim, when an informer lists and watches through it while the test changes objects
// and breaks the API, then the cache and its events always converge to the true state.
describe('createInformer against rollouts-sim', () => {
  let sim: RunningSim;
  let writer: KubeClient;
  let informerClient: KubeClient;
  const running: Informer<ConfigMap>[] = [];

  function start(options: Partial<InformerOptions<ConfigMap>> & { labelSelector: string }): Informer<ConfigMap> {
    const informer = createInformer<ConfigMap>({ client: informerClient, resource: CM, namespace: 'default', ...options });
    running.push(informer);
    return informer;
  }

  async function trueState(labelSelector: string): Promise<Record<string, string>> {
    return stateOf((await writer.list<ConfigMap>(CM, 'default', { labelSelector })).items);
  }

  async function informerRequests(): Promise<{ byVerb: Record<string, number>; entries: { verb: string; code: number }[] }> {
    return (await sim.request('GET', `/_sim/requests?userAgent=${INFORMER_AGENT}`)).json as { byVerb: Record<string, number>; entries: { verb: string; code: number }[] };
  }

  async function openWatches(): Promise<number> {
    return ((await sim.request('GET', '/_sim/stats')).json as { watches: number }).watches;
  }

  beforeAll(async () => {
    sim = await startSimProcess({ extraArgs: ['--bookmark-seconds', '0.3'] });
    const kc = new KubeConfig();
    kc.loadFromFile(sim.kubeconfig);
    writer = createKubeClient(kc, { qps: 0, userAgent: 'test-writer/1' });
    informerClient = createKubeClient(kc, { userAgent: INFORMER_AGENT });
  });

  beforeEach(async () => {
    await sim.request('DELETE', '/_sim/faults');
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((i) => i.stop()));
    await sim.request('DELETE', '/_sim/faults');
  });

  afterAll(async () => {
    await sim.stop();
  });

  it('lists in pages of 500, then follows adds, updates and deletes', async () => {
    await Promise.all(Array.from({ length: 520 }, (_, i) => writer.create(CM, 'default', configMap(`bulk-${i}`, { suite: 'basic' }))));
    await sim.request('DELETE', '/_sim/requests');
    const informer = start({ labelSelector: 'suite=basic' });
    const { log, violations } = track(informer);
    expect(informer.hasSynced()).toBe(false);
    informer.start();
    await informer.waitForSync();
    expect(informer.list()).toHaveLength(520);
    expect(log.filter((l) => l.startsWith('add'))).toHaveLength(520);
    expect((await informerRequests()).byVerb.list).toBe(2);
    log.length = 0;
    await writer.create(CM, 'default', configMap('one', { suite: 'basic' }, { v: '1' }));
    await writer.patch(CM, 'default', 'one', { data: { v: '2' } }, { type: 'merge' });
    await writer.create(CM, 'default', configMap('unlabelled', {}));
    await writer.delete(CM, 'default', 'one');
    await eventually(() => (log.length >= 3 ? true : undefined), 'three events');
    expect(log).toEqual(['add one', 'update one 2', 'delete one 2']);
    expect(informer.get('default', 'bulk-7')?.metadata?.name).toBe('bulk-7');
    expect(informer.get('default', 'one')).toBeUndefined();
    expect(informer.list('other')).toEqual([]);
    expect(violations).toEqual([]);
  });

  it('hands out frozen objects under test, and replays the cache to an add handler that subscribes late', async () => {
    await writer.create(CM, 'default', configMap('frozen', { suite: 'frozen' }, { v: '1' }));
    const informer = start({ labelSelector: 'suite=frozen' });
    informer.start();
    await informer.waitForSync();
    const cached = informer.get('default', 'frozen')!;
    expect(() => {
      cached.data!.v = 'mutated';
    }).toThrow(TypeError);
    const late: string[] = [];
    informer.on('add', (o) => late.push(o.metadata?.name ?? ''));
    expect(late).toEqual(['frozen']);
  });

  it('relists after 410 Gone and emits what changed while it was cut off, deletes with their last known state', async () => {
    await writer.create(CM, 'default', configMap('kept', { suite: 'relist' }, { v: '1' }));
    await writer.create(CM, 'default', configMap('changed', { suite: 'relist' }, { v: '1' }));
    await writer.create(CM, 'default', configMap('removed', { suite: 'relist' }, { v: '1' }));
    const informer = start({ labelSelector: 'suite=relist' });
    const { log, mirror, violations } = track(informer);
    informer.start();
    await informer.waitForSync();
    log.length = 0;
    await sim.request('DELETE', '/_sim/requests');
    // Hold the re-watch for 1.5 s so that the history it needs is compacted meanwhile.
    await sim.request('PUT', '/_sim/faults', { latencyMs: 1500, verbs: ['watch'] });
    await sim.request('POST', '/_sim/watches/drop');
    await writer.create(CM, 'default', configMap('added', { suite: 'relist' }, { v: '1' }));
    await writer.patch(CM, 'default', 'changed', { data: { v: '2' } }, { type: 'merge' });
    await writer.delete(CM, 'default', 'removed');
    await sim.request('POST', '/_sim/compact');
    await sim.request('DELETE', '/_sim/faults');
    const expected = await trueState('suite=relist');
    await eventually(() => (JSON.stringify(stateOf(informer.list())) === JSON.stringify(expected) ? true : undefined), 'relisted state', 15_000);
    expect([...log].sort()).toEqual(['add added', 'delete removed 1', 'update changed 2']);
    expect((await informerRequests()).byVerb.list).toBe(1);
    expect(stateOf(mirror.values())).toEqual(expected);
    expect(violations).toEqual([]);
  }, 30_000);

  it('survives failing lists and watches and abrupt connection resets, converging to the true state', async () => {
    for (let i = 0; i < 10; i++) await writer.create(CM, 'default', configMap(`flaky-${i}`, { suite: 'flaky' }, { v: '0' }));
    const informer = start({ labelSelector: 'suite=flaky' });
    const { mirror, violations } = track(informer);
    informer.start();
    await informer.waitForSync();
    await sim.request('DELETE', '/_sim/requests');
    await sim.request('PUT', '/_sim/faults', { errorRate: 0.5, verbs: ['list', 'watch'], seed: 11 });
    const until = Date.now() + 3000;
    for (let round = 1; Date.now() < until; round++) {
      const i = round % 10;
      if (round % 7 === 0) await writer.delete(CM, 'default', `flaky-${i}`).catch(() => undefined);
      else if (round % 5 === 0) await writer.create(CM, 'default', configMap(`flaky-${i}`, { suite: 'flaky' }, { v: String(round) })).catch(() => undefined);
      else await writer.patch(CM, 'default', `flaky-${i}`, { data: { v: String(round) } }, { type: 'merge' }).catch(() => undefined);
      if (round % 4 === 0) await sim.request('POST', `/_sim/watches/drop${round % 8 === 0 ? '?abrupt=true' : ''}`);
      if (round % 20 === 0) await sim.request('POST', '/_sim/compact');
      await sleep(30);
    }
    await sim.request('DELETE', '/_sim/faults');
    expect((await informerRequests()).entries.filter((e) => e.code === 503).length).toBeGreaterThan(0);
    const expected = await trueState('suite=flaky');
    await eventually(() => (JSON.stringify(stateOf(informer.list())) === JSON.stringify(expected) ? true : undefined), 'converged cache', 40_000);
    expect(stateOf(mirror.values())).toEqual(expected);
    expect(violations).toEqual([]);
    // Still watching: a new change arrives without any relist.
    await writer.patch(CM, 'default', Object.keys(expected)[0], { data: { v: 'after' } }, { type: 'merge' });
    await eventually(() => (informer.get('default', Object.keys(expected)[0])?.data?.v === 'after' ? true : undefined), 'a change after the faults');
  }, 60_000);

  // A watch that delivered events and then lost its connection is not a failure to back off from: the
  // retry stays near the first backoff step however often that happens (it used to double each time).
  it('re-watches promptly after every abrupt reset of a watch that was working', async () => {
    await writer.create(CM, 'default', configMap('resets', { suite: 'resets' }, { v: '0' }));
    const informer = start({ labelSelector: 'suite=resets' });
    informer.start();
    await informer.waitForSync();
    const delays: number[] = [];
    for (let round = 1; round <= 8; round++) {
      await writer.patch(CM, 'default', 'resets', { data: { v: `before-${round}` } }, { type: 'merge' });
      await eventually(() => (informer.get('default', 'resets')?.data?.v === `before-${round}` ? true : undefined), `round ${round} seen`);
      await sim.request('POST', '/_sim/watches/drop?abrupt=true');
      const dropped = Date.now();
      await writer.patch(CM, 'default', 'resets', { data: { v: `after-${round}` } }, { type: 'merge' });
      await eventually(() => (informer.get('default', 'resets')?.data?.v === `after-${round}` ? true : undefined), `round ${round} after the reset`, 20_000);
      delays.push(Date.now() - dropped);
    }
    // Doubling from 100 ms would pass 6 s by the 7th reset; without doubling each is well under 1.5 s.
    expect(Math.max(...delays)).toBeLessThan(1500);
  }, 60_000);

  it('advances its resourceVersion on bookmarks without emitting events', async () => {
    const informer = start({ labelSelector: 'suite=bookmark' });
    const { log } = track(informer);
    informer.start();
    await informer.waitForSync();
    const synced = Number(informer.lastSyncResourceVersion());
    const unrelated = await writer.create(CM, 'default', configMap('not-mine', { suite: 'other' }));
    const rv = Number(unrelated.metadata?.resourceVersion);
    expect(rv).toBeGreaterThan(synced);
    await eventually(() => (Number(informer.lastSyncResourceVersion()) >= rv ? true : undefined), 'a bookmark past the unrelated write', 5000);
    expect(log).toEqual([]);
  });

  it('keeps indexes current through adds, updates and deletes', async () => {
    const informer = start({ labelSelector: 'suite=index', indexers: { team: (o) => (o.metadata?.labels?.team ? [o.metadata.labels.team] : []) } });
    informer.start();
    await informer.waitForSync();
    const names = (team: string): string[] => informer.byIndex('team', team).map((o) => o.metadata?.name ?? '').sort();
    await writer.create(CM, 'default', configMap('a1', { suite: 'index', team: 'a' }));
    await writer.create(CM, 'default', configMap('a2', { suite: 'index', team: 'a' }));
    await writer.create(CM, 'default', configMap('b1', { suite: 'index', team: 'b' }));
    await eventually(() => (informer.list().length === 3 ? true : undefined), 'three objects');
    expect([names('a'), names('b')]).toEqual([['a1', 'a2'], ['b1']]);
    await writer.patch(CM, 'default', 'a2', { metadata: { labels: { team: 'b' } } }, { type: 'merge' });
    await writer.delete(CM, 'default', 'a1');
    await eventually(() => (names('a').length === 0 ? true : undefined), 'team a emptied');
    expect(names('b')).toEqual(['a2', 'b1']);
    expect(() => informer.byIndex('nope', 'x')).toThrow('no index named "nope"');
  });

  it('stop() closes its watch, and rejects waitForSync when it never synced', async () => {
    const informer = start({ labelSelector: 'suite=stop' });
    informer.start();
    await informer.waitForSync();
    await eventually(async () => ((await openWatches()) === 1 ? true : undefined), 'one open watch');
    await informer.stop();
    await eventually(async () => ((await openWatches()) === 0 ? true : undefined), 'no open watch');

    await sim.request('PUT', '/_sim/faults', { errorRate: 1, verbs: ['list'] });
    const never = start({ labelSelector: 'suite=stop' });
    never.start();
    const waiting = never.waitForSync();
    const giveUp = new AbortController();
    const abandoned = never.waitForSync(giveUp.signal);
    await sleep(300);
    expect(never.hasSynced()).toBe(false);
    giveUp.abort(new Error('caller gave up'));
    await expect(abandoned).rejects.toThrow('caller gave up');
    await expect(never.waitForSync(giveUp.signal)).rejects.toThrow('caller gave up');
    await never.stop();
    await expect(waiting).rejects.toThrow('stopped before it synced');
    expect(() => never.start()).toThrow('cannot start again');
    expect(await openWatches()).toBe(0);
  });
});
