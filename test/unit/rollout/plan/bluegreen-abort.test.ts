// Abort, retry and undo of a blue-green update paused before the switch, and the scale-down of old
// ReplicaSets: deadlines read back from the annotation only, and scaleDownDelayRevisionLimit.
import { describe, expect, it } from '@jest/globals';
import { ANNOTATIONS } from '../../../../src/api/labels.js';
import type { Rollout } from '../../../../src/api/types.js';
import { BLUE, BLUE_HASH, deadlineOf, deployedBlueGreen, GREEN, GREEN_HASH, selectorOf, toGreen } from '../../../fixtures/bluegreen-world.js';
import { reconcileOnce, reconcileUntilQuiet, replicaCounts, T0, withSpec, withStatus, type World } from '../../../fixtures/rollout-world.js';

const paused = (fields = {}): World => reconcileUntilQuiet(withSpec(deployedBlueGreen({ autoPromotionEnabled: false, ...fields }), toGreen), T0).world;
const abort = (world: World): World => withStatus(world, (s) => (s.abort = true));

describe('abort', () => {
  it('keeps active on stable, degrades the rollout and keeps green up until the abort deadline', () => {
    const { world, plans } = reconcileUntilQuiet(abort(paused()), T0);
    expect(selectorOf(world, 'active')).toBe(BLUE_HASH);
    expect(world.rollout.status).toMatchObject({ abort: true, abortedAt: '2024-05-01T12:00:00Z', phase: 'Degraded', message: 'RolloutAborted: Rollout aborted update to revision 2', stableRS: BLUE_HASH });
    expect(world.rollout.status?.pauseConditions).toBeUndefined();
    expect(deadlineOf(world, GREEN)).toBe('2024-05-01T12:00:30Z');
    expect(replicaCounts(world)).toEqual({ [BLUE]: 3, [GREEN]: 3 });
    expect(plans.at(-1)?.requeueAfterMs).toBe(30_000);
  });

  it('scales green to 0 at the abort deadline and stays Degraded', () => {
    const aborted = reconcileUntilQuiet(abort(paused()), T0).world;
    const { world } = reconcileUntilQuiet(aborted, T0.plus({ seconds: 30 }));
    expect(replicaCounts(world)).toEqual({ [BLUE]: 3, [GREEN]: 0 });
    expect(world.rollout.status).toMatchObject({ phase: 'Degraded', stableRS: BLUE_HASH });
  });

  it('abortScaleDownDelaySeconds 0 leaves green up for good', () => {
    const { world } = reconcileUntilQuiet(abort(paused({ abortScaleDownDelaySeconds: 0 })), T0.plus({ hours: 1 }));
    expect(replicaCounts(world)).toEqual({ [BLUE]: 3, [GREEN]: 3 });
    expect(deadlineOf(world, GREEN)).toBeUndefined();
  });

  it('after a switch (promote), an abort sends active back to stable while green is still up', () => {
    const switched = reconcileOnce(withStatus(paused({ postPromotionAnalysis: undefined, scaleDownDelaySeconds: 60 }), (s) => delete s.pauseConditions), T0).world;
    // Switched and promoted in one pass: nothing is left to abort (Argo removes the abort).
    expect(switched.rollout.status?.stableRS).toBe(GREEN_HASH);
    const { world } = reconcileUntilQuiet(abort(switched), T0);
    expect(world.rollout.status?.abort).toBeUndefined();
    expect(selectorOf(world, 'active')).toBe(GREEN_HASH);
  });
});

describe('retry', () => {
  it('clearing status.abort scales green back up and pauses before the switch again', () => {
    const aborted = reconcileUntilQuiet(reconcileUntilQuiet(abort(paused()), T0).world, T0.plus({ seconds: 30 })).world;
    const { world } = reconcileUntilQuiet(withStatus(aborted, (s) => delete s.abort), T0.plus({ minutes: 1 }));
    expect(replicaCounts(world)).toEqual({ [BLUE]: 3, [GREEN]: 3 });
    expect(deadlineOf(world, GREEN)).toBeUndefined();
    expect(world.rollout.status).toMatchObject({ phase: 'Paused', pauseConditions: [{ reason: 'BlueGreenPause' }] });
    expect(world.rollout.status?.abort).toBeUndefined();
  });
});

describe('undo', () => {
  it('going back to the blue template while paused is a fast rollback: healthy on blue, green scaled down later', () => {
    const toBlue = (r: Rollout): void => {
      r.spec.template!.spec!.containers![0].image = 'argoproj/rollouts-demo:blue';
    };
    const { world } = reconcileUntilQuiet(withSpec(paused(), toBlue), T0);
    expect(world.rollout.status).toMatchObject({ stableRS: BLUE_HASH, currentPodHash: BLUE_HASH, phase: 'Healthy' });
    expect(selectorOf(world, 'preview')).toBe(BLUE_HASH);
    expect(world.rollout.status?.pauseConditions).toBeUndefined();
    expect(deadlineOf(world, GREEN)).toBe('2024-05-01T12:00:30Z');
    expect(replicaCounts(reconcileUntilQuiet(world, T0.plus({ seconds: 30 })).world)).toEqual({ [BLUE]: 3, [GREEN]: 0 });
  });
});

describe('old ReplicaSets', () => {
  const promoted = (fields = {}): World => reconcileUntilQuiet(withSpec(deployedBlueGreen({ scaleDownDelaySeconds: 10, ...fields }), toGreen), T0).world;

  it('a deadline is read from the annotation alone: a fresh plan before it keeps blue at spec.replicas and requeues for the rest', () => {
    const world = promoted();
    expect(deadlineOf(world, BLUE)).toBe('2024-05-01T12:00:10Z');
    const { plan } = reconcileOnce(world, T0.plus({ seconds: 4 }));
    expect(plan.actions).toEqual([]);
    expect(plan.requeueAfterMs).toBe(6000);
    const after = reconcileOnce(world, T0.plus({ seconds: 10 }));
    expect(after.plan.actions).toEqual([{ kind: 'scaleReplicaSet', name: BLUE, replicas: 0, annotations: { [ANNOTATIONS.scaleDownDeadline]: null } }]);
  });

  it('scaleDownDelaySeconds 0 scales the old side down at once (Argo keeps it up: argoproj/argo-rollouts#1992)', () => {
    const world = promoted({ scaleDownDelaySeconds: 0 });
    expect(replicaCounts(world)).toEqual({ [BLUE]: 0, [GREEN]: 3 });
    expect(deadlineOf(world, BLUE)).toBeUndefined();
  });

  it('scaleDownDelayRevisionLimit 1: a third release scales the oldest down at once, the previous one waits', () => {
    const toRed = (r: Rollout): void => {
      r.spec.template!.spec!.containers![0].image = 'argoproj/rollouts-demo:red';
    };
    const { world } = reconcileUntilQuiet(withSpec(promoted({ scaleDownDelayRevisionLimit: 1 }), toRed), T0.plus({ seconds: 2 }));
    const counts = replicaCounts(world);
    expect(counts[BLUE]).toBe(0);
    expect(counts[GREEN]).toBe(3);
    expect(deadlineOf(world, GREEN)).toBe('2024-05-01T12:00:12Z');
  });
});
