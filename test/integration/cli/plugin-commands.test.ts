// The built plugin's file and shell commands against rollouts-sim: lint (offline), create,
// completion, version, and the errors users meet first (a missing rollout, no cluster).
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ROOT, startSimProcess, type CommandResult, type RunningSim } from '../../helpers/sim-process.js';

const CLI = join(ROOT, 'dist', 'cli', 'main.js');

let sim: RunningSim;
let dir: string;

function plugin(args: string[], env: NodeJS.ProcessEnv = { KUBECONFIG: sim.kubeconfig, HOME: sim.dir }): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const ROLLOUT = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: checkout
spec:
  replicas: 3
  selector:
    matchLabels: { app: checkout }
  template:
    metadata:
      labels: { app: checkout }
    spec:
      containers: [{ name: checkout, image: "ghcr.io/example/checkout:1.0.0" }]
  strategy:
    canary:
      steps: [{ setWeight: 20 }, { pause: {} }]
`;

const TEMPLATE = `apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  name: success-rate
spec:
  metrics:
    - name: success-rate
      successCondition: result[0] >= 0.95
      provider:
        prometheus: { address: "http://prometheus:9090", query: "vector(1)" }
`;

const BROKEN = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: broken
spec:
  replicas: three
  replicaz: 1
  selector:
    matchLabels: { app: broken }
  template:
    metadata:
      labels: { app: broken }
    spec:
      containers: [{ name: broken, image: broken:1 }]
  strategy:
    canary:
      steps: [{ setWieght: 20 }]
`;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  dir = mkdtempSync(join(tmpdir(), 'plugin-commands-'));
  sim = await startSimProcess();
  expect((await sim.kubectl(['apply', '-k', 'crds/'])).code).toBe(0);
}, 60_000);

afterAll(async () => {
  await sim?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('lint -f FILE', () => {
  it('is silent and exits 0 for a valid file (no cluster needed)', async () => {
    expect(await plugin(['lint', '-f', file('ok.yaml', `${ROLLOUT}---\n${TEMPLATE}`)], { HOME: dir })).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('prints every error with its object and path, and exits 1 with the first', async () => {
    const r = await plugin(['lint', '-f', file('broken.yaml', `${TEMPLATE}---\n${BROKEN}`)], { HOME: dir });
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')).toEqual([
      'Rollout/broken: spec.replicas: Invalid value: "three": expected integer',
      'Rollout/broken: spec.strategy.canary.steps[0]: Invalid value: map[string]interface {}{…}: must set one of setWeight, pause, analysis, experiment, setCanaryScale, setHeaderRoute, setMirrorRoute, plugin',
      'Rollout/broken: spec.replicaz: Invalid value: 1: unknown field',
      '',
    ]);
    expect(r.stderr).toBe('Error: Rollout/broken: spec.replicas: Invalid value: "three": expected integer (and 2 more)\n');
  });

  it('needs -f, and says so when the file is missing', async () => {
    expect((await plugin(['lint'], { HOME: dir })).code).toBe(1);
    const missing = await plugin(['lint', '-f', join(dir, 'nope.yaml')], { HOME: dir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^Error: .*nope\.yaml/);
  });
});

describe('create -f FILE', () => {
  it('creates each object with a line per object; a second create reports each conflict and exits 1', async () => {
    const path = file('create.yaml', `${TEMPLATE}---\n${ROLLOUT}`);
    expect(await plugin(['create', '-f', path])).toEqual({ code: 0, stdout: 'analysistemplate.argoproj.io/success-rate created\nrollout.argoproj.io/checkout created\n', stderr: '' });
    expect((await sim.request('GET', '/apis/argoproj.io/v1alpha1/namespaces/default/rollouts/checkout')).status).toBe(200);
    const again = await plugin(['create', '-f', path]);
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    expect(again.stderr).toBe('Error: analysistemplates.argoproj.io "success-rate" already exists\nError: rollouts.argoproj.io "checkout" already exists\n');
  });

  it('creates in -n NAMESPACE when the object names none', async () => {
    await sim.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
    expect(await plugin(['create', '-f', file('shop.yaml', ROLLOUT), '-n', 'shop'])).toMatchObject({ code: 0, stdout: 'rollout.argoproj.io/checkout created\n' });
    expect((await sim.request('GET', '/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/checkout')).status).toBe(200);
  });
});

describe('completion and version', () => {
  it('completion bash prints a script bash accepts, which completes commands, flags and rollout names', async () => {
    const r = await plugin(['completion', 'bash'], { HOME: dir });
    expect(r.code).toBe(0);
    const script = file('completion.bash', r.stdout);
    const complete = (words: string[]): string => {
      const probe = `source ${script}; kubectl() { echo checkout; echo cart; }; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _kubectl_rollouts; echo "\${COMPREPLY[*]}"`;
      return spawnSync('bash', ['-c', probe], { encoding: 'utf8' }).stdout.trim();
    };
    expect(complete(['kubectl-rollouts', 'pro'])).toBe('promote');
    expect(complete(['kubectl', 'rollouts', 'get', ''])).toBe('rollout ro rollouts');
    expect(complete(['kubectl-rollouts', 'get', 'rollout', '--wa'])).toBe('--watch');
    expect(complete(['kubectl-rollouts', 'promote', 'ch'])).toBe('checkout');
    expect(complete(['kubectl-rollouts', 'completion', ''])).toBe('');
  });

  it('completion zsh loads the same script through bashcompinit; another shell is refused', async () => {
    const zsh = await plugin(['completion', 'zsh'], { HOME: dir });
    expect(zsh.code).toBe(0);
    expect(zsh.stdout).toMatch(/^#compdef kubectl-rollouts\n/);
    expect(zsh.stdout).toContain('bashcompinit');
    expect(zsh.stdout).toContain('complete -o default -F _kubectl_rollouts kubectl-rollouts');
    expect(await plugin(['completion', 'fish'], { HOME: dir })).toMatchObject({ code: 1, stderr: 'Error: unsupported shell "fish": use bash or zsh\n' });
  });

  it('version prints as Argo’s does, --short just the first line', async () => {
    const r = await plugin(['version'], { HOME: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^kubectl-rollouts: v\d+\.\d+\.\d+\n {2}NodeVersion: v\d+\S*\n {2}Platform: \w+\/\w+\n$/);
    expect((await plugin(['version', '--short'], { HOME: dir })).stdout).toMatch(/^kubectl-rollouts: v\d+\.\d+\.\d+\n$/);
  });
});

describe('errors users meet first', () => {
  it('an unknown rollout: the API server’s words, exit 1', async () => {
    expect(await plugin(['get', 'rollout', 'nope'])).toEqual({ code: 1, stdout: '', stderr: 'Error: rollouts.argoproj.io "nope" not found\n' });
  });

  it('no kubeconfig at all: one line, exit 1', async () => {
    expect(await plugin(['get', 'rollout', 'checkout'], { HOME: dir })).toEqual({ code: 1, stdout: '', stderr: 'Error: no kubeconfig found: pass --kubeconfig, set KUBECONFIG, or create ~/.kube/config\n' });
    const missing = await plugin(['list', 'rollouts', '--kubeconfig', join(dir, 'absent')], { HOME: dir });
    expect(missing.code).toBe(1);
    expect(missing.stderr.split('\n')).toEqual([expect.stringMatching(/^Error: cannot load kubeconfig .*absent: /), '']);
  });

  it('a cluster that refuses connections: kubectl’s sentence, exit 1, no stack trace', async () => {
    // A port nobody listens on: bind one, note it, close it.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = server.address() as AddressInfo;
        server.close(() => resolve(p));
      });
    });
    const kubeconfig = file('refused.yaml', `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:${port}", insecure-skip-tls-verify: true}}]\ncontexts: [{name: c, context: {cluster: c}}]\ncurrent-context: c\nusers: [{name: u, user: {}}]\n`);
    expect(await plugin(['get', 'rollout', 'checkout'], { KUBECONFIG: kubeconfig, HOME: dir })).toEqual({
      code: 1,
      stdout: '',
      stderr: `Error: the connection to the server 127.0.0.1:${port} was refused - did you specify the right host or port?\n`,
    });
  });
});
