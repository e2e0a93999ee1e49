// The dashboard's view of the cluster: one informer per kind across all namespaces (list, then
// watch), so every browser is served from memory and told of changes, never by polling the API.
import type { Deployment, Pod, ReplicaSet } from '../api/kube-types.js';
import type { AnalysisRun, Experiment, Rollout } from '../api/types.js';
import { createInformer, type Informer } from '../kube/informer.js';
import type { KubeClient, KubeObject } from '../kube/kube-client-types.js';
import { RESOURCES } from '../kube/resources.js';
import type { Logger } from '../shared/logger.js';
import type { RolloutTree } from '../view/view-types.js';

export interface ClusterCache {
  rollouts(namespace?: string): Rollout[];
  namespaces(): string[];
  tree(namespace: string, name: string): RolloutTree | undefined;
  /** Called (at most once per `settleMs`) after any change; returns an unsubscribe function. */
  onChange(listener: () => void): () => void;
  stop(): Promise<void>;
}

const KINDS = ['rollouts', 'replicaSets', 'pods', 'analysisRuns', 'experiments', 'deployments'] as const;
type Kind = (typeof KINDS)[number];
type Informers = Record<Kind, Informer<KubeObject>>;

// Changes that arrive together (a promote touches the rollout, a ReplicaSet and its pods) make one push.
const SETTLE_MS = 30;

/** Starts the informers; resolves once every cache has synced. */
export async function startClusterCache(options: { client: KubeClient; namespace?: string; log?: Logger }): Promise<ClusterCache> {
  const { client, namespace, log } = options;
  const informers = Object.fromEntries(KINDS.map((kind) => [kind, createInformer<KubeObject>({ client, resource: RESOURCES[kind], log, ...(namespace ? { namespace } : {}) })])) as Informers;
  const listeners = new Set<() => void>();
  let pending: NodeJS.Timeout | undefined;
  const notify = (): void => {
    pending ??= setTimeout(() => {
      pending = undefined;
      for (const listener of listeners) listener();
    }, SETTLE_MS);
  };
  const all = Object.values(informers);
  for (const informer of all) {
    for (const event of ['add', 'update', 'delete'] as const) informer.on(event, notify);
    informer.start();
  }
  const stop = async (): Promise<void> => {
    clearTimeout(pending);
    await Promise.all(all.map((informer) => informer.stop()));
  };
  try {
    await Promise.all(all.map((informer) => informer.waitForSync()));
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    rollouts: (ns) => informers.rollouts.list(ns) as Rollout[],
    namespaces: () => [...new Set(informers.rollouts.list().map((r) => r.metadata?.namespace ?? ''))].sort(),
    tree: (ns, name) => assemble(informers, ns, name),
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop,
  };
}

function assemble(informers: Informers, namespace: string, name: string): RolloutTree | undefined {
  const rollout = informers.rollouts.get(namespace, name) as Rollout | undefined;
  if (!rollout) return undefined;
  const workloadRef = rollout.spec.workloadRef;
  const workload = workloadRef?.kind === 'Deployment' ? (informers.deployments.get(namespace, workloadRef.name ?? '') as Deployment | undefined) : undefined;
  return {
    rollout,
    replicaSets: informers.replicaSets.list(namespace) as unknown as ReplicaSet[],
    pods: informers.pods.list(namespace) as Pod[],
    analysisRuns: informers.analysisRuns.list(namespace) as AnalysisRun[],
    experiments: informers.experiments.list(namespace) as Experiment[],
    ...(workload ? { workload } : {}),
  };
}
