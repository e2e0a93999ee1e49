// The Gateway API plugin's configuration, read from `trafficRouting.plugins["argoproj-labs/gatewayAPI"]` with
// the plugin's defaults: `httpRoute: x` is `httpRoutes: [{name: x, useHeaderRoutes: true}]`, the namespace is
// the Rollout's, and the in-progress label is rollouts.argoproj.io/gatewayapi-canary=in-progress.
import { GATEWAY_API_PLUGIN_NAME as GATEWAY_API_PLUGIN } from '../api/traffic-routers.js';
import { TrafficRoutingError, isObject, objectsIn, stringOf, type JsonObject } from './objects.js';

export { GATEWAY_API_PLUGIN };

/** One HTTPRoute the plugin controls. */
export interface GatewayHttpRoute {
  name: string;
  useHeaderRoutes: boolean;
}

/** The parts of the plugin configuration this router implements. */
export interface GatewayApiConfig {
  namespace: string;
  httpRoutes: GatewayHttpRoute[];
  /** undefined when disableInProgressLabel is set. */
  inProgressLabel?: { key: string; value: string };
}

/** Reads the plugin's configuration; rejects one without HTTPRoutes, naming the plugin. */
export function parseGatewayApiConfig(plugins: Record<string, unknown> | undefined, rolloutNamespace: string): GatewayApiConfig {
  const raw = plugins?.[GATEWAY_API_PLUGIN];
  if (!isObject(raw)) throw new TrafficRoutingError(`trafficRouting.plugins["${GATEWAY_API_PLUGIN}"] must be an object`);
  const httpRoutes = httpRoutesOf(raw);
  if (httpRoutes.length === 0) throw new TrafficRoutingError(`trafficRouting.plugins["${GATEWAY_API_PLUGIN}"] needs httpRoute or httpRoutes`);
  return { namespace: stringOf(raw.namespace) || rolloutNamespace, httpRoutes, ...inProgressLabelOf(raw) };
}

function httpRoutesOf(raw: JsonObject): GatewayHttpRoute[] {
  const listed = objectsIn(raw.httpRoutes).map((r) => {
    const name = stringOf(r.name);
    if (!name) throw new TrafficRoutingError(`trafficRouting.plugins["${GATEWAY_API_PLUGIN}"].httpRoutes[] needs a name`);
    return { name, useHeaderRoutes: r.useHeaderRoutes === true };
  });
  const single = stringOf(raw.httpRoute);
  return single ? [...listed, { name: single, useHeaderRoutes: true }] : listed;
}

function inProgressLabelOf(raw: JsonObject): Pick<GatewayApiConfig, 'inProgressLabel'> {
  if (raw.disableInProgressLabel === true) return {};
  return { inProgressLabel: { key: stringOf(raw.inProgressLabelKey) || 'rollouts.argoproj.io/gatewayapi-canary', value: stringOf(raw.inProgressLabelValue) || 'in-progress' } };
}
