import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { kubectlRollouts, pluginPathDir, startControllerProcess, type RunningController } from '../../helpers/controller-process.js';
import { eventually, startSimProcess, type RunningSim } from '../../helpers/sim-process.js';

interface RolloutStatus {
  phase?: string;
  message?: string;
  currentStepIndex?: number;
  stableRS?: string;
  currentPodHash?: string;
  pauseConditions?: { reason: string; startTime: string }[];
  abort?: boolean;
  replicas?: number;
  updatedReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: string;
  conditions?: { type: string; status: string; reason: string; message: string }[];
}

interface RS {
  metadata: { name: string; labels: Record<string, string>; annotations: Record<string, string> };
  spec: { replicas: number; template: { spec: { containers: { image: string }[] } } };
  status: { availableReplicas?: number };
}

const ROLLOUT = (image: string): string => `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: shop}
spec:
  replicas: 6
  selector: {matchLabels: {app: shop}}
  template:
    metadata: {labels: {app: shop}}
    spec: {containers: [{name: app, image: "${image}"}]}
  strategy:
    canary:
      canaryService: shop-canary
      stableService: shop-stable
      steps:
      - setWeight: 10
      - pause: {duration: 5s}
      - setWeight: 50
      - pause: {}
      - setWeight: 100
---
apiVersion: v1
kind: Service
metadata: {name: shop-stable}
spec: {selector: {app: shop}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: shop-canary}
spec: {selector: {app: shop}, ports: [{port: 80}]}
`;

// Given rollouts-sim and the controller, when a user releases a new image of a canary Rollout with kubectl
// and the plugin, then every step has the replica counts, selectors and status Argo Rollouts gives.
describe('canary release through every step', () => {
  let sim: RunningSim;
  let controller: RunningController;
  let plugin: string;

  const status = async (): Promise<RolloutStatus> => JSON.parse((await sim.kubectl(['get', 'ro', 'shop', '-o', 'jsonpath={.status}'])).stdout || '{}') as RolloutStatus;
  const replicaSets = async (): Promise<RS[]> => (JSON.parse((await sim.kubectl(['get', 'rs', '-l', 'app=shop', '-o', 'json'])).stdout) as { items: RS[] }).items;
  const byImage = (sets: RS[], image: string): RS | undefined => sets.find((rs) => rs.spec.template.spec.containers[0].image === image);
  const selector = async (svc: string): Promise<string> => (await sim.kubectl(['get', 'svc', svc, '-o', 'jsonpath={.spec.selector.rollouts-pod-template-hash}'])).stdout;
  const counts = async (): Promise<{ v1?: number; v2?: number }> => {
    const sets = await replicaSets();
    return { v1: byImage(sets, 'shop:1')?.spec.replicas, v2: byImage(sets, 'shop:2')?.spec.replicas };
  };
  const untilStatus = (what: string, check: (s: RolloutStatus) => boolean, timeoutMs = 15_000): Promise<RolloutStatus> =>
    eventually(async () => {
      const s = await status();
      return check(s) ? s : undefined;
    }, what, timeoutMs);

  beforeAll(async () => {
    sim = await startSimProcess({ podReadySeconds: 0.3 });
    expect((await sim.kubectl(['apply', '-k', 'crds/'])).code).toBe(0);
    controller = startControllerProcess(sim);
    plugin = pluginPathDir();
  }, 30_000);

  afterAll(async () => {
    await controller.kill();
    await sim.stop();
  });

  it('makes the first template stable at once, with no steps run', async () => {
    expect((await sim.kubectl(['apply', '-f', '-'], ROLLOUT('shop:1'))).code).toBe(0);
    const s = await untilStatus('healthy first revision', (x) => x.phase === 'Healthy');
    expect(s.currentStepIndex).toBe(5);
    expect(s.stableRS).toBe(s.currentPodHash);
    const sets = await replicaSets();
    expect(sets).toHaveLength(1);
    expect(sets[0].metadata.name).toBe(`shop-${s.currentPodHash}`);
    expect(sets[0].metadata.annotations['rollout.argoproj.io/revision']).toBe('1');
    expect(await selector('shop-stable')).toBe(s.currentPodHash);
    expect(await selector('shop-canary')).toBe(s.currentPodHash);
  }, 30_000);

  it('walks setWeight 10 → timed pause → setWeight 50 → indefinite pause → promote → setWeight 100', async () => {
    const before = await status();
    expect((await sim.kubectl(['apply', '-f', '-'], ROLLOUT('shop:2'))).code).toBe(0);

    // setWeight 10 with 6 replicas, maxSurge 25% (2), maxUnavailable 25% → 1 canary, 6 stable (Argo's arithmetic).
    const atPause = await untilStatus('the 5 s pause', (x) => x.currentStepIndex === 1 && x.pauseConditions?.[0]?.reason === 'CanaryPauseStep');
    expect(await counts()).toEqual({ v1: 6, v2: 1 });
    expect(atPause.phase).toBe('Paused');
    expect(atPause.message).toBe('CanaryPauseStep');
    expect(atPause.stableRS).toBe(before.stableRS);
    expect(await selector('shop-stable')).toBe(before.stableRS);
    expect(await selector('shop-canary')).toBe(atPause.currentPodHash);

    // The timed pause ends on its own after 5 s; setWeight 50 → 3 canary, 3 stable; then the indefinite pause.
    const started = Date.now();
    const atIndefinite = await untilStatus('the indefinite pause', (x) => x.currentStepIndex === 3 && (x.pauseConditions?.length ?? 0) > 0, 20_000);
    expect(Date.now() - started).toBeGreaterThan(3_500);
    expect(await counts()).toEqual({ v1: 3, v2: 3 });
    expect(atIndefinite.phase).toBe('Paused');

    // An indefinite pause waits: nothing moves until promoted.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await status()).currentStepIndex).toBe(3);

    const promote = await kubectlRollouts(sim, plugin, ['promote', 'shop']);
    expect(promote.stdout).toContain("rollout 'shop' promoted");
    const done = await untilStatus('healthy second revision', (x) => x.phase === 'Healthy' && x.stableRS === x.currentPodHash && x.stableRS !== before.stableRS);
    expect(done.currentStepIndex).toBe(5);
    expect(done).toMatchObject({ replicas: 6, updatedReplicas: 6, availableReplicas: 6 });
    expect(await counts()).toEqual({ v1: 0, v2: 6 });
    expect(await selector('shop-stable')).toBe(done.currentPodHash);
    expect(done.conditions?.find((c) => c.type === 'Completed')?.status).toBe('True');
    expect(done.conditions?.find((c) => c.type === 'Healthy')?.status).toBe('True');
    const events = (await sim.kubectl(['get', 'events', '--field-selector', 'involvedObject.name=shop', '-o', 'jsonpath={range .items[*]}{.reason}{"\\n"}{end}'])).stdout;
    for (const reason of ['NewReplicaSetCreated', 'RolloutStepCompleted', 'RolloutPaused', 'RolloutResumed', 'RolloutCompleted', 'ScalingReplicaSet', 'SwitchService']) expect(events).toContain(reason);
  }, 60_000);
});
