import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { applyManifests, readManifests } from '../../../src/kube/apply-manifests.js';
import { createKubeClient } from '../../../src/kube/kube-client.js';
import type { KubeClient } from '../../../src/kube/kube-client-types.js';
import { loadKubeConfig } from '../../../src/kube/kube-config.js';
import { RESOURCES } from '../../../src/kube/resources.js';
import { startSimProcess, type RunningSim } from '../../helpers/sim-process.js';

// Given rollouts-sim, when npm start's client-side apply sends the CRDs and an example, then the objects
// arrive exactly as written (the pod template of a Rollout, a preserve-unknown-fields object, intact).
describe('applyManifests', () => {
  let sim: RunningSim;
  let client: KubeClient;

  beforeAll(async () => {
    sim = await startSimProcess();
    client = createKubeClient(loadKubeConfig({ kubeconfig: sim.kubeconfig }));
  });

  afterAll(async () => {
    await sim.stop();
  });

  it('creates, then configures, keeping every field of the manifest', async () => {
    const crds = ['rollout', 'analysis-template'].flatMap((f) => readManifests(`crds/${f}.yaml`));
    expect(await applyManifests(client, crds)).toEqual(['CustomResourceDefinition/rollouts.argoproj.io created', 'CustomResourceDefinition/analysistemplates.argoproj.io created']);
    const example = readManifests('examples/canary-rollout.yaml');
    expect(await applyManifests(client, example)).toEqual(['Rollout/checkout created', 'Service/checkout-stable created', 'Service/checkout-canary created']);
    const stored = await client.get<{ spec: { template: { spec: { containers: { image: string }[] } } } } & Record<string, unknown>>(RESOURCES.rollouts, 'default', 'checkout');
    expect(stored.spec.template.spec.containers[0].image).toBe('ghcr.io/example/checkout:1.4.0');
    expect(await applyManifests(client, example)).toEqual(['Rollout/checkout configured', 'Service/checkout-stable configured', 'Service/checkout-canary configured']);
  });

  it('refuses a kind it does not know, naming it', async () => {
    await expect(applyManifests(client, [{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }])).rejects.toThrow('Widget/w: example.com/v1 Widget is not a kind this tool applies');
  });
});
