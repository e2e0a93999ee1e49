import { describe, expect, it } from '@jest/globals';
import { createControllerRateLimiter, createWorkQueue, runWorkers, type WorkQueue } from '../../../src/controller/work-queue.js';
import { createFakeTimerClock, type FakeTimerClock } from '../../helpers/fake-timer-clock.js';

function setup(): { clock: FakeTimerClock; queue: WorkQueue } {
  const clock = createFakeTimerClock(1_000_000);
  return { clock, queue: createWorkQueue({ clock }) };
}

/** Takes every pending key (without waiting) and marks each done. */
async function drain(queue: WorkQueue): Promise<string[]> {
  const keys: string[] = [];
  while (queue.len() > 0) {
    const key = (await queue.get())!;
    keys.push(key);
    queue.done(key);
  }
  return keys;
}

const flush = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('WorkQueue', () => {
  it.each([
    { adds: ['a', 'b', 'a', 'c', 'b'], order: ['a', 'b', 'c'] },
    { adds: ['x', 'x', 'x'], order: ['x'] },
    { adds: ['b', 'a'], order: ['b', 'a'] },
  ])('keeps one pending entry per key, in first-add order: $adds → $order', async ({ adds, order }) => {
    const { queue } = setup();
    for (const key of adds) queue.add(key);
    expect(queue.len()).toBe(order.length);
    expect(await drain(queue)).toEqual(order);
  });

  it.each([1, 3])('processes a key added %i time(s) while held exactly once more, after done', async (times) => {
    const { queue } = setup();
    queue.add('a');
    const key = await queue.get();
    for (let i = 0; i < times; i++) queue.add('a');
    expect(queue.len()).toBe(0);
    queue.done(key!);
    expect(queue.len()).toBe(1);
    expect(await drain(queue)).toEqual(['a']);
    expect(queue.len()).toBe(0);
  });

  it.each([
    { name: 'an urgent key goes first', ops: [['add', 'a'], ['add', 'b'], ['urgent', 'c']], order: ['c', 'a', 'b'] },
    { name: 'a pending key made urgent moves ahead, once', ops: [['add', 'a'], ['add', 'b'], ['add', 'c'], ['urgent', 'c'], ['urgent', 'c']], order: ['c', 'a', 'b'] },
    { name: 'urgent keys keep their own order', ops: [['add', 'a'], ['urgent', 'b'], ['urgent', 'c']], order: ['b', 'c', 'a'] },
    { name: 'an urgent key added again normally stays urgent', ops: [['add', 'a'], ['urgent', 'b'], ['add', 'b']], order: ['b', 'a'] },
  ])('addUrgent: $name', async ({ ops, order }) => {
    const { queue } = setup();
    for (const [op, key] of ops) {
      if (op === 'urgent') queue.addUrgent(key);
      else queue.add(key);
    }
    expect(queue.len()).toBe(order.length);
    expect(await drain(queue)).toEqual(order);
  });

  it('addUrgent on a held key re-queues it ahead of the others after done', async () => {
    const { queue } = setup();
    queue.add('held');
    const key = await queue.get();
    queue.add('a');
    queue.addUrgent('held');
    expect(queue.len()).toBe(1);
    queue.done(key!);
    expect(await drain(queue)).toEqual(['held', 'a']);
  });

  it('never hands a held key to a second waiting worker', async () => {
    const { queue } = setup();
    queue.add('a');
    const first = await queue.get();
    let second: string | undefined;
    void queue.get().then((k) => (second = k));
    queue.add('a');
    queue.add('b');
    await flush();
    expect(first).toBe('a');
    expect(second).toBe('b');
    queue.done('a');
    expect(await queue.get()).toBe('a');
  });

  it('answers a waiting get as soon as a key is added', async () => {
    const { queue } = setup();
    const waiting = queue.get();
    queue.add('late');
    expect(await waiting).toBe('late');
  });

  it.each([
    { calls: [100, 50, 200], firesAt: 50 },
    { calls: [50, 100], firesAt: 50 },
    { calls: [300, 300], firesAt: 300 },
  ])('addAfter keeps one timer per key at the earliest due time: $calls → $firesAt ms', async ({ calls, firesAt }) => {
    const { clock, queue } = setup();
    for (const ms of calls) queue.addAfter('k', ms);
    expect(clock.pending()).toBe(1);
    clock.advance(firesAt - 1);
    expect(queue.len()).toBe(0);
    clock.advance(1);
    expect(queue.len()).toBe(1);
    expect(await drain(queue)).toEqual(['k']);
    clock.advance(10_000);
    expect(queue.len()).toBe(0);
  });

  it('addAfter with no delay adds at once; timers of different keys are independent', () => {
    const { clock, queue } = setup();
    queue.addAfter('now', 0);
    queue.addAfter('a', 10);
    queue.addAfter('b', 20);
    expect(queue.len()).toBe(1);
    expect(clock.pending()).toBe(2);
    clock.advance(10);
    expect(queue.len()).toBe(2);
    clock.advance(10);
    expect(queue.len()).toBe(3);
  });

  it('addRateLimited re-adds after 5 ms × 2^failures, and forget starts over', async () => {
    const { clock, queue } = setup();
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      queue.addRateLimited('k');
      const started = clock.now();
      while (queue.len() === 0) clock.advance(1);
      waits.push(clock.now() - started);
      await drain(queue);
    }
    expect(waits).toEqual([5, 10, 20, 40]);
    expect(queue.numRequeues('k')).toBe(4);
    queue.forget('k');
    expect(queue.numRequeues('k')).toBe(0);
    queue.addRateLimited('k');
    clock.advance(5);
    expect(queue.len()).toBe(1);
  });

  it('stops adding and hands out nothing after shutDown', async () => {
    const { clock, queue } = setup();
    const waiting = queue.get();
    queue.addAfter('timed', 100);
    queue.shutDown();
    expect(await waiting).toBeUndefined();
    expect(clock.pending()).toBe(0);
    queue.add('late');
    queue.addRateLimited('late');
    expect(queue.len()).toBe(0);
    expect(await queue.get()).toBeUndefined();
    expect(queue.isShuttingDown()).toBe(true);
  });

  it('shutDownWithDrain waits until every held key is done, and does not requeue it', async () => {
    const { queue } = setup();
    queue.add('a');
    queue.add('b');
    const a = (await queue.get())!;
    queue.add('a');
    let drained = false;
    const draining = queue.shutDownWithDrain().then(() => (drained = true));
    await flush();
    expect(drained).toBe(false);
    expect(await queue.get()).toBeUndefined();
    queue.done(a);
    await draining;
    expect(drained).toBe(true);
    expect(queue.len()).toBe(0);
  });

  it('reports adds, depth, queue latency and work duration', async () => {
    const clock = createFakeTimerClock(0);
    const seen = { adds: [] as string[], depths: [] as number[], latency: [] as number[], work: [] as number[], retries: 0 };
    const queue = createWorkQueue({
      clock,
      metrics: { add: (k) => seen.adds.push(k), depth: (d) => seen.depths.push(d), queueLatency: (ms) => seen.latency.push(ms), workDuration: (ms) => seen.work.push(ms), retry: () => seen.retries++ },
    });
    queue.add('a');
    queue.add('a');
    clock.advance(30);
    const key = (await queue.get())!;
    clock.advance(70);
    queue.done(key);
    queue.addRateLimited('a');
    expect(seen).toEqual({ adds: ['a'], depths: [1, 0], latency: [30], work: [70], retries: 1 });
  });
});

describe('createControllerRateLimiter', () => {
  it.each([
    { failures: 1, delay: 5 },
    { failures: 2, delay: 10 },
    { failures: 5, delay: 80 },
    { failures: 18, delay: 655_360 },
    { failures: 19, delay: 1_000_000 },
    { failures: 200, delay: 1_000_000 },
  ])('failure number $failures of a key waits $delay ms', ({ failures, delay }) => {
    const limiter = createControllerRateLimiter({ qps: Infinity, clock: createFakeTimerClock() });
    let last = 0;
    for (let i = 0; i < failures; i++) last = limiter.when('k');
    expect(last).toBe(delay);
  });

  it('bounds all keys together with a 10 qps bucket after a burst of 100', () => {
    const clock = createFakeTimerClock();
    const limiter = createControllerRateLimiter({ clock });
    const delays = Array.from({ length: 102 }, (_, i) => limiter.when(`key-${i}`));
    expect(delays.slice(0, 100).every((d) => d === 5)).toBe(true);
    expect(delays[100]).toBe(100);
    expect(delays[101]).toBe(200);
    clock.advance(10_000);
    expect(limiter.when('fresh')).toBe(5);
  });

  it('counts failures per key', () => {
    const limiter = createControllerRateLimiter({ clock: createFakeTimerClock() });
    limiter.when('a');
    limiter.when('a');
    limiter.when('b');
    expect([limiter.numRequeues('a'), limiter.numRequeues('b'), limiter.numRequeues('c')]).toEqual([2, 1, 0]);
  });
});

describe('runWorkers', () => {
  it('runs up to `count` keys at once and never one key twice at once', async () => {
    const queue = createWorkQueue();
    let active = 0;
    let maxActive = 0;
    const activeKeys = new Set<string>();
    const runs: string[] = [];
    const process = async (key: string): Promise<void> => {
      expect(activeKeys.has(key)).toBe(false);
      activeKeys.add(key);
      maxActive = Math.max(maxActive, ++active);
      runs.push(key);
      // Re-adding itself while held must give exactly one more run of k0.
      if (key === 'k0' && runs.filter((k) => k === 'k0').length === 1) {
        queue.add('k0');
        queue.add('k0');
      }
      await new Promise((r) => setTimeout(r, 5));
      active--;
      activeKeys.delete(key);
    };
    for (let i = 0; i < 10; i++) queue.add(`k${i}`);
    const workers = runWorkers(queue, 3, process, () => undefined);
    while (runs.length < 11 || active > 0) await new Promise((r) => setTimeout(r, 5));
    await queue.shutDownWithDrain();
    await workers;
    expect(maxActive).toBe(3);
    expect(runs.filter((k) => k === 'k0')).toHaveLength(2);
    expect(new Set(runs).size).toBe(10);
  });

  it('retries a failing key with backoff, reports each error, and forgets it once it succeeds', async () => {
    const clock = createFakeTimerClock();
    const queue = createWorkQueue({ clock });
    let attempts = 0;
    const errors: string[] = [];
    const workers = runWorkers(
      queue,
      2,
      async (key) => {
        attempts++;
        if (attempts <= 3) throw new Error(`attempt ${attempts} of ${key} failed`);
        await Promise.resolve();
      },
      (key, err) => errors.push((err as Error).message),
    );
    queue.add('flaky');
    for (const wait of [5, 10, 20]) {
      await flush();
      expect(queue.numRequeues('flaky')).toBe(attempts);
      clock.advance(wait - 1);
      expect(queue.len()).toBe(0);
      clock.advance(1);
    }
    await flush();
    expect(attempts).toBe(4);
    expect(errors).toEqual(['attempt 1 of flaky failed', 'attempt 2 of flaky failed', 'attempt 3 of flaky failed']);
    expect(queue.numRequeues('flaky')).toBe(0);
    queue.shutDown();
    await workers;
  });
});
