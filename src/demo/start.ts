#!/usr/bin/env node
// `npm start`: the product on one machine with no cluster: rollouts-sim with the CRDs installed, the
// controller reconciling the example Rollouts, all in one process tree that Ctrl-C stops.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { applyManifests, readManifests } from '../kube/apply-manifests.js';
import { createKubeClient } from '../kube/kube-client.js';
import { loadKubeConfig } from '../kube/kube-config.js';
import { messageOf } from '../shared/errors.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const DEMO_MANIFESTS = ['examples/canary-rollout.yaml', 'examples/analysis-template-success-rate.yaml', 'examples/analysis-template-web.yaml'];

interface Ready {
  server: string;
  kubeconfig: string;
}

function startSimulator(kubeconfig: string, port: string): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'sim', 'main.js'), '--port', port, '--kubeconfig', kubeconfig, '--pod-ready-seconds', '2'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolvePromise, reject) => {
    child.once('exit', (code) => reject(new Error(`rollouts-sim exited with code ${code}`)));
    createInterface(child.stdout).once('line', (line) => resolvePromise({ child, ready: JSON.parse(line) as Ready }));
  });
}

function startController(kubeconfig: string, logFile: string): ChildProcess {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'controller', 'main.js'), '--kubeconfig', kubeconfig, '--healthz-port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(logFile, { flags: 'a' });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return child;
}

async function main(): Promise<void> {
  const kubeconfig = join(ROOT, '.rollouts', 'kubeconfig');
  const controllerLog = join(ROOT, '.rollouts', 'controller.log');
  const { child, ready } = await startSimulator(kubeconfig, process.env.SIM_PORT ?? '0');
  const children: ChildProcess[] = [child];
  const stop = (): void => {
    for (const c of [...children].reverse()) c.kill('SIGTERM');
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  child.once('exit', (code) => process.exit(code ?? 0));

  const client = createKubeClient(loadKubeConfig({ kubeconfig: ready.kubeconfig }), { userAgent: 'rollouts-demo' });
  const crdFiles = readdirSync(join(ROOT, 'crds')).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
  await applyManifests(client, crdFiles.flatMap((f) => readManifests(join(ROOT, 'crds', f))));
  children.push(startController(ready.kubeconfig, controllerLog));
  const applied = await applyManifests(client, DEMO_MANIFESTS.flatMap((f) => readManifests(join(ROOT, f))));
  process.stdout.write(
    [
      '',
      `rollouts-sim (a Kubernetes API on this machine) is serving at ${ready.server}`,
      `CRDs installed; demo objects: ${applied.join(', ')}`,
      `rollouts-controller is reconciling them (log: ${controllerLog})`,
      '',
      'Point kubectl at it:',
      `  export KUBECONFIG=${ready.kubeconfig}`,
      '  kubectl get rollouts,services,analysistemplates',
      `  node ${join(ROOT, 'dist', 'cli', 'main.js')} get rollout checkout    # or put dist/cli on PATH as kubectl-rollouts`,
      '',
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`npm start: ${messageOf(err)}\n`);
  process.exit(1);
});
