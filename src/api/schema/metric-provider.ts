// A metric's `provider`: exactly one of Argo's providers. In TypeScript it is a union so code can
// switch on the kind (see src/api/metric-provider-kind.ts); in the CRD the members are merged
// into one object, as Argo's CRD has it, and "exactly one" is checked by validation.
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { PreserveUnknownObject } from './common.js';
import { CloudWatchMetricSchema } from './provider-cloudwatch.js';
import { DatadogMetricSchema } from './provider-datadog.js';
import { JobMetricSchema } from './provider-job.js';
import { KayentaMetricSchema } from './provider-kayenta.js';
import { PrometheusMetricSchema } from './provider-prometheus.js';
import {
  GraphiteMetricSchema,
  InfluxdbMetricSchema,
  NewRelicMetricSchema,
  SkyWalkingMetricSchema,
  WavefrontMetricSchema,
} from './provider-query.js';
import { WebMetricSchema } from './provider-web.js';

/** `plugin: { "<org>/<name>": { ...plugin config } }`, passed to the plugin untouched. */
export const MetricPluginSchema = PreserveUnknownObject<Record<string, unknown>>();
export type MetricPlugin = Static<typeof MetricPluginSchema>;

export const MetricProviderSchema = Type.Union([
  Type.Object({ prometheus: PrometheusMetricSchema }),
  Type.Object({ kayenta: KayentaMetricSchema }),
  Type.Object({ web: WebMetricSchema }),
  Type.Object({ datadog: DatadogMetricSchema }),
  Type.Object({ wavefront: WavefrontMetricSchema }),
  Type.Object({ newRelic: NewRelicMetricSchema }),
  Type.Object({ job: JobMetricSchema }),
  Type.Object({ cloudWatch: CloudWatchMetricSchema }),
  Type.Object({ graphite: GraphiteMetricSchema }),
  Type.Object({ influxdb: InfluxdbMetricSchema }),
  Type.Object({ skywalking: SkyWalkingMetricSchema }),
  Type.Object({ plugin: MetricPluginSchema }),
]);
export type MetricProvider = Static<typeof MetricProviderSchema>;
