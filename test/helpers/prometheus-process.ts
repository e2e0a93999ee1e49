// A real Prometheus (the Debian package, run as a plain process on 127.0.0.1 with a temporary config
// and storage) for analysis tests. `.ci/run` installs it on a fresh machine.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from './sim-process.js';

export const PROMETHEUS = '/usr/bin/prometheus';

export interface RunningPrometheus {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  /** Runs an instant query and returns Prometheus' `data.result`. */
  query(promql: string): Promise<unknown[]>;
  /** Waits until the query returns at least one sample (a new target's first scrape takes ~5 s). */
  waitForSeries(promql: string, timeoutMs?: number): Promise<unknown[]>;
  stop(): Promise<void>;
}

/** A port that was free a moment ago (Prometheus cannot listen on port 0 and report it). */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function configYaml(targets: readonly string[], scrapeInterval: string): string {
  const list = targets.map((t) => `'${t}'`).join(', ');
  return `global:\n  scrape_interval: ${scrapeInterval}\n  evaluation_interval: ${scrapeInterval}\nscrape_configs:\n  - job_name: app\n    static_configs:\n      - targets: [${list}]\n`;
}

async function ready(url: string): Promise<boolean | undefined> {
  const res = await fetch(`${url}/-/ready`);
  return res.ok ? true : undefined;
}

/** Starts Prometheus scraping `targets` (host:port) every `scrapeInterval`, and waits until it is ready. */
export async function startPrometheus(options: { targets: readonly string[]; scrapeInterval?: string }): Promise<RunningPrometheus> {
  if (!existsSync(PROMETHEUS)) throw new Error(`${PROMETHEUS} is missing: install the Debian package (apt-get install -y prometheus; .ci/run does it)`);
  const dir = mkdtempSync(join(tmpdir(), 'rollouts-prometheus-'));
  writeFileSync(join(dir, 'prometheus.yml'), configYaml(options.targets, options.scrapeInterval ?? '1s'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'];
  const child = spawn(PROMETHEUS, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await eventually(() => ready(url), `Prometheus ready on ${url}`, 15_000);
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n${stderr}`, { cause: err });
  }
  const query = async (promql: string): Promise<unknown[]> => {
    const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const body = (await res.json()) as { status: string; data?: { result: unknown[] }; error?: string };
    if (body.status !== 'success') throw new Error(`query ${promql}: ${body.error ?? res.status}`);
    return body.data?.result ?? [];
  };
  return {
    url,
    query,
    waitForSeries: (promql, timeoutMs = 20_000) =>
      eventually(async () => {
        const result = await query(promql);
        return result.length > 0 ? result : undefined;
      }, `a sample for ${promql}`, timeoutMs),
    stop,
  };
}
