// How the body of an update becomes the object to store: the server owns identity, timestamps and
// generation, and a status subresource owns status.
import { cloneJson, isJsonObject, jsonEqual, objectAt, type JsonObject } from './json.js';
import { metaOf } from './object-meta.js';
import type { ResourceType } from './resource-type.js';

// metadata fields a client cannot change with an update; they always come from the stored object.
const SERVER_OWNED_METADATA = ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'namespace', 'name'];

/**
 * The object an update of `current` with `body` would store (before defaulting and validation).
 * A write to `status` changes only status; any other write keeps status when a status subresource
 * owns it. metadata.generation goes up by one when anything but metadata and status changed.
 */
export function mergeUpdate(t: ResourceType, current: JsonObject, body: JsonObject, subresource: 'status' | undefined): JsonObject {
  const toStatus = subresource === 'status';
  const merged = toStatus ? { ...current, status: body.status ?? {} } : carryOver(t, current, body);
  const meta = (merged.metadata = { ...metaOf(toStatus ? current : merged) });
  const curMeta = metaOf(current);
  for (const k of SERVER_OWNED_METADATA) {
    if (curMeta[k] === undefined) delete meta[k];
    else meta[k] = curMeta[k];
  }
  meta.resourceVersion = curMeta.resourceVersion ?? '';
  if (t.generation && !jsonEqual(specPart(t, merged), specPart(t, current))) meta.generation = Number(curMeta.generation ?? 0) + 1;
  return merged;
}

/** Everything but metadata and status (status too when the type has no status subresource). */
function specPart(t: ResourceType, obj: JsonObject): JsonObject {
  const out: JsonObject = { ...obj };
  delete out.metadata;
  if (t.status) delete out.status;
  return out;
}

// A write to the main resource never changes status when a status subresource owns it.
function carryOver(t: ResourceType, current: JsonObject, body: JsonObject): JsonObject {
  const merged = cloneJson(body);
  if (t.status) {
    if (current.status === undefined) delete merged.status;
    else merged.status = current.status;
  }
  if (t.kind === 'Service' && t.builtin) keepClusterIP(current, merged);
  return merged;
}

// kube-apiserver keeps an allocated ClusterIP when an update leaves it out.
function keepClusterIP(current: JsonObject, merged: JsonObject): void {
  const curSpec = objectAt(current, 'spec');
  const spec = isJsonObject(merged.spec) ? merged.spec : {};
  if (spec.clusterIP === undefined && curSpec.clusterIP !== undefined) spec.clusterIP = curSpec.clusterIP;
  if (spec.clusterIPs === undefined && curSpec.clusterIPs !== undefined) spec.clusterIPs = curSpec.clusterIPs;
  merged.spec = spec;
}
