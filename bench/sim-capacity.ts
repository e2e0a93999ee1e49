// Measures rollouts-sim's own capacity on loopback, so that later controller benchmarks know the
// simulator is not their bottleneck. Prints progress to stderr and one JSON line of figures last.
import { Agent, request } from 'node:http';
import { startSimProcess } from '../test/helpers/sim-process.js';

interface Figures {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function once(agent: Agent, url: URL, method: string, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'User-Agent': 'sim-capacity-bench' };
    if (body) Object.assign(headers, { 'Content-Type': 'application/merge-patch+json', 'Content-Length': String(Buffer.byteLength(body)) });
    const req = request(url, { method, agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function load(url: URL, method: string, makeBody?: (i: number) => string): Promise<Figures> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies: number[] = [];
  let errors = 0;
  let counter = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const started = performance.now();
      const code = await once(agent, url, method, makeBody?.(counter++));
      latencies.push(performance.now() - started);
      if (code >= 400) errors++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { rps: Math.round(latencies.length / elapsed), p50Ms: Number(percentile(latencies, 50).toFixed(2)), p99Ms: Number(percentile(latencies, 99).toFixed(2)), errors };
}

async function main(): Promise<void> {
  const sim = await startSimProcess({ podReadySeconds: 0 });
  try {
    const path = '/api/v1/namespaces/default/configmaps';
    await sim.request('POST', path, { metadata: { name: 'bench', labels: { app: 'bench' } }, data: { counter: '0' } });
    const url = new URL(`${sim.url}${path}/bench`);
    process.stderr.write(`sim-capacity: ${CONCURRENCY} connections, ${SECONDS}s per phase\n`);
    const get = await load(url, 'GET');
    process.stderr.write(`get:   ${get.rps} req/s, p50 ${get.p50Ms} ms, p99 ${get.p99Ms} ms\n`);
    const patch = await load(url, 'PATCH', (i) => JSON.stringify({ data: { counter: String(i) } }));
    process.stderr.write(`patch: ${patch.rps} req/s, p50 ${patch.p50Ms} ms, p99 ${patch.p99Ms} ms\n`);
    const figures = { bench: 'sim-capacity', concurrency: CONCURRENCY, seconds: SECONDS, get, patch, node: process.version };
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    await sim.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`sim-capacity: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
