import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { saveControllerRequests } from './controller-requests.js';

/** The repository root: the nearest folder above this file with a package.json (also when compiled to dist/). */
function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no repository root above ${start}`);
    dir = parent;
  }
  return dir;
}

export const ROOT = findRoot(fileURLToPath(new URL('.', import.meta.url)));
export const KUBECTL = '/usr/bin/kubectl';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A rollouts-sim child process, started from the built `dist/`, and a kubectl bound to it. */
export interface RunningSim {
  url: string;
  /** The simulator's process id (for benchmarks that read its memory). */
  pid: number | undefined;
  kubeconfig: string;
  dir: string;
  /** Runs the real kubectl against this simulator (own discovery cache per simulator). */
  kubectl(args: string[], input?: string): Promise<CommandResult>;
  /** Starts a long-running kubectl (e.g. `get -w`) and collects its output. */
  kubectlStream(args: string[]): { output: () => string; stop: () => Promise<void> };
  /** Calls the simulator's HTTP API directly. */
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; json: unknown; headers: Headers }>;
  stop(): Promise<void>;
}

function collect(child: ChildProcess, input?: string): Promise<CommandResult> {
  return new Promise((resolvePromise, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? -1, stdout, stderr }));
    child.stdin?.end(input ?? '');
  });
}

/** Starts `rollouts-sim --port 0` and resolves when it prints its ready line. */
export async function startSimProcess(options: { podReadySeconds?: number; jobSeconds?: number; extraArgs?: string[]; nodeArgs?: string[] } = {}): Promise<RunningSim> {
  const dir = mkdtempSync(join(tmpdir(), 'rollouts-sim-test-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  const args = [...(options.nodeArgs ?? []), join(ROOT, 'dist', 'sim', 'main.js'), '--port', '0', '--kubeconfig', kubeconfigPath, '--pod-ready-seconds', String(options.podReadySeconds ?? 0.3), '--job-seconds', String(options.jobSeconds ?? 0.3), ...(options.extraArgs ?? [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const ready = await new Promise<{ server: string; kubeconfig: string }>((resolvePromise, reject) => {
    const lines = createInterface(child.stdout);
    const timer = setTimeout(() => reject(new Error(`rollouts-sim did not become ready: ${stderr}`)), 10_000);
    lines.on('line', (line) => {
      const parsed = JSON.parse(line) as { event?: string; server: string; kubeconfig: string };
      if (parsed.event !== 'ready') return;
      clearTimeout(timer);
      resolvePromise(parsed);
    });
    child.once('exit', (code) => reject(new Error(`rollouts-sim exited with ${code}: ${stderr}`)));
  });
  const cacheDir = join(dir, 'cache');
  const base = ['--kubeconfig', ready.kubeconfig, '--cache-dir', cacheDir];
  const streams = new Set<ChildProcess>();
  return {
    url: ready.server,
    pid: child.pid,
    kubeconfig: ready.kubeconfig,
    dir,
    kubectl: (kargs, input) => collect(spawn(KUBECTL, [...base, ...kargs], { stdio: ['pipe', 'pipe', 'pipe'], cwd: ROOT }), input),
    kubectlStream: (kargs) => {
      const proc = spawn(KUBECTL, [...base, ...kargs], { stdio: ['ignore', 'pipe', 'pipe'], cwd: ROOT });
      streams.add(proc);
      let out = '';
      proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
      proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise<void>((r) => proc.once('close', () => r()));
      return {
        output: () => out,
        stop: async () => {
          proc.kill('SIGTERM');
          await exited;
          streams.delete(proc);
        },
      };
    },
    request: async (method, path, body, headers = {}) => {
      const res = await fetch(`${ready.server}${path}`, {
        method,
        headers: { 'Content-Type': 'application/json', ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      let json: unknown = text;
      try {
        json = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, json, headers: res.headers };
    },
    stop: async () => {
      await saveControllerRequests({ root: ROOT, simUrl: ready.server, simDir: dir });
      for (const s of streams) s.kill('SIGKILL');
      const exited = new Promise<void>((r) => {
        if (child.exitCode !== null) r();
        else child.once('exit', () => r());
      });
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
