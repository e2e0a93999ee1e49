// The canary `experiment` step: short-lived ReplicaSets (and analyses) run next to the rollout.
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { AnalysisRunArgumentSchema, AnalysisRunMetadataSchema, DryRunSchema } from './analysis-args.js';
import { DurationString, Int32, LabelSelectorSchema, PodTemplateMetadataSchema, KnownStrings } from './common.js';

export const ReplicaSetSpecRefSchema = KnownStrings(['canary', 'stable']);
export type ReplicaSetSpecRef = Static<typeof ReplicaSetSpecRefSchema>;

export const TemplateServiceSchema = Type.Object({
  name: Type.Optional(Type.String()),
});
export type TemplateService = Static<typeof TemplateServiceSchema>;

export const RolloutExperimentTemplateSchema = Type.Object({
  name: Type.String(),
  specRef: ReplicaSetSpecRefSchema,
  replicas: Type.Optional(Int32()),
  metadata: Type.Optional(PodTemplateMetadataSchema),
  selector: Type.Optional(LabelSelectorSchema),
  weight: Type.Optional(Int32({ description: 'Percent of traffic sent to this template (with traffic routing)' })),
  service: Type.Optional(TemplateServiceSchema),
});
export type RolloutExperimentTemplate = Static<typeof RolloutExperimentTemplateSchema>;

export const RolloutExperimentStepAnalysisTemplateRefSchema = Type.Object({
  name: Type.String(),
  templateName: Type.String(),
  clusterScope: Type.Optional(Type.Boolean()),
  args: Type.Optional(Type.Array(AnalysisRunArgumentSchema)),
  requiredForCompletion: Type.Optional(Type.Boolean()),
});
export type RolloutExperimentStepAnalysisTemplateRef = Static<typeof RolloutExperimentStepAnalysisTemplateRefSchema>;

export const RolloutExperimentStepSchema = Type.Object({
  templates: Type.Array(RolloutExperimentTemplateSchema),
  duration: Type.Optional(DurationString()),
  analyses: Type.Optional(Type.Array(RolloutExperimentStepAnalysisTemplateRefSchema)),
  dryRun: Type.Optional(Type.Array(DryRunSchema)),
  analysisRunMetadata: Type.Optional(AnalysisRunMetadataSchema),
  scaleDownDelaySeconds: Type.Optional(Int32()),
});
export type RolloutExperimentStep = Static<typeof RolloutExperimentStepSchema>;
