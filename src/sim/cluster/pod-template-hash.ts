import type { JsonValue } from '../json.js';

const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

function canonical(value: JsonValue | undefined): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
}

/** FNV-1a over the canonical JSON of a pod template, rendered in kube's "safe" alphabet like pod-template-hash. */
export function podTemplateHash(template: JsonValue | undefined, collisionCount = 0): string {
  let h = 0x811c9dc5;
  const text = canonical(template) + (collisionCount ? String(collisionCount) : '');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  let out = '';
  for (const ch of String(h)) out += SAFE[Number(ch) % SAFE.length];
  return out.slice(0, 10);
}
