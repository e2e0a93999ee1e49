// A canary update walked step by step, each plan's result fed back as the next snapshot, with
// ReplicaSets reaching their spec.replicas at once: the counts, pauses, events and promotion Argo
// produces for steps [setWeight 10, pause 5s, setWeight 50, pause {}, setWeight 100] on 6 replicas
// (maxSurge and maxUnavailable at their 25% defaults: surge 2, unavailable 1).
import { describe, expect, it } from '@jest/globals';
import { computePodTemplateHash } from '../../../../src/api/hash.js';
import type { CanaryStep, Rollout } from '../../../../src/api/types.js';
import type { PlannedEvent, RolloutPlan } from '../../../../src/rollout/plan/plan-types.js';
import { describeStep } from '../../../../src/rollout/plan/step-description.js';
import { aRollout } from '../../../fixtures/rollout-builder.js';
import { aWorld, reconcileOnce, reconcileUntilQuiet, replicaCounts, T0, withSpec, withStatus, type World } from '../../../fixtures/rollout-world.js';

const STEPS: CanaryStep[] = [{ setWeight: 10 }, { pause: { duration: '5s' } }, { setWeight: 50 }, { pause: {} }, { setWeight: 100 }];
const BLUE = aRollout().withReplicas(6).withSteps(...STEPS).build();
const toGreen = (r: Rollout): void => {
  r.spec.template!.spec!.containers![0].image = 'argoproj/rollouts-demo:green';
};
const hashOf = (r: Rollout): string => computePodTemplateHash(r.spec.template);
const STABLE = `guestbook-${hashOf(BLUE)}`;
const CANARY = `guestbook-${hashOf(withSpec(aWorld(BLUE), toGreen).rollout)}`;

const eventsOf = (plans: RolloutPlan[]): PlannedEvent[] => plans.flatMap((p) => p.events);
const messages = (plans: RolloutPlan[], reason: string): string[] => eventsOf(plans).filter((e) => e.reason === reason).map((e) => e.message);

/** Healthy at revision 1 (blue), then the template changed to green and reconciled until it waits. */
function greenUpdate(): { world: World; plans: RolloutPlan[] } {
  const healthy = reconcileUntilQuiet(aWorld(BLUE), T0).world;
  return reconcileUntilQuiet(withSpec(healthy, toGreen), T0);
}

describe('a template change on a healthy rollout, walked step by step', () => {
  it('the first pass creates the canary ReplicaSet at revision 2 with no pods and restarts the steps', () => {
    const healthy = reconcileUntilQuiet(aWorld(BLUE), T0).world;
    const { plan } = reconcileOnce(withSpec(healthy, toGreen), T0);
    const create = plan.actions.find((a) => a.kind === 'createReplicaSet');
    expect(create?.kind === 'createReplicaSet' && create.replicaSet.spec.replicas).toBe(0);
    expect(create?.kind === 'createReplicaSet' && create.replicaSet.metadata.annotations?.['rollout.argoproj.io/revision']).toBe('2');
    expect(plan.actions).toContainEqual({ kind: 'patchRolloutMetadata', metadata: { annotations: { 'rollout.argoproj.io/revision': '2' } } });
    expect(plan.status).toMatchObject({ currentStepIndex: 0, stableRS: hashOf(BLUE), phase: 'Progressing', message: 'more replicas need to be updated' });
    // Argo reads the revision after it has moved the rollout to 2 (utils/conditions RolloutNotCompletedMessage).
    expect(plan.events).toContainEqual({ type: 'Normal', reason: 'RolloutNotCompleted', message: `Rollout not completed, started update to revision 2 (${hashOf(withSpec(healthy, toGreen).rollout)})` });
  });

  it('setWeight 10 gives 1 canary beside 6 stable (one surge pod), then the 5 s pause starts', () => {
    const { world, plans } = greenUpdate();
    expect(replicaCounts(world)).toEqual({ [STABLE]: 6, [CANARY]: 1 });
    expect(messages(plans, 'RolloutStepCompleted')).toEqual(['Rollout step 1/5 completed (setWeight: 10)']);
    expect(world.rollout.status).toMatchObject({
      currentStepIndex: 1,
      controllerPause: true,
      pauseConditions: [{ reason: 'CanaryPauseStep', startTime: '2024-05-01T12:00:00Z' }],
      phase: 'Paused',
      message: 'CanaryPauseStep',
    });
    expect(messages(plans, 'RolloutPaused')).toEqual(['Rollout is paused (CanaryPauseStep)']);
    // The last (quiet) pass asks to be woken when the pause ends, 1 ms after the 5 s.
    expect(plans.at(-1)?.requeueAfterMs).toBe(5001);
  });

  it('before the 5 s are up nothing moves; after them the pause step completes and 50% is reached as 3/3', () => {
    const paused = greenUpdate().world;
    const early = reconcileOnce(paused, T0.plus({ seconds: 3 }));
    expect(early.plan.actions).toEqual([]);
    expect(early.plan.requeueAfterMs).toBe(2001);
    // The pass that ends the pause asks for no immediate requeue (Argo enqueues only before expiry).
    expect(reconcileOnce(paused, T0.plus({ seconds: 5, milliseconds: 1 })).plan.requeueAfterMs).toBeUndefined();
    const { world, plans } = reconcileUntilQuiet(paused, T0.plus({ seconds: 5, milliseconds: 1 }));
    expect(messages(plans, 'RolloutStepCompleted')).toEqual(['Rollout step 2/5 completed (pause: 5s)', 'Rollout step 3/5 completed (setWeight: 50)']);
    expect(messages(plans, 'RolloutResumed')).toEqual(['Rollout is resumed']);
    // Stable shrinks first (6 → 4 within maxUnavailable 1 of the 7 available), the canary grows
    // within maxSurge (1 → 3), then stable settles at its share (4 → 3).
    expect(messages(plans, 'ScalingReplicaSet')).toEqual([
      `Scaled down ReplicaSet ${STABLE} (revision 1) from 6 to 4`,
      `Scaled up ReplicaSet ${CANARY} (revision 2) from 1 to 3`,
      `Scaled down ReplicaSet ${STABLE} (revision 1) from 4 to 3`,
    ]);
    expect(replicaCounts(world)).toEqual({ [STABLE]: 3, [CANARY]: 3 });
    expect(world.rollout.status).toMatchObject({ currentStepIndex: 3, pauseConditions: [{ reason: 'CanaryPauseStep', startTime: '2024-05-01T12:00:05Z' }], phase: 'Paused' });
  });

  it('the indefinite pause waits, with no requeue, until a promote clears pauseConditions', () => {
    const atFifty = reconcileUntilQuiet(greenUpdate().world, T0.plus({ seconds: 6 })).world;
    const later = reconcileUntilQuiet(atFifty, T0.plus({ hours: 5 }));
    expect(later.plans.flatMap((p) => p.actions)).toEqual([]);
    expect(later.plans.at(-1)?.requeueAfterMs).toBeUndefined();
    expect(later.world.rollout.status?.currentStepIndex).toBe(3);

    const promoted = withStatus(later.world, (s) => delete s.pauseConditions);
    const { world, plans } = reconcileUntilQuiet(promoted, T0.plus({ hours: 5 }));
    expect(messages(plans, 'RolloutStepCompleted')).toEqual(['Rollout step 4/5 completed (pause)', 'Rollout step 5/5 completed (setWeight: 100)']);
    expect(messages(plans, 'RolloutCompleted')).toEqual([`Rollout completed update to revision 2 (${CANARY.slice('guestbook-'.length)}): Completed all 5 canary steps`]);
    expect(replicaCounts(world)).toEqual({ [STABLE]: 0, [CANARY]: 6 });
    expect(world.rollout.status).toMatchObject({ stableRS: CANARY.slice('guestbook-'.length), currentStepIndex: 5, phase: 'Healthy' });
    expect(world.rollout.status?.pauseConditions).toBeUndefined();
    expect(world.rollout.status?.controllerPause).toBeUndefined();
  });

  it('status.promoteFull skips the remaining steps and promotes once the canary is fully available', () => {
    const paused = greenUpdate().world;
    const first = reconcileOnce(withStatus(paused, (s) => (s.promoteFull = true)), T0);
    expect(first.plan.status).toMatchObject({ currentStepIndex: 5, promoteFull: true });
    expect(first.plan.status?.pauseConditions).toBeUndefined();
    const { world, plans } = reconcileUntilQuiet(first.world, T0);
    expect(messages(plans, 'RolloutStepCompleted')).toEqual([]);
    expect(messages(plans, 'RolloutCompleted')).toEqual([`Rollout completed update to revision 2 (${CANARY.slice('guestbook-'.length)}): Full promotion requested`]);
    expect(replicaCounts(world)).toEqual({ [STABLE]: 0, [CANARY]: 6 });
    expect(world.rollout.status).toMatchObject({ phase: 'Healthy', currentStepIndex: 5 });
    expect(world.rollout.status?.promoteFull).toBeUndefined();
  });

  it('promoteFull does not promote while the canary has fewer available pods than spec.replicas', () => {
    const paused = greenUpdate().world;
    const first = reconcileOnce(withStatus(paused, (s) => (s.promoteFull = true)), T0, { settle: false });
    const second = reconcileOnce(first.world, T0, { settle: false });
    expect(second.plan.status?.stableRS).toBe(hashOf(BLUE));
    expect(second.plan.events.map((e) => e.reason)).not.toContain('RolloutCompleted');
  });

  it('with replicaProgressThreshold, promoteFull promotes once the threshold of canary pods is available', () => {
    const paused = withSpec(greenUpdate().world, (r) => (r.spec.strategy!.canary!.replicaProgressThreshold = { type: 'Percent', value: 50 }));
    const canary = (available: number): World => ({
      ...paused,
      replicaSets: paused.replicaSets.map((rs) => (rs.metadata.name === CANARY ? { ...rs, spec: { ...rs.spec, replicas: 6 }, status: { replicas: 6, readyReplicas: available, availableReplicas: available } } : rs)),
    });
    const promote = (w: World): RolloutPlan => reconcileOnce(withStatus(w, (s) => (s.promoteFull = true)), T0).plan;
    expect(promote(canary(2)).status?.stableRS).toBe(hashOf(BLUE));
    expect(promote(canary(3)).status?.stableRS).toBe(CANARY.slice('guestbook-'.length));
  });
});

describe('describeStep (the step text of RolloutStepCompleted events), as Argo CanaryStepString', () => {
  it.each<[CanaryStep, string]>([
    [{ setWeight: 20 }, 'setWeight: 20'],
    [{ pause: {} }, 'pause'],
    [{ pause: { duration: '1m' } }, 'pause: 1m'],
    [{ pause: { duration: 30 } }, 'pause: 30'],
    [{ analysis: {} }, 'analysis'],
    [{ experiment: { templates: [] } }, 'experiment'],
    [{ setCanaryScale: { weight: 5 } }, 'setCanaryScale{weight: 5}'],
    [{ setCanaryScale: { matchTrafficWeight: true } }, 'setCanaryScale{matchTrafficWeight: true}'],
    [{ setCanaryScale: { replicas: 3 } }, 'setCanaryScale{replicas: 3}'],
    [{ setCanaryScale: {} }, 'invalid'],
    [{ plugin: { name: 'x' } }, 'plugin: x'],
    [{ setHeaderRoute: { name: 'h' } }, 'setHeaderRoute: h'],
    [{ setMirrorRoute: { name: 'm' } }, 'setMirrorRoute: m'],
    [{} as CanaryStep, 'invalid'],
  ])('%j → %s', (step, text) => {
    expect(describeStep(step)).toBe(text);
  });
});
