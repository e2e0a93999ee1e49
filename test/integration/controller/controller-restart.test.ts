import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { kubectlRollouts, pluginPathDir, startControllerProcess, type RunningController } from '../../helpers/controller-process.js';
import { RolloutProbe } from '../../helpers/rollout-fixtures.js';
import { startSimProcess, type RunningSim } from '../../helpers/sim-process.js';

// Given a canary in the middle of a pause, when the controller is SIGKILLed and a new one starts, then
// the new one carries on from the same step: everything it needs is in the objects, not in memory.
describe('controller killed mid-canary', () => {
  let sim: RunningSim;
  let controller: RunningController;

  beforeAll(async () => {
    sim = await startSimProcess({ podReadySeconds: 0.3 });
    expect((await sim.kubectl(['apply', '-k', 'crds/'])).code).toBe(0);
  }, 30_000);

  afterAll(async () => {
    await controller.kill();
    await sim.stop();
  });

  it('resumes the same pause step without a second ReplicaSet for the same template', async () => {
    controller = startControllerProcess(sim);
    const ro = new RolloutProbe(sim, 'survivor');
    await ro.deployFirst('survivor:1');
    await ro.apply('survivor:2');
    const paused = await ro.until('the 5 s pause', (s) => s.currentStepIndex === 1 && (s.pauseConditions?.length ?? 0) > 0);
    expect(await controller.kill('SIGKILL')).toBeNull();

    // While no controller runs, nothing moves, even past the pause's end.
    await new Promise((r) => setTimeout(r, 6000));
    expect((await ro.status()).currentStepIndex).toBe(1);

    controller = startControllerProcess(sim);
    const next = await ro.until('the indefinite pause after the resumed timed one', (s) => s.currentStepIndex === 3 && (s.pauseConditions?.length ?? 0) > 0, 20_000);
    expect(next.currentPodHash).toBe(paused.currentPodHash);
    const sets = await ro.replicaSets();
    expect(sets.map((rs) => rs.spec.template.spec.containers[0].image).sort()).toEqual(['survivor:1', 'survivor:2']);
    expect(await ro.replicasByImage()).toEqual({ 'survivor:1': 3, 'survivor:2': 3 });

    // Killed again during the indefinite pause: the new controller waits for the promote as the old one would.
    expect(await controller.kill('SIGKILL')).toBeNull();
    controller = startControllerProcess(sim);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await ro.status()).currentStepIndex).toBe(3);
    const promote = await kubectlRollouts(sim, pluginPathDir(), ['promote', 'survivor']);
    expect(promote.code).toBe(0);
    await ro.until('healthy', (s) => s.phase === 'Healthy' && s.stableRS === s.currentPodHash);
    expect((await ro.replicaSets()).length).toBe(2);
  }, 60_000);

  it('stops cleanly on SIGTERM', async () => {
    const code = await controller.kill('SIGTERM');
    expect(code).toBe(0);
    expect(controller.logs()).toContain('"msg":"stopped"');
    controller = startControllerProcess(sim);
  }, 20_000);
});
