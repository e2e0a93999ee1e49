// AnalysisTemplate and ClusterAnalysisTemplate share one spec; only the scope differs.
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import {
  AnalysisTemplateRefSchema,
  ArgumentSchema,
  DryRunSchema,
  MeasurementRetentionSchema,
} from './analysis-args.js';
import { MetricSchema } from './analysis-metric.js';
import { ObjectMetaSchema } from './common.js';

// `metrics` is optional because a template may be composed only of other templates.
export const AnalysisTemplateSpecSchema = Type.Object({
  metrics: Type.Optional(Type.Array(MetricSchema)),
  args: Type.Optional(Type.Array(ArgumentSchema)),
  dryRun: Type.Optional(Type.Array(DryRunSchema)),
  measurementRetention: Type.Optional(Type.Array(MeasurementRetentionSchema)),
  templates: Type.Optional(Type.Array(AnalysisTemplateRefSchema)),
});
export type AnalysisTemplateSpec = Static<typeof AnalysisTemplateSpecSchema>;

export const AnalysisTemplateSchema = Type.Object(
  {
    apiVersion: Type.Optional(Type.Literal('argoproj.io/v1alpha1')),
    kind: Type.Optional(Type.Literal('AnalysisTemplate')),
    metadata: Type.Optional(ObjectMetaSchema),
    spec: AnalysisTemplateSpecSchema,
  },
  { description: 'Metrics, arguments and conditions from which AnalysisRuns are made' },
);
export type AnalysisTemplate = Static<typeof AnalysisTemplateSchema>;

export const ClusterAnalysisTemplateSchema = Type.Object(
  {
    apiVersion: Type.Optional(Type.Literal('argoproj.io/v1alpha1')),
    kind: Type.Optional(Type.Literal('ClusterAnalysisTemplate')),
    metadata: Type.Optional(ObjectMetaSchema),
    spec: AnalysisTemplateSpecSchema,
  },
  { description: 'An AnalysisTemplate usable from every namespace' },
);
export type ClusterAnalysisTemplate = Static<typeof ClusterAnalysisTemplateSchema>;
