// The read model of a rollout: plain, JSON-ready data that `get rollout` prints and the dashboard
// renders. Ages are already formatted against the `now` the model was built with.
import type { AnalysisRun, Experiment, Rollout } from '../api/types.js';
import type { Deployment, Pod, ReplicaSet } from '../api/kube-types.js';

/** Everything a rollout's view is computed from (what one namespace's listers return). */
export interface RolloutTree {
  rollout: Rollout;
  replicaSets: readonly ReplicaSet[];
  pods: readonly Pod[];
  analysisRuns: readonly AnalysisRun[];
  experiments: readonly Experiment[];
  /** The Deployment named by spec.workloadRef, when there is one. */
  workload?: Deployment;
}

/** A tag on a ReplicaSet or image: which stack it serves, or the experiment template (`Σ:name`). */
export type StackTag = 'stable' | 'canary' | 'active' | 'preview' | 'ping' | 'pong' | `Σ:${string}`;

export interface ImageInfo {
  image: string;
  tags: StackTag[];
}

export interface ContainerInfo {
  name: string;
  image: string;
}

export interface PodInfo {
  name: string;
  /** kubectl's STATUS column: Running, ContainerCreating, CrashLoopBackOff, Init:0/1, Terminating… */
  status: string;
  icon: string;
  /** Ready containers over all containers, e.g. "1/1". */
  ready: string;
  restarts: number;
  creationTimestamp?: string;
  age: string;
}

export interface ReplicaSetInfo {
  name: string;
  uid: string;
  revision: number;
  /** Healthy, Progressing, ScaledDown or ReplicaFailure. */
  status: string;
  icon: string;
  /** In Argo's order: stable, then canary | active | preview, then ping / pong. */
  tags: StackTag[];
  /** Pods the ReplicaSet reports (status.replicas). */
  replicas: number;
  available: number;
  images: string[];
  initContainerImages: string[];
  /** The experiment template the ReplicaSet runs, for experiments' ReplicaSets. */
  template: string;
  /** `scale-down-deadline` as written, and how far away it is ("30s", "passed"), both '' when unset. */
  scaleDownDeadline: string;
  scaleDownDelay: string;
  creationTimestamp?: string;
  age: string;
  pods: PodInfo[];
}

export interface JobInfo {
  name: string;
  namespace: string;
  metricName: string;
  status: string;
  icon: string;
  startedAt?: string;
  age: string;
}

export interface AnalysisRunInfo {
  name: string;
  uid: string;
  revision: number;
  status: string;
  icon: string;
  message: string;
  successful: number;
  failed: number;
  inconclusive: number;
  error: number;
  creationTimestamp?: string;
  age: string;
  jobs: JobInfo[];
}

export interface ExperimentInfo {
  name: string;
  uid: string;
  revision: number;
  status: string;
  icon: string;
  message: string;
  creationTimestamp?: string;
  age: string;
  replicaSets: ReplicaSetInfo[];
  analysisRuns: AnalysisRunInfo[];
}

/** One revision of the rollout and what belongs to it, newest revision first. */
export interface RevisionInfo {
  revision: number;
  replicaSets: ReplicaSetInfo[];
  experiments: ExperimentInfo[];
  analysisRuns: AnalysisRunInfo[];
}

export interface ReplicaCounts {
  desired: number;
  current: number;
  updated: number;
  ready: number;
  available: number;
}

export interface RolloutInfo {
  name: string;
  namespace: string;
  uid: string;
  creationTimestamp?: string;
  age: string;
  /** Healthy, Progressing, Paused or Degraded (Argo's GetRolloutPhase). */
  status: string;
  icon: string;
  message: string;
  /** 'Canary', 'BlueGreen', or '' when the spec sets neither. */
  strategy: string;
  /** "1/5" (current step index over the number of steps); '' without steps or index. */
  step: string;
  /** Each canary step as Argo's CanaryStepString writes it ("setWeight: 20", "pause: 30s"). */
  steps: string[];
  currentStepIndex?: number;
  setWeight: string;
  actualWeight: string;
  images: ImageInfo[];
  containers: ContainerInfo[];
  initContainers: ContainerInfo[];
  restartedAt: string;
  observedGeneration: string;
  replicas: ReplicaCounts;
  revisions: RevisionInfo[];
}

/** One line of `list rollouts`. */
export interface RolloutListRow {
  namespace: string;
  name: string;
  strategy: string;
  status: string;
  step: string;
  setWeight: string;
  /** Ready over current replicas, e.g. "5/6". */
  readyCurrent: string;
  desired: number;
  upToDate: number;
  available: number;
}
