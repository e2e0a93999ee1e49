// A sweep over replicas 1–20, weights 0–100 and a handful of maxSurge/maxUnavailable settings,
// driving the basic canary the way the controller does (compute counts, scale, pods become
// available, again) and checking what Argo's arithmetic is built to guarantee:
//   - the target split has a pod on each side for weights 1–99 unless one pod cannot be split (or
//     Argo's half-pod fallback applies, see argoFallsBackToStable);
//   - no step asks for more than spec.replicas + maxSurge pods in all;
//   - no step leaves fewer than spec.replicas − maxUnavailable pods available;
//   - the counts reach the target split, and stop there.
import { describe, expect, it } from '@jest/globals';
import type { ReplicaSet } from '../../../../src/api/kube-types.js';
import type { Rollout } from '../../../../src/api/types.js';
import {
  approximateWeightedCanaryStableReplicaCounts,
  calculateReplicaCountsForBasicCanary,
  maxSurge,
  maxUnavailable,
  type IntOrString,
  type ReplicaCounts,
} from '../../../../src/rollout/plan/replica-counts.js';
import { aReplicaSet, aRollout } from '../../../fixtures/rollout-builder.js';

const FENCEPOSTS: [IntOrString, IntOrString][] = [
  [1, 0],
  [0, 1],
  ['25%', '25%'],
  [2, 1],
  ['0%', '0%'],
  ['50%', 0],
  [0, '30%'],
];
const REPLICAS = Array.from({ length: 20 }, (_, i) => i + 1);
const WEIGHTS = Array.from({ length: 101 }, (_, i) => i);

const cases = FENCEPOSTS.flatMap(([surge, unavailable]) => REPLICAS.map((replicas) => ({ surge, unavailable, replicas })));

function rolloutAt(c: { surge: IntOrString; unavailable: IntOrString; replicas: number }, weight: number, abort = false): Rollout {
  return aRollout()
    .withReplicas(c.replicas)
    .withSteps({ setWeight: weight })
    .withCanary({ maxSurge: c.surge, maxUnavailable: c.unavailable })
    .withStatus({ currentStepIndex: 0, stableRS: 'stable', currentPodHash: 'canary', abort })
    .build();
}

// Built once and then copied by hand: the sweep runs some 100 000 reconciles.
const CANARY = aReplicaSet('canary').build();
const STABLE = aReplicaSet('stable').build();
const withCounts = (rs: ReplicaSet, replicas: number, available: number): ReplicaSet => ({
  ...rs,
  spec: { ...rs.spec, replicas },
  status: { replicas, readyReplicas: available, availableReplicas: available },
});
const settled = (rs: ReplicaSet, pods: number): ReplicaSet => withCounts(rs, pods, pods);
// Pods scaled away stop being available at once; new pods are not available yet.
const scale = (rs: ReplicaSet, replicas: number): ReplicaSet => withCounts(rs, replicas, Math.min(rs.status?.availableReplicas ?? 0, replicas));

/** Drives reconciles until the counts stop changing; returns the problems seen (none expected). */
function drive(rollout: Rollout, start: ReplicaCounts): { problems: string[]; final: ReplicaCounts } {
  const limit = (rollout.spec.replicas ?? 1) + maxSurge(rollout);
  const floor = (rollout.spec.replicas ?? 1) - maxUnavailable(rollout);
  let newRS = settled(CANARY, start.canary);
  let stableRS = settled(STABLE, start.stable);
  const problems: string[] = [];
  for (let pass = 0; pass < 100; pass++) {
    const counts = calculateReplicaCountsForBasicCanary({ rollout, newRS, stableRS, otherRSs: [] });
    if (counts.canary === newRS.spec.replicas && counts.stable === stableRS.spec.replicas) return { problems, final: counts };
    if (counts.canary < 0 || counts.stable < 0) problems.push(`pass ${pass}: negative ${JSON.stringify(counts)}`);
    if (counts.canary + counts.stable > limit) problems.push(`pass ${pass}: ${counts.canary}+${counts.stable} pods > ${limit}`);
    newRS = scale(newRS, counts.canary);
    stableRS = scale(stableRS, counts.stable);
    const available = (newRS.status?.availableReplicas ?? 0) + (stableRS.status?.availableReplicas ?? 0);
    if (available < floor) problems.push(`pass ${pass}: ${available} available < ${floor}`);
    newRS = settled(newRS, counts.canary);
    stableRS = settled(stableRS, counts.stable);
  }
  return { problems: [...problems, 'did not settle in 100 passes'], final: { canary: -1, stable: -1 } };
}

// Argo's one gap in "a pod on each side": without surge, when replicas × weight is exactly half a
// pod and rounding up would take every pod (2 replicas at 75 → 1.5), the tie rule drops the floor,
// the ceiling is not allowed, no candidate is left, and Argo falls back to all stable.
function argoFallsBackToStable(replicas: number, weight: number, surge: number): boolean {
  const exact = replicas * (weight / 100);
  return replicas > 1 && surge === 0 && exact - Math.trunc(exact) === 0.5 && Math.ceil((replicas * weight) / 100) === replicas;
}

describe('basic canary invariants', () => {
  it.each(cases)('maxSurge $surge, maxUnavailable $unavailable, $replicas replicas: target split', (c) => {
    const surge = maxSurge(rolloutAt(c, 0));
    const problems = WEIGHTS.flatMap((weight) => {
      const t = approximateWeightedCanaryStableReplicaCounts(c.replicas, weight, 100, surge);
      const total = t.canary + t.stable;
      const out: string[] = [];
      if (total !== c.replicas && !(surge > 0 && total === c.replicas + 1)) out.push(`weight ${weight}: total ${total}`);
      if (weight === 0 && t.canary !== 0) out.push('weight 0 has canary pods');
      if (weight === 100 && t.stable !== 0) out.push('weight 100 has stable pods');
      if (weight === 0 || weight === 100) return out;
      if (argoFallsBackToStable(c.replicas, weight, surge)) {
        if (t.canary !== 0 || t.stable !== c.replicas) out.push(`weight ${weight}: fallback gave ${JSON.stringify(t)}`);
      } else if ((c.replicas > 1 || surge > 0) && (t.canary === 0 || t.stable === 0)) {
        out.push(`weight ${weight}: ${JSON.stringify(t)}`);
      }
      return out;
    });
    expect(problems).toEqual([]);
  });

  it.each(cases)('maxSurge $surge, maxUnavailable $unavailable, $replicas replicas: stable → weight, within limits', (c) => {
    const problems = WEIGHTS.flatMap((weight) => {
      const rollout = rolloutAt(c, weight);
      const { problems: seen, final } = drive(rollout, { canary: 0, stable: c.replicas });
      const target = approximateWeightedCanaryStableReplicaCounts(c.replicas, weight, 100, maxSurge(rollout));
      const settledOff = JSON.stringify(final) === JSON.stringify(target) ? [] : [`settled at ${JSON.stringify(final)}, target ${JSON.stringify(target)}`];
      return [...seen, ...settledOff].map((p) => `weight ${weight}: ${p}`);
    });
    expect(problems).toEqual([]);
  });

  it.each(cases)('maxSurge $surge, maxUnavailable $unavailable, $replicas replicas: weight → abort, within limits', (c) => {
    const problems = WEIGHTS.flatMap((weight) => {
      const start = approximateWeightedCanaryStableReplicaCounts(c.replicas, weight, 100, maxSurge(rolloutAt(c, weight)));
      const { problems: seen, final } = drive(rolloutAt(c, weight, true), start);
      const settledOff = final.canary === 0 && final.stable === c.replicas ? [] : [`settled at ${JSON.stringify(final)}`];
      return [...seen, ...settledOff].map((p) => `weight ${weight}: ${p}`);
    });
    expect(problems).toEqual([]);
  });
});
