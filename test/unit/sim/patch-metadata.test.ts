import { describe, it, expect } from '@jest/globals';
import { PATCH_METADATA, supportsStrategicMerge } from '../../../src/sim/patch-metadata.js';

describe('patch metadata', () => {
  it.each([
    [{ group: '', kind: 'Pod' }, true],
    [{ group: '', kind: 'Service' }, true],
    [{ group: 'apps', kind: 'Deployment' }, true],
    [{ group: 'batch', kind: 'Job' }, true],
    [{ group: 'networking.k8s.io', kind: 'Ingress' }, true],
    [{ group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' }, true],
    [{ group: 'argoproj.io', kind: 'Rollout' }, false],
    [{ group: 'apps', kind: 'Pod' }, false],
    [{ group: '', kind: 'constructor' }, false],
  ])('supportsStrategicMerge(%j) is %s', (kind, expected) => {
    expect(supportsStrategicMerge(kind)).toBe(expected);
  });

  it('gives Deployment, ReplicaSet and Job the PodSpec merge lists under spec.template.spec', () => {
    for (const key of ['apps/Deployment', 'apps/ReplicaSet', 'batch/Job']) {
      const table = PATCH_METADATA.get(key)!;
      expect(table['spec.template.spec.containers']).toEqual({ mergeKey: 'name' });
      expect(table['spec.template.spec.containers[].env']).toEqual({ mergeKey: 'name' });
      expect(table['spec.template.spec.initContainers[].ports']).toEqual({ mergeKey: 'containerPort' });
      expect(table['metadata.finalizers']).toEqual({});
    }
    expect(PATCH_METADATA.get('/Pod')!['spec.containers[].volumeMounts']).toEqual({ mergeKey: 'mountPath' });
  });
});
