import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, type RunningSim } from './sim-process.js';
import { markControllerStarted } from './controller-requests.js';

/** A rollouts-controller child process pointed at a simulator. */
export interface RunningController {
  /** The child's process id (undefined if it could not be spawned), for reading /proc/<pid>/status. */
  pid: number | undefined;
  logs(): string;
  /** Sends a signal and waits for the process to exit; resolves with its exit code. */
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts `dist/controller/main.js` against the simulator's kubeconfig; `env` adds to this process's environment (POD_NAMESPACE);
 * `nodeArgs` go to node before the script (benchmarks: `--heapsnapshot-signal=SIGUSR2`, `--heap-prof`).
 */
export function startControllerProcess(sim: RunningSim, extraArgs: string[] = [], env: Record<string, string> = {}, nodeArgs: string[] = []): RunningController {
  // The RBAC test holds this controller's requests to deploy/'s rules, the Role ones in this namespace.
  markControllerStarted(sim.dir, env.POD_NAMESPACE ?? process.env.POD_NAMESPACE ?? 'argo-rollouts');
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, join(ROOT, 'dist', 'controller', 'main.js'), '--kubeconfig', sim.kubeconfig, '--healthz-port', '0', '--metrics-port', '0', '--log-level', 'debug', ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    pid: child.pid,
    logs: () => output,
    kill: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** A directory holding a `kubectl-rollouts` executable that runs the built plugin, for PATH. */
export function pluginPathDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-rollouts-'));
  const file = join(dir, 'kubectl-rollouts');
  writeFileSync(file, `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'dist', 'cli', 'main.js')}" "$@"\n`);
  chmodSync(file, 0o755);
  return dir;
}

/** Runs `kubectl rollouts …` as a user would: the plugin found on PATH, the simulator's kubeconfig in KUBECONFIG. */
export function kubectlRollouts(sim: RunningSim, pluginDir: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/kubectl', ['rollouts', ...args], {
      env: { ...process.env, KUBECONFIG: sim.kubeconfig, PATH: `${pluginDir}:${process.env.PATH ?? ''}`, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
