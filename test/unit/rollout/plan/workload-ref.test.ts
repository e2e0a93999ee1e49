import { describe, expect, it } from '@jest/globals';
import type { Deployment } from '../../../../src/api/kube-types.js';
import type { Rollout } from '../../../../src/api/types.js';
import { desiredWorkloadReplicas, resolveWorkloadRef } from '../../../../src/rollout/plan/workload-ref.js';

const deployment = (replicas: number): Deployment => ({
  metadata: { name: 'web', namespace: 'default', generation: 4 },
  spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'web:1' }] } } },
});

function rollout(scaleDown: string, status: Rollout['status'] = {}, extra: Partial<Rollout['spec']> = {}): Rollout {
  return { metadata: { name: 'ro', namespace: 'default' }, spec: { replicas: 6, workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', scaleDown: scaleDown as 'never' }, strategy: { canary: { steps: [] } }, ...extra }, status };
}

describe('resolveWorkloadRef', () => {
  it('takes the template and, when the rollout has none, the selector from the Deployment', () => {
    const resolved = resolveWorkloadRef(rollout('never'), deployment(3));
    expect('rollout' in resolved && resolved.rollout.spec.template?.spec?.containers?.[0].image).toBe('web:1');
    expect('rollout' in resolved && resolved.rollout.spec.selector).toEqual({ matchLabels: { app: 'web' } });
  });

  it.each([
    ['a missing Deployment', rollout('never'), undefined, 'spec.workloadRef: Invalid value: "nowhere"'.replace('nowhere', 'web'), 'deployments.apps "web" not found'],
    ['another kind', { ...rollout('never'), spec: { ...rollout('never').spec, workloadRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web' } } }, deployment(3), 'spec.workloadRef', 'only supports apps/v1 Deployments'],
    ['a template beside the ref', rollout('never', {}, { template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'x', image: 'y' }] } } }), deployment(3), 'spec.template', 'template must be empty'],
  ])('reports %s', (_what, ro, dep, field, message) => {
    const resolved = resolveWorkloadRef(ro, dep);
    expect('error' in resolved).toBe(true);
    if ('error' in resolved) {
      expect(resolved.error.field).toBe(field.split(':')[0]);
      expect(resolved.error.message).toContain(message);
    }
  });
});

describe('desiredWorkloadReplicas', () => {
  it.each([
    ['never leaves the Deployment', 'never', { phase: 'Healthy' as const }, 1, undefined],
    ['onsuccess waits for Healthy', 'onsuccess', { phase: 'Progressing' as const, readyReplicas: 6 }, 1, undefined],
    ['onsuccess scales to zero once Healthy', 'onsuccess', { phase: 'Healthy' as const }, 1, 0],
    ['progressively hands pods over: 6 wanted, 4 ready → 2 left', 'progressively', { phase: 'Progressing' as const, readyReplicas: 4 }, 1, 2],
    ['progressively ends at zero once Healthy', 'progressively', { phase: 'Healthy' as const, readyReplicas: 6 }, 1, 0],
    ['only the migration revision hands over', 'onsuccess', { phase: 'Healthy' as const }, 2, undefined],
  ])('%s', (_what, mode, status, revision, expected) => {
    expect(desiredWorkloadReplicas(rollout(mode, status), revision, deployment(6))).toBe(expected);
  });
});
