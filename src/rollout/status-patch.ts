/**
 * A JSON merge patch (RFC 7386) turning `before` into `after`; undefined when they are equal.
 * Objects are patched key by key (a key gone becomes null), anything else (arrays too) is replaced
 * whole: { phase: 'Paused', abort: true } → { phase: 'Healthy' } gives { phase: 'Healthy', abort: null }.
 */
export function mergePatchBetween(before: unknown, after: unknown): unknown {
  if (isPlainObject(before) && isPlainObject(after)) return objectPatch(before, after);
  return deepEqual(before, after) ? undefined : (after ?? null);
}

// The patch of one member: nested objects recursively, other values whole when they differ.
function memberPatch(before: unknown, after: unknown): unknown {
  if (isPlainObject(before) && isPlainObject(after)) return objectPatch(before, after);
  return deepEqual(before, after) ? undefined : after;
}

function objectPatch(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> | undefined {
  const patch: Record<string, unknown> = {};
  // Members set before and unset now are removed.
  for (const key of Object.keys(before)) if (before[key] !== undefined && after[key] === undefined) patch[key] = null;
  for (const [key, value] of Object.entries(after)) {
    const child = value === undefined ? undefined : memberPatch(before[key], value);
    if (child !== undefined) patch[key] = child;
  }
  return Object.keys(patch).length > 0 ? patch : undefined;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Structural equality of JSON values (undefined object members ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const ka = Object.keys(a).filter((k) => a[k] !== undefined);
  const kb = Object.keys(b).filter((k) => b[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
}
