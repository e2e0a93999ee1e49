// A canary step is exactly one of eight actions. TypeScript sees a union (switch on
// `canaryStepKind`); the CRD merges the members into one object, as Argo's CRD does.
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { Int32, IntOrString, PreserveUnknownObject } from './common.js';
import { RolloutExperimentStepSchema } from './experiment-step.js';
import { RolloutAnalysisSchema } from './rollout-analysis.js';

export const RolloutPauseSchema = Type.Object({
  duration: Type.Optional(IntOrString({ description: 'Seconds (10) or a duration ("30s", "1h"); unset pauses until promoted' })),
});
export type RolloutPause = Static<typeof RolloutPauseSchema>;

export const SetCanaryScaleSchema = Type.Object({
  weight: Type.Optional(Int32()),
  replicas: Type.Optional(Int32()),
  matchTrafficWeight: Type.Optional(Type.Boolean()),
});
export type SetCanaryScale = Static<typeof SetCanaryScaleSchema>;

export const StringMatchSchema = Type.Object({
  exact: Type.Optional(Type.String()),
  prefix: Type.Optional(Type.String()),
  regex: Type.Optional(Type.String()),
});
export type StringMatch = Static<typeof StringMatchSchema>;

export const HeaderRoutingMatchSchema = Type.Object({
  headerName: Type.String(),
  headerValue: StringMatchSchema,
});
export type HeaderRoutingMatch = Static<typeof HeaderRoutingMatchSchema>;

export const SetHeaderRouteSchema = Type.Object({
  name: Type.Optional(Type.String({ description: 'A route listed in trafficRouting.managedRoutes' })),
  match: Type.Optional(Type.Array(HeaderRoutingMatchSchema)),
});
export type SetHeaderRoute = Static<typeof SetHeaderRouteSchema>;

export const RouteMatchSchema = Type.Object({
  method: Type.Optional(StringMatchSchema),
  path: Type.Optional(StringMatchSchema),
  headers: Type.Optional(Type.Record(Type.String(), StringMatchSchema)),
});
export type RouteMatch = Static<typeof RouteMatchSchema>;

export const SetMirrorRouteSchema = Type.Object({
  name: Type.String({ description: 'A route listed in trafficRouting.managedRoutes' }),
  match: Type.Optional(Type.Array(RouteMatchSchema)),
  percentage: Type.Optional(Int32()),
});
export type SetMirrorRoute = Static<typeof SetMirrorRouteSchema>;

export const PluginStepSchema = Type.Object({
  name: Type.String(),
  config: Type.Optional(PreserveUnknownObject<Record<string, unknown>>()),
});
export type PluginStep = Static<typeof PluginStepSchema>;

export const CanaryStepSchema = Type.Union([
  Type.Object({ setWeight: Int32({ description: 'Percent of traffic (or replicas) for the canary' }) }),
  Type.Object({ pause: RolloutPauseSchema }),
  Type.Object({ analysis: RolloutAnalysisSchema }),
  Type.Object({ experiment: RolloutExperimentStepSchema }),
  Type.Object({ setCanaryScale: SetCanaryScaleSchema }),
  Type.Object({ setHeaderRoute: SetHeaderRouteSchema }),
  Type.Object({ setMirrorRoute: SetMirrorRouteSchema }),
  Type.Object({ plugin: PluginStepSchema }),
]);
export type CanaryStep = Static<typeof CanaryStepSchema>;
