// NGINX Ingress: for each stable Ingress, a canary Ingress `<rollout>-<stableIngress>-canary` that ingress-nginx
// merges with it. The canary is a copy of the stable Ingress's rules that reach the stable Service, pointed at
// the canary Service, with `canary: "true"` and `canary-weight: "<w>"` (and `canary-weight-total` when
// maxTrafficWeight is not 100). The stable Ingress is only read, never written.
//
// Argo's nginx router ignores setHeaderRoute; ingress-nginx can route one header to the canary, so the first
// match of the first desired header route becomes `canary-by-header` with `canary-by-header-value` (exact) or
// `canary-by-header-pattern` (regex; prefix p → `^p`, escaped). Those annotations (and canary-weight-total) are
// ours: they are removed again when no longer desired. Other annotations on the canary Ingress that we did not
// set are kept, as Argo does (another controller may own them).
import type { NginxTrafficRouting, Rollout, SetHeaderRoute } from '../api/types.js';
import type { DesiredTraffic, ObjectRef, RouterResult, TrafficObjects, TrafficRouter, UnstructuredObject } from './router.js';
import { controllerReference, isControlledBy, isObject, namespaceOf, nameOf, objectsIn, requireObject, sameJson, servicesOf, TrafficRoutingError, type JsonObject } from './objects.js';

const INGRESS_API = { apiVersion: 'networking.k8s.io/v1', resource: 'ingresses' } as const;
const DEFAULT_PREFIX = 'nginx.ingress.kubernetes.io';
const CANARY_SUFFIX = '-canary';
/** Annotations (after the prefix) that only this router sets, so that it may also take them away. */
const OWNED_KEYS = ['canary-weight-total', 'canary-by-header', 'canary-by-header-value', 'canary-by-header-pattern'];

/** The canary Ingress name Argo uses: `<rollout>-<stable>`, cut to fit 253 characters with `-canary`. */
export function canaryIngressName(rolloutName: string, stableIngress: string): string {
  return `${`${rolloutName}-${stableIngress}`.slice(0, 253 - CANARY_SUFFIX.length)}${CANARY_SUFFIX}`;
}

/** An NGINX router for the Rollout's `trafficRouting.nginx`. */
export function createNginxRouter(objects: TrafficObjects): TrafficRouter {
  return {
    type: 'Nginx',
    reconcile: async (rollout, desired) => {
      const nginx = rollout.spec.strategy?.canary?.trafficRouting?.nginx;
      if (!nginx) throw new TrafficRoutingError('trafficRouting.nginx is not set');
      let writes = 0;
      let verified = true;
      for (const stable of stableIngressesOf(nginx)) {
        const result = await reconcileCanaryIngress({ objects, rollout, desired, nginx }, stable);
        writes += result.writes;
        verified &&= result.verified === true;
      }
      return { writes, verified };
    },
  };
}

/** `stableIngresses` when set, else `[stableIngress]`. */
function stableIngressesOf(nginx: NginxTrafficRouting): string[] {
  if (nginx.stableIngresses && nginx.stableIngresses.length > 0) return nginx.stableIngresses;
  if (nginx.stableIngress) return [nginx.stableIngress];
  throw new TrafficRoutingError('trafficRouting.nginx needs stableIngress or stableIngresses');
}

interface NginxContext {
  objects: TrafficObjects;
  rollout: Rollout;
  desired: DesiredTraffic;
  nginx: NginxTrafficRouting;
}

async function reconcileCanaryIngress(ctx: NginxContext, stableName: string): Promise<RouterResult> {
  const namespace = namespaceOf(ctx.rollout);
  const stable = await requireObject(ctx.objects, { ...INGRESS_API, namespace, name: stableName }, 'stable Ingress');
  const ref: ObjectRef = { ...INGRESS_API, namespace, name: canaryIngressName(nameOf(ctx.rollout), stableName) };
  const wanted = desiredCanaryIngress(ctx, stable, ref);
  const current = await ctx.objects.get(ref);
  if (!current) {
    const created = await ctx.objects.create({ ...INGRESS_API, namespace }, wanted);
    return { writes: 1, verified: weightOf(created, prefixOf(ctx.nginx)) === ctx.desired.canary.weight };
  }
  if (!isControlledBy(current, ctx.rollout)) throw new TrafficRoutingError(`canary Ingress "${ref.name}" is controlled by another object than Rollout "${nameOf(ctx.rollout)}"`);
  const next = mergedCanaryIngress(current, wanted, prefixOf(ctx.nginx));
  if (sameJson(current, next)) return { writes: 0, verified: weightOf(current, prefixOf(ctx.nginx)) === ctx.desired.canary.weight };
  const updated = await ctx.objects.update(ref, next);
  return { writes: 1, verified: weightOf(updated, prefixOf(ctx.nginx)) === ctx.desired.canary.weight };
}

function prefixOf(nginx: NginxTrafficRouting): string {
  return nginx.annotationPrefix ? nginx.annotationPrefix : DEFAULT_PREFIX;
}

/** The canary-weight annotation as a number (NaN when absent). */
function weightOf(ingress: UnstructuredObject, prefix: string): number {
  const value = ingress.metadata.annotations?.[`${prefix}/canary-weight`];
  return value === undefined ? Number.NaN : Number(value);
}

/** The canary Ingress as it should be, before merging with what exists. */
function desiredCanaryIngress(ctx: NginxContext, stable: UnstructuredObject, ref: ObjectRef): UnstructuredObject {
  return {
    apiVersion: INGRESS_API.apiVersion,
    kind: 'Ingress',
    metadata: { name: ref.name, namespace: ref.namespace, annotations: canaryAnnotations(ctx, stable), ownerReferences: [controllerReference(ctx.rollout)] },
    spec: canarySpec(ctx.rollout, stable),
  };
}

/** The stable Ingress's TLS and class, and its rules that reach the stable Service, re-pointed at the canary. */
function canarySpec(rollout: Rollout, stable: UnstructuredObject): JsonObject {
  const services = servicesOf(rollout);
  const spec = isObject(stable.spec) ? stable.spec : {};
  const rules = objectsIn(spec.rules).flatMap((rule) => canaryRule(rule, services));
  if (rules.length === 0) throw new TrafficRoutingError(`stable Ingress "${stable.metadata.name}" has no rule with backend service "${services.stable}"`);
  return {
    ...(spec.ingressClassName !== undefined ? { ingressClassName: spec.ingressClassName } : {}),
    ...(spec.tls !== undefined ? { tls: structuredClone(spec.tls) } : {}),
    rules,
  };
}

/** The rule with stable backends renamed to the canary; [] when no path of it reaches the stable Service. */
function canaryRule(rule: JsonObject, services: { canary: string; stable: string }): JsonObject[] {
  const copy = structuredClone(rule);
  const paths = isObject(copy.http) ? objectsIn(copy.http.paths) : [];
  let reachesStable = false;
  for (const path of paths) {
    const service = isObject(path.backend) && isObject(path.backend.service) ? path.backend.service : undefined;
    if (service?.name !== services.stable) continue;
    service.name = services.canary;
    reachesStable = true;
  }
  return reachesStable ? [copy] : [];
}

/** Class, additional (prefixed) and verbatim annotations, then canary, weight, total and header, which win. */
function canaryAnnotations(ctx: NginxContext, stable: UnstructuredObject): Record<string, string> {
  const prefix = prefixOf(ctx.nginx);
  const ingressClass = stable.metadata.annotations?.['kubernetes.io/ingress.class'];
  return {
    ...(ingressClass !== undefined ? { 'kubernetes.io/ingress.class': ingressClass } : {}),
    ...prefixedAnnotations(ctx.nginx.additionalIngressAnnotations ?? {}, prefix),
    ...ctx.nginx.canaryIngressAnnotations,
    [`${prefix}/canary`]: 'true',
    [`${prefix}/canary-weight`]: String(ctx.desired.canary.weight),
    ...weightTotal(ctx, prefix),
    ...headerAnnotations(ctx.desired.headerRoutes, prefix),
  };
}

/** additionalIngressAnnotations keys get the prefix unless they already start with it. */
function prefixedAnnotations(annotations: Record<string, string>, prefix: string): Record<string, string> {
  return Object.fromEntries(Object.entries(annotations).map(([key, value]) => [key.startsWith(prefix) ? key : `${prefix}/${key}`, value]));
}

/** `canary-weight-total` whenever maxTrafficWeight is set (Argo) or the total is not 100. */
function weightTotal(ctx: NginxContext, prefix: string): Record<string, string> {
  const set = ctx.rollout.spec.strategy?.canary?.trafficRouting?.maxTrafficWeight !== undefined;
  return set || ctx.desired.maxWeight !== 100 ? { [`${prefix}/canary-weight-total`]: String(ctx.desired.maxWeight) } : {};
}

/** `canary-by-header` and its value or pattern from the first match of the first header route that has one. */
export function headerAnnotations(routes: SetHeaderRoute[], prefix: string): Record<string, string> {
  const match = routes.find((route) => route.match && route.match.length > 0)?.match?.[0];
  if (!match) return {};
  const { exact, regex, prefix: valuePrefix } = match.headerValue;
  const header = { [`${prefix}/canary-by-header`]: match.headerName };
  if (exact) return { ...header, [`${prefix}/canary-by-header-value`]: exact };
  if (regex) return { ...header, [`${prefix}/canary-by-header-pattern`]: regex };
  if (valuePrefix) return { ...header, [`${prefix}/canary-by-header-pattern`]: `^${escapeRegex(valuePrefix)}` };
  return header;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The existing canary Ingress brought to `wanted`: its spec replaced, its annotations merged (wanted wins;
 * annotations others set stay; ones only we set and no longer want go).
 */
function mergedCanaryIngress(current: UnstructuredObject, wanted: UnstructuredObject, prefix: string): UnstructuredObject {
  const owned = new Set(OWNED_KEYS.map((key) => `${prefix}/${key}`));
  const kept = Object.entries(current.metadata.annotations ?? {}).filter(([key]) => !owned.has(key));
  const annotations = { ...Object.fromEntries(kept), ...wanted.metadata.annotations };
  const next = structuredClone(current);
  next.metadata.annotations = sameJson(annotations, current.metadata.annotations) ? current.metadata.annotations : annotations;
  next.spec = sameJson(wanted.spec, current.spec) ? current.spec : wanted.spec;
  return next;
}
