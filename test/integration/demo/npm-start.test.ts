import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { eventually, KUBECTL, ROOT } from '../../helpers/sim-process.js';

// `npm start` as a user runs it (the built dist/demo/start.js), with releases made fast.
// Given the demo started, when its first releases land, then within 60 s a canary has moved a step
// and the bad payments version has aborted; when Ctrl-C comes, then every child exits and every port closes.

interface Demo {
  kubeconfig: string;
  /** Every address the guide printed: the API, the metrics source and the dashboard. */
  urls: string[];
  dashboard?: string;
}

function childPidsOf(pid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(entry)) continue;
    try {
      // /proc/PID/stat: "pid (comm) state ppid …"; comm may hold spaces, so read after the last ")".
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

interface RolloutJson {
  metadata: { name: string };
  spec: { template: { spec: { containers: { image: string }[] } } };
  status?: { currentStepIndex?: number; abort?: boolean; phase?: string; message?: string };
}

describe('npm start', () => {
  let dir: string;
  let child: ChildProcess;
  let output = '';
  let demo: Demo;
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The demo's child processes (rollouts-sim, rollouts-controller), read from /proc once it is up. */
  let children: number[] = [];

  const kubectl = (args: string[]): Promise<string> =>
    new Promise((resolvePromise, reject) => {
      const proc = spawn(KUBECTL, ['--kubeconfig', demo.kubeconfig, '--cache-dir', join(dir, 'kubectl-cache'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
      proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
      proc.on('close', (code) => (code === 0 ? resolvePromise(out) : reject(new Error(`kubectl ${args.join(' ')}: ${err}`))));
    });

  const rollouts = async (): Promise<Map<string, RolloutJson>> => {
    const list = JSON.parse(await kubectl(['get', 'rollouts', '-n', 'demo', '-o', 'json'])) as { items: RolloutJson[] };
    return new Map(list.items.map((r) => [r.metadata.name, r]));
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'npm-start-test-'));
    const env = { ...process.env, DEMO_DIR: dir, DEMO_FIRST_RELEASE_SECONDS: '2', DEMO_RELEASE_SECONDS: '600', DEMO_DASHBOARD_PORT: '0', DEMO_POD_READY_SECONDS: '1' };
    child = spawn(process.execPath, [join(ROOT, 'dist', 'demo', 'start.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
    await eventually(() => (output.includes('Ctrl-C stops everything.') ? true : undefined), `the demo's guide; output so far:\n${output}`, 30_000);
    const kubeconfig = /export KUBECONFIG=(\S+)/.exec(output)?.[1];
    const urls = [...output.matchAll(/(http:\/\/127\.0\.0\.1:[0-9]+)/g)].map((m) => m[1]);
    const dashboard = /Dashboard: +(http:\/\/127\.0\.0\.1:[0-9]+)/.exec(output)?.[1];
    demo = { kubeconfig: kubeconfig!, urls: [...new Set(urls)], dashboard };
    children = childPidsOf(child.pid!);
  }, 40_000);

  // Whatever a failed test left running is stopped: the demo by Ctrl-C, then anything of it still alive by SIGKILL.
  afterAll(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      child.kill('SIGKILL');
    }
    for (const pid of children.filter(isAlive)) process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }, 15_000);

  it('prints the kubeconfig to export and the addresses of the API, the dashboard and the metrics source', async () => {
    expect(demo.kubeconfig).toBe(join(dir, 'kubeconfig'));
    expect(output).toMatch(/Kubernetes API: +http:\/\/127\.0\.0\.1:[0-9]+/);
    expect(output).toMatch(/Metrics source: +http:\/\/127\.0\.0\.1:[0-9]+\/score/);
    expect(demo.dashboard).toBeDefined();
    expect(demo.urls).toHaveLength(3);
    for (const url of demo.urls) expect((await fetch(url)).status).toBeLessThan(500);
  });

  it('the dashboard shows the four demo rollouts', async () => {
    const names = await eventually(async () => {
      const res = await fetch(`${demo.dashboard!}/api/rollouts?namespace=demo`);
      const rows = ((await res.json()) as { rollouts: { name: string }[] }).rollouts.map((r) => r.name);
      return rows.length === 4 ? rows : undefined;
    }, 'the dashboard to list the demo rollouts');
    expect(names).toEqual(['catalog', 'checkout', 'payments', 'reviews']);
  });

  it('in Chromium, the dashboard page lists the demo rollouts (screenshot in test-output/dashboard/demo-list.png)', async () => {
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(demo.dashboard!);
      for (const name of ['catalog', 'checkout', 'payments', 'reviews']) await page.locator(`tr[data-rollout="demo/${name}"]`).waitFor({ timeout: 10_000 });
      mkdirSync(join(ROOT, 'test-output', 'dashboard'), { recursive: true });
      await page.screenshot({ path: join(ROOT, 'test-output', 'dashboard', 'demo-list.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  }, 30_000);

  it('within 60 s: checkout has moved past its first step on the new version, and payments aborted its bad version', async () => {
    const started = Date.now();
    const seen = await eventually(
      async () => {
        const all = await rollouts();
        const checkout = all.get('checkout');
        const payments = all.get('payments');
        const moved = checkout?.spec.template.spec.containers[0].image.endsWith(':1.1.0') && (checkout.status?.currentStepIndex ?? 0) >= 1;
        const aborted = payments?.spec.template.spec.containers[0].image.endsWith(':1.1.0') && payments.status?.abort === true;
        return moved && aborted ? { checkout, payments } : undefined;
      },
      'checkout to progress and payments to abort',
      60_000,
    );
    process.stdout.write(`npm start: checkout progressed and payments aborted ${Date.now() - started} ms after the guide was printed\n`);
    expect(seen.payments?.status?.phase).toBe('Degraded');
    expect(seen.payments?.status?.message).toContain('RolloutAborted');
    expect(output).toContain('release: payments → ghcr.io/example/payments:1.1.0 (a bad version');
  }, 70_000);

  it('Ctrl-C stops the simulator, the controller and every server, leaving no child process', async () => {
    expect(children).toHaveLength(2);
    child.kill('SIGINT');
    const result = await exited;
    expect(result).toEqual({ code: 0, signal: null });
    await eventually(() => (children.every((pid) => !isAlive(pid)) ? true : undefined), `children ${children.join(', ')} to exit`, 5000);
    for (const url of demo.urls) await expect(fetch(url)).rejects.toThrow();
  }, 30_000);
});
