// AnalysisRun: one execution of a set of metrics, and its measurements.
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import {
  AnalysisPhaseSchema,
  ArgumentSchema,
  DryRunSchema,
  MeasurementRetentionSchema,
} from './analysis-args.js';
import { MetricSchema } from './analysis-metric.js';
import { Int32, ObjectMetaSchema, StringMapSchema, Time } from './common.js';

export const TTLStrategySchema = Type.Object({
  secondsAfterCompletion: Type.Optional(Int32()),
  secondsAfterFailure: Type.Optional(Int32()),
  secondsAfterSuccess: Type.Optional(Int32()),
});
export type TTLStrategy = Static<typeof TTLStrategySchema>;

export const AnalysisRunSpecSchema = Type.Object({
  metrics: Type.Array(MetricSchema),
  args: Type.Optional(Type.Array(ArgumentSchema)),
  terminate: Type.Optional(Type.Boolean({ description: 'Set to true to stop the run early' })),
  dryRun: Type.Optional(Type.Array(DryRunSchema)),
  measurementRetention: Type.Optional(Type.Array(MeasurementRetentionSchema)),
  ttlStrategy: Type.Optional(TTLStrategySchema),
});
export type AnalysisRunSpec = Static<typeof AnalysisRunSpecSchema>;

export const MeasurementSchema = Type.Object({
  phase: AnalysisPhaseSchema,
  message: Type.Optional(Type.String()),
  startedAt: Type.Optional(Time()),
  finishedAt: Type.Optional(Time()),
  value: Type.Optional(Type.String()),
  metadata: Type.Optional(StringMapSchema),
  resumeAt: Type.Optional(Time({ description: 'When a long-running measurement (e.g. a job) is checked again' })),
});
export type Measurement = Static<typeof MeasurementSchema>;

export const MetricResultSchema = Type.Object({
  name: Type.String(),
  phase: AnalysisPhaseSchema,
  measurements: Type.Optional(Type.Array(MeasurementSchema)),
  message: Type.Optional(Type.String()),
  count: Type.Optional(Int32()),
  successful: Type.Optional(Int32()),
  failed: Type.Optional(Int32()),
  inconclusive: Type.Optional(Int32()),
  error: Type.Optional(Int32()),
  consecutiveError: Type.Optional(Int32()),
  consecutiveSuccess: Type.Optional(Int32()),
  dryRun: Type.Optional(Type.Boolean()),
  metadata: Type.Optional(StringMapSchema),
});
export type MetricResult = Static<typeof MetricResultSchema>;

export const RunSummarySchema = Type.Object({
  count: Type.Optional(Int32()),
  successful: Type.Optional(Int32()),
  failed: Type.Optional(Int32()),
  inconclusive: Type.Optional(Int32()),
  error: Type.Optional(Int32()),
});
export type RunSummary = Static<typeof RunSummarySchema>;

export const AnalysisRunStatusSchema = Type.Object({
  phase: AnalysisPhaseSchema,
  message: Type.Optional(Type.String()),
  metricResults: Type.Optional(Type.Array(MetricResultSchema)),
  startedAt: Type.Optional(Time()),
  completedAt: Type.Optional(Time()),
  runSummary: Type.Optional(RunSummarySchema),
  dryRunSummary: Type.Optional(RunSummarySchema),
});
export type AnalysisRunStatus = Static<typeof AnalysisRunStatusSchema>;

export const AnalysisRunSchema = Type.Object(
  {
    apiVersion: Type.Optional(Type.Literal('argoproj.io/v1alpha1')),
    kind: Type.Optional(Type.Literal('AnalysisRun')),
    metadata: Type.Optional(ObjectMetaSchema),
    spec: AnalysisRunSpecSchema,
    status: Type.Optional(AnalysisRunStatusSchema),
  },
  { description: 'One run of a set of metrics, made from AnalysisTemplates' },
);
export type AnalysisRun = Static<typeof AnalysisRunSchema>;
