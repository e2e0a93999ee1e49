import { describe, expect, it } from '@jest/globals';
import { useControllerBed } from '../../helpers/controller-bed.js';
import { RolloutProbe } from '../../helpers/rollout-fixtures.js';
import { eventually } from '../../helpers/sim-process.js';

// Given rollouts-sim and the controller, when a user releases a new image of a canary Rollout with kubectl
// and the plugin, then every step has the replica counts, selectors and status Argo Rollouts gives.
describe('canary release through every step', () => {
  const bed = useControllerBed();
  const shop = (): RolloutProbe => new RolloutProbe(bed.sim, 'shop');

  it('makes the first template stable at once, with no steps run', async () => {
    const s = await shop().deployFirst('shop:1');
    expect(s.currentStepIndex).toBe(5);
    const sets = await shop().replicaSets();
    expect(sets).toHaveLength(1);
    expect(sets[0].metadata.name).toBe(`shop-${s.currentPodHash}`);
    expect(sets[0].metadata.annotations['rollout.argoproj.io/revision']).toBe('1');
    expect(await shop().selector('shop-stable')).toBe(s.currentPodHash);
    expect(await eventually(async () => ((await shop().selector('shop-canary')) === s.currentPodHash ? true : undefined), 'canary service on the stable pods')).toBe(true);
  }, 30_000);

  it('walks setWeight 10 → timed pause → setWeight 50 → indefinite pause → promote → setWeight 100', async () => {
    const ro = shop();
    const before = await ro.status();
    await ro.apply('shop:2');

    // setWeight 10 with 6 replicas, maxSurge 25% (2), maxUnavailable 25% → 1 canary, 6 stable (Argo's arithmetic).
    const atPause = await ro.until('the 5 s pause', (x) => x.currentStepIndex === 1 && x.pauseConditions?.[0]?.reason === 'CanaryPauseStep');
    expect(await ro.replicasByImage()).toEqual({ 'shop:1': 6, 'shop:2': 1 });
    expect(atPause.phase).toBe('Paused');
    expect(atPause.message).toBe('CanaryPauseStep');
    expect(atPause.stableRS).toBe(before.stableRS);
    expect(await ro.selector('shop-stable')).toBe(before.stableRS);
    expect(await ro.selector('shop-canary')).toBe(atPause.currentPodHash);

    // The timed pause ends on its own after 5 s; setWeight 50 → 3 canary, 3 stable; then the indefinite pause.
    const started = Date.now();
    const atIndefinite = await ro.until('the indefinite pause', (x) => x.currentStepIndex === 3 && (x.pauseConditions?.length ?? 0) > 0, 20_000);
    expect(Date.now() - started).toBeGreaterThan(3_500);
    expect(await ro.replicasByImage()).toEqual({ 'shop:1': 3, 'shop:2': 3 });
    expect(atIndefinite.phase).toBe('Paused');

    // An indefinite pause waits: nothing moves until promoted.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await ro.status()).currentStepIndex).toBe(3);

    const promote = await bed.rollouts(['promote', 'shop']);
    expect(promote.stdout).toContain("rollout 'shop' promoted");
    const done = await ro.until('healthy second revision', (x) => x.phase === 'Healthy' && x.stableRS === x.currentPodHash && x.stableRS !== before.stableRS);
    expect(done.currentStepIndex).toBe(5);
    expect(done).toMatchObject({ replicas: 6, updatedReplicas: 6, availableReplicas: 6 });
    expect(await ro.replicasByImage()).toEqual({ 'shop:1': 0, 'shop:2': 6 });
    expect(await ro.selector('shop-stable')).toBe(done.currentPodHash);
    expect(done.conditions?.find((c) => c.type === 'Completed')?.status).toBe('True');
    expect(done.conditions?.find((c) => c.type === 'Healthy')?.status).toBe('True');
    const events = (await bed.sim.kubectl(['get', 'events', '--field-selector', 'involvedObject.name=shop', '-o', 'jsonpath={range .items[*]}{.reason}{"\\n"}{end}'])).stdout;
    for (const reason of ['NewReplicaSetCreated', 'RolloutStepCompleted', 'RolloutPaused', 'RolloutResumed', 'RolloutCompleted', 'ScalingReplicaSet', 'SwitchService']) expect(events).toContain(reason);
  }, 60_000);
});
