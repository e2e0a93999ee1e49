// canaryMetadata / stableMetadata follow the role of each ReplicaSet, on its pod template and on
// its running pods, and only keys the controller added are ever removed (Argo's
// reconcileEphemeralMetadata, SyncEphemeralPodMetadata).
import { describe, expect, it } from '@jest/globals';
import type { Pod } from '../../../../src/api/kube-types.js';
import type { Rollout } from '../../../../src/api/types.js';
import { ephemeralRecord } from '../../../../src/rollout/plan/ephemeral-metadata.js';
import type { RolloutAction, RolloutPlan } from '../../../../src/rollout/plan/plan-types.js';
import { aRollout } from '../../../fixtures/rollout-builder.js';
import { aWorld, reconcileOnce, reconcileUntilQuiet, T0, withSpec, withStatus, type World } from '../../../fixtures/rollout-world.js';

const RECORD = 'rollout.argoproj.io/ephemeral-metadata';
const ROLLOUT = aRollout()
  .withReplicas(2)
  .withSteps({ setWeight: 50 }, { pause: {} })
  .withCanary({ canaryMetadata: { labels: { role: 'canary' } }, stableMetadata: { labels: { role: 'stable' }, annotations: { tier: 'prod' } } })
  .build();
const toGreen = (r: Rollout): void => {
  r.spec.template!.spec!.containers![0].image = 'green';
};

/** Pods for every ReplicaSet of the world, as the ReplicaSet controller would have made them from its template. */
function withPods(world: World, extraLabels: Record<string, string> = {}): World {
  const pods: Pod[] = world.replicaSets.flatMap((rs) =>
    Array.from({ length: rs.spec.replicas ?? 1 }, (_, i) => ({
      metadata: {
        name: `${rs.metadata.name ?? ''}-${i}`,
        labels: { ...rs.spec.template.metadata?.labels, ...extraLabels },
        annotations: { ...rs.spec.template.metadata?.annotations },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name ?? '', uid: rs.metadata.uid ?? '', controller: true }],
      },
    })),
  );
  return { ...world, pods };
}
const patches = (plan: RolloutPlan, kind: 'patchReplicaSet' | 'patchPodMetadata'): RolloutAction[] => plan.actions.filter((a) => a.kind === kind);

describe('a brand-new rollout', () => {
  it('creates its ReplicaSet with the stable metadata and the record of it', () => {
    const { plan } = reconcileOnce(aWorld(ROLLOUT), T0);
    const create = plan.actions[0];
    expect(create.kind === 'createReplicaSet' && create.replicaSet.spec.template.metadata).toMatchObject({ labels: { role: 'stable' }, annotations: { tier: 'prod' } });
    expect(create.kind === 'createReplicaSet' && create.replicaSet.metadata.annotations?.[RECORD]).toBe('{"labels":{"role":"stable"},"annotations":{"tier":"prod"}}');
  });

  it('needs no further metadata write once created', () => {
    const { plans } = reconcileUntilQuiet(aWorld(ROLLOUT), T0);
    expect(plans.flatMap((p) => p.actions).filter((a) => a.kind === 'patchReplicaSet' || a.kind === 'patchPodMetadata')).toEqual([]);
  });
});

describe('during an update', () => {
  const updating = (): World => reconcileUntilQuiet(withSpec(reconcileUntilQuiet(aWorld(ROLLOUT), T0).world, toGreen), T0).world;
  const canaryRS = (w: World): string => w.replicaSets.find((rs) => rs.metadata.name !== w.replicaSets[0].metadata.name)?.metadata.name ?? '';

  it('the canary ReplicaSet is created with the canary metadata only', () => {
    const world = updating();
    const canary = world.replicaSets.find((rs) => rs.metadata.name === canaryRS(world));
    expect(canary?.spec.template.metadata?.labels?.role).toBe('canary');
    expect(canary?.spec.template.metadata?.annotations?.tier).toBeUndefined();
    expect(canary?.metadata.annotations?.[RECORD]).toBe('{"labels":{"role":"canary"}}');
  });

  it('pods missing the metadata are patched; pods that have it are not', () => {
    const world = withPods(updating());
    const drifted = { ...world, pods: world.pods.map((p, i) => (i === 0 ? { ...p, metadata: { ...p.metadata, labels: { app: 'guestbook' }, annotations: {} } } : p)) };
    const plan = reconcileOnce(drifted, T0).plan;
    expect(patches(plan, 'patchPodMetadata')).toEqual([{ kind: 'patchPodMetadata', name: drifted.pods[0].metadata.name, metadata: { labels: { role: 'stable' }, annotations: { tier: 'prod' } } }]);
  });

  it('on promotion the canary takes the stable metadata and the old stable loses it; labels others set are kept', () => {
    const promoted = reconcileUntilQuiet(withPods(withStatus(updating(), (s) => delete s.pauseConditions), { injected: 'sidecar' }), T0);
    const canary = canaryRS(promoted.world);
    const stable = promoted.world.replicaSets[0].metadata.name ?? '';
    const actions = promoted.plans.flatMap((p) => p.actions);
    expect(actions).toContainEqual({ kind: 'patchReplicaSet', name: canary, templateMetadata: { labels: { role: 'stable' }, annotations: { tier: 'prod' } }, metadata: { annotations: { [RECORD]: '{"labels":{"role":"stable"},"annotations":{"tier":"prod"}}' } } });
    expect(actions).toContainEqual({ kind: 'patchPodMetadata', name: `${canary}-0`, metadata: { labels: { role: 'stable' }, annotations: { tier: 'prod' } } });
    expect(actions).toContainEqual({ kind: 'patchReplicaSet', name: stable, templateMetadata: { labels: { role: null }, annotations: { tier: null } }, metadata: { annotations: { [RECORD]: null } } });
    const oldTemplate = promoted.world.replicaSets.find((rs) => rs.metadata.name === stable)?.spec.template.metadata;
    expect(oldTemplate?.labels).toEqual({ app: 'guestbook', 'rollouts-pod-template-hash': stable.replace('guestbook-', '') });
    expect(promoted.world.pods.find((p) => p.metadata.name === `${canary}-0`)?.metadata.labels).toMatchObject({ role: 'stable', injected: 'sidecar' });
  });
});

describe('ephemeralRecord (the annotation as Argo json.Marshal writes it)', () => {
  it.each<[Parameters<typeof ephemeralRecord>[0], string | null]>([
    [undefined, null],
    [{}, null],
    [{ labels: {} }, null],
    [{ annotations: { b: '2', a: '1' }, labels: { z: 'z' } }, '{"labels":{"z":"z"},"annotations":{"a":"1","b":"2"}}'],
  ])('%j → %s', (metadata, record) => {
    expect(ephemeralRecord(metadata)).toBe(record);
  });
});
