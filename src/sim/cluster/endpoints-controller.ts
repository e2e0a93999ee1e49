import { isJsonObject, jsonEqual, objectAt, type JsonObject } from '../json.js';
import type { StoredEvent } from '../store.js';
import { isDeleting, keyOf, KEYS, meta, type ClusterContext, type ClusterController } from './context.js';
import { KeyQueue, splitKey } from './key-queue.js';
import { isPodReady } from './pod-status.js';

function selectorOf(svc: JsonObject): Record<string, string> | undefined {
  const s = objectAt(svc, 'spec').selector;
  return isJsonObject(s) && Object.keys(s).length > 0 ? (s as Record<string, string>) : undefined;
}

function labels(obj: JsonObject): Record<string, string> {
  const l = meta(obj).labels;
  return isJsonObject(l) ? (l as Record<string, string>) : {};
}

function selects(selector: Record<string, string>, obj: JsonObject): boolean {
  const l = labels(obj);
  return Object.entries(selector).every(([k, v]) => l[k] === v);
}

function address(pod: JsonObject): JsonObject {
  const m = meta(pod);
  return { ip: objectAt(pod, 'status').podIP ?? '', nodeName: objectAt(pod, 'spec').nodeName ?? 'sim-node', targetRef: { kind: 'Pod', namespace: m.namespace ?? '', name: m.name ?? '', uid: m.uid ?? '' } };
}

function ports(svc: JsonObject): JsonObject[] {
  const list = objectAt(svc, 'spec').ports;
  return (Array.isArray(list) ? list.filter(isJsonObject) : []).map((p) => {
    const port: JsonObject = { port: typeof p.targetPort === 'number' ? p.targetPort : (p.port ?? 0), protocol: p.protocol ?? 'TCP' };
    if (p.name !== undefined) port.name = p.name;
    return port;
  });
}

/** The subsets of a Service's Endpoints: the selected pods that have an IP, ready and not ready apart. */
function subsetsFor(svc: JsonObject, selector: Record<string, string>, candidates: JsonObject[]): JsonObject[] {
  const pods = candidates.filter((p) => !isDeleting(p) && objectAt(p, 'status').podIP !== undefined && selects(selector, p));
  if (pods.length === 0) return [];
  const ready = pods.filter(isPodReady).map(address);
  const notReady = pods.filter((p) => !isPodReady(p)).map(address);
  const subset: JsonObject = { ports: ports(svc) };
  if (ready.length) subset.addresses = ready;
  if (notReady.length) subset.notReadyAddresses = notReady;
  return [subset];
}

/** Keeps an Endpoints object per selector Service listing its ready (and not-ready) pods, so that traffic shifts are visible. */
export function startEndpointsController(ctx: ClusterContext): ClusterController {
  const svcType = ctx.builtin('', 'services');
  const epType = ctx.builtin('', 'endpoints');

  function sync(key: string): void {
    const [ns, name] = splitKey(key);
    const svc = ctx.storage.find(svcType, ns, name);
    const existing = ctx.storage.find(epType, ns, name);
    const selector = svc && !isDeleting(svc) ? selectorOf(svc) : undefined;
    if (!svc || !selector) {
      // Endpoints of a Service without a selector are someone else's; those of a deleted Service go with it.
      if (existing && !svc) ctx.storage.delete(epType, ns, name);
      return;
    }
    const subsets = subsetsFor(svc, selector, ctx.store.list(KEYS.pods, ns));
    if (!existing) {
      ctx.storage.create(epType, ns, { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace: ns, labels: labels(svc) }, subsets });
      return;
    }
    if (jsonEqual(existing.subsets ?? [], subsets)) return;
    ctx.storage.update(epType, { namespace: ns, name }, { ...existing, subsets });
  }

  const queue = new KeyQueue('endpoints-controller', sync, ctx.logError);

  function podChanged(e: StoredEvent): void {
    for (const svc of ctx.store.list(KEYS.services, e.namespace)) {
      const selector = selectorOf(svc);
      if (selector && (selects(selector, e.object) || (e.previous && selects(selector, e.previous)))) queue.add(keyOf(svc));
    }
  }

  return {
    onEvent(e: StoredEvent): void {
      if (e.typeKey === KEYS.services) queue.add(keyOf(e.object));
      else if (e.typeKey === KEYS.pods) podChanged(e);
    },
    stop: () => queue.stop(),
  };
}
