import type { JsonObject } from './json.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** A committed change, kept in the event log so that watches can resume from a resourceVersion. */
export interface StoredEvent {
  rv: number;
  type: WatchEventType;
  typeKey: string;
  namespace: string;
  object: JsonObject;
  /** The object before the change (MODIFIED and DELETED), for selector transitions. */
  previous?: JsonObject;
}

export type StoreListener = (event: StoredEvent) => void;

/** Thrown when a watch or continue token asks for history the log no longer keeps. */
export class ExpiredError extends Error {}

function objectKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/**
 * The simulator's etcd: objects by type and namespace/name, one global resourceVersion counter, and a
 * bounded event log. Stored objects are never mutated after commit; every write replaces them.
 */
export class ObjectStore {
  #rv: number;
  #objects = new Map<string, Map<string, JsonObject>>();
  #sortedKeys = new Map<string, string[]>();
  /** The same objects by type, then namespace, then name: a namespaced list reads its namespace only. */
  #byNamespace = new Map<string, Map<string, Map<string, JsonObject>>>();
  #log: StoredEvent[] = [];
  #compactedRv: number;
  #capacity: number;
  #listeners = new Set<StoreListener>();

  constructor(options: { logCapacity: number; startRv?: number }) {
    this.#rv = options.startRv ?? 1000;
    this.#compactedRv = this.#rv;
    this.#capacity = options.logCapacity;
  }

  /** The newest resourceVersion handed out. */
  get currentRv(): number {
    return this.#rv;
  }

  /** Reserves the next resourceVersion for a write about to be committed. */
  nextRv(): number {
    return ++this.#rv;
  }

  get(typeKey: string, namespace: string, name: string): JsonObject | undefined {
    return this.#objects.get(typeKey)?.get(objectKey(namespace, name));
  }

  /** Objects of a type in key order (namespace, then name), optionally in one namespace. */
  list(typeKey: string, namespace?: string): JsonObject[] {
    if (namespace !== undefined) return this.#listNamespace(typeKey, namespace);
    const bucket = this.#objects.get(typeKey);
    if (!bucket) return [];
    const out: JsonObject[] = [];
    for (const k of this.#keys(typeKey, bucket)) {
      const obj = bucket.get(k);
      if (obj) out.push(obj);
    }
    return out;
  }

  // A namespace's objects in name order; sorting one namespace beats scanning every key of the type
  // (the Endpoints controller lists a namespace's Pods on every Service sync).
  #listNamespace(typeKey: string, namespace: string): JsonObject[] {
    const objects = this.#byNamespace.get(typeKey)?.get(namespace);
    if (!objects) return [];
    return [...objects.keys()].sort().map((name) => objects.get(name) as JsonObject);
  }

  #index(typeKey: string, namespace: string, name: string, object: JsonObject | undefined): void {
    let byNs = this.#byNamespace.get(typeKey);
    if (!byNs) {
      byNs = new Map();
      this.#byNamespace.set(typeKey, byNs);
    }
    let objects = byNs.get(namespace);
    if (!objects) {
      objects = new Map();
      byNs.set(namespace, objects);
    }
    if (object) objects.set(name, object);
    else if (objects.delete(name) && objects.size === 0) byNs.delete(namespace);
  }

  /** Number of objects of a type. */
  count(typeKey: string): number {
    return this.#objects.get(typeKey)?.size ?? 0;
  }

  #keys(typeKey: string, bucket: Map<string, JsonObject>): string[] {
    let keys = this.#sortedKeys.get(typeKey);
    if (!keys) {
      keys = [...bucket.keys()].sort();
      this.#sortedKeys.set(typeKey, keys);
    }
    return keys;
  }

  /** Stores an object and records the event; `object.metadata.resourceVersion` must already be `rv`. */
  commit(event: Omit<StoredEvent, 'namespace'> & { namespace: string; name: string }): void {
    let bucket = this.#objects.get(event.typeKey);
    if (!bucket) {
      bucket = new Map();
      this.#objects.set(event.typeKey, bucket);
    }
    const key = objectKey(event.namespace, event.name);
    if (event.type === 'DELETED') {
      bucket.delete(key);
      this.#sortedKeys.delete(event.typeKey);
    } else {
      if (!bucket.has(key)) this.#sortedKeys.delete(event.typeKey);
      bucket.set(key, event.object);
    }
    this.#index(event.typeKey, event.namespace, event.name, event.type === 'DELETED' ? undefined : event.object);
    const stored: StoredEvent = { rv: event.rv, type: event.type, typeKey: event.typeKey, namespace: event.namespace, object: event.object, previous: event.previous };
    this.#append(stored);
    for (const l of this.#listeners) l(stored);
  }

  #append(event: StoredEvent): void {
    this.#log.push(event);
    // Trim in chunks so that the cost of shifting the array is amortised over many writes.
    if (this.#log.length > this.#capacity * 1.1) this.#dropOldest(this.#log.length - this.#capacity);
  }

  #dropOldest(n: number): void {
    const dropped = this.#log.splice(0, n);
    if (dropped.length > 0) this.#compactedRv = dropped[dropped.length - 1].rv;
  }

  /** Forgets all history up to now: a watch from any older resourceVersion gets 410 Gone. */
  compact(): void {
    this.#log = [];
    this.#compactedRv = this.#rv;
  }

  /** Whether history since `rv` is still kept. */
  isExpired(rv: number): boolean {
    return rv < this.#compactedRv;
  }

  /** The logged events of a type after `rv`, oldest first; throws ExpiredError when compacted. */
  eventsSince(typeKey: string, rv: number): StoredEvent[] {
    if (this.isExpired(rv)) throw new ExpiredError(`too old resource version: ${rv} (${this.#compactedRv})`);
    let lo = 0;
    let hi = this.#log.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#log[mid].rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    const out: StoredEvent[] = [];
    for (let i = lo; i < this.#log.length; i++) if (this.#log[i].typeKey === typeKey) out.push(this.#log[i]);
    return out;
  }

  /** Calls `listener` after every commit; returns the unsubscribe function. */
  subscribe(listener: StoreListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Every type key that holds objects. */
  typeKeys(): string[] {
    return [...this.#objects.keys()];
  }
}
