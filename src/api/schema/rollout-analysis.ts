// How a Rollout asks for analysis: which templates, with which arguments.
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import {
  AnalysisRunArgumentSchema,
  AnalysisRunMetadataSchema,
  AnalysisTemplateRefSchema,
  DryRunSchema,
  MeasurementRetentionSchema,
} from './analysis-args.js';
import { Int32 } from './common.js';

const rolloutAnalysisFields = {
  templates: Type.Optional(Type.Array(AnalysisTemplateRefSchema)),
  args: Type.Optional(Type.Array(AnalysisRunArgumentSchema)),
  dryRun: Type.Optional(Type.Array(DryRunSchema)),
  measurementRetention: Type.Optional(Type.Array(MeasurementRetentionSchema)),
  analysisRunMetadata: Type.Optional(AnalysisRunMetadataSchema),
};

/** An analysis step, or blue-green pre/post-promotion analysis. */
export const RolloutAnalysisSchema = Type.Object(rolloutAnalysisFields);
export type RolloutAnalysis = Static<typeof RolloutAnalysisSchema>;

/** Canary background analysis: runs alongside the steps from `startingStep` on. */
export const RolloutAnalysisBackgroundSchema = Type.Object({
  ...rolloutAnalysisFields,
  startingStep: Type.Optional(Int32({ description: 'Index of the step at which the analysis starts (default 0)' })),
});
export type RolloutAnalysisBackground = Static<typeof RolloutAnalysisBackgroundSchema>;

/** How many finished AnalysisRuns a Rollout keeps. */
export const AnalysisRunStrategySchema = Type.Object({
  successfulRunHistoryLimit: Type.Optional(Int32()),
  unsuccessfulRunHistoryLimit: Type.Optional(Int32()),
});
export type AnalysisRunStrategy = Static<typeof AnalysisRunStrategySchema>;
