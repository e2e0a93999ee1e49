import { describe, expect, it } from '@jest/globals';
import { useControllerBed, type ControllerBed } from '../../helpers/controller-bed.js';
import { RolloutProbe } from '../../helpers/rollout-fixtures.js';
import { eventually } from '../../helpers/sim-process.js';

// Given a canary Rollout under the controller, when a user runs the plugin's operations, then the
// Rollout behaves as with Argo Rollouts: abort snaps back to stable, retry resumes, promote --full
// skips the steps, undo rolls back, a new image mid-canary restarts the steps, status exits as Argo's.
describe('canary operations through kubectl rollouts', () => {
  const bed = useControllerBed();
  const rollouts = (args: string[]): ReturnType<ControllerBed['rollouts']> => bed.rollouts(args);

  it('abort returns every replica and both services to stable and marks the rollout Degraded; retry resumes', async () => {
    const ro = new RolloutProbe(bed.sim, 'abortme');
    const stable = await ro.deployFirst('abortme:1');
    await ro.apply('abortme:2');
    const paused = await ro.until('the 5 s pause', (s) => s.currentStepIndex === 1 && (s.pauseConditions?.length ?? 0) > 0);
    expect(await ro.selector('abortme-canary')).toBe(paused.currentPodHash);

    const abort = await rollouts(['abort', 'abortme']);
    expect(abort.stdout).toContain("rollout 'abortme' aborted");
    const degraded = await ro.until('aborted', (s) => s.phase === 'Degraded' && s.abort === true);
    expect(degraded.message).toMatch(/^RolloutAborted: Rollout aborted update to revision 2/);
    expect(degraded.stableRS).toBe(stable.stableRS);
    const snapped = await eventually(async () => {
      const byImage = await ro.replicasByImage();
      return byImage['abortme:2'] === 0 ? byImage : undefined;
    }, 'canary scaled to zero');
    expect(snapped).toEqual({ 'abortme:1': 6, 'abortme:2': 0 });
    expect(await ro.selector('abortme-stable')).toBe(stable.stableRS);
    expect(await ro.selector('abortme-canary')).toBe(stable.stableRS);
    expect(degraded.currentStepIndex).toBe(0);

    // As Argo's: a Degraded rollout is an error even without --watch.
    const status = await rollouts(['status', 'abortme', '--watch=false']);
    expect(status.code).toBe(1);
    expect(status.stdout.trim()).toBe('Degraded');
    const watched = await rollouts(['status', 'abortme', '--timeout', '10s']);
    expect(watched.code).toBe(1);
    expect(watched.stdout + watched.stderr).toContain('RolloutAborted');

    const retry = await rollouts(['retry', 'rollout', 'abortme']);
    expect(retry.code).toBe(0);
    const resumed = await ro.until('back at the 5 s pause', (s) => !s.abort && s.currentStepIndex === 1 && (s.pauseConditions?.length ?? 0) > 0);
    expect(resumed.phase).toBe('Paused');
    expect(await ro.replicasByImage()).toEqual({ 'abortme:1': 6, 'abortme:2': 1 });
  }, 60_000);

  it('promote --full skips the remaining steps', async () => {
    const ro = new RolloutProbe(bed.sim, 'fullpromo');
    await ro.deployFirst('fullpromo:1');
    const setImage = await rollouts(['set', 'image', 'fullpromo', 'app=fullpromo:2']);
    expect(setImage.code).toBe(0);
    await ro.until('the 5 s pause', (s) => s.currentStepIndex === 1);
    const promote = await rollouts(['promote', 'fullpromo', '--full']);
    expect(promote.stdout).toContain("rollout 'fullpromo' fully promoted");
    const done = await ro.until('healthy at the new revision', (s) => s.phase === 'Healthy' && s.stableRS === s.currentPodHash && s.currentStepIndex === 5);
    expect(done.promoteFull).toBeUndefined();
    expect(await ro.replicasByImage()).toEqual({ 'fullpromo:1': 0, 'fullpromo:2': 6 });
    const list = await rollouts(['list', 'rollouts']);
    expect(list.stdout).toMatch(/fullpromo\s+Canary\s+Healthy\s+5\/5\s+100/);
    const status = await rollouts(['status', 'fullpromo']);
    expect(status.code).toBe(0);
    expect(status.stdout.trim().split('\n').pop()).toBe('Healthy');
  }, 60_000);

  it('a second image during a canary starts over from step 0 and scales the intermediate ReplicaSet down', async () => {
    const ro = new RolloutProbe(bed.sim, 'again');
    await ro.deployFirst('again:1');
    await ro.apply('again:2');
    await ro.until('v2 at the 5 s pause', (s) => s.currentStepIndex === 1);
    await ro.apply('again:3');
    const restarted = await ro.until('v3 at the 5 s pause', (s) => s.currentStepIndex === 1 && (s.pauseConditions?.length ?? 0) > 0 && s.observedGeneration === '3');
    expect(await ro.replicasByImage()).toEqual({ 'again:1': 6, 'again:2': 0, 'again:3': 1 });
    const revisions = (await ro.replicaSets()).map((rs) => [rs.spec.template.spec.containers[0].image, rs.metadata.annotations['rollout.argoproj.io/revision']]);
    expect(Object.fromEntries(revisions)).toEqual({ 'again:1': '1', 'again:2': '2', 'again:3': '3' });
    expect(await ro.selector('again-canary')).toBe(restarted.currentPodHash);
  }, 60_000);

  it('undo rolls back to the previous revision, which is stable, at once', async () => {
    const ro = new RolloutProbe(bed.sim, 'undome');
    const v1 = await ro.deployFirst('undome:1');
    await ro.apply('undome:2');
    await ro.until('v2 at the 5 s pause', (s) => s.currentStepIndex === 1);
    const undo = await rollouts(['undo', 'undome']);
    expect(undo.code).toBe(0);
    const back = await ro.until('back on v1', (s) => s.currentPodHash === v1.stableRS && s.phase === 'Healthy');
    expect(back.stableRS).toBe(v1.stableRS);
    expect(await ro.replicasByImage()).toEqual({ 'undome:1': 6, 'undome:2': 0 });
    const sets = await ro.replicaSets();
    const v1set = sets.find((rs) => rs.spec.template.spec.containers[0].image === 'undome:1');
    expect(v1set?.metadata.annotations['rollout.argoproj.io/revision']).toBe('3');
  }, 60_000);
});
