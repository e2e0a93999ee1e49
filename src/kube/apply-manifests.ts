import { readFileSync } from 'node:fs';
import { ApiException, KubernetesObjectApi, PatchStrategy, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { RolloutsError } from '../shared/errors.js';

/** Reads every YAML document of a file as a Kubernetes object (empty documents skipped). */
export function readManifests(path: string): KubernetesObject[] {
  const docs = parseAllDocuments(readFileSync(path, 'utf8'));
  const out: KubernetesObject[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) throw new RolloutsError('MANIFEST_INVALID', `${path}: ${doc.errors[0].message}`);
    const value = doc.toJS() as unknown;
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) throw new RolloutsError('MANIFEST_INVALID', `${path}: a document is not an object`);
    out.push(value);
  }
  return out;
}

/**
 * Creates each object, or merge-patches it to the given content when it exists (a simple client-side
 * apply). Namespaced objects without a namespace go to the kubeconfig context's namespace.
 */
export async function applyManifests(kc: KubeConfig, objects: KubernetesObject[]): Promise<string[]> {
  const api = KubernetesObjectApi.makeApiClient(kc);
  const applied: string[] = [];
  for (const obj of objects) {
    const label = `${obj.kind ?? '?'}/${obj.metadata?.name ?? '?'}`;
    try {
      await api.create(obj);
      applied.push(`${label} created`);
    } catch (err) {
      if (!(err instanceof ApiException) || err.code !== 409) throw new RolloutsError('KUBE_REQUEST_FAILED', `cannot create ${label}: ${(err as Error).message}`, { cause: err });
      await api.patch(obj, undefined, undefined, undefined, undefined, PatchStrategy.MergePatch);
      applied.push(`${label} configured`);
    }
  }
  return applied;
}
