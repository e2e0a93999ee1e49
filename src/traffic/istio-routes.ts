// Pure rewrites of Istio route lists, as Argo's istio.go does them: weights on a route's destinations,
// and the managed header and mirror routes that the Rollout adds in front of the user's routes.
import type { HeaderRoutingMatch, IstioDestinationRule, RouteMatch, SetHeaderRoute, SetMirrorRoute, StringMatch } from '../api/types.js';
import type { DesiredTraffic } from './router.js';
import { isObject, objectsIn, stringOf, TrafficRoutingError, type JsonObject } from './objects.js';

/** Who is who in a route: the services (by short host) and, with a DestinationRule, the subsets. */
export interface RouteTargets {
  canaryService: string;
  stableService: string;
  destinationRule?: IstioDestinationRule;
  /** The DestinationRule's spec.host: managed routes send the canary there (else to canaryService). */
  canaryHost: string;
}

/** A destination's short host: "shop-stable.prod.svc.cluster.local" → "shop-stable" (Argo's getHost). */
export function shortHost(destination: JsonObject): string {
  const inner = isObject(destination.destination) ? destination.destination : {};
  const host = stringOf(inner.host) ?? '';
  const dot = host.indexOf('.');
  if (dot === 0) return '';
  return dot > 0 ? host.slice(0, dot) : host;
}

function subsetOf(destination: JsonObject): string {
  const inner = isObject(destination.destination) ? destination.destination : {};
  return stringOf(inner.subset) ?? '';
}

type Role = 'canary' | 'stable' | 'other';

/** Canary or stable by host, or by subset when a DestinationRule names them. */
function roleOf(destination: JsonObject, targets: RouteTargets): Role {
  const rule = targets.destinationRule;
  if (isTarget(destination, targets.canaryService, rule?.canarySubsetName)) return 'canary';
  if (isTarget(destination, targets.stableService, rule?.stableSubsetName)) return 'stable';
  return 'other';
}

function isTarget(destination: JsonObject, service: string, subsetName: string | undefined): boolean {
  const subset = subsetOf(destination);
  return (service !== '' && shortHost(destination) === service) || (subset !== '' && subset === subsetName);
}

/** Rejects a route that lacks a canary or a stable destination, naming the route and what is missing. */
export function requireCanaryAndStable(destinations: JsonObject[], targets: RouteTargets, where: string): void {
  const roles = new Set(destinations.map((d) => roleOf(d, targets)));
  const rule = targets.destinationRule;
  for (const role of ['canary', 'stable'] as const) {
    if (roles.has(role)) continue;
    const missing = rule ? `${role} subset "${role === 'canary' ? rule.canarySubsetName : rule.stableSubsetName}"` : `${role} Service "${role === 'canary' ? targets.canaryService : targets.stableService}"`;
    throw new TrafficRoutingError(`${where} has no destination for the ${missing}`);
  }
}

/** True when the destinations hold both a canary and a stable destination. */
export function hasCanaryAndStable(destinations: JsonObject[], targets: RouteTargets): boolean {
  const roles = new Set(destinations.map((d) => roleOf(d, targets)));
  return roles.has('canary') && roles.has('stable');
}

/**
 * A route's destinations with Argo's weights: canary and stable get theirs (stable less what additional
 * subsets keep, never below 0), experiment services get theirs (added when missing, by name), additional
 * subsets keep theirs, any other host is dropped. E.g. canary 20 / stable 80 on [stable 100, canary 0] →
 * [stable 80, canary 20], keys and fields of each destination otherwise untouched.
 */
export function weightDestinations(destinations: JsonObject[], targets: RouteTargets, desired: DesiredTraffic): JsonObject[] {
  const pending = new Map(desired.additional.map((t) => [t.serviceName, t.weight]));
  const kept = keptSubsetWeight(destinations, targets);
  const next: JsonObject[] = [];
  for (const destination of destinations) {
    const weight = weightFor(destination, { targets, desired, pending, stable: Math.max(0, desired.stable.weight - kept) });
    if (weight !== 'drop') next.push(weight === 'keep' ? destination : withWeight(destination, weight));
  }
  for (const [service, weight] of [...pending.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    next.push({ destination: { host: service }, weight });
  }
  return next;
}

interface WeightInputs {
  targets: RouteTargets;
  desired: DesiredTraffic;
  pending: Map<string, number>;
  stable: number;
}

function weightFor(destination: JsonObject, inputs: WeightInputs): number | 'keep' | 'drop' {
  const host = shortHost(destination);
  // Argo leaves a destination without a usable host alone.
  if (host === '') return 'keep';
  const role = roleOf(destination, inputs.targets);
  if (role === 'canary') return inputs.desired.canary.weight;
  if (role === 'stable') return inputs.stable;
  const experiment = inputs.pending.get(host);
  if (experiment !== undefined) {
    inputs.pending.delete(host);
    return experiment;
  }
  return isAdditionalSubset(destination, inputs.targets) ? 'keep' : 'drop';
}

function isAdditionalSubset(destination: JsonObject, targets: RouteTargets): boolean {
  const subset = subsetOf(destination);
  return subset !== '' && (targets.destinationRule?.additionalSubsetNames ?? []).includes(subset);
}

function keptSubsetWeight(destinations: JsonObject[], targets: RouteTargets): number {
  return destinations.filter((d) => isAdditionalSubset(d, targets)).reduce((sum, d) => sum + (typeof d.weight === 'number' ? d.weight : 0), 0);
}

function withWeight(destination: JsonObject, weight: number): JsonObject {
  if (destination.weight === weight) return destination;
  const copy = structuredClone(destination);
  copy.weight = weight;
  return copy;
}

/** Where managed routes send the canary: the DestinationRule host (or canary Service), its subset, the route's port. */
function canaryDestination(targets: RouteTargets, port: number | undefined): JsonObject {
  const subset = targets.destinationRule?.canarySubsetName;
  return { host: targets.canaryHost, ...(port !== undefined ? { port: { number: port } } : {}), ...(subset ? { subset } : {}) };
}

/** The port of the weighted route's first destination, which managed routes reuse. */
export function firstPort(destinations: JsonObject[]): number | undefined {
  const first = destinations[0];
  const inner = first && isObject(first.destination) ? first.destination : {};
  const port = isObject(inner.port) ? inner.port.number : undefined;
  return typeof port === 'number' ? port : undefined;
}

/** `{exact|regex|prefix}` with only the set fields, in that order. */
function stringMatch(value: StringMatch): JsonObject {
  return { ...(value.exact ? { exact: value.exact } : {}), ...(value.regex ? { regex: value.regex } : {}), ...(value.prefix ? { prefix: value.prefix } : {}) };
}

function headerMatch(match: HeaderRoutingMatch): JsonObject {
  return { headers: { [match.headerName]: stringMatch(match.headerValue) } };
}

/** A setHeaderRoute as an HTTP route: its header matches, 100% to the canary. */
export function headerRoute(route: SetHeaderRoute, targets: RouteTargets, port: number | undefined): JsonObject {
  return { name: route.name, match: (route.match ?? []).map(headerMatch), route: [{ destination: canaryDestination(targets, port), weight: 100 }] };
}

function routeMatch(match: RouteMatch): JsonObject {
  return {
    ...(match.method ? { method: stringMatch(match.method) } : {}),
    ...(match.path ? { uri: stringMatch(match.path) } : {}),
    ...(match.headers ? { headers: Object.fromEntries(Object.entries(match.headers).map(([name, value]) => [name, stringMatch(value)])) } : {}),
  };
}

/** Only destination and weight, as Argo copies a route (weight 0 left out, as Go's omitempty does). */
function copiedDestination(destination: JsonObject): JsonObject {
  const weight = destination.weight;
  return { destination: structuredClone(destination.destination), ...(typeof weight === 'number' && weight !== 0 ? { weight } : {}) };
}

/**
 * A setMirrorRoute as an HTTP route: its matches, the weighted route's destinations (weights included), and a
 * mirror of `percentage` (default 100) of those requests to the canary.
 */
export function mirrorRoute(route: SetMirrorRoute, targets: RouteTargets, weighted: JsonObject[]): JsonObject {
  return {
    name: route.name,
    match: (route.match ?? []).map(routeMatch),
    route: weighted.map(copiedDestination),
    mirror: canaryDestination(targets, firstPort(weighted)),
    mirrorPercentage: { value: route.percentage ?? 100 },
  };
}

/** The `route` list of an HTTP/TLS/TCP route. */
export function destinationsOf(route: JsonObject): JsonObject[] {
  return objectsIn(route.route);
}
