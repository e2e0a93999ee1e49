import type { KubeObject } from './kube-client-types.js';

/** kubectl's client-side apply record: a second, full copy of the object's spec as last applied. */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * What an informer drops before caching an object, as a client-go transform (SetTransform) would:
 * `metadata.managedFields` (server-side apply bookkeeping) and the last-applied annotation. Neither
 * is read from a cache anywhere in this product, and together they are often larger than the rest
 * of the object: a Rollout applied with kubectl carries its whole spec twice over.
 *
 * Returns the object itself when there is nothing to drop (no copy), else a shallow copy with a new
 * `metadata`: a 6 kB Rollout whose annotation holds a 3 kB copy of its spec is cached as 3 kB.
 */
export function trimForCache<T extends KubeObject>(obj: T): T {
  const meta = obj.metadata as ({ managedFields?: unknown; annotations?: Record<string, string> } & T['metadata']) | undefined;
  if (!meta) return obj;
  const hasManaged = meta.managedFields !== undefined;
  const hasLastApplied = meta.annotations?.[LAST_APPLIED_ANNOTATION] !== undefined;
  if (!hasManaged && !hasLastApplied) return obj;
  const { managedFields: _managed, ...rest } = meta;
  const trimmed: typeof meta = rest;
  if (hasLastApplied) trimmed.annotations = withoutLastApplied(meta.annotations ?? {});
  return { ...obj, metadata: trimmed };
}

function withoutLastApplied(annotations: Record<string, string>): Record<string, string> {
  const { [LAST_APPLIED_ANNOTATION]: _dropped, ...rest } = annotations;
  return rest;
}
