// Which provider a metric uses. A provider must set exactly one; these helpers only report what
// is set and leave the "none" and "several" cases to validation, which can name the metric.
import { presentKeys } from './present-keys.js';
import type { MetricProvider } from './schema/metric-provider.js';

type KeysOfUnion<T> = T extends unknown ? keyof T : never;

export type MetricProviderKind = KeysOfUnion<MetricProvider>;

// A Record (not an array) so the compiler rejects a missing or extra kind.
const PROVIDER_KINDS: Record<MetricProviderKind, true> = {
  prometheus: true,
  kayenta: true,
  web: true,
  datadog: true,
  wavefront: true,
  newRelic: true,
  job: true,
  cloudWatch: true,
  graphite: true,
  influxdb: true,
  skywalking: true,
  plugin: true,
};

export const METRIC_PROVIDER_KINDS = Object.keys(PROVIDER_KINDS) as readonly MetricProviderKind[];

/** The provider member that sets `K`, e.g. `MetricProviderOf<'web'>` is `{ web: WebMetric }`. */
export type MetricProviderOf<K extends MetricProviderKind> = Extract<MetricProvider, Record<K, unknown>>;

/** A provider as a discriminated union: `switch (tagged.kind)` narrows `tagged.value`. */
export type TaggedMetricProvider = {
  [K in MetricProviderKind]: { kind: K; value: MetricProviderOf<K>[K] };
}[MetricProviderKind];

/** Every provider the metric sets. */
export function metricProviderKinds(provider: MetricProvider): MetricProviderKind[] {
  return presentKeys(provider, METRIC_PROVIDER_KINDS);
}

/** The metric's provider kind, or undefined when it sets none or several. */
export function metricProviderKind(provider: MetricProvider): MetricProviderKind | undefined {
  const kinds = metricProviderKinds(provider);
  return kinds.length === 1 ? kinds[0] : undefined;
}

/** The provider tagged with its kind, or undefined when it sets none or several. */
export function tagMetricProvider(provider: MetricProvider): TaggedMetricProvider | undefined {
  const kind = metricProviderKind(provider);
  if (kind === undefined) return undefined;
  const value: unknown = (provider as Readonly<Record<string, unknown>>)[kind];
  return { kind, value } as TaggedMetricProvider;
}
