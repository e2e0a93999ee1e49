// The demo's two child programs, started from the built dist/: rollouts-sim (the Kubernetes API) and
// rollouts-controller. Their output goes to log files in the demo folder, so the terminal stays readable.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface SimReady {
  server: string;
  kubeconfig: string;
}

export interface SimOptions {
  root: string;
  kubeconfig: string;
  port: number;
  podReadySeconds: number;
  logFile: string;
}

function logTo(child: ChildProcess, file: string): void {
  const log = createWriteStream(file, { flags: 'a' });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
}

/**
 * Starts rollouts-sim. The child is returned at once (so that a Ctrl-C during start-up can stop it);
 * `ready` resolves on its ready line and rejects if it exits first or says something else.
 */
export function startSimulator(options: SimOptions): { child: ChildProcess; ready: Promise<SimReady> } {
  const args = ['--port', String(options.port), '--kubeconfig', options.kubeconfig, '--pod-ready-seconds', String(options.podReadySeconds)];
  const child = spawn(process.execPath, [join(options.root, 'dist', 'sim', 'main.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr.pipe(createWriteStream(options.logFile, { flags: 'a' }));
  const ready = new Promise<SimReady>((resolvePromise, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`rollouts-sim exited with code ${code} before it was ready (log: ${options.logFile})`));
    child.once('exit', onExit);
    createInterface(child.stdout).once('line', (line) => {
      child.off('exit', onExit);
      const said = JSON.parse(line) as Partial<SimReady> & { event?: string };
      if (said.event !== 'ready' || said.server === undefined || said.kubeconfig === undefined) return reject(new Error(`rollouts-sim said ${line}`));
      resolvePromise({ server: said.server, kubeconfig: said.kubeconfig });
    });
  });
  return { child, ready };
}

/** Starts rollouts-controller on the kubeconfig, with its health and metrics servers off (the demo needs no ports of its own). */
export function startController(root: string, kubeconfig: string, logFile: string): ChildProcess {
  const args = ['--kubeconfig', kubeconfig, '--healthz-port', '0', '--metrics-port', '0', '--log-format', 'json'];
  const child = spawn(process.execPath, [join(root, 'dist', 'controller', 'main.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  logTo(child, logFile);
  return child;
}

/** Sends SIGTERM and waits for the exit; SIGKILL after `graceMs`. Resolves at once for a child that already exited. */
export function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolvePromise();
    });
    child.kill('SIGTERM');
  });
}
