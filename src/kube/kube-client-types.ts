import type { ResourceRef } from './resources.js';

/** Any object with metadata, as the API returns it. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [field: string]: unknown;
  };
  [field: string]: unknown;
}

export type PatchType = 'merge' | 'json' | 'strategic';

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
}

export interface ListResult<T> {
  items: T[];
  resourceVersion: string;
  continue?: string;
}

export interface WatchOptions {
  resourceVersion?: string;
  labelSelector?: string;
  fieldSelector?: string;
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchEvent<T> {
  type: WatchEventType;
  object: T;
}

export interface DeleteOptions {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
}

/** Observes every API call (for metrics and the RBAC record): verb, resource, the object's namespace and name, HTTP code, duration. */
export type RequestObserver = (request: { verb: string; resource: string; namespace?: string; name?: string; code: number; durationMs: number }) => void;

/**
 * The one way product code talks to the Kubernetes API. Errors are thrown as KubeError subclasses from
 * kube-errors.ts: NotFoundError (404), ConflictError (409: re-read and re-plan, not a failure),
 * GoneError (410), and KubeRequestError for everything else, each naming the object.
 */
export interface KubeClient {
  get<T extends KubeObject>(r: ResourceRef, namespace: string | undefined, name: string): Promise<T>;
  list<T extends KubeObject>(r: ResourceRef, namespace: string | undefined, options?: ListOptions): Promise<ListResult<T>>;
  create<T extends KubeObject>(r: ResourceRef, namespace: string | undefined, object: T): Promise<T>;
  replace<T extends KubeObject>(r: ResourceRef, namespace: string | undefined, name: string, object: T, options?: { subresource?: 'status' | 'scale' }): Promise<T>;
  patch<T extends KubeObject>(r: ResourceRef, namespace: string | undefined, name: string, patch: unknown, options: { type: PatchType; subresource?: 'status' | 'scale' }): Promise<T>;
  delete(r: ResourceRef, namespace: string | undefined, name: string, options?: DeleteOptions): Promise<void>;
  /** Evicts a pod through the policy/v1 Eviction subresource (honouring PodDisruptionBudgets where the cluster has them). */
  evictPod(namespace: string, name: string): Promise<void>;
  /** Streams watch events until the server ends the stream (resolves), the signal aborts (resolves) or it fails (rejects). */
  watch<T extends KubeObject>(r: ResourceRef, namespace: string | undefined, options: WatchOptions, onEvent: (event: WatchEvent<T>) => void, signal: AbortSignal): Promise<void>;
}
