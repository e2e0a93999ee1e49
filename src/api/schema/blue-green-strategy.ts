// `strategy.blueGreen`: run the new version beside the old, then switch the active Service.
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { Int32, IntOrString, PodTemplateMetadataSchema } from './common.js';
import { RolloutAnalysisSchema } from './rollout-analysis.js';
import { AntiAffinitySchema } from './strategy-common.js';

export const BlueGreenStrategySchema = Type.Object({
  activeService: Type.String({ description: 'Service switched to the new version on promotion' }),
  previewService: Type.Optional(Type.String({ description: 'Service pointed at the new version before promotion' })),
  previewReplicaCount: Type.Optional(Int32()),
  autoPromotionEnabled: Type.Optional(Type.Boolean()),
  autoPromotionSeconds: Type.Optional(Int32()),
  maxUnavailable: Type.Optional(IntOrString()),
  scaleDownDelaySeconds: Type.Optional(Int32()),
  scaleDownDelayRevisionLimit: Type.Optional(Int32()),
  prePromotionAnalysis: Type.Optional(RolloutAnalysisSchema),
  postPromotionAnalysis: Type.Optional(RolloutAnalysisSchema),
  antiAffinity: Type.Optional(AntiAffinitySchema),
  previewMetadata: Type.Optional(PodTemplateMetadataSchema),
  activeMetadata: Type.Optional(PodTemplateMetadataSchema),
  abortScaleDownDelaySeconds: Type.Optional(Int32()),
});
export type BlueGreenStrategy = Static<typeof BlueGreenStrategySchema>;
