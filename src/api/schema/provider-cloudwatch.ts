// Argo's `provider.cloudWatch` (GetMetricData queries).
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { DurationString, IntOrString } from './common.js';

export const CloudWatchDimensionSchema = Type.Object({
  name: Type.Optional(Type.String()),
  value: Type.Optional(Type.String()),
});

export const CloudWatchMetricStatSchema = Type.Object({
  metric: Type.Optional(
    Type.Object({
      dimensions: Type.Optional(Type.Array(CloudWatchDimensionSchema)),
      metricName: Type.Optional(Type.String()),
      namespace: Type.Optional(Type.String()),
    }),
  ),
  period: Type.Optional(IntOrString()),
  stat: Type.Optional(Type.String()),
  unit: Type.Optional(Type.String()),
});

export const CloudWatchMetricDataQuerySchema = Type.Object({
  id: Type.Optional(Type.String()),
  expression: Type.Optional(Type.String()),
  label: Type.Optional(Type.String()),
  metricStat: Type.Optional(CloudWatchMetricStatSchema),
  period: Type.Optional(IntOrString()),
  returnData: Type.Optional(Type.Boolean()),
});

export const CloudWatchMetricSchema = Type.Object({
  interval: Type.Optional(DurationString()),
  metricDataQueries: Type.Array(CloudWatchMetricDataQuerySchema),
});
export type CloudWatchMetric = Static<typeof CloudWatchMetricSchema>;
