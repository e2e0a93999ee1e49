/** Labels and annotations shared with Argo Rollouts, verbatim, so existing tooling reads ours. */
export const LABELS = {
  /** Selects a ReplicaSet's pods; also pinned on services' selectors. */
  podTemplateHash: 'rollouts-pod-template-hash',
  /** Shards rollouts between controller instances (--instance-id). */
  controllerInstanceId: 'argo-rollouts.argoproj.io/controller-instance-id',
  /** On AnalysisRuns and Experiments: the kind of run (Background, Step, PrePromotion, PostPromotion). */
  rolloutType: 'rollout-type',
  /** On AnalysisRuns created for a canary step: the step index. */
  stepIndex: 'step-index',
} as const;

export const ANNOTATIONS = {
  /** The revision of a ReplicaSet (and of the Rollout: its newest). */
  revision: 'rollout.argoproj.io/revision',
  /** The revisions a ReplicaSet had before a rollback gave it a new one ("1,3"). */
  revisionHistory: 'rollout.argoproj.io/revision-history',
  /** When an old ReplicaSet may be scaled down (RFC 3339), kept on the ReplicaSet so a restart honours it. */
  scaleDownDeadline: 'scale-down-deadline',
  /** Pods created before this time are restarted (from spec.restartAt). */
  restartedAfter: 'argo-rollouts.argoproj.io/restarted-after',
  /** The workload generation a Rollout last observed (workloadRef). */
  workloadGeneration: 'rollout.argoproj.io/workload-generation',
  /** The replicas the Rollout wanted when the ReplicaSet was last scaled (for HPA compatibility). */
  desiredReplicas: 'rollout.argoproj.io/desired-replicas',
  /** Ephemeral metadata last applied to a ReplicaSet's pods, as JSON. */
  ephemeralMetadata: 'rollout.argoproj.io/ephemeral-metadata',
  /** On services: the Rollout that manages their selector. */
  managedBy: 'argo-rollouts.argoproj.io/managed-by-rollouts',
} as const;
