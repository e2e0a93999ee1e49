import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { applyDemoManifests, installDemoCrds, readDemoManifests } from '../../../src/demo/demo-manifests.js';
import { DEMO_APPS } from '../../../src/demo/release-plan.js';
import { startReleaseTimer, type ReleaseTimer } from '../../../src/demo/release-timer.js';
import { createKubeClient } from '../../../src/kube/kube-client.js';
import type { KubeClient } from '../../../src/kube/kube-client-types.js';
import { loadKubeConfig } from '../../../src/kube/kube-config.js';
import { RESOURCES } from '../../../src/kube/resources.js';
import { eventually, ROOT, startSimProcess, type RunningSim } from '../../helpers/sim-process.js';

// Given the demo's objects in rollouts-sim and no controller, the release train holds each release until
// its rollout has settled (Healthy or Degraded), then sets the next image, one release per period.
describe('the demo release timer', () => {
  let sim: RunningSim;
  let client: KubeClient;
  let timer: ReleaseTimer | undefined;
  const lines: string[] = [];

  const imageOf = async (name: string): Promise<string> => {
    const r = await client.get<{ spec: { template: { spec: { containers: { image: string }[] } } } } & Record<string, unknown>>(RESOURCES.rollouts, 'demo', name);
    return r.spec.template.spec.containers[0].image;
  };
  const setPhase = (name: string, phase: string): Promise<unknown> => client.patch(RESOURCES.rollouts, 'demo', name, { status: { phase } }, { type: 'merge', subresource: 'status' });

  beforeAll(async () => {
    sim = await startSimProcess();
    client = createKubeClient(loadKubeConfig({ kubeconfig: sim.kubeconfig }));
    await installDemoCrds(client, ROOT);
    const applied = await applyDemoManifests(client, readDemoManifests(ROOT, 'http://127.0.0.1:1'));
    expect(applied).toContain('VirtualService/reviews created');
    expect(applied).toContain('Rollout/payments created');
  });

  afterAll(async () => {
    timer?.stop();
    await sim.stop();
  });

  it('writes the score URL into the AnalysisTemplate', async () => {
    const template = await client.get<{ spec: { metrics: { provider: { web: { url: string } } }[] } } & Record<string, unknown>>(RESOURCES.analysisTemplates, 'demo', 'success-rate');
    expect(template.spec.metrics[0].provider.web.url).toBe('http://127.0.0.1:1/score?version={{args.image}}');
  });

  it('releases only settled rollouts, and the next one a period later', async () => {
    const apps = DEMO_APPS.filter((a) => a.rollout === 'payments' || a.rollout === 'checkout');
    await setPhase('checkout', 'Healthy');
    timer = startReleaseTimer({ client, apps, firstDelayMs: 0, periodMs: 1500, retryMs: 100, report: (l) => lines.push(l) });

    await eventually(async () => ((await imageOf('checkout')) === 'ghcr.io/example/checkout:1.1.0' ? true : undefined), 'the first checkout release');
    // payments has no phase yet (no controller): it waits.
    await new Promise((r) => setTimeout(r, 500));
    expect(await imageOf('payments')).toBe('ghcr.io/example/payments:1.0.0');

    await setPhase('payments', 'Degraded');
    await eventually(async () => ((await imageOf('payments')) === 'ghcr.io/example/payments:1.1.0' ? true : undefined), 'the first payments release');
    await eventually(async () => ((await imageOf('checkout')) === 'ghcr.io/example/checkout:1.2.0' ? true : undefined), 'the second checkout release, a period after the first');
    timer.stop();
    expect(lines).toContain('release: payments → ghcr.io/example/payments:1.1.0 (a bad version: its analysis will fail and the rollout aborts)');
    expect(lines.filter((l) => l.startsWith('release: checkout'))).toEqual(['release: checkout → ghcr.io/example/checkout:1.1.0', 'release: checkout → ghcr.io/example/checkout:1.2.0']);
  });
});
