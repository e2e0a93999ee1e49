// Rollout `.status`: everything the controller needs to resume after a restart lives here.
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { AnalysisPhaseSchema } from './analysis-args.js';
import { ConditionStatusSchema, DurationString, Int32, Int64, PreserveUnknownObject, StringEnum, Time } from './common.js';

export const RolloutPhaseSchema = StringEnum(['Healthy', 'Degraded', 'Progressing', 'Paused']);
export type RolloutPhase = Static<typeof RolloutPhaseSchema>;

export const PauseReasonSchema = StringEnum([
  'InconclusiveAnalysisRun',
  'InconclusiveExperiment',
  'CanaryPauseStep',
  'BlueGreenPause',
]);
export type PauseReason = Static<typeof PauseReasonSchema>;

export const PauseConditionSchema = Type.Object({
  reason: PauseReasonSchema,
  startTime: Time(),
});
export type PauseCondition = Static<typeof PauseConditionSchema>;

export const RolloutConditionTypeSchema = StringEnum([
  'InvalidSpec',
  'Available',
  'Progressing',
  'ReplicaFailure',
  'Paused',
  'Completed',
  'Healthy',
]);
export type RolloutConditionType = Static<typeof RolloutConditionTypeSchema>;

export const RolloutConditionSchema = Type.Object({
  type: RolloutConditionTypeSchema,
  status: ConditionStatusSchema,
  lastUpdateTime: Time(),
  lastTransitionTime: Time(),
  reason: Type.String(),
  message: Type.String(),
});
export type RolloutCondition = Static<typeof RolloutConditionSchema>;

export const RolloutAnalysisRunStatusSchema = Type.Object({
  name: Type.String(),
  status: AnalysisPhaseSchema,
  message: Type.Optional(Type.String()),
});
export type RolloutAnalysisRunStatus = Static<typeof RolloutAnalysisRunStatusSchema>;

export const WeightDestinationSchema = Type.Object({
  weight: Int32(),
  serviceName: Type.Optional(Type.String()),
  podTemplateHash: Type.Optional(Type.String()),
});
export type WeightDestination = Static<typeof WeightDestinationSchema>;

export const TrafficWeightsSchema = Type.Object({
  canary: WeightDestinationSchema,
  stable: WeightDestinationSchema,
  additional: Type.Optional(Type.Array(WeightDestinationSchema)),
  verified: Type.Optional(Type.Boolean()),
});
export type TrafficWeights = Static<typeof TrafficWeightsSchema>;

export const StepPluginStatusSchema = Type.Object({
  index: Int32(),
  name: Type.String(),
  operation: StringEnum(['Run', 'Terminate', 'Abort']),
  phase: Type.Optional(StringEnum(['Running', 'Successful', 'Failed', 'Error'])),
  message: Type.Optional(Type.String()),
  startedAt: Type.Optional(Time()),
  updatedAt: Type.Optional(Time()),
  finishedAt: Type.Optional(Time()),
  backoff: Type.Optional(DurationString()),
  executions: Type.Optional(Int32()),
  disabled: Type.Optional(Type.Boolean()),
  status: Type.Optional(PreserveUnknownObject<Record<string, unknown>>()),
});
export type StepPluginStatus = Static<typeof StepPluginStatusSchema>;

export const PingPongTypeSchema = StringEnum(['ping', 'pong']);
export type PingPongType = Static<typeof PingPongTypeSchema>;

export const CanaryStatusSchema = Type.Object({
  currentStepAnalysisRunStatus: Type.Optional(RolloutAnalysisRunStatusSchema),
  currentBackgroundAnalysisRunStatus: Type.Optional(RolloutAnalysisRunStatusSchema),
  currentExperiment: Type.Optional(Type.String()),
  weights: Type.Optional(TrafficWeightsSchema),
  stablePingPong: Type.Optional(PingPongTypeSchema),
  stepPluginStatuses: Type.Optional(Type.Array(StepPluginStatusSchema)),
});
export type CanaryStatus = Static<typeof CanaryStatusSchema>;

export const BlueGreenStatusSchema = Type.Object({
  previewSelector: Type.Optional(Type.String()),
  activeSelector: Type.Optional(Type.String()),
  scaleUpPreviewCheckPoint: Type.Optional(Type.Boolean()),
  prePromotionAnalysisRunStatus: Type.Optional(RolloutAnalysisRunStatusSchema),
  postPromotionAnalysisRunStatus: Type.Optional(RolloutAnalysisRunStatusSchema),
});
export type BlueGreenStatus = Static<typeof BlueGreenStatusSchema>;

export const AwsResourceRefSchema = Type.Object({
  name: Type.String(),
  arn: Type.String(),
  fullName: Type.Optional(Type.String()),
});

export const ALBStatusSchema = Type.Object({
  loadBalancer: Type.Optional(AwsResourceRefSchema),
  canaryTargetGroup: Type.Optional(AwsResourceRefSchema),
  stableTargetGroup: Type.Optional(AwsResourceRefSchema),
  ingress: Type.Optional(Type.String()),
});
export type ALBStatus = Static<typeof ALBStatusSchema>;

export const CompletionStatusSchema = StringEnum([
  'Promoted',
  'FastPromoted',
  'Aborted',
  'Superseded',
  'RolledBack',
  'FastRolledBack',
]);
export type CompletionStatus = Static<typeof CompletionStatusSchema>;

export const RolloutDurationStatusSchema = Type.Object({
  rolloutStartedAt: Type.Optional(Time()),
  manualPauseStartedAt: Type.Optional(Time()),
  totalManualPauseDurationSeconds: Type.Optional(Int64()),
  finishedAt: Type.Optional(Time()),
  completionStatus: Type.Optional(CompletionStatusSchema),
});
export type RolloutDurationStatus = Static<typeof RolloutDurationStatusSchema>;

export const RolloutStatusSchema = Type.Object({
  phase: Type.Optional(RolloutPhaseSchema),
  message: Type.Optional(Type.String()),
  abort: Type.Optional(Type.Boolean()),
  abortedAt: Type.Optional(Time()),
  pauseConditions: Type.Optional(Type.Array(PauseConditionSchema)),
  controllerPause: Type.Optional(Type.Boolean()),
  promoteFull: Type.Optional(Type.Boolean()),
  currentPodHash: Type.Optional(Type.String()),
  currentStepHash: Type.Optional(Type.String()),
  currentStepIndex: Type.Optional(Int32()),
  stableRS: Type.Optional(Type.String()),
  replicas: Type.Optional(Int32()),
  updatedReplicas: Type.Optional(Int32()),
  readyReplicas: Type.Optional(Int32()),
  availableReplicas: Type.Optional(Int32()),
  HPAReplicas: Type.Optional(Int32()),
  selector: Type.Optional(Type.String({ description: 'Label selector in string form, for the scale subresource' })),
  collisionCount: Type.Optional(Int32()),
  // A string in Argo (not an integer), so kept as one for compatibility.
  observedGeneration: Type.Optional(Type.String()),
  workloadObservedGeneration: Type.Optional(Type.String()),
  conditions: Type.Optional(Type.Array(RolloutConditionSchema)),
  canary: Type.Optional(CanaryStatusSchema),
  blueGreen: Type.Optional(BlueGreenStatusSchema),
  restartedAt: Type.Optional(Time()),
  alb: Type.Optional(ALBStatusSchema),
  albs: Type.Optional(Type.Array(ALBStatusSchema)),
  duration: Type.Optional(RolloutDurationStatusSchema),
});
export type RolloutStatus = Static<typeof RolloutStatusSchema>;
