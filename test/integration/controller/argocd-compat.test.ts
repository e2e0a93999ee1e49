import { describe, expect, it } from '@jest/globals';
import type { ArgoCdAction } from '../../../src/ops/argocd-actions.js';
import { healthUntil, legacyHealth, readRollout, runArgoCdActionWithKubectl, settledState, type ComparableState } from '../../helpers/argocd.js';
import { useControllerBed } from '../../helpers/controller-bed.js';
import { canaryRolloutYaml, RolloutProbe, servicesYaml } from '../../helpers/rollout-fixtures.js';
import { eventually } from '../../helpers/sim-process.js';

// Given rollouts-sim and the controller, when canary and blue-green releases pass through their
// states, then Argo CD's Rollout health (its health.lua, as argocdHealth) says Healthy, Progressing,
// Suspended or Degraded with the message Argo CD would show; and when Argo CD's Rollout actions are
// sent as Argo CD sends them (merge patches with kubectl), then the rollout ends in the same state
// as after the plugin's matching command.

const STEPS = `      - setWeight: 20
      - pause: {}
      - setWeight: 50
      - pause: {}
      - setWeight: 100`;

/** The canary YAML with pod-template annotations for the simulator, e.g. {rollouts-sim.dev/ready: 'false'}. */
function annotated(name: string, image: string, annotations: string, spec = ''): string {
  return canaryRolloutYaml(name, image, { steps: STEPS, spec }).replace(`    metadata: {labels: {app: ${name}}}`, `    metadata: {labels: {app: ${name}}, annotations: ${annotations}}`);
}

describe('Argo CD compatibility', () => {
  const bed = useControllerBed();
  const kubectlApply = async (yaml: string): Promise<void> => {
    const result = await bed.sim.kubectl(['apply', '-f', '-'], yaml);
    if (result.code !== 0) throw new Error(`kubectl apply failed: ${result.stderr}`);
  };

  describe('health, as Argo CD assesses it', () => {
    it('a canary release: Healthy, spec not observed, Progressing, Suspended at a pause, Healthy after promotion', async () => {
      const ro = new RolloutProbe(bed.sim, 'cd-shop');
      await ro.deployFirst('cd-shop:1', { steps: STEPS });
      const first = await healthUntil(bed.sim, 'cd-shop', () => true);
      expect(first.health).toEqual({ status: 'Healthy', message: '' });
      expect(legacyHealth(first.rollout)).toEqual({ status: 'Healthy', message: '' });

      // With the controller down, a new spec waits to be observed.
      await bed.controller.kill();
      await kubectlApply(annotated('cd-shop', 'cd-shop:2', "{rollouts-sim.dev/ready-seconds: '2'}"));
      const unobserved = await healthUntil(bed.sim, 'cd-shop', () => true);
      expect(unobserved.health).toEqual({ status: 'Progressing', message: 'Waiting for rollout spec update to be observed' });
      bed.restartController();

      // setWeight 20 of 6 → 2 canary pods, ready only after 2 s.
      const progressing = await healthUntil(bed.sim, 'cd-shop', (h) => h.status === 'Progressing' && h.message !== 'Waiting for rollout spec update to be observed');
      expect(progressing.health).toEqual({ status: 'Progressing', message: 'more replicas need to be updated' });
      expect(legacyHealth(progressing.rollout)).toEqual({ status: 'Progressing', message: 'Waiting for roll out to finish: More replicas need to be updated' });

      const paused = await healthUntil(bed.sim, 'cd-shop', (h) => h.status !== 'Progressing');
      expect(paused.health).toEqual({ status: 'Suspended', message: 'CanaryPauseStep' });
      expect(paused.rollout.status?.currentStepIndex).toBe(1);
      expect(legacyHealth(paused.rollout)).toEqual({ status: 'Suspended', message: 'Rollout is paused' });

      expect((await bed.rollouts(['promote', 'cd-shop', '--full'])).code).toBe(0);
      const done = await healthUntil(bed.sim, 'cd-shop', (h, r) => h.status === 'Healthy' && r.status?.currentStepIndex === 5);
      expect(done.health).toEqual({ status: 'Healthy', message: '' });
      expect(legacyHealth(done.rollout)).toEqual({ status: 'Healthy', message: '' });
    }, 60_000);

    it('an aborted canary is Degraded with the abort message', async () => {
      const ro = new RolloutProbe(bed.sim, 'cd-abort');
      await ro.deployFirst('cd-abort:1', { steps: STEPS });
      await ro.apply('cd-abort:2', { steps: STEPS });
      await healthUntil(bed.sim, 'cd-abort', (h) => h.status === 'Suspended');
      expect((await bed.rollouts(['abort', 'cd-abort'])).code).toBe(0);
      const aborted = await healthUntil(bed.sim, 'cd-abort', (h) => h.status === 'Degraded');
      expect(aborted.health).toEqual({ status: 'Degraded', message: 'RolloutAborted: Rollout aborted update to revision 2' });
      expect(legacyHealth(aborted.rollout)).toEqual({ status: 'Degraded', message: 'Rollout aborted update to revision 2' });
    }, 60_000);

    it('a canary past its progress deadline is Degraded with the timeout message', async () => {
      const ro = new RolloutProbe(bed.sim, 'cd-stuck');
      const spec = '  progressDeadlineSeconds: 2\n';
      await ro.deployFirst('cd-stuck:1', { steps: STEPS, spec });
      await kubectlApply(annotated('cd-stuck', 'cd-stuck:2', "{rollouts-sim.dev/ready: 'false'}", spec));
      const stuck = await healthUntil(bed.sim, 'cd-stuck', (h) => h.status === 'Degraded', 20_000);
      expect(stuck.health.message).toMatch(/^ProgressDeadlineExceeded: ReplicaSet "cd-stuck-\w+" has timed out progressing\.$/);
      expect(legacyHealth(stuck.rollout)).toEqual({ status: 'Degraded', message: stuck.health.message.replace('ProgressDeadlineExceeded: ', '') });
    }, 60_000);

    it('a blue-green rollout waiting for promotion is Suspended, then Healthy', async () => {
      const yaml = (image: string): string => `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: cd-bg}
spec:
  replicas: 3
  selector: {matchLabels: {app: cd-bg}}
  template:
    metadata: {labels: {app: cd-bg}}
    spec: {containers: [{name: app, image: "${image}"}]}
  strategy:
    blueGreen: {activeService: cd-bg-active, previewService: cd-bg-preview, autoPromotionEnabled: false}
${servicesYaml('cd-bg', ['active', 'preview'])}`;
      await kubectlApply(yaml('cd-bg:1'));
      await healthUntil(bed.sim, 'cd-bg', (h, r) => h.status === 'Healthy' && r.status?.stableRS !== undefined);
      await kubectlApply(yaml('cd-bg:2'));
      const waiting = await healthUntil(bed.sim, 'cd-bg', (h) => h.status === 'Suspended');
      expect(waiting.health).toEqual({ status: 'Suspended', message: 'BlueGreenPause' });
      expect(legacyHealth(waiting.rollout)).toEqual({ status: 'Suspended', message: 'Rollout is paused' });

      await runArgoCdActionWithKubectl(bed.sim, 'cd-bg', 'resume');
      const done = await healthUntil(bed.sim, 'cd-bg', (h, r) => h.status === 'Healthy' && r.status?.stableRS === r.status?.currentPodHash && r.status?.blueGreen?.activeSelector === r.status?.currentPodHash);
      expect(done.health).toEqual({ status: 'Healthy', message: '' });
      expect(legacyHealth(done.rollout)).toEqual({ status: 'Healthy', message: '' });
    }, 60_000);
  });

  describe("Argo CD's actions do what the plugin's commands do", () => {
    /** Two identical canaries, `cd-<name>` for Argo CD and `pl-<name>` for the plugin, both paused at step 1 of the new revision. */
    async function pausedPair(name: string): Promise<void> {
      await Promise.all(['cd', 'pl'].map(async (side) => {
        const ro = new RolloutProbe(bed.sim, `${side}-${name}`);
        await ro.deployFirst(`${side}-${name}:1`, { steps: STEPS });
        await ro.apply(`${side}-${name}:2`, { steps: STEPS });
        await ro.until('step 1 paused', (s) => s.currentStepIndex === 1 && (s.pauseConditions?.length ?? 0) > 0);
      }));
    }

    /** Runs the Argo CD action on cd-<name> and the plugin command on pl-<name>; both settled states, once `check` holds. */
    async function compare(name: string, action: ArgoCdAction, plugin: string[], check: (s: ComparableState) => boolean): Promise<ComparableState> {
      await runArgoCdActionWithKubectl(bed.sim, `cd-${name}`, action);
      const command = await bed.rollouts([...plugin.slice(0, plugin.indexOf('NAME')), `pl-${name}`, ...plugin.slice(plugin.indexOf('NAME') + 1)]);
      expect(command.code).toBe(0);
      const [viaArgoCd, viaPlugin] = await Promise.all([settledState(bed.sim, `cd-${name}`, check), settledState(bed.sim, `pl-${name}`, check)]);
      expect(viaArgoCd).toEqual(viaPlugin);
      return viaArgoCd;
    }

    it('resume and skip-current-step act as promote; restart as restart', async () => {
      await pausedPair('step');
      const atStep3 = await compare('step', 'resume', ['promote', 'NAME'], (s) => s.currentStepIndex === 3);
      expect(atStep3).toMatchObject({ phase: 'Paused', pauseReasons: ['CanaryPauseStep'], replicasByTag: { ':1': 3, ':2': 3 } });
      expect(atStep3.health).toEqual({ status: 'Suspended', message: 'CanaryPauseStep' });

      const done = await compare('step', 'skip-current-step', ['promote', 'NAME'], (s) => s.phase === 'Healthy');
      expect(done).toMatchObject({ currentStepIndex: 5, pauseReasons: [], controllerPause: false, replicasByTag: { ':1': 0, ':2': 6 } });

      const restarted = await compare('step', 'restart', ['restart', 'NAME'], (s) => s.phase === 'Healthy');
      expect(restarted.health).toEqual({ status: 'Healthy', message: '' });
      // Each restart is done once the controller records it: status.restartedAt = spec.restartAt.
      for (const side of ['cd', 'pl']) {
        const got = await eventually(async () => {
          const r = await readRollout(bed.sim, `${side}-step`);
          return r.status?.restartedAt !== undefined && r.status.restartedAt === r.spec.restartAt ? r : undefined;
        }, `${side}-step restarted`, 15_000);
        expect(got.spec.restartAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      }
    }, 90_000);

    it('promote-full acts as promote --full', async () => {
      await pausedPair('full');
      const done = await compare('full', 'promote-full', ['promote', 'NAME', '--full'], (s) => s.phase === 'Healthy');
      expect(done).toMatchObject({ currentStepIndex: 5, promoteFull: false, replicasByTag: { ':1': 0, ':2': 6 } });
    }, 60_000);

    it('abort, retry, pause and resume act as abort, retry rollout, pause and promote', async () => {
      await pausedPair('ops');
      const aborted = await compare('ops', 'abort', ['abort', 'NAME'], (s) => s.phase === 'Degraded' && s.replicasByTag[':2'] === 0);
      expect(aborted).toMatchObject({ abort: true, currentStepIndex: 0, replicasByTag: { ':1': 6, ':2': 0 } });
      expect(aborted.health).toEqual({ status: 'Degraded', message: 'RolloutAborted: Rollout aborted update to revision 2' });

      const retried = await compare('ops', 'retry', ['retry', 'rollout', 'NAME'], (s) => s.currentStepIndex === 1 && s.pauseReasons.length > 0);
      // Weight 20 of 6 replicas: 1 canary, 5 stable is the split closest to 20 % (Argo's approximation).
      expect(retried).toMatchObject({ abort: false, phase: 'Paused', replicasByTag: { ':1': 5, ':2': 1 } });

      const paused = await compare('ops', 'pause', ['pause', 'NAME'], (s) => s.manuallyPaused);
      expect(paused).toMatchObject({ phase: 'Paused', currentStepIndex: 1 });
      expect(paused.health.status).toBe('Suspended');

      // Paused twice (step and by hand): resume lifts both, as promote does.
      const resumed = await compare('ops', 'resume', ['promote', 'NAME'], (s) => s.currentStepIndex === 3);
      expect(resumed).toMatchObject({ phase: 'Paused', manuallyPaused: false, pauseReasons: ['CanaryPauseStep'], replicasByTag: { ':1': 3, ':2': 3 } });
    }, 90_000);
  });
});
