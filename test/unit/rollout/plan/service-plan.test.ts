// The stable and canary services' selectors (Argo's reconcileStableAndCanaryService and
// ensureSVCTargets): a service is adopted only once its target is fully available, a managed one
// switches as soon as its target has an available pod, and the switch marks it managed-by.
import { describe, expect, it } from '@jest/globals';
import { computePodTemplateHash } from '../../../../src/api/hash.js';
import type { Service } from '../../../../src/api/kube-types.js';
import type { Rollout } from '../../../../src/api/types.js';
import { planRollout } from '../../../../src/rollout/plan/plan-rollout.js';
import type { RolloutAction } from '../../../../src/rollout/plan/plan-types.js';
import { aReplicaSet, aRollout } from '../../../fixtures/rollout-builder.js';
import { aService, aWorld, applyPlanTo, reconcileOnce, snapshotOf, T0, withStatus } from '../../../fixtures/rollout-world.js';

const ROLLOUT = aRollout().withReplicas(4).withSteps({ setWeight: 50 }, { pause: {} }).withCanary({ canaryService: 'canary', stableService: 'stable' }).build();
const HASH = computePodTemplateHash(ROLLOUT.spec.template);
const switches = (actions: RolloutAction[]): string[] => actions.flatMap((a) => (a.kind === 'setServiceSelector' ? [`${a.service}→${a.podTemplateHash}`] : []));

/** The rollout fully promoted on one ReplicaSet with `available` of its 4 pods available. */
function promoted(available: number, services: Service[]): ReturnType<typeof aWorld> {
  const rs = aReplicaSet(HASH).withName(`guestbook-${HASH}`).withPods(4).withAvailable(available).withRevision(1).build();
  return withStatus(aWorld(ROLLOUT, [rs], services), (s) => Object.assign(s, { stableRS: HASH, currentPodHash: HASH, currentStepIndex: 2, observedGeneration: '1' }));
}

describe('adopting a service not yet managed by the rollout', () => {
  it.each<[number, string[]]>([
    [0, []],
    [3, []],
    [4, [`stable→${HASH}`, `canary→${HASH}`]],
  ])('with %d of 4 pods available → %j', (available, expected) => {
    const plan = planRollout(snapshotOf(promoted(available, [aService('canary'), aService('stable')])), T0);
    expect(switches(plan.actions)).toEqual(expected);
    if (expected.length === 0) expect(plan.reasons).toContain(`service stable waits for ReplicaSet guestbook-${HASH} to be available before switching`);
  });

  it('the switch records SwitchService and the applied selector carries the managed-by annotation', () => {
    const world = promoted(4, [aService('canary'), aService('stable')]);
    const plan = planRollout(snapshotOf(world), T0);
    expect(plan.events).toContainEqual({ type: 'Normal', reason: 'SwitchService', message: `Switched selector for service 'stable' from '' to '${HASH}'` });
    const after = applyPlanTo(world, plan, T0);
    expect(after.services.get('stable')?.metadata.annotations).toEqual({ 'argo-rollouts.argoproj.io/managed-by-rollouts': 'guestbook' });
    expect(planRollout(snapshotOf(after), T0).actions).toEqual([]);
  });
});

describe('a service already managed by the rollout', () => {
  const managed = (name: string): Service => aService(name, { hash: 'previous', managedBy: 'guestbook' });

  it.each<[number, string[]]>([
    [0, []],
    [1, [`stable→${HASH}`, `canary→${HASH}`]],
  ])('switches once its target has any available pod: %d available → %j', (available, expected) => {
    expect(switches(planRollout(snapshotOf(promoted(available, [managed('canary'), managed('stable')])), T0).actions)).toEqual(expected);
  });

  it('a service whose selector is already right is left alone', () => {
    const svc = aService('stable', { hash: HASH, managedBy: 'guestbook' });
    expect(switches(planRollout(snapshotOf(promoted(4, [svc, aService('canary', { hash: HASH, managedBy: 'guestbook' })])), T0).actions)).toEqual([]);
  });
});

describe('during an update', () => {
  const green = (r: Rollout): Rollout => ({ ...r, spec: { ...r.spec, template: { ...r.spec.template, spec: { containers: [{ name: 'guestbook', image: 'green' }] } } } });
  const GREEN_HASH = computePodTemplateHash(green(ROLLOUT).spec.template);

  it('the canary service follows the canary ReplicaSet once it has an available pod; stable stays', () => {
    const canaryName = `guestbook-${GREEN_HASH}`;
    let world = promoted(4, [aService('canary', { hash: HASH, managedBy: 'guestbook' }), aService('stable', { hash: HASH, managedBy: 'guestbook' })]);
    world = { ...world, rollout: { ...green(world.rollout), metadata: { ...world.rollout.metadata, generation: 2 } } };
    // No canary pod becomes available while the canary ReplicaSet is created and scaled up.
    for (let i = 0; i < 4; i++) {
      const step = reconcileOnce(world, T0, { settle: false });
      expect(switches(step.plan.actions)).toEqual([]);
      world = step.world;
    }
    expect(world.replicaSets.find((rs) => rs.metadata.name === canaryName)?.spec.replicas).toBeGreaterThan(0);
    const available = { ...world, replicaSets: world.replicaSets.map((rs) => ({ ...rs, status: { ...rs.status, availableReplicas: rs.spec.replicas } })) };
    expect(switches(planRollout(snapshotOf(available), T0).actions)).toEqual([`canary→${GREEN_HASH}`]);
  });
});
