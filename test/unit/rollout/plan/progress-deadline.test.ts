// progressDeadlineSeconds (default 600): an update that makes no progress for that long is
// Degraded with ProgressDeadlineExceeded, and with progressDeadlineAbort it is aborted
// (Argo's calculateRolloutConditions, evaluateProgressDeadlineAbort and requeueStuckRollout).
import { describe, expect, it } from '@jest/globals';
import { computePodTemplateHash } from '../../../../src/api/hash.js';
import type { Rollout } from '../../../../src/api/types.js';
import { aRollout } from '../../../fixtures/rollout-builder.js';
import { aWorld, reconcileOnce, reconcileUntilQuiet, replicaCounts, T0, withSpec, type World } from '../../../fixtures/rollout-world.js';

const toGreen = (r: Rollout): void => {
  r.spec.template!.spec!.containers![0].image = 'argoproj/rollouts-demo:green';
};

/** Revision 2 started at T0, its canary pod never available. */
function stuck(change: (r: Rollout) => void = () => undefined): World {
  const rollout = aRollout().withReplicas(4).withSteps({ setWeight: 25 }, { pause: {} }).build();
  change(rollout);
  let world = withSpec(reconcileUntilQuiet(aWorld(rollout), T0).world, toGreen);
  for (let i = 0; i < 3; i++) world = reconcileOnce(world, T0, { settle: false }).world;
  return world;
}
const canaryName = (w: World): string => `guestbook-${computePodTemplateHash(w.rollout.spec.template)}`;
const progressing = (w: World): unknown => w.rollout.status?.conditions?.find((c) => c.type === 'Progressing');

describe('ProgressDeadlineExceeded', () => {
  it('a stuck update asks to be woken 1 s after its deadline', () => {
    expect(reconcileOnce(stuck(), T0.plus({ seconds: 100 }), { settle: false }).plan.requeueAfterMs).toBe(501_000);
  });

  it('within the deadline the update is still Progressing', () => {
    const { plan } = reconcileOnce(stuck(), T0.plus({ seconds: 600 }), { settle: false });
    expect(plan.status?.phase).toBe('Progressing');
  });

  it('past the deadline: Progressing False, phase Degraded, a Warning event', () => {
    const world = stuck();
    const { plan } = reconcileOnce(world, T0.plus({ seconds: 601 }), { settle: false });
    const message = `ReplicaSet "${canaryName(world)}" has timed out progressing.`;
    expect(plan.status?.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded', message });
    expect(plan.status).toMatchObject({ phase: 'Degraded', message: `ProgressDeadlineExceeded: ${message}` });
    expect(plan.events).toContainEqual({ type: 'Warning', reason: 'ProgressDeadlineExceeded', message });
    expect(plan.status?.abort).toBeUndefined();
  });

  it('honours a shorter progressDeadlineSeconds', () => {
    const world = stuck((r) => (r.spec.progressDeadlineSeconds = 30));
    expect(reconcileOnce(world, T0.plus({ seconds: 31 }), { settle: false }).plan.status?.phase).toBe('Degraded');
  });

  it('a rollout waiting at a pause step never times out', () => {
    const paused = reconcileUntilQuiet(withSpec(reconcileUntilQuiet(aWorld(aRollout().withReplicas(4).withSteps({ setWeight: 25 }, { pause: {} }).build()), T0).world, toGreen), T0).world;
    const { plan } = reconcileOnce(paused, T0.plus({ hours: 2 }));
    expect(plan.status?.phase).toBe('Paused');
    expect(plan.requeueAfterMs).toBeUndefined();
  });

  it('progress made later puts the rollout back to Progressing True', () => {
    const late = reconcileOnce(stuck(), T0.plus({ seconds: 601 }), { settle: false }).world;
    const available = { ...late, replicaSets: late.replicaSets.map((rs) => ({ ...rs, status: { ...rs.status, replicas: rs.spec.replicas, availableReplicas: rs.spec.replicas } })) };
    const { plan } = reconcileOnce(available, T0.plus({ seconds: 700 }));
    expect(plan.status?.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({ status: 'True', reason: 'ReplicaSetUpdated' });
  });
});

describe('progressDeadlineAbort', () => {
  const abortable = (): World => stuck((r) => (r.spec.progressDeadlineAbort = true));

  it('past the deadline the update is aborted, with the timeout in the abort message', () => {
    const world = abortable();
    const { plan } = reconcileOnce(world, T0.plus({ seconds: 601 }), { settle: false });
    const timeout = `ReplicaSet "${canaryName(world)}" has timed out progressing.`;
    expect(plan.status).toMatchObject({ abort: true, abortedAt: '2024-05-01T12:10:01Z', phase: 'Degraded', message: `RolloutAborted: Rollout aborted update to revision 2: ${timeout}` });
    expect(plan.events.filter((e) => e.reason === 'RolloutAborted')).toEqual([
      { type: 'Warning', reason: 'RolloutAborted', message: timeout },
      { type: 'Warning', reason: 'RolloutAborted', message: `Rollout aborted update to revision 2: ${timeout}` },
    ]);
  });

  it('the next passes bring stable back to full size and scale the canary away', () => {
    const aborted = reconcileOnce(abortable(), T0.plus({ seconds: 601 }), { settle: false }).world;
    expect(replicaCounts(aborted)[canaryName(aborted)]).toBe(1);
    const { world } = reconcileUntilQuiet(aborted, T0.plus({ seconds: 602 }));
    expect(replicaCounts(world)).toEqual({ [`guestbook-${computePodTemplateHash(aRollout().build().spec.template)}`]: 4, [canaryName(aborted)]: 0 });
    expect(progressing(world)).toMatchObject({ status: 'False', reason: 'RolloutAborted' });
    expect(world.rollout.status?.phase).toBe('Degraded');
  });

  it('within the deadline nothing is aborted', () => {
    expect(reconcileOnce(abortable(), T0.plus({ seconds: 599 }), { settle: false }).plan.status?.abort).toBeUndefined();
  });
});
