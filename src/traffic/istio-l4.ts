// Weights on a VirtualService's TLS and TCP routes. Argo finds them by their match: a TLS route by its single
// port and its exact set of sniHosts, a TCP route by its single port (a route matching several ports never
// matches). E.g. tlsRoutes [{port: 443, sniHosts: [shop.example.com]}] picks every tls[] route whose matches
// all say port 443 and whose sniHosts together are exactly {shop.example.com}.
import type { IstioVirtualService } from '../api/types.js';
import type { DesiredTraffic } from './router.js';
import { objectsIn, TrafficRoutingError, type JsonObject } from './objects.js';
import { destinationsOf, hasCanaryAndStable, requireCanaryAndStable, weightDestinations, type RouteTargets } from './istio-routes.js';

type Selector = NonNullable<IstioVirtualService['tlsRoutes']>[number];

/** What weighting TLS or TCP routes needs. */
export interface L4Inputs {
  kind: 'TLS' | 'TCP';
  selectors: Selector[] | undefined;
  targets: RouteTargets;
  desired: DesiredTraffic;
  where: string;
}

/**
 * The routes with the selected ones weighted. Selected: those matching a listed selector (each selector
 * must match one at least); with none listed, the only route when it holds both the canary and the stable.
 */
export function weightL4Routes(routes: JsonObject[], inputs: L4Inputs): JsonObject[] {
  const selected = selectedIndexes(routes, inputs);
  return routes.map((route, index) => {
    if (!selected.has(index)) return route;
    requireCanaryAndStable(destinationsOf(route), inputs.targets, `${inputs.kind} route ${index} in ${inputs.where}`);
    const next = { ...route, route: weightDestinations(destinationsOf(route), inputs.targets, inputs.desired) };
    return JSON.stringify(next) === JSON.stringify(route) ? route : next;
  });
}

function selectedIndexes(routes: JsonObject[], inputs: L4Inputs): Set<number> {
  if (!inputs.selectors || inputs.selectors.length === 0) {
    const only = routes.length === 1 && routes[0] !== undefined && hasCanaryAndStable(destinationsOf(routes[0]), inputs.targets);
    return new Set(only ? [0] : []);
  }
  const selected = new Set<number>();
  for (const selector of inputs.selectors) {
    const found = routes.flatMap((route, index) => (matchesSelector(route, selector, inputs.kind) ? [index] : []));
    if (found.length === 0) throw new TrafficRoutingError(`${inputs.kind} route ${describeSelector(selector, inputs.kind)} not found in ${inputs.where}`);
    found.forEach((index) => selected.add(index));
  }
  return selected;
}

function describeSelector(selector: Selector, kind: 'TLS' | 'TCP'): string {
  const port = `port ${selector.port ?? 0}`;
  return kind === 'TLS' ? `(${port}, sniHosts [${(selector.sniHosts ?? []).join(', ')}])` : `(${port})`;
}

function matchesSelector(route: JsonObject, selector: Selector, kind: 'TLS' | 'TCP'): boolean {
  const matches = objectsIn(route.match);
  const ports = new Set(matches.map((m) => (typeof m.port === 'number' ? m.port : 0)));
  if (ports.size > 1) return false;
  const port = [...ports][0] ?? 0;
  if (port !== (selector.port ?? 0)) return false;
  if (kind === 'TCP') return true;
  const hosts = new Set(matches.flatMap((m) => (Array.isArray(m.sniHosts) ? m.sniHosts.filter((h): h is string => typeof h === 'string') : [])));
  const wanted = new Set(selector.sniHosts ?? []);
  return hosts.size === wanted.size && [...wanted].every((h) => hosts.has(h));
}
