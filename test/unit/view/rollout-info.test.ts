import { describe, expect, it } from '@jest/globals';
import { rolloutInfo } from '../../../src/view/rollout-info.js';
import { NOW, scenario, V2, V3 } from './canary-fixtures.js';

describe('rolloutInfo', () => {
  it.each([
    ['healthy', { status: 'Healthy', icon: '✔', message: '', step: '5/5', setWeight: '100', actualWeight: '100' }],
    ['progressing', { status: 'Progressing', icon: '◌', message: 'more replicas need to be updated', step: '1/5', setWeight: '20', actualWeight: '20' }],
    ['paused', { status: 'Paused', icon: '॥', message: 'CanaryPauseStep', step: '2/5', setWeight: '20', actualWeight: '20' }],
    ['aborted', { status: 'Degraded', icon: '✖', step: '0/5', setWeight: '0', actualWeight: '0' }],
    ['invalid', { status: 'Degraded', icon: '✖', step: '', setWeight: '20', actualWeight: '0' }],
  ] as const)('summarises a %s canary: phase, icon, step and weights', (state, expected) => {
    expect(rolloutInfo(scenario(state), NOW)).toMatchObject({ name: 'checkout', namespace: 'shop', strategy: 'Canary', ...expected });
  });

  it('says why an invalid spec is Degraded when the controller wrote no phase', () => {
    expect(rolloutInfo(scenario('invalid'), NOW).message).toMatch(/^InvalidSpec: The Rollout "checkout" is invalid: /);
  });

  it('lists the steps as Argo names them', () => {
    expect(rolloutInfo(scenario('progressing'), NOW).steps).toEqual(['setWeight: 20', 'analysis', 'pause', 'setWeight: 60', 'pause: 30s']);
  });

  it('counts replicas from status, desired from spec', () => {
    expect(rolloutInfo(scenario('progressing'), NOW).replicas).toEqual({ desired: 5, current: 5, updated: 1, ready: 5, available: 5 });
  });

  it('tags running images with their stacks, sorted by image', () => {
    expect(rolloutInfo(scenario('progressing'), NOW).images).toEqual([
      { image: V2.image, tags: ['stable'] },
      { image: V3.image, tags: ['canary'] },
    ]);
  });

  it('groups the tree by revision, newest first: ReplicaSets with their pods, then analysis runs', () => {
    const info = rolloutInfo(scenario('progressing'), NOW);
    expect(info.revisions.map((r) => r.revision)).toEqual([3, 2, 1]);
    const [rev3, rev2, rev1] = info.revisions;
    expect(rev3?.replicaSets.map((rs) => ({ name: rs.name, status: rs.status, tags: rs.tags, pods: rs.pods.length }))).toEqual([
      { name: `checkout-${V3.hash}`, status: 'Healthy', tags: ['canary'], pods: 1 },
    ]);
    expect(rev3?.analysisRuns).toMatchObject([{ status: 'Running', icon: '◌', successful: 2, failed: 0, age: '4m' }]);
    expect(rev2?.replicaSets[0]).toMatchObject({ tags: ['stable'], replicas: 4, age: '2d' });
    expect(rev2?.replicaSets[0]?.pods[0]).toMatchObject({ status: 'Running', icon: '✔', ready: '1/1', restarts: 0, age: '2d' });
    expect(rev1?.replicaSets[0]).toMatchObject({ status: 'ScaledDown', icon: '•', tags: [] });
  });

  it('counts failed measurements of an aborted analysis', () => {
    const [rev3] = rolloutInfo(scenario('aborted'), NOW).revisions;
    expect(rev3?.analysisRuns[0]).toMatchObject({ status: 'Failed', icon: '✖', successful: 1, failed: 2 });
  });

  it('ignores objects the rollout does not own', () => {
    const tree = scenario('healthy');
    const foreign = { ...tree.replicaSets[0], metadata: { ...tree.replicaSets[0].metadata, uid: 'other', ownerReferences: [] } };
    expect(rolloutInfo({ ...tree, replicaSets: [...tree.replicaSets, foreign] }, NOW).revisions.flatMap((r) => r.replicaSets)).toHaveLength(2);
  });

  it('shows a blue-green rollout without canary fields, tagging active and preview', () => {
    const tree = scenario('progressing');
    const rollout = {
      ...tree.rollout,
      spec: { ...tree.rollout.spec, strategy: { blueGreen: { activeService: 'a', previewService: 'p' } } },
      status: { ...tree.rollout.status, blueGreen: { activeSelector: V2.hash, previewSelector: V3.hash } },
    };
    const info = rolloutInfo({ ...tree, rollout }, NOW);
    expect(info).toMatchObject({ strategy: 'BlueGreen', step: '', setWeight: '' });
    expect(info.revisions.map((r) => r.replicaSets[0]?.tags)).toEqual([['preview'], ['stable', 'active'], []]);
  });

  it('reads containers from a workloadRef Deployment when there is one', () => {
    const tree = scenario('healthy');
    const workload = { metadata: { name: 'checkout' }, spec: { selector: {}, template: { spec: { containers: [{ name: 'web', image: 'nginx:1' }] } } } };
    expect(rolloutInfo({ ...tree, workload }, NOW).containers).toEqual([{ name: 'web', image: 'nginx:1' }]);
  });
});
