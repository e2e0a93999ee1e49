import type { Deployment, Pod, ReplicaSet, Service } from '../api/kube-types.js';
import { ANNOTATIONS, LABELS } from '../api/labels.js';
import type { AnalysisRun, AnalysisTemplate, ClusterAnalysisTemplate, Rollout } from '../api/types.js';
import { ReplicaSetRefusedError, type RolloutReads, type RolloutWrites } from '../rollout/ports.js';
import type { Informer } from './informer.js';
import { eventObject, type EventSource } from './events.js';
import type { EventSink } from './event-sink.js';
import type { KubeClient, KubeObject } from './kube-client-types.js';
import { isAlreadyExists, KubeError } from './kube-errors.js';
import { apiVersionOf, RESOURCES } from './resources.js';
import { reconcileRouters, routersFor } from '../traffic/routers.js';
import { trafficObjectsOf } from './traffic-ports.js';

/** The caches a rollout reconcile reads. ReplicaSets are indexed by their controller's uid. */
export interface RolloutCaches {
  rollouts: Informer<KubeObject>;
  replicaSets: Informer<KubeObject>;
  services: Informer<KubeObject>;
  deployments: Informer<KubeObject>;
  analysisRuns: Informer<KubeObject>;
  analysisTemplates: Informer<KubeObject>;
  /** None in namespaced mode (--namespace): cluster-scoped templates are not read there. */
  clusterAnalysisTemplates?: Informer<KubeObject>;
}

// A 4xx other than a conflict or throttling: the server will refuse the same object again.
function isRefusal(err: unknown): err is KubeError {
  return err instanceof KubeError && err.statusCode >= 400 && err.statusCode < 500 && err.statusCode !== 409 && err.statusCode !== 429;
}

/** Index name and function: ReplicaSets by the uid of their controlling owner. */
export const CONTROLLER_UID_INDEX = 'controller-uid';

/** The controller uid index function for ReplicaSet informers. */
export function controllerUidIndex(obj: KubeObject): string[] {
  const refs = (obj.metadata as { ownerReferences?: { uid?: string; controller?: boolean }[] } | undefined)?.ownerReferences ?? [];
  return refs.filter((r) => r.controller && r.uid).map((r) => r.uid ?? '');
}

/** Cache-backed reads; pods, needed only for restarts and ephemeral metadata, are listed on demand. */
export function createRolloutReads(caches: RolloutCaches, client: KubeClient): RolloutReads {
  return {
    rollout: (ns, name) => caches.rollouts.get(ns, name) as Rollout | undefined,
    replicaSetsOf: (ns, uid) => (caches.replicaSets.byIndex(CONTROLLER_UID_INDEX, uid) as unknown as ReplicaSet[]).filter((rs) => rs.metadata.namespace === ns),
    service: (ns, name) => caches.services.get(ns, name) as Service | undefined,
    deployment: (ns, name) => caches.deployments.get(ns, name) as Deployment | undefined,
    analysisRunsOf: (ns, uid) => (caches.analysisRuns.byIndex(CONTROLLER_UID_INDEX, uid) as unknown as AnalysisRun[]).filter((r) => r.metadata?.namespace === ns),
    analysisTemplates: (ns) => caches.analysisTemplates.list(ns) as unknown as AnalysisTemplate[],
    clusterAnalysisTemplates: () => (caches.clusterAnalysisTemplates?.list() ?? []) as unknown as ClusterAnalysisTemplate[],
    podsOf: async (ns, uids) => {
      if (uids.length === 0) return [];
      const { items } = await client.list<KubeObject>(RESOURCES.pods, ns, { labelSelector: LABELS.podTemplateHash });
      const wanted = new Set(uids);
      return (items as unknown as Pod[]).filter((p) => p.metadata.ownerReferences?.some((o) => wanted.has(o.uid)));
    },
  };
}

/** Optional parts of the rollout writes. */
export interface RolloutWritesExtras {
  /** Where events go to be written in the background (without one they are written before returning). */
  sink?: EventSink;
  /** Told the resourceVersion of every ReplicaSet this controller writes (to spot a cache behind it). */
  onReplicaSetWritten?: (namespace: string, name: string, resourceVersion: string) => void;
}

/** API-backed writes: merge patches, status through the status subresource, events as core/v1 Events. */
export function createRolloutWrites(client: KubeClient, source: EventSource, extras: RolloutWritesExtras = {}): RolloutWrites {
  const { sink, onReplicaSetWritten } = extras;
  const written = (ns: string, obj: KubeObject): void => {
    const rv = obj.metadata?.resourceVersion;
    if (rv !== undefined) onReplicaSetWritten?.(ns, obj.metadata?.name ?? '', rv);
  };
  const trafficObjects = trafficObjectsOf(client);
  return {
    createReplicaSet: async (ns, rs) => {
      try {
        written(ns, await client.create(RESOURCES.replicaSets, ns, { ...rs, apiVersion: apiVersionOf(RESOURCES.replicaSets), kind: 'ReplicaSet' } as unknown as KubeObject));
      } catch (err) {
        // Created by a previous pass whose result the cache has not shown yet: nothing to do.
        if (isAlreadyExists(err)) return;
        throw isRefusal(err) ? new ReplicaSetRefusedError(rs.metadata.name ?? '', err.apiMessage, { cause: err }) : err;
      }
    },
    patchReplicaSet: async (ns, name, patch) => {
      written(ns, await client.patch(RESOURCES.replicaSets, ns, name, patch, { type: 'merge' }));
    },
    deleteReplicaSet: async (ns, name, uid) => {
      await client.delete(RESOURCES.replicaSets, ns, name, { propagationPolicy: 'Background', preconditions: { uid } });
    },
    setServiceSelector: async (ns, service, { hash, rollout }) => {
      const patch = { metadata: { annotations: { [ANNOTATIONS.managedBy]: rollout } }, spec: { selector: { [LABELS.podTemplateHash]: hash } } };
      await client.patch(RESOURCES.services, ns, service, patch, { type: 'merge' });
    },
    patchRollout: async (ns, name, patch) => (await client.patch(RESOURCES.rollouts, ns, name, patch, { type: 'merge' })) as unknown as Rollout,
    patchRolloutStatus: async (ns, name, patch, resourceVersion) => {
      const body = { ...patch, metadata: { resourceVersion } };
      return (await client.patch(RESOURCES.rollouts, ns, name, body, { type: 'merge', subresource: 'status' })) as unknown as Rollout;
    },
    patchPod: async (ns, name, patch) => {
      await client.patch(RESOURCES.pods, ns, name, patch, { type: 'merge' });
    },
    evictPod: (ns, name) => client.evictPod(ns, name),
    createAnalysisRun: async (ns, run) => {
      try {
        await client.create(RESOURCES.analysisRuns, ns, run);
      } catch (err) {
        // Created by a previous pass whose result the cache has not shown yet.
        if (!isAlreadyExists(err)) throw err;
      }
    },
    terminateAnalysisRun: async (ns, name) => {
      await client.patch(RESOURCES.analysisRuns, ns, name, { spec: { terminate: true } }, { type: 'merge' });
    },
    deleteAnalysisRun: async (ns, name) => {
      await client.delete(RESOURCES.analysisRuns, ns, name, { propagationPolicy: 'Background' });
    },
    scaleDeployment: async (ns, name, replicas) => {
      await client.patch(RESOURCES.deployments, ns, name, { spec: { replicas } }, { type: 'merge' });
    },
    recordEvent: async (rollout, event) => {
      const involved = { ...rollout, apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout' };
      // Notifications go out from the same events as Argo's (RolloutCompleted → on-rollout-completed).
      source.onRecorded?.(involved, event);
      const obj = eventObject(involved, event, source);
      if (sink) sink.record(obj);
      else await client.create(RESOURCES.events, rollout.metadata?.namespace, obj);
    },
    routeTraffic: async (rollout, desired) => {
      const result = await reconcileRouters(routersFor(rollout, trafficObjects), rollout, desired);
      // A weight that reads back different from the one written (a webhook, another controller): retried.
      if (result.verified === false) throw new Error(`traffic router: canary weight ${desired.canary.weight} was written but reads back different`);
      return result.writes;
    },
  };
}
