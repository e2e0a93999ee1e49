import { describe, expect, it } from '@jest/globals';
import { LAST_APPLIED_ANNOTATION, trimForCache } from '../../../src/kube/informer-trim.js';
import type { KubeObject } from '../../../src/kube/kube-client-types.js';

const applied = JSON.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', spec: { replicas: 3 } });

describe('trimForCache', () => {
  it.each([
    {
      what: 'drops managedFields and the last-applied annotation, keeping the other annotations',
      metadata: { name: 'a', managedFields: [{ manager: 'kubectl' }], annotations: { [LAST_APPLIED_ANNOTATION]: applied, keep: 'me' } },
      kept: { name: 'a', annotations: { keep: 'me' } },
    },
    { what: 'drops managedFields alone', metadata: { name: 'b', managedFields: [] }, kept: { name: 'b' } },
    { what: 'leaves an object without either as it is', metadata: { name: 'c', annotations: { keep: 'me' } }, kept: { name: 'c', annotations: { keep: 'me' } } },
  ])('$what', ({ metadata, kept }) => {
    const obj = { apiVersion: 'v1', kind: 'Service', metadata, spec: { ports: [] } } as KubeObject;
    const trimmed = trimForCache(obj);
    expect(trimmed.metadata).toEqual(kept);
    expect(trimmed).toMatchObject({ apiVersion: 'v1', kind: 'Service', spec: { ports: [] } });
  });

  it('never changes the object it is given, and copies only when something is dropped', () => {
    const obj: KubeObject = { metadata: { name: 'a', annotations: { [LAST_APPLIED_ANNOTATION]: applied } } };
    expect(trimForCache(obj)).not.toBe(obj);
    expect(obj.metadata?.annotations).toEqual({ [LAST_APPLIED_ANNOTATION]: applied });
    const plain: KubeObject = { metadata: { name: 'b' } };
    expect(trimForCache(plain)).toBe(plain);
  });
});
