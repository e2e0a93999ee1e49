// Arguments and per-metric settings shared by AnalysisTemplates, AnalysisRuns, Experiments and
// the analysis blocks of a Rollout. Argo has two argument shapes: the one a template or run
// declares (`valueFrom.secretKeyRef`) and the one a Rollout passes (`valueFrom.podTemplateHashValue`).
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { Int32, KnownStrings, StringEnum, StringMapSchema } from './common.js';

export const FieldRefSchema = Type.Object({
  fieldPath: Type.String({ description: 'JSONPath-like path into the owning Rollout, e.g. metadata.labels.app' }),
});
export type FieldRef = Static<typeof FieldRefSchema>;

export const SecretKeyRefSchema = Type.Object({
  name: Type.String(),
  key: Type.String(),
});
export type SecretKeyRef = Static<typeof SecretKeyRefSchema>;

export const ValueFromSchema = Type.Object({
  secretKeyRef: Type.Optional(SecretKeyRefSchema),
  fieldRef: Type.Optional(FieldRefSchema),
});
export type ValueFrom = Static<typeof ValueFromSchema>;

/** An argument as an AnalysisTemplate, AnalysisRun or Experiment declares it. */
export const ArgumentSchema = Type.Object({
  name: Type.String(),
  value: Type.Optional(Type.String()),
  valueFrom: Type.Optional(ValueFromSchema),
});
export type Argument = Static<typeof ArgumentSchema>;

export const PodTemplateHashValueSchema = KnownStrings(['Stable', 'Latest']);
export type PodTemplateHashValue = Static<typeof PodTemplateHashValueSchema>;

export const ArgumentValueFromSchema = Type.Object({
  podTemplateHashValue: Type.Optional(PodTemplateHashValueSchema),
  fieldRef: Type.Optional(FieldRefSchema),
});
export type ArgumentValueFrom = Static<typeof ArgumentValueFromSchema>;

/** An argument as a Rollout (or its experiment step) passes it to an AnalysisRun. */
export const AnalysisRunArgumentSchema = Type.Object({
  name: Type.String(),
  value: Type.Optional(Type.String()),
  valueFrom: Type.Optional(ArgumentValueFromSchema),
});
export type AnalysisRunArgument = Static<typeof AnalysisRunArgumentSchema>;

export const DryRunSchema = Type.Object({
  metricName: Type.String({ description: 'Metric name, or a regular expression such as ".*"' }),
});
export type DryRun = Static<typeof DryRunSchema>;

export const MeasurementRetentionSchema = Type.Object({
  metricName: Type.String(),
  limit: Int32(),
});
export type MeasurementRetention = Static<typeof MeasurementRetentionSchema>;

export const AnalysisTemplateRefSchema = Type.Object({
  templateName: Type.Optional(Type.String()),
  clusterScope: Type.Optional(Type.Boolean()),
});
export type AnalysisTemplateRef = Static<typeof AnalysisTemplateRefSchema>;

export const AnalysisRunMetadataSchema = Type.Object({
  labels: Type.Optional(StringMapSchema),
  annotations: Type.Optional(StringMapSchema),
});
export type AnalysisRunMetadata = Static<typeof AnalysisRunMetadataSchema>;

export const AnalysisPhaseSchema = StringEnum(['Pending', 'Running', 'Successful', 'Failed', 'Error', 'Inconclusive']);
export type AnalysisPhase = Static<typeof AnalysisPhaseSchema>;
