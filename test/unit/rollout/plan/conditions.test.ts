// Rollout conditions as Argo's utils/conditions computes them (SetRolloutCondition, RolloutHealthy,
// RolloutProgressing, RolloutTimedOut), and the Paused / Progressing conditions the planner keeps
// in step with the pause state as Argo's checkPausedConditions does (rollout/sync.go).
import { describe, expect, it } from '@jest/globals';
import type { Rollout, RolloutCondition, RolloutStatus } from '../../../../src/api/types.js';
import { hasTimedOut, isCompleted, isHealthy, isProgressing, setCondition } from '../../../../src/rollout/plan/conditions.js';
import { aRollout } from '../../../fixtures/rollout-builder.js';
import { aWorld, reconcileOnce, reconcileUntilQuiet, T0, withSpec, withStatus, type World } from '../../../fixtures/rollout-world.js';

const cond = (type: RolloutCondition['type'], status: RolloutCondition['status'], reason: string, at = '2024-05-01T11:00:00Z'): RolloutCondition => ({
  type,
  status,
  reason,
  message: reason,
  lastUpdateTime: at,
  lastTransitionTime: at,
});

describe('setCondition (Argo SetRolloutCondition)', () => {
  const NOW = '2024-05-01T12:00:00Z';

  it('adds a missing condition and reports the change', () => {
    const status: RolloutStatus = {};
    expect(setCondition(status, cond('Available', 'True', 'AvailableReason', NOW))).toBe(true);
    expect(status.conditions).toEqual([cond('Available', 'True', 'AvailableReason', NOW)]);
  });

  it('leaves a condition with the same status and reason alone (the message is not compared)', () => {
    const status: RolloutStatus = { conditions: [cond('Available', 'True', 'AvailableReason')] };
    expect(setCondition(status, { ...cond('Available', 'True', 'AvailableReason', NOW), message: 'other' })).toBe(false);
    expect(status.conditions?.[0].message).toBe('AvailableReason');
  });

  it('keeps lastTransitionTime when only the reason changes, and moves the condition to the end', () => {
    const status: RolloutStatus = { conditions: [cond('Progressing', 'True', 'ReplicaSetUpdated'), cond('Available', 'True', 'AvailableReason')] };
    setCondition(status, cond('Progressing', 'True', 'NewReplicaSetAvailable', NOW));
    expect(status.conditions?.map((c) => c.type)).toEqual(['Available', 'Progressing']);
    expect(status.conditions?.[1]).toMatchObject({ reason: 'NewReplicaSetAvailable', lastUpdateTime: '2024-05-01T12:00:00Z', lastTransitionTime: '2024-05-01T11:00:00Z' });
  });

  it('stamps both times when the status changes', () => {
    const status: RolloutStatus = { conditions: [cond('Available', 'True', 'AvailableReason')] };
    setCondition(status, cond('Available', 'False', 'AvailableReason', NOW));
    expect(status.conditions?.[0]).toMatchObject({ status: 'False', lastUpdateTime: '2024-05-01T12:00:00Z', lastTransitionTime: '2024-05-01T12:00:00Z' });
  });
});

describe('isHealthy (Argo RolloutHealthy)', () => {
  const observed = (r: Rollout): Rollout => ({ ...r, status: { observedGeneration: '1' } });
  const ro = observed(aRollout().withReplicas(3).withSteps({ setWeight: 50 }, { pause: {} }).build());
  const done: RolloutStatus = { replicas: 3, updatedReplicas: 3, availableReplicas: 3, stableRS: 'a', currentPodHash: 'a', currentStepIndex: 2 };

  it.each<[string, Rollout, RolloutStatus, boolean]>([
    ['every step done, promoted, all updated and available', ro, done, true],
    ['a step left', ro, { ...done, currentStepIndex: 1 }, false],
    ['no step index counts as done', ro, { ...done, currentStepIndex: undefined }, true],
    ['not promoted', ro, { ...done, stableRS: 'b' }, false],
    ['old pods still running', ro, { ...done, replicas: 4 }, false],
    ['an update not available yet', ro, { ...done, availableReplicas: 2 }, false],
    ['the generation not observed yet', { ...ro, metadata: { ...ro.metadata, generation: 2 } }, done, false],
    ['no steps at all', observed(aRollout().withReplicas(3).build()), { ...done, currentStepIndex: undefined }, true],
  ])('%s → %s', (_name, rollout, status, healthy) => {
    expect(isHealthy(rollout, status)).toBe(healthy);
  });
});

describe('isProgressing (Argo RolloutProgressing)', () => {
  const before: RolloutStatus = { replicas: 7, updatedReplicas: 1, readyReplicas: 7, availableReplicas: 7, stableRS: 'a', currentStepIndex: 1, currentStepHash: 'h' };
  const rollout = aRollout().withSteps({ setWeight: 10 }).withStatus(before).build();

  it.each<[string, Partial<RolloutStatus>, boolean]>([
    ['nothing moved', {}, false],
    ['more pods updated', { updatedReplicas: 2 }, true],
    ['fewer old pods', { replicas: 6 }, true],
    ['more ready', { readyReplicas: 8 }, true],
    ['more available', { availableReplicas: 8 }, true],
    ['fewer available is no progress', { availableReplicas: 6 }, false],
    ['a new stable', { stableRS: 'b' }, true],
    ['the step moved', { currentStepIndex: 2 }, true],
    ['the steps changed', { currentStepHash: 'k' }, true],
  ])('%s → %s', (_name, change, expected) => {
    expect(isProgressing(rollout, { ...before, ...change })).toBe(expected);
  });
});

describe('hasTimedOut (Argo RolloutTimedOut)', () => {
  const rollout = aRollout().build();
  const at = (reason: string, lastUpdate: string): RolloutStatus => ({ conditions: [cond('Progressing', 'True', reason, lastUpdate)] });

  it.each<[string, RolloutStatus, boolean]>([
    ['no Progressing condition', {}, false],
    ['last progress 599 s ago', at('ReplicaSetUpdated', '2024-05-01T11:50:01Z'), false],
    ['last progress exactly 600 s ago', at('ReplicaSetUpdated', '2024-05-01T11:50:00Z'), false],
    ['last progress 601 s ago', at('ReplicaSetUpdated', '2024-05-01T11:49:59Z'), true],
    ['already timed out', at('ProgressDeadlineExceeded', '2024-05-01T11:59:59Z'), true],
    ['paused, however long ago', at('RolloutPaused', '2024-05-01T00:00:00Z'), false],
    ['aborted, however long ago', at('RolloutAborted', '2024-05-01T00:00:00Z'), false],
  ])('%s → %s', (_name, status, expected) => {
    expect(hasTimedOut(rollout, status, T0)).toBe(expected);
  });

  it('honours progressDeadlineSeconds', () => {
    const short: Rollout = { ...rollout, spec: { ...rollout.spec, progressDeadlineSeconds: 30 } };
    expect(hasTimedOut(short, at('ReplicaSetUpdated', '2024-05-01T11:59:29Z'), T0)).toBe(true);
  });
});

it('isCompleted: the current template is the stable one', () => {
  expect(isCompleted({ stableRS: 'a', currentPodHash: 'a' })).toBe(true);
  expect(isCompleted({ stableRS: 'a', currentPodHash: 'b' })).toBe(false);
  expect(isCompleted({ stableRS: '', currentPodHash: '' })).toBe(false);
});

describe('Paused and Progressing follow the pause state one pass later, as Argo checkPausedConditions', () => {
  const ROLLOUT = aRollout().withReplicas(2).withSteps({ setWeight: 50 }, { pause: {} }).build();
  const conditionOf = (world: World, type: RolloutCondition['type']): RolloutCondition | undefined => world.rollout.status?.conditions?.find((c) => c.type === type);

  function atPauseStep(): World {
    const healthy = reconcileUntilQuiet(aWorld(ROLLOUT), T0).world;
    return reconcileUntilQuiet(withSpec(healthy, (r) => (r.spec.template!.spec!.containers![0].image = 'x:2')), T0).world;
  }

  it('the pass that adds a pause condition leaves the conditions; the next sets Progressing Unknown/RolloutPaused and Paused True', () => {
    const healthy = reconcileUntilQuiet(aWorld(ROLLOUT), T0).world;
    let world = withSpec(healthy, (r) => (r.spec.template!.spec!.containers![0].image = 'x:2'));
    let step = reconcileOnce(world, T0);
    while (!step.plan.status?.pauseConditions) {
      world = step.world;
      step = reconcileOnce(world, T0);
    }
    expect(step.plan.status?.conditions?.find((c) => c.type === 'Paused')).toBeUndefined();
    const next = reconcileOnce(step.world, T0).plan.status;
    expect(next?.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'RolloutPaused', message: 'Rollout is paused' });
    expect(next?.conditions?.find((c) => c.type === 'Paused')).toMatchObject({ status: 'True', reason: 'RolloutPaused' });
  });

  it('a promote turns Paused False and Progressing back to ReplicaSetUpdated', () => {
    const { world } = reconcileUntilQuiet(withStatus(atPauseStep(), (s) => delete s.pauseConditions), T0);
    expect(conditionOf(world, 'Paused')).toMatchObject({ status: 'False', reason: 'RolloutPaused' });
    expect(conditionOf(world, 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable' });
  });

  it('an abort while paused leaves Paused True: Argo does not touch it while the abort condition stands', () => {
    const { world } = reconcileUntilQuiet(withStatus(atPauseStep(), (s) => (s.abort = true)), T0);
    expect(conditionOf(world, 'Progressing')).toMatchObject({ status: 'False', reason: 'RolloutAborted' });
    expect(conditionOf(world, 'Paused')).toMatchObject({ status: 'True' });
  });

  it('spec.paused mid-step: nothing scales; the conditions follow once the new generation is observed', () => {
    const healthy = reconcileUntilQuiet(aWorld(ROLLOUT), T0).world;
    // The canary's pod never becomes available: the rollout waits at setWeight 50.
    let world = withSpec(healthy, (r) => (r.spec.template!.spec!.containers![0].image = 'x:2'));
    for (let i = 0; i < 3; i++) world = reconcileOnce(world, T0, { settle: false }).world;
    world = withSpec(world, (r) => (r.spec.paused = true));
    const first = reconcileOnce(world, T0, { settle: false });
    expect(first.plan.actions).toEqual([]);
    expect(first.plan.status?.conditions?.find((c) => c.type === 'Progressing')?.reason).toBe('ReplicaSetUpdated');
    expect(first.plan.status).toMatchObject({ observedGeneration: '3', phase: 'Paused', message: 'manually paused' });
    const second = reconcileOnce(first.world, T0, { settle: false });
    expect(second.plan.actions).toEqual([]);
    expect(second.plan.status?.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'RolloutPaused' });
    expect(second.plan.status?.conditions?.find((c) => c.type === 'Paused')).toMatchObject({ status: 'True' });
  });
});

describe('ReplicaFailure (Argo getReplicaFailures)', () => {
  it('carries a ReplicaSet failure into the rollout and drops it once gone', () => {
    const settled = reconcileUntilQuiet(aWorld(aRollout().withReplicas(2).build()), T0).world;
    const failing = { ...settled, replicaSets: settled.replicaSets.map((rs) => ({ ...rs, status: { ...rs.status, conditions: [{ type: 'ReplicaFailure', status: 'True' as const, reason: 'FailedCreate', message: 'pods "x" is forbidden: exceeded quota', lastTransitionTime: '2024-05-01T11:00:00Z' }] } })) };
    const failed = reconcileOnce(failing, T0.plus({ seconds: 1 }));
    const cond = failed.plan.status?.conditions?.find((c) => c.type === 'ReplicaFailure');
    expect(cond).toMatchObject({ status: 'True', reason: 'FailedCreate', message: 'pods "x" is forbidden: exceeded quota' });
    const recovered = reconcileOnce({ ...failed.world, replicaSets: settled.replicaSets }, T0.plus({ seconds: 2 }));
    expect(recovered.plan.status?.conditions?.find((c) => c.type === 'ReplicaFailure')).toBeUndefined();
  });
});
