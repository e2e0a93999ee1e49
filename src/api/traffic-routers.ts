// Which `canary.trafficRouting` entries this controller implements, so that spec validation can refuse the
// others with a clear InvalidSpec message instead of silently not routing traffic. Pure: no I/O.
import type { RolloutTrafficRouting } from './schema/traffic-routing.js';

/** The Gateway API plugin's name, as users register it with Argo Rollouts. */
export const GATEWAY_API_PLUGIN_NAME = 'argoproj-labs/gatewayAPI';

/** The routers implemented, as they are configured under trafficRouting. */
export const SUPPORTED_ROUTERS = [
  { field: 'nginx', type: 'Nginx', note: 'stableIngress / stableIngresses; a canary Ingress per stable Ingress' },
  { field: 'istio', type: 'Istio', note: 'virtualService(s) with http, tls and tcp routes; destinationRule subsets; managed header and mirror routes' },
  { field: 'smi', type: 'SMI', note: 'a TrafficSplit (split.smi-spec.io v1alpha1 by default)' },
  { field: `plugins["${GATEWAY_API_PLUGIN_NAME}"]`, type: 'GatewayAPI', note: 'httpRoute / httpRoutes (HTTPRoute gateway.networking.k8s.io/v1); header routes' },
] as const;

const UNSUPPORTED_FIELDS = ['alb', 'ambassador', 'appMesh', 'traefik', 'apisix'] as const;

/** Parts of the Gateway API plugin's configuration that only the plugin itself implements. */
const UNSUPPORTED_GATEWAY_KEYS = ['grpcRoute', 'grpcRoutes', 'tcpRoute', 'tcpRoutes', 'tlsRoute', 'tlsRoutes', 'httpRouteSelector', 'grpcRouteSelector', 'tcpRouteSelector', 'tlsRouteSelector'];

/**
 * The configured routers this controller does not implement, by their spec path. E.g. {alb: …, plugins:
 * {"x/y": {}, "argoproj-labs/gatewayAPI": {grpcRoute: g}}} → ["alb", 'plugins["x/y"]',
 * 'plugins["argoproj-labs/gatewayAPI"].grpcRoute']. Empty when everything configured is supported.
 */
export function unsupportedRouters(trafficRouting: RolloutTrafficRouting | undefined): string[] {
  if (!trafficRouting) return [];
  const fields = UNSUPPORTED_FIELDS.filter((field) => trafficRouting[field] !== undefined && trafficRouting[field] !== null);
  return [...fields, ...unsupportedPlugins(trafficRouting.plugins ?? {})];
}

function unsupportedPlugins(plugins: Record<string, unknown>): string[] {
  return Object.entries(plugins).flatMap(([name, config]) => {
    if (name !== GATEWAY_API_PLUGIN_NAME) return [`plugins["${name}"]`];
    const keys = typeof config === 'object' && config !== null ? Object.keys(config) : [];
    return keys.filter((key) => UNSUPPORTED_GATEWAY_KEYS.includes(key)).map((key) => `plugins["${name}"].${key}`);
  });
}
