// The traffic a canary behind a router gets at each point of a release (Argo's reconcileTrafficRouting):
// weights follow the steps once the canary pods are up, header and mirror routes live from their step
// to the end, an abort sends everything back to stable in the first write, and the previous stable
// waits out scaleDownDelaySeconds after the release.
import { describe, expect, it } from '@jest/globals';
import { computePodTemplateHash } from '../../../../src/api/hash.js';
import { ANNOTATIONS, LABELS } from '../../../../src/api/labels.js';
import type { Rollout } from '../../../../src/api/types.js';
import type { RolloutAction, RolloutPlan } from '../../../../src/rollout/plan/plan-types.js';
import { aRollout } from '../../../fixtures/rollout-builder.js';
import { aService, aWorld, reconcileOnce, reconcileUntilQuiet, replicaCounts, T0, withSpec, withStatus, type World } from '../../../fixtures/rollout-world.js';

const HEADER = { setHeaderRoute: { name: 'beta-users', match: [{ headerName: 'x-beta', headerValue: { exact: 'yes' } }] } };
const MIRROR = { setMirrorRoute: { name: 'mirror-all', percentage: 35, match: [{ method: { exact: 'GET' } }] } };
const BLUE = aRollout()
  .withReplicas(10)
  .withSteps({ setWeight: 10 }, { pause: {} }, HEADER, MIRROR, { setWeight: 50 }, { pause: {} }, { setHeaderRoute: { name: 'beta-users' } })
  .withCanary({ canaryService: 'canary', stableService: 'stable', trafficRouting: { istio: { virtualService: { name: 'vs', routes: ['primary'] } }, managedRoutes: [{ name: 'beta-users' }, { name: 'mirror-all' }] } })
  .build();
const toGreen = (r: Rollout): void => {
  r.spec.template!.spec!.containers![0].image = 'argoproj/rollouts-demo:green';
};
const BLUE_HASH = computePodTemplateHash(BLUE.spec.template);
const GREEN_HASH = computePodTemplateHash(withSpec(aWorld(BLUE), toGreen).rollout.spec.template);
const STABLE = `guestbook-${BLUE_HASH}`;
const CANARY = `guestbook-${GREEN_HASH}`;

type RouteAction = Extract<RolloutAction, { kind: 'routeTraffic' }>;
const routeOf = (plan: RolloutPlan): RouteAction | undefined => plan.actions.find((a): a is RouteAction => a.kind === 'routeTraffic');
const selectorOf = (world: World, service: string): string | undefined => world.services.get(service)?.spec?.selector?.[LABELS.podTemplateHash];
// What `kubectl argo rollouts promote` writes: the pause conditions cleared, controllerPause kept.
const promote = (world: World): World => withStatus(world, (s) => delete s.pauseConditions);

function healthyBlue(): World {
  return reconcileUntilQuiet(aWorld(BLUE, [], [aService('canary'), aService('stable')]), T0).world;
}

/** Revision 2 paused at its first pause (step 1, canary weight 10). */
function atFirstPause(): World {
  return reconcileUntilQuiet(withSpec(healthyBlue(), toGreen), T0).world;
}

describe('traffic routing: the weights and routes of a release', () => {
  it('a healthy first revision has all traffic on stable and no managed route', () => {
    const world = healthyBlue();
    expect(world.traffic).toEqual({
      canary: { serviceName: 'canary', podTemplateHash: BLUE_HASH, weight: 0 },
      stable: { serviceName: 'stable', podTemplateHash: BLUE_HASH, weight: 100 },
      additional: [],
      maxWeight: 100,
      headerRoutes: [],
      mirrorRoutes: [],
    });
    expect(world.rollout.status?.canary?.weights).toEqual({ canary: { weight: 0, podTemplateHash: BLUE_HASH, serviceName: 'canary' }, stable: { weight: 100, podTemplateHash: BLUE_HASH, serviceName: 'stable' } });
  });

  it('keeps the canary at 0 until its pods are available, then moves to the step weight with 1 of 10 pods', () => {
    const updated = withSpec(healthyBlue(), toGreen);
    const created = reconcileOnce(updated, T0, { settle: false });
    expect(routeOf(created.plan)?.desired.canary.weight ?? 0).toBe(0);
    const { plans, world } = reconcileUntilQuiet(created.world, T0);
    expect(world.traffic?.canary).toEqual({ serviceName: 'canary', podTemplateHash: GREEN_HASH, weight: 10 });
    expect(world.traffic?.stable.weight).toBe(90);
    expect(replicaCounts(world)).toEqual({ [STABLE]: 10, [CANARY]: 1 });
    expect(world.rollout.status?.currentStepIndex).toBe(1);
    expect(plans.flatMap((p) => p.events)).toContainEqual({ type: 'Normal', reason: 'TrafficWeightUpdated', message: 'Traffic weight updated from 0 to 10' });
  });

  it('adds the header and mirror routes at their steps and removes the header route at its empty step', () => {
    const { world } = reconcileUntilQuiet(promote(atFirstPause()), T0);
    // Paused at step 5, after setWeight 50: both managed routes are in place, in managedRoutes order.
    expect(world.rollout.status?.currentStepIndex).toBe(5);
    expect(world.traffic?.canary.weight).toBe(50);
    expect(world.traffic?.headerRoutes).toEqual([HEADER.setHeaderRoute]);
    expect(world.traffic?.mirrorRoutes).toEqual([MIRROR.setMirrorRoute]);
    expect(replicaCounts(world)).toEqual({ [STABLE]: 10, [CANARY]: 5 });
    // The pass after the promote reaches step 6, which removes the header route; the mirror stays
    // until the end of the release.
    const last = reconcileOnce(reconcileOnce(promote(world), T0).world, T0).plan;
    expect(routeOf(last)?.desired.headerRoutes).toEqual([]);
    expect(routeOf(last)?.desired.mirrorRoutes).toEqual([MIRROR.setMirrorRoute]);
  });

  it('ends a release at 100 %, then back on the stable service with no managed route, the old stable kept for 30 s', () => {
    const paused = reconcileUntilQuiet(promote(atFirstPause()), T0).world;
    const { plans, world } = reconcileUntilQuiet(promote(paused), T0);
    expect(plans.map(routeOf).map((a) => a?.desired.canary.weight)).toContain(100);
    expect(world.rollout.status?.stableRS).toBe(GREEN_HASH);
    expect(selectorOf(world, 'stable')).toBe(GREEN_HASH);
    expect(world.traffic?.canary.weight).toBe(0);
    expect(world.traffic?.stable).toEqual({ serviceName: 'stable', podTemplateHash: GREEN_HASH, weight: 100 });
    expect(world.traffic?.headerRoutes).toEqual([]);
    expect(world.traffic?.mirrorRoutes).toEqual([]);
    // The previous stable keeps its pods, with its deadline in an annotation, until 30 s have passed.
    const old = world.replicaSets.find((rs) => rs.metadata.name === STABLE);
    expect(old?.spec.replicas).toBe(10);
    expect(old?.metadata.annotations?.[ANNOTATIONS.scaleDownDeadline]).toBe('2024-05-01T12:00:30Z');
    expect(plans.at(-1)?.requeueAfterMs ?? Infinity).toBeLessThanOrEqual(30_000);
    expect(replicaCounts(reconcileUntilQuiet(world, T0.plus({ seconds: 10 })).world)[STABLE]).toBe(10);
    expect(replicaCounts(reconcileUntilQuiet(world, T0.plus({ seconds: 31 })).world)[STABLE]).toBe(0);
  });

  it('an abort writes the router first: 0 % canary and no managed route, before any service switch or scaling', () => {
    const paused = reconcileUntilQuiet(promote(atFirstPause()), T0).world;
    const { plan } = reconcileOnce(withStatus(paused, (s) => (s.abort = true)), T0);
    expect(plan.actions[0]).toEqual({ kind: 'routeTraffic', desired: expect.objectContaining({ canary: { serviceName: 'canary', podTemplateHash: GREEN_HASH, weight: 0 }, headerRoutes: [], mirrorRoutes: [] }) });
    expect(plan.actions[1]).toEqual({ kind: 'setServiceSelector', service: 'canary', podTemplateHash: BLUE_HASH });
    expect(plan.events).toContainEqual({ type: 'Normal', reason: 'TrafficWeightUpdated', message: 'Traffic weight updated from 50 to 0' });
  });

  it('after an abort the canary pods stay for abortScaleDownDelaySeconds (30 s by default), then go', () => {
    const paused = reconcileUntilQuiet(promote(atFirstPause()), T0).world;
    const aborted = reconcileUntilQuiet(withStatus(paused, (s) => (s.abort = true)), T0).world;
    expect(replicaCounts(aborted)).toEqual({ [STABLE]: 10, [CANARY]: 5 });
    expect(aborted.replicaSets.find((rs) => rs.metadata.name === CANARY)?.metadata.annotations?.[ANNOTATIONS.scaleDownDeadline]).toBe('2024-05-01T12:00:30Z');
    expect(selectorOf(aborted, 'canary')).toBe(BLUE_HASH);
    const later = reconcileUntilQuiet(aborted, T0.plus({ seconds: 31 })).world;
    expect(replicaCounts(later)).toEqual({ [STABLE]: 10, [CANARY]: 0 });
    expect(later.traffic?.canary.weight).toBe(0);
    // The canary service is not flipped back to the canary on the way (no flip-flop).
    expect(selectorOf(later, 'canary')).toBe(BLUE_HASH);
  });

  it('asks nothing of the router while stable lacks the pods for its share', () => {
    const paused = atFirstPause();
    const starved = { ...paused, replicaSets: paused.replicaSets.map((rs) => (rs.metadata.name === STABLE ? { ...rs, status: { ...rs.status, availableReplicas: 5 } } : rs)) };
    const { plan } = reconcileOnce(starved, T0);
    expect(routeOf(plan)).toBeUndefined();
    expect(plan.reasons.join(' ')).toContain('stable lacks the pods for 90%');
  });

  it('maxTrafficWeight sets the total: setWeight 10 of 1000', () => {
    const thousand = withSpec(healthyBlue(), (r) => {
      r.spec.strategy!.canary!.trafficRouting = { nginx: { stableIngress: 'ingress' }, maxTrafficWeight: 1000 };
      r.spec.strategy!.canary!.steps = [{ setWeight: 10 }, { pause: {} }];
      toGreen(r);
    });
    const { world } = reconcileUntilQuiet(thousand, T0);
    expect(world.traffic).toMatchObject({ maxWeight: 1000, canary: { weight: 10 }, stable: { weight: 990 } });
    expect(replicaCounts(world)).toEqual({ [STABLE]: 10, [CANARY]: 1 });
  });

  it('a rollout without trafficRouting drops status.canary.weights and asks no router', () => {
    const world = withSpec(healthyBlue(), (r) => delete r.spec.strategy!.canary!.trafficRouting);
    const { plan } = reconcileOnce(world, T0);
    expect(routeOf(plan)).toBeUndefined();
    expect(plan.status?.canary?.weights).toBeUndefined();
  });
});

describe('traffic routing with dynamicStableScale', () => {
  const DYNAMIC = aRollout()
    .withReplicas(10)
    .withSteps({ setWeight: 20 }, { pause: {} }, { setWeight: 60 }, { pause: {} })
    .withCanary({ canaryService: 'canary', stableService: 'stable', dynamicStableScale: true, trafficRouting: { smi: {} } })
    .build();
  const blue = (): World => reconcileUntilQuiet(aWorld(DYNAMIC, [], [aService('canary'), aService('stable')]), T0).world;

  it('stable shrinks only after traffic has left it: 60% canary → 4 stable pods', () => {
    const atFirst = reconcileUntilQuiet(withSpec(blue(), toGreen), T0).world;
    expect(atFirst.traffic?.canary.weight).toBe(20);
    expect(replicaCounts(atFirst)).toEqual({ [STABLE]: 8, [CANARY]: 2 });
    const atSecond = reconcileUntilQuiet(promote(atFirst), T0).world;
    expect(atSecond.traffic?.canary.weight).toBe(60);
    expect(replicaCounts(atSecond)).toEqual({ [STABLE]: 4, [CANARY]: 6 });
  });

  it('an abort steps the weight back as stable pods return, and ends with all traffic and pods on stable', () => {
    const atSecond = reconcileUntilQuiet(promote(reconcileUntilQuiet(withSpec(blue(), toGreen), T0).world), T0).world;
    const { plans, world } = reconcileUntilQuiet(withStatus(atSecond, (s) => (s.abort = true)), T0);
    const weights = plans.map(routeOf).flatMap((a) => (a ? [a.desired.canary.weight] : []));
    // Never up again on the way down, and stable is never asked to carry more than it has pods for.
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
    expect(world.traffic?.canary.weight).toBe(0);
    expect(replicaCounts(world)).toEqual({ [STABLE]: 10, [CANARY]: 0 });
    expect(selectorOf(world, 'canary')).toBe(BLUE_HASH);
  });

  it('a full release ends with 10 new pods as stable, the old ones gone at once (no delay with dynamic scaling)', () => {
    const atSecond = reconcileUntilQuiet(promote(reconcileUntilQuiet(withSpec(blue(), toGreen), T0).world), T0).world;
    const { world } = reconcileUntilQuiet(promote(atSecond), T0);
    expect(world.rollout.status).toMatchObject({ stableRS: GREEN_HASH, phase: 'Healthy' });
    expect(replicaCounts(world)).toEqual({ [STABLE]: 0, [CANARY]: 10 });
    expect(world.traffic).toMatchObject({ canary: { weight: 0 }, stable: { weight: 100, podTemplateHash: GREEN_HASH } });
  });
});
