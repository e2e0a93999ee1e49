#!/usr/bin/env node
// `npm start`: the product on one machine with no cluster, in one process tree that Ctrl-C stops:
// rollouts-sim (a Kubernetes API) and rollouts-controller as child processes; the dashboard, the demo's
// metrics source and its release train in this process. Settings: see demo-config.ts.
import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKubeClient } from '../kube/kube-client.js';
import type { KubeClient } from '../kube/kube-client-types.js';
import { loadKubeConfig } from '../kube/kube-config.js';
import { messageOf } from '../shared/errors.js';
import { startController, startSimulator, stopChild, type SimReady } from './child-processes.js';
import { demoConfigFrom, type DemoConfig } from './demo-config.js';
import { startDemoDashboard, type DemoDashboard } from './demo-dashboard.js';
import { applyDemoManifests, installDemoCrds, readDemoManifests } from './demo-manifests.js';
import { DEMO_APPS } from './release-plan.js';
import { startReleaseTimer, type ReleaseTimer } from './release-timer.js';
import { startScoreServer, type ScoreServer } from './score-server.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** Everything started so far, stopped in reverse order. */
interface Running {
  sim?: ChildProcess;
  controller?: ChildProcess;
  score?: ScoreServer;
  dashboard?: DemoDashboard;
  releases?: ReleaseTimer;
  stopping: boolean;
}

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

async function stopAll(running: Running): Promise<void> {
  running.releases?.stop();
  await running.dashboard?.close().catch(() => undefined);
  if (running.controller) await stopChild(running.controller);
  await running.score?.close();
  if (running.sim) await stopChild(running.sim);
}

function shutdown(running: Running, code: number): void {
  // A second Ctrl-C while stopping changes nothing: the first one's stop is under way.
  if (running.stopping) return;
  running.stopping = true;
  say('stopping the demo…');
  void stopAll(running).finally(() => process.exit(code));
}

// A child that dies while the demo runs takes the demo down with it, all of it.
function watchChild(running: Running, child: ChildProcess, name: string): void {
  child.once('exit', (code, signal) => {
    if (running.stopping) return;
    process.stderr.write(`npm start: ${name} exited (${signal ?? `code ${code}`}); stopping the demo\n`);
    shutdown(running, 1);
  });
}

// `kubectl rollouts …` needs an executable kubectl-rollouts on PATH: a two-line shim in the demo folder.
function writePluginShim(dir: string): string {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  const shim = join(bin, 'kubectl-rollouts');
  writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'dist', 'cli', 'main.js')}" "$@"\n`);
  chmodSync(shim, 0o755);
  return bin;
}

// The dashboard on its port, else (the port is taken, say by `kubectl rollouts dashboard`) on a free one,
// else not at all: the rest of the demo runs without it.
async function startDashboardOrSay(running: Running, client: KubeClient, port: number): Promise<void> {
  for (const candidate of port === 0 ? [0] : [port, 0]) {
    try {
      running.dashboard = await startDemoDashboard(client, candidate);
      return;
    } catch (err) {
      say(`The dashboard did not start on port ${candidate}: ${messageOf(err)}`);
    }
  }
}

function printGuide(config: DemoConfig, ready: SimReady, running: Running): void {
  const bin = writePluginShim(config.dir);
  const seconds = (ms: number): string => `${ms / 1000} s`;
  say(
    [
      '',
      'Progressive Rollouts demo',
      running.dashboard ? `  Dashboard:            ${running.dashboard.url}` : '  Dashboard:            (not started)',
      `  Kubernetes API:       ${ready.server}  (rollouts-sim, log: ${join(config.dir, 'sim.log')})`,
      `  Controller log:       ${join(config.dir, 'controller.log')}`,
      `  Metrics source:       ${running.score?.url ?? '?'}/score?version=IMAGE  (what the demo's analyses query)`,
      '',
      'Rollouts in namespace "demo": checkout (canary with an analysis step), payments (canary whose every',
      'other version fails its analysis and aborts), catalog (blue-green, promoted by itself), reviews',
      `(canary behind an Istio VirtualService). Each gets a new version every ${seconds(config.releaseMs)}, the first in ${seconds(config.firstReleaseMs)}.`,
      '',
      'Point kubectl at the simulator:',
      `  export KUBECONFIG=${ready.kubeconfig}`,
      `  export PATH=${bin}:$PATH    # for kubectl rollouts …`,
      '  kubectl get rollouts,analysisruns -n demo',
      '  kubectl rollouts get rollout payments -n demo --watch',
      '',
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

async function startDemo(config: DemoConfig, running: Running): Promise<void> {
  mkdirSync(config.dir, { recursive: true });
  const sim = startSimulator({ root: ROOT, kubeconfig: join(config.dir, 'kubeconfig'), port: config.simPort, podReadySeconds: config.podReadySeconds, logFile: join(config.dir, 'sim.log') });
  running.sim = sim.child;
  const ready = await sim.ready;
  watchChild(running, sim.child, 'rollouts-sim');
  const client = createKubeClient(loadKubeConfig({ kubeconfig: ready.kubeconfig }), { userAgent: 'rollouts-demo' });
  await installDemoCrds(client, ROOT);
  running.controller = startController(ROOT, ready.kubeconfig, join(config.dir, 'controller.log'));
  watchChild(running, running.controller, 'rollouts-controller');
  running.score = await startScoreServer(DEMO_APPS, config.scorePort);
  await applyDemoManifests(client, readDemoManifests(ROOT, running.score.url));
  await startDashboardOrSay(running, client, config.dashboardPort);
  running.releases = startReleaseTimer({ client, apps: DEMO_APPS, firstDelayMs: config.firstReleaseMs, periodMs: config.releaseMs, report: say });
  printGuide(config, ready, running);
}

function main(): void {
  const running: Running = { stopping: false };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => shutdown(running, 0));
  // A bad setting is reported like any other start-up failure.
  Promise.resolve()
    .then(() => startDemo(demoConfigFrom(process.env, ROOT), running))
    .catch((err: unknown) => {
    process.stderr.write(`npm start: ${messageOf(err)}\n`);
    shutdown(running, 1);
  });
}

main();
