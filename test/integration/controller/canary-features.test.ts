import { describe, expect, it } from '@jest/globals';
import { useControllerBed, type ControllerBed } from '../../helpers/controller-bed.js';
import { RolloutProbe } from '../../helpers/rollout-fixtures.js';
import { eventually } from '../../helpers/sim-process.js';

const SHORT_STEPS = `      - setWeight: 50
      - pause: {}`;

// Given the controller, when Rollouts use the rest of the canary spec (invalid input, manual pause,
// restartAt, ephemeral metadata, progress deadlines), then they behave as Argo Rollouts does.
describe('canary features', () => {
  const bed = useControllerBed();
  const rollouts = (args: string[]): ReturnType<ControllerBed['rollouts']> => bed.rollouts(args);

  it.each([
    ['a weight over 100', { steps: '      - setWeight: 120' }, 'spec.strategy.steps[0].setWeight: Invalid value: 120: SetWeight needs to be between 0 and 100'],
    ['an unparseable pause', { steps: '      - pause: {duration: "five minutes"}' }, 'spec.strategy.steps[0].pause.duration: Invalid value: -1: Duration needs to be greater than 0'],
    ['a step of no known kind', { steps: '      - {}' }, 'Step must have one of the following set: experiment, setWeight, setCanaryScale, plugin or pause'],
    ['two actions in one step', { steps: '      - {setWeight: 10, pause: {}}' }, 'Step must have one of the following set'],
  ])('reports %s as InvalidSpec with phase Degraded, and creates nothing', async (_what, extra, message) => {
    const name = `bad-${Math.random().toString(36).slice(2, 7)}`;
    const ro = new RolloutProbe(bed.sim, name);
    await ro.apply('bad:1', extra);
    const s = await ro.until('InvalidSpec', (x) => x.phase === 'Degraded');
    const cond = s.conditions?.find((c) => c.type === 'InvalidSpec');
    expect(cond?.message).toContain(`The Rollout "${name}" is invalid: `);
    expect(cond?.message).toContain(message);
    expect(s.message).toMatch(/^InvalidSpec: /);
    expect(await ro.replicaSets()).toEqual([]);
  }, 30_000);

  it('reports a selector that does not match the template, then recovers when the spec is fixed', async () => {
    const ro = new RolloutProbe(bed.sim, 'mismatch');
    const yaml = (await import('../../helpers/rollout-fixtures.js')).canaryRolloutYaml('mismatch', 'mismatch:1').replace('    metadata: {labels: {app: mismatch}}', '    metadata: {labels: {app: other}}');
    expect((await bed.sim.kubectl(['apply', '-f', '-'], yaml)).code).toBe(0);
    const bad = await ro.until('InvalidSpec', (x) => x.phase === 'Degraded');
    expect(bad.conditions?.find((c) => c.type === 'InvalidSpec')?.message).toContain('spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`');
    await ro.apply('mismatch:1');
    const fixed = await ro.until('healthy once fixed', (x) => x.phase === 'Healthy');
    expect(fixed.conditions?.find((c) => c.type === 'InvalidSpec')).toBeUndefined();
  }, 30_000);

  it('a missing service is InvalidSpec naming it', async () => {
    const ro = new RolloutProbe(bed.sim, 'nosvc');
    const yaml = (await import('../../helpers/rollout-fixtures.js')).canaryRolloutYaml('nosvc', 'nosvc:1').split('---')[0];
    expect((await bed.sim.kubectl(['apply', '-f', '-'], yaml)).code).toBe(0);
    const s = await ro.until('InvalidSpec', (x) => x.phase === 'Degraded');
    expect(s.conditions?.find((c) => c.type === 'InvalidSpec')?.message).toContain('spec.strategy.canary.stableService: Invalid value: "nosvc-stable": service "nosvc-stable" not found');
  }, 30_000);

  it('pause holds the rollout where it is; unpausing resumes it', async () => {
    const ro = new RolloutProbe(bed.sim, 'holdme');
    await ro.deployFirst('holdme:1', { steps: SHORT_STEPS });
    expect((await rollouts(['pause', 'holdme'])).stdout).toContain("rollout 'holdme' paused");
    await ro.apply('holdme:2', { steps: SHORT_STEPS, spec: '  paused: true\n' });
    const held = await ro.until('manually paused', (s) => s.phase === 'Paused' && s.message === 'manually paused' && s.observedGeneration === '3');
    expect(await ro.replicasByImage()).toEqual({ 'holdme:1': 6, 'holdme:2': 0 });
    expect(held.conditions?.find((c) => c.type === 'Paused')?.status).toBe('True');
    await ro.apply('holdme:2', { steps: SHORT_STEPS });
    await ro.until('at the indefinite pause', (s) => s.currentStepIndex === 1 && (s.pauseConditions?.length ?? 0) > 0);
    expect(await ro.replicasByImage()).toEqual({ 'holdme:1': 3, 'holdme:2': 3 });
  }, 30_000);

  it('restart replaces every pod and records restartedAt', async () => {
    const ro = new RolloutProbe(bed.sim, 'restartme');
    await ro.deployFirst('restartme:1');
    const podsBefore = (await bed.sim.kubectl(['get', 'pods', '-l', 'app=restartme', '-o', 'jsonpath={.items[*].metadata.name}'])).stdout.split(' ');
    expect(podsBefore).toHaveLength(6);
    const restart = await rollouts(['restart', 'restartme']);
    expect(restart.stdout).toContain("rollout 'restartme' restarts");
    const done = await ro.until('restartedAt recorded', (s) => s.restartedAt !== undefined, 30_000);
    const restartAt = (await bed.sim.kubectl(['get', 'ro', 'restartme', '-o', 'jsonpath={.spec.restartAt}'])).stdout;
    expect(done.restartedAt).toBe(restartAt);
    await eventually(async () => {
      const names = (await bed.sim.kubectl(['get', 'pods', '-l', 'app=restartme', '-o', 'jsonpath={.items[*].metadata.name}'])).stdout.split(' ');
      return names.length === 6 && names.every((n) => !podsBefore.includes(n)) ? true : undefined;
    }, 'every pod replaced', 30_000);
    await ro.until('healthy after restart', (s) => s.phase === 'Healthy');
  }, 60_000);

  it('puts canaryMetadata on canary pods and stableMetadata on stable pods, moving them on promotion', async () => {
    const ro = new RolloutProbe(bed.sim, 'tagged');
    const meta = '      canaryMetadata: {labels: {role: canary}}\n      stableMetadata: {labels: {role: stable}}\n';
    const steps = `${SHORT_STEPS}\n${meta.trimEnd()}`;
    await ro.deployFirst('tagged:1', { steps });
    const roles = async (): Promise<Record<string, string>> => {
      const pods = JSON.parse((await bed.sim.kubectl(['get', 'pods', '-l', 'app=tagged', '-o', 'json'])).stdout) as { items: { spec: { containers: { image: string }[] }; metadata: { labels: Record<string, string> } }[] };
      return Object.fromEntries(pods.items.map((p) => [p.spec.containers[0].image, p.metadata.labels.role ?? 'none']));
    };
    await eventually(async () => ((await roles())['tagged:1'] === 'stable' ? true : undefined), 'stable label on v1 pods');
    await ro.apply('tagged:2', { steps });
    await ro.until('canary at 50%', (s) => s.currentStepIndex === 1);
    await eventually(async () => {
      const r = await roles();
      return r['tagged:1'] === 'stable' && r['tagged:2'] === 'canary' ? true : undefined;
    }, 'canary and stable labels');
    expect((await rollouts(['promote', 'tagged'])).code).toBe(0);
    await ro.until('healthy', (s) => s.phase === 'Healthy' && s.stableRS === s.currentPodHash);
    await eventually(async () => ((await roles())['tagged:2'] === 'stable' ? true : undefined), 'stable label moves to v2');
  }, 60_000);

  it('a canary that never becomes ready exceeds its progress deadline; with progressDeadlineAbort it aborts', async () => {
    const ro = new RolloutProbe(bed.sim, 'stuck');
    await ro.deployFirst('stuck:1', { steps: SHORT_STEPS, spec: '  progressDeadlineSeconds: 3\n  progressDeadlineAbort: true\n' });
    const yaml = (await import('../../helpers/rollout-fixtures.js'))
      .canaryRolloutYaml('stuck', 'stuck:2', { steps: SHORT_STEPS, spec: '  progressDeadlineSeconds: 3\n  progressDeadlineAbort: true\n' })
      .replace('    metadata: {labels: {app: stuck}}', "    metadata: {labels: {app: stuck}, annotations: {rollouts-sim.dev/ready: 'false'}}");
    expect((await bed.sim.kubectl(['apply', '-f', '-'], yaml)).code).toBe(0);
    const aborted = await ro.until('aborted by the deadline', (s) => s.abort === true && s.phase === 'Degraded', 30_000);
    expect(aborted.message).toMatch(/^RolloutAborted: Rollout aborted update to revision 2: ReplicaSet "stuck-\w+" has timed out progressing\.$/);
    await eventually(async () => {
      const byImage = await ro.replicasByImage();
      return byImage['stuck:2'] === 0 && byImage['stuck:1'] === 6 ? true : undefined;
    }, 'back on stable');
  }, 60_000);
});
