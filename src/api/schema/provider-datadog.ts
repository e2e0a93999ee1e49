// Argo's `provider.datadog`, field for field, with the same defaults Argo's CRD applies.
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { DurationString, StringEnum, StringMapSchema } from './common.js';

export const DatadogAggregatorSchema = StringEnum(['avg', 'min', 'max', 'sum', 'last', 'percentile', 'mean', 'l2norm', 'area']);
export type DatadogAggregator = Static<typeof DatadogAggregatorSchema>;

export const DatadogSecretRefSchema = Type.Object({
  name: Type.Optional(Type.String()),
  namespaced: Type.Optional(Type.Boolean()),
});
export type DatadogSecretRef = Static<typeof DatadogSecretRefSchema>;

export const DatadogMetricSchema = Type.Object({
  interval: Type.Optional(DurationString({ default: '5m' })),
  query: Type.Optional(Type.String()),
  queries: Type.Optional(StringMapSchema),
  formula: Type.Optional(Type.String()),
  apiVersion: Type.Optional(StringEnum(['v1', 'v2'], { default: 'v1' })),
  aggregator: Type.Optional(DatadogAggregatorSchema),
  secretRef: Type.Optional(DatadogSecretRefSchema),
  requestTimeout: Type.Optional(DurationString({ default: '10s' })),
});
export type DatadogMetric = Static<typeof DatadogMetricSchema>;
