// What the controller benchmarks share: reading a process's memory and CPU from /proc, sending many
// API requests to the simulator at once, and reading the controller's heap from its /metrics.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';

export { freePort } from '../test/helpers/prometheus-process.js';

/** A process's resident set now and at its peak (VmRSS, VmHWM), in MB, and the CPU seconds it used. */
export interface ProcessStats {
  rssMb: number;
  peakRssMb: number;
  cpuSeconds: number;
}

// USER_HZ is 100 on every Linux we run on (sysconf(_SC_CLK_TCK)).
const CLOCK_TICKS = 100;

/** Reads /proc/<pid>/status and /proc/<pid>/stat (Linux only): the kernel's figures, not the process's own. */
export function processStats(pid: number): ProcessStats {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  // Fields 14 and 15 of /proc/pid/stat (utime, stime) follow the command name in parentheses.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuSeconds = round((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS, 2);
  return { rssMb: round(kb('VmRSS') / 1024), peakRssMb: round(kb('VmHWM') / 1024), cpuSeconds };
}

export function round(n: number, digits = 1): number {
  return Number(n.toFixed(digits));
}

/** The 1-minute load average and the core count, to judge how noisy a timing is. */
export function machineLoad(): { load1: number; cores: number } {
  const [load1] = readFileSync('/proc/loadavg', 'utf8').split(' ');
  const cores = readFileSync('/proc/cpuinfo', 'utf8').split('\n').filter((l) => l.startsWith('processor')).length;
  return { load1: Number(load1), cores };
}

export function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface ApiCall {
  method: string;
  path: string;
  body?: unknown;
}

/** Runs `work` for every item with at most `limit` in flight. */
export async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** A keep-alive HTTP client for the simulator that runs many calls with bounded concurrency. */
export interface SimClient {
  call(c: ApiCall): Promise<{ status: number; text: string }>;
  /** One call that must answer 2xx; its body parsed as JSON. */
  must(c: ApiCall): Promise<unknown>;
  /** Runs every call, `concurrency` at a time; throws on the first answer ≥ 400 other than `allow`. */
  all(calls: Iterable<ApiCall>, concurrency: number, allow?: number[]): Promise<void>;
  close(): void;
}

/** A SimClient; `userAgent` tells its requests apart in the simulator's counter. A PATCH is a merge patch. */
export function createSimClient(server: string, userAgent = 'memory-bench'): SimClient {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const call = ({ method, path, body }: ApiCall): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const headers: Record<string, string> = { 'User-Agent': userAgent, Accept: 'application/json' };
      const contentType = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
      if (payload !== undefined) Object.assign(headers, { 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(payload)) });
      const req = request(new URL(path, server), { method, agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      });
      req.on('error', reject);
      req.end(payload);
    });
  const must = async (c: ApiCall): Promise<unknown> => {
    const res = await call(c);
    if (res.status < 200 || res.status > 299) throw new Error(`${c.method} ${c.path}: ${res.status} ${res.text.slice(0, 200)}`);
    return JSON.parse(res.text) as unknown;
  };
  const all = (calls: Iterable<ApiCall>, concurrency: number, allow: number[] = []): Promise<void> =>
    forEachLimited([...calls], concurrency, async (c) => {
      const res = await call(c);
      if (res.status >= 400 && !allow.includes(res.status)) throw new Error(`${c.method} ${c.path}: ${res.status} ${res.text.slice(0, 200)}`);
    });
  return { call, must, all, close: () => agent.destroy() };
}

/** The controller's V8 heap (used and reserved) and external memory, from its /metrics (prom-client's nodejs_* gauges), in MB. */
export interface HeapFigures {
  heapUsedMb?: number;
  heapTotalMb?: number;
  externalMb?: number;
}

export async function heapOf(metricsPort: number): Promise<HeapFigures> {
  try {
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    const mb = (name: string): number | undefined => {
      const value = new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1];
      return value === undefined ? undefined : round(Number(value) / 1024 / 1024);
    };
    return { heapUsedMb: mb('nodejs_heap_size_used_bytes'), heapTotalMb: mb('nodejs_heap_size_total_bytes'), externalMb: mb('nodejs_external_memory_bytes') };
  } catch {
    return {};
  }
}

/** Extra node arguments for the controller, from BENCH_CONTROLLER_NODE_ARGS (space-separated), e.g. `--heapsnapshot-signal=SIGUSR2`. */
export function controllerNodeArgs(): string[] {
  return (process.env.BENCH_CONTROLLER_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
}
