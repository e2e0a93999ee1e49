// The demo's objects: the repository's CRDs plus the demo's Istio stand-ins (src/demo/crds), then
// src/demo/manifests/*.yaml in file order, with the address of the demo's metrics source written into the
// AnalysisTemplate. Read from the source folder (found from the package root, as the dashboard's page is):
// the build compiles TypeScript only.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { applyManifests, readManifests } from '../kube/apply-manifests.js';
import type { KubeClient, KubeObject } from '../kube/kube-client-types.js';
import { resourceFor, type ResourceRef } from '../kube/resources.js';
import { RolloutsError } from '../shared/errors.js';
import { DEMO_NAMESPACE } from './release-plan.js';

/** The placeholder in src/demo/manifests that becomes the score server's URL ("http://127.0.0.1:PORT"). */
export const SCORE_URL_PLACEHOLDER = 'DEMO_SCORE_URL';

// Kinds the demo applies that the product's own apply does not know (they come from the demo's CRD stand-ins).
const EXTRA_KINDS: Record<string, ResourceRef> = {
  'networking.istio.io/v1beta1 VirtualService': { group: 'networking.istio.io', version: 'v1beta1', plural: 'virtualservices', kind: 'VirtualService', namespaced: true },
};

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
    .sort()
    .map((f) => join(dir, f));
}

/** Installs the product's CRDs (root/crds) and the demo's stand-ins (root/src/demo/crds). */
export async function installDemoCrds(client: KubeClient, root: string): Promise<string[]> {
  const files = [...yamlFiles(join(root, 'crds')), ...yamlFiles(join(root, 'src', 'demo', 'crds'))];
  return applyManifests(client, files.flatMap((f) => readManifests(f)));
}

/** Reads src/demo/manifests/*.yaml (in name order) with the placeholder replaced by `scoreUrl`. */
export function readDemoManifests(root: string, scoreUrl: string): KubeObject[] {
  return yamlFiles(join(root, 'src', 'demo', 'manifests')).flatMap((file) => {
    const text = readFileSync(file, 'utf8').replaceAll(SCORE_URL_PLACEHOLDER, scoreUrl);
    return parseAllDocuments(text).map((doc) => {
      if (doc.errors.length > 0) throw new RolloutsError('MANIFEST_INVALID', `${file}: ${doc.errors[0].message}`);
      return doc.toJS() as KubeObject;
    });
  });
}

/** Applies the demo's objects in order (Namespace first); says what it did, one line per object. */
export async function applyDemoManifests(client: KubeClient, objects: KubeObject[]): Promise<string[]> {
  const applied: string[] = [];
  for (const obj of objects) {
    const extra = EXTRA_KINDS[`${obj.apiVersion ?? ''} ${obj.kind ?? ''}`];
    // A kind the product applies itself: its create-or-patch is the one to use.
    if (extra === undefined || resourceFor(obj.apiVersion, obj.kind) !== undefined) {
      applied.push(...(await applyManifests(client, [obj], DEMO_NAMESPACE)));
      continue;
    }
    await client.create(extra, obj.metadata?.namespace ?? DEMO_NAMESPACE, obj);
    applied.push(`${extra.kind}/${obj.metadata?.name ?? '?'} created`);
  }
  return applied;
}
