import type { MessageTable } from './schema.js';

/**
 * k8s.io/api apps/v1 and batch/v1 (generated.proto): Deployment, Job and CronJob. Status
 * messages carry only their counters: a client's status is ignored on create, but the
 * message must exist so that an empty one still prints as `"status": {}`.
 */
export const workloadMessages: MessageTable = {
  Deployment: { 1: 'metadata ObjectMeta', 2: 'spec DeploymentSpec', 3: 'status DeploymentStatus' },
  DeploymentSpec: {
    1: 'replicas int32 keep',
    2: 'selector LabelSelector',
    3: 'template PodTemplateSpec',
    4: 'strategy DeploymentStrategy',
    5: 'minReadySeconds int32',
    6: 'revisionHistoryLimit int32 keep',
    7: 'paused bool',
    9: 'progressDeadlineSeconds int32 keep',
  },
  DeploymentStrategy: { 1: 'type string', 2: 'rollingUpdate RollingUpdateDeployment' },
  RollingUpdateDeployment: { 1: 'maxUnavailable IntOrString', 2: 'maxSurge IntOrString' },
  DeploymentStatus: {
    1: 'observedGeneration int64',
    2: 'replicas int32',
    3: 'updatedReplicas int32',
    4: 'availableReplicas int32',
    5: 'unavailableReplicas int32',
    7: 'readyReplicas int32',
    8: 'collisionCount int32 keep',
    9: 'terminatingReplicas int32 keep',
  },

  Job: { 1: 'metadata ObjectMeta', 2: 'spec JobSpec', 3: 'status JobStatus' },
  JobSpec: {
    1: 'parallelism int32 keep',
    2: 'completions int32 keep',
    3: 'activeDeadlineSeconds int64 keep',
    4: 'selector LabelSelector',
    5: 'manualSelector bool keep',
    6: 'template PodTemplateSpec',
    7: 'backoffLimit int32 keep',
    8: 'ttlSecondsAfterFinished int32 keep',
    9: 'completionMode string keep',
    10: 'suspend bool keep',
    12: 'backoffLimitPerIndex int32 keep',
    13: 'maxFailedIndexes int32 keep',
    14: 'podReplacementPolicy string keep',
    15: 'managedBy string keep',
  },
  JobStatus: {
    2: 'startTime Time keep',
    3: 'completionTime Time keep',
    4: 'active int32',
    5: 'succeeded int32',
    6: 'failed int32',
    7: 'completedIndexes string',
    9: 'ready int32 keep',
    10: 'failedIndexes string keep',
    11: 'terminating int32 keep',
  },
  JobTemplateSpec: { 1: 'metadata ObjectMeta', 2: 'spec JobSpec' },

  CronJob: { 1: 'metadata ObjectMeta', 2: 'spec CronJobSpec', 3: 'status CronJobStatus' },
  CronJobSpec: {
    1: 'schedule string keep',
    2: 'startingDeadlineSeconds int64 keep',
    3: 'concurrencyPolicy string',
    4: 'suspend bool keep',
    5: 'jobTemplate JobTemplateSpec',
    6: 'successfulJobsHistoryLimit int32 keep',
    7: 'failedJobsHistoryLimit int32 keep',
    8: 'timeZone string keep',
  },
  CronJobStatus: { 1: 'active []ObjectReference', 4: 'lastScheduleTime Time keep', 5: 'lastSuccessfulTime Time keep' },
};
