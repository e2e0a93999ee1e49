// The one interface every traffic router satisfies, and the state it converges to. The Rollout planner
// decides the desired traffic (level-triggered: the whole state, never a delta); a router brings the
// objects it owns (a VirtualService's routes, a canary Ingress, a TrafficSplit, an HTTPRoute's
// backendRefs) to that state, touching nothing else, and checks what it wrote.
import type { Rollout } from '../api/types.js';
import type { DesiredTraffic } from '../api/desired-traffic.js';

export type { DesiredTraffic, WeightTarget } from '../api/desired-traffic.js';

/** What one router did. */
export interface RouterResult {
  /** Objects written (0 when everything was already as desired). */
  writes: number;
  /**
   * Whether the weight read back from the object is the desired one; undefined when this router has
   * no way to tell beyond its own write.
   */
  verified?: boolean;
}

/** Router kinds, as Argo names them in events and status. */
export type RouterType = 'Nginx' | 'Istio' | 'SMI' | 'GatewayAPI';

/** A traffic router configured for one Rollout. */
export interface TrafficRouter {
  readonly type: RouterType;
  /**
   * Brings the router's objects to `desired`. Idempotent: with nothing to change it writes nothing.
   * Rejects with a clear message when an object it needs is missing or malformed (the Rollout gets a
   * TrafficRoutingError event and is retried); a 409 surfaces as a conflict (re-read, reconcile again).
   */
  reconcile(rollout: Rollout, desired: DesiredTraffic): Promise<RouterResult>;
}

/** Any object read from or written to the API, as plain JSON. */
export interface UnstructuredObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean; blockOwnerDeletion?: boolean }[];
    [field: string]: unknown;
  };
  [field: string]: unknown;
}

/** Where an object lives: group/version, plural resource, namespace, name. */
export interface ObjectRef {
  apiVersion: string;
  /** Plural resource name, e.g. virtualservices, ingresses, trafficsplits, httproutes. */
  resource: string;
  namespace: string;
  name: string;
}

/** The reads and writes routers make, implemented in src/kube (traffic-ports.ts). */
export interface TrafficObjects {
  /** The object, or undefined when it does not exist. */
  get(ref: ObjectRef): Promise<UnstructuredObject | undefined>;
  create(ref: Omit<ObjectRef, 'name'>, object: UnstructuredObject): Promise<UnstructuredObject>;
  /** A full replace guarded by the object's metadata.resourceVersion (409 when someone wrote in between). */
  update(ref: ObjectRef, object: UnstructuredObject): Promise<UnstructuredObject>;
  /** Deletes the object; already gone is not an error. */
  delete(ref: ObjectRef): Promise<void>;
}
