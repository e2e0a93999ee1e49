// planRollout end to end on one snapshot at a time: a brand-new rollout, changes in the middle of
// an update (a second template, new steps, a manual pause, an undo), revision history, and the
// cases it leaves alone.
import { describe, expect, it } from '@jest/globals';
import { computePodTemplateHash } from '../../../../src/api/hash.js';
import type { ReplicaSet } from '../../../../src/api/kube-types.js';
import type { Rollout } from '../../../../src/api/types.js';
import { planRollout } from '../../../../src/rollout/plan/plan-rollout.js';
import type { RolloutAction, RolloutPlan } from '../../../../src/rollout/plan/plan-types.js';
import { aReplicaSet, aRollout } from '../../../fixtures/rollout-builder.js';
import { aService, aWorld, reconcileOnce, reconcileUntilQuiet, replicaCounts, snapshotOf, T0, withSpec, withStatus, type World } from '../../../fixtures/rollout-world.js';

const STEPS = [{ setWeight: 10 }, { pause: {} }, { setWeight: 50 }, { pause: {} }, { setWeight: 100 }];
const BLUE = aRollout().withReplicas(6).withSteps(...STEPS).build();
const withImage = (image: string) => (r: Rollout): void => {
  r.spec.template!.spec!.containers![0].image = image;
};
const hashAfter = (change: (r: Rollout) => void): string => computePodTemplateHash(withSpec(aWorld(BLUE), change).rollout.spec.template);
const BLUE_HASH = computePodTemplateHash(BLUE.spec.template);
const GREEN_HASH = hashAfter(withImage('argoproj/rollouts-demo:green'));
const YELLOW_HASH = hashAfter(withImage('argoproj/rollouts-demo:yellow'));
const rsName = (hash: string): string => `guestbook-${hash}`;
const creates = (plan: RolloutPlan): ReplicaSet[] => plan.actions.flatMap((a) => (a.kind === 'createReplicaSet' ? [a.replicaSet] : []));
const kinds = (plan: RolloutPlan): RolloutAction['kind'][] => plan.actions.map((a) => a.kind);
const events = (plans: RolloutPlan[], reason: string): string[] => plans.flatMap((p) => p.events.filter((e) => e.reason === reason).map((e) => e.message));

const healthyBlue = (): World => reconcileUntilQuiet(aWorld(BLUE), T0).world;
const pausedGreen = (): World => reconcileUntilQuiet(withSpec(healthyBlue(), withImage('argoproj/rollouts-demo:green')), T0).world;

describe('a brand-new rollout', () => {
  it('creates <name>-<hash> at revision 1 with every replica in one create action and makes it stable at once', () => {
    const plan = planRollout(snapshotOf(aWorld(BLUE)), T0);
    expect(kinds(plan)).toEqual(['createReplicaSet', 'patchRolloutMetadata']);
    const [rs] = creates(plan);
    expect(rs.metadata).toMatchObject({
      name: rsName(BLUE_HASH),
      namespace: 'default',
      labels: { app: 'guestbook', 'rollouts-pod-template-hash': BLUE_HASH },
      annotations: { 'rollout.argoproj.io/revision': '1', 'rollout.argoproj.io/desired-replicas': '6' },
      ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'guestbook', uid: 'guestbook-uid', controller: true, blockOwnerDeletion: true }],
    });
    expect(rs.spec).toMatchObject({ replicas: 6, minReadySeconds: 0, selector: { matchLabels: { app: 'guestbook', 'rollouts-pod-template-hash': BLUE_HASH } } });
    expect(rs.spec.template.metadata?.labels).toEqual({ app: 'guestbook', 'rollouts-pod-template-hash': BLUE_HASH });
    expect(plan.actions[1]).toEqual({ kind: 'patchRolloutMetadata', metadata: { annotations: { 'rollout.argoproj.io/revision': '1' } } });
    expect(plan.status).toMatchObject({ stableRS: BLUE_HASH, currentPodHash: BLUE_HASH, currentStepIndex: 5, observedGeneration: '1', phase: 'Progressing' });
    expect(plan.events).toContainEqual({ type: 'Normal', reason: 'RolloutCompleted', message: `Rollout completed update to revision 1 (${BLUE_HASH}): Initial deploy` });
    expect(plan.events).toContainEqual({ type: 'Normal', reason: 'NewReplicaSetCreated', message: `Created ReplicaSet ${rsName(BLUE_HASH)} (revision 1)` });
  });

  it('is Healthy once its pods are available, with nothing more to do', () => {
    const { world, plans } = reconcileUntilQuiet(aWorld(BLUE), T0);
    expect(plans).toHaveLength(3);
    expect(world.rollout.status).toMatchObject({ phase: 'Healthy', replicas: 6, updatedReplicas: 6, availableReplicas: 6, readyReplicas: 6, HPAReplicas: 6, selector: 'app=guestbook' });
    expect(world.rollout.status?.message).toBeUndefined();
    expect(world.rollout.status?.conditions?.map((c) => `${c.type}=${c.status}`).sort()).toEqual(['Available=True', 'Completed=True', 'Healthy=True', 'Progressing=True']);
    expect(plans.at(-1)?.requeueAfterMs).toBeUndefined();
  });

  it("carries the rollout's own annotations, but not kubectl's or the revision bookkeeping (Argo's annotationsToSkip)", () => {
    const rollout = aRollout().build();
    rollout.metadata = { ...rollout.metadata, annotations: { team: 'web', 'kubectl.kubernetes.io/last-applied-configuration': '{}', 'rollout.argoproj.io/revision': '7' } };
    const [rs] = creates(planRollout(snapshotOf(aWorld(rollout)), T0));
    expect(rs.metadata.annotations).toEqual({ team: 'web', 'rollout.argoproj.io/revision': '1', 'rollout.argoproj.io/desired-replicas': '1' });
  });

  it('without steps has no currentStepIndex; without spec.replicas gets 1 replica', () => {
    const plan = planRollout(snapshotOf(aWorld(aRollout().withReplicas(undefined).build())), T0);
    expect(creates(plan)[0].spec.replicas).toBe(1);
    expect(plan.status?.currentStepIndex).toBeUndefined();
    expect(plan.status?.stableRS).toBe(plan.status?.currentPodHash);
  });
});

describe('what planRollout leaves alone', () => {
  it('a rollout being deleted: no action, no status', () => {
    const rollout = aRollout().build();
    rollout.metadata = { ...rollout.metadata, deletionTimestamp: '2024-05-01T11:00:00Z' };
    expect(planRollout(snapshotOf(aWorld(rollout)), T0)).toEqual({ actions: [], events: [], reasons: ['rollout is being deleted'] });
  });

  it('a blue-green rollout is planned by the blue-green stages: its first ReplicaSet becomes stable at once', () => {
    const plan = planRollout(snapshotOf(aWorld(aRollout().withBlueGreen({ activeService: 'active' }).build(), [], [aService('active')])), T0);
    expect(plan.actions.map((a) => a.kind)).toContain('createReplicaSet');
    expect(plan.status?.stableRS).toBe(plan.status?.currentPodHash);
  });

  it('a healthy rollout: no action, an unchanged status, no event', () => {
    const world = healthyBlue();
    const plan = planRollout(snapshotOf(world), T0.plus({ hours: 1 }));
    expect(plan.actions).toEqual([]);
    expect(plan.events).toEqual([]);
    expect(plan.status).toEqual(world.rollout.status);
  });
});

describe('changes in the middle of an update', () => {
  it('a second template mid-canary: revision 3, steps from 0, the intermediate ReplicaSet scaled down', () => {
    const first = reconcileOnce(withSpec(pausedGreen(), withImage('argoproj/rollouts-demo:yellow')), T0);
    expect(creates(first.plan).map((rs) => [rs.metadata.name, rs.metadata.annotations?.['rollout.argoproj.io/revision']])).toEqual([[rsName(YELLOW_HASH), '3']]);
    expect(first.plan.status).toMatchObject({ currentStepIndex: 0, stableRS: BLUE_HASH, currentPodHash: YELLOW_HASH });
    expect(first.plan.status?.pauseConditions).toBeUndefined();
    const { world, plans } = reconcileUntilQuiet(first.world, T0);
    expect(events(plans, 'ScalingReplicaSet')).toContain(`Scaled down ReplicaSet ${rsName(GREEN_HASH)} (revision 2) from 1 to 0`);
    expect(replicaCounts(world)).toEqual({ [rsName(BLUE_HASH)]: 6, [rsName(GREEN_HASH)]: 0, [rsName(YELLOW_HASH)]: 1 });
    expect(world.rollout.status).toMatchObject({ currentStepIndex: 1, phase: 'Paused' });
  });

  it('a steps-only change restarts the steps from 0 with the same canary ReplicaSet', () => {
    const changed = withSpec(pausedGreen(), (r) => (r.spec.strategy!.canary!.steps = [{ setWeight: 20 }, { pause: {} }]));
    const first = reconcileOnce(changed, T0);
    expect(first.plan.actions).toEqual([]);
    expect(first.plan.status?.currentStepIndex).toBe(0);
    expect(first.plan.status?.currentStepHash).not.toBe(pausedGreen().rollout.status?.currentStepHash);
    expect(first.plan.status?.pauseConditions).toBeUndefined();
    const { world, plans } = reconcileUntilQuiet(first.world, T0);
    expect(events(plans, 'RolloutStepCompleted')).toEqual(['Rollout step 1/2 completed (setWeight: 20)']);
    // 6 replicas at 20%: 1 canary and 5 stable is the closest split.
    expect(replicaCounts(world)).toEqual({ [rsName(BLUE_HASH)]: 5, [rsName(GREEN_HASH)]: 1 });
  });

  it('spec.paused: no ReplicaSet is scaled and the phase is Paused, "manually paused"', () => {
    // The update starts but its first canary pod is not available yet.
    const started = reconcileOnce(reconcileOnce(withSpec(healthyBlue(), withImage('argoproj/rollouts-demo:green')), T0).world, T0, { settle: false }).world;
    const paused = withSpec(started, (r) => (r.spec.paused = true));
    const resumedLater = reconcileUntilQuiet(paused, T0.plus({ minutes: 1 }));
    expect(resumedLater.plans.flatMap((p) => p.actions)).toEqual([]);
    expect(resumedLater.world.rollout.status).toMatchObject({ phase: 'Paused', message: 'manually paused', currentStepIndex: 0 });
    expect(resumedLater.plans[0].reasons).toContain('replica sets left as they are: user paused');
  });

  it('undo to the stable template: steps skipped, the stable ReplicaSet takes revision 3, the canary scaled away', () => {
    const undone = withSpec(pausedGreen(), withImage('argoproj/rollouts-demo:blue'));
    const first = reconcileOnce(undone, T0);
    expect(first.plan.actions).toEqual([
      { kind: 'patchReplicaSet', name: rsName(BLUE_HASH), metadata: { annotations: { 'rollout.argoproj.io/revision': '3', 'rollout.argoproj.io/revision-history': '1' } } },
      { kind: 'patchRolloutMetadata', metadata: { annotations: { 'rollout.argoproj.io/revision': '3' } } },
    ]);
    expect(first.plan.events).toContainEqual({ type: 'Normal', reason: 'SkipSteps', message: 'Rollback to stable ReplicaSets' });
    expect(first.plan.status).toMatchObject({ currentStepIndex: 5, stableRS: BLUE_HASH, currentPodHash: BLUE_HASH });
    const { world } = reconcileUntilQuiet(first.world, T0);
    expect(replicaCounts(world)).toEqual({ [rsName(BLUE_HASH)]: 6, [rsName(GREEN_HASH)]: 0 });
    expect(world.rollout.status).toMatchObject({ phase: 'Healthy', stableRS: BLUE_HASH });
  });
});

describe('old ReplicaSets', () => {
  // Revision 1 is oldest; each is idle (no pods, generation observed).
  const idle = (revision: number): ReplicaSet =>
    aReplicaSet(`old${revision}`)
      .withRevision(revision)
      .withMetadata({ uid: `uid-${revision}`, creationTimestamp: `2024-04-${String(revision).padStart(2, '0')}T00:00:00Z`, generation: 1 })
      .withStatus({ observedGeneration: 1 })
      .build();
  const worldWith = (limit: number | undefined, olds: ReplicaSet[]): World => {
    const rollout = aRollout().withReplicas(1).build();
    if (limit !== undefined) rollout.spec.revisionHistoryLimit = limit;
    const hash = computePodTemplateHash(rollout.spec.template);
    const current = aReplicaSet(hash).withName(`guestbook-${hash}`).withPods(1).withRevision(20).withMetadata({ creationTimestamp: '2024-04-30T00:00:00Z' }).build();
    return withStatus(aWorld(rollout, [...olds, current]), (s) => Object.assign(s, { stableRS: hash, currentPodHash: hash, observedGeneration: '1' }));
  };
  const deleted = (plan: RolloutPlan): string[] => plan.actions.flatMap((a) => (a.kind === 'deleteReplicaSet' ? [`${a.name}/${a.uid}`] : []));

  it.each<[string, number | undefined, number, string[]]>([
    ['12 idle beyond the default limit of 10: the 2 oldest go', undefined, 12, ['old1/uid-1', 'old2/uid-2']],
    ['10 idle within the default limit: none go', undefined, 10, []],
    ['limit 2 of 4: the 2 oldest go', 2, 4, ['old1/uid-1', 'old2/uid-2']],
    ['limit 0: all go', 0, 3, ['old1/uid-1', 'old2/uid-2', 'old3/uid-3']],
  ])('%s', (_name, limit, count, expected) => {
    const olds = Array.from({ length: count }, (_, i) => idle(i + 1));
    expect(deleted(planRollout(snapshotOf(worldWith(limit, olds)), T0))).toEqual(expected);
  });

  it.each<[string, (rs: ReplicaSet) => void]>([
    ['still asked for pods', (rs) => (rs.spec.replicas = 1)],
    ['still has pods', (rs) => (rs.status = { ...rs.status, replicas: 1 })],
    ['a generation its controller has not observed', (rs) => (rs.metadata.generation = 2)],
  ])('an oldest ReplicaSet that has %s is kept, and not replaced by a younger one', (_name, change) => {
    const olds = [idle(1), idle(2), idle(3)];
    change(olds[0]);
    expect(deleted(planRollout(snapshotOf(worldWith(1, olds)), T0))).toEqual(['old2/uid-2']);
  });

  it('an unhealthy old ReplicaSet is scaled to its available pods without ending the pass (Argo returns 0 scaled when nothing else may go)', () => {
    const rollout = aRollout().withReplicas(6).withSteps({ setWeight: 10 }, { pause: {} }).build();
    const canaryHash = computePodTemplateHash(rollout.spec.template);
    const stable = aReplicaSet('stable').withName('guestbook-stable').withPods(6).withStatus({ availableReplicas: 4 }).withRevision(1).build();
    const broken = aReplicaSet('broken').withName('guestbook-broken').withReplicas(2).withStatus({ replicas: 2, availableReplicas: 0 }).withRevision(2).build();
    const canary = aReplicaSet(canaryHash).withName(`guestbook-${canaryHash}`).withPods(1).withRevision(3).build();
    const world = withStatus(aWorld(rollout, [stable, broken, canary]), (s) =>
      Object.assign(s, { stableRS: 'stable', currentPodHash: canaryHash, currentStepIndex: 1, currentStepHash: planRollout(snapshotOf(aWorld(rollout)), T0).status?.currentStepHash, observedGeneration: '1' }),
    );
    const plan = planRollout(snapshotOf(world), T0);
    expect(plan.actions).toContainEqual({ kind: 'scaleReplicaSet', name: 'guestbook-broken', replicas: 0, annotations: { 'rollout.argoproj.io/desired-replicas': '6' } });
    // The pass went on to the pause step.
    expect(plan.status?.pauseConditions).toEqual([{ reason: 'CanaryPauseStep', startTime: '2024-05-01T12:00:00Z' }]);
  });
});
