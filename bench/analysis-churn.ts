// Whether the controller's memory stays flat while AnalysisRuns come and go: waves of runs with one
// web metric (count 1, against a local HTTP server, so each finishes at its first measurement) are
// created, waited for until every one has completed, and deleted, as a rollout's history limits
// would delete them. RSS is read after warm-up waves (before) and after all runs (after), each time
// through a settle period long enough for the per-run metric series to be dropped (65 s after delete,
// as Argo). Nothing is forced: no --expose-gc. Progress on stderr, one JSON line last.
//
//   BENCH_RUNS=50000           runs in all (warm-up included)
//   BENCH_WAVE=500             runs per wave
//   BENCH_WARMUP_WAVES=10      waves before the "before" sample
//   BENCH_SETTLE_SECONDS=180   wait before each sample (past the 65 s series cleanup, and long enough
//                              for the process to hand freed memory back: at 70 s it often had not)
//   BENCH_SAMPLE_SECONDS=30    then read RSS every 2 s for this long; the median is the sample
//   BENCH_HEAPSNAPSHOT=1       send SIGUSR2 to the controller after each sample (needs the flag below)
//   BENCH_CONTROLLER_NODE_ARGS node flags for the controller (e.g. --heapsnapshot-signal=SIGUSR2 --diagnostic-dir=/tmp/snap)
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startControllerProcess, type RunningController } from '../test/helpers/controller-process.js';
import { startSimProcess } from '../test/helpers/sim-process.js';
import { controllerNodeArgs, createSimClient, freePort, heapOf, log, machineLoad, processStats, round, sleep, type ApiCall, type SimClient } from './bench-support.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 50_000);
const WAVE = Number(process.env.BENCH_WAVE ?? 500);
const WARMUP_WAVES = Number(process.env.BENCH_WARMUP_WAVES ?? 10);
const SETTLE_SECONDS = Number(process.env.BENCH_SETTLE_SECONDS ?? 180);
const SAMPLE_SECONDS = Number(process.env.BENCH_SAMPLE_SECONDS ?? 30);
const NS = 'default';
const RUNS_PATH = `/apis/argoproj.io/v1alpha1/namespaces/${NS}/analysisruns`;
const COMPLETED = new Set(['Successful', 'Failed', 'Error', 'Inconclusive']);

function startHealthServer(): Promise<Server> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"score":0.97}');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function analysisRun(name: string, wave: number, url: string): unknown {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisRun',
    metadata: { name, namespace: NS, labels: { 'bench-wave': String(wave) } },
    spec: { metrics: [{ name: 'health-score', count: 1, successCondition: 'result >= 0.9', provider: { web: { url, jsonPath: '{$.score}' } } }] },
  };
}

function* creations(wave: number, url: string): Iterable<ApiCall> {
  for (let i = 0; i < WAVE; i++) yield { method: 'POST', path: RUNS_PATH, body: analysisRun(`w${wave}-${i}`, wave, url) };
}

async function countCompleted(sim: SimClient, wave: number): Promise<{ completed: number; failed: number }> {
  const res = await sim.call({ method: 'GET', path: `${RUNS_PATH}?labelSelector=bench-wave%3D${wave}` });
  const items = (JSON.parse(res.text) as { items: { status?: { phase?: string } }[] }).items;
  const phases = items.map((r) => r.status?.phase ?? '');
  return { completed: phases.filter((p) => COMPLETED.has(p)).length, failed: phases.filter((p) => COMPLETED.has(p) && p !== 'Successful').length };
}

// Creates one wave, waits until all of it has completed, deletes it; returns how many did not succeed.
async function churnWave(sim: SimClient, wave: number, url: string): Promise<number> {
  await sim.all(creations(wave, url), 32);
  const deadline = performance.now() + 300_000;
  for (;;) {
    const { completed, failed } = await countCompleted(sim, wave);
    if (completed === WAVE) {
      await sim.call({ method: 'DELETE', path: `${RUNS_PATH}?labelSelector=bench-wave%3D${wave}` });
      return failed;
    }
    if (performance.now() > deadline) throw new Error(`wave ${wave}: only ${completed}/${WAVE} runs completed after 300 s`);
    await sleep(200);
  }
}

// Waves `from` up to `to`, with the controller's RSS every 10 waves; returns how many runs did not succeed.
async function churnWaves(o: { sim: SimClient; from: number; to: number; url: string; pid: number }): Promise<number> {
  let failed = 0;
  for (let w = o.from; w < o.to; w++) {
    failed += await churnWave(o.sim, w, o.url);
    if (w % 10 === 0) log(`  wave ${w + 1}/${o.to}: RSS ${processStats(o.pid).rssMb} MB`);
  }
  return failed;
}

// RSS swings by 100 MB with where the garbage collector's cycle happens to be, so one reading says
// little: after the settle period the controller's RSS is read every 2 s for BENCH_SAMPLE_SECONDS,
// and the median is the figure (min and max alongside).
async function sample(controller: RunningController, metricsPort: number, what: string): Promise<Sample> {
  log(`  settling ${SETTLE_SECONDS} s before the "${what}" sample`);
  await sleep(SETTLE_SECONDS * 1000);
  const readings: number[] = [];
  const until = performance.now() + SAMPLE_SECONDS * 1000;
  while (performance.now() < until) {
    readings.push(processStats(controller.pid ?? 0).rssMb);
    await sleep(2000);
  }
  readings.sort((a, b) => a - b);
  const rssMb = readings[Math.floor(readings.length / 2)];
  const { heapUsedMb, heapTotalMb } = await heapOf(metricsPort);
  log(`  ${what}: RSS median ${rssMb} MB (${readings[0]}–${readings.at(-1)} over ${readings.length} readings), heap used ${heapUsedMb} MB of ${heapTotalMb} MB`);
  if (process.env.BENCH_HEAPSNAPSHOT === '1' && controller.pid !== undefined) {
    process.kill(controller.pid, 'SIGUSR2');
    await sleep(Number(process.env.BENCH_SNAPSHOT_WAIT_SECONDS ?? 20) * 1000);
  }
  return { rssMb, minMb: readings[0], maxMb: readings.at(-1) ?? rssMb, heapUsedMb, heapTotalMb };
}

interface Sample {
  rssMb: number;
  minMb: number;
  maxMb: number;
  heapUsedMb?: number;
  heapTotalMb?: number;
}

async function main(): Promise<void> {
  const sim = await startSimProcess({ podReadySeconds: 0 });
  const client = createSimClient(sim.url);
  const health = await startHealthServer();
  const url = `http://127.0.0.1:${(health.address() as AddressInfo).port}/health`;
  try {
    const crds = await sim.kubectl(['apply', '-k', 'crds/']);
    if (crds.code !== 0) throw new Error(`applying crds/ failed: ${crds.stderr}`);
    const metricsPort = await freePort();
    const controller = startControllerProcess(sim, ['--log-level', 'warn', '--qps', '5000', '--burst', '10000', '--metrics-port', String(metricsPort)], {}, controllerNodeArgs());
    try {
      const waves = Math.ceil(RUNS / WAVE);
      log(`analysis-churn: ${waves} waves of ${WAVE} runs, ${WARMUP_WAVES} of them warm-up`);
      let failed = 0;
      for (let w = 0; w < WARMUP_WAVES; w++) failed += await churnWave(client, w, url);
      const before = await sample(controller, metricsPort, 'before');
      const started = performance.now();
      failed += await churnWaves({ sim: client, from: WARMUP_WAVES, to: waves, url, pid: controller.pid ?? 0 });
      const runsPerSecond = round(((waves - WARMUP_WAVES) * WAVE) / ((performance.now() - started) / 1000));
      const after = await sample(controller, metricsPort, 'after');
      const { peakRssMb } = processStats(controller.pid ?? 0);
      const figures = {
        bench: 'analysis-churn',
        runs: waves * WAVE,
        wave: WAVE,
        notSuccessful: failed,
        beforeMb: before.rssMb,
        afterMb: after.rssMb,
        beforeRangeMb: [before.minMb, before.maxMb],
        afterRangeMb: [after.minMb, after.maxMb],
        growthPct: round(((after.rssMb - before.rssMb) / before.rssMb) * 100),
        peakRssMb,
        heapUsedBeforeMb: before.heapUsedMb,
        heapUsedAfterMb: after.heapUsedMb,
        runsPerSecond,
        simRssMb: processStats(sim.pid ?? 0).rssMb,
        ...machineLoad(),
        node: process.version,
      };
      process.stdout.write(`${JSON.stringify(figures)}\n`);
    } finally {
      await controller.kill('SIGTERM');
    }
  } finally {
    client.close();
    health.close();
    await sim.stop();
  }
}

main().catch((err: unknown) => {
  log(`analysis-churn: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
