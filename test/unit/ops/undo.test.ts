import { describe, expect, it } from '@jest/globals';
import type { ReplicaSet } from '../../../src/api/kube-types.js';
import type { Rollout } from '../../../src/api/types.js';
import type { KubeObject } from '../../../src/kube/kube-client-types.js';
import { RESOURCES } from '../../../src/kube/resources.js';
import { isDerivative, selectorString } from '../../../src/ops/revision-history.js';
import { undo } from '../../../src/ops/undo.js';
import { NOW, aReplicaSet, aRollout, V1, V2, V3 } from '../view/canary-fixtures.js';
import { recordingClient } from './recording-client.js';

const REF = { namespace: 'shop', name: 'checkout' };

function world(rollout: Rollout, sets: ReplicaSet[]): ReturnType<typeof recordingClient> {
  return recordingClient([{ resource: RESOURCES.rollouts, object: rollout }, ...sets.map((object) => ({ resource: RESOURCES.replicaSets, object: object as ReplicaSet & KubeObject }))]);
}

const templateOf = (image: string): unknown => ({ metadata: { labels: { app: 'checkout' } }, spec: { containers: [{ name: 'checkout', image }] } });

describe('undo', () => {
  it.each<[string, number | undefined, string]>([
    ['the previous revision by default', undefined, V2.image],
    ['--to-revision 1', 1, V1.image],
  ])('copies the pod template of %s into spec.template (JSON patch, hash label removed)', async (_what, toRevision, image) => {
    const client = world(aRollout(V3, {}), [aReplicaSet(V1, 0), aReplicaSet(V2, 5), aReplicaSet(V3, 1)]);
    const result = await undo(client, REF, { toRevision }, NOW);
    expect(result.message).toBe("rollout 'checkout' undo");
    expect(client.calls.find((c) => c.verb === 'list')).toMatchObject({ resource: 'replicasets', namespace: 'shop', labelSelector: 'app=checkout' });
    expect(client.writes()).toEqual([
      { verb: 'patch', resource: 'rollouts', namespace: 'shop', name: 'checkout', subresource: undefined, patchType: 'json', body: [{ op: 'replace', path: '/spec/template', value: templateOf(image) }] },
    ]);
  });

  it('skips the write when the rollout already runs that template', async () => {
    const client = world(aRollout(V2, {}), [aReplicaSet(V2, 5), aReplicaSet(V3, 1)]);
    const result = await undo(client, REF, { toRevision: 2 }, NOW);
    expect(result.message).toBe('skipped rollback (current template already matches revision 2)');
    expect(client.writes()).toEqual([]);
  });

  it('only considers ReplicaSets the rollout controls', async () => {
    const foreign = aReplicaSet(V1, 0);
    foreign.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'x', uid: 'other', controller: true }];
    await expect(undo(world(aRollout(V3, {}), [foreign, aReplicaSet(V3, 1)]), REF, {}, NOW)).rejects.toThrow('no revision found for rollout "checkout"');
  });

  it.each([
    ['an unknown revision', { toRevision: 7 }, 'unable to find specified revision 7 in history'],
    ['a negative revision', { toRevision: -1 }, 'invalid revision -1'],
  ])('refuses %s', async (_what, options, message) => {
    const client = world(aRollout(V3, {}), [aReplicaSet(V2, 5), aReplicaSet(V3, 1)]);
    await expect(undo(client, REF, options, NOW)).rejects.toThrow(message);
    expect(client.writes()).toEqual([]);
  });

  it('reports a missing rollout by name and namespace', async () => {
    await expect(undo(recordingClient([]), REF, {}, NOW)).rejects.toThrow('rollouts.argoproj.io "checkout" not found');
  });
});

describe('selectorString', () => {
  it.each([
    [{ matchLabels: { app: 'a', tier: 'web' } }, 'app=a,tier=web'],
    [{ matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'dev'] }, { key: 'x', operator: 'NotIn', values: ['1'] }, { key: 'y', operator: 'Exists' }, { key: 'z', operator: 'DoesNotExist' }] }, 'env in (dev,prod),x notin (1),y,!z'],
    [undefined, ''],
  ])('%j → %s', (selector, text) => {
    expect(selectorString(selector)).toBe(text);
  });
});

describe('isDerivative (Kubernetes semantic DeepDerivative)', () => {
  it.each([
    [{ a: 1 }, { a: 1, b: 2 }, true],
    [{ a: 1 }, { a: 2 }, false],
    [{ a: '' }, { a: 'x' }, true],
    [{ a: [] }, { a: [1] }, true],
    [{ a: [1] }, { a: [1, 2] }, true],
    [{ a: [1, 2] }, { a: [1] }, false],
    [{ a: { b: 1 } }, {}, false],
    [{ a: null }, {}, true],
    [{}, { a: 1 }, true],
  ])('%j within %j → %s', (a, b, expected) => {
    expect(isDerivative(a, b)).toBe(expected);
  });
});
