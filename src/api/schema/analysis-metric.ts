// One metric of an analysis: what to measure (provider), how often, and when it passes or fails.
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { DurationString, IntOrString } from './common.js';
import { MetricProviderSchema } from './metric-provider.js';

export const MetricSchema = Type.Object({
  name: Type.String(),
  interval: Type.Optional(DurationString({ description: 'Time between measurements, e.g. 1m' })),
  initialDelay: Type.Optional(DurationString()),
  count: Type.Optional(IntOrString({ description: 'Number of measurements; unset with an interval means run until stopped' })),
  successCondition: Type.Optional(Type.String({ description: 'Expression over `result`, e.g. result[0] >= 0.95' })),
  failureCondition: Type.Optional(Type.String()),
  failureLimit: Type.Optional(IntOrString()),
  inconclusiveLimit: Type.Optional(IntOrString()),
  consecutiveErrorLimit: Type.Optional(IntOrString()),
  consecutiveSuccessLimit: Type.Optional(IntOrString()),
  provider: MetricProviderSchema,
});
export type Metric = Static<typeof MetricSchema>;
