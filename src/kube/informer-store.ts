import type { KubeObject } from './kube-client-types.js';

/** Index functions by name: each maps an object to the values it is found under (e.g. its owner's uid). */
export type Indexers<T> = Record<string, (obj: T) => string[]>;

/** The work-queue key of an object, as client-go's MetaNamespaceKeyFunc: "namespace/name", or "name" when cluster-scoped. */
export function objectKey(obj: KubeObject): string {
  const ns = obj.metadata?.namespace;
  return ns ? `${ns}/${obj.metadata?.name ?? ''}` : (obj.metadata?.name ?? '');
}

/** Where an object sits in the cache: its namespace ('' when cluster-scoped) and name. */
export function cacheKey(obj: KubeObject): string {
  return `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
}

/**
 * The informer's cache: a Map of names per namespace ('' for cluster-scoped kinds) and, per indexer,
 * value → objects. Index entries are recomputed from the stored object itself on replace and remove,
 * which is sound because stored objects never change, so nothing else is kept per object.
 */
export class ObjectStore<T extends KubeObject> {
  readonly #byNamespace = new Map<string, Map<string, T>>();
  readonly #indexers: Indexers<T>;
  readonly #indexes = new Map<string, Map<string, Map<string, T>>>();
  #size = 0;

  constructor(indexers: Indexers<T> = {}) {
    this.#indexers = indexers;
    for (const name of Object.keys(indexers)) this.#indexes.set(name, new Map());
  }

  get size(): number {
    return this.#size;
  }

  get(namespace: string | undefined, name: string): T | undefined {
    return this.#byNamespace.get(namespace ?? '')?.get(name);
  }

  /** Objects of one namespace, or of all namespaces. */
  list(namespace?: string): T[] {
    if (namespace !== undefined) return [...(this.#byNamespace.get(namespace)?.values() ?? [])];
    const all: T[] = [];
    for (const names of this.#byNamespace.values()) all.push(...names.values());
    return all;
  }

  byIndex(indexName: string, value: string): T[] {
    const index = this.#indexes.get(indexName);
    if (!index) throw new Error(`informer has no index named "${indexName}"`);
    return [...(index.get(value)?.values() ?? [])];
  }

  /** Stores `obj` in place of the object of the same namespace and name, returning the one it replaced. */
  put(obj: T): T | undefined {
    const ns = obj.metadata?.namespace ?? '';
    const name = obj.metadata?.name ?? '';
    let names = this.#byNamespace.get(ns);
    if (!names) this.#byNamespace.set(ns, (names = new Map<string, T>()));
    const old = names.get(name);
    names.set(name, obj);
    if (old) this.#unindex(old);
    else this.#size++;
    this.#index(obj);
    return old;
  }

  /** Removes and returns the object of that namespace and name, if there is one. */
  remove(namespace: string | undefined, name: string): T | undefined {
    const ns = namespace ?? '';
    const names = this.#byNamespace.get(ns);
    const old = names?.get(name);
    if (!names || !old) return undefined;
    names.delete(name);
    if (names.size === 0) this.#byNamespace.delete(ns);
    this.#unindex(old);
    this.#size--;
    return old;
  }

  #index(obj: T): void {
    const key = objectKey(obj);
    for (const [indexName, indexer] of Object.entries(this.#indexers)) {
      const index = this.#indexes.get(indexName) ?? new Map<string, Map<string, T>>();
      for (const value of indexer(obj)) {
        const objects = index.get(value) ?? new Map<string, T>();
        objects.set(key, obj);
        index.set(value, objects);
      }
    }
  }

  #unindex(obj: T): void {
    const key = objectKey(obj);
    for (const [indexName, indexer] of Object.entries(this.#indexers)) {
      const index = this.#indexes.get(indexName) ?? new Map<string, Map<string, T>>();
      for (const value of indexer(obj)) {
        const objects = index.get(value);
        objects?.delete(key);
        if (objects && objects.size === 0) index.delete(value);
      }
    }
  }
}
