import { badRequest } from './api-error.js';
import { cloneJson, getPath, isJsonObject, objectAt, type JsonObject } from './json.js';
import type { ResourceType, ScaleSpec } from './resource-type.js';
import { formatLabelSelectorObject } from './selectors.js';

function segments(path: string): string[] {
  return path.replace(/^\./, '').split('.').filter((s) => s !== '');
}

function selectorOf(t: ResourceType, spec: ScaleSpec, obj: JsonObject): string {
  if (t.builtin) return formatLabelSelectorObject(objectAt(obj, 'spec').selector);
  const v = spec.labelSelectorPath ? getPath(obj, segments(spec.labelSelectorPath)) : undefined;
  return typeof v === 'string' ? v : '';
}

/** The autoscaling/v1 Scale view of an object with a scale subresource. */
export function toScale(t: ResourceType, spec: ScaleSpec, obj: JsonObject): JsonObject {
  const meta = objectAt(obj, 'metadata');
  const specReplicas = getPath(obj, segments(spec.specReplicasPath));
  const statusReplicas = getPath(obj, segments(spec.statusReplicasPath));
  const scaleMeta: JsonObject = { name: meta.name ?? '', uid: meta.uid ?? '', resourceVersion: meta.resourceVersion ?? '', creationTimestamp: meta.creationTimestamp ?? null };
  if (t.namespaced) scaleMeta.namespace = meta.namespace ?? '';
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: scaleMeta,
    spec: { replicas: typeof specReplicas === 'number' ? specReplicas : 0 },
    status: { replicas: typeof statusReplicas === 'number' ? statusReplicas : 0, selector: selectorOf(t, spec, obj) },
  };
}

/** The object with spec replicas taken from a Scale (and its resourceVersion as a precondition). */
export function fromScale(spec: ScaleSpec, obj: JsonObject, scale: JsonObject): JsonObject {
  const replicas = getPath(scale, ['spec', 'replicas']);
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw badRequest(`spec.replicas: Invalid value: ${JSON.stringify(replicas ?? null)}: must be a non-negative integer`);
  }
  const out = cloneJson(obj);
  const path = segments(spec.specReplicasPath);
  let cur: JsonObject = out;
  for (const seg of path.slice(0, -1)) {
    if (!isJsonObject(cur[seg])) cur[seg] = {};
    cur = cur[seg];
  }
  cur[path[path.length - 1]] = replicas;
  const rv = getPath(scale, ['metadata', 'resourceVersion']);
  const meta = objectAt(out, 'metadata');
  if (typeof rv === 'string' && rv !== '') out.metadata = { ...meta, resourceVersion: rv };
  return out;
}
