// spec.restartAt (`kubectl argo rollouts restart`): pods created before it are evicted, never more
// at once than maxUnavailable (at least 1) below full availability; once none is left,
// status.restartedAt records it (Argo's RolloutPodRestarter.Reconcile).
import { describe, expect, it } from '@jest/globals';
import type { Pod } from '../../../../src/api/kube-types.js';
import type { Rollout } from '../../../../src/api/types.js';
import { planRollout } from '../../../../src/rollout/plan/plan-rollout.js';
import type { RolloutPlan } from '../../../../src/rollout/plan/plan-types.js';
import { aRollout } from '../../../fixtures/rollout-builder.js';
import { aWorld, reconcileUntilQuiet, snapshotOf, T0, withSpec, type World } from '../../../fixtures/rollout-world.js';

const HOUR_AGO = T0.minus({ hours: 1 }).toISO() ?? '';
const RESTART_AT = '2024-05-01T11:59:00Z';

function aPod(world: World, index: number, created: string, readySince: string | undefined): Pod {
  const rs = world.replicaSets[0];
  return {
    metadata: { name: `pod-${index}`, creationTimestamp: created, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name ?? '', uid: rs.metadata.uid ?? '', controller: true }] },
    status: { conditions: readySince ? [{ type: 'Ready', status: 'True', lastTransitionTime: readySince }] : [{ type: 'Ready', status: 'False' }] },
  };
}

/**
 * A healthy 4-replica rollout whose pods all started an hour ago, restarted at RESTART_AT, that
 * change already observed (the first pass after a spec change also asks for an immediate look).
 */
function restarting(change: (r: Rollout) => void = () => undefined, pods?: (w: World) => Pod[]): World {
  const rollout = aRollout().withReplicas(4).build();
  change(rollout);
  const healthy = reconcileUntilQuiet(aWorld(rollout), T0.minus({ hours: 1 })).world;
  const world = withSpec(healthy, (r) => (r.spec.restartAt = RESTART_AT));
  world.rollout.status = { ...world.rollout.status, observedGeneration: String(world.rollout.metadata?.generation) };
  return { ...world, pods: pods ? pods(world) : [0, 1, 2, 3].map((i) => aPod(world, i, HOUR_AGO, HOUR_AGO)) };
}
const evicted = (plan: RolloutPlan): string[] => plan.actions.flatMap((a) => (a.kind === 'evictPod' ? [a.name] : []));

describe('restartAt', () => {
  it.each<[string, number | string | undefined, string[]]>([
    ['maxUnavailable 25% of 4 → 1 pod at a time', undefined, ['pod-0']],
    ['maxUnavailable 2 → 2 pods at a time', 2, ['pod-0', 'pod-1']],
    ['maxUnavailable 0 → still 1 pod at a time', 0, ['pod-0']],
  ])('%s', (_name, maxUnavailable, expected) => {
    const world = restarting((r) => {
      if (maxUnavailable !== undefined) r.spec.strategy = { canary: { maxUnavailable, maxSurge: 1 } };
    });
    const plan = planRollout(snapshotOf(world), T0);
    expect(evicted(plan)).toEqual(expected);
    // A pass that evicts writes no status and looks again in 30 s.
    expect(plan.status).toBeUndefined();
    expect(plan.requeueAfterMs).toBe(30_000);
  });

  it('evicts nothing while a replacement pod is not available yet', () => {
    const world = restarting(undefined, (w) => [aPod(w, 1, HOUR_AGO, HOUR_AGO), aPod(w, 2, HOUR_AGO, HOUR_AGO), aPod(w, 3, HOUR_AGO, HOUR_AGO), aPod(w, 4, '2024-05-01T11:59:30Z', undefined)]);
    const plan = planRollout(snapshotOf(world), T0);
    expect(evicted(plan)).toEqual([]);
    expect(plan.requeueAfterMs).toBe(30_000);
    expect(plan.status).toMatchObject({ phase: 'Progressing', message: 'rollout is restarting' });
    expect(plan.status?.restartedAt).toBeUndefined();
  });

  it('a pod ready for less than minReadySeconds is not available', () => {
    const world = restarting(
      (r) => (r.spec.minReadySeconds = 30),
      (w) => [aPod(w, 1, HOUR_AGO, HOUR_AGO), aPod(w, 2, HOUR_AGO, HOUR_AGO), aPod(w, 3, HOUR_AGO, HOUR_AGO), aPod(w, 4, '2024-05-01T11:59:30Z', '2024-05-01T11:59:45Z')],
    );
    expect(evicted(planRollout(snapshotOf(world), T0))).toEqual([]);
    // Exactly minReadySeconds is not yet available (Kubernetes' IsPodAvailable: ready + min before now).
    expect(evicted(planRollout(snapshotOf(world), T0.plus({ seconds: 15 })))).toEqual([]);
    expect(evicted(planRollout(snapshotOf(world), T0.plus({ seconds: 16 })))).toEqual(['pod-1']);
  });

  it('records status.restartedAt once every pod is newer than restartAt, and the rollout is Healthy again', () => {
    const world = restarting(undefined, (w) => [0, 1, 2, 3].map((i) => aPod(w, i, '2024-05-01T11:59:30Z', '2024-05-01T11:59:40Z')));
    const plan = planRollout(snapshotOf(world), T0);
    expect(evicted(plan)).toEqual([]);
    expect(plan.status).toMatchObject({ restartedAt: RESTART_AT, phase: 'Healthy' });
  });

  it('a pod created exactly at restartAt counts as restarted', () => {
    const world = restarting(undefined, (w) => [0, 1, 2, 3].map((i) => aPod(w, i, RESTART_AT, RESTART_AT)));
    expect(planRollout(snapshotOf(world), T0).status?.restartedAt).toBe(RESTART_AT);
  });

  it('a restartAt in the future evicts nothing yet and asks to be woken then', () => {
    const world = restarting();
    world.rollout.spec.restartAt = '2024-05-01T12:05:00Z';
    const plan = planRollout(snapshotOf(world), T0);
    expect(evicted(plan)).toEqual([]);
    expect(plan.requeueAfterMs).toBe(300_000);
  });

  it('a restart already recorded is not done again', () => {
    const world = restarting();
    world.rollout.status = { ...world.rollout.status, restartedAt: RESTART_AT };
    expect(evicted(planRollout(snapshotOf(world), T0))).toEqual([]);
  });
});
