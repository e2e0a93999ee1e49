// The providers that are just "an address (or profile) and a query".
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { DurationString, Int64 } from './common.js';

export const NewRelicMetricSchema = Type.Object({
  profile: Type.Optional(Type.String()),
  query: Type.String(),
  timeout: Type.Optional(Int64()),
});
export type NewRelicMetric = Static<typeof NewRelicMetricSchema>;

export const WavefrontMetricSchema = Type.Object({
  address: Type.Optional(Type.String()),
  query: Type.Optional(Type.String()),
});
export type WavefrontMetric = Static<typeof WavefrontMetricSchema>;

export const GraphiteMetricSchema = Type.Object({
  address: Type.Optional(Type.String()),
  query: Type.Optional(Type.String()),
});
export type GraphiteMetric = Static<typeof GraphiteMetricSchema>;

export const InfluxdbMetricSchema = Type.Object({
  profile: Type.Optional(Type.String()),
  query: Type.Optional(Type.String()),
});
export type InfluxdbMetric = Static<typeof InfluxdbMetricSchema>;

export const SkyWalkingMetricSchema = Type.Object({
  address: Type.Optional(Type.String()),
  query: Type.Optional(Type.String()),
  interval: Type.Optional(DurationString()),
});
export type SkyWalkingMetric = Static<typeof SkyWalkingMetricSchema>;
