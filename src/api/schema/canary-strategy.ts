// `strategy.canary`: shift traffic (or replicas) to the new version step by step.
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { CanaryStepSchema } from './canary-step.js';
import { Int32, IntOrString, PodTemplateMetadataSchema, KnownStrings } from './common.js';
import { RolloutAnalysisBackgroundSchema } from './rollout-analysis.js';
import { AntiAffinitySchema } from './strategy-common.js';
import { RolloutTrafficRoutingSchema } from './traffic-routing.js';

export const PingPongSpecSchema = Type.Object({
  pingService: Type.String(),
  pongService: Type.String(),
});
export type PingPongSpec = Static<typeof PingPongSpecSchema>;

export const ReplicaProgressThresholdSchema = Type.Object({
  type: KnownStrings(['Percent', 'Pods']),
  value: Int32(),
});
export type ReplicaProgressThreshold = Static<typeof ReplicaProgressThresholdSchema>;

export const CanaryStrategySchema = Type.Object({
  canaryService: Type.Optional(Type.String({ description: 'Service the controller points at canary pods only' })),
  stableService: Type.Optional(Type.String({ description: 'Service the controller points at stable pods only' })),
  steps: Type.Optional(Type.Array(CanaryStepSchema)),
  trafficRouting: Type.Optional(RolloutTrafficRoutingSchema),
  maxUnavailable: Type.Optional(IntOrString()),
  maxSurge: Type.Optional(IntOrString()),
  analysis: Type.Optional(RolloutAnalysisBackgroundSchema),
  antiAffinity: Type.Optional(AntiAffinitySchema),
  canaryMetadata: Type.Optional(PodTemplateMetadataSchema),
  stableMetadata: Type.Optional(PodTemplateMetadataSchema),
  scaleDownDelaySeconds: Type.Optional(Int32()),
  scaleDownDelayRevisionLimit: Type.Optional(Int32()),
  abortScaleDownDelaySeconds: Type.Optional(Int32()),
  dynamicStableScale: Type.Optional(Type.Boolean()),
  pingPong: Type.Optional(PingPongSpecSchema),
  minPodsPerReplicaSet: Type.Optional(Int32()),
  replicaProgressThreshold: Type.Optional(ReplicaProgressThresholdSchema),
});
export type CanaryStrategy = Static<typeof CanaryStrategySchema>;
