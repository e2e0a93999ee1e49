// Stable short hashes in kube's "safe" alphabet, like pod-template-hash: no vowels, no look-alikes.
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Kubernetes' SafeEncodeString: each character mapped into the safe alphabet by its code. */
export function safeEncode(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += SAFE_ALPHABET[text.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}

/** FNV-1a, 32 bits, over the UTF-16 code units of a string. */
export function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** JSON with object keys sorted, so that equal values always hash alike whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/**
 * The pod-template hash of a Rollout's template: the name suffix and `rollouts-pod-template-hash`
 * label of its ReplicaSet. `collisionCount` changes it when two templates collide (as Argo does).
 */
export function computePodTemplateHash(template: unknown, collisionCount?: number): string {
  const suffix = collisionCount ? `#${collisionCount}` : '';
  return safeEncode(String(fnv32a(canonicalJsonOf(template ?? {}) + suffix)));
}

// Objects from the informer caches are replaced, never changed, and every pass of every reconcile
// hashes the same template and steps again: their canonical JSON is kept per object.
const canonicalByObject = new WeakMap<object, string>();

function canonicalJsonOf(value: unknown): string {
  if (typeof value !== 'object' || value === null || !Object.isFrozen(value)) return canonicalJson(value);
  let text = canonicalByObject.get(value);
  if (text === undefined) {
    text = canonicalJson(value);
    canonicalByObject.set(value, text);
  }
  return text;
}

/** The hash of a canary's steps (status.currentStepHash): a change restarts the steps from 0. */
export function computeStepHash(steps: unknown): string {
  return safeEncode(String(fnv32a(canonicalJsonOf(steps ?? []))));
}
