// Experiment: ReplicaSets of chosen templates run side by side for a while, optionally analysed.
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import {
  AnalysisPhaseSchema,
  AnalysisRunMetadataSchema,
  ArgumentSchema,
  DryRunSchema,
  MeasurementRetentionSchema,
} from './analysis-args.js';
import {
  ConditionStatusSchema,
  DurationString,
  Int32,
  LabelSelectorSchema,
  ObjectMetaSchema,
  PodTemplateSpecSchema,
  StringEnum,
  Time,
} from './common.js';
import { TemplateServiceSchema } from './experiment-step.js';

export const ExperimentTemplateSpecSchema = Type.Object({
  name: Type.String(),
  replicas: Type.Optional(Int32()),
  minReadySeconds: Type.Optional(Int32()),
  selector: LabelSelectorSchema,
  template: PodTemplateSpecSchema,
  service: Type.Optional(TemplateServiceSchema),
});
export type ExperimentTemplateSpec = Static<typeof ExperimentTemplateSpecSchema>;

export const ExperimentAnalysisTemplateRefSchema = Type.Object({
  name: Type.String(),
  templateName: Type.String(),
  clusterScope: Type.Optional(Type.Boolean()),
  args: Type.Optional(Type.Array(ArgumentSchema)),
  requiredForCompletion: Type.Optional(Type.Boolean()),
});
export type ExperimentAnalysisTemplateRef = Static<typeof ExperimentAnalysisTemplateRefSchema>;

export const ExperimentSpecSchema = Type.Object({
  templates: Type.Array(ExperimentTemplateSpecSchema),
  duration: Type.Optional(DurationString({ description: 'How long the experiment runs; unset runs until terminated' })),
  progressDeadlineSeconds: Type.Optional(Int32()),
  terminate: Type.Optional(Type.Boolean()),
  analyses: Type.Optional(Type.Array(ExperimentAnalysisTemplateRefSchema)),
  scaleDownDelaySeconds: Type.Optional(Int32()),
  dryRun: Type.Optional(Type.Array(DryRunSchema)),
  measurementRetention: Type.Optional(Type.Array(MeasurementRetentionSchema)),
  analysisRunMetadata: Type.Optional(AnalysisRunMetadataSchema),
});
export type ExperimentSpec = Static<typeof ExperimentSpecSchema>;

export const TemplateStatusCodeSchema = StringEnum(['Progressing', 'Running', 'Successful', 'Failed', 'Error']);
export type TemplateStatusCode = Static<typeof TemplateStatusCodeSchema>;

export const TemplateStatusSchema = Type.Object({
  name: Type.String(),
  replicas: Int32(),
  updatedReplicas: Int32(),
  readyReplicas: Int32(),
  availableReplicas: Int32(),
  collisionCount: Type.Optional(Int32()),
  status: Type.Optional(TemplateStatusCodeSchema),
  message: Type.Optional(Type.String()),
  lastTransitionTime: Type.Optional(Time()),
  serviceName: Type.Optional(Type.String()),
  podTemplateHash: Type.Optional(Type.String()),
});
export type TemplateStatus = Static<typeof TemplateStatusSchema>;

export const ExperimentConditionSchema = Type.Object({
  type: StringEnum(['InvalidSpec', 'Completed', 'Progressing', 'Running', 'ReplicaFailure']),
  status: ConditionStatusSchema,
  lastUpdateTime: Time(),
  lastTransitionTime: Time(),
  reason: Type.String(),
  message: Type.String(),
});
export type ExperimentCondition = Static<typeof ExperimentConditionSchema>;

export const ExperimentAnalysisRunStatusSchema = Type.Object({
  name: Type.String(),
  analysisRun: Type.String(),
  phase: AnalysisPhaseSchema,
  message: Type.Optional(Type.String()),
});
export type ExperimentAnalysisRunStatus = Static<typeof ExperimentAnalysisRunStatusSchema>;

export const ExperimentStatusSchema = Type.Object({
  phase: Type.Optional(AnalysisPhaseSchema),
  message: Type.Optional(Type.String()),
  templateStatuses: Type.Optional(Type.Array(TemplateStatusSchema)),
  availableAt: Type.Optional(Time()),
  conditions: Type.Optional(Type.Array(ExperimentConditionSchema)),
  analysisRuns: Type.Optional(Type.Array(ExperimentAnalysisRunStatusSchema)),
});
export type ExperimentStatus = Static<typeof ExperimentStatusSchema>;

export const ExperimentSchema = Type.Object(
  {
    apiVersion: Type.Optional(Type.Literal('argoproj.io/v1alpha1')),
    kind: Type.Optional(Type.Literal('Experiment')),
    metadata: Type.Optional(ObjectMetaSchema),
    spec: ExperimentSpecSchema,
    status: Type.Optional(ExperimentStatusSchema),
  },
  { description: 'ReplicaSets of chosen pod templates run side by side, optionally with analysis' },
);
export type Experiment = Static<typeof ExperimentSchema>;
