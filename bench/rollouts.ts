// The rollout benchmark: rollouts-sim (pods ready at once) and the real controller process; N canary
// rollouts of 4 steps get a new image all at once and are promoted through every step, then released
// again and aborted all at once. Progress on stderr; one JSON line of figures last on stdout.
// BENCH_SIZES (default "100,500,2000") picks N; BENCH_CONTROLLER_ARGS adds controller flags and
// BENCH_NODE_ARGS node flags for the controller (profiling).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { evaluateMeasurement } from '../src/analysis/engine/index.js';
import { ROOT, startSimProcess, type RunningSim } from '../test/helpers/sim-process.js';
import { createSimClient, forEachLimited, freePort, processStats, type ApiCall, type ProcessStats, type SimClient } from './bench-support.js';
import { ABORT_PATCH, BENCH_LABEL, imagePatch, namespaceOf, namespaceOfIndex, PROMOTE_PATCH, rolloutName, rolloutObject, serviceObject, STEPS } from './rollouts/objects.js';
import { percentile, TransitionTracker, type ReplicaSetEventObject, type RolloutEventObject, type ServiceEventObject } from './rollouts/transitions.js';
import { watchCollection, type OpenWatch } from './rollouts/watch.js';

const SIZES = (process.env.BENCH_SIZES ?? '100,500,2000').split(',').map(Number);
// Node flags for the controller process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it.
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
// Node flags for the simulator process, the same way (it shares the two cores).
const SIM_NODE_ARGS = (process.env.BENCH_SIM_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
const CONTROLLER_ARGS = (process.env.BENCH_CONTROLLER_ARGS ?? '').split(' ').filter((a) => a !== '');
const CLIENT_CONNECTIONS = 64;
const PHASE_TIMEOUT_MS = Number(process.env.BENCH_PHASE_TIMEOUT_S ?? 600) * 1000;
const WRITE_VERBS = ['create', 'update', 'patch', 'delete', 'deletecollection'];

interface RunFigures {
  n: number;
  stepTransitionMs: { p50: number; p99: number; max: number; samples: number; fromCommand: { p50: number; p99: number }; fromReadiness: { p50: number; p99: number } };
  apiPerRolloutPerStep: { byVerb: Record<string, number>; writes: number; writesByResource: Record<string, number> };
  /** The abort storm: every rollout not aborted before, aborted at once. */
  abortMs: { p50: number; p99: number; max: number; samples: number };
  /** One rollout in 20 aborted while the other 19 are promoted at the same moment. */
  abortAmidPromotesMs: { p50: number; p99: number; max: number; samples: number };
  abortHistogram?: { count: number; sumSeconds: number };
  controller: ProcessStats & { cpuSecondsMeasured: number };
  /** The simulator runs on the same two cores: its share says how much of the machine was left. */
  simulator: ProcessStats & { cpuSecondsMeasured: number };
  /** Events the controller recorded per rollout while promoting through the steps, by reason. */
  eventsPerRollout: Record<string, number>;
  phaseSeconds: Record<string, number>;
}

function log(msg: string): void {
  process.stderr.write(`rollouts-bench: ${msg}\n`);
}

const round = (v: number, digits = 2): number => Number(v.toFixed(digits));

async function waitFor(what: string, check: () => boolean): Promise<number> {
  const started = performance.now();
  while (!check()) {
    if (performance.now() - started > PHASE_TIMEOUT_MS) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return round((performance.now() - started) / 1000);
}

// The client-side rate limit is lifted (Argo's 40/s would make N=2,000 a test of the limiter) and 64
// rollouts are reconciled at once (Argo's default is 10; a reconcile mostly waits on the API, and a
// Node.js worker slot costs next to nothing). BENCH_CONTROLLER_ARGS come last and win. The flags are
// printed with the figures.
function controllerFlags(): string[] {
  return ['--log-level', 'warn', '--qps', '100000', '--burst', '100000', '--rollout-threads', '64', ...CONTROLLER_ARGS];
}

function startController(sim: RunningSim, metricsPort: number): ChildProcess {
  const args = [...NODE_ARGS, join(ROOT, 'dist', 'controller', 'main.js'), '--kubeconfig', sim.kubeconfig, '--healthz-port', '0', '--metrics-port', String(metricsPort), ...controllerFlags()];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  child.once('exit', (code, signal) => {
    if (signal !== 'SIGTERM') log(`controller exited early: ${code ?? signal}`);
  });
  return child;
}

async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  await exited;
}

function openWatches(sim: RunningSim, tracker: TransitionTracker): OpenWatch[] {
  const selector = `labelSelector=${encodeURIComponent(BENCH_LABEL)}`;
  return [
    watchCollection<RolloutEventObject>(sim.url, `/apis/argoproj.io/v1alpha1/rollouts?${selector}`, (e) => tracker.onRollout(e.object)),
    watchCollection<ReplicaSetEventObject>(sim.url, '/apis/apps/v1/replicasets', (e) => {
      const app = e.object.metadata.labels?.app;
      if (app !== undefined) tracker.onReplicaSet(app, e.object);
    }),
    watchCollection<ServiceEventObject>(sim.url, `/api/v1/services?${selector}`, (e) => {
      const owner = e.object.metadata.name.replace(/-(stable|canary)$/, '');
      tracker.onService(owner, e.object);
    }),
  ];
}

async function createObjects(api: SimClient, names: string[]): Promise<void> {
  const namespaces = [...new Set(names.map((_, i) => namespaceOfIndex(i)))];
  await forEachLimited(namespaces, CLIENT_CONNECTIONS, async (ns) => {
    await api.must({ method: 'POST', path: '/api/v1/namespaces', body: { metadata: { name: ns } } });
  });
  await forEachLimited(names, CLIENT_CONNECTIONS, async (name) => {
    const ns = namespaceOf(name);
    await api.must({ method: 'POST', path: `/api/v1/namespaces/${ns}/services`, body: serviceObject(name, 'stable') });
    await api.must({ method: 'POST', path: `/api/v1/namespaces/${ns}/services`, body: serviceObject(name, 'canary') });
    await api.must({ method: 'POST', path: `/apis/argoproj.io/v1alpha1/namespaces/${ns}/rollouts`, body: rolloutObject(name, 'bench:1') });
  });
}

// Sends one request per rollout at once (up to the connection pool), marking each as it goes out.
async function sendToAll(api: SimClient, names: string[], request: (name: string) => ApiCall, mark: (name: string) => void): Promise<void> {
  await forEachLimited(names, CLIENT_CONNECTIONS, async (name) => {
    const call = request(name);
    mark(name);
    await api.must(call);
  });
}

const rolloutPath = (name: string): string => `/apis/argoproj.io/v1alpha1/namespaces/${namespaceOf(name)}/rollouts/${name}`;

interface RequestSummary {
  byVerb: Record<string, number>;
  entries: { verb: string; group: string; resource: string; subresource: string; count: number }[];
}

function perRolloutPerStep(summary: RequestSummary, n: number): RunFigures['apiPerRolloutPerStep'] {
  const per = (count: number): number => round(count / (n * STEPS.length), 3);
  const byVerb = Object.fromEntries(Object.entries(summary.byVerb).map(([verb, count]) => [verb, per(count)]));
  const writesByResource: Record<string, number> = {};
  let writes = 0;
  for (const e of summary.entries.filter((x) => WRITE_VERBS.includes(x.verb))) {
    const key = `${e.verb} ${e.resource}${e.subresource ? `/${e.subresource}` : ''}`;
    writesByResource[key] = (writesByResource[key] ?? 0) + e.count;
    writes += e.count;
  }
  return { byVerb, writes: per(writes), writesByResource: Object.fromEntries(Object.entries(writesByResource).map(([k, v]) => [k, per(v)])) };
}

async function abortHistogram(metricsPort: number): Promise<RunFigures['abortHistogram']> {
  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  const sum = /^rollout_abort_latency_seconds_sum(?:\{[^}]*\})? (\S+)$/m.exec(text);
  const count = /^rollout_abort_latency_seconds_count(?:\{[^}]*\})? (\S+)$/m.exec(text);
  if (sum === null || count === null) return undefined;
  return { count: Number(count[1]), sumSeconds: round(Number(sum[1]), 3) };
}

// Release v2 and promote it through every step; the requests counted here are the per-step figures.
async function eventsByReason(api: SimClient): Promise<Record<string, number>> {
  const list = (await api.must({ method: 'GET', path: '/api/v1/events' })) as { items: { reason?: string; count?: number }[] };
  const out: Record<string, number> = {};
  for (const e of list.items) out[e.reason ?? ''] = (out[e.reason ?? ''] ?? 0) + (e.count ?? 1);
  return out;
}

// Events are written in the background: counted once two reads a second apart agree.
async function settledEvents(api: SimClient): Promise<Record<string, number>> {
  let last = JSON.stringify(await eventsByReason(api));
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = await eventsByReason(api);
    if (JSON.stringify(now) === last) return now;
    last = JSON.stringify(now);
  }
}

function eventsDelta(before: Record<string, number>, after: Record<string, number>, n: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [reason, count] of Object.entries(after)) {
    const delta = count - (before[reason] ?? 0);
    if (delta > 0) out[reason] = round(delta / n, 2);
  }
  return out;
}

async function promoteThroughSteps(api: SimClient, tracker: TransitionTracker, names: string[]): Promise<{ phases: Record<string, number>; requests: RequestSummary; events: Record<string, number> }> {
  const n = names.length;
  await api.must({ method: 'DELETE', path: '/_sim/requests' });
  const phases: Record<string, number> = {};
  await sendToAll(api, names, (name) => ({ method: 'PATCH', path: rolloutPath(name), body: imagePatch('bench:2') }), (name) => tracker.commandSent(name));
  phases.release = await waitFor('all at the first pause', () => tracker.count((_p, step, paused) => step === 1 && paused) === n);
  log(`released: all ${n} at step 1 after ${phases.release}s`);
  await sendToAll(api, names, (name) => ({ method: 'PATCH', path: `${rolloutPath(name)}/status`, body: PROMOTE_PATCH }), (name) => tracker.commandSent(name));
  phases.promote1 = await waitFor('all at the second pause', () => tracker.count((_p, step, paused) => step === 3 && paused) === n);
  log(`promoted: all ${n} at step 3 after ${phases.promote1}s`);
  await sendToAll(api, names, (name) => ({ method: 'PATCH', path: `${rolloutPath(name)}/status`, body: PROMOTE_PATCH }), (name) => tracker.commandSent(name));
  phases.promote2 = await waitFor('all healthy', () => tracker.count((phase, step) => phase === 'Healthy' && step === STEPS.length) === n);
  log(`promoted: all ${n} healthy after ${phases.promote2}s`);
  // The events of these steps are still being written in the background: they count too.
  const events = await settledEvents(api);
  const requests = (await api.must({ method: 'GET', path: `/_sim/requests?userAgent=rollouts-controller` })) as RequestSummary;
  return { phases, requests, events };
}

// Release v3 and, at the first pause, promote 95% while aborting every 20th rollout (an abort amid a
// mass release); then abort all the others at once (an abort storm).
async function releaseAndAbort(api: SimClient, tracker: TransitionTracker, names: string[]): Promise<{ phases: Record<string, number>; amidPromotes: number[] }> {
  const n = names.length;
  await sendToAll(api, names, (name) => ({ method: 'PATCH', path: rolloutPath(name), body: imagePatch('bench:3') }), (name) => tracker.commandSent(name));
  const release2 = await waitFor('all at the first pause again', () => tracker.count((_p, step, paused) => step === 1 && paused) === n);
  const aborted = new Set(names.filter((_, i) => i % 20 === 0));
  const promoted = names.filter((name) => !aborted.has(name));
  tracker.reset();
  await sendToAll(
    api,
    names,
    (name) => ({ method: 'PATCH', path: `${rolloutPath(name)}/status`, body: aborted.has(name) ? ABORT_PATCH : PROMOTE_PATCH }),
    (name) => (aborted.has(name) ? tracker.abortSent(name) : tracker.commandSent(name)),
  );
  const mixed = await waitFor('the promoted at the second pause, the others aborted', () => tracker.count((_p, step, paused) => step === 3 && paused) === promoted.length && tracker.aborts.length === aborted.size);
  const amidPromotes = [...tracker.aborts];
  tracker.reset();
  await sendToAll(api, promoted, (name) => ({ method: 'PATCH', path: `${rolloutPath(name)}/status`, body: ABORT_PATCH }), (name) => tracker.abortSent(name));
  const abort = await waitFor('all aborted', () => tracker.aborts.length === promoted.length && tracker.count((phase) => phase === 'Degraded') === n);
  log(`aborted: ${aborted.size} amid promotes, then ${promoted.length} at once, after ${abort}s`);
  return { phases: { release2, promoteWithAborts: mixed, abort }, amidPromotes };
}

async function runSize(n: number): Promise<RunFigures> {
  log(`N=${n}: starting the simulator`);
  const sim = await startSimProcess({ podReadySeconds: 0, nodeArgs: SIM_NODE_ARGS });
  const api = createSimClient(sim.url, 'rollouts-bench');
  const tracker = new TransitionTracker();
  const watches: OpenWatch[] = [];
  let controller: ChildProcess | undefined;
  try {
    if ((await sim.kubectl(['apply', '-k', 'crds/'])).code !== 0) throw new Error('kubectl apply -k crds/ failed');
    const names = Array.from({ length: n }, (_, i) => rolloutName(i));
    await createObjects(api, names);
    watches.push(...openWatches(sim, tracker));
    const metricsPort = await freePort();
    controller = startController(sim, metricsPort);
    const pid = controller.pid ?? 0;
    const first = await waitFor('the first revision healthy', () => tracker.count((phase) => phase === 'Healthy') === n);
    log(`N=${n}: all healthy on the first revision after ${first}s`);
    tracker.reset();
    const cpuBefore = processStats(pid).cpuSeconds;
    const simCpuBefore = processStats(sim.pid ?? 0).cpuSeconds;
    const eventsBefore = await settledEvents(api);
    const { phases, requests, events } = await promoteThroughSteps(api, tracker, names);
    const eventsPerRollout = eventsDelta(eventsBefore, events, n);
    const transitions = [...tracker.transitions];
    const aborts = await releaseAndAbort(api, tracker, names);
    Object.assign(phases, aborts.phases);
    const stats = processStats(pid);
    const simStats = processStats(sim.pid ?? 0);
    const figures = summarise(n, { transitions, aborts: tracker.aborts, amidPromotes: aborts.amidPromotes, requests });
    return { ...figures, abortHistogram: await abortHistogram(metricsPort), controller: { ...stats, cpuSecondsMeasured: round(stats.cpuSeconds - cpuBefore) }, simulator: { ...simStats, cpuSecondsMeasured: round(simStats.cpuSeconds - simCpuBefore) }, eventsPerRollout, phaseSeconds: { firstRevision: first, ...phases } };
  } finally {
    for (const w of watches) w.stop();
    await stopProcess(controller);
    api.close();
    await sim.stop();
  }
}

function summarise(n: number, data: { transitions: { ms: number; trigger: string }[]; aborts: number[]; amidPromotes: number[]; requests: RequestSummary }): Pick<RunFigures, 'n' | 'stepTransitionMs' | 'apiPerRolloutPerStep' | 'abortMs' | 'abortAmidPromotesMs'> {
  const all = data.transitions.map((t) => t.ms);
  const by = (trigger: string): number[] => data.transitions.filter((t) => t.trigger === trigger).map((t) => t.ms);
  const pair = (values: number[]): { p50: number; p99: number } => ({ p50: percentile(values, 50), p99: percentile(values, 99) });
  return {
    n,
    stepTransitionMs: { ...pair(all), max: percentile(all, 100), samples: all.length, fromCommand: pair(by('command')), fromReadiness: pair(by('readiness')) },
    apiPerRolloutPerStep: perRolloutPerStep(data.requests, n),
    abortMs: { ...pair(data.aborts), max: percentile(data.aborts, 100), samples: data.aborts.length },
    abortAmidPromotesMs: { ...pair(data.amidPromotes), max: percentile(data.amidPromotes, 100), samples: data.amidPromotes.length },
  };
}

// Condition evaluations per second of the analysis engine, on this process, with the machine idle.
function conditionEvaluationsPerSecond(): number {
  const metric = { successCondition: 'len(result) > 0 && result[0] >= 0.95', failureCondition: 'result[0] < 0.9' };
  let count = 0;
  const started = performance.now();
  while (performance.now() - started < 2000) {
    for (let k = 0; k < 100; k++) evaluateMeasurement({ metric, result: [0.9 + (count++ % 10) / 100] });
  }
  return Math.round(count / ((performance.now() - started) / 1000));
}

async function main(): Promise<void> {
  const runs: RunFigures[] = [];
  for (const n of SIZES) {
    const figures = await runSize(n);
    log(JSON.stringify(figures));
    runs.push(figures);
  }
  const evaluations = conditionEvaluationsPerSecond();
  process.stdout.write(`${JSON.stringify({ bench: 'rollouts', steps: STEPS.length, controllerFlags: controllerFlags(), runs, conditionEvaluationsPerSecond: evaluations, node: process.version })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`rollouts-bench: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
