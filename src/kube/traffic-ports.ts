// The cluster side of the traffic routers' port (src/traffic/router.ts) over our Kubernetes client: plain
// JSON objects addressed by apiVersion and plural resource (VirtualServices, Ingresses, TrafficSplits,
// HTTPRoutes…). 404 becomes `undefined` on get and success on delete; a 409 from update or create is the
// client's ConflictError, passed on unchanged so that the caller re-reads and reconciles again.
import type { ObjectRef, TrafficObjects, UnstructuredObject } from '../traffic/router.js';
import type { KubeClient, KubeObject } from './kube-client-types.js';
import { isNotFound } from './kube-errors.js';
import type { ResourceRef } from './resources.js';

/** Kinds by plural, for the request target only (URLs need just group, version and plural). */
const KINDS: Record<string, string> = {
  ingresses: 'Ingress',
  virtualservices: 'VirtualService',
  destinationrules: 'DestinationRule',
  trafficsplits: 'TrafficSplit',
  httproutes: 'HTTPRoute',
};

/** The ResourceRef of a namespaced object's apiVersion and plural: "networking.istio.io/v1beta1" + "virtualservices". */
export function resourceOf(ref: Pick<ObjectRef, 'apiVersion' | 'resource'>): ResourceRef {
  const slash = ref.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : ref.apiVersion.slice(0, slash);
  const version = slash < 0 ? ref.apiVersion : ref.apiVersion.slice(slash + 1);
  return { group, version, plural: ref.resource, kind: KINDS[ref.resource] ?? '', namespaced: true };
}

/** TrafficObjects over the client: GET (undefined on 404), POST, PUT guarded by resourceVersion, DELETE (404 ignored). */
export function trafficObjectsOf(client: KubeClient): TrafficObjects {
  return {
    get: async (ref) => {
      try {
        return asUnstructured(await client.get<KubeObject>(resourceOf(ref), ref.namespace, ref.name));
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },
    create: async (ref, object) => asUnstructured(await client.create<KubeObject>(resourceOf(ref), ref.namespace, object)),
    // The object carries the resourceVersion it was read at: the API server answers 409 if it moved on.
    update: async (ref, object) => asUnstructured(await client.replace<KubeObject>(resourceOf(ref), ref.namespace, ref.name, object)),
    delete: async (ref) => {
      try {
        await client.delete(resourceOf(ref), ref.namespace, ref.name);
      } catch (err) {
        // Already gone is the wanted end state.
        if (!isNotFound(err)) throw err;
      }
    },
  };
}

// The API always answers with apiVersion, kind and metadata.name for these objects.
function asUnstructured(object: KubeObject): UnstructuredObject {
  return object as UnstructuredObject;
}
