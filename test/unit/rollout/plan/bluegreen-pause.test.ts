// The BlueGreenPause: manual promotion (autoPromotionEnabled false), automatic promotion after
// autoPromotionSeconds, and previewReplicaCount with its scale-up checkpoint.
import { describe, expect, it } from '@jest/globals';
import { BLUE, BLUE_HASH, deployedBlueGreen, GREEN, GREEN_HASH, selectorOf, toGreen } from '../../../fixtures/bluegreen-world.js';
import { reconcileOnce, reconcileUntilQuiet, replicaCounts, T0, withSpec, withStatus, type World } from '../../../fixtures/rollout-world.js';

const promote = (world: World): World => withStatus(world, (s) => delete s.pauseConditions);

describe('autoPromotionEnabled: false', () => {
  const paused = (): World => reconcileUntilQuiet(withSpec(deployedBlueGreen({ autoPromotionEnabled: false }), toGreen), T0).world;

  it('previews the new pods and pauses with BlueGreenPause, active still on blue', () => {
    const world = paused();
    expect(replicaCounts(world)).toEqual({ [BLUE]: 3, [GREEN]: 3 });
    expect(selectorOf(world, 'preview')).toBe(GREEN_HASH);
    expect(selectorOf(world, 'active')).toBe(BLUE_HASH);
    expect(world.rollout.status).toMatchObject({ phase: 'Paused', message: 'BlueGreenPause', controllerPause: true, pauseConditions: [{ reason: 'BlueGreenPause', startTime: '2024-05-01T12:00:00Z' }], stableRS: BLUE_HASH, blueGreen: { activeSelector: BLUE_HASH, previewSelector: GREEN_HASH } });
  });

  it('waits indefinitely: an hour later nothing changes and no requeue is asked', () => {
    const world = paused();
    const { plan } = reconcileOnce(world, T0.plus({ hours: 1 }));
    expect(plan.actions).toEqual([]);
    expect(plan.requeueAfterMs).toBeUndefined();
    expect(plan.status?.pauseConditions).toHaveLength(1);
  });

  it('a promote (pause conditions cleared) switches active in the next pass and promotes green', () => {
    const { plan, world } = reconcileOnce(promote(paused()), T0.plus({ minutes: 1 }));
    expect(plan.actions).toContainEqual({ kind: 'setServiceSelector', service: 'active', podTemplateHash: GREEN_HASH });
    expect(world.rollout.status).toMatchObject({ stableRS: GREEN_HASH, blueGreen: { activeSelector: GREEN_HASH } });
    expect(world.rollout.status?.controllerPause).toBeUndefined();
    const settled = reconcileUntilQuiet(world, T0.plus({ minutes: 1 })).world;
    expect(settled.rollout.status).toMatchObject({ phase: 'Healthy' });
  });
});

describe('autoPromotionSeconds', () => {
  const paused = (): World => reconcileUntilQuiet(withSpec(deployedBlueGreen({ autoPromotionSeconds: 30 }), toGreen), T0).world;

  it('pauses and asks to be requeued exactly when the promotion falls due', () => {
    const world = paused();
    expect(world.rollout.status?.pauseConditions).toEqual([{ reason: 'BlueGreenPause', startTime: '2024-05-01T12:00:00Z' }]);
    expect(reconcileOnce(world, T0.plus({ seconds: 10 })).plan.requeueAfterMs).toBe(20_000);
  });

  it('does not switch before the time', () => {
    const { plan } = reconcileOnce(paused(), T0.plus({ seconds: 29 }));
    expect(plan.actions.filter((a) => a.kind === 'setServiceSelector')).toEqual([]);
  });

  it('switches active and promotes at autoPromotionSeconds', () => {
    const { plan, world } = reconcileOnce(paused(), T0.plus({ seconds: 30 }));
    expect(plan.actions).toContainEqual({ kind: 'setServiceSelector', service: 'active', podTemplateHash: GREEN_HASH });
    expect(world.rollout.status?.pauseConditions).toBeUndefined();
    expect(world.rollout.status?.stableRS).toBe(GREEN_HASH);
  });
});

describe('autoPromotionEnabled true without autoPromotionSeconds', () => {
  it('never pauses', () => {
    const { plans } = reconcileUntilQuiet(withSpec(deployedBlueGreen(), toGreen), T0);
    expect(plans.some((p) => (p.status?.pauseConditions ?? []).length > 0)).toBe(false);
  });
});

describe('previewReplicaCount', () => {
  const previewing = (): World => reconcileUntilQuiet(withSpec(deployedBlueGreen({ previewReplicaCount: 1, autoPromotionEnabled: false }), toGreen), T0).world;

  it('runs the preview at previewReplicaCount while paused', () => {
    const world = previewing();
    expect(replicaCounts(world)).toEqual({ [BLUE]: 3, [GREEN]: 1 });
    expect(selectorOf(world, 'preview')).toBe(GREEN_HASH);
    expect(selectorOf(world, 'active')).toBe(BLUE_HASH);
    expect(world.rollout.status).toMatchObject({ phase: 'Paused', blueGreen: { activeSelector: BLUE_HASH } });
    expect(world.rollout.status?.blueGreen?.scaleUpPreviewCheckPoint).toBeUndefined();
  });

  it('on promote sets scaleUpPreviewCheckPoint, grows the new side to full size, and only then switches', () => {
    const first = reconcileOnce(promote(previewing()), T0);
    expect(first.plan.actions.filter((a) => a.kind === 'setServiceSelector')).toEqual([]);
    expect(first.world.rollout.status?.blueGreen?.scaleUpPreviewCheckPoint).toBe(true);
    const second = reconcileOnce(first.world, T0);
    expect(second.plan.actions).toEqual([{ kind: 'scaleReplicaSet', name: GREEN, replicas: 3, annotations: {} }]);
    const settled = reconcileUntilQuiet(second.world, T0).world;
    expect(selectorOf(settled, 'active')).toBe(GREEN_HASH);
    expect(settled.rollout.status).toMatchObject({ stableRS: GREEN_HASH });
    expect(settled.rollout.status?.blueGreen?.scaleUpPreviewCheckPoint).toBeUndefined();
  });
});

describe('promote --full', () => {
  it('skips the pause: the new side is switched to and promoted', () => {
    const paused = reconcileUntilQuiet(withSpec(deployedBlueGreen({ autoPromotionEnabled: false }), toGreen), T0).world;
    const { world } = reconcileUntilQuiet(withStatus(paused, (s) => (s.promoteFull = true)), T0);
    expect(selectorOf(world, 'active')).toBe(GREEN_HASH);
    expect(world.rollout.status).toMatchObject({ stableRS: GREEN_HASH });
    expect(world.rollout.status?.promoteFull).toBeUndefined();
  });
});

describe('a service cache that lags the last switch', () => {
  it('is not taken for a first deploy: no fast-track, the recorded selector is written again', () => {
    const world = reconcileUntilQuiet(withSpec(deployedBlueGreen({ autoPromotionEnabled: false }), toGreen), T0).world;
    const active = world.services.get('active');
    const lagging: World = { ...world, services: new Map(world.services).set('active', { ...active!, metadata: { name: 'active', namespace: 'default' }, spec: { selector: { app: 'guestbook' } } }) };
    const { plan } = reconcileOnce(lagging, T0.plus({ minutes: 1 }));
    expect(plan.actions).toEqual([{ kind: 'setServiceSelector', service: 'active', podTemplateHash: BLUE_HASH }]);
    expect(plan.events.filter((e) => e.reason === 'SwitchService')).toEqual([]);
    expect(plan.status).toMatchObject({ stableRS: BLUE_HASH, phase: 'Paused', blueGreen: { activeSelector: BLUE_HASH } });
  });
});
