// A KubeClient that keeps objects in memory and records every call exactly as it was made: the edge
// of the operation tests, which assert the requests an operation sends (verb, resource, subresource,
// patch type, body).
import { ConflictError, NotFoundError } from '../../../src/kube/kube-errors.js';
import type { KubeClient, KubeObject, PatchType } from '../../../src/kube/kube-client-types.js';
import type { ResourceRef } from '../../../src/kube/resources.js';

export interface RecordedCall {
  verb: 'get' | 'list' | 'create' | 'replace' | 'patch' | 'delete' | 'watch';
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  patchType?: PatchType;
  labelSelector?: string;
  body?: unknown;
}

export interface RecordingClient extends KubeClient {
  calls: RecordedCall[];
  /** The writes only (create, replace, patch, delete). */
  writes(): RecordedCall[];
}

export interface RecordingOptions {
  /** Answer patches of the status subresource with 404, as a CRD without one does (Argo < 0.10). */
  noStatusSubresource?: boolean;
  /** Answer this many replace calls with 409 before accepting one. */
  conflicts?: number;
}

function key(r: ResourceRef, namespace: string | undefined, name: string): string {
  return `${r.plural}/${namespace ?? ''}/${name}`;
}

function notFound(r: ResourceRef, namespace: string | undefined, name: string): NotFoundError {
  return new NotFoundError({ verb: 'get', resource: r.plural, namespace, name }, { code: 404, reason: 'NotFound', message: `${r.plural} "${name}" not found` });
}

/** A client over `objects` (each must have metadata.namespace and name). */
export function recordingClient(objects: { resource: ResourceRef; object: KubeObject }[], options: RecordingOptions = {}): RecordingClient {
  const store = new Map(objects.map(({ resource, object }) => [key(resource, object.metadata?.namespace, object.metadata?.name ?? ''), structuredClone(object)]));
  const calls: RecordedCall[] = [];
  let conflicts = options.conflicts ?? 0;
  const find = (r: ResourceRef, namespace: string | undefined, name: string): KubeObject => {
    const obj = store.get(key(r, namespace, name));
    if (!obj) throw notFound(r, namespace, name);
    return structuredClone(obj);
  };
  /* eslint-disable @typescript-eslint/require-await -- async to match the interface: errors become rejections */
  const client: RecordingClient = {
    calls,
    writes: () => calls.filter((c) => c.verb !== 'get' && c.verb !== 'list' && c.verb !== 'watch'),
    get: async <T extends KubeObject>(r: ResourceRef, namespace: string | undefined, name: string) => {
      calls.push({ verb: 'get', resource: r.plural, namespace, name });
      return find(r, namespace, name) as T;
    },
    list: async <T extends KubeObject>(r: ResourceRef, namespace: string | undefined, opts?: { labelSelector?: string }) => {
      calls.push({ verb: 'list', resource: r.plural, namespace, labelSelector: opts?.labelSelector });
      const items = [...store.entries()].filter(([k, o]) => k.startsWith(`${r.plural}/`) && (namespace === undefined || o.metadata?.namespace === namespace)).map(([, o]) => structuredClone(o));
      return { items: items as T[], resourceVersion: '1' };
    },
    create: async <T extends KubeObject>(r: ResourceRef, namespace: string | undefined, object: T) => {
      calls.push({ verb: 'create', resource: r.plural, namespace, body: object });
      store.set(key(r, namespace, object.metadata?.name ?? ''), structuredClone(object));
      return object;
    },
    replace: async <T extends KubeObject>(r: ResourceRef, namespace: string | undefined, name: string, object: T, opts?: { subresource?: 'status' | 'scale' }) => {
      calls.push({ verb: 'replace', resource: r.plural, namespace, name, subresource: opts?.subresource, body: object });
      find(r, namespace, name);
      if (conflicts-- > 0) throw new ConflictError({ verb: 'update', resource: r.plural, namespace, name }, { code: 409, reason: 'Conflict', message: 'the object has been modified' });
      store.set(key(r, namespace, name), structuredClone(object));
      return object;
    },
    patch: async <T extends KubeObject>(r: ResourceRef, namespace: string | undefined, name: string, patch: unknown, opts: { type: PatchType; subresource?: 'status' | 'scale' }) => {
      calls.push({ verb: 'patch', resource: r.plural, namespace, name, subresource: opts.subresource, patchType: opts.type, body: patch });
      const obj = find(r, namespace, name);
      if (opts.subresource === 'status' && options.noStatusSubresource) throw notFound(r, namespace, name);
      return obj as T;
    },
    delete: async (r: ResourceRef, namespace: string | undefined, name: string) => {
      calls.push({ verb: 'delete', resource: r.plural, namespace, name });
      store.delete(key(r, namespace, name));
    },
    evictPod: async (namespace: string, name: string) => {
      calls.push({ verb: 'create', resource: 'pods', namespace, name, subresource: 'eviction' });
      store.delete(`pods/${namespace}/${name}`);
    },
    watch: async (r: ResourceRef, namespace: string | undefined, _opts: unknown, _onEvent: unknown, signal: AbortSignal) => {
      calls.push({ verb: 'watch', resource: r.plural, namespace });
      await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
    },
  };
  /* eslint-enable @typescript-eslint/require-await */
  return client;
}
