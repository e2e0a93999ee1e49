// What every router needs around the TrafficObjects port: reading a required object with an error that
// names it, writing only when something changed, owner references, and safe access to unstructured JSON.
import type { Rollout } from '../api/types.js';
import type { ObjectRef, TrafficObjects, UnstructuredObject } from './router.js';

/** A JSON object as read from the API: fields are looked at, never trusted. */
export type JsonObject = Record<string, unknown>;

/** An object a router needs is missing or not shaped as the router expects; the message names it. */
export class TrafficRoutingError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TrafficRoutingError';
  }
}

/** True for a non-null, non-array object. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value as an array of objects (non-objects dropped), or [] when it is not an array. */
export function objectsIn(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

/** The value when it is a string, else undefined. */
export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Deep equality of plain JSON values, key order ignored. Written out rather than util.isDeepStrictEqual,
 * which also compares prototypes: objects parsed in another realm (jest's vm, a worker) would never be equal.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  if (isObject(a) && isObject(b)) return sameRecord(a, b);
  return a === b;
}

function sameRecord(a: JsonObject, b: JsonObject): boolean {
  const keys = Object.keys(a).filter((k) => a[k] !== undefined);
  if (keys.length !== Object.keys(b).filter((k) => b[k] !== undefined).length) return false;
  return keys.every((k) => sameJson(a[k], b[k]));
}

/** The Rollout's namespace ("default" when the manifest left it out). */
export function namespaceOf(rollout: Rollout): string {
  return rollout.metadata?.namespace ?? 'default';
}

/** The Rollout's name. */
export function nameOf(rollout: Rollout): string {
  return rollout.metadata?.name ?? '';
}

/** The controller reference that makes an object ours (and garbage-collected with the Rollout). */
export function controllerReference(rollout: Rollout): NonNullable<UnstructuredObject['metadata']['ownerReferences']>[number] {
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: nameOf(rollout), uid: rollout.metadata?.uid ?? '', controller: true, blockOwnerDeletion: true };
}

/** True when the object's controller reference points at this Rollout (by uid, as Kubernetes does). */
export function isControlledBy(object: UnstructuredObject, rollout: Rollout): boolean {
  const owner = object.metadata.ownerReferences?.find((ref) => ref.controller === true);
  return owner !== undefined && owner.uid === rollout.metadata?.uid;
}

/** Reads an object the router cannot work without: `VirtualService "shop-vs" not found` when it is missing. */
export async function requireObject(objects: TrafficObjects, ref: ObjectRef, kind: string): Promise<UnstructuredObject> {
  const object = await objects.get(ref);
  if (!object) throw new TrafficRoutingError(`${kind} "${ref.name}" not found in namespace "${ref.namespace}"`);
  return object;
}

/** What a converge step wrote (0 or 1) and the object as the API returned it. */
export interface WriteOutcome {
  writes: number;
  object: UnstructuredObject;
}

/**
 * Replaces `current` with `next` unless they are equal: an unchanged object costs no API call. The
 * update carries current's resourceVersion, so a write in between is a 409 that reaches the caller.
 */
export async function updateIfChanged(objects: TrafficObjects, ref: ObjectRef, current: UnstructuredObject, next: UnstructuredObject): Promise<WriteOutcome> {
  if (sameJson(current, next)) return { writes: 0, object: current };
  return { writes: 1, object: await objects.update(ref, next) };
}

/** The canary and stable Service names a router routes between; both are required with trafficRouting. */
export function servicesOf(rollout: Rollout): { canary: string; stable: string } {
  const canary = rollout.spec.strategy?.canary;
  return { canary: canary?.canaryService ?? '', stable: canary?.stableService ?? '' };
}
