// Ports of Argo's TestAtDesiredReplicaCountsForCanary, TestAllDesiredAreAvailable and
// TestAllReplicaProgressThresholdMet (utils/replicaset/canary_test.go).
import { describe, expect, it } from '@jest/globals';
import type { ReplicaSet } from '../../../../src/api/kube-types.js';
import type { ReplicaProgressThreshold, SetCanaryScale, TrafficWeights } from '../../../../src/api/types.js';
import { allDesiredAreAvailable, atDesiredReplicaCountsForCanary, replicaProgressThresholdMet } from '../../../../src/rollout/plan/replica-counts.js';
import { aReplicaSet, aRollout } from '../../../fixtures/rollout-builder.js';
import { argoRollout } from './argo-canary-fixtures.js';

// Argo's cases: ReplicaSets with an empty hash label, renamed, and status.replicas set apart.
const rs = (name: string, spec: number, available: number, actual: number): ReplicaSet =>
  aReplicaSet('').withName(name).withReplicas(spec).withAvailable(available).withStatus({ replicas: actual }).build();

interface AtDesiredCase {
  name: string;
  setWeight: number;
  scale: SetCanaryScale;
  newRS: ReplicaSet;
  stableRS: ReplicaSet;
  weights: TrafficWeights;
  expected: boolean;
}

const fiftyFifty: TrafficWeights = { canary: { weight: 50 }, stable: { weight: 50 } };
const seventyFive: TrafficWeights = { canary: { weight: 75 }, stable: { weight: 25 } };
const twoAndTwo: SetCanaryScale = { weight: 2, replicas: 2, matchTrafficWeight: false };

const atDesiredCases: AtDesiredCase[] = [
  { name: 'we are at desired replica counts and availability', setWeight: 50, scale: twoAndTwo, newRS: rs('newRS', 2, 2, 2), stableRS: rs('stableRS', 2, 2, 2), weights: fiftyFifty, expected: true },
  { name: 'new replicaset is not at desired counts or availability', setWeight: 50, scale: twoAndTwo, newRS: rs('newRS', 2, 1, 2), stableRS: rs('stableRS', 2, 2, 2), weights: fiftyFifty, expected: false },
  { name: 'stable replicaset is not at desired counts or availability', setWeight: 75, scale: {}, newRS: rs('newRS', 3, 3, 3), stableRS: rs('stableRS', 2, 2, 2), weights: seventyFive, expected: false },
  // Stable is checked for its pod count only, not for availability.
  { name: 'stable replicaset is not at desired availability but is at correct count', setWeight: 75, scale: {}, newRS: rs('newRS', 3, 3, 1), stableRS: rs('stableRS', 1, 0, 1), weights: seventyFive, expected: true },
  { name: 'test that when status field lags behind spec.replicas we fail', setWeight: 50, scale: twoAndTwo, newRS: rs('newRS', 2, 2, 2), stableRS: rs('stableRS', 2, 2, 3), weights: fiftyFifty, expected: false },
];

describe('TestAtDesiredReplicaCountsForCanary', () => {
  it.each(atDesiredCases)('$name', (c) => {
    const rollout = argoRollout({ replicas: 4, setWeight: c.setWeight, maxSurge: 1, maxUnavailable: 1, currentPodHash: 'current', stablePodHash: 'stable', setCanaryScale: c.scale });
    expect(atDesiredReplicaCountsForCanary({ rollout, newRS: c.newRS, stableRS: c.stableRS, weights: c.weights })).toBe(c.expected);
  });

  it('basic canary: older ReplicaSets with available pods still take traffic, so not yet', () => {
    const rollout = argoRollout({ replicas: 4, setWeight: 50, maxSurge: 1, maxUnavailable: 1, currentPodHash: 'current', stablePodHash: 'stable' });
    const sets = { newRS: rs('newRS', 2, 2, 2), stableRS: rs('stableRS', 2, 2, 2) };
    expect(atDesiredReplicaCountsForCanary({ rollout, ...sets, otherRSs: [rs('old', 0, 1, 1)] })).toBe(false);
    expect(atDesiredReplicaCountsForCanary({ rollout, ...sets, otherRSs: [rs('old', 0, 0, 0)] })).toBe(true);
  });

  it('dynamicStableScale behind a router: stable is not waited for', () => {
    const rollout = aRollout()
      .withReplicas(4)
      .withSteps({ setWeight: 50 })
      .withCanary({ trafficRouting: {}, dynamicStableScale: true })
      .withStatus({ currentPodHash: 'current', stableRS: 'stable', currentStepIndex: 0 })
      .build();
    expect(atDesiredReplicaCountsForCanary({ rollout, newRS: rs('newRS', 2, 2, 2), stableRS: rs('stableRS', 4, 4, 4), weights: fiftyFifty })).toBe(true);
  });
});

const withSpec = (spec: number | undefined, available: number): ReplicaSet => {
  const built = aReplicaSet('x').withAvailable(available).build();
  if (spec === undefined) delete built.spec.replicas;
  else built.spec.replicas = spec;
  return built;
};

describe('TestAllDesiredAreAvailable', () => {
  it.each<[string, ReplicaSet | undefined, number, boolean]>([
    ['test correct return (true) when all desired pods are available', withSpec(10, 10), 10, true],
    ['test correct return (false) when not all desired pods are available', withSpec(10, 9), 10, false],
    ['test correct return (false) when all ReplicaSet is nil', undefined, 10, false],
    ['test correct return (false) when rs.Spec.Replicas is nil and desired != 1 (GetReplicasOrDefault returns 1)', withSpec(undefined, 10), 10, false],
    ['test correct return (true) when rs.Spec.Replicas is nil and desired is 1', withSpec(undefined, 1), 1, true],
  ])('%s', (_name, set, desired, expected) => {
    expect(allDesiredAreAvailable(set, desired)).toBe(expected);
  });
});

const percent = (value: number): ReplicaProgressThreshold => ({ type: 'Percent', value });
const pods = (value: number): ReplicaProgressThreshold => ({ type: 'Pods', value });

describe('TestAllReplicaProgressThresholdMet', () => {
  it.each<[string, ReplicaProgressThreshold | undefined, ReplicaSet | undefined, number, boolean]>([
    ['test using percentage that 90% availability of pods passes', percent(90), withSpec(undefined, 9), 10, true],
    ['test using pod values that 90% availability of pods correctly passes', pods(9), withSpec(undefined, 9), 10, true],
    ['test using percentage that under 90% availability of pods correctly fails', percent(90), withSpec(undefined, 8), 10, false],
    ['test using pod values that under 8 pods correctly fails', pods(8), withSpec(undefined, 7), 10, false],
    ['test that when threshold is under 0, it defaults to 100% of pods being available to return true', pods(-100), withSpec(10, 10), 10, true],
    ['test that when threshold is nil, it defaults to 100% of pods being available to return true', undefined, withSpec(5, 10), 10, false],
    ['test that when the replicaset is nil, it always returns false', pods(5), undefined, 10, false],
    ['test that percentages well above the required threshold correctly pass', percent(100), withSpec(undefined, 100), 10, true],
    ['test that when desired is 0, threshold is always met (percentage type only)', percent(90), withSpec(undefined, 0), 0, true],
  ])('%s', (_name, threshold, set, desired, expected) => {
    expect(replicaProgressThresholdMet(threshold, set, desired)).toBe(expected);
  });

  it('29 of 100 meets 29% although 29 / 100 × 100 is 28.999999999999996', () => {
    expect((29 / 100) * 100).toBeLessThan(29);
    expect(replicaProgressThresholdMet(percent(29), withSpec(100, 29), 100)).toBe(true);
    expect(replicaProgressThresholdMet(percent(29), withSpec(100, 28), 100)).toBe(false);
  });
});
