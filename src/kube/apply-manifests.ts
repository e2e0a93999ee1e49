import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { RolloutsError } from '../shared/errors.js';
import type { KubeClient, KubeObject } from './kube-client-types.js';
import { isAlreadyExists } from './kube-errors.js';
import { resourceFor, type ResourceRef } from './resources.js';

/** Reads every YAML document of a file as a Kubernetes object (empty documents skipped). */
export function readManifests(path: string): KubeObject[] {
  const docs = parseAllDocuments(readFileSync(path, 'utf8'));
  const out: KubeObject[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) throw new RolloutsError('MANIFEST_INVALID', `${path}: ${doc.errors[0].message}`);
    const value = doc.toJS() as unknown;
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) throw new RolloutsError('MANIFEST_INVALID', `${path}: a document is not an object`);
    out.push(value as KubeObject);
  }
  return out;
}

function labelOf(obj: KubeObject): string {
  return `${obj.kind ?? '?'}/${obj.metadata?.name ?? '?'}`;
}

function resourceOf(obj: KubeObject): ResourceRef {
  const r = resourceFor(obj.apiVersion, obj.kind);
  if (!r) throw new RolloutsError('MANIFEST_INVALID', `${labelOf(obj)}: ${obj.apiVersion ?? '?'} ${obj.kind ?? '?'} is not a kind this tool applies`);
  return r;
}

// Creates the object, or merge-patches it to the manifest when it exists; says which.
async function applyOne(client: KubeClient, obj: KubeObject, namespace: string): Promise<string> {
  const label = labelOf(obj);
  const r = resourceOf(obj);
  const ns = r.namespaced ? (obj.metadata?.namespace ?? namespace) : undefined;
  try {
    await client.create(r, ns, obj);
    return `${label} created`;
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
    await client.patch(r, ns, obj.metadata?.name ?? '', obj, { type: 'merge' });
    return `${label} configured`;
  }
}

/**
 * Applies manifests in order (a simple client-side apply, sending each manifest as written).
 * Namespaced objects without a namespace go to `namespace`.
 */
export async function applyManifests(client: KubeClient, objects: KubeObject[], namespace = 'default'): Promise<string[]> {
  const applied: string[] = [];
  for (const obj of objects) applied.push(await applyOne(client, obj, namespace));
  return applied;
}
