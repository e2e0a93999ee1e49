import type { ResourceRegistry } from '../registry.js';
import type { ResourceType } from '../resource-type.js';
import type { RestStorage } from '../rest-storage.js';
import type { ObjectStore } from '../store.js';
import type { ClusterContext, ClusterController } from './context.js';
import { startCrdController } from './crd-controller.js';
import { startDeploymentController } from './deployment-controller.js';
import { startEndpointsController } from './endpoints-controller.js';
import { startGarbageCollector } from './garbage-collector.js';
import { startJobController } from './job-controller.js';
import { startNamespaceController } from './namespace-controller.js';
import { OwnerIndex } from './owner-index.js';
import { startPodLifecycle } from './pod-lifecycle.js';
import { startReplicaSetController } from './replicaset-controller.js';

export interface ClusterOptions {
  registry: ResourceRegistry;
  store: ObjectStore;
  storage: RestStorage;
  podReadySeconds: number;
  jobSeconds: number;
  logError: (message: string) => void;
}

export interface ClusterControllers {
  stop(): void;
}

/** Starts the controllers and kubelet a real cluster would run, all driven by the store's commits. */
export function startClusterControllers(options: ClusterOptions): ClusterControllers {
  const builtin = (group: string, resource: string): ResourceType => {
    const t = options.registry.findAnyVersion(group, resource);
    if (!t) throw new Error(`built-in resource ${group}/${resource} is not registered`);
    return t;
  };
  const ctx: ClusterContext = { ...options, owners: new OwnerIndex(), now: () => new Date(), builtin };
  // The garbage collector goes first: it maintains the owner index the others read.
  const controllers: ClusterController[] = [
    startGarbageCollector(ctx),
    startCrdController(ctx),
    startNamespaceController(ctx),
    startReplicaSetController(ctx),
    startPodLifecycle(ctx),
    startDeploymentController(ctx),
    startJobController(ctx),
    startEndpointsController(ctx),
  ];
  const unsubscribe = options.store.subscribe((e) => {
    for (const c of controllers) c.onEvent(e);
  });
  return {
    stop: () => {
      unsubscribe();
      for (const c of controllers) c.stop();
    },
  };
}
