import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startControllerProcess, type RunningController } from '../../helpers/controller-process.js';
import { RolloutProbe } from '../../helpers/rollout-fixtures.js';
import { eventually, startSimProcess, type RunningSim } from '../../helpers/sim-process.js';

const rolloutFor = (name: string, deployment: string, scaleDown: string): string => `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: ${name}}
spec:
  replicas: 3
  selector: {matchLabels: {app: ${deployment}}}
  workloadRef: {apiVersion: apps/v1, kind: Deployment, name: ${deployment}, scaleDown: ${scaleDown}}
  strategy:
    canary:
      steps: [{setWeight: 50}, {pause: {}}]
`;

// Given an existing Deployment, when a Rollout refers to it with workloadRef, then the Rollout runs the
// Deployment's template and, as Argo does, scales the Deployment down once it is healthy (onsuccess) or
// as its own pods become ready (progressively).
describe('workloadRef to a Deployment', () => {
  let sim: RunningSim;
  let controller: RunningController;

  beforeAll(async () => {
    sim = await startSimProcess({ podReadySeconds: 0.3 });
    expect((await sim.kubectl(['apply', '-k', 'crds/'])).code).toBe(0);
    controller = startControllerProcess(sim);
  }, 30_000);

  afterAll(async () => {
    await controller.kill();
    await sim.stop();
  });

  const deploymentReplicas = async (name: string): Promise<string> => (await sim.kubectl(['get', 'deploy', name, '-o', 'jsonpath={.spec.replicas}'])).stdout;

  it.each([['onsuccess'], ['progressively']])('scaleDown: %s — the rollout takes over and the Deployment goes to zero', async (mode) => {
    const name = `web-${mode}`;
    expect((await sim.kubectl(['create', 'deployment', name, '--image=nginx:1.27', '--replicas=3'])).code).toBe(0);
    await eventually(async () => ((await sim.kubectl(['get', 'deploy', name, '-o', 'jsonpath={.status.availableReplicas}'])).stdout === '3' ? true : undefined), 'deployment available');
    expect((await sim.kubectl(['apply', '-f', '-'], rolloutFor(`ro-${mode}`, name, mode))).code).toBe(0);
    const ro = new RolloutProbe(sim, `ro-${mode}`);
    const healthy = await ro.until('healthy', (s) => s.phase === 'Healthy', 20_000);
    expect(healthy.workloadObservedGeneration).toMatch(/^\d+$/);
    const sets = JSON.parse((await sim.kubectl(['get', 'rs', '-l', `app=${name}`, '-o', 'json'])).stdout) as { items: { metadata: { name: string }; spec: { replicas: number; template: { spec: { containers: { image: string }[] } } } }[] };
    const own = sets.items.filter((rs) => rs.metadata.name.startsWith(`ro-${mode}-`));
    expect(own).toHaveLength(1);
    expect(own[0].spec.template.spec.containers[0].image).toBe('nginx:1.27');
    expect(own[0].spec.replicas).toBe(3);
    await eventually(async () => ((await deploymentReplicas(name)) === '0' ? true : undefined), 'deployment scaled to zero');
    // The Rollout follows the Deployment generation it took its template from (scaling it bumped it).
    const generation = (await sim.kubectl(['get', 'deploy', name, '-o', 'jsonpath={.metadata.generation}'])).stdout;
    await ro.until('observes the Deployment generation', (s) => s.workloadObservedGeneration === generation);
  }, 40_000);

  it('a missing Deployment is InvalidSpec naming it', async () => {
    expect((await sim.kubectl(['apply', '-f', '-'], rolloutFor('ro-missing', 'nowhere', 'never'))).code).toBe(0);
    const ro = new RolloutProbe(sim, 'ro-missing');
    const s = await ro.until('InvalidSpec', (x) => x.phase === 'Degraded');
    expect(s.conditions?.find((c) => c.type === 'InvalidSpec')?.message).toContain('spec.workloadRef: Invalid value: "nowhere": deployments.apps "nowhere" not found');
    // Creating the Deployment later fixes it.
    expect((await sim.kubectl(['create', 'deployment', 'nowhere', '--image=nginx:1.27', '--replicas=3'])).code).toBe(0);
    await ro.until('healthy once the Deployment exists', (x) => x.phase === 'Healthy', 30_000);
    expect(await deploymentReplicas('nowhere')).toBe('3');
  }, 60_000);
});
