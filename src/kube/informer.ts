import type { Logger } from '../shared/logger.js';
import { messageOf } from '../shared/errors.js';
import { realTimerClock, sleep, type TimerClock } from '../shared/timer-clock.js';
import { createBackoff, type Backoff } from './backoff.js';
import type { KubeClient, KubeObject, WatchEvent } from './kube-client-types.js';
import { errorFromStatus, isGone, statusFromObject } from './kube-errors.js';
import { InformerEvents, type InformerHandlers } from './informer-events.js';
import { cacheKey, ObjectStore, type Indexers } from './informer-store.js';
import { trimForCache } from './informer-trim.js';
import { listAll } from './list-all.js';
import type { ResourceRef } from './resources.js';

export type { InformerHandlers } from './informer-events.js';
export { objectKey, type Indexers } from './informer-store.js';

export interface InformerOptions<T extends KubeObject> {
  client: KubeClient;
  resource: ResourceRef;
  /** Only this namespace; default all. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  indexers?: Indexers<T>;
  log?: Logger;
  clock?: TimerClock;
  /** Jitter source for the retry backoff and the watch timeout (tests pin it). */
  random?: () => number;
  /**
   * Deep-freeze every object (in place, no copy) before it enters the cache, so that a handler
   * mutating a shared object throws instead of corrupting the cache silently, and so that what is
   * computed from a cached object can be kept per object (the pod-template hash). Default: on.
   */
  freeze?: boolean;
  /**
   * Drop managedFields and the last-applied-configuration annotation before caching (see
   * trimForCache). Default on: nothing reads them from a cache, and at 10,000 objects applied with
   * kubectl they are the larger part of the cache. Off only for a caller that needs the objects whole.
   */
  trim?: boolean;
}

// A watch that ends this soon without a single event is treated as a failure, so that a server
// closing every watch at once cannot make the informer spin.
const SHORT_WATCH_MS = 1000;

/**
 * A cache of one kind kept current by LIST then WATCH, as client-go's reflector and indexer:
 * a paged list (500 per page), a watch from its resourceVersion with bookmarks, an immediate
 * re-watch when the server ends the stream, a relist with a diff after 410 Gone, and jittered
 * backoff (100 ms → 30 s) on any other failure until stop(). Objects it hands out are shared and
 * must be treated as immutable: copy before changing anything.
 */
export class Informer<T extends KubeObject> {
  readonly #opts: InformerOptions<T>;
  readonly #store: ObjectStore<T>;
  readonly #events: InformerEvents<T>;
  readonly #clock: TimerClock;
  readonly #random: () => number;
  readonly #backoff: Backoff;
  readonly #freeze: boolean;
  readonly #trim: boolean;
  readonly #abort = new AbortController();
  #running: Promise<void> | undefined;
  #rv = '';
  #synced = false;
  #waiters = new Set<{ resolve: () => void; reject: (err: Error) => void }>();

  constructor(options: InformerOptions<T>) {
    this.#opts = options;
    this.#store = new ObjectStore<T>(options.indexers);
    this.#events = new InformerEvents<T>(options.log);
    this.#clock = options.clock ?? realTimerClock;
    this.#random = options.random ?? Math.random;
    this.#backoff = createBackoff({ random: this.#random });
    this.#freeze = options.freeze ?? true;
    this.#trim = options.trim ?? true;
  }

  /** Starts listing and watching in the background; call once. */
  start(): void {
    if (this.#abort.signal.aborted) throw new Error(`informer for ${this.#opts.resource.plural} was stopped and cannot start again`);
    if (this.#running) return;
    this.#running = this.#run();
  }

  /** Ends the watch and the retry loop; resolves once no request is open. */
  async stop(): Promise<void> {
    this.#abort.abort();
    for (const w of this.#waiters) w.reject(new Error(`informer for ${this.#opts.resource.plural} stopped before it synced`));
    this.#waiters.clear();
    await this.#running;
  }

  /** True once the first list has been stored (and ever after). */
  hasSynced(): boolean {
    return this.#synced;
  }

  /** Resolves once the first list has been stored; rejects if the signal aborts or the informer stops first. */
  waitForSync(signal?: AbortSignal): Promise<void> {
    if (this.#synced) return Promise.resolve();
    if (this.#abort.signal.aborted) return Promise.reject(new Error(`informer for ${this.#opts.resource.plural} is stopped`));
    const aborted = (): Error => (signal?.reason instanceof Error ? signal.reason : new Error('waitForSync aborted'));
    if (signal?.aborted) return Promise.reject(aborted());
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.#waiters.delete(waiter);
        reject(aborted());
      };
      // The listener goes when the wait ends, so a long-lived signal does not collect one per call.
      const waiter = {
        resolve: (): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        reject: (err: Error): void => {
          signal?.removeEventListener('abort', onAbort);
          reject(err);
        },
      };
      this.#waiters.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  get(namespace: string | undefined, name: string): T | undefined {
    return this.#store.get(namespace, name);
  }

  list(namespace?: string): T[] {
    return this.#store.list(namespace);
  }

  byIndex(indexName: string, value: string): T[] {
    return this.#store.byIndex(indexName, value);
  }

  /**
   * Subscribes to changes; returns the unsubscribe function. As in client-go, an 'add' handler
   * registered after objects are cached is called at once for each of them.
   */
  on<E extends keyof InformerHandlers<T>>(event: E, handler: InformerHandlers<T>[E]): () => void {
    const off = this.#events.on(event, handler);
    if (event === 'add') this.#events.replay(handler as InformerHandlers<T>['add'], this.#store.list());
    return off;
  }

  /** The resourceVersion the cache is current to (from the last list, event or bookmark). */
  lastSyncResourceVersion(): string {
    return this.#rv;
  }

  async #run(): Promise<void> {
    const { signal } = this.#abort;
    let needList = true;
    while (!signal.aborted) {
      try {
        if (needList) await this.#relist();
        needList = false;
        await this.#watch();
      } catch (err) {
        if (signal.aborted) return;
        // A 410 from the watch means relist now; a failed list (whatever the error) backs off and lists again.
        if (isGone(err) && !needList) {
          needList = true;
          this.#opts.log?.info({ resource: this.#opts.resource.plural, resourceVersion: this.#rv }, 'watch history expired, relisting');
          continue;
        }
        this.#opts.log?.warn({ resource: this.#opts.resource.plural, err: messageOf(err) }, 'list/watch failed, retrying');
        await sleep(this.#clock, this.#backoff.next(), signal);
      }
    }
  }

  async #relist(): Promise<void> {
    const { client, resource, namespace, labelSelector, fieldSelector } = this.#opts;
    const list = await listAll<T>(client, { resource, namespace, labelSelector, fieldSelector, signal: this.#abort.signal });
    if (this.#abort.signal.aborted) return;
    this.#replace(list.items);
    this.#rv = list.resourceVersion;
    this.#backoff.reset();
    if (this.#synced) return;
    this.#synced = true;
    for (const w of this.#waiters) w.resolve();
    this.#waiters.clear();
  }

  // Store the listed state first, then tell the handlers, so each of them sees the whole new state.
  #replace(items: T[]): void {
    const pending: (() => void)[] = [];
    const listed = new Set<string>();
    for (const obj of items) {
      listed.add(cacheKey(obj));
      pending.push(...this.#upsert(obj));
    }
    for (const old of this.#store.list()) {
      if (listed.has(cacheKey(old))) continue;
      this.#store.remove(old.metadata?.namespace, nameOf(old));
      pending.push(() => this.#events.emitDelete(old));
    }
    for (const emit of pending) emit();
  }

  // The events a new state of one object causes; nothing when the cache already has that version.
  #upsert(obj: T): (() => void)[] {
    const old = this.#store.get(obj.metadata?.namespace, nameOf(obj));
    if (old && old.metadata?.resourceVersion === obj.metadata?.resourceVersion) return [];
    const stored = this.#cached(obj);
    this.#store.put(stored);
    if (!old) return [() => this.#events.emitAdd(stored)];
    // Same name, new uid: it was deleted and created again while we were not watching.
    if (old.metadata?.uid !== stored.metadata?.uid) return [() => this.#events.emitDelete(old), () => this.#events.emitAdd(stored)];
    return [() => this.#events.emitUpdate(old, stored)];
  }

  // What the cache keeps of an object from the API: trimmed, and frozen under tests.
  #cached(obj: T): T {
    const kept = this.#trim ? trimForCache(obj) : obj;
    return this.#freeze ? deepFreeze(kept) : kept;
  }

  async #watch(): Promise<void> {
    const { client, resource, namespace, labelSelector, fieldSelector } = this.#opts;
    const started = this.#clock.now();
    let events = 0;
    // Servers end watches after timeoutSeconds; spreading it over 5–10 minutes avoids relist storms.
    const timeoutSeconds = Math.floor(300 * (1 + this.#random()));
    const options = { resourceVersion: this.#rv, labelSelector, fieldSelector, allowWatchBookmarks: true, timeoutSeconds };
    const healthy = (): boolean => events > 0 || this.#clock.now() - started >= SHORT_WATCH_MS;
    try {
      await client.watch<T>(resource, namespace, options, (event) => {
        events++;
        this.#handle(event);
      }, this.#abort.signal);
    } finally {
      // A watch that worked for a while starts the backoff over, even when its connection then broke:
      // otherwise repeated resets of long-lived connections push every retry towards the 30 s cap.
      if (healthy()) this.#backoff.reset();
    }
    if (!healthy() && !this.#abort.signal.aborted) await sleep(this.#clock, this.#backoff.next(), this.#abort.signal);
  }

  #handle(event: WatchEvent<T>): void {
    const obj = event.object;
    switch (event.type) {
      case 'ERROR':
        // 410 becomes a GoneError, which makes run() relist; anything else retries the watch after backoff.
        throw errorFromStatus({ verb: 'watch', resource: this.#opts.resource.plural, namespace: this.#opts.namespace }, statusFromObject(500, obj));
      case 'ADDED':
      case 'MODIFIED':
        for (const emit of this.#upsert(obj)) emit();
        break;
      case 'DELETED':
        this.#delete(obj);
        break;
      case 'BOOKMARK':
        break;
    }
    this.#rv = obj.metadata?.resourceVersion ?? this.#rv;
  }

  // The handlers get the object's final state from the event, not the (older) cached one.
  #delete(obj: T): void {
    const old = this.#store.remove(obj.metadata?.namespace, nameOf(obj));
    if (old) this.#events.emitDelete(this.#cached(obj));
  }
}

/** An informer for one kind (see Informer); call start(), then waitForSync() before reading. */
export function createInformer<T extends KubeObject>(options: InformerOptions<T>): Informer<T> {
  return new Informer<T>(options);
}

function nameOf(obj: KubeObject): string {
  return obj.metadata?.name ?? '';
}

function deepFreeze<V>(value: V): V {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
}
