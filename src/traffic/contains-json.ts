// "Already says as much": whether an object read back from the API holds everything we would write, allowing
// for fields the API server added (CRD defaults such as a backendRef's weight: 1).

/**
 * True when `actual` has every field of `wanted` with the same value, recursively; arrays must have the same
 * length and contain element-wise. E.g. {a: 1, b: [{c: 2, d: 3}]} contains {b: [{c: 2}]}, not {b: []}.
 */
export function containsJson(actual: unknown, wanted: unknown): boolean {
  if (Array.isArray(wanted)) return Array.isArray(actual) && actual.length === wanted.length && wanted.every((w, i) => containsJson(actual[i], w));
  if (typeof wanted === 'object' && wanted !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return false;
    const record = actual as Record<string, unknown>;
    return Object.entries(wanted).every(([key, value]) => containsJson(record[key], value));
  }
  return actual === wanted;
}
