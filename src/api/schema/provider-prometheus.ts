// Argo's `provider.prometheus`, field for field.
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { DurationString, Int64 } from './common.js';
import { AuthenticationSchema, WebMetricHeaderSchema } from './provider-auth.js';

export const PrometheusRangeQuerySchema = Type.Object({
  start: Type.Optional(Type.String({ description: 'Expression for the range start, e.g. "{{ now() - duration(\'5m\') }}"' })),
  end: Type.Optional(Type.String()),
  step: Type.Optional(DurationString()),
});
export type PrometheusRangeQuery = Static<typeof PrometheusRangeQuerySchema>;

export const PrometheusMetricSchema = Type.Object({
  address: Type.Optional(Type.String({ description: 'Prometheus base URL, e.g. http://prometheus.monitoring:9090' })),
  query: Type.Optional(Type.String()),
  authentication: Type.Optional(AuthenticationSchema),
  timeout: Type.Optional(Int64({ description: 'Query timeout in seconds' })),
  insecure: Type.Optional(Type.Boolean()),
  headers: Type.Optional(Type.Array(WebMetricHeaderSchema)),
  rangeQuery: Type.Optional(PrometheusRangeQuerySchema),
});
export type PrometheusMetric = Static<typeof PrometheusMetricSchema>;
