import { realTimerClock, type TimerClock, type TimerHandle } from '../shared/timer-clock.js';
import { createControllerRateLimiter, type RateLimiter } from './rate-limiter.js';

export { createControllerRateLimiter, type ControllerRateLimiterOptions, type RateLimiter } from './rate-limiter.js';

/** Callbacks a metrics exporter plugs in; every one is optional. */
export interface WorkQueueMetrics {
  /** A key became pending (adds of a key that is already pending are not counted). */
  add?(key: string): void;
  /** The number of keys waiting for a worker, after every change. */
  depth?(depth: number): void;
  /** How long a key was pending before a worker took it. */
  queueLatency?(ms: number): void;
  /** A worker took `key` (for in-flight gauges: unfinished work, longest-running processor). */
  workStarted?(key: string): void;
  /** How long a worker held `key` (get → done). */
  workDuration?(ms: number, key: string): void;
  /** addRateLimited was called for a key. */
  retry?(key: string): void;
}

export interface WorkQueueOptions {
  clock?: TimerClock;
  /** Default: client-go's controller rate limiter (5 ms × 2^failures up to 1000 s, and 10 qps / burst 100). */
  rateLimiter?: RateLimiter;
  metrics?: WorkQueueMetrics;
}

type Waiter = (key: string | undefined) => void;

/**
 * The controller work queue with client-go's guarantees: a key is pending at most once; a key is
 * held by at most one worker; a key added while a worker holds it is handed out once more after
 * done(), however many times it was added meanwhile. addAfter keeps one timer per key, at the
 * earliest time asked for, and is the only timer mechanism of the controller.
 */
export class WorkQueue {
  readonly #clock: TimerClock;
  readonly #limiter: RateLimiter;
  readonly #metrics: WorkQueueMetrics;
  // Pending keys in FIFO order; `#head` avoids shifting the array on every get.
  #items: string[] = [];
  #head = 0;
  /** Pending keys that go before all others (an abort to carry out); each key is in one list only. */
  #urgent: string[] = [];
  /** Held keys made urgent meanwhile: done() queues them in #urgent. */
  readonly #urgentOnDone = new Set<string>();
  /** Keys that need processing: pending in #items, or held and to be re-queued on done(). */
  readonly #dirty = new Set<string>();
  readonly #processing = new Set<string>();
  readonly #dirtySince = new Map<string, number>();
  readonly #startedAt = new Map<string, number>();
  readonly #timers = new Map<string, { due: number; handle: TimerHandle }>();
  #waiters: Waiter[] = [];
  #shuttingDown = false;
  #drained: (() => void) | undefined;

  constructor(options: WorkQueueOptions = {}) {
    this.#clock = options.clock ?? realTimerClock;
    this.#limiter = options.rateLimiter ?? createControllerRateLimiter({ clock: this.#clock });
    this.#metrics = options.metrics ?? {};
  }

  /** Marks `key` as needing processing (ignored after shutdown). */
  add(key: string): void {
    if (this.#shuttingDown || this.#dirty.has(key)) return;
    this.#dirty.add(key);
    this.#dirtySince.set(key, this.#clock.now());
    this.#metrics.add?.(key);
    // A held key is re-queued by done(), never handed to a second worker.
    if (this.#processing.has(key)) return;
    this.#push(key);
  }

  /**
   * Like add, but the key is handed out before every non-urgent one (moved ahead if already pending):
   * an abort is carried out before the routine work of a thousand releasing rollouts.
   */
  addUrgent(key: string): void {
    if (this.#shuttingDown) return;
    if (this.#processing.has(key)) {
      this.add(key);
      this.#urgentOnDone.add(key);
      return;
    }
    if (this.#dirty.has(key)) {
      const at = this.#items.indexOf(key, this.#head);
      // Already urgent.
      if (at < 0) return;
      this.#items.splice(at, 1);
    } else {
      this.#dirty.add(key);
      this.#dirtySince.set(key, this.#clock.now());
      this.#metrics.add?.(key);
    }
    this.#push(key, true);
  }

  /** Adds `key` after `delayMs`; of several pending delays for one key only the earliest counts. */
  addAfter(key: string, delayMs: number): void {
    if (this.#shuttingDown) return;
    if (delayMs <= 0) return this.add(key);
    const due = this.#clock.now() + delayMs;
    const existing = this.#timers.get(key);
    if (existing && existing.due <= due) return;
    if (existing) this.#clock.clearTimeout(existing.handle);
    const handle = this.#clock.setTimeout(() => {
      this.#timers.delete(key);
      this.add(key);
    }, delayMs);
    this.#timers.set(key, { due, handle });
  }

  /** Adds `key` after its rate limiter's delay: exponential per key, bounded overall. */
  addRateLimited(key: string): void {
    if (this.#shuttingDown) return;
    this.#metrics.retry?.(key);
    this.addAfter(key, this.#limiter.when(key));
  }

  /** Resets the failure count of `key` (call after it was processed successfully). */
  forget(key: string): void {
    this.#limiter.forget(key);
  }

  /** How many times `key` was rate-limited since it was last forgotten. */
  numRequeues(key: string): number {
    return this.#limiter.numRequeues(key);
  }

  /** The next key to process, waiting for one if needed; undefined once the queue shuts down. */
  get(): Promise<string | undefined> {
    if (this.#shuttingDown) return Promise.resolve(undefined);
    if (this.len() > 0) return Promise.resolve(this.#take());
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Releases `key` after processing; if it was added meanwhile it is queued again. */
  done(key: string): void {
    if (!this.#processing.delete(key)) return;
    const started = this.#startedAt.get(key);
    this.#startedAt.delete(key);
    if (started !== undefined) this.#metrics.workDuration?.(this.#clock.now() - started, key);
    const urgent = this.#urgentOnDone.delete(key);
    if (this.#dirty.has(key) && !this.#shuttingDown) this.#push(key, urgent);
    if (this.#processing.size === 0) this.#drained?.();
  }

  /** Keys waiting for a worker. */
  len(): number {
    return this.#items.length - this.#head + this.#urgent.length;
  }

  /** Stops the queue: get() answers undefined, adds and timers are dropped; held keys may still call done(). */
  shutDown(): void {
    this.#shuttingDown = true;
    for (const { handle } of this.#timers.values()) this.#clock.clearTimeout(handle);
    this.#timers.clear();
    this.#items = [];
    this.#head = 0;
    this.#urgent = [];
    this.#urgentOnDone.clear();
    this.#dirty.clear();
    this.#dirtySince.clear();
    for (const waiter of this.#waiters.splice(0)) waiter(undefined);
    this.#metrics.depth?.(0);
  }

  /** Shuts down, then resolves once every key a worker holds is done. */
  shutDownWithDrain(): Promise<void> {
    this.shutDown();
    if (this.#processing.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.#drained = resolve;
    });
  }

  /** True after shutDown(). */
  isShuttingDown(): boolean {
    return this.#shuttingDown;
  }

  #push(key: string, urgent = false): void {
    if (urgent) this.#urgent.push(key);
    else this.#items.push(key);
    this.#metrics.depth?.(this.len());
    const waiter = this.#waiters.shift();
    if (waiter) waiter(this.#take());
  }

  // Caller checked len() > 0.
  #take(): string {
    const key = this.#urgent.length > 0 ? (this.#urgent.shift() ?? '') : this.#items[this.#head++];
    // Reclaim the consumed prefix once it dominates the array.
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    const now = this.#clock.now();
    this.#dirty.delete(key);
    this.#processing.add(key);
    this.#startedAt.set(key, now);
    this.#metrics.workStarted?.(key);
    const since = this.#dirtySince.get(key);
    this.#dirtySince.delete(key);
    if (since !== undefined) this.#metrics.queueLatency?.(now - since);
    this.#metrics.depth?.(this.len());
    return key;
  }
}

/** A work queue (see WorkQueue). */
export function createWorkQueue(options: WorkQueueOptions = {}): WorkQueue {
  return new WorkQueue(options);
}

/**
 * Runs `count` workers until the queue shuts down. A key whose processing resolves is forgotten by
 * the rate limiter; one that throws is reported to `onError` and re-added with backoff. A terminal
 * failure (no retry wanted) is for `process` to handle and resolve.
 */
export async function runWorkers(queue: WorkQueue, count: number, process: (key: string) => Promise<void>, onError: (key: string, err: unknown) => void): Promise<void> {
  const worker = async (): Promise<void> => {
    for (let key = await queue.get(); key !== undefined; key = await queue.get()) {
      await processOne(queue, key, process, onError);
    }
  };
  await Promise.all(Array.from({ length: count }, worker));
}

async function processOne(queue: WorkQueue, key: string, process: (key: string) => Promise<void>, onError: (key: string, err: unknown) => void): Promise<void> {
  try {
    await process(key);
    queue.forget(key);
  } catch (err) {
    queue.addRateLimited(key);
    try {
      onError(key, err);
    } catch {
      // A failing error reporter must not take the worker down with it.
    }
  } finally {
    queue.done(key);
  }
}
