// The controller's memory with N Rollouts under management: rollouts-sim with N one-replica canary
// Rollouts and their stable/canary Services, then the controller, until every rollout is Healthy; then
// the controller's RSS (and the simulator's, measured apart). Progress on stderr, one JSON line last.
//
//   BENCH_ROLLOUTS=10000            rollouts to create
//   BENCH_NAMESPACES=100            spread over this many namespaces (the simulator's Endpoints controller
//                                   costs services × pods of a namespace per pod change: 10,000 in one
//                                   namespace makes the simulator, not the controller, the bottleneck)
//   BENCH_LAST_APPLIED=1            give each object the last-applied-configuration annotation, as
//                                   `kubectl apply` (and Argo CD's client-side apply) leave it; 0 = none
//   BENCH_SETTLE_SECONDS=15         wait after all are Healthy before sampling
//   BENCH_CONTROLLER_NODE_ARGS=...  node flags for the controller (e.g. --heapsnapshot-signal=SIGUSR2 --diagnostic-dir=/tmp/snap)
//   BENCH_HEAPSNAPSHOT=1            send SIGUSR2 to the controller after sampling (needs the flag above)
import { startControllerProcess } from '../test/helpers/controller-process.js';
import { startSimProcess } from '../test/helpers/sim-process.js';
import { controllerNodeArgs, createSimClient, freePort, heapOf, log, machineLoad, processStats, round, sleep, type ApiCall, type SimClient } from './bench-support.js';

const N = Number(process.env.BENCH_ROLLOUTS ?? 10_000);
const SETTLE_SECONDS = Number(process.env.BENCH_SETTLE_SECONDS ?? 15);
const TIMEOUT_SECONDS = Number(process.env.BENCH_TIMEOUT_SECONDS ?? 1800);
const NAMESPACES = Number(process.env.BENCH_NAMESPACES ?? 100);
const LAST_APPLIED = process.env.BENCH_LAST_APPLIED !== '0';

function namespaceOf(i: number): string {
  return `bench-${i % NAMESPACES}`;
}

// What `kubectl apply` records on the object: its manifest as applied, without status.
function asApplied<T extends { metadata: Record<string, unknown> }>(obj: T): T {
  if (!LAST_APPLIED) return obj;
  return { ...obj, metadata: { ...obj.metadata, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': `${JSON.stringify(obj)}\n` } } };
}

function rollout(name: string, ns: string): unknown {
  return asApplied({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name, namespace: ns },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } },
      strategy: {
        canary: {
          canaryService: `${name}-canary`,
          stableService: `${name}-stable`,
          steps: [{ setWeight: 20 }, { pause: { duration: '10s' } }, { setWeight: 50 }, { pause: { duration: '10s' } }],
        },
      },
    },
  });
}

function service(app: string, role: string, ns: string): unknown {
  return asApplied({ apiVersion: 'v1', kind: 'Service', metadata: { name: `${app}-${role}`, namespace: ns }, spec: { selector: { app }, ports: [{ port: 80 }] } });
}

function* namespaces(): Iterable<ApiCall> {
  for (let i = 0; i < NAMESPACES; i++) yield { method: 'POST', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespaceOf(i) } } };
}

function* creations(n: number): Iterable<ApiCall> {
  for (let i = 0; i < n; i++) {
    const name = `r${String(i).padStart(5, '0')}`;
    const ns = namespaceOf(i);
    yield { method: 'POST', path: `/api/v1/namespaces/${ns}/services`, body: service(name, 'stable', ns) };
    yield { method: 'POST', path: `/api/v1/namespaces/${ns}/services`, body: service(name, 'canary', ns) };
    yield { method: 'POST', path: `/apis/argoproj.io/v1alpha1/namespaces/${ns}/rollouts`, body: rollout(name, ns) };
  }
}

async function countHealthy(sim: SimClient): Promise<number> {
  const res = await sim.call({ method: 'GET', path: '/apis/argoproj.io/v1alpha1/rollouts' });
  const list = JSON.parse(res.text) as { items: { status?: { phase?: string } }[] };
  return list.items.filter((r) => r.status?.phase === 'Healthy').length;
}

async function waitAllHealthy(sim: SimClient, started: number): Promise<void> {
  for (;;) {
    const healthy = await countHealthy(sim);
    const elapsed = (performance.now() - started) / 1000;
    log(`  ${healthy}/${N} Healthy after ${Math.round(elapsed)} s`);
    if (healthy === N) return;
    if (elapsed > TIMEOUT_SECONDS) throw new Error(`only ${healthy}/${N} rollouts Healthy after ${TIMEOUT_SECONDS} s`);
    await sleep(5000);
  }
}

async function main(): Promise<void> {
  const sim = await startSimProcess({ podReadySeconds: 0 });
  const client = createSimClient(sim.url);
  try {
    const crds = await sim.kubectl(['apply', '-k', 'crds/']);
    if (crds.code !== 0) throw new Error(`applying crds/ failed: ${crds.stderr}`);
    log(`memory-scale: creating ${N} rollouts and ${2 * N} services in ${NAMESPACES} namespaces`);
    const createStarted = performance.now();
    await client.all(namespaces(), 8);
    await client.all(creations(N), 32);
    log(`  created in ${round((performance.now() - createStarted) / 1000)} s`);
    const metricsPort = await freePort();
    const args = ['--log-level', 'warn', '--qps', '5000', '--burst', '10000', '--rollout-threads', '20', '--metrics-port', String(metricsPort)];
    const controller = startControllerProcess(sim, args, {}, controllerNodeArgs());
    try {
      const started = performance.now();
      await waitAllHealthy(client, started);
      const timeToAllHealthyS = round((performance.now() - started) / 1000);
      log(`  all Healthy in ${timeToAllHealthyS} s; settling ${SETTLE_SECONDS} s`);
      await sleep(SETTLE_SECONDS * 1000);
      const pid = controller.pid ?? 0;
      const mem = processStats(pid);
      const heap = await heapOf(metricsPort);
      const simMem = processStats(sim.pid ?? 0);
      if (process.env.BENCH_HEAPSNAPSHOT === '1') {
        process.kill(pid, 'SIGUSR2');
        await sleep(Number(process.env.BENCH_SNAPSHOT_WAIT_SECONDS ?? 60) * 1000);
      }
      const figures = { bench: 'memory-scale', N, namespaces: NAMESPACES, lastApplied: LAST_APPLIED, timeToAllHealthyS, rssMb: mem.rssMb, peakRssMb: mem.peakRssMb, ...heap, simRssMb: simMem.rssMb, simPeakRssMb: simMem.peakRssMb, ...machineLoad(), node: process.version };
      process.stdout.write(`${JSON.stringify(figures)}\n`);
    } finally {
      await controller.kill('SIGTERM');
    }
  } finally {
    client.close();
    await sim.stop();
  }
}

main().catch((err: unknown) => {
  log(`memory-scale: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
