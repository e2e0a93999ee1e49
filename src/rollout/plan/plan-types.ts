import type { DateTime } from 'luxon';
import type { Deployment, Pod, ReplicaSet, Service } from '../../api/kube-types.js';
import type { DesiredTraffic } from '../../api/desired-traffic.js';
import type { AnalysisRun, AnalysisTemplate, ClusterAnalysisTemplate, Rollout, RolloutStatus } from '../../api/types.js';

/** Everything the planner may look at: read from the informer caches, never from the API. */
export interface RolloutSnapshot {
  rollout: Rollout;
  /** ReplicaSets controlled by the rollout (ownerReference uid), including ones being deleted. */
  replicaSets: ReplicaSet[];
  /** Services named by the rollout's strategy, by name; a missing name means the service does not exist. */
  services: ReadonlyMap<string, Service>;
  /** Pods of the rollout's ReplicaSets (for restarts and ephemeral metadata). */
  pods: Pod[];
  /** The Deployment named by spec.workloadRef, when the rollout has one and it exists. */
  workload?: Deployment;
  /** AnalysisRuns controlled by the rollout. */
  analysisRuns: AnalysisRun[];
  /** AnalysisTemplates of the rollout's namespace and ClusterAnalysisTemplates, by name. */
  analysisTemplates: ReadonlyMap<string, AnalysisTemplate>;
  clusterAnalysisTemplates: ReadonlyMap<string, ClusterAnalysisTemplate>;
}

/** A merge patch of object metadata: a null value removes the key. */
export type MetadataPatch = { labels?: Record<string, string | null>; annotations?: Record<string, string | null> };

/** One write the plan asks for, in order. Each is a single API call, except routeTraffic (one per router object that differs, often none). */
export type RolloutAction =
  | { kind: 'createReplicaSet'; replicaSet: ReplicaSet }
  | { kind: 'scaleReplicaSet'; name: string; replicas: number; annotations?: Record<string, string | null> }
  | { kind: 'patchReplicaSet'; name: string; metadata?: MetadataPatch; templateMetadata?: MetadataPatch; minReadySeconds?: number }
  | { kind: 'deleteReplicaSet'; name: string; uid: string }
  | { kind: 'setServiceSelector'; service: string; podTemplateHash: string }
  | { kind: 'patchRolloutMetadata'; metadata: MetadataPatch }
  | { kind: 'patchPodMetadata'; name: string; metadata: MetadataPatch }
  | { kind: 'evictPod'; name: string }
  | { kind: 'scaleDeployment'; name: string; replicas: number }
  | { kind: 'createAnalysisRun'; run: AnalysisRun }
  | { kind: 'terminateAnalysisRun'; name: string }
  | { kind: 'deleteAnalysisRun'; name: string }
  /** Brings the rollout's traffic routers to this state (one write per router object that differs). */
  | { kind: 'routeTraffic'; desired: DesiredTraffic };

/** A Kubernetes Event to record on the Rollout. */
export interface PlannedEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

/** The planner's answer: the writes to make, the status to write, and when to look again. */
export interface RolloutPlan {
  actions: RolloutAction[];
  /** The complete new status; the caller diffs it against the current one and patches only changes. */
  status?: RolloutStatus;
  events: PlannedEvent[];
  /** Milliseconds until the rollout must be reconciled again even if nothing changes (a pause ending). */
  requeueAfterMs?: number;
  /** Why the plan is what it is, for the reconcile log line. */
  reasons: string[];
}

/** What planRollout needs besides the snapshot. */
export interface PlanInput {
  snapshot: RolloutSnapshot;
  now: DateTime;
}
