// The Rollout kind: a Deployment replacement with a canary or blue-green strategy.
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { BlueGreenStrategySchema } from './blue-green-strategy.js';
import { CanaryStrategySchema } from './canary-strategy.js';
import { Int32, LabelSelectorSchema, ObjectMetaSchema, PodTemplateSpecSchema, KnownStrings, Time } from './common.js';
import { AnalysisRunStrategySchema } from './rollout-analysis.js';
import { RolloutStatusSchema } from './rollout-status.js';

export const WorkloadRefSchema = Type.Object({
  apiVersion: Type.Optional(Type.String()),
  kind: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  scaleDown: Type.Optional(
    KnownStrings(['never', 'onsuccess', 'progressively'], { description: 'What happens to the referenced Deployment' }),
  ),
});
export type WorkloadRef = Static<typeof WorkloadRefSchema>;

export const RollbackWindowSpecSchema = Type.Object({
  revisions: Type.Optional(Int32()),
});
export type RollbackWindowSpec = Static<typeof RollbackWindowSpecSchema>;

export const RolloutStrategySchema = Type.Object({
  blueGreen: Type.Optional(BlueGreenStrategySchema),
  canary: Type.Optional(CanaryStrategySchema),
});
export type RolloutStrategy = Static<typeof RolloutStrategySchema>;

// Argo makes the selector immutable with the same CEL rule.
const RolloutSelectorSchema = Type.Object(LabelSelectorSchema.properties, {
  'x-kubernetes-map-type': 'atomic',
  'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: '.spec.selector is immutable' }],
});

export const RolloutSpecSchema = Type.Object({
  replicas: Type.Optional(Int32({ description: 'Desired pods (default 1)' })),
  selector: Type.Optional(RolloutSelectorSchema),
  template: Type.Optional(PodTemplateSpecSchema),
  workloadRef: Type.Optional(WorkloadRefSchema),
  minReadySeconds: Type.Optional(Int32()),
  rollbackWindow: Type.Optional(RollbackWindowSpecSchema),
  strategy: Type.Optional(RolloutStrategySchema),
  revisionHistoryLimit: Type.Optional(Int32({ description: 'Old ReplicaSets kept (default 10)' })),
  paused: Type.Optional(Type.Boolean()),
  progressDeadlineSeconds: Type.Optional(Int32({ description: 'Seconds without progress before the rollout is Degraded (default 600)' })),
  progressDeadlineAbort: Type.Optional(Type.Boolean()),
  restartAt: Type.Optional(Time()),
  analysis: Type.Optional(AnalysisRunStrategySchema),
});
export type RolloutSpec = Static<typeof RolloutSpecSchema>;

export const RolloutSchema = Type.Object(
  {
    apiVersion: Type.Optional(Type.Literal('argoproj.io/v1alpha1')),
    kind: Type.Optional(Type.Literal('Rollout')),
    metadata: Type.Optional(ObjectMetaSchema),
    spec: RolloutSpecSchema,
    status: Type.Optional(RolloutStatusSchema),
  },
  { description: 'Replaces a Deployment with a progressive canary or blue-green update' },
);
export type Rollout = Static<typeof RolloutSchema>;
