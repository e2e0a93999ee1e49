/** A JSON merge patch (RFC 7386) turning `before` into `after`; undefined when they are equal. */
export function mergePatchBetween(before: unknown, after: unknown): unknown {
  if (isPlainObject(before) && isPlainObject(after)) return objectPatch(before, after);
  return deepEqual(before, after) ? undefined : (after ?? null);
}

function objectPatch(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> | undefined {
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(before)) {
    if (before[key] !== undefined && after[key] === undefined) patch[key] = null;
  }
  for (const [key, value] of Object.entries(after)) {
    if (value === undefined) continue;
    const child = isPlainObject(before[key]) && isPlainObject(value) ? objectPatch(before[key], value) : deepEqual(before[key], value) ? undefined : value;
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
