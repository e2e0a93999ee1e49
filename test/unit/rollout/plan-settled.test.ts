// planSettled folds the passes that change only the status (and Service selectors) into the next
// pass. Walking a release through every step with it must end where planRollout's one-pass-at-a-time
// walk ends — the same ReplicaSets, Services and status — with fewer writes.
import { describe, expect, it } from '@jest/globals';
import type { DateTime } from 'luxon';
import { planRollout } from '../../../src/rollout/plan/plan-rollout.js';
import type { RolloutPlan, RolloutSnapshot } from '../../../src/rollout/plan/plan-types.js';
import { MAX_FOLDED_PASSES, planSettled } from '../../../src/rollout/plan-settled.js';
import { aRollout } from '../../fixtures/rollout-builder.js';
import { aService, aWorld, applyPlanTo, isQuiet, replicaCounts, snapshotOf, T0, withSpec, withStatus, type World } from '../../fixtures/rollout-world.js';

type Planner = (snapshot: RolloutSnapshot, now: DateTime) => RolloutPlan;

interface Walk {
  world: World;
  statusWrites: number;
  actions: number;
}

// Reconciles until quiet, counting the status writes (a changed status) and the actions.
function untilQuiet(start: World, planner: Planner, at: DateTime): Walk {
  let world = start;
  let statusWrites = 0;
  let actions = 0;
  for (let i = 0; i < 30; i++) {
    const plan = planner(snapshotOf(world), at);
    if (isQuiet(world, plan)) return { world, statusWrites, actions };
    if (plan.status && JSON.stringify(plan.status) !== JSON.stringify(world.rollout.status)) statusWrites++;
    actions += plan.actions.length;
    world = applyPlanTo(world, plan, at);
  }
  throw new Error('never quiet');
}

const promote = (w: World): World => withStatus(w, (s) => delete s.pauseConditions);

// First revision, a new image, then a promote at each of the two pauses.
function release(planner: Planner): { stages: World[]; statusWrites: number; actions: number } {
  const rollout = aRollout().withReplicas(4).withSteps({ setWeight: 25 }, { pause: {} }, { setWeight: 50 }, { pause: {} }).withCanary({ canaryService: 'canary', stableService: 'stable' }).build();
  let walk = untilQuiet(aWorld(rollout, [], [aService('canary'), aService('stable')]), planner, T0);
  const stages: World[] = [];
  let statusWrites = 0;
  let actions = 0;
  const next = (w: World): void => {
    walk = untilQuiet(w, planner, T0);
    stages.push(walk.world);
    statusWrites += walk.statusWrites;
    actions += walk.actions;
  };
  next(
    withSpec(walk.world, (r) => {
      const container = r.spec.template?.spec?.containers?.[0];
      if (container) container.image = 'guestbook:2';
    }),
  );
  next(promote(walk.world));
  next(promote(walk.world));
  return { stages, statusWrites, actions };
}

const view = (w: World): unknown => ({
  replicas: replicaCounts(w),
  selectors: [...w.services.values()].map((s) => s.spec?.selector),
  status: { ...w.rollout.status, conditions: w.rollout.status?.conditions?.map((c) => [c.type, c.status, c.reason]) },
});

describe('planSettled', () => {
  it('reaches every pause and the end exactly where one pass at a time does, with fewer status writes', () => {
    const onePass = release(planRollout);
    const settled = release(planSettled);
    expect(settled.stages.map(view)).toEqual(onePass.stages.map(view));
    expect(settled.stages.at(-1)?.rollout.status?.phase).toBe('Healthy');
    expect(settled.actions).toBe(onePass.actions);
    // 14 → 10 status writes for this release in the fixture world (ReplicaSets settle at once there).
    expect(onePass.statusWrites - settled.statusWrites).toBeGreaterThanOrEqual(4);
  });

  // Folding never adds a write: a later pass's acts wait for the status write that justifies them,
  // else a failed status write (a 409) and the pass before it would undo each other for ever.
  it('plans exactly the actions of one pass at every reconcile of the release', () => {
    const checked: number[] = [];
    const checking: Planner = (snapshot, now) => {
      const settled = planSettled(snapshot, now);
      expect(settled.actions).toEqual(planRollout(snapshot, now).actions);
      checked.push(settled.actions.length);
      return settled;
    };
    release(checking);
    expect(checked.some((n) => n > 0)).toBe(true);
  });

  it('does not fold past a pass that writes more than the status and selectors (a ReplicaSet to create)', () => {
    expect(MAX_FOLDED_PASSES).toBeGreaterThanOrEqual(2);
    const plan = planSettled(snapshotOf(aWorld(aRollout().withReplicas(1).build())), T0);
    expect(plan).toEqual(planRollout(snapshotOf(aWorld(aRollout().withReplicas(1).build())), T0));
  });
});
