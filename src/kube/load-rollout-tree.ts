// Reading a rollout with everything of its namespace that its tree view needs (what Argo's view
// controller caches): ReplicaSets, pods, AnalysisRuns, Experiments and a workloadRef's Deployment.
import type { Deployment, Pod, ReplicaSet } from '../api/kube-types.js';
import type { AnalysisRun, Experiment, Rollout } from '../api/types.js';
import { RolloutsError } from '../shared/errors.js';
import type { KubeClient, KubeObject } from './kube-client-types.js';
import { isNotFound } from './kube-errors.js';
import { listAll } from './list-all.js';
import { RESOURCES } from './resources.js';

/** A rollout and the objects of its namespace (the view keeps only those the rollout owns). */
export interface RolloutTree {
  rollout: Rollout;
  replicaSets: ReplicaSet[];
  pods: Pod[];
  analysisRuns: AnalysisRun[];
  experiments: Experiment[];
  workload?: Deployment;
}

/** The error for a rollout that does not exist, in the API server's (and Argo's plugin's) words: rollouts.argoproj.io "checkout" not found. */
export function rolloutNotFoundError(ref: { namespace: string; name: string }, cause?: unknown): RolloutsError {
  return new RolloutsError('KUBE_NOT_FOUND', `rollouts.argoproj.io "${ref.name}" not found`, { cause });
}

type Obj<T> = T & KubeObject;

/** Reads a rollout's tree once (5 requests, 6 with a workloadRef). */
export async function loadRolloutTree(client: KubeClient, ref: { namespace: string; name: string }): Promise<RolloutTree> {
  let rollout: Rollout;
  try {
    rollout = await client.get<Obj<Rollout>>(RESOURCES.rollouts, ref.namespace, ref.name);
  } catch (err) {
    throw isNotFound(err) ? rolloutNotFoundError(ref, err) : err;
  }
  const list = async <T>(resource: (typeof RESOURCES)[keyof typeof RESOURCES]): Promise<T[]> =>
    (await listAll<Obj<T>>(client, { resource, namespace: ref.namespace })).items;
  const [replicaSets, pods, analysisRuns, experiments, workload] = await Promise.all([
    list<ReplicaSet>(RESOURCES.replicaSets),
    list<Pod>(RESOURCES.pods),
    list<AnalysisRun>(RESOURCES.analysisRuns),
    list<Experiment>(RESOURCES.experiments),
    loadWorkload(client, ref.namespace, rollout),
  ]);
  return { rollout, replicaSets, pods, analysisRuns, experiments, ...(workload ? { workload } : {}) };
}

// A workloadRef naming a missing Deployment shows the rollout's own (empty) template rather than failing.
async function loadWorkload(client: KubeClient, namespace: string, rollout: Rollout): Promise<Deployment | undefined> {
  const ref = rollout.spec.workloadRef;
  if (ref?.kind !== 'Deployment' || !ref.name) return undefined;
  try {
    return await client.get<Obj<Deployment>>(RESOURCES.deployments, namespace, ref.name);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}
