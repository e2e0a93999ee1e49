// SMI: a TrafficSplit (default name: the Rollout's) owned by the Rollout, whose spec is the root service and
// the backends [canary, experiment services…, stable] with their weights. Created when missing; otherwise
// only spec.service and spec.backends are replaced, and only when they differ; a TrafficSplit the Rollout
// does not control is refused, as Argo does.
//
// Weights: v1alpha1 (Argo's default) types them as a resource.Quantity, which serialises as a string ("20");
// v1alpha2 and v1alpha3 use integers. E.g. canary 20 → v1alpha1 backends
// [{service: shop-canary, weight: "20"}, {service: shop-stable, weight: "80"}].
import type { Rollout } from '../api/types.js';
import type { DesiredTraffic, ObjectRef, TrafficObjects, TrafficRouter, UnstructuredObject } from './router.js';
import { controllerReference, isControlledBy, isObject, namespaceOf, nameOf, objectsIn, sameJson, servicesOf, TrafficRoutingError, updateIfChanged, type JsonObject } from './objects.js';

/** The TrafficSplit API version, as Argo's --traffic-split-api-version. */
export type SmiApiVersion = 'v1alpha1' | 'v1alpha2' | 'v1alpha3';

export interface SmiRouterOptions {
  /** Default v1alpha1, as Argo. */
  apiVersion?: SmiApiVersion;
}

/** An SMI router for the Rollout's `trafficRouting.smi`. */
export function createSmiRouter(objects: TrafficObjects, options: SmiRouterOptions = {}): TrafficRouter {
  const version = options.apiVersion ?? 'v1alpha1';
  return {
    type: 'SMI',
    reconcile: async (rollout, desired) => {
      const namespace = namespaceOf(rollout);
      const ref: ObjectRef = { apiVersion: `split.smi-spec.io/${version}`, resource: 'trafficsplits', namespace, name: trafficSplitName(rollout) };
      const spec = trafficSplitSpec(rollout, desired, version);
      const current = await objects.get(ref);
      if (!current) {
        const created = await objects.create({ apiVersion: ref.apiVersion, resource: ref.resource, namespace }, newTrafficSplit(rollout, ref, spec));
        return { writes: 1, verified: hasSpec(created, spec) };
      }
      if (!isControlledBy(current, rollout)) throw new TrafficRoutingError(`Rollout "${nameOf(rollout)}" does not own TrafficSplit "${ref.name}"`);
      const next = structuredClone(current);
      next.spec = { ...(isObject(current.spec) ? current.spec : {}), ...spec };
      const { writes, object } = await updateIfChanged(objects, ref, current, next);
      return { writes, verified: hasSpec(object, spec) };
    },
  };
}

/** trafficRouting.smi.trafficSplitName, else the Rollout's name. */
export function trafficSplitName(rollout: Rollout): string {
  return rollout.spec.strategy?.canary?.trafficRouting?.smi?.trafficSplitName || nameOf(rollout);
}

/** spec.service (rootService, else the stable Service) and the weighted backends. */
export function trafficSplitSpec(rollout: Rollout, desired: DesiredTraffic, version: SmiApiVersion): JsonObject {
  const { canary, stable } = servicesOf(rollout);
  const weight = (w: number): string | number => (version === 'v1alpha1' ? String(w) : w);
  const backends = [
    { service: canary, weight: weight(desired.canary.weight) },
    ...desired.additional.map((t) => ({ service: t.serviceName, weight: weight(t.weight) })),
    { service: stable, weight: weight(desired.stable.weight) },
  ];
  return { service: rollout.spec.strategy?.canary?.trafficRouting?.smi?.rootService || stable, backends };
}

function newTrafficSplit(rollout: Rollout, ref: ObjectRef, spec: JsonObject): UnstructuredObject {
  return { apiVersion: ref.apiVersion, kind: 'TrafficSplit', metadata: { name: ref.name, namespace: ref.namespace, ownerReferences: [controllerReference(rollout)] }, spec };
}

/** True when the object's service and backends are the desired ones (weights compared as numbers). */
function hasSpec(object: UnstructuredObject, spec: JsonObject): boolean {
  const actual = isObject(object.spec) ? object.spec : {};
  const numeric = (backends: unknown): { service: unknown; weight: number }[] => objectsIn(backends).map((b) => ({ service: b.service, weight: Number(b.weight) }));
  return actual.service === spec.service && sameJson(numeric(actual.backends), numeric(spec.backends));
}
