// Gateway API, configured as users configure Argo's plugin today:
//   trafficRouting.plugins["argoproj-labs/gatewayAPI"]: { httpRoute: shop } or
//   { httpRoutes: [{ name: shop, useHeaderRoutes: true }], namespace: gateways }
// (`httpRoute` means useHeaderRoutes: true; namespace defaults to the Rollout's). Like plugin 0.15:
// - weights: in every rule that is not ours, backendRefs naming the canary Service get the canary weight and
//   those naming the stable Service the stable weight; a rule whose only backendRef is the canary is left
//   alone (a weight there would only break it at 0). Both Services must appear somewhere.
// - header routes (routes with useHeaderRoutes): for every rule holding both Services, one rule named after the
//   managed route (`hdr`, then `hdr-1`, `hdr-2`… for further source rules), whose matches are the source rule's
//   with the header matches added (exact → Exact; regex → RegularExpression; prefix p → RegularExpression
//   `p.*`), with the source rule's filters, sending everything to the canary. Ours go after the user's rules.
// - the label rollouts.argoproj.io/gatewayapi-canary=in-progress while the canary weight is above 0.
// Which rules are ours: those whose `name` is a trafficRouting.managedRoutes name or that name plus `-<n>` — the
// key the plugin itself writes, so rules it left behind are recognised — and nothing else: a user's rule is
// never removed. An existing rule of ours that contains everything we would write (the API server may add
// defaults such as weight: 1 or a path match) is kept as it is, so a second reconcile writes nothing.
// The plugin does not implement mirror routes, nor does this router.
import type { HeaderRoutingMatch, Rollout } from '../api/types.js';
import type { DesiredTraffic, ObjectRef, RouterResult, TrafficObjects, TrafficRouter, UnstructuredObject } from './router.js';
import { isObject, namespaceOf, objectsIn, requireObject, sameJson, servicesOf, stringOf, TrafficRoutingError, updateIfChanged, type JsonObject } from './objects.js';
import { parseGatewayApiConfig, type GatewayApiConfig, type GatewayHttpRoute } from './gateway-api-config.js';
import { containsJson } from './contains-json.js';

export { GATEWAY_API_PLUGIN } from './gateway-api-config.js';

const HTTP_ROUTE_API = 'gateway.networking.k8s.io/v1';

/** A Gateway API router for the Rollout's `trafficRouting.plugins["argoproj-labs/gatewayAPI"]`. */
export function createGatewayApiRouter(objects: TrafficObjects): TrafficRouter {
  return {
    type: 'GatewayAPI',
    reconcile: async (rollout, desired) => {
      const config = parseGatewayApiConfig(rollout.spec.strategy?.canary?.trafficRouting?.plugins, namespaceOf(rollout));
      const ctx: GatewayContext = { objects, desired, config, services: servicesOf(rollout), managedNames: managedNamesOf(rollout) };
      let writes = 0;
      let verified = true;
      for (const route of config.httpRoutes) {
        const result = await reconcileHttpRoute(ctx, route);
        writes += result.writes;
        verified &&= result.verified === true;
      }
      return { writes, verified };
    },
  };
}

interface GatewayContext {
  objects: TrafficObjects;
  desired: DesiredTraffic;
  config: GatewayApiConfig;
  services: { canary: string; stable: string };
  managedNames: string[];
}

function managedNamesOf(rollout: Rollout): string[] {
  return (rollout.spec.strategy?.canary?.trafficRouting?.managedRoutes ?? []).map((r) => r.name);
}

async function reconcileHttpRoute(ctx: GatewayContext, route: GatewayHttpRoute): Promise<RouterResult> {
  const ref: ObjectRef = { apiVersion: HTTP_ROUTE_API, resource: 'httproutes', namespace: ctx.config.namespace, name: route.name };
  const current = await requireObject(ctx.objects, ref, 'HTTPRoute');
  const { writes, object } = await updateIfChanged(ctx.objects, ref, current, convergedHttpRoute(ctx, route, current));
  return { writes, verified: isConverged(ctx, route, object) };
}

function isConverged(ctx: GatewayContext, route: GatewayHttpRoute, object: UnstructuredObject): boolean {
  try {
    return sameJson(convergedHttpRoute(ctx, route, object), object);
  } catch {
    return false;
  }
}

/** The HTTPRoute with weights, managed rules and the in-progress label as desired; all else as it was. */
export function convergedHttpRoute(ctx: Omit<GatewayContext, 'objects'>, route: GatewayHttpRoute, current: UnstructuredObject): UnstructuredObject {
  const next = structuredClone(current);
  if (!isObject(next.spec)) throw new TrafficRoutingError(`HTTPRoute "${current.metadata.name}" has no spec`);
  const rules = objectsIn(next.spec.rules);
  const ours = (rule: JsonObject): boolean => isManagedRuleName(stringOf(rule.name), ctx.managedNames);
  const weighted = rules.map((rule) => (ours(rule) ? rule : weightedRule(rule, ctx)));
  requireBackends(weighted.filter((rule) => !ours(rule)), ctx.services, current.metadata.name);
  next.spec.rules = route.useHeaderRoutes ? [...weighted.filter((r) => !ours(r)), ...headerRules(ctx, weighted, ours)] : weighted;
  setInProgressLabel(next, ctx);
  return next;
}

/** True for `hdr` and `hdr-<n>` when `hdr` is a managed route name (the plugin's naming). */
export function isManagedRuleName(name: string | undefined, managedNames: string[]): boolean {
  if (name === undefined) return false;
  return managedNames.some((base) => name === base || new RegExp(`^${escapeRegex(base)}-\\d+$`).test(name));
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function refName(ref: JsonObject): string {
  return stringOf(ref.name) ?? '';
}

/** A rule whose only backendRef is the canary: a header rule of an older plugin, or the user's; not weighted. */
function isCanaryOnly(rule: JsonObject, canary: string): boolean {
  const refs = objectsIn(rule.backendRefs);
  return refs.length === 1 && refName(refs[0] ?? {}) === canary;
}

function weightedRule(rule: JsonObject, ctx: Pick<GatewayContext, 'desired' | 'services'>): JsonObject {
  if (isCanaryOnly(rule, ctx.services.canary) || !Array.isArray(rule.backendRefs)) return rule;
  const weights = new Map([
    [ctx.services.canary, ctx.desired.canary.weight],
    [ctx.services.stable, ctx.desired.stable.weight],
  ]);
  const refs = rule.backendRefs.map((ref: unknown) => {
    const weight = isObject(ref) ? weights.get(refName(ref)) : undefined;
    if (!isObject(ref) || weight === undefined || ref.weight === weight) return ref;
    return { ...ref, weight };
  });
  return sameJson(refs, rule.backendRefs) ? rule : { ...rule, backendRefs: refs };
}

function requireBackends(rules: JsonObject[], services: { canary: string; stable: string }, name: string): void {
  const names = new Set(rules.filter((r) => !isCanaryOnly(r, services.canary)).flatMap((r) => objectsIn(r.backendRefs).map(refName)));
  for (const [role, service] of [['canary', services.canary], ['stable', services.stable]] as const) {
    if (!names.has(service)) throw new TrafficRoutingError(`HTTPRoute "${name}" has no backendRef to the ${role} Service "${service}"`);
  }
}

/** The header rules desired now, in managedRoutes order, reusing an existing rule that already says as much. */
function headerRules(ctx: Omit<GatewayContext, 'objects'>, rules: JsonObject[], ours: (rule: JsonObject) => boolean): JsonObject[] {
  const sources = rules.filter((rule) => !ours(rule) && hasBoth(rule, ctx.services));
  const existing = rules.filter(ours);
  return ctx.managedNames.flatMap((name) => {
    const header = ctx.desired.headerRoutes.find((r) => r.name === name && (r.match?.length ?? 0) > 0);
    if (!header) return [];
    const matches = (header.match ?? []).map(headerMatch);
    return sources.map((source, index) => {
      const wanted = headerRule({ name: index === 0 ? name : `${name}-${index}`, source, matches, canary: ctx.services.canary });
      return existing.find((rule) => rule.name === wanted.name && containsJson(rule, wanted)) ?? wanted;
    });
  });
}

function hasBoth(rule: JsonObject, services: { canary: string; stable: string }): boolean {
  const names = objectsIn(rule.backendRefs).map(refName);
  return names.includes(services.canary) && names.includes(services.stable);
}

/** exact → Exact; prefix p → RegularExpression "p.*"; regex → RegularExpression (the plugin's mapping). */
export function headerMatch(match: HeaderRoutingMatch): JsonObject {
  const { exact, prefix, regex } = match.headerValue;
  if (exact) return { type: 'Exact', name: match.headerName, value: exact };
  if (prefix) return { type: 'RegularExpression', name: match.headerName, value: `${prefix}.*` };
  if (regex) return { type: 'RegularExpression', name: match.headerName, value: regex };
  throw new TrafficRoutingError(`header match "${match.headerName}" needs exact, prefix or regex`);
}

interface HeaderRuleInputs {
  name: string;
  source: JsonObject;
  matches: JsonObject[];
  canary: string;
}

/** The source rule's matches (each with the header matches added) and filters, everything to the canary. */
function headerRule(inputs: HeaderRuleInputs): JsonObject {
  const { source, matches, canary } = inputs;
  const canaryRef = objectsIn(source.backendRefs).find((ref) => refName(ref) === canary) ?? {};
  const sourceMatches = objectsIn(source.matches);
  const merged = sourceMatches.length === 0 ? [{ headers: matches }] : sourceMatches.map((m) => mergedMatch(m, matches));
  const filters = Array.isArray(source.filters) && source.filters.length > 0 ? { filters: structuredClone(source.filters) } : {};
  const port = canaryRef.port === undefined ? {} : { port: canaryRef.port };
  return { name: inputs.name, matches: merged, ...filters, backendRefs: [{ group: '', kind: 'Service', name: canary, ...port }] };
}

function mergedMatch(match: JsonObject, headers: JsonObject[]): JsonObject {
  return {
    ...(match.path !== undefined ? { path: structuredClone(match.path) } : {}),
    headers: [...objectsIn(match.headers), ...headers],
    ...(match.queryParams !== undefined ? { queryParams: structuredClone(match.queryParams) } : {}),
    ...(match.method !== undefined ? { method: match.method } : {}),
  };
}

/** The plugin's in-progress label: present while the canary has weight, gone at 0 (unless disabled). */
function setInProgressLabel(route: UnstructuredObject, ctx: Pick<GatewayContext, 'config' | 'desired'>): void {
  const label = ctx.config.inProgressLabel;
  if (!label) return;
  const labels = route.metadata.labels;
  if (ctx.desired.canary.weight > 0) {
    if (labels?.[label.key] !== label.value) route.metadata.labels = { ...labels, [label.key]: label.value };
  } else if (labels && label.key in labels) {
    delete labels[label.key];
  }
}
