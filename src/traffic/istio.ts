// Istio: weights on the named HTTP routes (and TLS/TCP routes) of one or more VirtualServices, the managed
// header and mirror routes in front of them, and the canary/stable subsets of a DestinationRule.
//
// Each reconcile rebuilds spec.http from what is there: routes named in trafficRouting.managedRoutes are
// ours and are replaced by the desired header/mirror routes, in managedRoutes order, placed first (Argo's
// orderRoutes); every other route keeps its place and its bytes, except the weights of the routes the
// Rollout names. E.g. managedRoutes [hdr, mirror], desired header "hdr" → http = [hdr, primary, fallback].
//
// Following Argo: `name.namespace` addresses a VirtualService in another namespace; with `routes` omitted
// the VirtualService must have exactly one (non-managed) HTTP route; destinations that are neither canary,
// stable, experiment nor an additional subset are dropped from a weighted route. Deviations: a TLS/TCP route
// is weighted when listed in tlsRoutes/tcpRoutes, or, when none are listed, only if the VirtualService has
// exactly one such route and it holds both the canary and the stable (Argo then fails instead of skipping);
// DestinationRule subsets other than canary and stable are kept (Argo drops them).
import type { IstioDestinationRule, IstioTrafficRouting, IstioVirtualService, Rollout } from '../api/types.js';
import { LABELS } from '../api/labels.js';
import type { DesiredTraffic, ObjectRef, RouterResult, TrafficObjects, TrafficRouter, UnstructuredObject } from './router.js';
import { isObject, namespaceOf, nameOf, objectsIn, requireObject, sameJson, servicesOf, stringOf, TrafficRoutingError, updateIfChanged, type JsonObject } from './objects.js';
import { destinationsOf, headerRoute, firstPort, mirrorRoute, requireCanaryAndStable, weightDestinations, type RouteTargets } from './istio-routes.js';
import { weightL4Routes } from './istio-l4.js';

const MANAGED_BY = 'argo-rollouts.argoproj.io/managed-by-rollouts';

/** The Istio API version to read and write (the storage version of the fixture CRDs by default). */
export interface IstioRouterOptions {
  apiVersion?: string;
}

/** An Istio router for the Rollout's `trafficRouting.istio`. */
export function createIstioRouter(objects: TrafficObjects, options: IstioRouterOptions = {}): TrafficRouter {
  const apiVersion = options.apiVersion ?? 'networking.istio.io/v1beta1';
  return {
    type: 'Istio',
    reconcile: (rollout, desired) => reconcileIstio({ objects, rollout, desired, apiVersion }),
  };
}

async function reconcileIstio(inputs: Pick<IstioContext, 'objects' | 'rollout' | 'desired' | 'apiVersion'>): Promise<RouterResult> {
  const istio = inputs.rollout.spec.strategy?.canary?.trafficRouting?.istio;
  if (!istio) throw new TrafficRoutingError('trafficRouting.istio is not set');
  const ctx: IstioContext = { ...inputs, managedNames: managedNamesOf(inputs.rollout, inputs.desired), targets: { ...servicesTargets(inputs.rollout, istio), canaryHost: '' } };
  let writes = 0;
  if (istio.destinationRule) {
    const rule = await reconcileDestinationRule(ctx, istio.destinationRule);
    writes += rule.writes;
    ctx.targets.canaryHost = rule.host;
  }
  let verified = true;
  for (const vs of virtualServicesOf(istio)) {
    const result = await reconcileVirtualService(ctx, vs);
    writes += result.writes;
    verified &&= result.verified === true;
  }
  return { writes, verified };
}

/** managedRoutes names, highest precedence first; rejects desired routes it does not list. */
function managedNamesOf(rollout: Rollout, desired: DesiredTraffic): string[] {
  const names = (rollout.spec.strategy?.canary?.trafficRouting?.managedRoutes ?? []).map((r) => r.name);
  const unlisted = unlistedManagedRoutes(desired, names);
  if (unlisted.length > 0) throw new TrafficRoutingError(`routes ${unlisted.map((n) => `"${n}"`).join(', ')} are not listed in trafficRouting.managedRoutes`);
  return names;
}

interface IstioContext {
  objects: TrafficObjects;
  rollout: Rollout;
  desired: DesiredTraffic;
  apiVersion: string;
  managedNames: string[];
  targets: RouteTargets;
}

/** What convergence needs: the desired traffic, who is who, and the managed route names in precedence order. */
export type ConvergeInputs = Pick<IstioContext, 'desired' | 'targets' | 'managedNames'>;

function servicesTargets(rollout: Rollout, istio: IstioTrafficRouting): Omit<RouteTargets, 'canaryHost'> {
  const { canary, stable } = servicesOf(rollout);
  return { canaryService: canary, stableService: stable, ...(istio.destinationRule ? { destinationRule: istio.destinationRule } : {}) };
}

/** `virtualServices` when set, else `[virtualService]`. */
function virtualServicesOf(istio: IstioTrafficRouting): IstioVirtualService[] {
  if (istio.virtualServices && istio.virtualServices.length > 0) return istio.virtualServices;
  if (istio.virtualService) return [istio.virtualService];
  throw new TrafficRoutingError('trafficRouting.istio needs virtualService or virtualServices');
}

/** "shop-vs" → the Rollout's namespace; "shop-vs.mesh" or "shop-vs.mesh.svc.cluster.local"-less forms → namespace "mesh". */
export function virtualServiceLocation(name: string, rolloutNamespace: string): { name: string; namespace: string } {
  const fields = name.replace(/\.cluster\.local$/, '').split('.');
  if (fields.length < 2) return { name, namespace: rolloutNamespace };
  return { name: fields.slice(0, -1).join('.'), namespace: fields[fields.length - 1] ?? rolloutNamespace };
}

async function reconcileVirtualService(ctx: IstioContext, vs: IstioVirtualService): Promise<RouterResult> {
  const location = virtualServiceLocation(vs.name, namespaceOf(ctx.rollout));
  const ref: ObjectRef = { apiVersion: ctx.apiVersion, resource: 'virtualservices', ...location };
  const current = await requireObject(ctx.objects, ref, 'VirtualService');
  if (!ctx.targets.destinationRule) ctx.targets.canaryHost = ctx.targets.canaryService;
  const { writes, object } = await updateIfChanged(ctx.objects, ref, current, convergedVirtualService(ctx, vs, current));
  return { writes, verified: isConverged(ctx, vs, object) };
}

/** True when the object the API returned already has the desired routes and weights. */
function isConverged(ctx: IstioContext, vs: IstioVirtualService, object: UnstructuredObject): boolean {
  try {
    return sameJson(convergedVirtualService(ctx, vs, object), object);
  } catch {
    return false;
  }
}

/** The VirtualService with every change applied; unchanged parts are the same JSON as before. */
export function convergedVirtualService(ctx: ConvergeInputs, vs: IstioVirtualService, current: UnstructuredObject): UnstructuredObject {
  const next = structuredClone(current);
  const where = `VirtualService "${current.metadata.name}"`;
  if (!isObject(next.spec)) throw new TrafficRoutingError(`${where} has no spec`);
  const spec = next.spec;
  if (Array.isArray(spec.http)) spec.http = convergedHttpRoutes(ctx, vs, { routes: objectsIn(spec.http), where });
  else if (vs.routes && vs.routes.length > 0) throw new TrafficRoutingError(`HTTP route "${vs.routes[0]}" not found in ${where} (it has no spec.http)`);
  const l4 = { targets: ctx.targets, desired: ctx.desired, where };
  if (Array.isArray(spec.tls)) spec.tls = weightL4Routes(objectsIn(spec.tls), { ...l4, kind: 'TLS', selectors: vs.tlsRoutes });
  if (Array.isArray(spec.tcp)) spec.tcp = weightL4Routes(objectsIn(spec.tcp), { ...l4, kind: 'TCP', selectors: vs.tcpRoutes });
  return next;
}

interface HttpRoutes {
  routes: JsonObject[];
  where: string;
}

/** Managed routes first (managedRoutes order), then the user's routes with the named ones weighted. */
function convergedHttpRoutes(ctx: ConvergeInputs, vs: IstioVirtualService, http: HttpRoutes): JsonObject[] {
  const managed = new Set(ctx.managedNames);
  const user = http.routes.filter((route) => !managed.has(stringOf(route.name) ?? ''));
  const weighted = weightedIndexes(user, vs, http.where);
  for (const index of weighted) {
    const route = user[index];
    if (!route) continue;
    const label = `HTTP route "${stringOf(route.name) ?? index}" in ${http.where}`;
    requireCanaryAndStable(destinationsOf(route), ctx.targets, label);
    user[index] = { ...route, route: weightDestinations(destinationsOf(route), ctx.targets, ctx.desired) };
    if (sameJson(user[index], route)) user[index] = route;
  }
  const primary = weighted[0] === undefined ? [] : destinationsOf(user[weighted[0]] ?? {});
  return [...managedHttp(ctx, ctx.managedNames, { primary, where: http.where }), ...user];
}

/**
 * Indexes of the routes to weight: those named in `routes`, else the only route there is (Argo refuses to
 * guess between several). E.g. routes omitted and http [primary] → [0]; http [a, b] → an error.
 */
function weightedIndexes(user: JsonObject[], vs: IstioVirtualService, where: string): number[] {
  if (vs.routes && vs.routes.length > 0) {
    return vs.routes.map((name) => {
      const index = user.findIndex((route) => route.name === name);
      if (index < 0) throw new TrafficRoutingError(`HTTP route "${name}" not found in ${where}`);
      return index;
    });
  }
  if (user.length === 1) return [0];
  throw new TrafficRoutingError(`${where} must have exactly one HTTP route when trafficRouting.istio.virtualService.routes is omitted (it has ${user.length})`);
}

interface ManagedInputs {
  primary: JsonObject[];
  where: string;
}

/** The desired header and mirror routes, in managedRoutes order; a route with no match is a removal. */
function managedHttp(ctx: Pick<IstioContext, 'desired' | 'targets'>, names: string[], inputs: ManagedInputs): JsonObject[] {
  const routes: JsonObject[] = [];
  for (const name of names) {
    const header = ctx.desired.headerRoutes.find((r) => r.name === name && (r.match?.length ?? 0) > 0);
    const mirror = ctx.desired.mirrorRoutes.find((r) => r.name === name && (r.match?.length ?? 0) > 0);
    if (header) routes.push(headerRoute(header, ctx.targets, firstPort(inputs.primary)));
    else if (mirror) routes.push(mirrorRoute(mirror, ctx.targets, requirePrimary(inputs, name)));
  }
  return routes;
}

function requirePrimary(inputs: ManagedInputs, name: string): JsonObject[] {
  if (inputs.primary.length === 0) throw new TrafficRoutingError(`${inputs.where} has no weighted HTTP route to copy into mirror route "${name}"`);
  return inputs.primary;
}

/** Desired header/mirror routes that managedRoutes does not list: refused, since they could never be removed again. */
export function unlistedManagedRoutes(desired: DesiredTraffic, managed: string[]): string[] {
  const names = [...desired.headerRoutes.map((r) => r.name ?? ''), ...desired.mirrorRoutes.map((r) => r.name)];
  return names.filter((name) => !managed.includes(name));
}

/** Writes the canary and stable pod-template hashes into the DestinationRule's subsets; returns its host. */
async function reconcileDestinationRule(ctx: IstioContext, rule: IstioDestinationRule): Promise<{ writes: number; host: string }> {
  const ref: ObjectRef = { apiVersion: ctx.apiVersion, resource: 'destinationrules', namespace: namespaceOf(ctx.rollout), name: rule.name };
  const current = await requireObject(ctx.objects, ref, 'DestinationRule');
  const next = structuredClone(current);
  if (!isObject(next.spec)) throw new TrafficRoutingError(`DestinationRule "${rule.name}" has no spec`);
  for (const subset of objectsIn(next.spec.subsets)) {
    if (subset.name === rule.canarySubsetName) setHash(subset, ctx.desired.canary.podTemplateHash);
    else if (subset.name === rule.stableSubsetName) setHash(subset, ctx.desired.stable.podTemplateHash);
  }
  next.metadata.annotations = { ...next.metadata.annotations, [MANAGED_BY]: nameOf(ctx.rollout) };
  const { writes } = await updateIfChanged(ctx.objects, ref, current, next);
  return { writes, host: stringOf(next.spec.host) ?? ctx.targets.canaryService };
}

/** Sets (or, without a hash, removes) the subset's rollouts-pod-template-hash label. */
function setHash(subset: JsonObject, hash: string | undefined): void {
  const labels = isObject(subset.labels) ? subset.labels : undefined;
  if (hash) subset.labels = { ...labels, [LABELS.podTemplateHash]: hash };
  else if (labels) delete labels[LABELS.podTemplateHash];
}
