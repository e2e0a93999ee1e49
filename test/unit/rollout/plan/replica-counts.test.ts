// Ports of Argo's utils/replicaset/canary_test.go for the basic canary arithmetic: every case of
// TestCalculateReplicaCountsForCanary and TestApproximateWeightedNewStableReplicaCounts, named
// as Argo names them, must give Argo's numbers.
import { describe, expect, it } from '@jest/globals';
import type { ReplicaSet } from '../../../../src/api/kube-types.js';
import type { RolloutTrafficRouting, SetCanaryScale } from '../../../../src/api/types.js';
import {
  approximateWeightedCanaryStableReplicaCounts,
  calculateReplicaCountsForBasicCanary,
  calculateReplicaCountsForCanary,
  calculateReplicaCountsForTrafficRoutedCanary,
} from '../../../../src/rollout/plan/replica-counts.js';
import type { IntOrString } from '../../../../src/rollout/plan/rollout-surge.js';
import { argoRS, argoRollout } from './argo-canary-fixtures.js';

interface CalculateCase {
  name: string;
  replicas: number;
  setWeight?: number;
  maxSurge?: IntOrString;
  maxUnavailable?: IntOrString;
  promoteFull?: boolean;
  stableSpec: number;
  stableAvailable: number;
  canarySpec?: number;
  canaryAvailable?: number;
  expectedStable: number;
  expectedCanary: number;
  olderRS?: { hash: string; spec: number; available: number };
  setCanaryScale?: SetCanaryScale;
  trafficRouting?: RolloutTrafficRouting;
  abortScaleDownDelaySeconds?: number;
  statusAbort?: boolean;
  minPodsPerReplicaSet?: number;
}

// TestCalculateReplicaCountsForCanary
const calculateCases: CalculateCase[] = [
  { name: 'Do not add extra RSs in scaleDownCount when .Spec.Replica < AvailableReplicas', replicas: 10, setWeight: 100, maxSurge: 3, maxUnavailable: 0, stableSpec: 7, stableAvailable: 8, canarySpec: 6, canaryAvailable: 3, expectedStable: 7, expectedCanary: 6 },
  { name: 'Use max surge int to scale up canary', replicas: 10, setWeight: 20, maxSurge: 2, maxUnavailable: 0, stableSpec: 10, stableAvailable: 10, canarySpec: 0, canaryAvailable: 0, expectedStable: 10, expectedCanary: 2 },
  { name: 'Use max surge percentage to scale up canary', replicas: 10, setWeight: 20, maxSurge: '20%', maxUnavailable: 0, stableSpec: 10, stableAvailable: 10, canarySpec: 0, canaryAvailable: 0, expectedStable: 10, expectedCanary: 2 },
  { name: 'Scale down extra stable replicas', replicas: 10, setWeight: 20, maxSurge: '20%', maxUnavailable: 0, stableSpec: 10, stableAvailable: 10, canarySpec: 2, canaryAvailable: 2, expectedStable: 8, expectedCanary: 2 },
  { name: 'Do not go past max surge', replicas: 10, setWeight: 30, maxSurge: 2, maxUnavailable: 0, stableSpec: 10, stableAvailable: 10, canarySpec: 0, canaryAvailable: 0, expectedStable: 10, expectedCanary: 2 },
  { name: 'Use max unavailable int to scale down stableRS', replicas: 10, setWeight: 20, maxSurge: 0, maxUnavailable: 2, stableSpec: 10, stableAvailable: 10, canarySpec: 0, canaryAvailable: 0, expectedStable: 8, expectedCanary: 0 },
  { name: 'Use max surge percentage to scale down stableRS', replicas: 10, setWeight: 20, maxSurge: 0, maxUnavailable: '20%', stableSpec: 10, stableAvailable: 10, canarySpec: 0, canaryAvailable: 0, expectedStable: 8, expectedCanary: 0 },
  { name: 'Do not go past max unavailable', replicas: 10, setWeight: 30, maxSurge: 0, maxUnavailable: 2, stableSpec: 10, stableAvailable: 10, canarySpec: 0, canaryAvailable: 0, expectedStable: 8, expectedCanary: 0 },
  { name: 'Use Max Surge and Max Unavailable', replicas: 10, setWeight: 50, maxSurge: 2, maxUnavailable: 1, stableSpec: 10, stableAvailable: 10, canarySpec: 0, canaryAvailable: 0, expectedStable: 9, expectedCanary: 2 },
  { name: 'Scale canaryRS to zero on setWeight of 0%', replicas: 10, setWeight: 0, maxSurge: 1, maxUnavailable: 1, stableSpec: 10, stableAvailable: 10, canarySpec: 1, canaryAvailable: 1, expectedStable: 10, expectedCanary: 0 },
  { name: 'Scale stable to zero on setWeight of 100%', replicas: 10, setWeight: 100, maxSurge: 1, maxUnavailable: 1, stableSpec: 1, stableAvailable: 1, canarySpec: 10, canaryAvailable: 10, expectedStable: 0, expectedCanary: 10 },
  { name: 'Do not scale canaryRS down to zero on non-zero weight', replicas: 1, setWeight: 20, maxSurge: 1, maxUnavailable: 0, stableSpec: 1, stableAvailable: 1, canarySpec: 0, canaryAvailable: 0, expectedStable: 1, expectedCanary: 1 },
  { name: 'Do not scale canaryRS down to zero on non-100 weight', replicas: 1, setWeight: 90, maxSurge: 1, maxUnavailable: 0, stableSpec: 1, stableAvailable: 1, canarySpec: 0, canaryAvailable: 0, expectedStable: 1, expectedCanary: 1 },
  { name: 'Scale canaryRS to zero on <50 weight without surge', replicas: 1, setWeight: 49, maxSurge: 0, maxUnavailable: 1, stableSpec: 1, stableAvailable: 1, canarySpec: 0, canaryAvailable: 0, expectedStable: 1, expectedCanary: 0 },
  { name: 'Scale stableRS down to zero on >=50 weight without surge', replicas: 1, setWeight: 51, maxSurge: 0, maxUnavailable: 1, stableSpec: 1, stableAvailable: 1, canarySpec: 0, canaryAvailable: 0, expectedStable: 0, expectedCanary: 0 },
  { name: 'Scale canaryRS to one on >=50 weight without surge and stable replicas', replicas: 1, setWeight: 51, maxSurge: 0, maxUnavailable: 1, stableSpec: 0, stableAvailable: 0, canarySpec: 0, canaryAvailable: 0, expectedStable: 0, expectedCanary: 1 },
  { name: 'Scale up Stable before canaryRS', replicas: 10, setWeight: 30, maxSurge: 1, maxUnavailable: 0, stableSpec: 1, stableAvailable: 1, canarySpec: 0, canaryAvailable: 0, expectedStable: 7, expectedCanary: 1, olderRS: { hash: 'older', spec: 3, available: 3 } },
  { name: 'Scale down canaryRS and stable', replicas: 10, setWeight: 30, maxSurge: 0, maxUnavailable: 3, stableSpec: 8, stableAvailable: 5, canarySpec: 4, canaryAvailable: 4, expectedStable: 7, expectedCanary: 3 },
  { name: 'Scale down stable and canary available', replicas: 10, setWeight: 100, maxSurge: 1, maxUnavailable: 0, stableSpec: 10, stableAvailable: 2, canarySpec: 10, canaryAvailable: 8, expectedStable: 2, expectedCanary: 9 },
  { name: 'Do not scale down canaryRS or stable when older RS count >= scaleDownCount', replicas: 10, setWeight: 30, maxSurge: 0, maxUnavailable: 1, stableSpec: 8, stableAvailable: 6, canarySpec: 4, canaryAvailable: 2, expectedStable: 8, expectedCanary: 4, olderRS: { hash: 'older', spec: 3, available: 3 } },
  { name: 'Do not round past maxSurge with uneven setWeight divisor', replicas: 10, setWeight: 5, maxSurge: 0, maxUnavailable: 1, stableSpec: 10, stableAvailable: 10, canarySpec: 0, canaryAvailable: 0, expectedStable: 9, expectedCanary: 0 },
  { name: 'Do not round past maxSurge with uneven setWeight divisor (part 2)', replicas: 10, setWeight: 5, maxSurge: 0, maxUnavailable: 1, stableSpec: 9, stableAvailable: 9, canarySpec: 0, canaryAvailable: 0, expectedStable: 9, expectedCanary: 1 },
  { name: 'Use maxUnavailable of 1 when percentage of maxUnavailable and maxSurge result in 0 replicas', replicas: 10, setWeight: 10, maxSurge: '0%', maxUnavailable: '0%', stableSpec: 10, stableAvailable: 10, canarySpec: 0, canaryAvailable: 0, expectedStable: 9, expectedCanary: 0 },
  { name: 'For canary replicas, use setCanaryScale.replicas when specified along with trafficRouting (and ignore setWeight)', replicas: 1, setWeight: 100, stableSpec: 1, stableAvailable: 1, expectedStable: 1, expectedCanary: 9, setCanaryScale: { replicas: 9, matchTrafficWeight: false }, trafficRouting: {} },
  { name: 'Use setCanaryScale.weight for canary replicas when specified with trafficRouting (and ignore setWeight)', replicas: 4, setWeight: 100, stableSpec: 4, stableAvailable: 4, expectedStable: 4, expectedCanary: 8, setCanaryScale: { weight: 200, matchTrafficWeight: false }, trafficRouting: {} },
  { name: 'Ignore setCanaryScale replicas/weight when matchTrafficWeight is true', replicas: 10, setWeight: 20, maxSurge: '20%', maxUnavailable: 0, stableSpec: 10, stableAvailable: 10, canarySpec: 0, canaryAvailable: 0, expectedStable: 10, expectedCanary: 2, setCanaryScale: { replicas: 9, weight: 100, matchTrafficWeight: true }, trafficRouting: {} },
  { name: 'Ignore setCanaryScale when trafficRouting is missing and use setWeight for replicas', replicas: 10, setWeight: 20, maxSurge: '20%', maxUnavailable: 0, stableSpec: 10, stableAvailable: 10, canarySpec: 0, canaryAvailable: 0, expectedStable: 10, expectedCanary: 2, setCanaryScale: { replicas: 9, weight: 100, matchTrafficWeight: false }, trafficRouting: undefined },
  { name: 'honor maxSurge during scale up when stableRS unavailable', replicas: 4, setWeight: 100, maxSurge: 1, maxUnavailable: 0, stableSpec: 4, stableAvailable: 1, canarySpec: 0, canaryAvailable: 0, expectedStable: 4, expectedCanary: 1 },
  { name: 'scale down to maxunavailable without exceeding maxSurge', replicas: 3, setWeight: 99, maxSurge: 0, maxUnavailable: 2, stableSpec: 3, stableAvailable: 3, canarySpec: 0, canaryAvailable: 0, expectedStable: 1, expectedCanary: 0 },
  { name: 'scale down to maxunavailable without exceeding maxSurge (part 2)', replicas: 3, setWeight: 99, maxSurge: 0, maxUnavailable: 2, stableSpec: 1, stableAvailable: 1, canarySpec: 0, canaryAvailable: 0, expectedStable: 1, expectedCanary: 2 },
  { name: 'honor maxUnavailable during scale down stableRS unavailable', replicas: 4, setWeight: 100, maxSurge: 1, maxUnavailable: 0, stableSpec: 4, stableAvailable: 1, canarySpec: 1, canaryAvailable: 1, expectedStable: 3, expectedCanary: 1 },
  { name: 'honor maxUnavailable when aborting or reducing weight part 1', replicas: 4, setWeight: 0, maxSurge: 1, maxUnavailable: 0, stableSpec: 0, stableAvailable: 0, canarySpec: 4, canaryAvailable: 4, expectedStable: 1, expectedCanary: 4 },
  { name: 'honor maxUnavailable when aborting or reducing weight part 2', replicas: 4, setWeight: 0, maxSurge: 1, maxUnavailable: 0, stableSpec: 1, stableAvailable: 0, canarySpec: 4, canaryAvailable: 4, expectedStable: 1, expectedCanary: 4 },
  { name: 'honor maxUnavailable when aborting or reducing weight part 3', replicas: 4, setWeight: 0, maxSurge: 1, maxUnavailable: 0, stableSpec: 1, stableAvailable: 1, canarySpec: 4, canaryAvailable: 4, expectedStable: 1, expectedCanary: 3 },
  { name: 'promote full does not consider weight', replicas: 4, setWeight: 1, maxSurge: 4, maxUnavailable: 4, promoteFull: true, stableSpec: 4, stableAvailable: 4, canarySpec: 0, canaryAvailable: 0, expectedStable: 0, expectedCanary: 4 },
  { name: 'promote full still honors maxSurge/maxUnavailable', replicas: 4, setWeight: 1, maxSurge: 3, maxUnavailable: 0, promoteFull: true, stableSpec: 4, stableAvailable: 4, canarySpec: 0, canaryAvailable: 0, expectedStable: 4, expectedCanary: 3 },
  { name: 'aborted with abortScaleDownDelaySeconds:0 and setCanaryScale', replicas: 1, stableSpec: 1, stableAvailable: 1, canarySpec: 1, canaryAvailable: 1, expectedStable: 1, expectedCanary: 1, setCanaryScale: { replicas: 1, matchTrafficWeight: false }, trafficRouting: {}, abortScaleDownDelaySeconds: 0, statusAbort: true },
  { name: 'aborted with abortScaleDownDelaySeconds>0 and setCanaryScale', replicas: 1, stableSpec: 1, stableAvailable: 1, canarySpec: 1, canaryAvailable: 1, expectedStable: 1, expectedCanary: 0, setCanaryScale: { replicas: 1, matchTrafficWeight: false }, trafficRouting: {}, abortScaleDownDelaySeconds: 30, statusAbort: true },
  { name: 'Honor MinPodsPerReplicaSet when using trafficRouting and starting canary', replicas: 10, setWeight: 5, stableSpec: 10, stableAvailable: 10, canarySpec: 0, canaryAvailable: 0, expectedStable: 10, expectedCanary: 2, trafficRouting: {}, minPodsPerReplicaSet: 2 },
  { name: 'Cap MinPodsPerReplicaSet when it exceeds rollout replicas with trafficRouting', replicas: 1, setWeight: 100, promoteFull: true, stableSpec: 1, stableAvailable: 1, canarySpec: 0, canaryAvailable: 0, expectedStable: 1, expectedCanary: 1, trafficRouting: {}, minPodsPerReplicaSet: 2 },
];

describe('TestCalculateReplicaCountsForCanary', () => {
  it.each(calculateCases)('$name', (c) => {
    const rollout = argoRollout({
      replicas: c.replicas,
      setWeight: c.setWeight ?? 0,
      maxSurge: c.maxSurge,
      maxUnavailable: c.maxUnavailable,
      currentPodHash: 'canary',
      stablePodHash: 'stable',
      setCanaryScale: c.setCanaryScale,
      trafficRouting: c.trafficRouting,
    });
    rollout.status = { ...rollout.status, promoteFull: c.promoteFull ?? false, abort: c.statusAbort ?? false };
    const canary = rollout.spec.strategy!.canary!;
    if (c.abortScaleDownDelaySeconds !== undefined) canary.abortScaleDownDelaySeconds = c.abortScaleDownDelaySeconds;
    if (c.minPodsPerReplicaSet !== undefined) canary.minPodsPerReplicaSet = c.minPodsPerReplicaSet;
    const stableRS = argoRS('stable', c.stableSpec, c.stableAvailable);
    const canaryRS = argoRS('canary', c.canarySpec ?? 0, c.canaryAvailable ?? 0);
    const otherRSs: ReplicaSet[] = c.olderRS ? [argoRS(c.olderRS.hash, c.olderRS.spec, c.olderRS.available)] : [];
    // As in Argo's test, the traffic-routed cases pass neither ReplicaSets nor weights.
    const counts = c.trafficRouting
      ? calculateReplicaCountsForTrafficRoutedCanary({ rollout })
      : calculateReplicaCountsForBasicCanary({ rollout, newRS: canaryRS, stableRS, otherRSs });
    expect(counts).toEqual({ canary: c.expectedCanary, stable: c.expectedStable });
  });
});

// TestApproximateWeightedNewStableReplicaCounts: [replicas, weight, maxWeight, maxSurge, canary, stable]
const approximateCases: [number, number, number, number, number, number][] = [
  [0, 0, 100, 0, 0, 0], // 0%
  [0, 50, 100, 0, 0, 0], // 0%
  [0, 100, 100, 0, 0, 0], // 0%
  [0, 0, 100, 1, 0, 0], // 0%
  [0, 50, 100, 1, 0, 0], // 0%
  [0, 100, 100, 1, 0, 0], // 0%
  [1, 0, 100, 0, 0, 1], // 0%
  [1, 1, 100, 0, 0, 1], // 0%
  [1, 49, 100, 0, 0, 1], // 0%
  [1, 50, 100, 0, 1, 0], // 100%
  [1, 99, 100, 0, 1, 0], // 100%
  [1, 100, 100, 0, 1, 0], // 100%
  [1, 0, 100, 1, 0, 1], // 0%
  [1, 1, 100, 1, 1, 1], // 50%
  [1, 49, 100, 1, 1, 1], // 50%
  [1, 50, 100, 1, 1, 1], // 50%
  [1, 99, 100, 1, 1, 1], // 50%
  [1, 100, 100, 1, 1, 0], // 100%
  [2, 0, 100, 0, 0, 2], // 0%
  [2, 1, 100, 0, 1, 1], // 50%
  [2, 50, 100, 0, 1, 1], // 50%
  [2, 99, 100, 0, 1, 1], // 50%
  [2, 100, 100, 0, 2, 0], // 100%
  [2, 0, 100, 1, 0, 2], // 0%
  [2, 1, 100, 1, 1, 2], // 33.3%
  [2, 50, 100, 1, 1, 1], // 50%
  [2, 99, 100, 1, 2, 1], // 66.6%
  [2, 100, 100, 1, 2, 0], // 100%
  [3, 10, 100, 0, 1, 2], // 33.3%
  [3, 25, 100, 0, 1, 2], // 33.3%
  [3, 33, 100, 0, 1, 2], // 33.3%
  [3, 34, 100, 0, 1, 2], // 33.3%
  [3, 49, 100, 0, 1, 2], // 33.3%
  [3, 50, 100, 0, 2, 1], // 66.6%
  [3, 10, 100, 1, 1, 3], // 25%
  [3, 25, 100, 1, 1, 3], // 25%
  [3, 33, 100, 1, 1, 2], // 33.3%
  [3, 34, 100, 1, 1, 2], // 33.3%
  [3, 49, 100, 1, 2, 2], // 50%
  [3, 50, 100, 1, 2, 2], // 50%
  [10, 0, 100, 1, 0, 10], // 0%
  [10, 1, 100, 0, 1, 9], // 10%
  [10, 14, 100, 0, 1, 9], // 10%
  [10, 15, 100, 0, 2, 8], // 20%
  [10, 16, 100, 0, 2, 8], // 20%
  [10, 99, 100, 0, 9, 1], // 90%
  [10, 100, 100, 1, 10, 0], // 100%
  [10, 0, 100, 1, 0, 10], // 0%
  [10, 1, 100, 1, 1, 10], // 9.1%
  [10, 18, 100, 1, 2, 9], // 18.1%
  [10, 19, 100, 1, 2, 9], // 18.1%
  [10, 20, 100, 1, 2, 8], // 20%
  [10, 23, 100, 1, 2, 8], // 20%
  [10, 24, 100, 1, 3, 8], // 27.2%
  [10, 25, 100, 1, 3, 8], // 27.2%
  [10, 99, 100, 1, 10, 1], // 90.9%
  [10, 100, 100, 1, 10, 0], // 100%
];

describe('TestApproximateWeightedNewStableReplicaCounts', () => {
  it.each(approximateCases)('replicas:%d_weight:%d_maxweight:%d_surge:%d → canary %d, stable %d', (replicas, weight, maxWeight, surge, canary, stable) => {
    expect(approximateWeightedCanaryStableReplicaCounts(replicas, weight, maxWeight, surge)).toEqual({ canary, stable });
  });
});

// Not in Argo's table, but what its code gives: a half-pod tie whose ceiling is every pod leaves
// no candidate without surge, and Argo falls back to all stable.
describe('half-pod fallback', () => {
  it.each([
    [2, 75, 0, 0, 2],
    [10, 95, 0, 0, 10],
    [2, 75, 1, 2, 1],
  ])('%d replicas at weight %d, surge %d → canary %d, stable %d', (replicas, weight, surge, canary, stable) => {
    expect(approximateWeightedCanaryStableReplicaCounts(replicas, weight, 100, surge)).toEqual({ canary, stable });
  });
});

describe('TestCalculateReplicaCountsForNewDeployment', () => {
  it('the new ReplicaSet named like the stable one takes every replica', () => {
    const rollout = argoRollout({ replicas: 10, setWeight: 10, maxSurge: 0, maxUnavailable: 1, currentPodHash: 'canary', stablePodHash: 'stable' });
    const counts = calculateReplicaCountsForBasicCanary({ rollout, newRS: argoRS('stable', 10, 0), stableRS: argoRS('stable', 10, 0) });
    expect(counts).toEqual({ canary: 10, stable: 0 });
  });
});

describe('TestCalculateReplicaCountsForCanaryStableRSdEdgeCases', () => {
  const rollout = argoRollout({ replicas: 10, setWeight: 10, maxSurge: 0, maxUnavailable: 1, currentPodHash: '', stablePodHash: '' });
  const newRS = argoRS('stable', 9, 9);

  it('no stable ReplicaSet: the new one goes to spec.replicas', () => {
    expect(calculateReplicaCountsForBasicCanary({ rollout, newRS, otherRSs: [] })).toEqual({ canary: 10, stable: 0 });
  });

  it('stable is the new ReplicaSet: the new one goes to spec.replicas', () => {
    expect(calculateReplicaCountsForBasicCanary({ rollout, newRS, stableRS: newRS, otherRSs: [] })).toEqual({ canary: 10, stable: 0 });
  });
});

describe('calculateReplicaCountsForCanary', () => {
  it('dispatches on trafficRouting as Argo\'s callers do', () => {
    const basic = argoRollout({ replicas: 10, setWeight: 20, maxSurge: 2, maxUnavailable: 0, currentPodHash: 'canary', stablePodHash: 'stable' });
    const routed = argoRollout({ replicas: 10, setWeight: 20, maxSurge: 2, maxUnavailable: 0, currentPodHash: 'canary', stablePodHash: 'stable', trafficRouting: {} });
    const sets = { newRS: argoRS('canary', 0, 0), stableRS: argoRS('stable', 10, 10) };
    expect(calculateReplicaCountsForCanary({ rollout: basic, ...sets })).toEqual({ canary: 2, stable: 10 });
    expect(calculateReplicaCountsForCanary({ rollout: routed, ...sets })).toEqual({ canary: 2, stable: 10 });
  });
});
