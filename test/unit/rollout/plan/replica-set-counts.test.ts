// Ports of Argo's TestGetReplicaCountForReplicaSets (utils/replicaset/replicaset_test.go) and
// TestGetReplicasForScaleDown (canary_test.go), with CheckStableRSExists.
import { describe, expect, it } from '@jest/globals';
import type { ReplicaSet } from '../../../../src/api/kube-types.js';
import {
  checkStableRSExists,
  getActualReplicaCountForReplicaSets,
  getAvailableReplicaCountForReplicaSets,
  getReadyReplicaCountForReplicaSets,
  getReplicaCountForReplicaSets,
  getReplicasForScaleDown,
} from '../../../../src/rollout/plan/replica-counts.js';
import { aReplicaSet } from '../../../fixtures/rollout-builder.js';

describe('TestGetReplicaCountForReplicaSets', () => {
  const rs1 = aReplicaSet('foo').withReplicas(1).withStatus({ replicas: 2 }).build();
  const rs2 = aReplicaSet('bar').withReplicas(2).withStatus({ replicas: 3, readyReplicas: 1 }).build();
  const rs3 = aReplicaSet('baz').withReplicas(3).withStatus({ replicas: 4, readyReplicas: 2, availableReplicas: 1 }).build();

  it.each<[string, ReplicaSet[], number, number, number, number]>([
    ['1 Spec, 2 Actual, 0 Ready, 0 Available', [rs1], 1, 2, 0, 0],
    ['3 Spec, 5 Actual, 1 Ready, 0 Available', [rs1, rs2], 3, 5, 1, 0],
    ['6 Spec, 9 Actual, 3 Ready, 1 Available', [rs1, rs2, rs3], 6, 9, 3, 1],
  ])('%s', (_name, sets, spec, actual, ready, available) => {
    expect(getReplicaCountForReplicaSets(sets)).toBe(spec);
    expect(getActualReplicaCountForReplicaSets(sets)).toBe(actual);
    expect(getReadyReplicaCountForReplicaSets(sets)).toBe(ready);
    expect(getAvailableReplicaCountForReplicaSets(sets)).toBe(available);
  });

  it('skips missing entries, as Argo skips nil', () => {
    expect(getReplicaCountForReplicaSets([undefined, rs3, undefined])).toBe(3);
  });
});

describe('TestGetReplicasForScaleDown', () => {
  const spec3 = (available: number): ReplicaSet => aReplicaSet('x').withReplicas(3).withAvailable(available).build();
  it.each<[string, ReplicaSet | undefined, boolean, number]>([
    ['test rs is nil', undefined, false, 0],
    ['test expected replicas is less than actual replicas', spec3(5), false, 3],
    ['test ignore availability', spec3(2), true, 3],
    ['test not ignore availability', spec3(2), false, 2],
  ])('%s', (_name, set, ignoreAvailability, expected) => {
    expect(getReplicasForScaleDown(set, ignoreAvailability)).toBe(expected);
  });
});

describe('checkStableRSExists', () => {
  const a = aReplicaSet('a').build();
  const b = aReplicaSet('b').build();
  it.each<[string, ReplicaSet | undefined, ReplicaSet | undefined, boolean]>([
    ['no stable', a, undefined, false],
    ['stable and no new', undefined, b, true],
    ['stable distinct from new', a, b, true],
    ['stable is the new one (same name)', a, aReplicaSet('a').withReplicas(5).build(), false],
  ])('%s', (_name, newRS, stableRS, expected) => {
    expect(checkStableRSExists(newRS, stableRS)).toBe(expected);
  });
});
