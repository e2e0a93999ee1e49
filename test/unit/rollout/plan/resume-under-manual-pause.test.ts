// Argo CD's resume and the plugin's promote each send two patches to a rollout that is both at a
// pause step and paused by hand: status {pauseConditions: null}, then spec {paused: false}. A
// reconcile may fall between them; the promote must survive it, so that the step completes once
// spec.paused goes, whatever the timing (as when no reconcile falls between, Argo's only outcome).
import { describe, expect, it } from '@jest/globals';
import type { CanaryStep } from '../../../../src/api/types.js';
import { aRollout } from '../../../fixtures/rollout-builder.js';
import { aWorld, reconcileUntilQuiet, T0, withSpec, withStatus, type World } from '../../../fixtures/rollout-world.js';

const STEPS: CanaryStep[] = [{ setWeight: 20 }, { pause: {} }, { setWeight: 50 }, { pause: {} }];
const BLUE = aRollout().withReplicas(6).withSteps(...STEPS).build();

/** Green paused at step 1 (the indefinite pause), and also paused by hand (spec.paused). */
function pausedTwice(): World {
  const healthy = reconcileUntilQuiet(aWorld(BLUE), T0).world;
  const green = withSpec(healthy, (r) => (r.spec.template!.spec!.containers![0].image = 'argoproj/rollouts-demo:green'));
  const atPause = reconcileUntilQuiet(green, T0).world;
  expect(atPause.rollout.status).toMatchObject({ currentStepIndex: 1, controllerPause: true, pauseConditions: [{ reason: 'CanaryPauseStep' }] });
  return reconcileUntilQuiet(withSpec(atPause, (r) => (r.spec.paused = true)), T0).world;
}

describe('a promote of a rollout paused at a step and by hand', () => {
  it('keeps controllerPause while spec.paused holds, with no pause condition', () => {
    const cleared = reconcileUntilQuiet(withStatus(pausedTwice(), (s) => delete s.pauseConditions), T0).world;
    expect(cleared.rollout.status?.pauseConditions).toBeUndefined();
    expect(cleared.rollout.status).toMatchObject({ controllerPause: true, currentStepIndex: 1, phase: 'Paused' });
  });

  it.each([
    ['with a reconcile between the two patches', true],
    ['with both patches seen at once', false],
  ])('completes the pause step once unpaused, %s', (_what, between) => {
    let world = withStatus(pausedTwice(), (s) => delete s.pauseConditions);
    if (between) world = reconcileUntilQuiet(world, T0).world;
    const resumed = reconcileUntilQuiet(withSpec(world, (r) => (r.spec.paused = false)), T0.plus({ seconds: 1 })).world;
    expect(resumed.rollout.status).toMatchObject({ currentStepIndex: 3, pauseConditions: [{ reason: 'CanaryPauseStep' }], phase: 'Paused' });
  });

  it('pauses the step again when spec.paused alone is lifted (no promote)', () => {
    const unpaused = reconcileUntilQuiet(withSpec(pausedTwice(), (r) => (r.spec.paused = false)), T0).world;
    expect(unpaused.rollout.status).toMatchObject({ currentStepIndex: 1, pauseConditions: [{ reason: 'CanaryPauseStep' }] });
  });
});
