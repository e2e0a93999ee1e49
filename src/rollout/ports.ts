import { RolloutsError } from '../shared/errors.js';
import type { Deployment, Pod, ReplicaSet, Service } from '../api/kube-types.js';
import type { AnalysisRun, AnalysisTemplate, ClusterAnalysisTemplate, Rollout } from '../api/types.js';
import type { DesiredTraffic } from '../api/desired-traffic.js';
import type { PlannedEvent } from './plan/plan-types.js';

/** The reads a rollout reconcile makes: all from informer caches, never from the API. */
export interface RolloutReads {
  rollout(namespace: string, name: string): Rollout | undefined;
  /** ReplicaSets whose controller is the rollout with this uid. */
  replicaSetsOf(namespace: string, rolloutUid: string): ReplicaSet[];
  service(namespace: string, name: string): Service | undefined;
  /** The Deployment a workloadRef names. */
  deployment(namespace: string, name: string): Deployment | undefined;
  /** AnalysisRuns whose controller is the rollout with this uid. */
  analysisRunsOf(namespace: string, rolloutUid: string): AnalysisRun[];
  /** Every AnalysisTemplate of a namespace, and every ClusterAnalysisTemplate. */
  analysisTemplates(namespace: string): AnalysisTemplate[];
  clusterAnalysisTemplates(): ClusterAnalysisTemplate[];
  /** Pods whose owner is one of these ReplicaSet uids (listed on demand: only restarts and ephemeral metadata need them). */
  podsOf(namespace: string, replicaSetUids: readonly string[]): Promise<Pod[]>;
}

/** The API server refused to create a ReplicaSet (400/403/422…): retrying the same request will not help. */
export class ReplicaSetRefusedError extends RolloutsError {
  readonly replicaSet: string;

  constructor(replicaSet: string, reason: string, options?: { cause?: unknown }) {
    super('ROLLOUT_REPLICASET_REFUSED', reason, options);
    this.name = 'ReplicaSetRefusedError';
    this.replicaSet = replicaSet;
  }
}

/** The writes a rollout reconcile makes. Each is one API call; a 409 surfaces as a ConflictError. */
export interface RolloutWrites {
  /** Throws ReplicaSetRefusedError when the API server refuses the ReplicaSet itself. */
  createReplicaSet(namespace: string, rs: ReplicaSet): Promise<void>;
  /** A JSON merge patch of the ReplicaSet. */
  patchReplicaSet(namespace: string, name: string, patch: object): Promise<void>;
  deleteReplicaSet(namespace: string, name: string, uid: string): Promise<void>;
  /** Points the service's selector at pods of one template and marks it managed by the rollout. */
  setServiceSelector(namespace: string, service: string, selector: { hash: string; rollout: string }): Promise<void>;
  /** A merge patch of the Rollout itself (metadata only, from the controller); returns the updated object. */
  patchRollout(namespace: string, name: string, patch: object): Promise<Rollout>;
  /** A merge patch of the status subresource, refused with 409 if the rollout moved past `resourceVersion`. */
  patchRolloutStatus(namespace: string, name: string, patch: object, resourceVersion: string): Promise<Rollout>;
  patchPod(namespace: string, name: string, patch: object): Promise<void>;
  evictPod(namespace: string, name: string): Promise<void>;
  createAnalysisRun(namespace: string, run: AnalysisRun): Promise<void>;
  /** Sets spec.terminate on a run. */
  terminateAnalysisRun(namespace: string, name: string): Promise<void>;
  deleteAnalysisRun(namespace: string, name: string): Promise<void>;
  /** Sets a Deployment's replicas (workloadRef scale-down). */
  scaleDeployment(namespace: string, name: string, replicas: number): Promise<void>;
  recordEvent(rollout: Rollout, event: PlannedEvent): Promise<void>;
  /**
   * Brings every traffic router the rollout configures to `desired`; answers the number of objects
   * written (0 when all were already so). Rejects with the router's message when an object it needs
   * is missing or malformed, or when the weight read back differs from the one written.
   */
  routeTraffic(rollout: Rollout, desired: DesiredTraffic): Promise<number>;
}
