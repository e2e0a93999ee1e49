// Ports of Argo's TestGetCurrentCanaryStep, TestGetCurrentSetWeight, TestGetCanaryReplicasOrWeight,
// TestResetCurrentStepIndex, TestGetDesiredCanaryWeightOnAbortWithScaleDownDelay (utils/replicaset)
// and TestGetAbortScaleDownDelaySecondsOrDefault (utils/defaults), plus the setCanaryScale rules.
import { describe, expect, it } from '@jest/globals';
import type { Rollout, TrafficWeights } from '../../../../src/api/types.js';
import {
  calculateReplicaCountsForTrafficRoutedCanary,
  getAbortScaleDownDelaySecondsOrDefault,
  getCanaryReplicasOrWeight,
  getCurrentCanaryStep,
  getCurrentSetWeight,
  getDesiredCanaryWeight,
  hasExplicitAbortScaleDownDelay,
  resetCurrentStepIndex,
  useSetCanaryScale,
} from '../../../../src/rollout/plan/replica-counts.js';
import { aRollout } from '../../../fixtures/rollout-builder.js';
import { argoRS, argoRollout } from './argo-canary-fixtures.js';

const tenAtTen = (): Rollout => argoRollout({ replicas: 10, setWeight: 10, maxSurge: 0, maxUnavailable: 1, currentPodHash: '', stablePodHash: '' });

describe('TestGetCurrentCanaryStep', () => {
  it('no steps → no step and no index', () => {
    expect(getCurrentCanaryStep(aRollout().withReplicas(10).build())).toEqual({});
  });

  it('index 0 of one pause step → that step', () => {
    const rollout = aRollout().withSteps({ pause: {} }).withStatus({ currentStepIndex: 0 }).build();
    expect(getCurrentCanaryStep(rollout)).toEqual({ step: { pause: {} }, index: 0 });
  });

  it('index past the last step → no step, the index kept', () => {
    const rollout = aRollout().withSteps({ pause: {} }).withStatus({ currentStepIndex: 1 }).build();
    expect(getCurrentCanaryStep(rollout)).toEqual({ step: undefined, index: 1 });
  });

  it('currentStepIndex unset → step 0; negative → read as 0', () => {
    const steps = aRollout().withSteps({ setWeight: 10 }, { pause: {} });
    expect(getCurrentCanaryStep(steps.build())).toEqual({ step: { setWeight: 10 }, index: 0 });
    expect(getCurrentCanaryStep(steps.withStatus({ currentStepIndex: -2 }).build())).toEqual({ step: { setWeight: 10 }, index: 0 });
  });
});

describe('TestGetCurrentSetWeight', () => {
  it('past the last step → 100; at the setWeight step → 10; aborted → 0', () => {
    const rollout = tenAtTen();
    rollout.status = { ...rollout.status, currentStepIndex: 1 };
    expect(getCurrentSetWeight(rollout)).toBe(100);
    rollout.status.currentStepIndex = 0;
    expect(getCurrentSetWeight(rollout)).toBe(10);
    rollout.status.abort = true;
    expect(getCurrentSetWeight(rollout)).toBe(0);
  });

  it.each<[string, number, number]>([
    ['before any setWeight', 0, 0],
    ['at the first setWeight', 1, 20],
    ['at a pause after it', 2, 20],
    ['at the second setWeight', 3, 40],
  ])('steps [pause, setWeight 20, pause, setWeight 40]: %s → %d', (_name, index, expected) => {
    const rollout = aRollout()
      .withSteps({ pause: {} }, { setWeight: 20 }, { pause: { duration: '1m' } }, { setWeight: 40 })
      .withStatus({ currentStepIndex: index })
      .build();
    expect(getCurrentSetWeight(rollout)).toBe(expected);
  });

  it('past the last step with maxTrafficWeight 1000 → 1000', () => {
    const rollout = aRollout().withSteps({ setWeight: 10 }).withCanary({ trafficRouting: { maxTrafficWeight: 1000 } }).withStatus({ currentStepIndex: 1 }).build();
    expect(getCurrentSetWeight(rollout)).toBe(1000);
  });
});

describe('TestGetCanaryReplicasOrWeight', () => {
  const withScaleStep = (scale: { weight?: number; replicas?: number }): Rollout =>
    aRollout()
      .withSteps({ setWeight: 10 }, { setCanaryScale: scale })
      .withCanary({ trafficRouting: {} })
      .withStatus({ currentStepIndex: 1, stableRS: 'stable-rs' })
      .build();
  it.each<[string, Rollout, { replicas?: number; weight: number }]>([
    ['test full promote rollout', aRollout().withStatus({ promoteFull: true }).build(), { weight: 100 }],
    ['test canary step weight', withScaleStep({ weight: 20 }), { weight: 20 }],
    ['test canary step replicas', withScaleStep({ replicas: 5 }), { replicas: 5, weight: 0 }],
    ['test get current step weight', aRollout().withBlueGreen({ activeService: 'a' }).withStatus({ abort: true }).build(), { weight: 100 }],
  ])('%s', (_name, rollout, expected) => {
    expect(getCanaryReplicasOrWeight(rollout)).toEqual(expected);
  });
});

describe('useSetCanaryScale', () => {
  const routed = aRollout().withCanary({ trafficRouting: {} }).withStatus({ stableRS: 'a', currentPodHash: 'b' });
  it.each<[string, Rollout, object | undefined]>([
    ['the last setCanaryScale at or before the step', routed.withSteps({ setCanaryScale: { replicas: 3 } }, { setWeight: 10 }).withStatus({ currentStepIndex: 1 }).build(), { replicas: 3 }],
    ['a later matchTrafficWeight cancels it', routed.withSteps({ setCanaryScale: { replicas: 3 } }, { setCanaryScale: { matchTrafficWeight: true } }).withStatus({ currentStepIndex: 1 }).build(), undefined],
    ['a step not reached yet does not count', routed.withSteps({ setWeight: 10 }, { setCanaryScale: { replicas: 3 } }).withStatus({ currentStepIndex: 0 }).build(), undefined],
    ['all steps done', routed.withSteps({ setCanaryScale: { replicas: 3 } }).withStatus({ currentStepIndex: 1 }).build(), undefined],
    ['no traffic routing', aRollout().withSteps({ setCanaryScale: { replicas: 3 } }).build(), undefined],
    ['aborted with the default delay', routed.withSteps({ setCanaryScale: { replicas: 3 } }).withStatus({ abort: true }).build(), undefined],
    ['aborted with abortScaleDownDelaySeconds 0', routed.withSteps({ setCanaryScale: { replicas: 3 } }).withCanary({ abortScaleDownDelaySeconds: 0 }).withStatus({ abort: true }).build(), { replicas: 3 }],
  ])('%s', (_name, rollout, expected) => {
    expect(useSetCanaryScale(rollout)).toEqual(expected);
  });
});

describe('TestResetCurrentStepIndex', () => {
  it('0 with steps, undefined without', () => {
    expect(resetCurrentStepIndex(aRollout().withSteps({ setWeight: 1 }).build())).toBe(0);
    expect(resetCurrentStepIndex(aRollout().build())).toBeUndefined();
  });
});

describe('TestGetAbortScaleDownDelaySecondsOrDefault', () => {
  it.each<[string, Rollout, { seconds?: number; wasSet: boolean }, boolean]>([
    ['blue-green, set to 60', aRollout().withBlueGreen({ activeService: 'a', abortScaleDownDelaySeconds: 60 }).build(), { seconds: 60, wasSet: true }, true],
    ['blue-green, 0: do not scale down preview', aRollout().withBlueGreen({ activeService: 'a', abortScaleDownDelaySeconds: 0 }).build(), { wasSet: true }, false],
    ['blue-green default', aRollout().withBlueGreen({ activeService: 'a' }).build(), { seconds: 30, wasSet: false }, false],
    ['traffic-routed canary, set to 60', aRollout().withCanary({ abortScaleDownDelaySeconds: 60, trafficRouting: {} }).build(), { seconds: 60, wasSet: true }, true],
    ['traffic-routed canary, 0: do not scale down canary', aRollout().withCanary({ abortScaleDownDelaySeconds: 0, trafficRouting: {} }).build(), { wasSet: true }, false],
    ['no strategy', { spec: {} }, { seconds: 0, wasSet: false }, false],
    ['traffic-routed canary default', aRollout().withCanary({ trafficRouting: {} }).build(), { seconds: 30, wasSet: false }, false],
    ['basic canary should not have scaledown delay seconds', aRollout().build(), { seconds: 0, wasSet: false }, false],
  ])('%s', (_name, rollout, expected, explicit) => {
    expect(getAbortScaleDownDelaySecondsOrDefault(rollout)).toEqual(expected);
    expect(hasExplicitAbortScaleDownDelay(rollout)).toBe(explicit);
  });
});

describe('TestGetDesiredCanaryWeightOnAbortWithScaleDownDelay', () => {
  const newAbortedRollout = (abortDelay: number | undefined): Rollout => {
    const rollout = argoRollout({ replicas: 10, setWeight: 50, maxSurge: 1, maxUnavailable: 0, currentPodHash: 'canary', stablePodHash: 'stable', trafficRouting: {} });
    const canary = rollout.spec.strategy!.canary!;
    canary.steps = [{ setWeight: 10 }, { setWeight: 50 }];
    canary.dynamicStableScale = true;
    if (abortDelay !== undefined) canary.abortScaleDownDelaySeconds = abortDelay;
    rollout.status = { ...rollout.status, abort: true };
    return rollout;
  };

  it.each<[string, number | undefined, number, number]>([
    ['no explicit delay: weight is held up by canary size (progressive drain unchanged)', undefined, 9, 10],
    ['explicit delay: weight steps down gradually while stable is scaling up', 30, 5, 10],
    ['explicit delay: weight reaches zero once stable nearly covers spec.Replicas (deadlock case)', 30, 9, 0],
    ['explicit zero delay (leave canary up indefinitely): weight is held up by canary size', 0, 9, 10],
  ])('%s', (_name, abortDelay, stableAvailable, expectedWeight) => {
    const rollout = newAbortedRollout(abortDelay);
    expect(getDesiredCanaryWeight(rollout, argoRS('canary', 5, 5), argoRS('stable', stableAvailable, stableAvailable))).toBe(expectedWeight);
  });

  it('stable scales to spec.Replicas once weight reaches zero', () => {
    const weights: TrafficWeights = { canary: { weight: 10 }, stable: { weight: 90 } };
    const counts = calculateReplicaCountsForTrafficRoutedCanary({
      rollout: newAbortedRollout(30),
      newRS: argoRS('canary', 5, 5),
      stableRS: argoRS('stable', 9, 9),
      weights,
    });
    expect(counts.stable).toBe(10);
  });
});
