import { str, type JsonObject } from '../json.js';
import type { ResourceRegistry } from '../registry.js';
import type { ResourceType } from '../resource-type.js';
import type { RestStorage } from '../rest-storage.js';
import type { ObjectStore, StoredEvent } from '../store.js';
import type { OwnerIndex } from './owner-index.js';

/** What every simulated cluster controller can use. */
export interface ClusterContext {
  registry: ResourceRegistry;
  store: ObjectStore;
  storage: RestStorage;
  owners: OwnerIndex;
  podReadySeconds: number;
  jobSeconds: number;
  logError: (message: string) => void;
  now: () => Date;
  /** A built-in type by group and resource (always served). */
  builtin: (group: string, resource: string) => ResourceType;
}

/** A controller of the simulated cluster: it sees every committed change. */
export interface ClusterController {
  onEvent(e: StoredEvent): void;
  stop(): void;
}

/** The type keys of the built-ins the controllers watch. */
export const KEYS = {
  pods: '/pods',
  services: '/services',
  endpoints: '/endpoints',
  namespaces: '/namespaces',
  replicasets: 'apps/replicasets',
  deployments: 'apps/deployments',
  jobs: 'batch/jobs',
  crds: 'apiextensions.k8s.io/customresourcedefinitions',
} as const;

/** metadata of a stored object. */
export function meta(obj: JsonObject): JsonObject {
  return (obj.metadata ?? {}) as JsonObject;
}

/** "namespace/name" of a stored object. */
export function keyOf(obj: JsonObject): string {
  const m = meta(obj);
  return `${str(m.namespace)}/${str(m.name)}`;
}

/** Whether the object is being deleted. */
export function isDeleting(obj: JsonObject): boolean {
  return meta(obj).deletionTimestamp !== undefined;
}
