// Ports of Argo's traffic-routed replica tests (utils/replicaset/canary_test.go):
// TestCalculateReplicaCountsForCanaryTrafficRouting, …TrafficRoutingDynamicScale, TestTrafficWeightToReplicas.
import { describe, expect, it } from '@jest/globals';
import type { CanaryStep, TrafficWeights } from '../../../../src/api/types.js';
import {
  checkMinPodsPerReplicaSet,
  calculateReplicaCountsForTrafficRoutedCanary,
  trafficWeightToReplicas,
} from '../../../../src/rollout/plan/replica-counts.js';
import { aRollout } from '../../../fixtures/rollout-builder.js';
import { argoRS, argoRollout } from './argo-canary-fixtures.js';

describe('TestCalculateReplicaCountsForCanaryTrafficRouting', () => {
  it('10 replicas at setWeight 10 → 1 canary, stable left at 10', () => {
    const rollout = argoRollout({ replicas: 10, setWeight: 10, maxSurge: 0, maxUnavailable: 1, currentPodHash: 'canary', stablePodHash: 'stable', trafficRouting: {} });
    expect(calculateReplicaCountsForTrafficRoutedCanary({ rollout, weights: rollout.status?.canary?.weights })).toEqual({ canary: 1, stable: 10 });
  });
});

interface DynamicCase {
  name: string;
  rolloutReplicas: number;
  /** Argo's table calls it rolloutMaxReplicas but passes it as the step's setWeight. */
  rolloutMaxReplicas: number;
  rolloutAbort: boolean;
  steps?: CanaryStep[];
  canaryWeight: number;
  stableWeight: number;
  canaryRSReplicas?: number;
  stableRSReplicas?: number;
  availableStableReplicas?: number;
  expectedCanaryReplicas: number;
  expectedStableReplicas: number;
}

// availableCanaryReplicas is omitted: Argo's loop builds the canary with available = spec.
const dynamicCases: DynamicCase[] = [
  { name: 'Should scale stable replica up depending on next expected canary downscale step, if abort is true', rolloutReplicas: 10, rolloutMaxReplicas: 20, canaryWeight: 60, stableWeight: 40, canaryRSReplicas: 6, stableRSReplicas: 4, availableStableReplicas: 4, expectedCanaryReplicas: 6, expectedStableReplicas: 8, rolloutAbort: true, steps: [{ setWeight: 60 }] },
  { name: 'Should scale stable replica up depending on available canary replicas, if actual number of canaries is less than expected and abort is true', rolloutReplicas: 10, rolloutMaxReplicas: 20, rolloutAbort: true, canaryWeight: 60, stableWeight: 40, canaryRSReplicas: 1, stableRSReplicas: 4, availableStableReplicas: 4, expectedCanaryReplicas: 6, expectedStableReplicas: 8, steps: [{ setWeight: 60 }] },
  { name: 'Should scale stable replica up depending on available stable replicas, if abort is true', rolloutReplicas: 10, rolloutMaxReplicas: 20, rolloutAbort: true, canaryWeight: 60, stableWeight: 40, canaryRSReplicas: 2, stableRSReplicas: 8, availableStableReplicas: 4, expectedCanaryReplicas: 6, expectedStableReplicas: 8, steps: [{ setWeight: 60 }] },
  { name: 'Should scale stable up as if canaries are scaled down to 0 if stable and canary replicas not passed, and abort is true', rolloutReplicas: 10, rolloutMaxReplicas: 20, rolloutAbort: true, canaryWeight: 60, stableWeight: 40, expectedCanaryReplicas: 6, expectedStableReplicas: 10, steps: [{ setWeight: 60 }] },
  // without steps
  { name: 'Should scale down stable', rolloutReplicas: 10, rolloutMaxReplicas: 10, rolloutAbort: false, canaryWeight: 10, stableWeight: 90, expectedCanaryReplicas: 1, expectedStableReplicas: 9 },
  { name: 'Should take max of desired canary (20) > actual (10)', rolloutReplicas: 10, rolloutMaxReplicas: 20, rolloutAbort: false, canaryWeight: 10, stableWeight: 90, expectedCanaryReplicas: 2, expectedStableReplicas: 9 },
  { name: 'Should leave canary scaled up if there is still traffic to it on abort', rolloutReplicas: 10, rolloutMaxReplicas: 20, rolloutAbort: true, canaryWeight: 20, stableWeight: 80, expectedCanaryReplicas: 2, expectedStableReplicas: 10 },
  { name: 'Should reduce canary when there is less traffic to it on abort', rolloutReplicas: 10, rolloutMaxReplicas: 20, rolloutAbort: true, canaryWeight: 10, stableWeight: 90, expectedCanaryReplicas: 1, expectedStableReplicas: 10 },
];

describe('TestCalculateReplicaCountsForCanaryTrafficRoutingDynamicScale', () => {
  it.each(dynamicCases)('$name', (c) => {
    const rollout = argoRollout({
      replicas: c.rolloutReplicas,
      setWeight: c.rolloutMaxReplicas,
      maxSurge: 0,
      maxUnavailable: 1,
      currentPodHash: 'canary',
      stablePodHash: 'stable',
      trafficRouting: {},
    });
    const canary = rollout.spec.strategy!.canary!;
    canary.dynamicStableScale = true;
    canary.steps = [...(canary.steps ?? []), ...(c.steps ?? [])];
    rollout.status = { ...rollout.status, abort: c.rolloutAbort };
    const weights: TrafficWeights = { canary: { weight: c.canaryWeight }, stable: { weight: c.stableWeight } };
    const stableRS = c.stableRSReplicas ? argoRS('stable', c.stableRSReplicas, c.availableStableReplicas ?? 0) : undefined;
    const newRS = c.canaryRSReplicas ? argoRS('canary', c.canaryRSReplicas, c.canaryRSReplicas) : undefined;
    expect(calculateReplicaCountsForTrafficRoutedCanary({ rollout, newRS, stableRS, weights })).toEqual({
      canary: c.expectedCanaryReplicas,
      stable: c.expectedStableReplicas,
    });
  });
});

describe('TestTrafficWeightToReplicas', () => {
  it.each([
    [10, 0, 100, 0],
    [10, 20, 100, 2],
    [10, 25, 100, 3],
    [10, 33, 100, 4],
    [10, 99, 100, 10],
    [10, 100, 100, 10],
    [23, 100000000, 100000000, 23],
  ])('%d replicas at weight %d of %d → %d', (replicas, weight, maxWeight, expected) => {
    expect(trafficWeightToReplicas(replicas, weight, maxWeight)).toBe(expected);
  });
});

describe('checkMinPodsPerReplicaSet', () => {
  const routed = aRollout().withReplicas(10).withCanary({ trafficRouting: {}, minPodsPerReplicaSet: 3 }).build();
  it.each([
    ['zero stays zero', routed, 0, 0],
    ['raised to the floor', routed, 1, 3],
    ['above the floor unchanged', routed, 5, 5],
    ['floor capped at spec.replicas', aRollout().withReplicas(2).withCanary({ trafficRouting: {}, minPodsPerReplicaSet: 3 }).build(), 1, 2],
    ['ignored without traffic routing', aRollout().withReplicas(10).withCanary({ minPodsPerReplicaSet: 3 }).build(), 1, 1],
    ['unset', aRollout().withReplicas(10).withCanary({ trafficRouting: {} }).build(), 1, 1],
  ])('%s', (_name, rollout, count, expected) => {
    expect(checkMinPodsPerReplicaSet(rollout, count)).toBe(expected);
  });
});
