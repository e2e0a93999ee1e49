// What the controller benchmarks share: reading a process's memory from /proc, sending many API
// requests to the simulator at once, and reading the controller's heap from its /metrics.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';

/** A process's resident set now and at its peak (VmRSS, VmHWM), in MB. */
export interface ProcessMemory {
  rssMb: number;
  peakRssMb: number;
}

/** Reads /proc/<pid>/status (Linux only). */
export function memoryOf(pid: number): ProcessMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: round(kb('VmRSS') / 1024), peakRssMb: round(kb('VmHWM') / 1024) };
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

/** A free TCP port on 127.0.0.1 (for the controller's --metrics-port). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface ApiCall {
  method: string;
  path: string;
  body?: unknown;
}

/** A keep-alive HTTP client for the simulator that runs many calls with bounded concurrency. */
export interface SimClient {
  call(c: ApiCall): Promise<{ status: number; text: string }>;
  /** Runs every call, `concurrency` at a time; throws on the first answer ≥ 400 other than `allow`. */
  all(calls: Iterable<ApiCall>, concurrency: number, allow?: number[]): Promise<void>;
  close(): void;
}

export function createSimClient(server: string): SimClient {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const call = ({ method, path, body }: ApiCall): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const headers: Record<string, string> = { 'User-Agent': 'memory-bench', Accept: 'application/json' };
      if (payload !== undefined) Object.assign(headers, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(payload)) });
      const req = request(new URL(path, server), { method, agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      });
      req.on('error', reject);
      req.end(payload);
    });
  const all = async (calls: Iterable<ApiCall>, concurrency: number, allow: number[] = []): Promise<void> => {
    const iterator = calls[Symbol.iterator]();
    const worker = async (): Promise<void> => {
      for (let next = iterator.next(); !next.done; next = iterator.next()) {
        const res = await call(next.value);
        if (res.status >= 400 && !allow.includes(res.status)) throw new Error(`${next.value.method} ${next.value.path}: ${res.status} ${res.text.slice(0, 200)}`);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  };
  return { call, all, close: () => agent.destroy() };
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
