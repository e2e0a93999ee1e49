// The one file that knows every traffic router: which of them a Rollout configures (several may be at once,
// e.g. istio and the Gateway API plugin), and how their results add up.
import type { Rollout } from '../api/types.js';
import type { DesiredTraffic, RouterResult, TrafficObjects, TrafficRouter } from './router.js';
import { GATEWAY_API_PLUGIN_NAME } from '../api/traffic-routers.js';
import { createGatewayApiRouter } from './gateway-api.js';
import { createIstioRouter } from './istio.js';
import { createNginxRouter } from './nginx.js';
import { createSmiRouter, type SmiApiVersion } from './smi.js';

export { SUPPORTED_ROUTERS, unsupportedRouters } from '../api/traffic-routers.js';

/** Choices Argo makes with controller flags (--traffic-split-api-version, --istio-api-version). */
export interface RouterOptions {
  smiApiVersion?: SmiApiVersion;
  istioApiVersion?: string;
}

/** The routers configured in the Rollout's canary.trafficRouting, in a fixed order; [] without trafficRouting. */
export function routersFor(rollout: Rollout, objects: TrafficObjects, options: RouterOptions = {}): TrafficRouter[] {
  const tr = rollout.spec.strategy?.canary?.trafficRouting;
  if (!tr) return [];
  const routers: TrafficRouter[] = [];
  if (tr.nginx) routers.push(createNginxRouter(objects));
  if (tr.istio) routers.push(createIstioRouter(objects, { apiVersion: options.istioApiVersion }));
  if (tr.smi) routers.push(createSmiRouter(objects, { apiVersion: options.smiApiVersion }));
  if (tr.plugins?.[GATEWAY_API_PLUGIN_NAME] !== undefined) routers.push(createGatewayApiRouter(objects));
  return routers;
}

/**
 * Runs every router in turn (stopping at the first rejection, which the caller retries) and adds up their
 * results: writes sum; verified is false if any router read back a different weight, true if all that can
 * tell agree, undefined if none can.
 */
export async function reconcileRouters(routers: TrafficRouter[], rollout: Rollout, desired: DesiredTraffic): Promise<RouterResult> {
  let writes = 0;
  const verdicts: (boolean | undefined)[] = [];
  for (const router of routers) {
    const result = await router.reconcile(rollout, desired);
    writes += result.writes;
    verdicts.push(result.verified);
  }
  const known = verdicts.filter((v): v is boolean => v !== undefined);
  return known.length === 0 ? { writes } : { writes, verified: known.every(Boolean) };
}
