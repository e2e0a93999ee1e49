// `canary.trafficRouting`: which mesh or ingress carries the weights. Several may be set at once
// (e.g. istio plus managedRoutes, or nginx plus plugins), so this is an object, not a union.
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { Int32, Int64, PreserveUnknownObject, StringMapSchema } from './common.js';

export const NginxTrafficRoutingSchema = Type.Object({
  annotationPrefix: Type.Optional(Type.String()),
  stableIngress: Type.Optional(Type.String()),
  stableIngresses: Type.Optional(Type.Array(Type.String())),
  additionalIngressAnnotations: Type.Optional(StringMapSchema),
  canaryIngressAnnotations: Type.Optional(StringMapSchema),
});
export type NginxTrafficRouting = Static<typeof NginxTrafficRoutingSchema>;

export const IstioTlsRouteSchema = Type.Object({
  port: Type.Optional(Int64()),
  sniHosts: Type.Optional(Type.Array(Type.String())),
});

export const IstioTcpRouteSchema = Type.Object({
  port: Type.Optional(Int64()),
});

export const IstioVirtualServiceSchema = Type.Object({
  name: Type.String(),
  routes: Type.Optional(Type.Array(Type.String())),
  tlsRoutes: Type.Optional(Type.Array(IstioTlsRouteSchema)),
  tcpRoutes: Type.Optional(Type.Array(IstioTcpRouteSchema)),
});
export type IstioVirtualService = Static<typeof IstioVirtualServiceSchema>;

export const IstioDestinationRuleSchema = Type.Object({
  name: Type.String(),
  canarySubsetName: Type.String(),
  stableSubsetName: Type.String(),
  additionalSubsetNames: Type.Optional(Type.Array(Type.String())),
});
export type IstioDestinationRule = Static<typeof IstioDestinationRuleSchema>;

export const IstioTrafficRoutingSchema = Type.Object({
  virtualService: Type.Optional(IstioVirtualServiceSchema),
  virtualServices: Type.Optional(Type.Array(IstioVirtualServiceSchema)),
  destinationRule: Type.Optional(IstioDestinationRuleSchema),
});
export type IstioTrafficRouting = Static<typeof IstioTrafficRoutingSchema>;

export const SMITrafficRoutingSchema = Type.Object({
  rootService: Type.Optional(Type.String()),
  trafficSplitName: Type.Optional(Type.String()),
});
export type SMITrafficRouting = Static<typeof SMITrafficRoutingSchema>;

export const StickinessConfigSchema = Type.Object({
  enabled: Type.Boolean(),
  durationSeconds: Int64(),
});

export const ALBTrafficRoutingSchema = Type.Object({
  ingress: Type.Optional(Type.String()),
  ingresses: Type.Optional(Type.Array(Type.String())),
  servicePort: Int32(),
  rootService: Type.Optional(Type.String()),
  annotationPrefix: Type.Optional(Type.String()),
  stickinessConfig: Type.Optional(StickinessConfigSchema),
});
export type ALBTrafficRouting = Static<typeof ALBTrafficRoutingSchema>;

export const AmbassadorTrafficRoutingSchema = Type.Object({
  mappings: Type.Array(Type.String()),
});
export type AmbassadorTrafficRouting = Static<typeof AmbassadorTrafficRoutingSchema>;

const AppMeshVirtualNodeReferenceSchema = Type.Object({ name: Type.String() });

export const AppMeshTrafficRoutingSchema = Type.Object({
  virtualService: Type.Optional(
    Type.Object({
      name: Type.String(),
      routes: Type.Optional(Type.Array(Type.String())),
    }),
  ),
  virtualNodeGroup: Type.Optional(
    Type.Object({
      canaryVirtualNodeRef: AppMeshVirtualNodeReferenceSchema,
      stableVirtualNodeRef: AppMeshVirtualNodeReferenceSchema,
    }),
  ),
});
export type AppMeshTrafficRouting = Static<typeof AppMeshTrafficRoutingSchema>;

export const TraefikTrafficRoutingSchema = Type.Object({
  weightedTraefikServiceName: Type.String(),
});
export type TraefikTrafficRouting = Static<typeof TraefikTrafficRoutingSchema>;

export const ApisixTrafficRoutingSchema = Type.Object({
  route: Type.Optional(
    Type.Object({
      name: Type.String(),
      rules: Type.Optional(Type.Array(Type.String())),
    }),
  ),
});
export type ApisixTrafficRouting = Static<typeof ApisixTrafficRoutingSchema>;

export const ManagedRouteSchema = Type.Object({ name: Type.String() });
export type ManagedRoute = Static<typeof ManagedRouteSchema>;

export const RolloutTrafficRoutingSchema = Type.Object({
  istio: Type.Optional(IstioTrafficRoutingSchema),
  nginx: Type.Optional(NginxTrafficRoutingSchema),
  alb: Type.Optional(ALBTrafficRoutingSchema),
  smi: Type.Optional(SMITrafficRoutingSchema),
  ambassador: Type.Optional(AmbassadorTrafficRoutingSchema),
  appMesh: Type.Optional(AppMeshTrafficRoutingSchema),
  traefik: Type.Optional(TraefikTrafficRoutingSchema),
  apisix: Type.Optional(ApisixTrafficRoutingSchema),
  managedRoutes: Type.Optional(Type.Array(ManagedRouteSchema, { description: 'Routes the controller adds and removes (header and mirror steps), highest precedence first' })),
  plugins: Type.Optional(PreserveUnknownObject<Record<string, unknown>>({ description: 'Traffic router plugins by name, e.g. "argoproj-labs/gatewayAPI"' })),
  maxTrafficWeight: Type.Optional(Int32({ description: 'The total weight; 100 unless set' })),
});
export type RolloutTrafficRouting = Static<typeof RolloutTrafficRoutingSchema>;
