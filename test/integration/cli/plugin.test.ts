// The built plugin (node dist/cli/main.js, and once through the real kubectl as `kubectl rollouts`)
// against rollouts-sim. There is no controller here: the test writes the rollout, its ReplicaSets
// and its status by hand, then checks what the plugin prints and that its patches land.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually, KUBECTL, ROOT, startSimProcess, type CommandResult, type RunningSim } from '../../helpers/sim-process.js';

const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const NS = 'default';
const ROLLOUTS = `/apis/argoproj.io/v1alpha1/namespaces/${NS}/rollouts`;
const STABLE = { hash: '5d8f7c9b4', image: 'ghcr.io/example/checkout:1.3.0', revision: 1, replicas: 4 };
const CANARY = { hash: '7b6c5d4f8', image: 'ghcr.io/example/checkout:1.4.0', revision: 2, replicas: 1 };

interface RolloutJson {
  metadata: { uid: string; generation: number; name: string };
  spec: { paused?: boolean; restartAt?: string; template: { metadata: { labels: Record<string, string> }; spec: { containers: { name: string; image: string }[] } } };
  status?: Record<string, unknown>;
}

let sim: RunningSim;
let pluginDir: string;

function env(): NodeJS.ProcessEnv {
  return { ...process.env, KUBECONFIG: sim.kubeconfig, HOME: sim.dir, NO_COLOR: '' };
}

function collect(child: ChildProcess): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Runs the built plugin to completion. */
function plugin(args: string[]): Promise<CommandResult> {
  return collect(spawn(process.execPath, [CLI, ...args], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** Starts a long-running plugin command (a watch) and lets the test read its output as it comes. */
function startPlugin(args: string[]): { output: () => string; child: ChildProcess; done: Promise<CommandResult> } {
  const child = spawn(process.execPath, [CLI, ...args], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return { output: () => out, child, done: collect(child) };
}

async function api(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<unknown> {
  const res = await sim.request(method, path, body, { 'Content-Type': contentType });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json;
}

const getRollout = async (): Promise<RolloutJson> => (await api('GET', `${ROLLOUTS}/checkout`)) as RolloutJson;

/** Writes status through the status subresource, as the controller would, observing the current generation. */
async function writeStatus(status: Record<string, unknown>): Promise<void> {
  const ro = await getRollout();
  await api('PATCH', `${ROLLOUTS}/checkout/status`, { status: { observedGeneration: String(ro.metadata.generation), ...status } }, 'application/merge-patch+json');
}

const PAUSED_STATUS = {
  phase: 'Paused',
  message: 'CanaryPauseStep',
  pauseConditions: [{ reason: 'CanaryPauseStep', startTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') }],
  controllerPause: true,
  currentPodHash: CANARY.hash,
  stableRS: STABLE.hash,
  currentStepIndex: 1,
  replicas: 5,
  updatedReplicas: 1,
  readyReplicas: 5,
  availableReplicas: 5,
};

function template(image: string, hash?: string): unknown {
  return {
    metadata: { labels: { app: 'checkout', ...(hash ? { 'rollouts-pod-template-hash': hash } : {}) } },
    spec: { containers: [{ name: 'checkout', image }] },
  };
}

async function createReplicaSet(owner: RolloutJson, v: typeof STABLE): Promise<void> {
  await api('POST', `/apis/apps/v1/namespaces/${NS}/replicasets`, {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `checkout-${v.hash}`,
      labels: { app: 'checkout', 'rollouts-pod-template-hash': v.hash },
      annotations: { 'rollout.argoproj.io/revision': String(v.revision) },
      ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'checkout', uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true }],
    },
    spec: { replicas: v.replicas, selector: { matchLabels: { app: 'checkout', 'rollouts-pod-template-hash': v.hash } }, template: template(v.image, v.hash) },
  });
}

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  sim = await startSimProcess({ podReadySeconds: 0.2 });
  const crds = await sim.kubectl(['apply', '-k', 'crds/']);
  expect(crds.code).toBe(0);
  await api('POST', ROLLOUTS, {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'checkout' },
    spec: {
      replicas: 5,
      selector: { matchLabels: { app: 'checkout' } },
      template: template(CANARY.image),
      strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }, { setWeight: 60 }, { pause: { duration: '30s' } }, { setWeight: 100 }] } },
    },
  });
  const rollout = await getRollout();
  await createReplicaSet(rollout, STABLE);
  await createReplicaSet(rollout, CANARY);
  await writeStatus(PAUSED_STATUS);
  // The simulated ReplicaSet controller and kubelet make 5 ready pods.
  await eventually(async () => {
    const pods = (await api('GET', `/api/v1/namespaces/${NS}/pods`)) as { items: { status?: { conditions?: { type: string; status: string }[] } }[] };
    const ready = pods.items.filter((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
    return ready.length === 5 ? true : undefined;
  }, '5 ready pods');
  // `kubectl rollouts` finds the plugin as an executable named kubectl-rollouts on the PATH.
  pluginDir = mkdtempSync(join(tmpdir(), 'kubectl-plugin-'));
  const wrapper = join(pluginDir, 'kubectl-rollouts');
  writeFileSync(wrapper, `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  chmodSync(wrapper, 0o755);
}, 60_000);

afterAll(async () => {
  await sim?.stop();
  if (pluginDir) rmSync(pluginDir, { recursive: true, force: true });
});

describe('reading a rollout', () => {
  it('get rollout prints the header and the tree of revisions, ReplicaSets and pods', async () => {
    const r = await plugin(['get', 'rollout', 'checkout']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain('Name:            checkout\nNamespace:       default\nStatus:          ॥ Paused\nMessage:         CanaryPauseStep\nStrategy:        Canary\n  Step:          1/5\n  SetWeight:     20\n  ActualWeight:  20\n');
    expect(r.stdout).toContain(`Images:          ${STABLE.image} (stable)\n                 ${CANARY.image} (canary)\n`);
    expect(r.stdout).toMatch(/⟳ checkout\s+Rollout\s+॥ Paused/);
    expect(r.stdout).toMatch(/├──# revision:2\n│ {2}└──⧉ checkout-7b6c5d4f8\s+ReplicaSet\s+✔ Healthy\s+\S+\s+canary\n│ {5}└──□ checkout-7b6c5d4f8-\w{5}\s+Pod\s+✔ Running\s+\S+\s+ready:1\/1\n└──# revision:1/);
    expect(r.stdout.match(/□ checkout-5d8f7c9b4-\w{5}\s+Pod\s+✔ Running/g)).toHaveLength(4);
    expect(r.stdout).not.toContain('\x1b[');
  });

  it('get rollout of a missing rollout fails with a clear message', async () => {
    expect(await plugin(['get', 'rollout', 'nope'])).toMatchObject({ code: 1, stdout: '', stderr: 'Error: rollouts.argoproj.io "nope" not found\n' });
  });

  it('list rollouts prints one row per rollout', async () => {
    const r = await plugin(['list', 'rollouts']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      'NAME        STRATEGY   STATUS        STEP  SET-WEIGHT  READY  DESIRED  UP-TO-DATE  AVAILABLE',
      'checkout    Canary     Paused        1/5   20          5/5    5        1           5',
      '',
    ]);
    expect((await plugin(['list', 'rollouts', '-n', 'kube-system'])).stderr).toBe('No resources found.\n');
  });

  it('status --watch=false prints the status once; --timeout ends a watch that does not finish', async () => {
    expect(await plugin(['status', 'checkout', '--watch=false'])).toMatchObject({ code: 0, stdout: 'Paused - CanaryPauseStep\n' });
    const started = Date.now();
    const timedOut = await plugin(['status', 'checkout', '--timeout', '1s']);
    expect(timedOut).toMatchObject({ code: 1, stdout: 'Paused - CanaryPauseStep\n', stderr: 'Error: Rollout status watch exceeded timeout\n' });
    expect(Date.now() - started).toBeLessThan(8000);
  });

  it('runs as a kubectl plugin: kubectl rollouts version / get rollout', async () => {
    const kubectl = (args: string[]): Promise<CommandResult> =>
      collect(spawn(KUBECTL, args, { env: { ...env(), PATH: `${pluginDir}:${process.env.PATH ?? ''}` }, stdio: ['ignore', 'pipe', 'pipe'] }));
    const version = await kubectl(['rollouts', 'version']);
    expect(version).toMatchObject({ code: 0 });
    expect(version.stdout).toMatch(/^kubectl-rollouts: v\d+\.\d+\.\d+\n/);
    const get = await kubectl(['rollouts', 'get', 'rollout', 'checkout']);
    expect(get.code).toBe(0);
    expect(get.stdout).toContain('Status:          ॥ Paused');
  });
});

describe('watching a rollout', () => {
  it('status watches until Healthy (exit 0), and get -w redraws on every change until Ctrl-C', async () => {
    const status = startPlugin(['status', 'checkout']);
    const get = startPlugin(['get', 'rollout', 'checkout', '-w']);
    await eventually(() => (status.output().includes('Paused - CanaryPauseStep') && get.output().includes('॥ Paused') ? true : undefined), 'the first status and drawing');
    await writeStatus({ ...PAUSED_STATUS, phase: 'Progressing', message: 'more replicas need to be updated', pauseConditions: null, controllerPause: false, currentStepIndex: 2 });
    await eventually(() => (get.output().includes('◌ Progressing') ? true : undefined), 'a redraw');
    await writeStatus({ phase: 'Healthy', message: '', currentPodHash: CANARY.hash, stableRS: CANARY.hash, currentStepIndex: 5, updatedReplicas: 5 });
    expect(await status.done).toMatchObject({ code: 0, stdout: 'Paused - CanaryPauseStep\nProgressing - more replicas need to be updated\nHealthy\n' });
    await eventually(() => (/Rollout +✔ Healthy/.test(get.output()) ? true : undefined), 'a redraw as Healthy');
    expect(get.output()).toContain('\x1b[H\x1b[2J');
    get.child.kill('SIGINT');
    expect((await get.done).code).toBe(0);
    // Every frame is a whole picture after the clear-screen escape: the first Paused, the last Healthy.
    const frames = get.output().split('\x1b[H\x1b[2J\x1b[0;0H');
    expect(frames[0]).toBe('');
    expect(frames.length).toBeGreaterThanOrEqual(3);
    for (const frame of frames.slice(1)) expect(frame).toMatch(/^Name: {12}checkout\n[\s\S]*\n└──# revision:1\n/);
    expect(frames[1]).toMatch(/Rollout +॥ Paused/);
    expect(frames[frames.length - 1]).toMatch(/Rollout +✔ Healthy/);
    await writeStatus(PAUSED_STATUS);
  });

  it('status exits 1 with the message of a Degraded rollout', async () => {
    await writeStatus({ phase: 'Degraded', message: 'RolloutAborted: Rollout aborted update to revision 2' });
    expect(await plugin(['status', 'checkout'])).toMatchObject({
      code: 1,
      stdout: 'Degraded - RolloutAborted: Rollout aborted update to revision 2\n',
      stderr: 'Error: The rollout is in a degraded state with message: RolloutAborted: Rollout aborted update to revision 2\n',
    });
    await writeStatus(PAUSED_STATUS);
  });
});

describe('changing a rollout: the patches land', () => {
  it('pause sets spec.paused; promote lifts it and clears the pause conditions', async () => {
    expect(await plugin(['pause', 'checkout'])).toMatchObject({ code: 0, stdout: "rollout 'checkout' paused\n" });
    expect((await getRollout()).spec.paused).toBe(true);
    expect(await plugin(['promote', 'checkout'])).toMatchObject({ code: 0, stdout: "rollout 'checkout' promoted\n" });
    const ro = await getRollout();
    expect(ro.spec.paused).toBe(false);
    expect(ro.status?.pauseConditions).toBeUndefined();
    expect(ro.status?.currentStepIndex).toBe(1);
    expect(ro.status?.controllerPause).toBe(true);
  });

  it('promote mid-step moves to the next step; --full sets promoteFull', async () => {
    await plugin(['promote', 'checkout']);
    expect((await getRollout()).status?.currentStepIndex).toBe(2);
    expect(await plugin(['promote', 'checkout', '--full'])).toMatchObject({ code: 0, stdout: "rollout 'checkout' fully promoted\n" });
    expect((await getRollout()).status?.promoteFull).toBe(true);
  });

  it('abort sets status.abort; retry clears it', async () => {
    expect(await plugin(['abort', 'checkout'])).toMatchObject({ code: 0, stdout: "rollout 'checkout' aborted\n" });
    expect((await getRollout()).status?.abort).toBe(true);
    expect(await plugin(['retry', 'rollout', 'checkout'])).toMatchObject({ code: 0, stdout: "rollout 'checkout' retried\n" });
    expect((await getRollout()).status?.abort).toBe(false);
  });

  it('restart sets spec.restartAt to now, RFC 3339 in UTC', async () => {
    const before = Math.floor(Date.now() / 1000) * 1000;
    expect(await plugin(['restart', 'checkout'])).toMatchObject({ code: 0, stdout: "rollout 'checkout' restarts in 0s\n" });
    const restartAt = (await getRollout()).spec.restartAt ?? '';
    expect(restartAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Date.parse(restartAt)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(restartAt)).toBeLessThanOrEqual(Date.now());
  });

  it('set image changes the container image in spec.template; an unknown container is refused', async () => {
    expect(await plugin(['set', 'image', 'checkout', 'checkout=ghcr.io/example/checkout:2.0.0'])).toMatchObject({ code: 0, stdout: 'rollout "checkout" image updated\n' });
    expect((await getRollout()).spec.template.spec.containers[0]?.image).toBe('ghcr.io/example/checkout:2.0.0');
    expect(await plugin(['set', 'image', 'checkout', 'sidecar=x:1'])).toMatchObject({ code: 1, stderr: 'Error: unable to find container named "sidecar"\n' });
  });

  it('undo copies the previous revision’s pod template back, without the hash label', async () => {
    expect(await plugin(['undo', 'checkout'])).toMatchObject({ code: 0, stdout: "rollout 'checkout' undo\n" });
    const ro = await getRollout();
    expect(ro.spec.template.spec.containers[0]?.image).toBe(STABLE.image);
    expect(ro.spec.template.metadata.labels).toEqual({ app: 'checkout' });
    expect(await plugin(['undo', 'checkout', '--to-revision', '1'])).toMatchObject({ code: 0, stdout: 'skipped rollback (current template already matches revision 1)\n' });
    expect(await plugin(['undo', 'checkout', '--to-revision', '2'])).toMatchObject({ code: 0, stdout: "rollout 'checkout' undo\n" });
    expect((await getRollout()).spec.template.spec.containers[0]?.image).toBe(CANARY.image);
  });

  it('an operation on a missing rollout exits 1 and names it', async () => {
    expect(await plugin(['promote', 'nope', '-n', 'shop'])).toMatchObject({ code: 1, stderr: 'Error: rollouts.argoproj.io "nope" not found\n' });
    expect(await plugin(['abort', 'nope'])).toMatchObject({ code: 1, stderr: 'Error: rollouts.argoproj.io "nope" not found\n' });
  });
});
