// An in-memory TrafficObjects for router unit tests: stores plain JSON by group/resource/namespace/name,
// bumps resourceVersion on every write, refuses a stale update with a 409-shaped error, and counts calls.
import type { DesiredTraffic, ObjectRef, TrafficObjects, UnstructuredObject } from '../../src/traffic/router.js';

/** The error a stale update gets (the real port passes on the client's ConflictError). */
export class FakeConflictError extends Error {
  readonly statusCode = 409;
}

export interface FakeTrafficObjects extends TrafficObjects {
  calls: { get: number; create: number; update: number; delete: number };
  /** Puts an object in place as a user would (kubectl apply), without counting a call. */
  seed(ref: Omit<ObjectRef, 'name'>, object: UnstructuredObject): UnstructuredObject;
  /** The stored object (a copy), or undefined. */
  peek(ref: ObjectRef): UnstructuredObject | undefined;
  resetCalls(): void;
}

function keyOf(ref: Omit<ObjectRef, 'name'>, name: string): string {
  const group = ref.apiVersion.includes('/') ? ref.apiVersion.split('/')[0] : '';
  return `${group}/${ref.resource}/${ref.namespace}/${name}`;
}

/** A fresh, empty store. */
export function fakeTrafficObjects(): FakeTrafficObjects {
  const store = new Map<string, UnstructuredObject>();
  let version = 100;
  const calls = { get: 0, create: 0, update: 0, delete: 0 };
  const put = (ref: Omit<ObjectRef, 'name'>, object: UnstructuredObject): UnstructuredObject => {
    const stored = structuredClone(object);
    stored.metadata.namespace = ref.namespace;
    stored.metadata.resourceVersion = String(++version);
    stored.metadata.uid ??= `uid-${stored.metadata.name}`;
    store.set(keyOf(ref, stored.metadata.name), stored);
    return structuredClone(stored);
  };
  return {
    calls,
    seed: put,
    peek: (ref) => {
      const found = store.get(keyOf(ref, ref.name));
      return found && structuredClone(found);
    },
    resetCalls: () => Object.assign(calls, { get: 0, create: 0, update: 0, delete: 0 }),
    get: (ref) => {
      calls.get++;
      const found = store.get(keyOf(ref, ref.name));
      return Promise.resolve(found && structuredClone(found));
    },
    create: (ref, object) => {
      calls.create++;
      if (store.has(keyOf(ref, object.metadata.name))) return Promise.reject(new FakeConflictError(`${object.metadata.name} already exists`));
      return Promise.resolve(put(ref, object));
    },
    update: (ref, object) => {
      calls.update++;
      const current = store.get(keyOf(ref, ref.name));
      if (!current) return Promise.reject(new Error(`${ref.name} not found`));
      if (current.metadata.resourceVersion !== object.metadata.resourceVersion) return Promise.reject(new FakeConflictError(`${ref.name}: the object has been modified`));
      return Promise.resolve(put(ref, object));
    },
    delete: (ref) => {
      calls.delete++;
      store.delete(keyOf(ref, ref.name));
      return Promise.resolve();
    },
  };
}

/** Desired traffic at a canary weight (stable gets the rest of maxWeight), optionally with managed routes. */
export function desiredAt(weight: number, extra: Partial<DesiredTraffic> = {}): DesiredTraffic {
  const maxWeight = extra.maxWeight ?? 100;
  return {
    canary: { serviceName: 'shop-canary', podTemplateHash: 'c4n4ry', weight },
    stable: { serviceName: 'shop-stable', podTemplateHash: 'st4bl3', weight: maxWeight - weight },
    additional: [],
    maxWeight,
    headerRoutes: [],
    mirrorRoutes: [],
    ...extra,
  };
}
